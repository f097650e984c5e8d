from odoo import api, models

ISSUE_KINDS = {
    "missing": "не внесено",
    "late": "внесено с опозданием",
    "no_topic": "нет темы",
}


class ReportMemo(models.AbstractModel):
    _name = "report.hexlet_journal_reports.report_memo"
    _description = "Memo Report"

    @api.model
    def _get_report_values(self, docids, data=None):
        docs = self.env["edu.memo"].browse(docids)
        docs.check_access("read")
        return {
            "doc_ids": docids,
            "doc_model": "edu.memo",
            "docs": docs,
            "company": self.env.company,
            "issue_kinds": ISSUE_KINDS,
        }
