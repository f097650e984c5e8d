from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ..tools import format_day


class EduSubstitution(models.Model):
    """Замена: another teacher gives the lessons of a journal on a day (§5.3)."""

    _name = "edu.substitution"
    _description = "Substitution"
    _inherit = ["edu.record.mixin", "mail.thread"]
    _year_path = "assignment_id.term_id.year_id"
    _order = "date desc, id desc"

    assignment_id = fields.Many2one(
        "edu.teaching.assignment", string="Journal", required=True, index=True, tracking=True
    )
    teacher_id = fields.Many2one(related="assignment_id.teacher_id", string="Planned Teacher")
    date = fields.Date(required=True, index=True, tracking=True)
    substitute_id = fields.Many2one(
        "res.users",
        required=True,
        index=True,
        tracking=True,
        domain=lambda self: self.env["res.users"]._journal_group_domain(
            "hexlet_journal.group_teacher"
        ),
    )
    reason = fields.Selection(
        [("illness", "Illness"), ("business_trip", "Business trip"), ("other", "Other")],
        required=True,
        default="illness",
    )

    _uniq = models.UniqueIndex(
        "(assignment_id, date, substitute_id)",
        lambda env, diag: env._("This substitution is already recorded."),
    )

    @api.depends("assignment_id", "date", "substitute_id")
    def _compute_display_name(self):
        for substitution in self:
            substitution.display_name = self.env._(
                "%(journal)s on %(date)s: %(teacher)s",
                journal=substitution.assignment_id.name or "",
                date=format_day(self.env, substitution.date),
                teacher=substitution.substitute_id.name or "",
            )

    @api.constrains("substitute_id", "assignment_id")
    def _check_substitute(self):
        for substitution in self:
            if substitution.substitute_id == substitution.assignment_id.teacher_id:
                raise ValidationError(self.env._("A teacher cannot substitute for themselves."))
