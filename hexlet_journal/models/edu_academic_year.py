from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from ..tools import college_today
from .edu_record_mixin import recording_facts


class EduAcademicYear(models.Model):
    _name = "edu.academic.year"
    _description = "Academic Year"
    _inherit = ["edu.record.mixin"]
    _order = "date_start desc"

    name = fields.Char(required=True, help="Учебный год, e.g. 2025/2026.")
    date_start = fields.Date(string="Start", required=True)
    date_end = fields.Date(string="End", required=True)
    state = fields.Selection(
        [("open", "Open"), ("closed", "Closed"), ("archived", "Archived")],
        default="open",
        required=True,
        readonly=True,
        help="Changed by the year's buttons only. Closed: the year is over and being checked. "
        "Archived: the year was "
        "archived (§7.4) and nothing in it changes any more.",
    )
    term_ids = fields.One2many("edu.term", "year_id", string="Terms")
    is_current = fields.Boolean(
        string="Current", compute="_compute_is_current", search="_search_is_current"
    )

    _name_uniq = models.UniqueIndex(
        "(name)",
        lambda env, diag: env._("Another academic year already has this name."),
    )

    @api.depends("date_start", "date_end")
    def _compute_is_current(self):
        today = college_today(self.env)
        for year in self:
            year.is_current = bool(
                year.date_start and year.date_end and year.date_start <= today <= year.date_end
            )

    def _search_is_current(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise UserError(self.env._("Unsupported search on the current year."))
        today = college_today(self.env)
        domain = [("date_start", "<=", today), ("date_end", ">=", today)]
        if (operator == "=") == value:
            return domain
        return ["!", "&", *domain]

    @api.constrains("date_start", "date_end")
    def _check_dates(self):
        for year in self:
            if year.date_start >= year.date_end:
                raise ValidationError(
                    self.env._(
                        "The academic year %(year)s must start before it ends.", year=year.name
                    )
                )
            overlapping = self.search(
                [
                    ("id", "!=", year.id),
                    ("date_start", "<=", year.date_end),
                    ("date_end", ">=", year.date_start),
                ],
                limit=1,
            )
            if overlapping:
                raise ValidationError(
                    self.env._(
                        "The academic year %(year)s overlaps the year %(other)s.",
                        year=year.name,
                        other=overlapping.name,
                    )
                )

    def _check_not_archived(self):
        archived = self.filtered(lambda year: year.state == "archived")
        if archived:
            raise UserError(
                self.env._(
                    "The academic year %(year)s is archived and read-only.",
                    year=archived[0].name,
                )
            )

    def write(self, vals):
        self._check_not_archived()
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_archived(self):
        self._check_not_archived()

    def _check_administrator(self):
        if not (self.env.su or self.env.user.has_group("hexlet_journal.group_admin")):
            raise UserError(self.env._("The journal administrator closes and reopens years."))

    def action_close(self):
        self._check_administrator()
        with recording_facts():
            self.filtered(lambda year: year.state == "open").write({"state": "closed"})

    def action_reopen(self):
        self._check_administrator()
        with recording_facts():
            self.filtered(lambda year: year.state == "closed").write({"state": "open"})

    @api.model
    def _get_current(self):
        """The year containing today in college time, else the latest started."""
        today = college_today(self.env)
        return self.search([("date_start", "<=", today)], order="date_start desc", limit=1)
