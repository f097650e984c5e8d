from odoo import fields, models


class EduArchiveWizardIssue(models.TransientModel):
    _name = "edu.archive.wizard.issue"
    _description = "Completeness Check Finding"
    _order = "blocking desc, id"

    wizard_id = fields.Many2one("edu.archive.wizard", required=True, ondelete="cascade")
    blocking = fields.Boolean(help="Blocks the archive: a statement still open.")
    kind = fields.Selection(
        [
            ("statement", "Open Statement"),
            ("missing", "Lessons Not Entered"),
            ("topic", "Empty Topics"),
            ("unlock", "Active Unlock"),
            ("ktp", "Topic Plan Hours Short"),
            ("ktp_unapproved", "Topic Plan Not Approved"),
        ]
    )
    name = fields.Char(string="Finding")
    res_model = fields.Char()
    res_id = fields.Integer()

    def action_open(self):
        """The record the finding is about, as the administrator may open it."""
        self.ensure_one()
        if self.res_model not in (
            "edu.attestation",
            "edu.teaching.assignment",
            "edu.journal.unlock",
        ):
            return False
        record = self.env[self.res_model].browse(self.res_id).exists()
        record.check_access("read")
        return {
            "type": "ir.actions.act_window",
            "res_model": self.res_model,
            "res_id": record.id,
            "view_mode": "form",
            "target": "current",
        }
