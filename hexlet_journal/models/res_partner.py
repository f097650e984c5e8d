from odoo import api, fields, models


class ResPartner(models.Model):
    _inherit = "res.partner"

    edu_student_ids = fields.One2many("edu.student", "partner_id", string="Student Cards")
    edu_guardian_ids = fields.One2many("edu.guardian", "partner_id", string="Guardian Of")
    is_journal_family = fields.Boolean(
        compute="_compute_is_journal_family",
        store=True,
        compute_sudo=True,
        index=True,
        help="A student or a guardian: their contacts are personal data (152-ФЗ), hidden "
        "from teachers who are not their curators.",
    )

    @api.depends("edu_student_ids", "edu_guardian_ids")
    def _compute_is_journal_family(self):
        for partner in self:
            partner.is_journal_family = bool(partner.edu_student_ids or partner.edu_guardian_ids)
