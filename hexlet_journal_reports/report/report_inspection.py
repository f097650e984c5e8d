from odoo import api, models
from odoo.tools.translate import LazyTranslate

from odoo.addons.hexlet_journal.models.edu_inspection import CONFORMITY_KINDS
from odoo.addons.hexlet_journal.models.edu_inspection_line import RATE_COUNTS

from ..tools import format_day, translate_labels

_lt = LazyTranslate(__name__)

# translated when a document is rendered, in its language (env._)
KINDS = {
    "monthly": _lt("monthly inspection of the academic department"),
    "semester": _lt("inspection by the deputy director for academic affairs"),
    "technical": _lt("monthly technical control by the DO and PO department"),
    "year_end": _lt("year-end inspection of the academic year"),
}


# the counts of the journals that add up in the roll-ups per discipline, group, teacher
SUMMED = (
    *RATE_COUNTS,
    "lessons_due",
    "lessons_entered",
    "lessons_missing",
    "late_count",
    "students_without_marks",
    "students_many_absences",
)


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

    def _rollup(self, lines, key):
        """Rows of a roll-up: the journals' counts summed per ``key(line)`` (a
        label) and the rates computed from the sums, in label order."""
        Line = self.env["edu.inspection.line"]
        buckets = {}
        for line in lines:
            bucket = buckets.setdefault(key(line), dict.fromkeys(("journals", *SUMMED), 0))
            bucket["journals"] += 1
            for name in SUMMED:
                bucket[name] += line[name]
        return [
            {"label": label, **counts, **Line._rates(counts)}
            for label, counts in sorted(buckets.items())
        ]

    def _rollups(self, inspection):
        lines = inspection.line_ids
        return [
            (
                self.env._("By discipline"),
                self.env._("Discipline"),
                self._rollup(lines, lambda line: line.discipline_id.display_name or ""),
            ),
            (
                self.env._("By group"),
                self.env._("Group"),
                self._rollup(lines, lambda line: line.group_id.name or ""),
            ),
            (
                self.env._("By teacher"),
                self.env._("Teacher"),
                self._rollup(lines, lambda line: line.teacher_id.name or ""),
            ),
        ]

    def _journal_items(self, inspection, kinds):
        """[(line, {kind: items})] of the journals with items of those kinds."""
        items = {}
        for issue in inspection.issue_ids.filtered(lambda issue: issue.kind in kinds):
            items.setdefault(issue.line_id, {}).setdefault(issue.kind, []).append(issue)
        return sorted(
            items.items(),
            key=lambda pair: (
                pair[0].group_id.name or "",
                pair[0].assignment_id.subgroup_id.display_name or "",
                pair[0].discipline_id.display_name or "",
            ),
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
            "rollups": {doc.id: self._rollups(doc) for doc in docs},
            "absences_headers": {
                doc.id: self.env._(
                    "%(count)s or more unexcused absences", count=doc.absence_threshold
                )
                for doc in docs
            },
            "conformity": {
                doc.id: self._journal_items(doc, ("topic_not_given", "out_of_order", "hours_short"))
                if doc.kind in CONFORMITY_KINDS
                else None
                for doc in docs
            },
            "students": {
                doc.id: self._journal_items(doc, ("no_marks", "many_absences")) for doc in docs
            },
            # two journals of one group (subgroups) are told apart by the subgroup
            "journal_group": lambda line: (
                line.assignment_id.subgroup_id.display_name or line.group_id.name
            ),
        }
