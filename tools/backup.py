#!/usr/bin/env python3
"""Backups of the college journal that restore (§7.1).

    python3 tools/backup.py backup DATABASE [DIR]    # DIR/DATABASE-YYYY-MM-DD_HHMMSS.zip
    python3 tools/backup.py restore FILE DATABASE    # a new database from a backup
    python3 tools/backup.py prune DIR                # keep 30 daily, 12 monthly, every yearly
    python3 tools/backup.py drill DATABASE           # back up, restore, compare, clean up

A backup is Odoo's own format, what its database manager produces: a zip of
``dump.sql``, ``manifest.json`` and ``filestore/`` (medical certificates,
archive PDFs, КТП files), made by ``odoo db dump`` and loaded by ``odoo db
load``. The drill proves a backup restores: it backs the database up, loads it
under another name and compares a digest of every journal table and the
SHA-256 of every stored attachment; any difference fails it.

Retention: the newest backup of each of the last 30 days, of each of the last
12 months and of every year (yearly copies hold the archived years, which
DESIGN.md §8 keeps for 5 to 75 years). Older backups are deleted by ``prune``.
"""

import argparse
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from datetime import datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from addons import ROOT, addons_path, db_options, odoo_command

NAME = re.compile(r"^(?P<db>.+)-(?P<stamp>\d{4}-\d{2}-\d{2}_\d{6})\.zip$")
KEEP_DAILY = 30
KEEP_MONTHLY = 12


def odoo_db(*args):
    subprocess.run(
        [*odoo_command(), "db", f"--addons-path={addons_path()}", *db_options(), *args],
        check=True,
        cwd=ROOT,
    )


def backup(database, directory):
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / f"{database}-{datetime.now():%Y-%m-%d_%H%M%S}.zip"
    partial = path.with_suffix(".zip.part")
    odoo_db("dump", database, str(partial))
    # a backup is there whole or not at all
    partial.rename(path)
    print(path)
    return path


def restore(path, database):
    odoo_db("load", database, str(path))


def to_keep(paths):
    """The backups retention keeps, for each database: the newest of each day
    (30 days), of each month (12 months) and of each year (all)."""
    dated = []
    for path in paths:
        match = NAME.match(Path(path).name)
        if match:
            dated.append((datetime.strptime(match["stamp"], "%Y-%m-%d_%H%M%S"), Path(path)))
    dated.sort(reverse=True)
    keep = set()
    databases = {NAME.match(path.name)["db"] for _moment, path in dated}
    for database in databases:
        own = [(moment, path) for moment, path in dated if NAME.match(path.name)["db"] == database]
        for width, limit in ((10, KEEP_DAILY), (7, KEEP_MONTHLY), (4, None)):
            periods = []
            for moment, path in own:
                period = moment.isoformat()[:width]
                if period not in periods:
                    periods.append(period)
                    if limit is None or len(periods) <= limit:
                        keep.add(path)
    return keep


def prune(directory):
    paths = sorted(Path(directory).glob("*.zip"))
    keep = to_keep(paths)
    for path in paths:
        if NAME.match(path.name) and path not in keep:
            path.unlink()
            print(f"deleted {path}")


def psql(database, query):
    return subprocess.run(
        ["psql", "-X", "-A", "-t", "-q", "-d", database, "-c", query],
        capture_output=True,
        text=True,
        check=True,
    ).stdout


def journal_tables(database):
    """Tables of the journal's models and their relations (edu_*)."""
    return psql(
        database,
        "SELECT tablename FROM pg_tables WHERE schemaname = 'public' "
        "AND tablename LIKE 'edu\\_%' ORDER BY tablename",
    ).split()


def table_digest(database, table):
    """MD5 of every row of the table in a stable order."""
    rows = "coalesce(md5(string_agg(t::text, '|' ORDER BY t::text)), '')"
    return psql(database, f"SELECT count(*) || ':' || {rows} FROM \"{table}\" t").strip()


def filestore(database):
    data_dir = os.environ.get("ODOO_DATA_DIR") or str(Path.home() / ".local/share/Odoo")
    return Path(data_dir) / "filestore" / database


def attachment_digests(database):
    """SHA-256 of the file of every stored attachment, by attachment id."""
    rows = psql(
        database,
        "SELECT id, store_fname FROM ir_attachment WHERE store_fname IS NOT NULL ORDER BY id",
    ).split()
    root = filestore(database)
    digests = {}
    for row in rows:
        attachment_id, name = row.split("|", 1)
        file = root / name
        digests[attachment_id] = (
            hashlib.sha256(file.read_bytes()).hexdigest() if file.is_file() else "missing"
        )
    return digests


def digest(database):
    return {
        "tables": {table: table_digest(database, table) for table in journal_tables(database)},
        "attachments": attachment_digests(database),
    }


def differences(original, restored):
    problems = []
    for kind in ("tables", "attachments"):
        for key in sorted(set(original[kind]) | set(restored[kind])):
            if original[kind].get(key) != restored[kind].get(key):
                problems.append(
                    f"{kind[:-1]} {key}: {original[kind].get(key)} != {restored[kind].get(key)}"
                )
    missing = [key for key, value in original["attachments"].items() if value == "missing"]
    problems += [f"attachment {key}: its file is missing in the original" for key in missing]
    return problems


def drill(database):
    """Back up, restore under another name, compare; True when equal."""
    copy = f"{database}_restored"
    # a copy left by an interrupted drill, its filestore included
    subprocess.run(["dropdb", "--if-exists", copy], check=True)
    shutil.rmtree(filestore(copy), ignore_errors=True)
    with tempfile.TemporaryDirectory() as directory:
        path = backup(database, directory)
        restore(path, copy)
    try:
        original, restored = digest(database), digest(copy)
        problems = differences(original, restored)
    finally:
        odoo_db("drop", copy)
    summary = {
        "tables": len(original["tables"]),
        "rows": sum(int(value.split(":")[0]) for value in original["tables"].values()),
        "attachments": len(original["attachments"]),
        "differences": problems,
    }
    print(json.dumps(summary, ensure_ascii=False, indent=1))
    return not problems and summary["tables"] > 0


def main():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    commands = parser.add_subparsers(dest="command", required=True)
    command = commands.add_parser("backup")
    command.add_argument("database")
    command.add_argument("directory", nargs="?", default=str(ROOT / "var" / "backups"))
    command = commands.add_parser("restore")
    command.add_argument("file")
    command.add_argument("database")
    command = commands.add_parser("prune")
    command.add_argument("directory")
    command = commands.add_parser("drill")
    command.add_argument("database")
    args = parser.parse_args()
    if args.command == "backup":
        backup(args.database, args.directory)
    elif args.command == "restore":
        restore(args.file, args.database)
    elif args.command == "prune":
        prune(args.directory)
    else:
        return 0 if drill(args.database) else 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
