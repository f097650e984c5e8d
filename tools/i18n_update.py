#!/usr/bin/env python3
"""Export each addon's .pot from Odoo 19 and merge it into i18n/ru.po.

    python3 tools/i18n_update.py [ADDON ...]

Installs the addons on a scratch database, runs ``odoo i18n export`` and
rebuilds ``ru.po`` in the template's order, keeping every existing
translation; prints the strings still to translate (exit 1 if any).
"""

import re
import subprocess
import sys
from pathlib import Path

import polib

sys.path.insert(0, str(Path(__file__).resolve().parent))

from addons import ROOT, addons_path, db_options, odoo_command, project_addons

DATABASE = "hexlet_journal_i18n"
CODE = re.compile(r"<[^>]+>|%\(\w+\)s|%[sd]|\b\w+\.\w+\b")


def needs_translation(msgid):
    """English words left once markup, placeholders and code are gone."""
    return bool(re.search("[A-Za-z]{3,}", CODE.sub("", msgid)))


def main():
    addons = sys.argv[1:] or project_addons()
    base = [*odoo_command(), f"--addons-path={addons_path()}"]
    subprocess.run(["dropdb", "--if-exists", DATABASE], check=True)
    subprocess.run(
        [
            *base,
            "-d",
            DATABASE,
            *db_options(),
            "-i",
            ",".join(addons),
            "--stop-after-init",
            "--log-level=warn",
            "--http-interface=127.0.0.1",
        ],
        cwd=ROOT,
        check=True,
    )
    missing = 0
    for addon in addons:
        subprocess.run([*base, "i18n", "export", "-d", DATABASE, addon], cwd=ROOT, check=True)
        folder = ROOT / addon / "i18n"
        template = polib.pofile(str(folder / f"{addon}.pot"))
        russian_path = folder / "ru.po"
        old = polib.pofile(str(russian_path)) if russian_path.exists() else polib.POFile()
        known = {(entry.msgctxt, entry.msgid): entry.msgstr for entry in old}
        merged = polib.POFile(wrapwidth=78)
        merged.metadata = dict(template.metadata)
        merged.metadata.update(
            {
                "Language": "ru",
                "Content-Type": "text/plain; charset=UTF-8",
                "Content-Transfer-Encoding": "8bit",
                "Plural-Forms": "nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && "
                "n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);",
            }
        )
        for entry in template:
            msgstr = known.get((entry.msgctxt, entry.msgid), "")
            if not msgstr and needs_translation(entry.msgid):
                missing += 1
                print(f"{addon}: untranslated: {entry.msgid!r}")
            merged.append(
                polib.POEntry(
                    msgid=entry.msgid,
                    msgctxt=entry.msgctxt,
                    msgstr=msgstr,
                    occurrences=entry.occurrences,
                    comment=entry.comment,
                    tcomment=entry.tcomment,
                )
            )
        merged.save(str(russian_path))
        subprocess.run(
            ["oca-checks-po", "--fix", str(russian_path), str(folder / f"{addon}.pot")],
            capture_output=True,
            check=False,
        )
    subprocess.run(["dropdb", "--if-exists", DATABASE], check=False)
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main())
