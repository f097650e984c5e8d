"""The benchmark's college: generated through the ORM where it matters and with
set-based SQL where the ORM is the bottleneck (DESIGN.md §8).

Importable without Odoo (``tools/benchmark.py`` uses it on a fresh database;
``hexlet_journal_portal/tests/test_bench_generator.py`` runs it on a tiny
college inside the suite and checks that every row the SQL wrote is what the
ORM would have written: stored computed and related columns, constraints,
required fields, the cells' history).

What goes through the ORM: people (teachers, students, guardians with their
portal users), the program, disciplines, КТП, groups, memberships, years and
terms, journals, the attestation statements' computed figures, the weekly
checks (``edu.weekly.check._build``), the archiving of the earlier years
(``edu.archive._archive_year``). What goes through SQL: lessons, the timetable,
journal cells and their history, statement headers and lines — the SQL below
writes their own columns and the cheap computed ones; ``SQL_MODELS`` lists
them for the test.
"""

import time
from datetime import timedelta

SIZES = {
    "tiny": {
        "groups": 2,
        "students": 4,
        "teachers": 3,
        "journals": (3, 2),
        "lessons": (10, 4),
        "archived_groups": 1,
        "guardians": 3,
    },
    "typical": {
        "groups": 60,
        "students": 25,
        "teachers": 90,
        "journals": (12, 9),
        "lessons": (80, 40),
        "archived_groups": 30,
        "guardians": 300,
    },
    "large": {
        "groups": 200,
        "students": 25,
        "teachers": 300,
        "journals": (12, 9),
        "lessons": (80, 40),
        "archived_groups": 100,
        "guardians": 600,
    },
}
# the models whose rows the SQL below writes (the generator's test checks each)
SQL_MODELS = (
    "edu.lesson",
    "edu.schedule.slot",
    "edu.lesson.entry",
    "edu.lesson.entry.log",
    "edu.attestation",
    "edu.attestation.line",
)
ARCHIVED_YEARS = 2
WEEKLY_CHECK_WEEKS = 4  # the curators' checks built for the last weeks (weekly_checks)
LATE_SHARE = 0.05  # lessons entered one to three days after their day
PASSWORD_LOGIN_PREFIX = "bench"


def year_dates(today, full_year, back=0):
    """The current academic year (``back`` = 0) or an earlier one: its dates
    and its two terms' dates. A full year ends today (every lesson of it is
    given: a lesson is never entered in advance); otherwise the year runs from
    September 1 to June 30 around today."""
    if full_year:
        end = today
        start = end - timedelta(days=302)
    else:
        first = today.year if today.month >= 9 else today.year - 1
        start = today.replace(year=first, month=9, day=1)
        end = today.replace(year=first + 1, month=6, day=30)
    start, end = start - timedelta(days=365 * back), end - timedelta(days=365 * back)
    first_end = start + timedelta(days=119)
    return start, end, [(start, first_end), (first_end + timedelta(days=13), end)]


def insert_lessons(cr, term_ids, today, seed=0.42):
    """Every journal of the terms gets its lessons (one per КТП line, as many as
    its planned hours ÷ 2 allow) spread over the term up to today; every
    computed column filled as the ORM would; about 5 % entered late."""
    cr.execute("SELECT setseed(%s)", [seed])
    cr.execute(
        """
        INSERT INTO edu_lesson (assignment_id, term_id, group_id, discipline_id, subgroup_id,
            pair_number, topic_line_id, topic, kind, mark_scale, hours, practical_number,
            planned_teacher_id, teacher_id, is_substitution, entered_at, entered_by_id,
            is_late, delay_days, state, date, create_uid, write_uid, create_date, write_date)
        SELECT a.id, a.term_id, a.group_id, a.discipline_id, a.subgroup_id,
            1 + (n.k %% 4), line.id, line.topic, COALESCE(line.kind, 'theory'),
            CASE COALESCE(line.kind, 'theory') WHEN 'consultation' THEN 'none'
                WHEN 'lab' THEN 'pass_fail' ELSE 'five' END,
            COALESCE(NULLIF(line.hours, 0), 2.0), 0, a.teacher_id, a.teacher_id, FALSE,
            -- entered at 14:00 college time (Moscow, UTC+3) on the day or a few days late
            d.day + late.days + time '11:00', a.teacher_id, late.days > 0, late.days, 'done',
            d.day, 1, 1, now() at time zone 'UTC', now() at time zone 'UTC'
        FROM edu_teaching_assignment a
        JOIN edu_term t ON t.id = a.term_id
        JOIN LATERAL (SELECT LEAST(t.date_end, %(today)s::date) AS last) span ON TRUE
        JOIN LATERAL generate_series(0, (a.planned_hours / 2)::int - 1) AS n(k) ON TRUE
        JOIN LATERAL (
            SELECT (t.date_start + (n.k * (span.last - t.date_start)
                    / GREATEST((a.planned_hours / 2)::int, 1)))::date AS day
        ) d ON TRUE
        JOIN LATERAL (
            SELECT CASE WHEN random() + 0 * n.k < %(late)s
                        THEN LEAST(1 + floor(random() * 3)::int, span.last - d.day)
                        ELSE 0 END AS days
        ) late ON TRUE
        JOIN edu_topic_plan_line line
            ON line.plan_id = a.topic_plan_id AND line.sequence = n.k + 1
        WHERE a.term_id = ANY(%(terms)s) AND span.last >= t.date_start
        """,
        {"today": today, "terms": list(term_ids), "late": LATE_SHARE},
    )


def insert_slots(cr, term_ids):
    """The timetable: each journal once a week over its term (the ORM's default
    range), on the first weekday and pair free for both its group and its
    teacher (a group and a teacher are in one place per pair)."""
    cr.execute(
        """SELECT id, term_id, group_id, teacher_id FROM edu_teaching_assignment
            WHERE term_id = ANY(%s) ORDER BY term_id, group_id, id""",
        [list(term_ids)],
    )
    slots = [(weekday, pair) for pair in range(1, 7) for weekday in range(5)]
    taken = set()
    plan = []
    for journal, term, group, teacher in cr.fetchall():
        for weekday, pair in slots:
            if ("group", term, group, weekday, pair) in taken or (
                "teacher",
                term,
                teacher,
                weekday,
                pair,
            ) in taken:
                continue
            taken |= {
                ("group", term, group, weekday, pair),
                ("teacher", term, teacher, weekday, pair),
            }
            plan.append((journal, str(weekday), pair))
            break
    cr.execute(
        """
        INSERT INTO edu_schedule_slot (assignment_id, term_id, group_id, subgroup_id,
            teacher_id, slot_type, weekday, week_parity, date_from, date_to, pair_number,
            room, create_uid, write_uid, create_date, write_date)
        SELECT a.id, a.term_id, a.group_id, a.subgroup_id, a.teacher_id, 'weekly',
            p.weekday, 'every', t.date_start, t.date_end, p.pair, '101',
            1, 1, now() at time zone 'UTC', now() at time zone 'UTC'
        FROM unnest(%s::int[], %s::varchar[], %s::int[]) AS p(journal, weekday, pair)
        JOIN edu_teaching_assignment a ON a.id = p.journal
        JOIN edu_term t ON t.id = a.term_id
        """,
        [[row[0] for row in plan], [row[1] for row in plan], [row[2] for row in plan]],
    )


def insert_entries(cr, term_ids, seed=0.42):
    """Every cell of every lesson of the terms, for the students of the group on
    the lesson's day: 8 % absent, 35 % marked on the lesson's scale, the rest
    blank (present)."""
    cr.execute("SELECT setseed(%s)", [seed])
    cr.execute(
        """
        INSERT INTO edu_lesson_entry (lesson_id, student_id, assignment_id, date, absent, mark,
            create_uid, write_uid, create_date, write_date)
        SELECT l.id, m.student_id, l.assignment_id, l.date, r.x < 0.08,
            CASE WHEN r.x >= 0.08 AND r.x < 0.43 THEN
                CASE l.mark_scale
                    WHEN 'five' THEN (ARRAY['5','4','3','2'])[1 + floor(r.y * 4)::int]
                    WHEN 'pass_fail' THEN (ARRAY['pass','pass','pass','fail'])[
                        1 + floor(r.y * 4)::int]
                END
            END,
            1, 1, now() at time zone 'UTC', now() at time zone 'UTC'
        FROM edu_lesson l
        JOIN edu_group_membership m ON m.group_id = l.group_id
            AND m.date_from <= l.date AND (m.date_to IS NULL OR m.date_to >= l.date)
        JOIN LATERAL (SELECT random() + 0 * l.id AS x, random() + 0 * l.id AS y) r ON TRUE
        WHERE l.term_id = ANY(%(terms)s)
        """,
        {"terms": list(term_ids)},
    )


def insert_entry_logs(cr, term_ids):
    """The history of the filled cells: each was typed by the lesson's teacher
    when the lesson was entered (what ``edu.lesson.entry._log_changes`` writes
    for a created cell)."""
    cr.execute(
        """
        INSERT INTO edu_lesson_entry_log (lesson_id, assignment_id, group_id, lesson_date,
            student_id, user_id, changed_at, old_value, new_value, after_lesson_day,
            lesson_deleted)
        SELECT e.lesson_id, l.assignment_id, l.group_id, l.date, e.student_id,
            l.entered_by_id, l.entered_at, '',
            CASE WHEN e.absent THEN 'н' WHEN e.mark = 'pass' THEN 'зач'
                 WHEN e.mark = 'fail' THEN 'незач' ELSE e.mark END,
            l.delay_days > 0, FALSE
        FROM edu_lesson_entry e
        JOIN edu_lesson l ON l.id = e.lesson_id
        WHERE l.term_id = ANY(%(terms)s) AND (e.absent OR e.mark IS NOT NULL)
        """,
        {"terms": list(term_ids)},
    )


def insert_statements(cr, term_ids, max_unexcused_share):
    """The attestation statement of every journal of the (finished) terms, dated
    the term's last day, with a line per student of the journal on that day.
    Their own columns and the required form: ``recompute_stored`` fills the
    computed ones through the ORM. Returns the statements' and lines' ids."""
    cr.execute(
        """
        INSERT INTO edu_attestation (assignment_id, form, date, max_unexcused_share, state,
            create_uid, write_uid, create_date, write_date)
        SELECT a.id, COALESCE(NULLIF(c.attestation_form, 'none'), 'diff_credit'), t.date_end,
            %(share)s, 'draft', 1, 1, now() at time zone 'UTC', now() at time zone 'UTC'
        FROM edu_teaching_assignment a
        JOIN edu_term t ON t.id = a.term_id
        LEFT JOIN edu_curriculum_line c ON c.id = a.curriculum_line_id
        WHERE a.term_id = ANY(%(terms)s)
        RETURNING id
        """,
        {"terms": list(term_ids), "share": max_unexcused_share},
    )
    statement_ids = [row[0] for row in cr.fetchall()]
    cr.execute(
        """
        INSERT INTO edu_attestation_line (attestation_id, student_id, create_uid, write_uid,
            create_date, write_date)
        SELECT s.id, m.student_id, 1, 1, now() at time zone 'UTC', now() at time zone 'UTC'
        FROM edu_attestation s
        JOIN edu_teaching_assignment a ON a.id = s.assignment_id
        JOIN edu_group_membership m ON m.group_id = a.group_id
            AND m.date_from <= s.date AND (m.date_to IS NULL OR m.date_to >= s.date)
        WHERE s.id = ANY(%(statements)s)
        RETURNING id
        """,
        {"statements": statement_ids},
    )
    return statement_ids, [row[0] for row in cr.fetchall()]


def recompute_stored(records, names=None):
    """Every stored computed (and stored related) field of the records computed by
    the ORM and written, in batches: the ORM's own logic, never a copy of it."""
    env = records.env
    for field in records._fields.values():
        if field.store and field.compute and (names is None or field.name in names):
            env.add_to_compute(field, records)
    env.flush_all()


def close_statements(env, statement_ids, line_ids):
    """Compute the statements' figures through the ORM, give every admitted
    student the result his current average earns, close the statements."""
    statements = env["edu.attestation"].browse(statement_ids)
    lines = env["edu.attestation.line"].browse(line_ids)
    recompute_stored(statements)
    recompute_stored(lines)
    by_result = {}
    for line in lines:
        if not line.admitted:
            result = "not_admitted"
        elif line.attestation_id.form == "credit":
            result = "pass" if line.current_average >= 3 or not line.current_average else "fail"
        else:
            result = str(min(max(round(line.current_average or 4), 2), 5))
        by_result.setdefault(result, []).append(line.id)
    for result, ids in by_result.items():
        lines.browse(ids).write({"result": result})
    env.flush_all()
    env.cr.execute(
        "UPDATE edu_attestation SET state = 'done' WHERE id = ANY(%s)", [list(statement_ids)]
    )
    statements.invalidate_recordset(["state"])


def create_people(env, spec, today, first_year_start, current_start, prefix):
    """Teachers, the program, disciplines, approved КТП, groups with curators,
    students (minors) in their groups since the first year they study in."""
    teacher_group = env.ref("hexlet_journal.group_teacher")
    teachers = (
        env["res.users"]
        .with_context(no_reset_password=True)
        .create(
            [
                {
                    "name": f"Преподаватель {index:03d}",
                    "login": f"{prefix}_teacher_{index:03d}",
                    "group_ids": [(6, 0, [teacher_group.id])],
                }
                for index in range(spec["teachers"])
            ]
        )
    )
    program = env["edu.program"].create(
        {
            "code": "09.02.07" if prefix == PASSWORD_LOGIN_PREFIX else "09.02.99",
            "name": "Информационные системы",
        }
    )
    journals = max(spec["journals"])
    lessons = max(spec["lessons"])
    disciplines = env["edu.discipline"].create(
        [
            {"code": f"{prefix[:1].upper()}.{index:02d}", "name": f"Дисциплина {index}"}
            for index in range(journals)
        ]
    )
    plans = env["edu.topic.plan"].create(
        [
            {
                "name": f"КТП {discipline.code}",
                "discipline_id": discipline.id,
                "line_ids": [
                    (
                        0,
                        0,
                        {
                            "sequence": number,
                            "topic": f"Тема {number}",
                            "hours": 2,
                            "kind": "lab"
                            if number % 10 == 0
                            else "practical"
                            if number % 3 == 0
                            else "theory",
                        },
                    )
                    for number in range(1, lessons + 1)
                ],
            }
            for discipline in disciplines
        ]
    )
    # lessons take their topics from an approved КТП
    plans.write({"state": "approved"})
    groups = env["edu.group"].create(
        [
            {
                "name": f"{prefix[:1].upper()}-{index:03d}",
                "program_id": program.id,
                "admission_year": current_start.year,
                "curator_id": teachers[index % len(teachers)].id,
            }
            for index in range(spec["groups"])
        ]
    )
    students = env["edu.student"].create(
        [
            {
                "last_name": f"Студент{group_index:03d}{index:02d}",
                "first_name": "Тест",
                "record_book_number": f"{prefix[:1].upper()}{group_index:03d}{index:02d}",
                "birthdate": today - timedelta(days=16 * 365 + group_index + index),
            }
            for group_index in range(spec["groups"])
            for index in range(spec["students"])
        ]
    )
    env["edu.group.membership"].create(
        [
            {
                "student_id": student.id,
                "group_id": groups[index // spec["students"]].id,
                "date_from": first_year_start
                if index // spec["students"] < spec["archived_groups"]
                else current_start,
            }
            for index, student in enumerate(students)
        ]
    )
    return teachers, disciplines, plans, groups, students


def create_guardians(env, students, count, today, prefix):
    """A mother with a portal user for the first ``count`` students: the
    families of the portal's load test."""
    chosen = students[:count]
    partners = env["res.partner"].create(
        [{"name": f"Родитель {student.name}"} for student in chosen]
    )
    env["res.users"].with_context(no_reset_password=True).create(
        [
            {
                "name": partner.name,
                "login": f"{prefix}_parent_{index:04d}",
                "partner_id": partner.id,
                "group_ids": [(6, 0, [env.ref("hexlet_journal.group_parent").id])],
            }
            for index, partner in enumerate(partners)
        ]
    )
    return env["edu.guardian"].create(
        [
            {
                "student_id": student.id,
                "partner_id": partner.id,
                "relation": "mother",
                "is_legal_representative": True,
                "portal_access": True,
                "pd_consent": True,
                "pd_consent_date": today - timedelta(days=30),
            }
            for student, partner in zip(chosen, partners, strict=True)
        ]
    )


def generate(env, size, today, full_year=False, prefix=PASSWORD_LOGIN_PREFIX, log=print):
    """The college of ``size``: the current year (up to today, or ``full_year``:
    a year ending today) and ``ARCHIVED_YEARS`` archived years before it with
    the first ``archived_groups`` groups. Returns counts and timings."""
    from odoo.tools import SQL

    spec = SIZES[size] if isinstance(size, str) else size
    timings = {}
    started = time.perf_counter()
    years_back = list(range(ARCHIVED_YEARS, -1, -1))
    first_start = year_dates(today, full_year, ARCHIVED_YEARS)[0]
    current_start = year_dates(today, full_year)[0]
    teachers, disciplines, plans, groups, students = create_people(
        env, spec, today, first_start, current_start, prefix
    )
    guardians = create_guardians(env, students, spec["guardians"], today, prefix)
    env.flush_all()
    timings["people (ORM)"] = time.perf_counter() - started
    cr = env.cr
    years = env["edu.academic.year"]
    finished_terms = []
    share = float(
        env["ir.config_parameter"].sudo().get_param("hexlet_journal.admission_max_unexcused", 30)
    )
    for back in years_back:
        started = time.perf_counter()
        start, end, term_dates = year_dates(today, full_year, back)
        year = env["edu.academic.year"].create(
            {
                "name": f"{start.year}/{start.year + 1}"
                + ("" if prefix == PASSWORD_LOGIN_PREFIX else f" {prefix}"),
                "date_start": start,
                "date_end": end,
            }
        )
        years |= year
        terms = env["edu.term"].create(
            [
                {"year_id": year.id, "number": str(number), "date_start": s, "date_end": e}
                for number, (s, e) in enumerate(term_dates, start=1)
            ]
        )
        scope = groups[: spec["archived_groups"]] if back else groups
        vals = []
        for term_index, term in enumerate(terms):
            for group_index, group in enumerate(scope):
                for index in range(spec["journals"][term_index]):
                    vals.append(
                        {
                            "term_id": term.id,
                            "group_id": group.id,
                            "discipline_id": disciplines[index].id,
                            "teacher_id": teachers[
                                (group_index * len(disciplines) + index) % len(teachers)
                            ].id,
                            "planned_hours": 2 * spec["lessons"][0 if index == 0 else 1],
                            "topic_plan_id": plans[index].id,
                        }
                    )
        assignments = env["edu.teaching.assignment"].create(vals)
        env.flush_all()
        timings[f"year {year.name}: journals (ORM)"] = time.perf_counter() - started
        started = time.perf_counter()
        insert_lessons(cr, terms.ids, today)
        env["edu.lesson"]._renumber_practicals(assignments)
        insert_slots(cr, terms.ids)
        insert_entries(cr, terms.ids)
        insert_entry_logs(cr, terms.ids)
        timings[f"year {year.name}: lessons, cells, history (SQL)"] = time.perf_counter() - started
        finished_terms += [term for term in terms if term.date_end < today]
        log(f"  year {year.name} generated")
    started = time.perf_counter()
    finished = env["edu.term"].browse([term.id for term in finished_terms])
    statement_ids, line_ids = insert_statements(cr, finished.ids, share)
    env.invalidate_all()
    close_statements(env, statement_ids, line_ids)
    timings["attestation statements (SQL, figures by the ORM)"] = time.perf_counter() - started
    started = time.perf_counter()
    current = years[-1]
    checks = weekly_checks(env, groups, current.date_start, today, WEEKLY_CHECK_WEEKS)
    timings[f"weekly checks of the last {WEEKLY_CHECK_WEEKS} weeks (ORM)"] = (
        time.perf_counter() - started
    )
    started = time.perf_counter()
    archived = years[:-1]
    archive_years(env, archived)
    timings["archiving the earlier years (ORM)"] = time.perf_counter() - started
    env.invalidate_all()
    counts = {}
    for model in (*SQL_MODELS, "edu.weekly.check"):
        cr.execute(SQL("SELECT count(*) FROM %s", SQL.identifier(env[model]._table)))
        counts[model] = cr.fetchone()[0]
    return {
        "students": len(students),
        "groups": len(groups),
        "teachers": len(teachers),
        "guardians": len(guardians),
        "years": len(years),
        "journals": env["edu.teaching.assignment"].search_count(
            [("term_id.year_id", "in", years.ids)]
        ),
        "lessons": counts["edu.lesson"],
        "entries": counts["edu.lesson.entry"],
        "counts": counts,
        "weekly_checks": len(checks),
        "timings": timings,
    }


def weekly_checks(env, groups, date_from, today, weeks=None):
    """The curators' weekly checks of the last ``weeks`` weeks (all past weeks
    when None), built by the model (``edu.weekly.check._build``) as the Monday
    cron does. A check is built from its group's whole term so far: a year of
    Mondays for the large college's 200 groups (8,600 checks) ran over ten
    minutes without finishing; the last weeks are what the curators' screens
    and reports read."""
    Check = env["edu.weekly.check"]
    last_week_end = today - timedelta(days=today.weekday() + 1)
    if weeks:
        date_from = max(date_from, last_week_end - timedelta(days=7 * weeks - 1))
    due = Check._weeks_due(groups, date_from, last_week_end)
    vals = [Check._build(group, week) for group, weeks in due.items() for week in weeks]
    checks = Check.create(vals) if vals else Check
    env.flush_all()
    return checks


def archive_years(env, years):
    """The earlier years archived as the archive wizard leaves them: state
    archived, the archive and its planned documents. Their rendering (queue
    jobs) is the archive benchmark's part: the jobs are cancelled here."""
    if "edu.archive" not in env:
        years.write({"state": "archived"})
        return
    for year in years.sorted("date_start"):
        env["edu.archive"]._archive_year(year)
    if "queue.job" in env:
        jobs = env["queue.job"].search(
            [("state", "in", ("pending", "enqueued", "wait_dependencies"))]
        )
        jobs.write({"state": "cancelled"})
    env.flush_all()
