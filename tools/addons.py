"""Where the project's addons and Odoo are; shared by the test and run commands."""

import importlib.util
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# In dependency order; an addon that is not written yet is simply absent.
ADDONS = ("hexlet_journal", "hexlet_journal_reports", "hexlet_journal_portal")


def project_addons():
    return [name for name in ADDONS if (ROOT / name / "__manifest__.py").is_file()]


def odoo_version():
    """The major version of the importable Odoo, or None."""
    if importlib.util.find_spec("odoo") is None:
        return None
    try:
        output = subprocess.run(
            [sys.executable, "-c", "import odoo.release as r; print(r.version_info[0])"],
            capture_output=True,
            text=True,
            timeout=60,
            check=True,
        ).stdout.strip()
    except (subprocess.SubprocessError, OSError):
        return None
    return int(output) if output.isdigit() else None


def odoo_command():
    """How to start Odoo: the odoo-bin of ODOO_SRC, or the installed package."""
    src = os.environ.get("ODOO_SRC")
    if src and (Path(src) / "odoo-bin").is_file():
        return [sys.executable, str(Path(src) / "odoo-bin")]
    return [sys.executable, "-m", "odoo"]


def addons_path():
    """The project root, plus the Community addons of a source checkout."""
    paths = [str(ROOT)]
    src = os.environ.get("ODOO_SRC")
    candidates = [Path(src) / "addons"] if src else []
    spec = importlib.util.find_spec("odoo")
    if spec and spec.submodule_search_locations:
        for location in spec.submodule_search_locations:
            candidates.append(Path(location).parent / "addons")
    for candidate in candidates:
        if (candidate / "web" / "__manifest__.py").is_file() and str(candidate) not in paths:
            paths.append(str(candidate))
    return ",".join(paths)


def db_options():
    """Database connection from the usual PG* variables (Docker, CI)."""
    options = []
    for variable, option in (
        ("PGHOST", "--db_host"),
        ("PGPORT", "--db_port"),
        ("PGUSER", "--db_user"),
        ("PGPASSWORD", "--db_password"),
    ):
        if os.environ.get(variable):
            options += [option, os.environ[variable]]
    return options
