from odoo import api, fields, models


class AuditlogLog(models.Model):
    """An entry of the personal-data log, as the journal administrator reads it."""

    _inherit = "auditlog.log"

    journal_action = fields.Char(
        string="Action",
        compute="_compute_journal_action",
        help="What was done with the personal data: viewed, changed, created, deleted, exported.",
    )

    @api.depends("method")
    @api.depends_context("lang")
    def _compute_journal_action(self):
        labels = {
            "read": self.env._("Viewed"),
            "write": self.env._("Changed"),
            "create": self.env._("Created"),
            "unlink": self.env._("Deleted"),
            "export_data": self.env._("Exported"),
        }
        for log in self:
            log.journal_action = labels.get(log.method, log.method)
