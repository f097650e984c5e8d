from collections import Counter

from odoo import api, models
from odoo.tools.translate import LazyTranslate

from ..tools import check_staff_reader, translate_labels

_lt = LazyTranslate(__name__)

# translated when a document is rendered, in its language (env._)
RESULT_WORDS = {
    "5": _lt("excellent (5)"),
    "4": _lt("good (4)"),
    "3": _lt("satisfactory (3)"),
    "2": _lt("unsatisfactory (2)"),
    "pass": _lt("passed"),
    "fail": _lt("not passed"),
    "no_show": _lt("did not appear"),
    "not_admitted": _lt("not admitted"),
}
FORMS = {
    "exam": _lt("exam"),
    "diff_credit": _lt("graded credit"),
    "credit": _lt("credit"),
    "other": _lt("other form"),
}
ADMISSION = {True: _lt("admitted"), False: _lt("not admitted")}


class ReportAttestation(models.AbstractModel):
    _name = "report.hexlet_journal_reports.report_attestation"
    _inherit = "report.hexlet_journal_reports.document"
    _description = "Attestation Statement Report"

    @api.model
    def _get_report_values(self, docids, data=None):
        check_staff_reader(self.env)
        env = self.env
        result_words = translate_labels(env, RESULT_WORDS)
        docs = env["edu.attestation"].browse(docids)
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
                (result_words[key], counts[key]) for key in result_words if counts.get(key)
            ] or [(env._("no results"), 0)]
        return {
            "doc_ids": docids,
            "doc_model": "edu.attestation",
            "docs": docs,
            **self._document_values(),
            "forms": translate_labels(env, FORMS),
            "result_words": result_words,
            "admission_words": translate_labels(env, ADMISSION),
            "term_labels": {
                doc.id: env._(
                    "%(term)s term of the %(year)s academic year",
                    term=doc.term_id.number or "",
                    year=doc.term_id.year_id.name or "",
                )
                for doc in docs
            },
            "totals_by_doc": totals,
            "lines_by_doc": lines_by_doc,
        }
