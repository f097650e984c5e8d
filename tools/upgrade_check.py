#!/usr/bin/env python3
"""Upgrade a running college from the previous release to this code.

    python3 tools/upgrade_check.py [--keep]

1. The addons as they were at ``PREVIOUS_RELEASE`` (``git archive``) are
   installed with the demo college and Russian on a scratch database.
2. The rows of every journal table are counted, and one record rule is
   rewritten as an older release could have left it.
3. ``-u`` of the three addons with this repository's code, as an operator
   upgrades (README, "Upgrading"); the log must stay free of ERROR/WARNING.
4. Checks: each addon's installed version is its manifest's; every record
   rule and access right of the addons is the one their files define now
   (rules used to be ``noupdate``, which left old rules in place); every view
   of the addons' XML exists and is active; no journal table lost rows.

Exit 0 when all holds, 1 with the differences listed otherwise.
"""

import argparse
import ast
import csv
import os
import shutil
import socket
import subprocess
import sys
import tarfile
import tempfile
from io import BytesIO
from pathlib import Path

from lxml import etree

sys.path.insert(0, str(Path(__file__).resolve().parent))

from addons import ROOT, addons_path, db_options, odoo_command, project_addons
from backup import filestore

# The release in service before this one: main after issues 9 and 10 (19.0.1.0.0).
PREVIOUS_RELEASE = "7019b6d072d799015cbedbbbee576ecfc1516146"
# Journal tables that a migration may legitimately empty or drop, with the reason.
RETIRED_TABLES = {
    # subgroup members became dated periods (edu_subgroup_membership), 19.0.1.1.0
    "edu_subgroup_student_rel": "replaced by edu_subgroup_membership",
}
LOG_DIR = ROOT / "var" / "test-logs"


def psql(database, query):
    return subprocess.run(
        ["psql", "-X", "-A", "-t", "-q", "-F", "\t", "-d", database, "-c", query],
        capture_output=True,
        text=True,
        check=True,
    ).stdout


def row_counts(database):
    tables = psql(
        database,
        "SELECT tablename FROM pg_tables WHERE schemaname = 'public' "
        "AND tablename LIKE 'edu\\_%' ORDER BY tablename",
    ).split()
    return {table: int(psql(database, f'SELECT count(*) FROM "{table}"')) for table in tables}


def previous_addons(directory):
    """The addons' files at the previous release, unpacked into ``directory``."""
    archive = subprocess.run(
        ["git", "archive", "--format=tar", PREVIOUS_RELEASE, *project_addons()],
        cwd=ROOT,
        capture_output=True,
        check=True,
    ).stdout
    with tarfile.open(fileobj=BytesIO(archive)) as tar:
        # the "data" filter where Python has it (3.11.4+, 3.12)
        options = {"filter": "data"} if hasattr(tarfile, "data_filter") else {}
        tar.extractall(directory, **options)


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def odoo(database, path, extra, log):
    command = [
        *odoo_command(),
        "--addons-path=" + ",".join([str(path), *addons_path().split(",")[1:]]),
        "-d",
        database,
        *db_options(),
        "--http-interface=127.0.0.1",
        f"--http-port={free_port()}",
        "--workers=0",
        "--max-cron-threads=0",
        "--stop-after-init",
        *extra,
    ]
    with open(log, "w", encoding="utf-8") as handle:
        return subprocess.run(
            command, cwd=ROOT, stdout=handle, stderr=subprocess.STDOUT, check=False
        ).returncode


def log_problems(log):
    return [
        line
        for line in Path(log).read_text(encoding="utf-8").splitlines()
        if " ERROR " in line or " WARNING " in line or " CRITICAL " in line
        if "missing --http-interface" not in line
    ]


def manifest(addon):
    return ast.literal_eval((ROOT / addon / "__manifest__.py").read_text(encoding="utf-8"))


def data_files(addon):
    return [ROOT / addon / name for name in manifest(addon).get("data", [])]


def defined_rules(addon):
    """{xml id: normalized domain} of the ir.rule records in the addon's data."""
    rules = {}
    for path in data_files(addon):
        if path.suffix != ".xml":
            continue
        for record in etree.parse(str(path)).iterfind(".//record[@model='ir.rule']"):
            domain = record.find("field[@name='domain_force']")
            xmlid = record.get("id") if "." in record.get("id") else f"{addon}.{record.get('id')}"
            rules[xmlid] = " ".join((domain.text or "").split()) if domain is not None else ""
    return rules


def defined_views(addon):
    views = set()
    for path in data_files(addon):
        if path.suffix != ".xml":
            continue
        tree = etree.parse(str(path))
        for node in [
            *tree.iterfind(".//record[@model='ir.ui.view']"),
            *tree.iterfind(".//template"),
        ]:
            xmlid = node.get("id")
            views.add(xmlid if "." in xmlid else f"{addon}.{xmlid}")
    return views


def defined_access(addon):
    rows = {}
    for path in data_files(addon):
        if path.name != "ir.model.access.csv":
            continue
        with open(path, encoding="utf-8") as handle:
            for row in csv.DictReader(handle):
                xmlid = row["id"] if "." in row["id"] else f"{addon}.{row['id']}"
                rows[xmlid] = tuple(
                    row[f"perm_{perm}"] == "1" for perm in ("read", "write", "create", "unlink")
                )
    return rows


def installed(database, model, addon, columns):
    query = (
        f"SELECT d.module || '.' || d.name, {columns} FROM ir_model_data d "
        f"JOIN {model.replace('.', '_')} r ON r.id = d.res_id "
        f"WHERE d.model = '{model}' AND d.module = '{addon}'"
    )
    return {
        line.split("\t")[0]: line.split("\t")[1:]
        for line in psql(database, query).splitlines()
        if line
    }


def differences(database, before):
    problems = []
    for addon in project_addons():
        version = psql(
            database, f"SELECT latest_version FROM ir_module_module WHERE name = '{addon}'"
        ).strip()
        if version != manifest(addon)["version"]:
            problems.append(f"{addon}: installed {version}, manifest {manifest(addon)['version']}")
        rules = installed(database, "ir.rule", addon, "r.domain_force")
        for xmlid, domain in defined_rules(addon).items():
            if xmlid not in rules:
                problems.append(f"rule {xmlid} missing after the upgrade")
            elif " ".join(rules[xmlid][0].split()) != domain:
                problems.append(f"rule {xmlid} still has its old domain: {rules[xmlid][0]}")
        access = installed(
            database,
            "ir.model.access",
            addon,
            "r.perm_read, r.perm_write, r.perm_create, r.perm_unlink",
        )
        for xmlid, perms in defined_access(addon).items():
            got = tuple(value == "t" for value in access.get(xmlid, []))
            if got != perms:
                problems.append(f"access {xmlid}: {got or 'missing'} instead of {perms}")
        views = installed(database, "ir.ui.view", addon, "r.active")
        for xmlid in defined_views(addon):
            if views.get(xmlid, ["f"])[0] != "t":
                problems.append(f"view {xmlid} missing or inactive after the upgrade")
    undated = psql(
        database,
        "SELECT count(*) FROM edu_weekly_check WHERE state = 'confirmed' AND confirmed_at IS NULL",
    ).strip()
    if undated != "0":
        problems.append(f"{undated} confirmed weekly checks without their confirmation moment")
    after = row_counts(database)
    for table, count in before.items():
        if table in RETIRED_TABLES:
            continue
        if after.get(table, 0) < count:
            problems.append(
                f"{table}: {count} rows before the upgrade, {after.get(table, 0)} after"
            )
    return problems


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--keep", action="store_true", help="keep the database")
    args = parser.parse_args()
    LOG_DIR.mkdir(parents=True, exist_ok=True)
    database = f"hexlet_journal_upgrade_{os.getpid()}"
    subprocess.run(["dropdb", "--if-exists", database], check=True)
    addons = ",".join(project_addons())
    problems = []
    try:
        with tempfile.TemporaryDirectory() as directory:
            try:
                previous_addons(directory)
            except (OSError, subprocess.CalledProcessError):
                print(f"SKIPPED: the previous release {PREVIOUS_RELEASE} is not in this checkout")
                return 2
            log = LOG_DIR / "upgrade-previous-install.log"
            code = odoo(
                database,
                directory,
                ["-i", addons, "--with-demo", "--load-language=ru_RU"],
                log,
            )
            if code:
                print(f"the previous release did not install (exit {code}); see {log}")
                return 1
        before = row_counts(database)
        # a rule as an older release wrote it: the upgrade must replace it
        psql(
            database,
            "UPDATE ir_rule SET domain_force = '[(0, ''='', 1)]' WHERE id = ("
            "SELECT res_id FROM ir_model_data WHERE module = 'hexlet_journal' "
            "AND name = 'rule_edu_group_teacher')",
        )
        log = LOG_DIR / "upgrade.log"
        code = odoo(database, ROOT, ["-u", addons], log)
        problems += [f"upgrade log: {line}" for line in log_problems(log)[:30]]
        if code:
            problems.append(f"the upgrade exited with {code}; see {log}")
        else:
            problems += differences(database, before)
        print(
            f"previous release {PREVIOUS_RELEASE[:10]}: {sum(before.values())} journal rows "
            f"in {len(before)} tables; upgraded to this code"
        )
    finally:
        if not args.keep:
            subprocess.run(["dropdb", "--if-exists", database], check=False)
            shutil.rmtree(filestore(database), ignore_errors=True)
    for problem in problems:
        print(problem)
    print("upgrade: " + ("FAILED" if problems else "ok"))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
