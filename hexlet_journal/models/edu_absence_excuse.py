from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ..tools import format_day


def is_excused(excused, student_id, day):
    """Whether a day falls in one of a student's excuses (from ``_excused_days``)."""
    return any(start <= day <= end for start, end in excused.get(student_id, ()))


class EduAbsenceExcuse(models.Model):
    """A document excusing absences in a date range (справка, приказ).

    The journal still shows «н»; statistics count those absences as excused.
    """

    _name = "edu.absence.excuse"
    _description = "Absence Excuse"
    _inherit = ["edu.record.mixin", "mail.thread"]
    _create_only = ("student_id",)
    _order = "date_from desc, id desc"

    student_id = fields.Many2one("edu.student", required=True, index=True, tracking=True)
    group_id = fields.Many2one(related="student_id.group_id", store=True, index=True)
    kind = fields.Selection(
        [
            ("medical", "Medical certificate"),
            ("order", "Order"),
            ("application", "Parent's application"),
            ("other", "Other document"),
        ],
        required=True,
        default="medical",
        tracking=True,
    )
    document_number = fields.Char(help="Номер справки или приказа.")
    date_from = fields.Date(string="From", required=True, tracking=True)
    date_to = fields.Date(string="To", required=True, tracking=True)
    note = fields.Text()
    attachment_ids = fields.Many2many("ir.attachment", string="Scans")

    @api.depends("student_id", "date_from", "date_to")
    def _compute_display_name(self):
        for excuse in self:
            start = format_day(self.env, excuse.date_from)
            end = format_day(self.env, excuse.date_to)
            excuse.display_name = f"{excuse.student_id.name}: {start} – {end}"

    @api.constrains("date_from", "date_to")
    def _check_dates(self):
        for excuse in self:
            if excuse.date_from > excuse.date_to:
                raise ValidationError(self.env._("The excuse ends before it starts."))

    @api.model
    def _excused_days(self, students, date_from, date_to):
        """{student_id: [(from, to), ...]} of the excuses overlapping a period."""
        excused = {}
        for excuse in self.sudo().search_fetch(
            [
                ("student_id", "in", students.ids),
                ("date_from", "<=", date_to),
                ("date_to", ">=", date_from),
            ],
            ["student_id", "date_from", "date_to"],
        ):
            excused.setdefault(excuse.student_id.id, []).append((excuse.date_from, excuse.date_to))
        return excused
