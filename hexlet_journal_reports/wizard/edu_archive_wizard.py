"""The archive procedure of an academic year (§7.4), for the journal
administrator: the completeness check, then the freeze and the production."""

from odoo import api, fields, models
from odoo.exceptions import UserError


class EduArchiveWizard(models.TransientModel):
    _name = "edu.archive.wizard"
    _description = "Archive an Academic Year"

    year_id = fields.Many2one("edu.academic.year", required=True, readonly=True)
    issue_ids = fields.One2many(
        "edu.archive.wizard.issue", "wizard_id", string="Completeness Check"
    )
    blocking_count = fields.Integer(compute="_compute_counts")
    warning_count = fields.Integer(compute="_compute_counts")
    reason = fields.Text(
        help="Why the year is archived despite the warnings: kept with the archive (основание)."
    )

    @api.depends("issue_ids.blocking")
    def _compute_counts(self):
        for wizard in self:
            wizard.blocking_count = len(wizard.issue_ids.filtered("blocking"))
            wizard.warning_count = len(wizard.issue_ids) - wizard.blocking_count

    @api.model_create_multi
    def create(self, vals_list):
        wizards = super().create(vals_list)
        for wizard in wizards:
            wizard.year_id._check_administrator()
            wizard._refresh_issues()
        return wizards

    def _refresh_issues(self):
        self.ensure_one()
        self.issue_ids.unlink()
        self.issue_ids = [
            fields.Command.create(
                {
                    "blocking": issue["blocking"],
                    "kind": issue["kind"],
                    "name": issue["label"],
                    "res_model": issue["model"],
                    "res_id": issue["res_id"],
                }
            )
            for issue in self.year_id._archive_issues()
        ]

    def action_check_again(self):
        self.ensure_one()
        self._refresh_issues()
        return {
            "type": "ir.actions.act_window",
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "target": "new",
            "name": self.env._("Archive the Year %(year)s", year=self.year_id.name),
        }

    def action_archive(self):
        """Check once more, then freeze the year and start the production."""
        self.ensure_one()
        year = self.year_id
        year._check_administrator()
        if year.state == "archived" or year.archive_id:
            raise UserError(self.env._("The year %(year)s is already archived.", year=year.name))
        if year.state != "closed":
            raise UserError(
                self.env._(
                    "Close the year %(year)s first: only a closed year is archived.", year=year.name
                )
            )
        issues = year._archive_issues()
        blocking = [issue for issue in issues if issue["blocking"]]
        if blocking:
            raise UserError(
                self.env._(
                    "The year %(year)s cannot be archived while statements are open:\n%(list)s",
                    year=year.name,
                    list="\n".join(issue["label"] for issue in blocking),
                )
            )
        reason = (self.reason or "").strip()
        if issues and not reason:
            raise UserError(
                self.env._(
                    "The completeness check found %(count)s warnings: state the reason to "
                    "archive the year despite them.",
                    count=len(issues),
                )
            )
        archive = self.env["edu.archive"]._archive_year(
            year,
            reason=reason,
            warnings="\n".join(issue["label"] for issue in issues),
        )
        return {
            "type": "ir.actions.act_window",
            "res_model": "edu.archive",
            "res_id": archive.id,
            "view_mode": "form",
        }
