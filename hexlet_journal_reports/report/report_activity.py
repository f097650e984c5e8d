from odoo import api, fields, models

from odoo.addons.hexlet_journal.tools import college_now

from ..tools import format_day


class ReportActivity(models.AbstractModel):
    """The activity report of §6.1: teachers, curators, logins of the staff."""

    _name = "report.hexlet_journal_reports.report_activity"
    _inherit = "report.hexlet_journal_reports.document"
    _description = "User Activity Report"

    @api.model
    def _sections(self, data):
        """The period and the three tables, as plain values (names, figures,
        dates in college time) that the PDF and the XLSX print alike."""
        self.env["edu.journal.report.wizard"].check_access("create")
        date_from = fields.Date.to_date(data["date_from"])
        date_to = fields.Date.to_date(data["date_to"])
        Metrics = self.env["edu.journal.metrics"]
        activity = Metrics._teacher_activity(date_from, date_to)
        users = self.env["res.users"].sudo().browse(list(activity))
        teachers = sorted(
            ({"teacher": user.name, **activity[user.id]} for user in users),
            key=lambda row: row["teacher"] or "",
        )
        curators = [
            {
                **line,
                "curator": line["curator"].name or "",
                "group": line["group"].name or "",
            }
            for line in Metrics._curator_activity(date_from, date_to)
        ]
        logins = [
            {
                **line,
                "user": line["user"].name,
                "last_login": line["last_login"]
                and college_now(self.env, line["last_login"]).replace(tzinfo=None, microsecond=0),
            }
            for line in Metrics._login_activity(date_from, date_to)
        ]
        return {
            "date_from": date_from,
            "date_to": date_to,
            "teachers": teachers,
            "curators": curators,
            "logins": logins,
        }

    @api.model
    def _get_report_values(self, docids, data=None):
        sections = self._sections(data)
        env = self.env
        return {
            "doc_ids": docids,
            "docs": self.env["edu.journal.report.wizard"].browse(docids),
            **self._document_values(),
            **self._head_signature(),
            **sections,
            "date_from": format_day(env, sections["date_from"]),
            "date_to": format_day(env, sections["date_to"]),
            "days": lambda values: ", ".join(format_day(env, value) for value in values),
            "moment": lambda value: (
                f"{format_day(env, value)} {value:%H:%M}" if value else env._("never")
            ),
        }
