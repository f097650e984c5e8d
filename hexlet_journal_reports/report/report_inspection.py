from odoo import api, models
from odoo.tools.translate import LazyTranslate

from ..tools import format_day, translate_labels

_lt = LazyTranslate(__name__)

# translated when a document is rendered, in its language (env._)
KINDS = {
    "monthly": _lt("monthly inspection of the academic department"),
    "semester": _lt("inspection by the deputy director for academic affairs"),
    "technical": _lt("monthly technical control by the DO and PO department"),
    "year_end": _lt("year-end inspection of the academic year"),
}


class ReportInspection(models.AbstractModel):
    _name = "report.hexlet_journal_reports.report_inspection"
    _inherit = "report.hexlet_journal_reports.document"
    _description = "Journal Inspection Report"

    def _spravka_number(self, inspection):
        """«№ СП-2026-001 от 01.12.2026»; a draft has blanks to fill in."""
        if not inspection.number:
            return self.env._("No. ________ of ____________")
        return self.env._(
            "No. %(number)s of %(date)s",
            number=inspection.number,
            date=format_day(self.env, inspection.done_date),
        )

    @api.model
    def _get_report_values(self, docids, data=None):
        docs = self.env["edu.inspection"].browse(docids)
        docs.check_access("read")
        Users = self.env["res.users"]
        director = Users._journal_signatory("hexlet_journal.group_director")
        inspectors = {
            doc.id: {
                "position": doc.inspector_id._journal_position() or self.env._("Inspector"),
                "name": doc.inspector_id._journal_short_name(),
            }
            for doc in docs
        }
        return {
            "doc_ids": docids,
            "doc_model": "edu.inspection",
            "docs": docs,
            **self._document_values(),
            "kinds": translate_labels(self.env, KINDS),
            "director_name": director._journal_short_name(),
            "inspectors": inspectors,
            "numbers": {doc.id: self._spravka_number(doc) for doc in docs},
            # two journals of one group (subgroups) are told apart by the subgroup
            "journal_group": lambda line: (
                line.assignment_id.subgroup_id.display_name or line.group_id.name
            ),
        }
