from odoo import api, models
from odoo.tools.translate import LazyTranslate

from ..tools import translate_labels

_lt = LazyTranslate(__name__)

# translated when a document is rendered, in its language (env._)
ISSUE_KINDS = {
    "missing": _lt("not entered"),
    "late": _lt("entered late"),
    "no_topic": _lt("no topic"),
}


class ReportMemo(models.AbstractModel):
    _name = "report.hexlet_journal_reports.report_memo"
    _inherit = "report.hexlet_journal_reports.document"
    _description = "Memo Report"

    @api.model
    def _get_report_values(self, docids, data=None):
        docs = self.env["edu.memo"].browse(docids)
        docs.check_access("read")
        deputy = self.env["res.users"]._journal_signatory("hexlet_journal.group_deputy_director")
        return {
            "doc_ids": docids,
            "doc_model": "edu.memo",
            "docs": docs,
            **self._document_values(),
            "issue_kinds": translate_labels(self.env, ISSUE_KINDS),
            "deputy_name": deputy._journal_short_name(),
        }
