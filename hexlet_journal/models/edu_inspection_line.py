from collections import defaultdict

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.models import MAGIC_COLUMNS
from odoo.tools import SQL

from .edu_group_membership import period_overlaps
from .edu_lesson_entry import MARK_SCALES, tally_cells
from .edu_record_mixin import facts_being_recorded

FIVE_POINT = MARK_SCALES["five"]

# the raw counts the rates of a journal (or of several, summed) are computed from
RATE_COUNTS = (
    "marks_count",
    "marks_sum",
    "twos_count",
    "students_with_marks",
    "students_passing",
    "students_good",
)


class EduInspectionLine(models.Model):
    """The figures of one journal in an inspection."""

    _name = "edu.inspection.line"
    _description = "Inspected Journal"
    _inherit = ["edu.record.mixin"]
    _year_path = "assignment_id.term_id.year_id"
    _create_only = ("inspection_id",)
    _order = "inspection_id, group_id, discipline_id"

    inspection_id = fields.Many2one("edu.inspection", required=True, index=True, ondelete="cascade")
    assignment_id = fields.Many2one("edu.teaching.assignment", string="Journal", required=True)
    group_id = fields.Many2one(related="assignment_id.group_id", store=True)
    discipline_id = fields.Many2one(related="assignment_id.discipline_id", store=True)
    teacher_id = fields.Many2one(related="assignment_id.teacher_id", store=True, index=True)
    students = fields.Integer()
    lessons_due = fields.Integer(string="Due")
    lessons_entered = fields.Integer(string="Entered")
    lessons_missing = fields.Integer(string="Missing")
    on_time_pct = fields.Float(string="On Time (%)")
    late_count = fields.Integer(string="Late")
    avg_delay = fields.Float(string="Average Delay (days)")
    empty_topics = fields.Integer()
    hours_given_total = fields.Float(string="КТП Hours Given")
    hours_planned_to_date = fields.Float(string="КТП Hours Planned to Date")
    hours_curriculum = fields.Float(string="Curriculum Hours")
    marks_per_student_month = fields.Float(string="Marks per Student per Month")
    low_marks = fields.Boolean(string="Few Marks")
    attendance_pct = fields.Float(string="Attendance (%)")
    # results of the period (§3.5): raw counts, which add up per discipline, group, teacher
    marks_count = fields.Integer(string="Five-Point Marks")
    marks_sum = fields.Integer(string="Sum of Marks")
    twos_count = fields.Integer(string="Marks 2")
    students_with_marks = fields.Integer()
    students_passing = fields.Integer(help="Students whose period mark is 3 or more.")
    students_good = fields.Integer(help="Students whose period mark is 4 or 5.")
    students_without_marks = fields.Integer()
    students_many_absences = fields.Integer(string="Students with Many Absences")
    avg_mark = fields.Float(
        string="Average Mark", compute="_compute_rates", store=True, aggregator="avg"
    )
    twos_pct = fields.Float(
        string="Marks 2 (%)", compute="_compute_rates", store=True, aggregator="avg"
    )
    progress_pct = fields.Float(
        string="Pass Rate (%)",
        compute="_compute_rates",
        store=True,
        aggregator="avg",
        help="Pass rate: the students whose period mark is 3 or more, of those with marks.",
    )
    quality_pct = fields.Float(
        string="Quality (%)",
        compute="_compute_rates",
        store=True,
        aggregator="avg",
        help="Quality: the students whose period mark is 4 or 5, of those with marks.",
    )
    # КТП conformity (§7.3), semester and year-end inspections
    topics_not_given = fields.Integer(string="Planned Topics Not Given")
    topics_out_of_order = fields.Integer(string="Topics Out of Order")
    hours_short = fields.Float()
    issue_ids = fields.One2many("edu.inspection.issue", "line_id", string="Flagged Items")

    @api.model
    def _rates(self, counts):
        """Average mark, share of 2s, pass rate and quality from raw counts (one
        journal's, or their sums per discipline, group or teacher); None without data."""
        marks = counts.get("marks_count") or 0
        students = counts.get("students_with_marks") or 0
        return {
            "avg_mark": round(counts["marks_sum"] / marks, 2) if marks else None,
            "twos_pct": round(100.0 * counts["twos_count"] / marks, 1) if marks else None,
            "progress_pct": round(100.0 * counts["students_passing"] / students, 1)
            if students
            else None,
            "quality_pct": round(100.0 * counts["students_good"] / students, 1)
            if students
            else None,
        }

    @api.depends(*RATE_COUNTS)
    def _compute_rates(self):
        for line in self:
            rates = self._rates({name: line[name] for name in RATE_COUNTS})
            for name, value in rates.items():
                line[name] = value or 0.0

    def _check_computed(self):
        """The figures are computed by the inspection, never typed or changed by hand."""
        if self.inspection_id.filtered(lambda insp: insp.state == "done") and not self.env.su:
            raise UserError(self.env._("A done inspection is read-only, its figures included."))
        if not (self.env.su or facts_being_recorded()):
            raise UserError(
                self.env._("The figures of an inspection are computed: «Compute Figures».")
            )

    @api.model_create_multi
    def create(self, vals_list):
        lines = super().create(vals_list)
        lines._check_computed()
        return lines

    def write(self, vals):
        self._check_computed()
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_done(self):
        self._check_computed()

    @api.model
    def _create_computed(self, inspection, vals_list):
        """Insert the inspected journals' lines of one computation in one statement
        (a whole college is thousands of journals, which the ORM's create writes a
        hundred at a time): ``vals_list`` holds each journal's ``assignment_id`` and
        figures; the rates are computed from the raw counts (``_rates``, as
        ``_compute_rates``) and the journal's group, discipline and teacher come from
        it, as the related fields say. Returns the lines."""
        self.browse()._check_computed()
        # the rights the ORM's create would ask
        self.check_access("create")
        if not vals_list:
            return self.browse()
        for vals in vals_list:
            rates = self._rates({name: vals.get(name) or 0 for name in RATE_COUNTS})
            vals.update({name: value or 0.0 for name, value in rates.items()})
        # the inspection's, the journal's and the log columns are the statement's own
        skipped = {*MAGIC_COLUMNS, "inspection_id", "group_id", "discipline_id", "teacher_id"}
        names = [
            name
            for name, field in self._fields.items()
            if field.store
            and field.column_type
            and name not in skipped
            and (name == "assignment_id" or not field.relational)
        ]
        self.env["edu.teaching.assignment"].flush_model(["group_id", "discipline_id", "teacher_id"])
        ids = self.env.execute_query(
            SQL(
                """INSERT INTO edu_inspection_line (
                       inspection_id, group_id, discipline_id, teacher_id, %(columns)s,
                       create_uid, write_uid, create_date, write_date)
                   SELECT %(inspection)s, journal.group_id, journal.discipline_id,
                          journal.teacher_id, %(values)s, %(uid)s, %(uid)s,
                          now() AT TIME ZONE 'UTC', now() AT TIME ZONE 'UTC'
                     FROM unnest(%(arrays)s) AS v(%(columns)s)
                     JOIN edu_teaching_assignment journal ON journal.id = v.assignment_id
                RETURNING id""",
                columns=SQL(", ").join(SQL.identifier(name) for name in names),
                values=SQL(", ").join(SQL.identifier("v", name) for name in names),
                arrays=SQL(", ").join(
                    SQL(
                        "%s::%s[]",
                        [vals.get(name) for vals in vals_list],
                        SQL(self._fields[name].column_type[1]),
                    )
                    for name in names
                ),
                inspection=inspection.id,
                uid=self.env.uid,
            )
        )
        lines = self.browse(sorted(row[0] for row in ids))
        lines._check_year_not_archived()
        self.env["edu.inspection"].invalidate_model(["line_ids"])
        return lines

    # The inspection's figures (§3.5, §7.2, §7.3): read in sudo over the whole scope in a
    # few grouped queries, never a query per journal; every public one first checks
    # that its caller is one of the managers they are for (the reports' figures too).

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
    def _period_cell_counts(self, assignments, date_from, date_to):
        """{(journal id, student id): counts of the student's cells of the
        period}: five-point ``marks``, their ``marks_sum``, ``twos``, ``marked``
        (any mark, credits too) and ``absences``. One grouped query over the
        journal and date index, which the journal's figures
        (``_journal_metrics``) and its results (``_journal_results``) share."""
        self._check_reader()
        if not assignments:
            return {}
        self.env["edu.lesson.entry"].flush_model(
            ["assignment_id", "student_id", "date", "mark", "absent"]
        )
        five = tuple(FIVE_POINT)
        rows = self.env.execute_query(
            SQL(
                """SELECT assignment_id, student_id,
                          COUNT(*) FILTER (WHERE mark IN %(five)s),
                          COALESCE(SUM(CASE WHEN mark IN %(five)s THEN mark::int END), 0),
                          COUNT(*) FILTER (WHERE mark = '2'),
                          COUNT(*) FILTER (WHERE mark IS NOT NULL),
                          COUNT(*) FILTER (WHERE absent)
                     FROM edu_lesson_entry
                    WHERE assignment_id IN %(ids)s AND date BETWEEN %(start)s AND %(end)s
                      AND (mark IS NOT NULL OR absent)
                 GROUP BY assignment_id, student_id""",
                five=five,
                ids=tuple(assignments.ids),
                start=date_from,
                end=date_to,
            )
        )
        return {
            (assignment_id, student_id): {
                "marks": marks,
                "marks_sum": marks_sum,
                "twos": twos,
                "marked": marked,
                "absences": absences,
            }
            for assignment_id, student_id, marks, marks_sum, twos, marked, absences in rows
        }

    @api.model
    def _journal_metrics(self, assignments, date_from, date_to, cell_counts=None):
        """Per journal: lessons due and entered, on time, delays, empty topics,
        КТП hours given / planned to date / of the curriculum, marks per student
        per month and attendance. ``cell_counts``: the period's
        ``_period_cell_counts``, when the caller has read them already."""
        self._check_reader()
        assignments = assignments.sudo()
        if not assignments:
            return {}
        self.env["edu.lesson"].flush_model(
            ["assignment_id", "date", "is_late", "delay_days", "hours", "topic"]
        )
        params = {"ids": tuple(assignments.ids), "date_from": date_from, "date_to": date_to}
        # per journal: (lessons, late, days of delay, hours) of the period, its lessons
        # without a topic, and the hours given from the term's start to the period's end
        lessons, empty_topics, given_total = {}, {}, {}
        for assignment_id, count, late, delay, hours, empty, total in self.env.execute_query(
            SQL(
                """SELECT assignment_id,
                          COUNT(*) FILTER (WHERE date >= %(date_from)s),
                          COUNT(*) FILTER (WHERE date >= %(date_from)s AND is_late),
                          COALESCE(SUM(delay_days) FILTER (WHERE date >= %(date_from)s), 0),
                          COALESCE(SUM(hours) FILTER (WHERE date >= %(date_from)s), 0),
                          COUNT(*) FILTER (WHERE date >= %(date_from)s
                                             AND (topic IN ('', ' ') OR topic IS NULL)),
                          COALESCE(SUM(hours), 0)
                     FROM edu_lesson
                    WHERE assignment_id IN %(ids)s AND date <= %(date_to)s
                 GROUP BY assignment_id""",
                **params,
            )
        ):
            lessons[assignment_id] = (count, late, delay, hours)
            empty_topics[assignment_id] = empty
            given_total[assignment_id] = total
        # per journal: the absences and the marks of the period
        if cell_counts is None:
            cell_counts = self._period_cell_counts(assignments, date_from, date_to)
        absences, marks = defaultdict(int), defaultdict(int)
        for (assignment_id, _student_id), counts in cell_counts.items():
            marks[assignment_id] += counts["marked"]
            absences[assignment_id] += counts["absences"]
        # the students who were in the journal (its group, or its subgroup) in the period
        members = assignments._member_periods(date_from, date_to)
        # the КТП lines of each plan: (planned week, hours)
        planned = defaultdict(list)
        for line in (
            self.env["edu.topic.plan.line"]
            .sudo()
            .search_fetch(
                [("plan_id", "in", assignments.topic_plan_id.ids)],
                ["plan_id", "hours", "planned_week"],
            )
        ):
            planned[line.plan_id.id].append((line.planned_week or 0, line.hours))
        due = self._lessons_due(assignments, date_from, date_to)
        months = max(((date_to - date_from).days + 1) / 30.0, 1 / 30.0)
        result = {}
        for assignment in assignments:
            count, late, delay, hours = lessons.get(assignment.id, (0, 0, 0, 0.0))
            students = len(members[assignment.id])
            term_start = assignment.term_id.date_start
            week_index = max((date_to - term_start).days // 7 + 1, 0)
            planned_to_date = sum(
                line_hours
                for week, line_hours in planned[assignment.topic_plan_id.id]
                if week <= week_index
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
    def _journal_results(
        self, assignments, date_from, date_to, absence_threshold=6, cell_counts=None
    ):
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
        if cell_counts is None:
            cell_counts = self._period_cell_counts(assignments, date_from, date_to)
        marked = defaultdict(set)
        for (assignment_id, student_id), counts in cell_counts.items():
            if counts["marked"]:
                marked[assignment_id].add(student_id)
            count, total, twos = counts["marks"], counts["marks_sum"], counts["twos"]
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
        # only the students absent often enough (their counts tell who) are read
        # cell by cell, in one statement over their journals, to tell the
        # excused: counted by tally_cells, as everywhere
        threshold = max(absence_threshold, 1)
        often = {key for key, counts in cell_counts.items() if counts["absences"] >= threshold}
        self.env["edu.lesson.entry"].flush_model(["assignment_id", "student_id", "date", "absent"])
        rows = [
            row
            for row in self.env.execute_query(
                SQL(
                    """SELECT assignment_id, student_id, date, id, absent, mark
                         FROM edu_lesson_entry
                        WHERE assignment_id = ANY(%(journals)s) AND absent
                          AND date BETWEEN %(start)s AND %(end)s""",
                    journals=sorted({key[0] for key in often}),
                    start=date_from,
                    end=date_to,
                )
            )
            if (row[0], row[1]) in often
        ]
        if rows:
            excused = self.env["edu.absence.excuse"]._excused_days(
                self.env["edu.student"].browse({row[1] for row in rows}), date_from, date_to
            )
            tallies = tally_cells([((row[0], row[1]), *row[1:]) for row in rows], excused)
            for (assignment_id, student_id), tally in sorted(tallies.items()):
                if tally["unexcused"] >= absence_threshold:
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
