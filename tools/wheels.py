#!/usr/bin/env python3
"""Build each addon as a wheel with the OCA's ``whool`` and prove it complete.

    python3 tools/wheels.py [--dist DIR] [--venv DIR]

1. ``pip wheel`` of every addon (``odoo-addon-hexlet_journal``, …) into
   ``var/wheels`` (or DIR): whool takes the version from the manifest and the
   files from ``git ls-files``.
2. A scratch virtual environment (``var/wheel-venv``) that sees the machine's
   Odoo and the OCA addons (``--system-site-packages``) gets the wheels with
   ``pip install --no-deps --no-index``.
3. Every file the repository tracks in an addon (data, views, static assets,
   i18n, report templates) must be in the installed copy, byte for byte.

``make test`` then installs the addons from that environment, not from the
repository (tools/test.py), so a file missing from a wheel fails the run.
"""

import argparse
import filecmp
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from addons import ROOT, project_addons

DIST = ROOT / "var" / "wheels"
VENV = ROOT / "var" / "wheel-venv"
# in the repository for the build, not part of the installed addon
BUILD_ONLY = {"pyproject.toml"}


def build(dist):
    dist.mkdir(parents=True, exist_ok=True)
    for old in dist.glob("*.whl"):
        old.unlink()
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "-q",
            "--disable-pip-version-check",
            "--no-deps",
            "--no-build-isolation",
            "-w",
            str(dist),
            *[str(ROOT / addon) for addon in project_addons()],
        ],
        check=True,
    )
    return sorted(dist.glob("*.whl"))


def venv_python(venv):
    return venv / "bin" / "python"


def install(wheels, venv):
    if not venv_python(venv).exists():
        subprocess.run(
            [sys.executable, "-m", "venv", "--system-site-packages", str(venv)], check=True
        )
    subprocess.run(
        [
            str(venv_python(venv)),
            "-m",
            "pip",
            "install",
            "-q",
            "--disable-pip-version-check",
            "--no-deps",
            "--no-index",
            "--force-reinstall",
            *map(str, wheels),
        ],
        check=True,
    )


def site_packages(venv):
    output = subprocess.run(
        [str(venv_python(venv)), "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"],
        capture_output=True,
        text=True,
        check=True,
    )
    return Path(output.stdout.strip())


def tracked_files(addon):
    try:
        output = subprocess.run(
            ["git", "ls-files", addon], cwd=ROOT, capture_output=True, text=True, check=True
        ).stdout
    except (OSError, subprocess.CalledProcessError):
        # a copy without git: every file but the caches
        return sorted(
            str(path.relative_to(ROOT))
            for path in (ROOT / addon).rglob("*")
            if path.is_file() and "__pycache__" not in path.parts
        )
    return output.split()


def missing_files(venv):
    """Files of the repository's addons absent from (or different in) the installed wheels."""
    installed = site_packages(venv) / "odoo" / "addons"
    problems = []
    for addon in project_addons():
        for name in tracked_files(addon):
            if Path(name).name in BUILD_ONLY:
                continue
            copy = installed / name
            if not copy.is_file():
                problems.append(f"missing: {name}")
            elif not filecmp.cmp(ROOT / name, copy, shallow=False):
                problems.append(f"differs: {name}")
    return problems


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dist", type=Path, default=DIST)
    parser.add_argument("--venv", type=Path, default=VENV)
    args = parser.parse_args()
    wheels = build(args.dist)
    for wheel in wheels:
        print(f"built {wheel.relative_to(ROOT) if wheel.is_relative_to(ROOT) else wheel}")
    install(wheels, args.venv)
    problems = missing_files(args.venv)
    for problem in problems:
        print(problem)
    if problems:
        print(f"{len(problems)} files of the addons are not in their wheels")
        return 1
    print(f"{len(wheels)} wheels installed into {args.venv}; every tracked file is in them")
    return 0


if __name__ == "__main__":
    sys.exit(main())
