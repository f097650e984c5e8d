import logging
from datetime import timedelta

from dateutil.relativedelta import relativedelta
from markupsafe import Markup, escape

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.fields import Domain
from odoo.tools import is_html_empty
from odoo.tools.misc import formatLang

from ..tools import college_today, format_day
from .edu_inspection_line import RATE_COUNTS
from .edu_record_mixin import recording_facts

_logger = logging.getLogger(__name__)

INSPECTION_KINDS = [
    ("monthly", "Monthly (academic department)"),
    ("semester", "Term (deputy director)"),
    ("technical", "Monthly technical control (journal administrator)"),
    ("year_end", "Year end"),
]

# the calendar of checks (§3.5, §7.2, §7.3): who holds each planned check
CALENDAR_ROLES = {
    "monthly": "hexlet_journal.group_academic_head",
    "technical": "hexlet_journal.group_admin",
    "semester": "hexlet_journal.group_deputy_director",
    "year_end": "hexlet_journal.group_deputy_director",
}
# kinds that compare the journals with their КТП and the curriculum (§7.3)
CONFORMITY_KINDS = ("semester", "year_end")
# thresholds of the generated findings
LOW_PROGRESS_PCT = 90.0
LOW_QUALITY_PCT = 50.0
HIGH_TWOS_PCT = 20.0
# days the director has to read a done inspection's report
DIRECTOR_READING_DAYS = 3
# journals named in a point of the generated findings; the rest are counted
LISTED = 8


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
    absence_threshold = fields.Integer(
        string="Unexcused Absences Threshold",
        default=6,
        help="A student who missed this many lessons of a journal or more in the period "
        "without an excuse is listed.",
    )
    line_ids = fields.One2many("edu.inspection.line", "inspection_id", string="Journals")
    issue_ids = fields.One2many("edu.inspection.issue", "inspection_id", string="Flagged Items")
    date_deadline = fields.Date(
        string="Due Date",
        readonly=True,
        tracking=True,
        help="By when the inspection is to be done: set by the calendar of checks.",
    )
    is_planned = fields.Boolean(
        string="Planned", readonly=True, help="Created by the calendar of checks."
    )
    is_overdue = fields.Boolean(
        string="Overdue",
        compute="_compute_is_overdue",
        search="_search_is_overdue",
        help="Not done and its due date has passed.",
    )
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
    avg_mark = fields.Float(compute="_compute_totals", string="Average Mark")
    progress_pct = fields.Float(compute="_compute_totals", string="Pass Rate (%)")
    quality_pct = fields.Float(compute="_compute_totals", string="Quality (%)")

    @api.model
    def _default_period(self):
        """The previous month in college time: the monthly inspection's period;
        in a year's first month (nothing before it in the year), that month so far."""
        today = college_today(self.env)
        first = today.replace(day=1)
        end = first - timedelta(days=1)
        year = (
            self.env["edu.academic.year"]
            .sudo()
            .search([("date_start", "<=", today), ("date_end", ">=", today)], limit=1)
        )
        if year and end < year.date_start:
            return max(first, year.date_start), today
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
            rates = self.env["edu.inspection.line"]._rates(
                {name: sum(lines.mapped(name)) for name in RATE_COUNTS}
            )
            inspection.avg_mark = rates["avg_mark"] or 0.0
            inspection.progress_pct = rates["progress_pct"] or 0.0
            inspection.quality_pct = rates["quality_pct"] or 0.0

    @api.depends("state", "date_deadline")
    def _compute_is_overdue(self):
        today = college_today(self.env)
        for inspection in self:
            inspection.is_overdue = bool(
                inspection.state != "done"
                and inspection.date_deadline
                and inspection.date_deadline < today
            )

    def _search_is_overdue(self, operator, value):
        if operator != "in":
            return NotImplemented
        overdue = Domain(
            [
                ("state", "!=", "done"),
                ("date_deadline", "!=", False),
                ("date_deadline", "<", college_today(self.env)),
            ]
        )
        domain = Domain.FALSE
        if True in value:
            domain |= overdue
        if False in value:
            domain |= ~overdue
        return domain

    @api.constrains("date_from", "date_to", "scope", "program_id", "group_id")
    def _check_period(self):
        for inspection in self:
            if inspection.date_from > inspection.date_to:
                raise ValidationError(self.env._("The inspected period ends before it starts."))
            if inspection.date_from > college_today(self.env):
                raise ValidationError(self.env._("The inspected period has not begun yet."))
            year = (
                self.env["edu.academic.year"]
                .sudo()
                .search(
                    [
                        ("date_start", "<=", inspection.date_from),
                        ("date_end", ">=", inspection.date_to),
                    ],
                    limit=1,
                )
            )
            if not year:
                raise ValidationError(
                    self.env._(
                        "The inspected period %(start)s – %(end)s is not within one academic "
                        "year: an inspection covers days of a single academic year.",
                        start=format_day(self.env, inspection.date_from),
                        end=format_day(self.env, inspection.date_to),
                    )
                )
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
        """Compute the figures of every journal in scope (grouped queries): timeliness,
        hours, results of the period, and for term and year-end inspections the КТП
        conformity; then draft the findings unless the inspector wrote them."""
        Line = self.env["edu.inspection.line"]
        for inspection in self:
            if inspection.state == "done":
                raise UserError(self.env._("A done inspection is read-only."))
            journals = inspection._journals()
            period = (inspection.date_from, inspection.date_to)
            # the period's cells, counted once for the figures and the results
            counts = Line._period_cell_counts(journals, *period)
            metrics = Line._journal_metrics(journals, *period, cell_counts=counts)
            results = Line._journal_results(
                journals,
                *period,
                absence_threshold=inspection.absence_threshold,
                cell_counts=counts,
            )
            conformity = (
                Line._topic_conformity(journals, *period)
                if inspection.kind in CONFORMITY_KINDS
                else {}
            )
            vals_list = []
            for journal in journals:
                values = {**metrics[journal.id], **results[journal.id]}
                checked = conformity.get(journal.id)
                if checked:
                    values.update(
                        topics_not_given=len(checked["not_given"]),
                        topics_out_of_order=len(checked["out_of_order"]),
                        hours_short=checked["hours_short"],
                    )
                values.update(
                    assignment_id=journal.id,
                    low_marks=values["marks_per_student_month"] < inspection.min_marks_per_month,
                )
                vals_list.append(values)
            # the figures are the inspection's facts: only this computation writes them
            with recording_facts():
                inspection.issue_ids.unlink()
                inspection.line_ids.unlink()
                Line._create_computed(inspection, vals_list)
                self.env["edu.inspection.issue"]._create_computed(
                    inspection._issue_values(results, conformity)
                )
                if is_html_empty(inspection.findings):
                    super(EduInspection, inspection).write(
                        {"findings": inspection._draft_findings()}
                    )
        return True

    def _issue_values(self, results, conformity):
        """The flagged items of each journal, in the college's language."""
        self.ensure_one()
        env = self.with_context(lang=self._college_lang()).env
        values = []
        for line in self.line_ids:
            journal = line.assignment_id.id
            base = {"inspection_id": self.id, "line_id": line.id}
            checked = conformity.get(journal)
            if checked:
                for topic in checked["not_given"]:
                    values.append(
                        {
                            **base,
                            "kind": "topic_not_given",
                            "sequence": topic.sequence,
                            "topic_line_id": topic.id,
                            "value": topic.hours,
                            "note": env._("planned for week %(week)s", week=topic.planned_week),
                        }
                    )
                for lesson, after in checked["out_of_order"]:
                    values.append(
                        {
                            **base,
                            "kind": "out_of_order",
                            "sequence": lesson.topic_line_id.sequence,
                            "topic_line_id": lesson.topic_line_id.id,
                            "lesson_id": lesson.id,
                            "note": env._(
                                "given on %(date)s after «%(topic)s»",
                                date=format_day(env, lesson.date),
                                topic=after.topic,
                            ),
                        }
                    )
                if checked["hours_short"]:
                    values.append(
                        {
                            **base,
                            "kind": "hours_short",
                            "value": checked["hours_short"],
                            "note": env._(
                                "%(given)s of %(planned)s hours given",
                                given=formatLang(env, checked["hours_given"], digits=1),
                                planned=formatLang(env, line.hours_curriculum, digits=1),
                            ),
                        }
                    )
            figures = results[journal]
            for student_id in figures["without_marks"]:
                values.append({**base, "kind": "no_marks", "student_id": student_id})
            for student_id, absences in figures["many_absences"].items():
                values.append(
                    {
                        **base,
                        "kind": "many_absences",
                        "student_id": student_id,
                        "value": absences,
                    }
                )
        return values

    def _draft_findings(self):
        """Bullet points drawn from the figures, in the college's language: what
        the inspector starts the справка's findings from."""
        self.ensure_one()
        env = self.with_context(lang=self._college_lang()).env
        lines = self.line_ids.with_env(env)

        def num(value, digits=1):
            return formatLang(env, value, digits=digits)

        def journal(line):
            group = line.assignment_id.subgroup_id.display_name or line.group_id.name
            discipline = line.discipline_id.code or line.discipline_id.name
            # «Смирнова О.В.»: the figures' tables carry the full names
            surname, *given = (line.teacher_id.name or "").split() or [""]
            initials = "".join(f"{word[0]}." for word in given)
            return f"{group}, {discipline} ({surname} {initials})".replace(" )", ")")

        def listing(selected, weight, shown=None):
            """The journals concerned, the most concerned (highest ``weight``)
            first, each with ``shown`` (its weight by default); the rest counted.
            Only the listed ones are formatted: a college has thousands."""
            ordered = sorted(selected, key=weight, reverse=True)
            shown = shown or weight
            text = "; ".join(f"{journal(line)} — {shown(line)}" for line in ordered[:LISTED])
            if len(ordered) > LISTED:
                text += env._(
                    "; and %(count)s more journals (see the tables)", count=len(ordered) - LISTED
                )
            return text

        def total(selected, name):
            return sum(selected.mapped(name))

        # the names the points give their journals, read at once for all the lines
        # (else each point's own lines would read them again, a query per point)
        lines.group_id.fetch(["name"])
        lines.discipline_id.fetch(["code", "name"])
        lines.teacher_id.mapped("name")
        lines.assignment_id.subgroup_id.mapped("display_name")

        graded = lines.filtered("students_with_marks")
        # (the journals concerned, the point made of them)
        rules = [
            (
                lines.filtered("lessons_missing"),
                lambda sel: env._(
                    "%(count)s lessons of the timetable are not entered in the journal: %(list)s.",
                    count=total(sel, "lessons_missing"),
                    list=listing(sel, lambda line: line.lessons_missing),
                ),
            ),
            (
                lines.filtered("late_count"),
                lambda sel: env._(
                    "%(count)s lessons were entered late: %(list)s.",
                    count=total(sel, "late_count"),
                    list=listing(sel, lambda line: line.late_count),
                ),
            ),
            (
                lines.filtered("empty_topics"),
                lambda sel: env._(
                    "Lessons without a topic: %(list)s.",
                    list=listing(sel, lambda line: line.empty_topics),
                ),
            ),
            (
                lines.filtered("low_marks"),
                lambda sel: env._(
                    "Few marks (fewer than %(minimum)s per student a month): %(list)s.",
                    minimum=num(self.min_marks_per_month),
                    list=listing(
                        sel,
                        lambda line: -line.marks_per_student_month,
                        lambda line: num(line.marks_per_student_month, 2),
                    ),
                ),
            ),
            (
                graded.filtered(lambda line: line.progress_pct < LOW_PROGRESS_PCT),
                lambda sel: env._(
                    "Pass rate below %(limit)s: %(list)s.",
                    limit=f"{num(LOW_PROGRESS_PCT, 0)} %",
                    list=listing(
                        sel,
                        lambda line: -line.progress_pct,
                        lambda line: f"{num(line.progress_pct)} %",
                    ),
                ),
            ),
            (
                graded.filtered(lambda line: line.quality_pct < LOW_QUALITY_PCT),
                lambda sel: env._(
                    "Quality below %(limit)s: %(list)s.",
                    limit=f"{num(LOW_QUALITY_PCT, 0)} %",
                    list=listing(
                        sel,
                        lambda line: -line.quality_pct,
                        lambda line: f"{num(line.quality_pct)} %",
                    ),
                ),
            ),
            (
                lines.filtered(lambda line: line.marks_count and line.twos_pct >= HIGH_TWOS_PCT),
                lambda sel: env._(
                    "Many 2s (%(limit)s of the marks or more): %(list)s.",
                    limit=f"{num(HIGH_TWOS_PCT, 0)} %",
                    list=listing(
                        sel, lambda line: line.twos_pct, lambda line: f"{num(line.twos_pct)} %"
                    ),
                ),
            ),
            (
                lines.filtered("students_without_marks"),
                lambda sel: env._(
                    "%(count)s students have no mark in the period: %(list)s.",
                    count=total(sel, "students_without_marks"),
                    list=listing(sel, lambda line: line.students_without_marks),
                ),
            ),
            (
                lines.filtered("students_many_absences"),
                lambda sel: env._(
                    "%(count)s students missed %(threshold)s lessons or more without an "
                    "excuse: %(list)s.",
                    count=total(sel, "students_many_absences"),
                    threshold=self.absence_threshold,
                    list=listing(sel, lambda line: line.students_many_absences),
                ),
            ),
            (
                lines.filtered("topics_not_given"),
                lambda sel: env._(
                    "%(count)s topics of the topic plans due by their planned week are not "
                    "given: %(list)s.",
                    count=total(sel, "topics_not_given"),
                    list=listing(sel, lambda line: line.topics_not_given),
                ),
            ),
            (
                lines.filtered("topics_out_of_order"),
                lambda sel: env._(
                    "%(count)s topics were given out of the topic plan's order: %(list)s.",
                    count=total(sel, "topics_out_of_order"),
                    list=listing(sel, lambda line: line.topics_out_of_order),
                ),
            ),
            (
                lines.filtered("hours_short"),
                lambda sel: env._(
                    "The curriculum hours are not given in full (hours short): %(list)s.",
                    list=listing(
                        sel, lambda line: line.hours_short, lambda line: num(line.hours_short)
                    ),
                ),
            ),
        ]
        points = [point(selected) for selected, point in rules if selected]
        if not points:
            return Markup("<p>%s</p>") % env._(
                "No deviations from the regulation were found in the inspected journals."
            )
        return Markup("<ul>%s</ul>") % Markup("").join(
            Markup("<li>%s</li>") % escape(point) for point in points
        )

    def action_regenerate_findings(self):
        """Replace the findings with a new draft from the figures (the form asks first)."""
        for inspection in self:
            if inspection.state == "done":
                raise UserError(self.env._("A done inspection is read-only."))
            if not inspection.line_ids:
                raise UserError(self.env._("Compute the figures before drafting the findings."))
            inspection.write({"findings": inspection._draft_findings()})
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
        self._notify_directors()
        return True

    def _notify_directors(self):
        """Each director gets a to-do to read the report of a done inspection."""
        group = self.env.ref("hexlet_journal.group_director").sudo()
        directors = group.user_ids.filtered(lambda user: not user.share and user.active)
        deadline = college_today(self.env) + timedelta(days=DIRECTOR_READING_DAYS)
        for inspection in self:
            for director in directors:
                inspection.activity_schedule(
                    "mail.mail_activity_data_todo",
                    date_deadline=deadline,
                    summary=inspection._env_for(director)._("Read the inspection report"),
                    user_id=director.id,
                )

    # The calendar of checks (§3.5, §7.2, §7.3)

    @api.model
    def _planned_checks(self, year):
        """The checks an academic year calls for, as ``(kind, date_from, date_to,
        deadline)``: the academic department's and the journal administrator's
        monthly ones (due the 10th of the next month), the deputy director's two
        per term (each half of the term, due a week after it) and the year-end
        one (due two weeks after the year)."""
        checks = []
        month = year.date_start.replace(day=1)
        while month <= year.date_end:
            following = month + relativedelta(months=1)
            start = max(month, year.date_start)
            end = min(following - timedelta(days=1), year.date_end)
            deadline = following.replace(day=10)
            checks += [("monthly", start, end, deadline), ("technical", start, end, deadline)]
            month = following
        for term in year.term_ids.sorted("date_start"):
            middle = term.date_start + timedelta(
                days=((term.date_end - term.date_start).days + 1) // 2
            )
            for start, end in (
                (term.date_start, middle - timedelta(days=1)),
                (middle, term.date_end),
            ):
                checks.append(("semester", start, end, end + timedelta(days=7)))
        checks.append(
            ("year_end", year.date_start, year.date_end, year.date_end + timedelta(days=14))
        )
        return checks

    @api.model
    def _calendar_inspector(self, kind):
        """Who holds a planned check: the holder of its role, else the deputy
        director, else the academic department."""
        Users = self.env["res.users"]
        for role in (
            CALENDAR_ROLES[kind],
            "hexlet_journal.group_deputy_director",
            "hexlet_journal.group_academic_head",
        ):
            user = Users._journal_signatory(role)
            if user:
                return user
        return Users

    @api.model
    def _cron_plan_checks(self):
        """Create, once, a draft inspection of the whole college for every check of
        the open academic years whose period has ended and whose due date has not
        passed, with its inspector and a to-do for them. Returns what it created."""
        today = college_today(self.env)
        years = (
            self.env["edu.academic.year"]
            .sudo()
            .search([("state", "=", "open"), ("date_start", "<", today)])
        )
        checks = [
            check
            for year in years
            for check in self._planned_checks(year)
            if check[2] < today <= check[3]
        ]
        return self._plan_checks(checks)

    @api.model
    def _plan_checks(self, checks):
        """Create the draft inspections of ``checks`` (``(kind, date_from, date_to,
        deadline)``) that do not exist yet, each with its inspector's to-do."""
        if not checks:
            return self.browse()
        Inspection = self.sudo()
        existing = {
            (inspection.kind, inspection.date_from, inspection.date_to)
            for inspection in Inspection.search_fetch(
                [
                    ("scope", "=", "college"),
                    ("date_from", ">=", min(check[1] for check in checks)),
                    ("date_to", "<=", max(check[2] for check in checks)),
                ],
                ["kind", "date_from", "date_to"],
            )
        }
        created = self.browse()
        for kind, date_from, date_to, deadline in checks:
            if (kind, date_from, date_to) in existing:
                continue
            inspector = self._calendar_inspector(kind)
            if not inspector:
                _logger.warning("Nobody holds the %s check of %s: not planned", kind, date_from)
                continue
            inspection = Inspection.create(
                {
                    "kind": kind,
                    "scope": "college",
                    "date_from": date_from,
                    "date_to": date_to,
                    "date_deadline": deadline,
                    "is_planned": True,
                    "inspector_id": inspector.id,
                }
            )
            inspection.activity_schedule(
                "mail.mail_activity_data_todo",
                date_deadline=deadline,
                summary=inspection._env_for(inspector)._(
                    "Carry out the inspection: %(name)s",
                    name=inspection.with_env(inspection._env_for(inspector)).display_name,
                ),
                user_id=inspector.id,
            )
            created |= inspection
        return created.with_env(self.env)
