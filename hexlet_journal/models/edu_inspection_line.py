from odoo import api, fields, models
from odoo.exceptions import UserError

from .edu_record_mixin import facts_being_recorded

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
