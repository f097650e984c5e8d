"""Figures of the journal for inspections, reports and dashboards (§3.5, §6, §7.2).

Every figure is read in a few grouped queries over the whole scope, never a
query per journal, so a monthly inspection of the whole college stays fast.
"""

from collections import defaultdict

from odoo import api, models
from odoo.exceptions import AccessError
from odoo.tools import SQL

from .edu_attestation import GOOD, PASSED
from .edu_lesson_entry import MARK_SCALES

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
        members = {
            group.id: count
            for group, count in self.env["edu.group.membership"]
            .sudo()
            ._read_group(
                [
                    ("group_id", "in", assignments.group_id.ids),
                    *self.env["edu.group.membership"]._period_domain(date_from, date_to),
                ],
                ["group_id"],
                ["__count"],
            )
        }
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
            students = (
                len(assignment.subgroup_id.student_ids)
                if assignment.subgroup_id
                else members.get(assignment.group_id.id, 0)
            )
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
        """§6.1 per teacher: lessons entered, on time %, late count, average delay,
        lessons missing by the schedule, cells changed after the lesson day."""
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
        changes = {
            user.id: count
            for user, count in self.env["edu.lesson.entry.log"]
            .sudo()
            ._read_group(
                [
                    ("after_lesson_day", "=", True),
                    ("changed_at", ">=", f"{date_from} 00:00:00"),
                    ("changed_at", "<=", f"{date_to} 23:59:59"),
                ],
                ["user_id"],
                ["__count"],
            )
        }
        users = set(rows) | {uid for uid, value in missing.items() if value}
        if teachers:
            users |= set(teachers.ids)
        result = {}
        for user_id in users:
            count, late, delay = rows.get(user_id, (0, 0, 0))
            result[user_id] = {
                "lessons_entered": count,
                "on_time_pct": round(100.0 * (count - late) / count, 1) if count else 0.0,
                "late_count": late,
                "avg_delay": round(delay / late, 1) if late else 0.0,
                "lessons_missing": missing.get(user_id, 0),
                "changed_after_day": changes.get(user_id, 0),
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
        memberships = (
            self.env["edu.group.membership"]
            .sudo()
            .search_fetch(
                [("group_id", "in", lessons.group_id.ids)],
                ["group_id", "student_id", "date_from", "date_to"],
            )
        )
        by_group = defaultdict(list)
        for membership in memberships:
            by_group[membership.group_id.id].append(membership)
        seats = defaultdict(int)
        seated = defaultdict(set)
        # the pairs of a day share their class: who was in it is asked once
        classes = {}
        for lesson in lessons:
            subgroup = lesson.assignment_id.subgroup_id
            key = (lesson.group_id.id, lesson.date, subgroup.id)
            if key not in classes:
                allowed = set(subgroup.student_ids.ids) if subgroup else None
                classes[key] = {
                    membership.student_id.id
                    for membership in by_group[lesson.group_id.id]
                    if membership._covers(lesson.date)
                    and (allowed is None or membership.student_id.id in allowed)
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

    # Inspections: results of the period (§3.5) and КТП conformity (§7.3)

    @api.model
    def _period_students(self, assignments, date_from, date_to):
        """{assignment_id: set of student ids}: the students of each journal on any
        day of the period within its term — the group's members then, narrowed to
        the subgroup's for a subgroup journal. Two queries whatever the journals."""
        assignments = assignments.sudo()
        Membership = self.env["edu.group.membership"].sudo()
        by_group = defaultdict(list)
        for membership in Membership.search_fetch(
            [
                ("group_id", "in", assignments.group_id.ids),
                *Membership._period_domain(date_from, date_to),
            ],
            ["group_id", "student_id", "date_from", "date_to"],
        ):
            by_group[membership.group_id.id].append(membership)
        result = {}
        for assignment in assignments:
            start = max(date_from, assignment.term_id.date_start)
            end = min(date_to, assignment.term_id.date_end)
            students = {
                membership.student_id.id
                for membership in by_group[assignment.group_id.id]
                if membership._overlaps(start, end)
            }
            if assignment.subgroup_id:
                students &= set(assignment.subgroup_id.student_ids.ids)
            result[assignment.id] = students
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
