from odoo import fields, models
from odoo.tools import SQL

from odoo.addons.hexlet_journal.models.edu_attestation import GOOD, RESULTS
from odoo.addons.hexlet_journal.models.edu_lesson_entry import MARK_SCALES

FIVE_POINT = MARK_SCALES["five"]


class EduReportResults(models.Model):
    """The attestation results to pivot and graph (§2.2, §6.2): one row per line
    of a statement — its final result, passed (успеваемость) and good (качество
    знаний: 5, 4 or a credit) as 0/1, the five-point mark of the attestation,
    the student's current average before it and their deviation (objectivity).
    Ratios are computed from the sums of the rows a pivot cell groups: they
    count statement lines (a student × a discipline), where the council's
    report counts students."""

    _name = "edu.report.results"
    _inherit = ["edu.report.ratio.mixin"]
    _description = "Attestation Results Analysis"
    _auto = False
    _rec_name = "line_id"
    _order = "attestation_date desc, line_id"
    _ratios = {
        "progress_pct:avg": ("100.0 * %s / NULLIF(%s, 0)", ("passed", "lines")),
        "quality_pct:avg": ("100.0 * %s / NULLIF(%s, 0)", ("good", "lines")),
    }
    _depends = {
        "edu.attestation.line": [
            "attestation_id",
            "student_id",
            "result",
            "final_result",
            "passed",
            "current_average",
        ],
        "edu.attestation": [
            "assignment_id",
            "term_id",
            "group_id",
            "discipline_id",
            "teacher_id",
            "date",
        ],
    }

    line_id = fields.Many2one("edu.attestation.line", string="Statement Line", readonly=True)
    attestation_id = fields.Many2one("edu.attestation", string="Statement", readonly=True)
    assignment_id = fields.Many2one("edu.teaching.assignment", string="Journal", readonly=True)
    term_id = fields.Many2one("edu.term", readonly=True)
    group_id = fields.Many2one("edu.group", readonly=True)
    discipline_id = fields.Many2one("edu.discipline", readonly=True)
    teacher_id = fields.Many2one("res.users", readonly=True)
    student_id = fields.Many2one("edu.student", readonly=True)
    attestation_date = fields.Date(string="Date", readonly=True)
    final_result = fields.Selection(RESULTS, string="Result", readonly=True)
    lines = fields.Integer(readonly=True)
    passed = fields.Integer(readonly=True, help="1 when the final result is 5, 4, 3 or a pass.")
    good = fields.Integer(readonly=True, help="1 when the final result is 5, 4 or a pass.")
    mark = fields.Integer(
        string="Attestation Mark", readonly=True, aggregator="avg", help="The five-point mark."
    )
    current_average = fields.Float(
        readonly=True, aggregator="avg", digits=(16, 2), help="Current-control average."
    )
    compared = fields.Integer(
        string="Compared Lines",
        readonly=True,
        help="1 when the line has both a five-point mark and a current average.",
    )
    deviation = fields.Float(
        readonly=True,
        aggregator="avg",
        digits=(16, 2),
        help="Attestation mark − current average (objectivity).",
    )
    progress_pct = fields.Float(
        string="Progress (%)",
        readonly=True,
        aggregator="avg",
        digits=(16, 1),
        help="Progress: passed lines / lines.",
    )
    quality_pct = fields.Float(
        string="Quality (%)",
        readonly=True,
        aggregator="avg",
        digits=(16, 1),
        help="Quality of knowledge: good lines / lines.",
    )

    @property
    def _table_query(self):
        return SQL(
            """
            SELECT line.id AS id,
                   line.id AS line_id,
                   statement.id AS attestation_id,
                   statement.assignment_id,
                   statement.term_id,
                   statement.group_id,
                   statement.discipline_id,
                   statement.teacher_id,
                   line.student_id,
                   statement.date AS attestation_date,
                   line.final_result,
                   1 AS lines,
                   CASE WHEN line.passed THEN 1 ELSE 0 END AS passed,
                   CASE WHEN line.final_result IN %(good)s THEN 1 ELSE 0 END AS good,
                   CASE WHEN line.result IN %(five)s THEN line.result::int END AS mark,
                   NULLIF(line.current_average, 0) AS current_average,
                   CASE WHEN line.result IN %(five)s AND COALESCE(line.current_average, 0) != 0
                        THEN 1 ELSE 0 END AS compared,
                   CASE WHEN line.result IN %(five)s AND COALESCE(line.current_average, 0) != 0
                        THEN line.result::int - line.current_average END AS deviation,
                   CASE WHEN line.passed THEN 100.0 ELSE 0.0 END AS progress_pct,
                   CASE WHEN line.final_result IN %(good)s THEN 100.0 ELSE 0.0 END AS quality_pct
              FROM edu_attestation_line line
              JOIN edu_attestation statement ON statement.id = line.attestation_id
            """,
            good=GOOD,
            five=FIVE_POINT,
        )
