from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from .edu_attestation import FORM_RESULTS, PASSED, RESULTS


class EduAttestationRetake(models.Model):
    """Пересдача: with its own date and a commission of three."""

    _name = "edu.attestation.retake"
    _description = "Attestation Retake"
    _inherit = ["edu.record.mixin", "mail.thread"]
    _year_path = "attestation_id.term_id.year_id"
    _create_only = ("line_id",)
    _order = "date, id"

    line_id = fields.Many2one(
        "edu.attestation.line",
        string="Student Result",
        required=True,
        index=True,
        ondelete="cascade",
    )
    attestation_id = fields.Many2one(related="line_id.attestation_id", store=True, index=True)
    student_id = fields.Many2one(related="line_id.student_id", store=True, index=True)
    date = fields.Date(required=True, tracking=True)
    commission_ids = fields.Many2many(
        "res.users",
        "edu_attestation_retake_commission_rel",
        "retake_id",
        "user_id",
    )
    result = fields.Selection(RESULTS, tracking=True)

    @api.model_create_multi
    def create(self, vals_list):
        lines = self.env["edu.attestation.line"].browse([vals["line_id"] for vals in vals_list])
        for line in lines:
            if line.final_result in PASSED:
                raise ValidationError(
                    self.env._(
                        "%(student)s passed (%(result)s): there is nothing to retake.",
                        student=line.student_id.sudo().name,
                        result=dict(line._fields["final_result"]._description_selection(self.env))[
                            line.final_result
                        ],
                    )
                )
            if not line.final_result:
                raise ValidationError(
                    self.env._("A retake follows a recorded result; record the first result.")
                )
        return super().create(vals_list)

    def write(self, vals):
        if self.filtered("result") and not self.env.su:
            raise UserError(
                self.env._("A retake with its result is part of the closed statement: it is kept.")
            )
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_recorded(self):
        if self.filtered("result") and not self.env.su:
            raise UserError(
                self.env._("A retake with its result is part of the closed statement: it is kept.")
            )

    @api.constrains("date", "commission_ids", "result")
    def _check_retake(self):
        for retake in self:
            statement = retake.line_id.attestation_id
            if retake.date < statement.date:
                raise ValidationError(
                    self.env._(
                        "A retake comes after the attestation of %(date)s.", date=statement.date
                    )
                )
            if len(retake.commission_ids) != 3:
                raise ValidationError(self.env._("A retake commission has three members."))
            if retake.result and retake.result not in (*FORM_RESULTS[statement.form], "no_show"):
                raise ValidationError(
                    self.env._("The retake result is not on the scale of this attestation form.")
                )
