from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

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

    def _check_period_open(self):
        """An excuse changes the figures of its days: not inside a closed period (rule 9)."""
        if self.env.su:
            return
        Term = self.env["edu.term"].sudo()
        for excuse in self:
            closed = Term.search(
                [
                    ("lock_date", "!=", False),
                    ("date_start", "<=", excuse.date_to),
                    ("lock_date", ">=", excuse.date_from),
                ],
                limit=1,
            )
            if closed:
                raise UserError(
                    self.env._(
                        "The journal is closed up to %(lock)s: an excuse for those days is "
                        "recorded only after the deputy director unlocks the journals.",
                        lock=format_day(self.env, closed.lock_date),
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        excuses = super().create(vals_list)
        excuses._check_period_open()
        return excuses

    def write(self, vals):
        self._check_period_open()
        res = super().write(vals)
        self._check_period_open()
        return res

    @api.ondelete(at_uninstall=False)
    def _unlink_except_closed(self):
        self._check_period_open()

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
