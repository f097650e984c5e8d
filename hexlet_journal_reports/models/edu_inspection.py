from odoo import api, fields, models
from odoo.exceptions import UserError

from odoo.addons.hexlet_journal.tools import college_today


class EduInspection(models.Model):
    """The report of an inspection (справка) gets its number and date when the
    inspection is closed."""

    _inherit = "edu.inspection"

    number = fields.Char(
        string="Report No.",
        readonly=True,
        copy=False,
        help="The number of the inspection report (справка); given when the inspection is done.",
    )
    done_date = fields.Date(string="Report Date", readonly=True, copy=False)

    def _check_numbering(self, vals_list):
        if not self.env.su and any({"number", "done_date"} & set(vals) for vals in vals_list):
            raise UserError(self.env._("The report is numbered when the inspection is done."))

    @api.model_create_multi
    def create(self, vals_list):
        self._check_numbering(vals_list)
        return super().create(vals_list)

    def write(self, vals):
        self._check_numbering([vals])
        return super().write(vals)

    def action_done(self):
        today = college_today(self.env)
        for inspection in self:
            if inspection.line_ids and not inspection.number:
                # before super(): a done inspection is read-only even for sudo
                inspection.sudo().write(
                    {
                        "number": self.env["ir.sequence"]
                        .sudo()
                        .next_by_code("edu.inspection.spravka", sequence_date=today),
                        "done_date": today,
                    }
                )
        return super().action_done()
