from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from ..tools import college_today, format_day


class EduTerm(models.Model):
    _name = "edu.term"
    _description = "Term"
    _inherit = ["edu.record.mixin", "mail.thread"]
    _order = "date_start desc"

    year_id = fields.Many2one(
        "edu.academic.year",
        string="Academic Year",
        required=True,
        index=True,
        ondelete="cascade",
    )
    number = fields.Selection(
        [("1", "1st term"), ("2", "2nd term")],
        required=True,
        default="1",
        help="Семестр учебного года.",
    )
    date_start = fields.Date(string="Start", required=True)
    date_end = fields.Date(string="End", required=True)
    lock_date = fields.Date(
        help="Дата закрытия: entries of lessons up to this date are frozen.",
        tracking=True,
    )
    # stored: every change of a lesson asks it (whether the year is archived) with the
    # term's lock date, in the one read of the term
    year_state = fields.Selection(related="year_id.state", string="Year State", store=True)
    is_current = fields.Boolean(
        string="Current", compute="_compute_is_current", search="_search_is_current"
    )

    _year_number_uniq = models.UniqueIndex(
        "(year_id, number)",
        lambda env, diag: env._("The academic year already has a term with this number."),
    )
    _rec_names_search = ["year_id.name"]

    @api.depends("year_id.name", "number")
    def _compute_display_name(self):
        for term in self:
            term.display_name = self.env._(
                "%(year)s, term %(number)s", year=term.year_id.name or "", number=term.number
            )

    @api.depends("date_start", "date_end")
    def _compute_is_current(self):
        today = college_today(self.env)
        for term in self:
            term.is_current = bool(
                term.date_start and term.date_end and term.date_start <= today <= term.date_end
            )

    def _search_is_current(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise UserError(self.env._("Unsupported search on the current term."))
        today = college_today(self.env)
        domain = [("date_start", "<=", today), ("date_end", ">=", today)]
        if (operator == "=") == value:
            return domain
        return ["!", "&", *domain]

    @api.constrains("date_start", "date_end", "year_id", "lock_date", "number")
    def _check_dates(self):
        for term in self:
            if term.date_start >= term.date_end:
                raise ValidationError(
                    self.env._(
                        "The term %(term)s must start before it ends.", term=term.display_name
                    )
                )
            year = term.year_id
            if term.date_start < year.date_start or term.date_end > year.date_end:
                raise ValidationError(
                    self.env._(
                        "The term %(term)s (%(start)s – %(end)s) must lie inside the academic "
                        "year %(year)s (%(year_start)s – %(year_end)s).",
                        term=term.display_name,
                        start=format_day(self.env, term.date_start),
                        end=format_day(self.env, term.date_end),
                        year=year.name,
                        year_start=format_day(self.env, year.date_start),
                        year_end=format_day(self.env, year.date_end),
                    )
                )
            overlapping = self.search(
                [
                    ("id", "!=", term.id),
                    ("date_start", "<=", term.date_end),
                    ("date_end", ">=", term.date_start),
                ],
                limit=1,
            )
            if overlapping:
                raise ValidationError(
                    self.env._(
                        "The term %(term)s overlaps the term %(other)s.",
                        term=term.display_name,
                        other=overlapping.display_name,
                    )
                )
            if term.lock_date and not (term.date_start <= term.lock_date <= term.date_end):
                raise ValidationError(
                    self.env._(
                        "The lock date of the term %(term)s must lie inside the term.",
                        term=term.display_name,
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        years = self.env["edu.academic.year"].browse(
            [vals["year_id"] for vals in vals_list if vals.get("year_id")]
        )
        years._check_not_archived()
        return super().create(vals_list)

    def write(self, vals):
        self.year_id._check_not_archived()
        if "lock_date" in vals and not self.env.su:
            self.check_access("write")
            new = fields.Date.to_date(vals["lock_date"])
            for term in self.filtered("lock_date"):
                if not new or new < term.lock_date:
                    raise UserError(
                        self.env._(
                            "The lock date of %(term)s only moves forward (it is %(date)s now): "
                            "to change a closed lesson, the deputy director unlocks its journal.",
                            term=term.display_name,
                            date=format_day(self.env, term.lock_date),
                        )
                    )
        if "year_id" in vals:
            self.env["edu.academic.year"].browse(vals["year_id"])._check_not_archived()
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_archived(self):
        self.year_id._check_not_archived()

    def _semester_index(self, admission_year):
        """Number of this term in the studies of a group admitted in a year.

        A group admitted in 2024 is in its 1st term in autumn 2024 and in its
        4th in spring 2026 (семестр обучения, as curricula count terms).
        """
        self.ensure_one()
        return (self.year_id.date_start.year - admission_year) * 2 + int(self.number)

    @api.model
    def _get_current(self):
        today = college_today(self.env)
        return self.search([("date_start", "<=", today)], order="date_start desc", limit=1)
