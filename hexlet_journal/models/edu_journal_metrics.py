"""Figures of the journal for inspections, reports and dashboards (§3.5, §6, §7.2).

Every figure is read in a few grouped queries over the whole scope, never a
query per journal, so a monthly inspection of the whole college stays fast.
"""

from collections import defaultdict
from datetime import timedelta

from odoo import api, models
from odoo.exceptions import AccessError
from odoo.tools import SQL

from ..tools import college_day_bounds, college_now, college_today
from .edu_attestation import GOOD, PASSED
from .edu_group_membership import period_covers, period_overlaps
from .edu_lesson_entry import ABSENT, MARK_SCALES

FIVE_POINT = MARK_SCALES["five"]


class EduJournalMetrics(models.AbstractModel):
    """The figures are read in sudo over the whole scope: every public method first
    checks that its caller is one of the managers they are for."""

    _name = "edu.journal.metrics"
    _description = "Journal Metrics"

    @api.model
    def _check_reader(self):
        user = self.env.user
        if self.env.su or any(
            user.has_group(group)
            for group in (
                "hexlet_journal.group_academic_head",
                "hexlet_journal.group_deputy_director",
                "hexlet_journal.group_director",
            )
        ):
            return
        raise AccessError(
            self.env._("The journal's figures are for the academic department and the directors.")
        )

    @api.model
    def _lessons_due(self, assignments, date_from, date_to):
        """{assignment_id: number of lessons the schedule required in the period}."""
        due = defaultdict(int)
        for item in (
            self.env["edu.schedule.slot"]
            .sudo()
            ._lessons_due_between(date_from, date_to, assignments=assignments)
        ):
            due[item["assignment"].id] += 1
        return due

    @api.model
    def _journal_metrics(self, assignments, date_from, date_to):
        """Per journal: lessons due and entered, on time, delays, empty topics,
        КТП hours given / planned to date / of the curriculum, marks per student
        per month and attendance."""
        self._check_reader()
        assignments = assignments.sudo()
        Lesson = self.env["edu.lesson"].sudo()
        domain = [
            ("assignment_id", "in", assignments.ids),
            ("date", ">=", date_from),
            ("date", "<=", date_to),
        ]
        late = {
            assignment.id: count
            for assignment, count in Lesson._read_group(
                [*domain, ("is_late", "=", True)], ["assignment_id"], ["__count"]
            )
        }
        lessons = {
            assignment.id: (count, late.get(assignment.id, 0), delay, hours)
            for assignment, count, delay, hours in Lesson._read_group(
                domain, ["assignment_id"], ["__count", "delay_days:sum", "hours:sum"]
            )
        }
        empty_topics = {
            assignment.id: count
            for assignment, count in Lesson._read_group(
                [*domain, ("topic", "in", ("", " "))], ["assignment_id"], ["__count"]
            )
        }
        given_total = {
            assignment.id: hours
            for assignment, hours in Lesson._read_group(
                [("assignment_id", "in", assignments.ids), ("date", "<=", date_to)],
                ["assignment_id"],
                ["hours:sum"],
            )
        }
        Entry = self.env["edu.lesson.entry"].sudo()
        entry_domain = [
            ("assignment_id", "in", assignments.ids),
            ("date", ">=", date_from),
            ("date", "<=", date_to),
        ]
        absences = {
            assignment.id: count
            for assignment, count in Entry._read_group(
                [*entry_domain, ("absent", "=", True)], ["assignment_id"], ["__count"]
            )
        }
        marks = {
            assignment.id: count
            for assignment, count in Entry._read_group(
                [*entry_domain, ("mark", "!=", False)], ["assignment_id"], ["__count"]
            )
        }
        # the students who were in the journal (its group, or its subgroup) in the period
        members = assignments._member_periods(date_from, date_to)
        planned_lines = (
            self.env["edu.topic.plan.line"]
            .sudo()
            .search_fetch(
                [("plan_id", "in", assignments.topic_plan_id.ids)],
                ["plan_id", "hours", "planned_week"],
            )
        )
        due = self._lessons_due(assignments, date_from, date_to)
        months = max(((date_to - date_from).days + 1) / 30.0, 1 / 30.0)
        result = {}
        for assignment in assignments:
            count, late, delay, hours = lessons.get(assignment.id, (0, 0, 0, 0.0))
            students = len(members[assignment.id])
            term_start = assignment.term_id.date_start
            week_index = max((date_to - term_start).days // 7 + 1, 0)
            planned_to_date = sum(
                line.hours
                for line in planned_lines
                if line.plan_id == assignment.topic_plan_id
                and (line.planned_week or 0) <= week_index
            )
            cells = count * students
            result[assignment.id] = {
                "students": students,
                "lessons_due": due.get(assignment.id, 0),
                "lessons_entered": count,
                "lessons_missing": max(due.get(assignment.id, 0) - count, 0),
                "on_time_pct": round(100.0 * (count - late) / count, 1) if count else 0.0,
                "late_count": late,
                "avg_delay": round(delay / late, 1) if late else 0.0,
                "empty_topics": empty_topics.get(assignment.id, 0),
                "hours_given": hours,
                "hours_given_total": given_total.get(assignment.id, 0.0),
                "hours_planned_to_date": planned_to_date,
                "hours_curriculum": assignment.planned_hours,
                "marks_per_student_month": round(marks.get(assignment.id, 0) / students / months, 2)
                if students
                else 0.0,
                "attendance_pct": round(100.0 * (cells - absences.get(assignment.id, 0)) / cells, 1)
                if cells
                else 0.0,
            }
        return result

    @api.model
    def _teacher_activity(self, date_from, date_to, teachers=None):
        """§6.1 per teacher: lessons entered, on time (count and %), late count,
        average delay, lessons missing by the schedule, cells put or changed after
        the lesson day (by whoever changed them, during the period in college
        time): all of them, those about attendance («н» before or after) and
        those about marks."""
        self._check_reader()
        Lesson = self.env["edu.lesson"].sudo()
        domain = [("date", ">=", date_from), ("date", "<=", date_to)]
        if teachers:
            domain.append(("teacher_id", "in", teachers.ids))
        late = {
            teacher.id: count
            for teacher, count in Lesson._read_group(
                [*domain, ("is_late", "=", True)], ["teacher_id"], ["__count"]
            )
        }
        rows = {
            teacher.id: (count, late.get(teacher.id, 0), delay)
            for teacher, count, delay in Lesson._read_group(
                domain, ["teacher_id"], ["__count", "delay_days:sum"]
            )
        }
        assignment_domain = [
            ("term_id.date_start", "<=", date_to),
            ("term_id.date_end", ">=", date_from),
        ]
        if teachers:
            assignment_domain.append(("teacher_id", "in", teachers.ids))
        assignments = self.env["edu.teaching.assignment"].sudo().search(assignment_domain)
        due = self._lessons_due(assignments, date_from, date_to)
        entered = {
            assignment.id: count
            for assignment, count in Lesson._read_group(
                [("assignment_id", "in", assignments.ids), *domain[:2]],
                ["assignment_id"],
                ["__count"],
            )
        }
        missing = defaultdict(int)
        for assignment in assignments:
            missing[assignment.teacher_id.id] += max(
                due.get(assignment.id, 0) - entered.get(assignment.id, 0), 0
            )
        start, end = college_day_bounds(self.env, date_from, date_to)
        log_domain = [
            ("after_lesson_day", "=", True),
            ("changed_at", ">=", start),
            ("changed_at", "<", end),
        ]
        Log = self.env["edu.lesson.entry.log"].sudo()
        changes = {
            user.id: count for user, count in Log._read_group(log_domain, ["user_id"], ["__count"])
        }
        attendance_changes = {
            user.id: count
            for user, count in Log._read_group(
                [*log_domain, "|", ("old_value", "=", ABSENT), ("new_value", "=", ABSENT)],
                ["user_id"],
                ["__count"],
            )
        }
        # whoever changed cells after their lesson day is in it, even without lessons
        users = set(rows) | {uid for uid, value in missing.items() if value} | set(changes)
        if teachers:
            users = set(teachers.ids)
        users.discard(False)
        result = {}
        for user_id in users:
            count, late, delay = rows.get(user_id, (0, 0, 0))
            changed = changes.get(user_id, 0)
            attendance = attendance_changes.get(user_id, 0)
            result[user_id] = {
                "lessons_entered": count,
                "on_time_count": count - late,
                "on_time_pct": round(100.0 * (count - late) / count, 1) if count else 0.0,
                "late_count": late,
                "avg_delay": round(delay / late, 1) if late else 0.0,
                "lessons_missing": missing.get(user_id, 0),
                "changed_after_day": changed,
                "changed_attendance": attendance,
                "changed_marks": changed - attendance,
            }
        return result

    @api.model
    def _council_results(self, terms, group_by="group_id", groups=None):
        """§6.2 per group, discipline or teacher: успеваемость % (no 2, «не
        зачтено», «не явился» or «не допущен» at attestation), качество знаний %
        (only 4 and 5), attendance % with the unexcused part.

        A key with lessons but no attestation yet (a term in progress) still
        has its attendance; a figure without data is None, not 0. ``groups``
        narrows it to those groups (a group's summary statement).
        """
        self._check_reader()
        domain = [("attestation_id.term_id", "in", terms.ids)]
        if groups is not None:
            domain.append(("attestation_id.group_id", "in", groups.ids))
        lines = self.env["edu.attestation.line"].sudo().search(domain)
        buckets = defaultdict(lambda: defaultdict(list))
        for line in lines:
            statement = line.attestation_id
            key = {
                "group_id": statement.group_id,
                "discipline_id": statement.discipline_id,
                "teacher_id": statement.teacher_id,
            }[group_by]
            buckets[key][line.student_id.id].append(line.final_result)
        attendance = self._attendance(terms, group_by, groups)
        result = {}
        for key in list(buckets) + [key for key in attendance if key not in buckets]:
            if not key:
                continue
            students = buckets.get(key, {})
            total = len(students)
            passed = sum(1 for results in students.values() if all(r in PASSED for r in results))
            quality = sum(
                1
                for results in students.values()
                if all(r in GOOD for r in results) and any(r in FIVE_POINT for r in results)
            )
            seats = attendance.get(key, {})
            result[key] = {
                "students": len(set(students) | seats.get("students", set())),
                "progress_pct": round(100.0 * passed / total, 1) if total else None,
                "quality_pct": round(100.0 * quality / total, 1) if total else None,
                "attendance_pct": seats.get("attendance_pct"),
                "unexcused_pct": seats.get("unexcused_pct"),
            }
        return result

    def _attendance(self, terms, group_by, groups=None):
        """{key: attendance % and unexcused % over the seats of the terms'
        lessons, and the ids of the students seated}."""
        Entry = self.env["edu.lesson.entry"].sudo()
        field = group_by
        domain = [("lesson_id.term_id", "in", terms.ids), ("absent", "=", True)]
        if groups is not None:
            domain.append(("lesson_id.group_id", "in", groups.ids))
        absent = Entry.search_fetch(domain, ["student_id", "date", "lesson_id"])
        excused = (
            self.env["edu.absence.excuse"]._excused_days(
                absent.student_id, min(terms.mapped("date_start")), max(terms.mapped("date_end"))
            )
            if absent
            else {}
        )
        totals = {
            key: (tally["absences"], tally["unexcused"])
            for key, tally in absent._tally(
                key=lambda entry: entry.lesson_id[field], excused=excused
            ).items()
        }
        seats, seated = self._seats(terms, group_by, groups)
        result = {}
        for key, count in seats.items():
            absences, unexcused = totals.get(key, (0, 0))
            result[key] = {
                "attendance_pct": round(100.0 * (count - absences) / count, 1) if count else None,
                "unexcused_pct": round(100.0 * unexcused / count, 1) if count else None,
                "students": seated[key],
            }
        return result

    def _seats(self, terms, group_by, groups=None):
        """Student-lessons (for each lesson, the members of its journal that day)
        and the students seated, per key."""
        domain = [("term_id", "in", terms.ids)]
        if groups is not None:
            domain.append(("group_id", "in", groups.ids))
        lessons = (
            self.env["edu.lesson"].sudo().search_fetch(domain, ["assignment_id", "date", group_by])
        )
        days = lessons.mapped("date")
        members = lessons.assignment_id._member_periods(min(days), max(days)) if lessons else {}
        seats = defaultdict(int)
        seated = defaultdict(set)
        # the pairs of a day share their class: who was in it is asked once
        classes = {}
        for lesson in lessons:
            journal = lesson.assignment_id
            key = (lesson.group_id.id, lesson.date, journal.subgroup_id.id)
            if key not in classes:
                classes[key] = {
                    student_id
                    for student_id, periods in members[journal.id].items()
                    if any(period_covers(start, end, lesson.date) for start, end in periods)
                }
            present = classes[key]
            seats[lesson[group_by]] += len(present)
            seated[lesson[group_by]] |= present
        return seats, seated

    @api.model
    def _objectivity(self, terms, threshold=1.0):
        """§2.2: current-control average vs attestation mark. Per journal and
        teacher: mean deviation (mark − average), share of lines deviating by
        ≥ threshold, and the outlying lines."""
        self._check_reader()
        lines = (
            self.env["edu.attestation.line"]
            .sudo()
            .search([("attestation_id.term_id", "in", terms.ids), ("result", "in", FIVE_POINT)])
        )
        per_journal = defaultdict(list)
        per_teacher = defaultdict(list)
        outliers = []
        for line in lines:
            if not line.current_average:
                continue
            deviation = int(line.result) - line.current_average
            per_journal[line.attestation_id.assignment_id].append(deviation)
            per_teacher[line.attestation_id.teacher_id].append(deviation)
            if abs(deviation) >= threshold:
                outliers.append(
                    {
                        "line": line,
                        "student": line.student_id,
                        "journal": line.attestation_id.assignment_id,
                        "average": line.current_average,
                        "mark": int(line.result),
                        "deviation": round(deviation, 2),
                    }
                )

        def summary(deviations):
            return {
                "lines": len(deviations),
                "mean_deviation": round(sum(deviations) / len(deviations), 2),
                "outlier_share": round(
                    100.0
                    * sum(1 for value in deviations if abs(value) >= threshold)
                    / len(deviations),
                    1,
                ),
            }

        return {
            "journals": {journal: summary(values) for journal, values in per_journal.items()},
            "teachers": {teacher: summary(values) for teacher, values in per_teacher.items()},
            "outliers": outliers,
        }

    # §6.1: curators and logins (the teachers are _teacher_activity)

    @api.model
    def _curator_activity(self, date_from, date_to):
        """§6.1 per curator and group, for the weeks of the period (Monday to
        Sunday, ending in it, before today): weekly checks due (weeks in which
        the group had journals, or with a check), confirmed, confirmed on time
        (``edu.weekly.check.confirmed_on_time``), not confirmed, the days they
        were confirmed (college time, in week order); memos the curator wrote in
        the period (dated in it); students the checks list to report to their
        families and those whose parents the curator informed.

        A week belongs to the curator of its check, or to the group's curator
        when nobody built it. A fixed number of queries, whatever the size of the
        college.
        """
        self._check_reader()
        Check = self.env["edu.weekly.check"].sudo()
        last = min(date_to, college_today(self.env) - timedelta(days=1))
        groups = (
            self.env["edu.group"].sudo().search_fetch([("curator_id", "!=", False)], ["curator_id"])
        )
        due = Check._weeks_due(groups, date_from, last) if date_from <= last else {}
        checks = Check.search_fetch(
            [("week_end", ">=", date_from), ("week_end", "<=", date_to)],
            ["group_id", "curator_id", "week_start", "state", "confirmed_at", "confirmed_on_time"],
            order="week_start, id",
        )
        rows = {}

        def row(curator, group):
            return rows.setdefault(
                (curator.id, group.id),
                {
                    "curator": curator,
                    "group": group,
                    "weeks_due": 0,
                    "confirmed": 0,
                    "on_time": 0,
                    "not_confirmed": 0,
                    "confirmed_on": [],
                    "memos": 0,
                    "students_to_report": 0,
                    "parents_informed": 0,
                },
            )

        weeks = {(check.group_id.id, check.week_start): check for check in checks}
        for group, mondays in due.items():
            for monday in mondays:
                if (group.id, monday) not in weeks:
                    line = row(group.curator_id, group)
                    line["weeks_due"] += 1
                    line["not_confirmed"] += 1
        for check in checks:
            line = row(check.curator_id, check.group_id)
            line["weeks_due"] += 1
            if check.state == "confirmed":
                line["confirmed"] += 1
                line["on_time"] += check.confirmed_on_time
                if check.confirmed_at:
                    line["confirmed_on"].append(college_now(self.env, check.confirmed_at).date())
            elif check._confirm_deadline() < college_today(self.env):
                # a check whose confirmation is still due is not a miss yet
                line["not_confirmed"] += 1
        for author, group, count in (
            self.env["edu.memo"]
            .sudo()
            ._read_group(
                [("date", ">=", date_from), ("date", "<=", date_to)],
                ["author_id", "group_id"],
                ["__count"],
            )
        ):
            row(author, group)["memos"] += count
        Line = self.env["edu.weekly.check.student"].sudo()
        by_check = {check.id: check for check in checks}
        for field, domain in (
            ("students_to_report", []),
            ("parents_informed", [("parents_informed", "=", True)]),
        ):
            for check, count in Line._read_group(
                [("check_id", "in", checks.ids), *domain], ["check_id"], ["__count"]
            ):
                check = by_check[check.id]
                row(check.curator_id, check.group_id)[field] += count
        return sorted(
            rows.values(),
            key=lambda line: (line["curator"].name or "", line["group"].name or ""),
        )

    @api.model
    def _staff_roles(self):
        """The journal's staff roles, the highest first."""
        return [
            self.env.ref(f"hexlet_journal.{name}")
            for name in (
                "group_admin",
                "group_director",
                "group_deputy_director",
                "group_academic_head",
                "group_hr",
                "group_curator",
                "group_teacher",
            )
        ]

    @api.model
    def _login_activity(self, date_from, date_to):
        """§6.1 per active staff user (internal, with a journal role), in name
        order: their roles (the highest of each kind: «Curator», not also
        «Teacher»), logins in the period (college time) and the last login by
        its end, from Odoo's ``res.users.log`` (a row per login; the journal
        keeps them ``LOGIN_LOG_DAYS`` days). A user who never logged in is
        there with 0. A fixed number of queries, whatever the number of users."""
        self._check_reader()
        roles = self._staff_roles()
        users = (
            self.env["res.users"]
            .sudo()
            .search_fetch(
                [("share", "=", False), ("all_group_ids", "in", [role.id for role in roles])],
                ["name", "group_ids"],
                order="name, id",
            )
        )
        logins = {}
        if users:
            start, end = college_day_bounds(self.env, date_from, date_to)
            self.env.cr.execute(
                SQL(
                    """
                    SELECT create_uid,
                           count(*) FILTER (WHERE create_date >= %s),
                           max(create_date)
                      FROM res_users_log
                     WHERE create_uid IN %s AND create_date < %s
                     GROUP BY create_uid
                    """,
                    start,
                    tuple(users.ids),
                    end,
                )
            )
            logins = {uid: (count, last) for uid, count, last in self.env.cr.fetchall()}
        result = []
        for user in users:
            held = [role for role in roles if role in user.all_group_ids]
            # a role another held role implies is not named (a curator is a teacher)
            top = [
                role
                for role in held
                if not any(role in other.all_implied_ids for other in held if other != role)
            ]
            count, last = logins.get(user.id, (0, None))
            result.append(
                {
                    "user": user,
                    "roles": ", ".join(role.with_env(self.env).name for role in top),
                    "logins": count,
                    "last_login": last,
                }
            )
        return result

    # Inspections: results of the period (§3.5) and КТП conformity (§7.3)

    @api.model
    def _period_students(self, assignments, date_from, date_to):
        """{assignment_id: set of student ids}: the students of each journal on any
        day of the period within its term (``_member_periods``: the group's members
        then, and for a subgroup journal the subgroup's then)."""
        assignments = assignments.sudo()
        periods = assignments._member_periods(date_from, date_to)
        result = {}
        for assignment in assignments:
            start = max(date_from, assignment.term_id.date_start)
            end = min(date_to, assignment.term_id.date_end)
            result[assignment.id] = {
                student_id
                for student_id, spans in periods[assignment.id].items()
                if any(period_overlaps(first, last, start, end) for first, last in spans)
            }
        return result

    @api.model
    def _journal_results(self, assignments, date_from, date_to, absence_threshold=6):
        """Per journal, the results of the period as raw counts (so that they add
        up per discipline, group or teacher): five-point marks (count, sum, 2s),
        students with marks, passing (their period mark — the mean of their
        five-point marks — rounds to 3 or more) and good (to 4 or more), students
        of the journal without any mark, students with ``absence_threshold`` or
        more unexcused absences; and who those students are.

        Grouped queries over the whole scope: their number does not depend on
        the number of journals."""
        self._check_reader()
        assignments = assignments.sudo()
        result = {
            assignment.id: {
                "marks_count": 0,
                "marks_sum": 0,
                "twos_count": 0,
                "students_with_marks": 0,
                "students_passing": 0,
                "students_good": 0,
                "students_without_marks": 0,
                "students_many_absences": 0,
                "without_marks": [],
                "many_absences": {},
            }
            for assignment in assignments
        }
        if not assignments:
            return result
        Entry = self.env["edu.lesson.entry"].sudo()
        Entry.flush_model(["assignment_id", "student_id", "date", "mark", "absent"])
        five = tuple(FIVE_POINT)
        scope = SQL(
            "assignment_id IN %(ids)s AND date BETWEEN %(start)s AND %(end)s",
            ids=tuple(assignments.ids),
            start=date_from,
            end=date_to,
        )
        marked = defaultdict(set)
        for assignment_id, student_id, count, total, twos in self.env.execute_query(
            SQL(
                """SELECT assignment_id, student_id,
                          COUNT(*) FILTER (WHERE mark IN %(five)s),
                          COALESCE(SUM(CASE WHEN mark IN %(five)s THEN mark::int END), 0),
                          COUNT(*) FILTER (WHERE mark = '2')
                     FROM edu_lesson_entry
                    WHERE %(scope)s AND mark IS NOT NULL
                 GROUP BY assignment_id, student_id""",
                five=five,
                scope=scope,
            )
        ):
            marked[assignment_id].add(student_id)
            if not count:
                continue
            figures = result[assignment_id]
            figures["marks_count"] += count
            figures["marks_sum"] += total
            figures["twos_count"] += twos
            figures["students_with_marks"] += 1
            # the period mark rounds to 3 (mean >= 2.5) or to 4 (mean >= 3.5)
            figures["students_passing"] += 2 * total >= 5 * count
            figures["students_good"] += 2 * total >= 7 * count
        roster = self._period_students(assignments, date_from, date_to)
        for assignment_id, students in roster.items():
            without = sorted(students - marked[assignment_id])
            result[assignment_id]["without_marks"] = without
            result[assignment_id]["students_without_marks"] = len(without)
        # only the students absent often enough are read cell by cell, to tell the excused
        heavy = self.env.execute_query(
            SQL(
                """SELECT assignment_id, student_id FROM edu_lesson_entry
                    WHERE %(scope)s AND absent
                 GROUP BY assignment_id, student_id HAVING COUNT(*) >= %(threshold)s""",
                scope=scope,
                threshold=max(absence_threshold, 1),
            )
        )
        if heavy:
            pairs = set(heavy)
            absences = Entry.search_fetch(
                [
                    ("assignment_id", "in", list({pair[0] for pair in pairs})),
                    ("student_id", "in", list({pair[1] for pair in pairs})),
                    ("date", ">=", date_from),
                    ("date", "<=", date_to),
                    ("absent", "=", True),
                ],
                ["assignment_id", "student_id", "date", "absent", "mark"],
            )
            excused = self.env["edu.absence.excuse"]._excused_days(
                absences.student_id, date_from, date_to
            )
            tallies = absences._tally(
                key=lambda entry: (entry.assignment_id.id, entry.student_id.id), excused=excused
            )
            for (assignment_id, student_id), tally in sorted(tallies.items()):
                if (assignment_id, student_id) in pairs and tally["unexcused"] >= absence_threshold:
                    figures = result[assignment_id]
                    figures["many_absences"][student_id] = tally["unexcused"]
                    figures["students_many_absences"] += 1
        return result

    @api.model
    def _topic_conformity(self, assignments, date_from, date_to):
        """§7.3 per journal: the КТП lines not given by ``date_to`` although due by
        their planned week (counted from the term's start, as the hours planned
        to date), the lessons of the period given out of the КТП order (after a
        lesson of a later line: ``(lesson, that later line)``), and the hours
        short against the curriculum when the term ends within the period.

        Grouped SQL over the whole scope: a few queries whatever the journals,
        and no lesson loaded but the flagged ones."""
        self._check_reader()
        assignments = assignments.sudo()
        PlanLine = self.env["edu.topic.plan.line"].sudo()
        Lesson = self.env["edu.lesson"].sudo()
        result = {
            assignment.id: {
                "not_given": PlanLine,
                "out_of_order": [],
                "hours_given": 0.0,
                "hours_short": 0.0,
            }
            for assignment in assignments
        }
        if not assignments:
            return result
        self.env.flush_all()
        params = {"ids": tuple(assignments.ids), "date_from": date_from, "date_to": date_to}
        hours = dict(
            self.env.execute_query(
                SQL(
                    """SELECT assignment_id, SUM(hours) FROM edu_lesson
                        WHERE assignment_id IN %(ids)s AND date <= %(date_to)s
                     GROUP BY assignment_id""",
                    **params,
                )
            )
        )
        # the lines due by their planned week that no lesson of the journal gave
        not_given = self.env.execute_query(
            SQL(
                """SELECT a.id, line.id
                     FROM edu_teaching_assignment a
                     JOIN edu_term term ON term.id = a.term_id
                     JOIN edu_topic_plan_line line ON line.plan_id = a.topic_plan_id
                    WHERE a.id IN %(ids)s
                      AND line.planned_week > 0
                      AND line.planned_week <= (%(date_to)s::date - term.date_start) / 7 + 1
                      AND NOT EXISTS (
                          SELECT 1 FROM edu_lesson lesson
                           WHERE lesson.assignment_id = a.id
                             AND lesson.topic_line_id = line.id
                             AND lesson.date <= %(date_to)s)
                 ORDER BY a.id, line.sequence, line.id""",
                **params,
            )
        )
        # a lesson whose line comes before one given earlier in the journal
        disorder = self.env.execute_query(
            SQL(
                """SELECT id, assignment_id, previous FROM (
                       SELECT lesson.id, lesson.assignment_id, lesson.date, line.sequence,
                              MAX(line.sequence) OVER (
                                  PARTITION BY lesson.assignment_id
                                  ORDER BY lesson.date, lesson.pair_number, lesson.id
                                  ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING
                              ) AS previous, lesson.pair_number
                         FROM edu_lesson lesson
                         JOIN edu_topic_plan_line line ON line.id = lesson.topic_line_id
                        WHERE lesson.assignment_id IN %(ids)s AND lesson.date <= %(date_to)s
                   ) ordered
                  WHERE sequence < previous AND date >= %(date_from)s
               ORDER BY assignment_id, date, pair_number, id""",
                **params,
            )
        )
        after = {}
        if disorder:
            # the line of each such later sequence, first given in the journal
            after = {
                (assignment_id, sequence): line_id
                for assignment_id, sequence, line_id in self.env.execute_query(
                    SQL(
                        """SELECT DISTINCT ON (lesson.assignment_id, line.sequence)
                                  lesson.assignment_id, line.sequence, line.id
                             FROM edu_lesson lesson
                             JOIN edu_topic_plan_line line ON line.id = lesson.topic_line_id
                            WHERE lesson.assignment_id IN %(flagged)s
                              AND lesson.date <= %(date_to)s
                         ORDER BY lesson.assignment_id, line.sequence, lesson.date, lesson.id""",
                        flagged=tuple({row[1] for row in disorder}),
                        date_to=date_to,
                    )
                )
            }
        lines = PlanLine.browse([row[1] for row in not_given] + list(after.values()))
        lines.fetch(["sequence", "topic", "hours", "planned_week"])
        lessons = Lesson.browse([row[0] for row in disorder])
        lessons.fetch(["date", "topic_line_id"])
        lessons.topic_line_id.fetch(["sequence", "topic"])
        for assignment_id, line_id in not_given:
            result[assignment_id]["not_given"] |= PlanLine.browse(line_id)
        for lesson_id, assignment_id, previous in disorder:
            result[assignment_id]["out_of_order"].append(
                (Lesson.browse(lesson_id), PlanLine.browse(after[(assignment_id, previous)]))
            )
        for assignment in assignments:
            given = hours.get(assignment.id) or 0.0
            term = assignment.term_id
            figures = result[assignment.id]
            figures["hours_given"] = given
            if date_from <= term.date_end <= date_to:
                figures["hours_short"] = max(assignment.planned_hours - given, 0.0)
        return result
