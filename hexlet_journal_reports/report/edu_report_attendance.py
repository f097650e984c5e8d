from odoo import api, fields, models
from odoo.tools import SQL

from odoo.addons.hexlet_journal.models.edu_lesson_entry import MARK_SCALES

FIVE_POINT = MARK_SCALES["five"]


class EduReportAttendance(models.Model):
    """Lessons and their cells as figures to pivot and graph (§6.2): one row per
    lesson with its seats (the students of its journal that day), five-point
    marks, 2s, absences (and the unexcused ones), whether it was entered late
    and by how many days. Its ratios (average mark, attendance %, on time %)
    are computed from the sums of whatever rows a pivot cell groups, never
    averaged from the rows' own ratios."""

    _name = "edu.report.attendance"
    _inherit = ["edu.report.ratio.mixin"]
    _description = "Attendance and Marks Analysis"
    _auto = False
    _rec_name = "lesson_id"
    _order = "date desc, lesson_id desc"
    _ratios = {
        "average_mark:avg": ("%s::float / NULLIF(%s, 0)", ("marks_sum", "marks")),
        "attendance_pct:avg": (
            "100.0 * (%s - %s) / NULLIF(%s, 0)",
            ("seats", "absences", "seats"),
        ),
        "on_time_pct:avg": (
            "100.0 * (%s - %s) / NULLIF(%s, 0)",
            ("lessons", "late_lessons", "lessons"),
        ),
    }
    _depends = {
        "edu.lesson": [
            "assignment_id",
            "term_id",
            "group_id",
            "discipline_id",
            "teacher_id",
            "date",
            "is_late",
            "delay_days",
        ],
        "edu.teaching.assignment": ["subgroup_id"],
        "edu.group.membership": ["group_id", "student_id", "date_from", "date_to"],
        "edu.subgroup.membership": ["subgroup_id", "student_id", "date_from", "date_to"],
        "edu.lesson.entry": ["lesson_id", "student_id", "date", "absent", "mark"],
        "edu.absence.excuse": ["student_id", "date_from", "date_to"],
    }

    lesson_id = fields.Many2one("edu.lesson", readonly=True)
    assignment_id = fields.Many2one("edu.teaching.assignment", string="Journal", readonly=True)
    term_id = fields.Many2one("edu.term", readonly=True)
    group_id = fields.Many2one("edu.group", readonly=True)
    subgroup_id = fields.Many2one("edu.subgroup", readonly=True)
    discipline_id = fields.Many2one("edu.discipline", readonly=True)
    teacher_id = fields.Many2one("res.users", readonly=True, help="Who actually gave the lesson.")
    date = fields.Date(readonly=True)
    lessons = fields.Integer(readonly=True)
    late_lessons = fields.Integer(string="Lessons Entered Late", readonly=True)
    delay_days = fields.Integer(string="Delay (days)", readonly=True)
    seats = fields.Integer(
        readonly=True, help="Students of the journal on the lesson's day, summed over the lessons."
    )
    marks = fields.Integer(string="Five-Point Marks", readonly=True)
    marks_sum = fields.Integer(string="Sum of Marks", readonly=True)
    twos = fields.Integer(string="2s", readonly=True)
    absences = fields.Integer(readonly=True)
    unexcused = fields.Integer(string="Unexcused Absences", readonly=True)
    average_mark = fields.Float(
        readonly=True, aggregator="avg", digits=(16, 2), help="Sum of the marks / their number."
    )
    attendance_pct = fields.Float(
        string="Attendance (%)",
        readonly=True,
        aggregator="avg",
        digits=(16, 1),
        help="(Seats − absences) / seats.",
    )
    on_time_pct = fields.Float(
        string="On Time (%)",
        readonly=True,
        aggregator="avg",
        digits=(16, 1),
        help="Lessons entered on their day / lessons.",
    )

    @api.model
    def _members_sql(self, lesson, journal):
        """The students of ``journal`` on the day of ``lesson`` (SQL aliases of
        ``edu_lesson`` and ``edu_teaching_assignment``), as ``SELECT gm.student_id``:
        its group's members that day and, for a subgroup journal, the subgroup's
        too — ``edu.teaching.assignment._member_periods`` in SQL, the one rule of
        the report's seats and of the council's students."""
        return SQL(
            """SELECT gm.student_id
                 FROM edu_group_membership gm
                WHERE gm.group_id = %(lesson)s.group_id
                  AND gm.date_from <= %(lesson)s.date
                  AND (gm.date_to IS NULL OR gm.date_to >= %(lesson)s.date)
                  AND (%(journal)s.subgroup_id IS NULL OR EXISTS (
                      SELECT 1 FROM edu_subgroup_membership sm
                       WHERE sm.subgroup_id = %(journal)s.subgroup_id
                         AND sm.student_id = gm.student_id
                         AND sm.date_from <= %(lesson)s.date
                         AND (sm.date_to IS NULL OR sm.date_to >= %(lesson)s.date)))""",
            lesson=SQL.identifier(lesson),
            journal=SQL.identifier(journal),
        )

    @api.model
    def _unexcused_sql(self, entry):
        """Whether the cell ``entry`` (an SQL alias of ``edu_lesson_entry``) is an
        absence no excuse covers: ``is_excused`` in SQL, for the report and the
        council alike."""
        return SQL(
            """%(entry)s.absent AND NOT EXISTS (
                   SELECT 1 FROM edu_absence_excuse excuse
                    WHERE excuse.student_id = %(entry)s.student_id
                      AND excuse.date_from <= %(entry)s.date
                      AND excuse.date_to >= %(entry)s.date)""",
            entry=SQL.identifier(entry),
        )

    @property
    def _table_query(self):
        return SQL(
            """
            SELECT lesson.id AS id,
                   lesson.id AS lesson_id,
                   lesson.assignment_id,
                   lesson.term_id,
                   lesson.group_id,
                   journal.subgroup_id,
                   lesson.discipline_id,
                   lesson.teacher_id,
                   lesson.date,
                   1 AS lessons,
                   CASE WHEN lesson.is_late THEN 1 ELSE 0 END AS late_lessons,
                   COALESCE(lesson.delay_days, 0) AS delay_days,
                   seats.seats,
                   cells.marks,
                   cells.marks_sum,
                   cells.twos,
                   cells.absences,
                   cells.unexcused,
                   cells.marks_sum::float / NULLIF(cells.marks, 0) AS average_mark,
                   100.0 * (seats.seats - cells.absences) / NULLIF(seats.seats, 0)
                       AS attendance_pct,
                   CASE WHEN lesson.is_late THEN 0.0 ELSE 100.0 END AS on_time_pct
              FROM edu_lesson lesson
              JOIN edu_teaching_assignment journal ON journal.id = lesson.assignment_id
             CROSS JOIN LATERAL (
                   SELECT COUNT(*) AS seats FROM (%(members)s) members
             ) seats
             CROSS JOIN LATERAL (
                   SELECT COUNT(*) FILTER (WHERE entry.mark IN %(five)s) AS marks,
                          COALESCE(SUM(CASE WHEN entry.mark IN %(five)s
                                            THEN entry.mark::int END), 0) AS marks_sum,
                          COUNT(*) FILTER (WHERE entry.mark = '2') AS twos,
                          COUNT(*) FILTER (WHERE entry.absent) AS absences,
                          COUNT(*) FILTER (WHERE %(unexcused)s) AS unexcused
                     FROM edu_lesson_entry entry
                    WHERE entry.lesson_id = lesson.id
             ) cells
            """,
            members=self._members_sql("lesson", "journal"),
            unexcused=self._unexcused_sql("entry"),
            five=FIVE_POINT,
        )
