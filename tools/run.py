#!/usr/bin/env python3
"""``make run``: a local Odoo 19 with the demo college, in Russian.

Creates the database ``journal`` on first start (demo data, ru_RU), then
serves http://localhost:8069 to this machine only. Set JOURNAL_DB to use
another database name.
"""

import os
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from addons import ROOT, addons_path, db_options, odoo_command, odoo_version, project_addons


def database_exists(name):
    result = subprocess.run(["psql", "-lqt"], capture_output=True, text=True, check=False)
    return any(line.split("|")[0].strip() == name for line in result.stdout.splitlines())


def main():
    if odoo_version() != 19:
        sys.exit("Odoo 19 is not importable: see README.md, 'Odoo 19 locally'.")
    database = os.environ.get("JOURNAL_DB", "journal")
    base = [*odoo_command(), f"--addons-path={addons_path()}", "-d", database, *db_options()]
    if not database_exists(database):
        subprocess.run(
            [
                *base,
                "-i",
                ",".join(project_addons()),
                "--with-demo",
                "--load-language=ru_RU",
                "--stop-after-init",
            ],
            cwd=ROOT,
            check=True,
        )
    # the demo's passwords equal the logins: served to this machine only
    os.execvp(
        base[0],
        [
            *base,
            f"--db-filter=^{database}$",
            "--http-interface=127.0.0.1",
            "--http-port=8069",
            # queue_job's runner: the archive's documents are produced in the background
            "--load=base,rpc,web,queue_job",
        ],
    )


if __name__ == "__main__":
    main()
