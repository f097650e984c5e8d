#!/usr/bin/env python3
"""Load test of the journal through a real multi-process Odoo (DESIGN.md §8).

    python3 tools/loadtest.py                           # the typical benchmark college
    python3 tools/loadtest.py --database hexlet_journal_bench_large --seconds 300
    python3 tools/loadtest.py --database DB --teachers 10 --parents 10 --seconds 20

On a benchmark database (``tools/benchmark.py --keep``) or any database with
the journal (the suite's demo college): sets one password for the teachers
who have journals this term, the parents who read a child's journal and a
manager (the academic head; made if there is none), starts Odoo the way
production runs it (``--workers=4 --max-cron-threads=1``, 127.0.0.1 only) and
runs Locust headless (``tools/locustfile.py``, from its own virtual
environment ``var/locust-venv``: Locust needs newer Werkzeug and gevent than
Odoo's) for a bounded number of users and seconds: teachers open their grids
and save cells, parents read portal pages, a manager runs inspections.

The staff's second factor (``auth_totp.policy``, a code by email on a new
device) is off for the run and restored after. A login costs about 0.5 s of
CPU (the password's hashing), so users arrive at ``--spawn-rate`` per second
(2: a 2-core box spends half its CPU on the logins of the ramp) and
``--reset-stats`` measures only after the last one has logged in: the run is
then longer by the ramp (users / spawn rate) and a minute for the last
logins, so that about ``--seconds`` are measured. Each request has its own
connection (``Connection: close``), as the proxy in front of the workers makes
it (docker/nginx.conf).

Then, with the server still up, two sessions of one teacher save the same
cells of one lesson at the same moment, ten times. Finally it checks that
nothing was lost: every value the server acknowledged is the cell's value in
``edu_lesson_entry`` (the last one acknowledged for the cell) and has its row
in ``edu_lesson_entry_log``; nobody saw a concurrency error; of the
simultaneous saves each was acknowledged or cleanly refused, the cell holds one
of them and its history chains (each row's old value is the previous row's
new value). Prints Markdown tables; exits non-zero when something was lost, a
concurrency error was seen, or (``--budget``) a p95 is over 300 ms.
"""

import argparse
import csv
import json
import math
import os
import subprocess
import sys
import threading
import time
import urllib.request
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from addons import ROOT, addons_path, db_options, odoo_command

PASSWORD = "bench-load-test"
LOGIN_NOTE = (
    "A login costs about 0.5 s of CPU (Odoo hashes passwords with pbkdf2, 600,000 "
    "rounds at least): the users log in at --spawn-rate per second, and --reset-stats "
    "leaves that ramp out of the table."
)
VENV = ROOT / "var" / "locust-venv"
REQUIREMENTS = ROOT / "requirements-loadtest.txt"
OUT = ROOT / "var" / "loadtest"
BUDGET_MS = 300
BUDGET_CALLS = ("edu.teaching.assignment.journal_grid", "edu.lesson.set_cells")
CONCURRENCY_WORDS = ("concurren", "serializ", "could not obtain lock", "deadlock")


def locust_python():
    """Locust's own virtual environment, made on first use from the pinned
    requirements (kept apart from Odoo's: Locust upgrades Werkzeug and gevent)."""
    python = VENV / "bin" / "python"
    if not python.exists():
        subprocess.run([sys.executable, "-m", "venv", str(VENV)], check=True)
    check = subprocess.run(
        [str(python), "-m", "locust", "--version"], capture_output=True, check=False
    )
    if check.returncode:
        subprocess.run(
            [str(python), "-m", "pip", "install", "-q", "-r", str(REQUIREMENTS)], check=True
        )
    return python


def prepare(database, teachers, parents, period_days):
    """The plan of the run: who logs in (passwords set) and which journals each
    teacher opens. Through the ORM, committed, before the server starts."""
    sys.path.insert(0, str(ROOT / "tools"))
    from benchmark import open_env

    env, cr = open_env(database)
    from odoo.addons.hexlet_journal.tools import college_today

    today = college_today(env)
    journals = env["edu.teaching.assignment"].search(
        [
            ("term_id.date_start", "<=", today),
            ("term_id.date_end", ">=", today),
            ("teacher_id.active", "=", True),
            ("lesson_ids", "!=", False),
        ]
    )
    by_teacher = {}
    for journal in journals:
        by_teacher.setdefault(journal.teacher_id, []).append(journal.id)
    chosen = sorted(by_teacher, key=lambda user: user.login)[:teachers]
    guardians = env["edu.guardian"].search(
        [("can_see_journal", "=", True), ("portal_access", "=", True)]
    )
    family = guardians.partner_id.user_ids.filtered(lambda user: user.share and user.active)
    family = family.sorted("login")[:parents]
    head = env.ref("hexlet_journal.group_academic_head")
    manager = env["res.users"].search(
        [
            ("all_group_ids", "in", head.ids),
            ("share", "=", False),
            ("id", "!=", env.ref("base.user_admin").id),
        ],
        limit=1,
    )
    if not manager:
        manager = (
            env["res.users"]
            .with_context(no_reset_password=True)
            .create(
                {
                    "name": "Заместитель директора (нагрузка)",
                    "login": "bench_manager",
                    "group_ids": [(6, 0, head.ids)],
                }
            )
        )
    users = manager | family
    for user in chosen:
        users |= user
    # hashed as Odoo hashes a password (a lighter hash would be re-hashed at the
    # first login anyway: Odoo 19 keeps at least 600,000 rounds)
    env.cr.execute(
        "UPDATE res_users SET password = %s WHERE id = ANY(%s)",
        [env["res.users"]._crypt_context().hash(PASSWORD), users.ids],
    )
    # the staff's second factor (a code by email, auth_totp_mail) is a step of a
    # new device's first login, outside what is measured: off for the run,
    # restored after (restore_policy)
    params = env["ir.config_parameter"].sudo()
    policy = params.get_param("auth_totp.policy")
    params.set_param("auth_totp.policy", "optional")
    cr.commit()
    plan = {
        "totp_policy": policy,
        "database": database,
        "password": PASSWORD,
        "today": str(today),
        "date_from": str(today - timedelta(days=period_days)),
        "date_to": str(today),
        "teachers": [
            {"login": user.login, "uid": user.id, "journals": by_teacher[user]} for user in chosen
        ],
        "parents": [{"login": user.login, "uid": user.id} for user in family],
        "managers": [{"login": manager.login, "uid": manager.id}],
    }
    cr.close()
    return plan


def server_command():
    """``odoo-bin`` where there is one: the prefork server starts its evented
    worker again with its own command line, which ``python -m odoo`` is not."""
    command = odoo_command()
    if command[1:] == ["-m", "odoo"]:
        import odoo

        for location in odoo.__path__:
            binary = Path(location).parent / "odoo-bin"
            if binary.is_file():
                return [sys.executable, str(binary)]
    return command


class Server:
    """Odoo multi-process on 127.0.0.1, as production runs it."""

    def __init__(self, database, port, log):
        self.command = [
            *server_command(),
            f"--addons-path={addons_path()}",
            "-d",
            database,
            *db_options(),
            f"--db-filter=^{database}$",
            "--http-interface=127.0.0.1",
            f"--http-port={port}",
            f"--gevent-port={port + 1}",
            "--workers=4",
            "--max-cron-threads=1",
            "--limit-time-cpu=120",
            "--limit-time-real=240",
            "--limit-memory-soft=2147483648",
            "--limit-memory-hard=2684354560",
            "--log-level=warn",
            f"--logfile={log}",
        ]
        self.port = port
        self.process = None

    def __enter__(self):
        self.process = subprocess.Popen(self.command, cwd=ROOT)
        for _attempt in range(180):
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{self.port}/web/login", timeout=5)
                return self
            except OSError:
                if self.process.poll() is not None:
                    raise RuntimeError("Odoo stopped while starting") from None
                time.sleep(1)
        raise RuntimeError("Odoo did not answer in 3 minutes")

    def __exit__(self, *exc):
        self.process.terminate()
        try:
            self.process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


def run_locust(plan_path, acks_path, port, seconds, spawn_rate, users, reset_stats):
    prefix = OUT / "locust"
    command = [
        str(locust_python()),
        "-m",
        "locust",
        "-f",
        str(ROOT / "tools" / "locustfile.py"),
        "--headless",
        "--host",
        f"http://127.0.0.1:{port}",
        "--users",
        str(users),
        "--spawn-rate",
        str(spawn_rate),
        "--run-time",
        # with reset_stats, the ramp and the last logins are not measured
        f"{seconds + (math.ceil(users / spawn_rate) + 60 if reset_stats else 0)}s",
        "--stop-timeout",
        "10",
        "--csv",
        str(prefix),
        "--only-summary",
        "--exit-code-on-error",
        "0",
        "--loglevel",
        "WARNING",
    ]
    environ = dict(os.environ, LOADTEST_PLAN=str(plan_path), LOADTEST_ACKS=str(acks_path))
    subprocess.run(command, cwd=ROOT, env=environ, check=True, stdout=subprocess.DEVNULL)
    with open(f"{prefix}_stats.csv", encoding="utf-8") as handle:
        stats = list(csv.DictReader(handle))
    with open(f"{prefix}_failures.csv", encoding="utf-8") as handle:
        failures = list(csv.DictReader(handle))
    return stats, failures


def restore_policy(database, policy):
    """The database's second-factor policy as it was before the run."""
    import psycopg2

    connection = psycopg2.connect(dbname=database)
    with connection, connection.cursor() as cr:
        if policy:
            cr.execute(
                "UPDATE ir_config_parameter SET value = %s WHERE key = 'auth_totp.policy'",
                [policy],
            )
        else:
            cr.execute("DELETE FROM ir_config_parameter WHERE key = 'auth_totp.policy'")
    connection.close()


class Session:
    """One browser of a user: its own cookie, JSON-RPC calls."""

    def __init__(self, port, database, login):
        import http.cookiejar

        self.base = f"http://127.0.0.1:{port}"
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
        )
        answer = self.rpc(
            "/web/session/authenticate", {"db": database, "login": login, "password": PASSWORD}
        )
        if not (answer.get("result") or {}).get("uid"):
            raise RuntimeError(f"{login} could not log in: {str(answer)[:300]}")

    def rpc(self, url, params):
        body = json.dumps({"jsonrpc": "2.0", "method": "call", "id": 1, "params": params})
        request = urllib.request.Request(
            self.base + url, body.encode(), {"Content-Type": "application/json"}
        )
        with self.opener.open(request, timeout=120) as response:
            return json.loads(response.read())

    def call(self, model, method, args, kwargs=None):
        return self.rpc(
            f"/web/dataset/call_kw/{model}/{method}",
            {"model": model, "method": method, "args": args, "kwargs": kwargs or {}},
        )


def concurrent_saves(plan, port, rounds=10):
    """Two browsers of one teacher save the same cells of one lesson at the same
    moment, ``rounds`` times. Returns the lesson, the cells' students, every
    outcome and the refusals that were not clean."""
    teacher = plan["teachers"][0]
    first = Session(port, plan["database"], teacher["login"])
    second = Session(port, plan["database"], teacher["login"])
    answer = first.call(
        "edu.teaching.assignment",
        "journal_grid",
        [[teacher["journals"][0]]],
        {"date_from": plan["date_from"], "date_to": plan["date_to"]},
    )
    if "result" not in answer:
        raise RuntimeError(f"The grid of {teacher['login']} did not open: {answer}")
    grid = answer["result"]
    lesson = next(
        lesson
        for lesson in reversed(grid["lessons"])
        if not lesson["readonly"] and lesson["mark_scale"] == "five"
    )
    students = [s["id"] for s in grid["students"] if lesson["id"] in s["member_lesson_ids"]][:3]
    outcomes, unclean = [], []
    for number in range(rounds):
        values = ("5", "н") if number % 2 else ("4", "3")
        barrier = threading.Barrier(2)
        results = [None, None]

        def save(index, session, value, barrier=barrier, results=results):
            barrier.wait()
            try:
                results[index] = session.call(
                    "edu.lesson",
                    "set_cells",
                    [[lesson["id"]], [{"student_id": s, "value": value} for s in students]],
                )
            except OSError as error:
                results[index] = {"error": {"data": {"name": "HTTP", "message": str(error)}}}

        threads = [
            threading.Thread(target=save, args=(index, session, value))
            for index, (session, value) in enumerate(zip((first, second), values, strict=True))
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        for value, result in zip(values, results, strict=True):
            if "error" in result:
                data = result["error"].get("data") or {}
                message = f"{data.get('name')}: {data.get('message')}"
                clean = data.get("name", "").startswith("odoo.exceptions.") and not any(
                    word in message.lower() for word in CONCURRENCY_WORDS
                )
                outcomes.append((number, value, False, message))
                if not clean:
                    unclean.append(message)
            else:
                outcomes.append((number, value, True, ""))
    return lesson["id"], students, outcomes, unclean


def check_nothing_lost(database, plan, acks, started_at):
    """Every acknowledged value is in the cell (the last acknowledged one) and has
    its history row."""
    import psycopg2

    uids = {teacher["login"]: teacher["uid"] for teacher in plan["teachers"]}
    connection = psycopg2.connect(dbname=database)
    cr = connection.cursor()
    last = {}
    for ack in acks:
        last[(ack["lesson_id"], ack["student_id"])] = ack["value"]
    cells = list(last)
    cr.execute(
        """SELECT e.lesson_id, e.student_id,
                  CASE WHEN e.absent THEN 'н' WHEN e.mark = 'pass' THEN 'зач'
                       WHEN e.mark = 'fail' THEN 'незач' ELSE COALESCE(e.mark, '') END
             FROM edu_lesson_entry e
             JOIN unnest(%s::int[], %s::int[]) AS c(lesson_id, student_id)
               ON c.lesson_id = e.lesson_id AND c.student_id = e.student_id""",
        [[cell[0] for cell in cells], [cell[1] for cell in cells]],
    )
    stored = {(lesson, student): value for lesson, student, value in cr.fetchall()}
    wrong_cells = [cell for cell in cells if stored.get(cell) != last[cell]]
    cr.execute(
        """SELECT lesson_id, student_id, user_id, new_value, count(*)
             FROM edu_lesson_entry_log
            WHERE changed_at >= %s AND user_id = ANY(%s)
            GROUP BY lesson_id, student_id, user_id, new_value""",
        [started_at, list(uids.values())],
    )
    logged = {(row[0], row[1], row[2], row[3]): row[4] for row in cr.fetchall()}
    wanted = {}
    for ack in acks:
        key = (ack["lesson_id"], ack["student_id"], uids[ack["login"]], ack["value"])
        wanted[key] = wanted.get(key, 0) + 1
    missing_logs = sum(max(count - logged.get(key, 0), 0) for key, count in wanted.items())
    connection.close()
    return {
        "acks": len(acks),
        "cells": len(cells),
        "wrong_cells": len(wrong_cells),
        "missing_logs": missing_logs,
    }


def check_concurrent(database, concurrent):
    """The simultaneous saves left one of their values and a consistent history."""
    import psycopg2

    connection = psycopg2.connect(dbname=database)
    cr = connection.cursor()
    lesson_id, students, outcomes, _unclean = concurrent
    cr.execute(
        """SELECT student_id, old_value, new_value FROM edu_lesson_entry_log
            WHERE lesson_id = %s AND student_id = ANY(%s) ORDER BY id""",
        [lesson_id, students],
    )
    history = {}
    for student, old, new in cr.fetchall():
        history.setdefault(student, []).append((old or "", new or ""))
    broken_chains = [
        student
        for student, rows in history.items()
        if any(rows[i][0] != rows[i - 1][1] for i in range(1, len(rows)))
    ]
    cr.execute(
        """SELECT student_id, CASE WHEN absent THEN 'н' ELSE COALESCE(mark, '') END
             FROM edu_lesson_entry WHERE lesson_id = %s AND student_id = ANY(%s)""",
        [lesson_id, students],
    )
    final = dict(cr.fetchall())
    last_round = max(number for number, *_rest in outcomes)
    acknowledged = {value for number, value, ok, _m in outcomes if number == last_round and ok}
    concurrent_wrong = [
        student
        for student in students
        if final.get(student) not in acknowledged
        or (history.get(student) and history[student][-1][1] != final.get(student))
    ]
    connection.close()
    return {"broken_chains": len(broken_chains), "concurrent_wrong": len(concurrent_wrong)}


def percentile(row, name):
    value = row.get(name) or "0"
    return float(value) if value != "N/A" else 0.0


def main():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--database", default="hexlet_journal_bench_typical")
    parser.add_argument("--teachers", type=int, default=60)
    parser.add_argument("--parents", type=int, default=200)
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--spawn-rate", type=float, default=2)
    parser.add_argument("--period-days", type=int, default=30, help="the grid's period")
    parser.add_argument("--port", type=int, default=8169)
    parser.add_argument(
        "--reset-stats", action="store_true", help="leave the logins of the ramp-up out"
    )
    parser.add_argument(
        "--budget", action="store_true", help=f"fail when a p95 is over {BUDGET_MS} ms"
    )
    args = parser.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    try:
        locust_python()
    except (subprocess.CalledProcessError, OSError) as error:
        print(f"Locust is not available ({error}): pip install -r {REQUIREMENTS.name} failed.")
        return 2
    plan = prepare(args.database, args.teachers, args.parents, args.period_days)
    if not plan["teachers"]:
        print("No teacher has a journal with lessons this term: nothing to load.")
        return 1
    plan_path, acks_path = OUT / "plan.json", OUT / "acks.jsonl"
    plan["reset_after_logins"] = args.reset_stats
    # the one count of the run's users: Locust's --users and the locustfile's "all logged in"
    users = plan["users"] = len(plan["teachers"]) + len(plan["parents"]) + len(plan["managers"])
    plan_path.write_text(json.dumps(plan, ensure_ascii=False), encoding="utf-8")
    import datetime as dt

    started_at = dt.datetime.now(dt.timezone.utc).replace(tzinfo=None) - timedelta(seconds=1)
    try:
        with Server(args.database, args.port, OUT / "odoo.log"):
            run_started = time.perf_counter()
            stats, failures = run_locust(
                plan_path,
                acks_path,
                args.port,
                args.seconds,
                args.spawn_rate,
                users,
                args.reset_stats,
            )
            elapsed = time.perf_counter() - run_started
            acks = [json.loads(line) for line in acks_path.read_text(encoding="utf-8").splitlines()]
            lost = check_nothing_lost(args.database, plan, acks, started_at)
            concurrent = concurrent_saves(plan, args.port)
    finally:
        restore_policy(args.database, plan["totp_policy"])
    lost.update(check_concurrent(args.database, concurrent))
    concurrency_errors = sum(
        int(row["Occurrences"])
        for row in failures
        if any(word in row["Error"].lower() for word in CONCURRENCY_WORDS)
    )
    print(
        f"\n## Load test — {args.database}: {len(plan['teachers'])} teachers, "
        f"{len(plan['parents'])} parents, {len(plan['managers'])} manager, "
        f"{args.seconds} s (Odoo --workers=4 --max-cron-threads=1, 127.0.0.1)\n"
    )
    print("| call | requests | errors | req/s | p50 ms | p95 ms | p99 ms | budget |")
    print("|---|---|---|---|---|---|---|---|")
    over = []
    for row in stats:
        name = row["Name"]
        budget = f"p95 < {BUDGET_MS} ms" if name in BUDGET_CALLS else "—"
        p95 = percentile(row, "95%")
        if name in BUDGET_CALLS and p95 >= BUDGET_MS:
            over.append(f"{name} p95 {p95:.0f} ms")
        label = "**all**" if name == "Aggregated" else f"`{name}`"
        print(
            f"| {label} | {row['Request Count']} | {row['Failure Count']} | "
            f"{float(row['Requests/s']):.1f} | {percentile(row, '50%'):.0f} | {p95:.0f} | "
            f"{percentile(row, '99%'):.0f} | {budget} |"
        )
    if failures:
        print("\n| errors | occurrences |\n|---|---|")
        for row in failures:
            print(f"| {row['Name']}: {row['Error'][:160]} | {row['Occurrences']} |")
    lesson_id, students, outcomes, unclean = concurrent
    refused = sum(1 for *_x, ok, _m in outcomes if not ok)
    print(
        f"\nNothing lost: {lost['acks']} acknowledged cell values ({lost['cells']} cells) in "
        f"{elapsed:.0f} s — {lost['wrong_cells']} cells differ from the last acknowledged value, "
        f"{lost['missing_logs']} acknowledged values without their history row, "
        f"{concurrency_errors} concurrency errors seen by users."
    )
    print(
        f"Simultaneous saves of the same {len(students)} cells of lesson {lesson_id} by two "
        f"sessions, {len(outcomes) // 2} times: {len(outcomes) - refused} acknowledged, "
        f"{refused} refused ({len(unclean)} not cleanly), {lost['concurrent_wrong']} cells "
        f"not holding the last acknowledged value, {lost['broken_chains']} broken histories."
    )
    problems = (
        lost["wrong_cells"]
        + lost["missing_logs"]
        + concurrency_errors
        + len(unclean)
        + lost["concurrent_wrong"]
        + lost["broken_chains"]
    )
    if not lost["acks"]:
        print("No set_cells was acknowledged: the run proves nothing.")
        problems += 1
    if args.budget and over:
        print("Over budget: " + ", ".join(over))
        problems += 1
    print(f"\n{LOGIN_NOTE}")
    print("\nPASSED" if not problems else "\nFAILED")
    return 0 if not problems else 1


if __name__ == "__main__":
    sys.exit(main())
