from odoo import api, fields, models
from odoo.exceptions import UserError

from .edu_record_mixin import facts_being_recorded


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
