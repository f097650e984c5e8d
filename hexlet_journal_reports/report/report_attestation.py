from collections import Counter

from odoo import api, models

from ..tools import check_staff_reader

RESULT_WORDS = {
    "5": "отлично (5)",
    "4": "хорошо (4)",
    "3": "удовлетворительно (3)",
    "2": "неудовлетворительно (2)",
    "pass": "зачтено",
    "fail": "не зачтено",
    "no_show": "не явился",
    "not_admitted": "не допущен",
}
FORMS = {
    "exam": "экзамен",
    "diff_credit": "дифференцированный зачёт",
    "credit": "зачёт",
    "other": "другая форма",
}


class ReportAttestation(models.AbstractModel):
    _name = "report.hexlet_journal_reports.report_attestation"
    _inherit = "report.hexlet_journal_reports.document"
    _description = "Attestation Statement Report"

    @api.model
    def _get_report_values(self, docids, data=None):
        check_staff_reader(self.env)
        docs = self.env["edu.attestation"].browse(docids)
        docs.check_access("read")
        # the lines are read as the reader: a One2many read skips the lines' rules
        lines = self.env["edu.attestation.line"].search([("attestation_id", "in", docs.ids)])
        lines_by_doc = {
            doc.id: lines.filtered(lambda line, doc=doc: line.attestation_id == doc) for doc in docs
        }
        totals = {}
        for doc in docs:
            counts = Counter(line.result for line in lines_by_doc[doc.id] if line.result)
            totals[doc.id] = [
                (RESULT_WORDS[key], counts[key]) for key in RESULT_WORDS if counts.get(key)
            ] or [("результатов нет", 0)]
        return {
            "doc_ids": docids,
            "doc_model": "edu.attestation",
            "docs": docs,
            **self._document_values(),
            "forms": FORMS,
            "result_words": RESULT_WORDS,
            "totals_by_doc": totals,
            "lines_by_doc": lines_by_doc,
        }
