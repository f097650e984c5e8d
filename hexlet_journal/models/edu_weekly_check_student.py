from odoo import api, fields, models
from odoo.exceptions import UserError

from ..tools import college_today


class EduWeeklyCheckStudent(models.Model):
    """A student whose week the curator reports to the family (§3.3)."""

    _name = "edu.weekly.check.student"
    _description = "Weekly Check Student"
    _inherit = ["edu.record.mixin"]
    _create_only = ("check_id", "student_id")
    _order = "check_id, student_id"

    check_id = fields.Many2one("edu.weekly.check", required=True, index=True, ondelete="cascade")
    student_id = fields.Many2one("edu.student", required=True)
    unexcused_absences = fields.Integer(
        readonly=True, help="Absences without an excuse during the week."
    )
    failing_marks = fields.Integer(
        string="Marks 2", readonly=True, help="2 or «незач» during the week."
    )
    parents_informed = fields.Boolean(help="The curator informed the parents (§3.3).")
    informed_on = fields.Date()

    @api.onchange("parents_informed")
    def _onchange_parents_informed(self):
        self.informed_on = college_today(self.env) if self.parents_informed else False

    def write(self, vals):
        if self.check_id.filtered(lambda check: check.state == "confirmed") and not self.env.su:
            raise UserError(self.env._("A confirmed weekly check is kept as it was confirmed."))
        if vals.get("parents_informed") and "informed_on" not in vals:
            vals = dict(vals, informed_on=college_today(self.env))
        return super().write(vals)
