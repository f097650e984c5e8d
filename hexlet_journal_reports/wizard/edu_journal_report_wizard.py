from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import ValidationError

from odoo.addons.hexlet_journal.tools import college_today


class EduJournalReportWizard(models.TransientModel):
    """Print the user activity report (§6.1) or the council results (§6.2)."""

    _name = "edu.journal.report.wizard"
    _description = "Journal Report"

    report = fields.Selection(
        [
            ("activity", "User activity (§6.1)"),
            ("council", "Results for the Pedagogical Council (§6.2)"),
            ("summary", "Summary statement of groups (a term or a year)"),
        ],
        required=True,
        default="activity",
    )
    date_from = fields.Date(string="From", default=lambda self: self._previous_month()[0])
    date_to = fields.Date(string="To", default=lambda self: self._previous_month()[1])
    term_ids = fields.Many2many(
        "edu.term", string="Terms", default=lambda self: self.env["edu.term"]._get_current()
    )
    group_ids = fields.Many2many(
        "edu.group",
        string="Groups",
        help="Summary statement (сводная ведомость): one statement per group; both terms "
        "of a year make the year's statement.",
    )

    @api.model
    def _previous_month(self):
        """The first and last day of the month before today: the report's
        usual period (it is printed at the start of a month)."""
        last = college_today(self.env).replace(day=1) - timedelta(days=1)
        return last.replace(day=1), last

    @api.constrains("date_from", "date_to", "report", "term_ids")
    def _check_period(self):
        for wizard in self:
            if wizard.report == "activity" and (
                not wizard.date_from or not wizard.date_to or wizard.date_from > wizard.date_to
            ):
                raise ValidationError(self.env._("Choose a period that ends after it starts."))
            if wizard.report in ("council", "summary") and not wizard.term_ids:
                raise ValidationError(self.env._("Choose the terms of the results."))
            if wizard.report == "summary" and not wizard.group_ids:
                raise ValidationError(self.env._("Choose the groups of the statement."))

    def _data(self):
        self.ensure_one()
        return {
            "date_from": fields.Date.to_string(self.date_from),
            "date_to": fields.Date.to_string(self.date_to),
            "term_ids": self.term_ids.ids,
            "group_ids": self.group_ids.ids,
        }

    def _action(self, suffix=""):
        self.ensure_one()
        report = self.env.ref(f"hexlet_journal_reports.action_report_{self.report}{suffix}")
        return report.report_action(self, data=self._data())

    def action_print_pdf(self):
        return self._action()

    def action_print_xlsx(self):
        return self._action("_xlsx")
