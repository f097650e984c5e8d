#!/usr/bin/env python3
"""The project's one test command (``make test``).

1. Static checks that need no database: manifests, XML, CSV, translations,
   the Compose file, backup retention (pytest on ``tests/``), pylint-odoo,
   ruff, and the addons built as wheels and installed into a scratch venv
   with every tracked file (tools/wheels.py).
2. When Odoo 19 is importable: every addon installed from its wheel without
   demo data on a fresh database (the log must stay clean); on another fresh
   database with demo data and Russian, every addon's suite; one module's
   suite again through pytest-odoo; a restore drill of that database
   (tools/backup.py); a small load test on it through a multi-process server
   (tools/loadtest.py: nothing lost, simultaneous saves); an upgrade from
   the previous release with ``-u`` (tools/upgrade_check.py).

The summary says what ran, what failed and what was skipped, and ends with
the line ``N passed, N failed, N skipped``. Without Odoo the integration
suite is reported SKIPPED, loudly, and the rest still decides the result.
"""

import argparse
import os
import re
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from addons import (
    ROOT,
    addons_path,
    db_options,
    odoo_command,
    odoo_version,
    project_addons,
)
from backup import filestore

LOG_DIR = ROOT / "var" / "test-logs"
RESULT_RE = re.compile(r"(\d+) failed, (\d+) error\(s\) of (\d+) tests")
SKIP_RE = re.compile(r" INFO \S+ odoo\.addons\.\S+: skipped (\S+) : (.*)$")
PYTEST_RE = re.compile(r"(\d+) (passed|failed|skipped|error|errors)")
# Lines of the log that are not about the project: Odoo's own start-up notes.
IGNORED_LOG = (
    "odoo.tools.config: missing --http-interface",
    "odoo.modules.module: addons path is not a directory",
)


class Step:
    def __init__(self, name):
        self.name = name
        self.status = "not run"
        self.detail = ""
        self.passed = self.failed = self.skipped = 0
        # what failed, repeated under the summary (CI shows the tail of the output)
        self.problems = []

    def conclude(self, code, log, skip_reason=None):
        """A tool's exit code as this step's outcome: 0 passed, 2 skipped for
        ``skip_reason`` (when the tool has one), anything else failed."""
        if code == 2 and skip_reason:
            self.status, self.skipped = "SKIPPED", 1
            self.detail = skip_reason
        elif code:
            self.status, self.failed = "FAILED", 1
            self.detail = f"see {log.relative_to(ROOT)}"
        else:
            self.status, self.passed = "ok", 1
        return self

    def line(self):
        counts = ""
        if self.passed or self.failed or self.skipped:
            counts = f" ({self.passed} passed, {self.failed} failed, {self.skipped} skipped)"
        detail = f" — {self.detail}" if self.detail else ""
        return f"  {self.status:<8} {self.name}{counts}{detail}"


def run(command, log_file=None, env=None):
    print("$", " ".join(command), flush=True)
    if log_file:
        with open(log_file, "w", encoding="utf-8") as handle:
            return subprocess.run(
                command, cwd=ROOT, stdout=handle, stderr=subprocess.STDOUT, env=env, check=False
            ).returncode
    return subprocess.run(command, cwd=ROOT, env=env, check=False).returncode


def static_pytest():
    step = Step("static checks (manifests, XML, CSV, translations, Compose)")
    LOG_DIR.mkdir(parents=True, exist_ok=True)
    log = LOG_DIR / "static.log"
    code = run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "tests/static"], log
    )
    output = log.read_text(encoding="utf-8")
    print(output[-3000:])
    tail = output.strip().splitlines()[-1] if output.strip() else ""
    for number, word in PYTEST_RE.findall(tail):
        if word == "passed":
            step.passed = int(number)
        elif word == "skipped":
            step.skipped = int(number)
        else:
            step.failed += int(number)
    step.status = "ok" if code == 0 else "FAILED"
    if code and not step.failed:
        step.failed = 1
        step.detail = f"pytest exit {code}"
    return step


def lint(name, command):
    step = Step(name)
    LOG_DIR.mkdir(parents=True, exist_ok=True)
    log = LOG_DIR / (name.split()[0] + ".log")
    code = run(command, log)
    output = log.read_text(encoding="utf-8")
    print(output[-4000:])
    return step.conclude(code, log)


def script(name):
    """A console script of the running Python's environment (a venv need not be active)."""
    beside = Path(sys.executable).parent / name
    return str(beside) if beside.exists() else name


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def odoo(database, extra, log, python=None):
    """Odoo on a database; ``python`` of another environment (the wheels' venv)
    runs it with Odoo's own addons path only, so the project's addons come from
    that environment's site-packages, not from the repository."""
    command = [
        *odoo_command(),
        f"--addons-path={addons_path()}",
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
    if python:
        command[0] = str(python)
        command = [
            "--addons-path=" + ",".join(addons_path().split(",")[1:])
            if part.startswith("--addons-path=")
            else part
            for part in command
        ]
    return run(command, log)


def drop(database):
    """The database and its filestore: a run leaves nothing behind on the machine."""
    subprocess.run(["dropdb", "--if-exists", database], capture_output=True, check=False)
    shutil.rmtree(filestore(database), ignore_errors=True)


def project_problems(log_text):
    """ERROR/WARNING lines of a log other than Odoo's own start-up notes."""
    problems = []
    for line in log_text.splitlines():
        if re.match(r"^\S+ \S+ \d+ (ERROR|WARNING|CRITICAL) ", line) and not any(
            ignored in line for ignored in IGNORED_LOG
        ):
            problems.append(line)
    return problems


def failure_excerpts(log_text, lines_after=14, limit=5):
    """The first failed tests of an Odoo log, each with the start of its traceback."""
    lines = log_text.splitlines()
    excerpts = []
    for index, line in enumerate(lines):
        if re.match(r"^\S+ \S+ \d+ (ERROR|CRITICAL) \S+ \S+: (FAIL|ERROR): ", line):
            block = [line]
            for follow in lines[index + 1 : index + 1 + lines_after]:
                if re.match(r"^\d{4}-\d\d-\d\d \S+ \d+ ", follow):
                    break
                block.append(follow)
            excerpts.append("\n".join(block))
            if len(excerpts) >= limit:
                break
    return excerpts


def install_without_demo(addons, python=None):
    step = Step(
        "install of every addon "
        + ("from its wheel " if python else "")
        + "without demo data, clean log"
    )
    database = f"hexlet_journal_nodemo_{os.getpid()}"
    log = LOG_DIR / "install-nodemo.log"
    drop(database)
    code = odoo(database, ["-i", ",".join(addons)], log, python=python)
    problems = project_problems(log.read_text(encoding="utf-8"))
    drop(database)
    if code or problems:
        step.status = "FAILED"
        step.failed = 1
        step.detail = f"exit {code}, {len(problems)} ERROR/WARNING lines in {log.relative_to(ROOT)}"
        step.problems = problems[:10]
        print("\n".join(problems[:30]))
    else:
        step.status = "ok"
        step.passed = 1
    return step


def integration_suite(addons):
    step = Step("Odoo 19 integration suite (fresh database, demo data, ru_RU)")
    database = f"hexlet_journal_test_{os.getpid()}"
    log = LOG_DIR / "odoo-tests.log"
    drop(database)
    started = time.monotonic()
    code = odoo(
        database,
        [
            "-i",
            ",".join(addons),
            "--with-demo",
            "--load-language=ru_RU",
            "--test-tags",
            ",".join(f"/{addon}" for addon in addons),
            "--log-level=info",
        ],
        log,
    )
    text = log.read_text(encoding="utf-8")
    results = RESULT_RE.findall(text)
    failed = sum(int(f) + int(e) for f, e, _total in results)
    total = sum(int(total) for _f, _e, total in results)
    skips = SKIP_RE.findall(text)
    step.skipped = len(skips)
    step.failed = failed
    step.passed = max(total - failed - step.skipped, 0)
    problems = [
        line
        for line in project_problems(text)
        if not RESULT_RE.search(line) and " odoo.tests.result" not in line
    ]
    minutes = (time.monotonic() - started) / 60
    if not results:
        step.status = "FAILED"
        step.failed = max(step.failed, 1)
        step.detail = f"no test ran (exit {code}); see {log.relative_to(ROOT)}"
    elif code or failed or problems:
        step.status = "FAILED"
        step.failed = max(step.failed, 1)
        step.detail = (
            f"exit {code}, {len(problems)} ERROR/WARNING lines; see {log.relative_to(ROOT)}"
        )
    else:
        step.status = "ok"
        step.detail = f"{minutes:.1f} min"
    print("\n".join(problems[:60]))
    if step.status == "FAILED":
        step.problems = failure_excerpts(text) or problems[:10]
    for name, reason in skips:
        print(f"skipped {name}: {reason}")
    return step, database


PYTEST_ODOO_MODULE = "hexlet_journal_reports"


def pytest_odoo(database):
    """The developer's quick loop (README): one module's suite through
    pytest-odoo on the suite's database, so that path keeps working."""
    step = Step(f"pytest-odoo: {PYTEST_ODOO_MODULE}/tests on the suite's database")
    log = LOG_DIR / "pytest-odoo.log"
    code = run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-rfEs",
            "-p",
            "no:cacheprovider",
            f"--odoo-database={database}",
            f"--odoo-addons-path={addons_path()}",
            "--odoo-http",
            f"{PYTEST_ODOO_MODULE}/tests",
        ],
        log,
    )
    text = log.read_text(encoding="utf-8")
    print(text[-1500:])
    summary = text.strip().splitlines()[-1] if text.strip() else ""
    counts = {kind: int(number) for number, kind in PYTEST_RE.findall(summary)}
    step.passed = counts.get("passed", 0)
    step.skipped = counts.get("skipped", 0)
    step.failed = counts.get("failed", 0) + counts.get("error", 0) + counts.get("errors", 0)
    step.status = "ok" if code == 0 and step.passed and not step.failed else "FAILED"
    if step.status != "ok":
        step.failed = max(step.failed, 1)
        step.detail = f"exit {code}; see {log.relative_to(ROOT)}"
        step.problems = pytest_failures(text)
    return step


def pytest_failures(text, limit=40):
    """The failed tests of a pytest log (its short summary) and their assertion
    lines, so that the summary at the end of the run names them."""
    lines = text.splitlines()
    summary = [line for line in lines if re.match(r"^(FAILED|SUBFAIL|ERROR) ", line)]
    errors = [line for line in lines if line.startswith("E   ")]
    return (summary + errors)[:limit]


def upgrade_check():
    """The previous release with the demo college, upgraded with ``-u`` to this
    code: versions, rules, access rights and views are the new ones, no journal
    table lost rows (tools/upgrade_check.py)."""
    step = Step("upgrade from the previous release (-u), rules and data checked")
    log = LOG_DIR / "upgrade-check.log"
    code = run([sys.executable, str(ROOT / "tools" / "upgrade_check.py")], log)
    print(log.read_text(encoding="utf-8")[-2000:])
    return step.conclude(code, log, "the previous release is not in this git checkout")


def restore_drill(database):
    """Back the suite's demo college up, restore it under another name and
    compare every journal table and attachment (tools/backup.py drill)."""
    step = Step("restore drill (backup, restore as another database, digests equal)")
    log = LOG_DIR / "restore-drill.log"
    code = run([sys.executable, str(ROOT / "tools" / "backup.py"), "drill", database], log)
    text = log.read_text(encoding="utf-8")
    print(text[text.rfind("{") :] if "{" in text else text[-2000:])
    return step.conclude(code, log)


def load_test(database):
    """A small load test on the suite's demo college through a multi-process Odoo
    (tools/loadtest.py): 10 teachers and 10 parents for 20 s, every acknowledged
    cell in the database with its history row, no concurrency error, and two
    sessions saving the same cells at once."""
    step = Step("load test (Odoo --workers=4, 10 teachers + 10 parents × 20 s, nothing lost)")
    log = LOG_DIR / "load-test.log"
    code = run(
        [
            sys.executable,
            str(ROOT / "tools" / "loadtest.py"),
            "--database",
            database,
            "--teachers",
            "10",
            "--parents",
            "10",
            "--seconds",
            "20",
            "--port",
            str(free_port()),
        ],
        log,
    )
    text = log.read_text(encoding="utf-8")
    print(text[text.find("## Load test") :] if "## Load test" in text else text[-2000:])
    return step.conclude(code, log, "Locust could not be installed (var/locust-venv)")


def main():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--static-only", action="store_true", help="skip the Odoo integration suite"
    )
    args = parser.parse_args()
    addons = project_addons()
    steps = [
        static_pytest(),
        lint(
            "pylint-odoo (OCA rules)",
            [sys.executable, "-m", "pylint", "--rcfile=.pylintrc", *addons],
        ),
        lint(
            "oca-checks-odoo-module (XML, CSV, manifest)",
            [script("oca-checks-odoo-module"), *[f"{addon}/__manifest__.py" for addon in addons]],
        ),
        lint(
            "oca-checks-po (translations)",
            [
                script("oca-checks-po"),
                *[
                    str(path)
                    for addon in addons
                    for path in sorted((ROOT / addon / "i18n").glob("*.po*"))
                ],
            ],
        ),
        lint("ruff check", [sys.executable, "-m", "ruff", "check", "."]),
        lint("ruff format --check", [sys.executable, "-m", "ruff", "format", "--check", "."]),
        lint(
            "wheels (whool build, scratch venv, every tracked file installed)",
            [sys.executable, str(ROOT / "tools" / "wheels.py")],
        ),
    ]
    wheels = steps[-1]
    skipped_suite = None
    version = odoo_version()
    if args.static_only:
        skipped_suite = "SKIPPED: Odoo 19 integration suite (--static-only)"
    elif version != 19:
        found = "odoo not importable" if version is None else f"found Odoo {version}, not 19"
        skipped_suite = f"SKIPPED: Odoo 19 integration suite ({found})"
    else:
        venv_python = ROOT / "var" / "wheel-venv" / "bin" / "python"
        steps.append(install_without_demo(addons, venv_python if wheels.status == "ok" else None))
        suite, database = integration_suite(addons)
        steps.append(suite)
        steps.append(pytest_odoo(database))
        steps.append(restore_drill(database))
        steps.append(load_test(database))
        drop(database)
        steps.append(upgrade_check())

    passed = sum(step.passed for step in steps)
    failed = sum(step.failed for step in steps)
    skipped = sum(step.skipped for step in steps) + (1 if skipped_suite else 0)
    print("\n" + "=" * 72)
    print(f"SUMMARY — addons: {', '.join(addons)}")
    for step in steps:
        print(step.line())
    if skipped_suite:
        print("!" * 72)
        print(skipped_suite)
        print("  Nothing in models, views, security or demo data was exercised.")
        print("!" * 72)
    for step in steps:
        if step.problems:
            print(f"--- {step.name}: what failed")
            print("\n".join(step.problems))
    ok = failed == 0 and all(step.status == "ok" for step in steps)
    print(("PASSED" if ok else "FAILED") + (" (static part only)" if skipped_suite else ""))
    print(f"{passed} passed, {failed} failed, {skipped} skipped")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
