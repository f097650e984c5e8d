from odoo import api, models


class ReportCouncil(models.AbstractModel):
    _name = "report.hexlet_journal_reports.report_council"
    _inherit = "report.hexlet_journal_reports.document"
    _description = "Results for the Pedagogical Council"

    @api.model
    def _table_labels(self):
        """{table: (title of the table, header of its first column)}."""
        env = self.env
        return {
            "by_group": (env._("By group"), env._("Group")),
            "by_discipline": (env._("By discipline"), env._("Discipline")),
            "by_teacher": (env._("By teacher"), env._("Teacher")),
        }

    @api.model
    def _tables(self, data):
        terms = self.env["edu.term"].browse(data["term_ids"])
        Metrics = self.env["edu.journal.metrics"]
        tables = Metrics._council_tables(terms)

        def table(group_by):
            # a figure without data (no statement yet, no lesson) is None
            results = tables[group_by]
            rows = [{"name": key.display_name, **values} for key, values in results.items()]
            return sorted(rows, key=lambda row: row["name"] or "")

        objectivity = Metrics._objectivity(terms)
        teachers = sorted(
            ({"name": key.name, **values} for key, values in objectivity["teachers"].items()),
            key=lambda row: row["name"] or "",
        )
        outliers = [
            {
                "student": item["student"].name,
                "journal": item["journal"].name,
                "average": item["average"],
                "mark": item["mark"],
                "deviation": item["deviation"],
            }
            for item in objectivity["outliers"]
        ]
        return {
            "terms_label": ", ".join(terms.mapped("display_name")),
            "by_group": table("group_id"),
            "by_discipline": table("discipline_id"),
            "by_teacher": table("teacher_id"),
            "objectivity_teachers": teachers,
            "outliers": outliers,
        }

    @api.model
    def _get_report_values(self, docids, data=None):
        self.env["edu.journal.report.wizard"].check_access("create")
        tables = self._tables(data)
        return {
            "doc_ids": docids,
            "docs": self.env["edu.journal.report.wizard"].browse(docids),
            **self._document_values(),
            **self._head_signature(),
            **tables,
            "council_tables": [
                (title, key_label, tables[key])
                for key, (title, key_label) in self._table_labels().items()
            ],
        }
