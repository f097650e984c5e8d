from odoo import api, fields, models


class ReportActivity(models.AbstractModel):
    _name = "report.hexlet_journal_reports.report_activity"
    _description = "User Activity Report"

    @api.model
    def _rows(self, data):
        date_from = fields.Date.to_date(data["date_from"])
        date_to = fields.Date.to_date(data["date_to"])
        activity = self.env["edu.journal.metrics"].teacher_activity(date_from, date_to)
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
            "company": self.env.company,
            "user": self.env.user,
            "date_from": date_from.strftime("%d.%m.%Y"),
            "date_to": date_to.strftime("%d.%m.%Y"),
            "rows": rows,
        }
