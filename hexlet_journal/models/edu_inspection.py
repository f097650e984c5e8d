from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from ..tools import college_today, format_day
from .edu_record_mixin import recording_facts

INSPECTION_KINDS = [
    ("monthly", "Monthly (academic department)"),
    ("semester", "Term (deputy director)"),
    ("technical", "Monthly technical control (journal administrator)"),
    ("year_end", "Year end"),
]


class EduInspection(models.Model):
    """Проверка электронного журнала (§3.5, §7.2–7.3) and its справка."""

    _name = "edu.inspection"
    _description = "Journal Inspection"
    _inherit = ["edu.record.mixin", "mail.thread", "mail.activity.mixin"]
    _order = "date_to desc, id desc"

    name = fields.Char(compute="_compute_name", store=True)
    kind = fields.Selection(INSPECTION_KINDS, required=True, default="monthly", tracking=True)
    inspector_id = fields.Many2one(
        "res.users",
        required=True,
        readonly=True,
        default=lambda self: self.env.user,
        tracking=True,
        help="Who made the inspection: its author, who signs the справка.",
    )
    date_from = fields.Date(
        string="From", required=True, tracking=True, default=lambda self: self._default_period()[0]
    )
    date_to = fields.Date(
        string="To", required=True, tracking=True, default=lambda self: self._default_period()[1]
    )
    scope = fields.Selection(
        [("college", "Whole college"), ("program", "Program"), ("group", "Group")],
        required=True,
        default="college",
    )
    program_id = fields.Many2one("edu.program")
    group_id = fields.Many2one("edu.group")
    min_marks_per_month = fields.Float(
        string="Minimum Marks per Student per Month",
        default=2.0,
        help="Накопляемость оценок: journals below it are flagged.",
    )
    line_ids = fields.One2many("edu.inspection.line", "inspection_id", string="Journals")
    findings = fields.Html()
    conclusion = fields.Html()
    state = fields.Selection(
        [("draft", "Draft"), ("done", "Done")],
        default="draft",
        required=True,
        readonly=True,
        tracking=True,
        help="Changed by the Done button only.",
    )
    journal_count = fields.Integer(compute="_compute_totals")
    lessons_due = fields.Integer(compute="_compute_totals")
    lessons_entered = fields.Integer(compute="_compute_totals")
    on_time_pct = fields.Float(compute="_compute_totals", string="On Time (%)")
    attendance_pct = fields.Float(compute="_compute_totals", string="Attendance (%)")

    @api.model
    def _default_period(self):
        """The previous month in college time: the monthly inspection's period."""
        first = college_today(self.env).replace(day=1)
        end = first - timedelta(days=1)
        return end.replace(day=1), end

    @api.depends("kind", "date_from", "date_to")
    @api.depends_context("lang")
    def _compute_display_name(self):
        """The reader's language and date format (the stored name is for searching)."""
        kinds = dict(self._fields["kind"]._description_selection(self.env))
        for inspection in self:
            label = kinds.get(inspection.kind, "")
            if inspection.date_from and inspection.date_to:
                label = (
                    f"{label}: {format_day(self.env, inspection.date_from)} – "
                    f"{format_day(self.env, inspection.date_to)}"
                )
            inspection.display_name = label

    @api.depends("kind", "date_from", "date_to")
    def _compute_name(self):
        # stored, so written in the college's language whoever computes it
        env = self.with_context(lang=self._college_lang()).env
        kinds = dict(self._fields["kind"]._description_selection(env))
        for inspection in self:
            if not (inspection.date_from and inspection.date_to):
                inspection.name = kinds.get(inspection.kind, "")
                continue
            start = format_day(env, inspection.date_from)
            end = format_day(env, inspection.date_to)
            inspection.name = f"{kinds.get(inspection.kind, '')}: {start} – {end}"

    @api.depends("line_ids")
    def _compute_totals(self):
        for inspection in self:
            lines = inspection.line_ids
            entered = sum(lines.mapped("lessons_entered"))
            on_time = sum(line.lessons_entered * line.on_time_pct for line in lines)
            seats = sum(line.lessons_entered * line.students for line in lines)
            present = sum(
                line.lessons_entered * line.students * line.attendance_pct for line in lines
            )
            inspection.journal_count = len(lines)
            inspection.lessons_due = sum(lines.mapped("lessons_due"))
            inspection.lessons_entered = entered
            inspection.on_time_pct = round(on_time / entered, 1) if entered else 0.0
            inspection.attendance_pct = round(present / seats, 1) if seats else 0.0

    @api.constrains("date_from", "date_to", "scope", "program_id", "group_id")
    def _check_period(self):
        for inspection in self:
            if inspection.date_from > inspection.date_to:
                raise ValidationError(self.env._("The inspected period ends before it starts."))
            if inspection.date_from > college_today(self.env):
                raise ValidationError(self.env._("The inspected period has not begun yet."))
            if inspection.scope == "program" and not inspection.program_id:
                raise ValidationError(self.env._("Choose the program to inspect."))
            if inspection.scope == "group" and not inspection.group_id:
                raise ValidationError(self.env._("Choose the group to inspect."))

    def write(self, vals):
        self.check_access("write")
        if "state" in vals and not self.env.su:
            raise UserError(self.env._("An inspection is closed with its Done button only."))
        # a done inspection changes nothing but its stored name in the college's language
        allowed = {"message_main_attachment_id"} | ({"name"} if self.env.su else set())
        if self.filtered(lambda inspection: inspection.state == "done") and set(vals) - allowed:
            raise UserError(self.env._("A done inspection is read-only."))
        return super().write(vals)

    def _journals(self):
        self.ensure_one()
        domain = [
            ("term_id.date_start", "<=", self.date_to),
            ("term_id.date_end", ">=", self.date_from),
        ]
        if self.scope == "program":
            domain.append(("group_id.program_id", "=", self.program_id.id))
        elif self.scope == "group":
            domain.append(("group_id", "=", self.group_id.id))
        return self.env["edu.teaching.assignment"].sudo().search(domain)

    def action_compute(self):
        """Compute the figures of every journal in scope (grouped queries)."""
        for inspection in self:
            if inspection.state == "done":
                raise UserError(self.env._("A done inspection is read-only."))
            journals = inspection._journals()
            metrics = self.env["edu.journal.metrics"]._journal_metrics(
                journals, inspection.date_from, inspection.date_to
            )
            commands = [fields.Command.clear()]
            for journal in journals:
                values = metrics[journal.id]
                commands.append(
                    fields.Command.create(
                        {
                            "assignment_id": journal.id,
                            **{
                                key: value
                                for key, value in values.items()
                                if key in self.env["edu.inspection.line"]._fields
                            },
                            "low_marks": values["marks_per_student_month"]
                            < inspection.min_marks_per_month,
                        }
                    )
                )
            # the figures are the inspection's facts: only this computation writes them
            with recording_facts():
                super(EduInspection, inspection).write({"line_ids": commands})
        return True

    @api.ondelete(at_uninstall=False)
    def _unlink_except_done(self):
        if self.filtered(lambda inspection: inspection.state == "done") and not self.env.su:
            raise UserError(self.env._("A done inspection is kept: it cannot be deleted."))

    def action_done(self):
        for inspection in self:
            if not inspection.line_ids:
                raise UserError(self.env._("Compute the figures before closing the inspection."))
        with recording_facts():
            super().write({"state": "done"})
        return True
