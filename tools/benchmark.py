#!/usr/bin/env python3
"""Benchmark of the journal grid on a generated college (DESIGN.md §8).

    python3 tools/benchmark.py                 # the typical college: 1,500 students,
                                               # 60 groups, 90 teachers, a term of lessons
    python3 tools/benchmark.py --size large    # 5,000 students, 200 groups, 300 teachers
    python3 tools/benchmark.py --keep          # reuse the generated database next time
    python3 tools/benchmark.py --database NAME # generate into (or reuse) another database

Builds a fresh database ``hexlet_journal_bench_<size>`` with the project's addons
installed, generates the college through the ORM (people, groups, load, КТП)
and, where the ORM is the bottleneck, with set-based SQL that keeps every
constraint true (lessons, journal cells), then reports median and p95 times
and query counts of ``journal_grid`` (25 students × 80 lessons) and
``set_cells`` (25 cells), a monthly inspection of the whole college and the data
of each family page (``edu.student._portal_*``, as a portal student), and the
year-end archive: the printed journals of ``--archive-groups`` groups rendered
by Odoo (``_render_journal_book``: three wkhtmltopdf runs, the contents read
back, the sheets stamped) against bare ``wkhtmltopdf`` on the very same HTML
files and arguments, in the same run; then those groups' summary statements and
students' records and the whole college's data export, with the resident memory
of the process at its peak. Results go to stdout as Markdown tables.
"""

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from contextlib import contextmanager
from datetime import timedelta
from pathlib import Path
from unittest.mock import patch

sys.path.insert(0, str(Path(__file__).resolve().parent))

from addons import ROOT, addons_path, db_options, odoo_command, project_addons

SIZES = ("typical", "large")


def database_exists(name):
    result = subprocess.run(["psql", "-lqt"], capture_output=True, text=True, check=False)
    return any(line.split("|")[0].strip() == name for line in result.stdout.splitlines())


def install(database):
    subprocess.run(["dropdb", "--if-exists", database], check=True)
    subprocess.run(
        [
            *odoo_command(),
            f"--addons-path={addons_path()}",
            "-d",
            database,
            *db_options(),
            "-i",
            ",".join(project_addons()),
            "--stop-after-init",
            "--http-interface=127.0.0.1",
            "--log-level=warn",
        ],
        cwd=ROOT,
        check=True,
    )


def update(database):
    """A kept database takes the addons' current views and data."""
    subprocess.run(
        [
            *odoo_command(),
            f"--addons-path={addons_path()}",
            "-d",
            database,
            *db_options(),
            "-u",
            ",".join(project_addons()),
            "--stop-after-init",
            "--http-interface=127.0.0.1",
            "--log-level=warn",
        ],
        cwd=ROOT,
        check=True,
    )


def open_env(database):
    import odoo
    from odoo.modules.registry import Registry
    from odoo.tools import config

    config.parse_config([f"--addons-path={addons_path()}", "-d", database, *db_options()])
    registry = Registry(database)
    cr = registry.cursor()
    return odoo.api.Environment(cr, odoo.SUPERUSER_ID, {"tracking_disable": True}), cr


def generate(env, size, full_year=False):
    """The college of ``size`` (``bench_college``): the current year and two
    archived years, each step's time printed as it ends."""
    from bench_college import generate as generate_college

    from odoo.addons.hexlet_journal.tools import college_today

    started = time.perf_counter()
    generated = generate_college(
        env, size, college_today(env), full_year=full_year, log=lambda line: print(line, flush=True)
    )
    env.cr.execute("ANALYZE")
    env.cr.commit()
    generated["total_seconds"] = time.perf_counter() - started
    return generated


def measure(function, env, runs):
    from odoo.sql_db import Cursor

    times, counts = [], []
    execute = Cursor.execute
    # a warm server: the first call fills the registry's caches (access rules,
    # translations, views) that every later request finds filled
    function()
    env.flush_all()
    for _run in range(runs):
        env.invalidate_all()
        env.user.share  # noqa: B018 a request's user is in cache
        queries = []

        def logged(cursor, query, params=None, log_exceptions=None, queries=queries):
            queries.append(query)
            return execute(cursor, query, params, log_exceptions)

        with patch("odoo.sql_db.Cursor.execute", logged):
            started = time.perf_counter()
            function()
            env.flush_all()
            times.append((time.perf_counter() - started) * 1000)
        counts.append(len(queries))
    times.sort()
    return {
        "median": statistics.median(times),
        "p95": times[max(int(len(times) * 0.95) - 1, 0)],
        "queries": max(counts),
    }


def bare_grid(env, ids, date_from, date_to):
    """What the grid shows, read with three bare SQL queries and no ORM: the
    journal's lessons of the period, the students who were members of its
    group (and subgroup) in it, and their cells — the cost of the grid's data,
    the yardstick of the grid's own time (issue 12: within 5×)."""
    cr = env.cr
    cr.execute(
        """SELECT id, date, pair_number, topic, kind, practical_number, state
             FROM edu_lesson
            WHERE assignment_id = %s AND date BETWEEN %s AND %s
            ORDER BY date, pair_number, id""",
        [ids["journal"], date_from, date_to],
    )
    lessons = cr.fetchall()
    cr.execute(
        """SELECT s.id, s.name, s.record_book_number, m.date_from, m.date_to
             FROM edu_group_membership m
             JOIN edu_student s ON s.id = m.student_id
            WHERE m.group_id = %s AND m.date_from <= %s
              AND (m.date_to IS NULL OR m.date_to >= %s)
              AND (%s IS NULL OR EXISTS (
                    SELECT 1 FROM edu_subgroup_membership sm
                     WHERE sm.student_id = s.id AND sm.subgroup_id = %s
                       AND sm.date_from <= %s AND (sm.date_to IS NULL OR sm.date_to >= %s)))
            ORDER BY s.name, s.id""",
        [
            ids["group"],
            date_to,
            date_from,
            ids["subgroup"],
            ids["subgroup"],
            date_to,
            date_from,
        ],
    )
    students = cr.fetchall()
    cr.execute(
        """SELECT lesson_id, student_id, absent, mark
             FROM edu_lesson_entry
            WHERE lesson_id = ANY(%s)""",
        [[row[0] for row in lessons]],
    )
    return lessons, students, cr.fetchall()


def measure_portal(env, journal, today, runs):
    """The data of each family page (``edu.student._portal_*``), read as a portal
    student of the measured journal; empty when the portal addon is not installed."""
    if "edu.family.thread" not in env:
        return []
    student = (
        env["edu.group.membership"]
        .search([("group_id", "=", journal.group_id.id), ("date_to", "=", False)], limit=1)
        .student_id
    )
    user = (
        env["res.users"]
        .with_context(no_reset_password=True)
        .create(
            {
                "name": student.name,
                "login": f"bench-student-{student.id}",
                "group_ids": [(6, 0, [env.ref("hexlet_journal.group_student").id])],
            }
        )
    )
    student.user_id = user
    env.flush_all()
    own = student.with_env(env(user=user.id))
    term = journal.term_id
    pages = [
        ("diary (a week)", lambda: own._portal_week(today)),
        ("timetable", lambda: own._portal_timetable(today)),
        ("progress (a term)", lambda: own._portal_progress(term)),
        ("a discipline", lambda: own._portal_discipline(journal.with_env(own.env))),
        ("attendance (a term)", lambda: own._portal_attendance(term)),
        ("what is left to pass", lambda: own._portal_outlook(term)),
        ("results", lambda: own._portal_results()),
    ]
    return [(name, measure(function, own.env, runs)) for name, function in pages]


def reset_peak_memory():
    """Forget the peak resident memory so far (Linux: the generator's, before)."""
    try:
        Path("/proc/self/clear_refs").write_text("5")
    except OSError:
        pass


def peak_memory_mb():
    """The process's peak resident memory since ``reset_peak_memory``, in MB."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


@contextmanager
def serving(database, port=8069):
    """Odoo serving the database while the archive renders: wkhtmltopdf reads the
    documents' stylesheets from it, as in production."""
    server = subprocess.Popen(
        [
            *odoo_command(),
            f"--addons-path={addons_path()}",
            "-d",
            database,
            *db_options(),
            f"--db-filter=^{database}$",
            "--http-interface=127.0.0.1",
            f"--http-port={port}",
            "--workers=0",
            "--max-cron-threads=0",
            "--log-level=warn",
        ],
        cwd=ROOT,
    )
    try:
        for _attempt in range(120):
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/web/login", timeout=2)
                break
            except OSError:
                time.sleep(1)
        yield
    finally:
        server.terminate()
        server.wait(timeout=60)


def measure_archive(env, groups_count):
    """The archive's production on the generated college (rolled back after).

    Returns the printed journals' throughput, Odoo's against bare wkhtmltopdf on
    the same inputs, the time of each kind of document, and the peak memory."""
    from odoo.addons.base.models import ir_actions_report as report_module
    from odoo.addons.hexlet_journal_reports.tools import page_count

    reset_peak_memory()
    year = env["edu.academic.year"]._get_current()
    archive = env["edu.archive"]._archive_year(year)
    documents = archive.document_ids
    groups = documents.filtered(lambda d: d.kind == "journal_book").group_id[:groups_count]
    members = (
        env["edu.group.membership"]
        .search([("group_id", "in", groups.ids), ("date_to", "=", False)])
        .student_id
    )
    keep = Path(tempfile.mkdtemp(prefix="hexlet-bench-wk-"))
    calls = []
    original = report_module._run_wkhtmltopdf

    def recording(args):
        # keep a copy of every HTML input, to hand bare wkhtmltopdf the same files
        copied = []
        for arg in args:
            if isinstance(arg, str) and arg.endswith(".html") and os.path.exists(arg):
                target = keep / f"{len(calls)}-{len(copied)}.html"
                shutil.copy(arg, target)
                copied.append(str(target))
            else:
                copied.append(arg)
        copied[-1] = str(keep / f"{len(calls)}.pdf")
        calls.append(copied)
        return original(args)

    timings = {}
    pages = 0
    books = documents.filtered(lambda d: d.kind == "journal_book" and d.group_id in groups)
    with patch.object(report_module, "_run_wkhtmltopdf", recording):
        started = time.perf_counter()
        for document in books:
            document._produce()
            pages += page_count(document.attachment_id.raw)
        timings["journal_book"] = (time.perf_counter() - started, len(books))
    bin_path = report_module._wkhtml().bin
    started = time.perf_counter()
    for args in calls:
        subprocess.run([bin_path, *args], capture_output=True, check=False)
    bare = time.perf_counter() - started
    shutil.rmtree(keep, ignore_errors=True)
    kinds = {
        "summary_term": lambda d: d.group_id in groups,
        "summary_year": lambda d: d.group_id in groups,
        "student_record": lambda d: d.student_id in members,
        "export": lambda d: True,
        "export_schema": lambda d: True,
    }
    for kind, chosen in kinds.items():
        batch = documents.filtered(lambda d, k=kind, c=chosen: d.kind == k and c(d))
        started = time.perf_counter()
        for document in batch:
            document._produce()
        timings[kind] = (time.perf_counter() - started, len(batch))
    sizes = {
        document.table: document.file_size for document in documents if document.kind == "export"
    }
    peak_mb = peak_memory_mb()
    children_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return {
        "groups": len(groups),
        "pages": pages,
        "odoo_seconds": timings["journal_book"][0],
        "bare_seconds": bare,
        "wkhtmltopdf_runs": len(calls),
        "timings": timings,
        "planned": len(documents),
        "export_sizes": sizes,
        "peak_mb": peak_mb,
        "children_mb": children_mb,
    }


def main():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--size", choices=sorted(SIZES), default="typical")
    parser.add_argument(
        "--full-year",
        action="store_true",
        help="generate a whole year of lessons ending today (default: the year up to today)",
    )
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--keep", action="store_true", help="reuse an existing benchmark database")
    parser.add_argument(
        "--database", help="the benchmark database (default: hexlet_journal_bench_<size>)"
    )
    parser.add_argument(
        "--archive-groups",
        type=int,
        default=3,
        help="groups whose printed journals, summaries and records the archive part renders "
        "(0: skip the archive part)",
    )
    args = parser.parse_args()
    database = args.database or f"hexlet_journal_bench_{args.size}"
    generated = None
    if not (args.keep and database_exists(database)):
        install(database)
        env, cr = open_env(database)
        generated = generate(env, args.size, args.full_year)
        print_generated(generated)
        cr.close()
    else:
        update(database)
    env, cr = open_env(database)
    from odoo.addons.hexlet_journal.tools import college_today

    today = college_today(env)
    journal = env["edu.teaching.assignment"].search(
        [
            ("planned_hours", "=", 160),
            ("term_id.date_start", "<=", today),
            ("term_id.date_end", ">=", today),
        ],
        limit=1,
    )
    teacher_env = env(user=journal.teacher_id.id)
    journal = journal.with_env(teacher_env)
    grid = journal.journal_grid(journal.term_id.date_start, today)
    shape = f"{len(grid['students'])} × {len(grid['lessons'])}"
    grid_stats = measure(
        lambda: journal.journal_grid(journal.term_id.date_start, today), teacher_env, args.runs
    )
    # the same data with bare SQL, measured side by side in the same run
    ids = {
        "journal": journal.id,
        "group": journal.group_id.id,
        "subgroup": journal.subgroup_id.id or None,
    }
    term_start = journal.term_id.date_start
    bare_stats = measure(
        lambda: bare_grid(teacher_env, ids, term_start, today),
        teacher_env,
        args.runs,
    )
    # the journal's last lesson marked on the 5-point scale (a lab takes зач/незач)
    lesson = journal.lesson_ids.filtered(lambda one: one.mark_scale == "five").sorted("date")[-1]
    students = [row["id"] for row in grid["students"]]
    values = iter(["5", "4", "3", "н", "2", ""] * (args.runs + 1))

    def save():
        value = next(values)
        lesson.set_cells([{"student_id": student, "value": value} for student in students])

    save_stats = measure(save, teacher_env, args.runs)
    cr.rollback()
    # A monthly inspection of the whole college, as the academic department runs it
    head = env["res.users"].search(
        [("all_group_ids", "in", env.ref("hexlet_journal.group_academic_head").ids)], limit=1
    )
    inspection_env = env(user=head.id) if head else env
    month_start = max(today - timedelta(days=30), journal.term_id.date_start)

    def inspect():
        inspection = inspection_env["edu.inspection"].create(
            {"date_from": month_start, "date_to": today, "scope": "college"}
        )
        inspection.action_compute()

    inspection_stats = measure(inspect, inspection_env, max(3, args.runs // 10))
    journals = env["edu.teaching.assignment"].search_count([("term_id", "=", journal.term_id.id)])
    cr.rollback()

    # the deputy director's term inspection: the term so far, with the КТП conformity
    def inspect_term():
        inspection = inspection_env["edu.inspection"].create(
            {
                "kind": "semester",
                "date_from": journal.term_id.date_start,
                "date_to": today,
                "scope": "college",
            }
        )
        inspection.action_compute()

    term_inspection_stats = measure(inspect_term, inspection_env, max(3, args.runs // 10))
    cr.rollback()
    # the results for the Pedagogical Council of the year's terms: three tables and
    # the objectivity analysis, as the council's report reads them
    year_terms = journal.term_id.year_id.term_ids
    Metrics = inspection_env["edu.journal.metrics"]
    council_stats = measure(
        lambda: (Metrics._council_tables(year_terms), Metrics._objectivity(year_terms)),
        inspection_env,
        max(3, args.runs // 10),
    )
    cr.rollback()
    portal_stats = measure_portal(env, journal, today, args.runs)
    cr.rollback()
    archive_stats = None
    if args.archive_groups:
        with serving(database):
            archive_stats = measure_archive(env, args.archive_groups)
    cr.rollback()
    cr.close()
    print(f"\n## Benchmark — {args.size} college\n")
    if generated:
        print_generated(generated)
    print("| call | shape | median ms | p95 ms | queries | budget |")
    print("|---|---|---|---|---|---|")
    print(
        f"| `journal_grid` | {shape} | {grid_stats['median']:.1f} | {grid_stats['p95']:.1f} | "
        f"{grid_stats['queries']} | < 100 ms, ≤ 8 queries |"
    )
    print(
        f"| bare SQL read of the same lessons, students and cells | {shape} | "
        f"{bare_stats['median']:.1f} | {bare_stats['p95']:.1f} | {bare_stats['queries']} | — |"
    )
    print(
        f"\nThe grid takes **{grid_stats['median'] / bare_stats['median']:.1f}×** the time of "
        "a bare SQL read of its data (budget: within 5×).\n"
    )
    print("| call | shape | median ms | p95 ms | queries | budget |")
    print("|---|---|---|---|---|---|")
    print(
        f"| `set_cells` | {len(students)} cells | {save_stats['median']:.1f} | "
        f"{save_stats['p95']:.1f} | "
        f"{save_stats['queries']} | < 100 ms, ≤ 10 queries |"
    )
    print(
        f"| monthly inspection, whole college | {journals} journals | "
        f"{inspection_stats['median'] / 1000:.2f} s | {inspection_stats['p95'] / 1000:.2f} s | "
        f"{inspection_stats['queries']} | < 2 s, constant queries |"
    )
    print(
        f"| term inspection (КТП conformity), whole college | {journals} journals | "
        f"{term_inspection_stats['median'] / 1000:.2f} s | "
        f"{term_inspection_stats['p95'] / 1000:.2f} s | "
        f"{term_inspection_stats['queries']} | < 5 s, constant queries |"
    )
    print(
        f"| council results and objectivity, the year's {len(year_terms)} terms | whole college | "
        f"{council_stats['median'] / 1000:.2f} s | {council_stats['p95'] / 1000:.2f} s | "
        f"{council_stats['queries']} | constant queries |"
    )
    for name, stats in portal_stats:
        print(
            f"| portal: {name} | a student of the measured journal | {stats['median']:.1f} | "
            f"{stats['p95']:.1f} | {stats['queries']} | < 150 ms |"
        )
    if archive_stats:
        print_archive(archive_stats)


def print_generated(generated):
    """The generated college and the time of each step, as Markdown."""
    print(
        f"Generated {generated['students']} students in {generated['groups']} groups, "
        f"{generated['teachers']} teachers, {generated['guardians']} parents with portal "
        f"users, {generated['years']} years ({generated['years'] - 1} archived), "
        f"{generated['journals']} journals, {generated['lessons']} lessons, "
        f"{generated['entries']} journal cells, {generated['counts']['edu.lesson.entry.log']} "
        f"history rows, {generated['counts']['edu.attestation.line']} statement lines, "
        f"{generated['weekly_checks']} weekly checks in "
        f"**{generated['total_seconds'] / 60:.1f} min** (budget: a year in < 15 min).\n"
    )
    print("| generation step | seconds |")
    print("|---|---|")
    for step, seconds in generated["timings"].items():
        print(f"| {step} | {seconds:.0f} |")
    print()


def print_archive(stats):
    odoo_rate = stats["pages"] / stats["odoo_seconds"]
    bare_rate = stats["pages"] / stats["bare_seconds"]
    print(f"\n### Year-end archive — {stats['planned']} documents planned for the year\n")
    print(
        f"Printed journals of {stats['groups']} groups, {stats['pages']} sheets, "
        f"{stats['wkhtmltopdf_runs']} wkhtmltopdf runs: Odoo {stats['odoo_seconds']:.1f} s "
        f"({odoo_rate:.2f} sheets/s), bare wkhtmltopdf on the same HTML "
        f"{stats['bare_seconds']:.1f} s ({bare_rate:.2f} sheets/s): Odoo at "
        f"**{100 * odoo_rate / bare_rate:.0f} %** of bare throughput (budget ≥ 80 %).\n"
    )
    print("| documents | count | seconds | per document |")
    print("|---|---|---|---|")
    for kind, (seconds, count) in stats["timings"].items():
        each = f"{seconds / count:.2f} s" if count else "—"
        print(f"| {kind} | {count} | {seconds:.1f} | {each} |")
    sizes = ", ".join(
        f"{table} {size / 1e6:.1f} MB" for table, size in stats["export_sizes"].items()
    )
    print(f"\nData export of the whole college: {sizes}.")
    print(
        f"Peak resident memory: Odoo process {stats['peak_mb']:.0f} MB, largest wkhtmltopdf "
        f"{stats['children_mb']:.0f} MB (budget: the archive within 2 GiB)."
    )


if __name__ == "__main__":
    main()
