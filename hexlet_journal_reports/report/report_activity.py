from odoo import api, fields, models

from ..tools import format_day


class ReportActivity(models.AbstractModel):
    _name = "report.hexlet_journal_reports.report_activity"
    _inherit = "report.hexlet_journal_reports.document"
    _description = "User Activity Report"

    @api.model
    def _rows(self, data):
        date_from = fields.Date.to_date(data["date_from"])
        date_to = fields.Date.to_date(data["date_to"])
        activity = self.env["edu.journal.metrics"]._teacher_activity(date_from, date_to)
        users = self.env["res.users"].sudo().browse(list(activity))
        rows = [{"teacher": user.name, **activity[user.id]} for user in users]
        return date_from, date_to, sorted(rows, key=lambda row: row["teacher"])

    @api.model
    def _get_report_values(self, docids, data=None):
        self.env["edu.journal.report.wizard"].check_access("create")
        date_from, date_to, rows = self._rows(data)
        return {
            "doc_ids": docids,
            "docs": self.env["edu.journal.report.wizard"].browse(docids),
            **self._document_values(),
            **self._head_signature(),
            "date_from": format_day(self.env, date_from),
            "date_to": format_day(self.env, date_to),
            "rows": rows,
        }
