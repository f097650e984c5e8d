from odoo import models

from odoo.addons.hexlet_journal_reports.models.ir_actions_report import DOCUMENT_LANG


class IrActionsReport(models.Model):
    _inherit = "ir.actions.report"

    def _journal_document_env(self, report):
        """The families' printed invitations are the college's documents too: Russian."""
        if report.report_name.startswith("hexlet_journal_portal.") and self.env[
            "res.lang"
        ]._get_code(DOCUMENT_LANG):
            return self.with_context(lang=DOCUMENT_LANG)
        return super()._journal_document_env(report)
