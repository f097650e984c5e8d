from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError

from ..tools import college_day_bounds, college_now, college_today, format_day
from .edu_record_mixin import recording_facts

# A week's check is on time when its curator confirms it by the end of the
# Wednesday after the week (college time): the deadline of the curator's to-do
# the Monday cron gives (created on Monday, two days to do it).
CONFIRM_DAYS_AFTER_WEEK = 3


class EduWeeklyCheck(models.Model):
    """The curator's weekly check of a group's journals (§3.3)."""

    _name = "edu.weekly.check"
    _description = "Weekly Check"
    _inherit = ["edu.record.mixin", "mail.thread", "mail.activity.mixin"]
    _order = "week_start desc, group_id"

    group_id = fields.Many2one("edu.group", required=True, index=True, readonly=True)
    curator_id = fields.Many2one("res.users", readonly=True, index=True)
    week_start = fields.Date(required=True, readonly=True, help="The Monday of the week checked.")
    week_end = fields.Date(compute="_compute_week_end", store=True)
    state = fields.Selection(
        [("draft", "To Check"), ("confirmed", "Confirmed")],
        default="draft",
        required=True,
        readonly=True,
        tracking=True,
    )
    confirmed_at = fields.Datetime(
        string="Confirmed On",
        readonly=True,
        copy=False,
        help="When the curator confirmed the check: recorded by the Confirm button, "
        "written by nobody by hand. The check is confirmed on time when it is confirmed by "
        "the end of the Wednesday after its week (college time), the deadline of the "
        "curator's to-do.",
    )
    confirmed_on_time = fields.Boolean(
        compute="_compute_confirmed_on_time",
        store=True,
        help="Confirmed by the end of the Wednesday after the week (college time).",
    )
    lessons_due = fields.Integer(readonly=True, help="Lessons the schedule required.")
    lessons_entered = fields.Integer(readonly=True)
    lessons_missing = fields.Integer(readonly=True)
    lessons_late = fields.Integer(readonly=True)
    lessons_without_topic = fields.Integer(readonly=True)
    issue_ids = fields.One2many(
        "edu.weekly.check.issue", "check_id", string="Violations", readonly=True
    )
    student_line_ids = fields.One2many(
        "edu.weekly.check.student", "check_id", string="Students to Report"
    )
    has_violations = fields.Boolean(compute="_compute_has_violations", store=True)
    memo_ids = fields.One2many("edu.memo", "weekly_check_id", string="Memos")
    late_change_ids = fields.Many2many(
        "edu.lesson.entry.log",
        compute="_compute_late_changes",
        string="Changes after the Lesson Day",
        help="Cells of the group's journals changed during the week after their lesson's day "
        "(who, which lesson, from what to what): the curator sees them, the memo lists them.",
    )
    late_change_count = fields.Integer(compute="_compute_late_changes")

    _group_week_uniq = models.UniqueIndex(
        "(group_id, week_start)",
        lambda env, diag: env._("The group already has its check of that week."),
    )

    @api.depends("group_id", "week_start")
    def _compute_late_changes(self):
        Log = self.env["edu.lesson.entry.log"].sudo()
        for check in self:
            if not (check.group_id and check.week_start):
                check.late_change_ids = Log
                check.late_change_count = 0
                continue
            start, end = check._week_moments()
            logs = Log.search(
                [
                    ("group_id", "=", check.group_id.id),
                    ("after_lesson_day", "=", True),
                    ("changed_at", ">=", start),
                    ("changed_at", "<", end),
                ],
                order="changed_at, id",
            )
            # shown to whoever may read the check: its curator and the offices
            check.late_change_ids = logs.with_env(self.env)
            check.late_change_count = len(logs)

    def _week_moments(self):
        """The week in college time, as naive UTC moments (how Datetime fields store)."""
        return college_day_bounds(self.env, self.week_start, self.week_start + timedelta(days=6))

    def _confirm_deadline(self):
        """The last day (college time) the check is confirmed on time."""
        self.ensure_one()
        return self.week_end + timedelta(days=CONFIRM_DAYS_AFTER_WEEK)

    @api.depends("confirmed_at", "week_end")
    def _compute_confirmed_on_time(self):
        for check in self:
            check.confirmed_on_time = bool(
                check.confirmed_at
                and check.week_end
                and college_now(self.env, check.confirmed_at).date() <= check._confirm_deadline()
            )

    @api.depends("week_start")
    def _compute_week_end(self):
        for check in self:
            check.week_end = check.week_start + timedelta(days=6) if check.week_start else False

    @api.depends("issue_ids")
    def _compute_has_violations(self):
        for check in self:
            check.has_violations = bool(check.issue_ids)

    @api.depends("group_id", "week_start")
    def _compute_display_name(self):
        for check in self:
            check.display_name = self.env._(
                "%(group)s, week of %(date)s",
                group=check.group_id.name or "",
                date=format_day(self.env, check.week_start),
            )

    # Building

    @api.model
    def _build(self, group, week_start):
        """The check of a group's week, computed from the schedule and the journal."""
        week_end = week_start + timedelta(days=6)
        assignments = (
            self.env["edu.teaching.assignment"].sudo().search([("group_id", "=", group.id)])
        )
        due = (
            self.env["edu.schedule.slot"]
            .sudo()
            ._lessons_due_between(week_start, week_end, assignments=assignments)
        )
        lessons = (
            self.env["edu.lesson"]
            .sudo()
            .search_fetch(
                [
                    ("assignment_id", "in", assignments.ids),
                    ("date", ">=", week_start),
                    ("date", "<=", week_end),
                ],
                [
                    "assignment_id",
                    "date",
                    "pair_number",
                    "topic",
                    "is_late",
                    "delay_days",
                    "teacher_id",
                ],
            )
        )
        entered = {
            (lesson.assignment_id.id, lesson.date, lesson.pair_number): lesson for lesson in lessons
        }
        issues = []
        for item in due:
            key = (item["assignment"].id, item["date"], item["pair_number"])
            if key not in entered:
                issues.append(
                    {
                        "kind": "missing",
                        "assignment_id": key[0],
                        "teacher_id": item["assignment"].teacher_id.id,
                        "date": item["date"],
                        "pair_number": item["pair_number"],
                    }
                )
        for lesson in lessons:
            if lesson.is_late:
                issues.append(
                    {
                        "kind": "late",
                        "assignment_id": lesson.assignment_id.id,
                        "teacher_id": lesson.teacher_id.id,
                        "date": lesson.date,
                        "pair_number": lesson.pair_number,
                        "delay_days": lesson.delay_days,
                    }
                )
            if not (lesson.topic or "").strip():
                issues.append(
                    {
                        "kind": "no_topic",
                        "assignment_id": lesson.assignment_id.id,
                        "teacher_id": lesson.teacher_id.id,
                        "date": lesson.date,
                        "pair_number": lesson.pair_number,
                    }
                )
        students = self._student_lines(lessons, group, week_start, week_end)
        return {
            "group_id": group.id,
            "curator_id": group.curator_id.id,
            "week_start": week_start,
            "lessons_due": len(due),
            "lessons_entered": len(lessons),
            "lessons_missing": sum(1 for issue in issues if issue["kind"] == "missing"),
            "lessons_late": sum(1 for issue in issues if issue["kind"] == "late"),
            "lessons_without_topic": sum(1 for issue in issues if issue["kind"] == "no_topic"),
            "issue_ids": [fields.Command.create(issue) for issue in issues],
            "student_line_ids": [fields.Command.create(line) for line in students],
        }

    def _student_lines(self, lessons, group, week_start, week_end):
        entries = (
            self.env["edu.lesson.entry"]
            .sudo()
            .search_fetch(
                [
                    ("lesson_id", "in", lessons.ids),
                    "|",
                    ("absent", "=", True),
                    ("mark", "in", ("2", "fail")),
                ],
                ["student_id", "absent", "mark", "date"],
            )
        )
        excused = self.env["edu.absence.excuse"]._excused_days(
            entries.student_id, week_start, week_end
        )
        stats = {
            student_id: {
                "unexcused_absences": tally["unexcused"],
                "failing_marks": tally["failing"],
            }
            for student_id, tally in entries._tally(excused=excused).items()
        }
        return [
            {"student_id": student_id, **line}
            for student_id, line in stats.items()
            if line["unexcused_absences"] or line["failing_marks"]
        ]

    @api.model
    def _weeks_due(self, groups, date_from, date_to):
        """``{group: [Mondays]}``: the weeks (Monday to Sunday) ending from
        ``date_from`` to ``date_to`` in which the group had journals of a term,
        that is the weeks whose check is due (the Monday cron creates them).
        Two queries, whatever the number of groups and weeks."""
        first_sunday = date_from + timedelta(days=(6 - date_from.weekday()) % 7)
        sundays = []
        while first_sunday <= date_to:
            sundays.append(first_sunday)
            first_sunday += timedelta(days=7)
        if not groups or not sundays:
            return {}
        pairs = (
            self.env["edu.teaching.assignment"]
            .sudo()
            ._read_group(
                [
                    ("group_id", "in", groups.ids),
                    ("term_id.date_start", "<=", sundays[-1]),
                    ("term_id.date_end", ">=", sundays[0] - timedelta(days=6)),
                ],
                ["group_id", "term_id"],
            )
        )
        due = {}
        for group, term in pairs:
            weeks = due.setdefault(group.with_env(self.env), set())
            weeks.update(
                sunday - timedelta(days=6)
                for sunday in sundays
                if term.date_start <= sunday and term.date_end >= sunday - timedelta(days=6)
            )
        return {group: sorted(weeks) for group, weeks in due.items() if weeks}

    @api.model
    def _cron_create_weekly_checks(self, week_start=None):
        """Every Monday (college time): last week's check of every group, once."""
        today = college_today(self.env)
        week_start = week_start or today - timedelta(days=today.weekday() + 7)
        groups = self.env["edu.group"].search([("curator_id", "!=", False)])
        existing = self.search(
            [("week_start", "=", week_start), ("group_id", "in", groups.ids)]
        ).group_id
        checks = self.browse()
        week_end = week_start + timedelta(days=6)
        due = self._weeks_due(groups - existing, week_end, week_end)
        for group in groups - existing:
            if week_start in due.get(group, ()):
                checks |= self.create(self._build(group, week_start))
        for check in checks:
            check.activity_schedule(
                "mail.mail_activity_data_todo",
                date_deadline=today + timedelta(days=2),
                summary=check._env_for(check.curator_id)._(
                    "Weekly check of the journal of %(group)s", group=check.group_id.name
                ),
                user_id=check.curator_id.id,
            )
        return checks

    def _check_is_curator(self):
        user = self.env.user
        for check in self:
            if check.curator_id != user and not user.has_group("hexlet_journal.group_admin"):
                raise UserError(
                    self.env._(
                        "Only %(curator)s, the curator of %(group)s, confirms this check.",
                        curator=check.curator_id.name,
                        group=check.group_id.name,
                    )
                )

    def action_confirm(self):
        self._check_is_curator()
        done = self.filtered(lambda check: check.state == "confirmed")
        if done:
            raise UserError(
                self.env._(
                    "The weekly check %(check)s is already confirmed.",
                    check=done[0].display_name,
                )
            )
        with recording_facts():
            self.write({"state": "confirmed", "confirmed_at": fields.Datetime.now()})
        self.activity_feedback(["mail.mail_activity_data_todo"])

    def action_create_memo(self):
        self.ensure_one()
        self._check_is_curator()
        memo = self.env["edu.memo"].create({"weekly_check_id": self.id})
        return {
            "type": "ir.actions.act_window",
            "res_model": "edu.memo",
            "res_id": memo.id,
            "view_mode": "form",
        }

    @api.model
    def _cron_remind_teachers(self):
        """At the end of the day (college time, configurable hour), a to-do for each
        teacher with today's scheduled lessons not entered yet."""
        hour = int(
            self.env["ir.config_parameter"].sudo().get_param("hexlet_journal.reminder_hour", 18)
        )
        now = college_now(self.env)
        if now.hour != hour:
            return False
        today = now.date()
        Slot = self.env["edu.schedule.slot"].sudo()
        due = Slot.get_lessons_due(today)
        if not due:
            return False
        lessons = (
            self.env["edu.lesson"]
            .sudo()
            .search_fetch(
                [
                    ("date", "=", today),
                    ("assignment_id", "in", list({item["assignment"].id for item in due})),
                ],
                ["assignment_id", "pair_number"],
            )
        )
        entered = {(lesson.assignment_id.id, lesson.pair_number) for lesson in lessons}
        missing = {}
        for item in due:
            if (item["assignment"].id, item["pair_number"]) not in entered:
                missing.setdefault(item["assignment"], []).append(item["pair_number"])
        todo = self.env.ref("mail.mail_activity_data_todo")
        for assignment, pairs in missing.items():
            already = (
                self.env["mail.activity"]
                .sudo()
                .search_count(
                    [
                        ("res_model", "=", assignment._name),
                        ("res_id", "=", assignment.id),
                        ("activity_type_id", "=", todo.id),
                        ("date_deadline", "=", today),
                        ("user_id", "=", assignment.teacher_id.id),
                    ]
                )
            )
            if already:
                continue
            env = self._env_for(assignment.teacher_id)
            assignment.activity_schedule(
                "mail.mail_activity_data_todo",
                date_deadline=today,
                summary=env._("Enter today's lessons"),
                note=env._(
                    "Pairs %(pairs)s of %(date)s are not in the journal yet (§4.3: on the day).",
                    pairs=", ".join(str(pair) for pair in sorted(pairs)),
                    date=format_day(env, today),
                ),
                user_id=assignment.teacher_id.id,
            )
        return True
