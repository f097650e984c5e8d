from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools.misc import format_datetime

from ..tools import college_today, format_day
from .edu_record_mixin import facts_being_recorded, recording_facts


class EduMemo(models.Model):
    """Служебная записка of a curator to the deputy director (§3.4)."""

    _name = "edu.memo"
    _description = "Memo"
    _inherit = ["edu.record.mixin", "mail.thread", "mail.activity.mixin"]
    _create_only = ("weekly_check_id",)
    _user_given = ("weekly_check_id",)
    _order = "date desc, id desc"

    name = fields.Char(
        string="Number", required=True, copy=False, default=lambda self: self.env._("New")
    )
    date = fields.Date(required=True, default=lambda self: college_today(self.env))
    weekly_check_id = fields.Many2one("edu.weekly.check", required=True, index=True, readonly=True)
    group_id = fields.Many2one(related="weekly_check_id.group_id", store=True)
    author_id = fields.Many2one("res.users", readonly=True, default=lambda self: self.env.user)
    issue_ids = fields.Many2many(
        "edu.weekly.check.issue", compute="_compute_issue_ids", string="Violations"
    )
    body = fields.Html(compute="_compute_body", store=True, readonly=False, sanitize=True)
    state = fields.Selection(
        [("draft", "Draft"), ("sent", "Sent"), ("acknowledged", "Acknowledged")],
        default="draft",
        required=True,
        readonly=True,
        tracking=True,
        help="Changed by the Send and Acknowledge buttons only.",
    )

    @api.depends("weekly_check_id.issue_ids")
    def _compute_issue_ids(self):
        for memo in self:
            memo.issue_ids = memo.weekly_check_id.issue_ids

    @api.depends("weekly_check_id")
    def _compute_body(self):
        for memo in self:
            memo.body = memo._render_body()

    def _teacher_summary(self):
        """[(teacher, [issues])] sorted by teacher name."""
        self.ensure_one()
        by_teacher = {}
        for issue in self.weekly_check_id.issue_ids:
            by_teacher.setdefault(issue.teacher_id, []).append(issue)
        return sorted(by_teacher.items(), key=lambda item: item[0].name or "")

    def _render_body(self):
        if not self.weekly_check_id:
            return False
        check = self.weekly_check_id
        kinds = dict(
            self.env["edu.weekly.check.issue"]._fields["kind"]._description_selection(self.env)
        )
        rows = []
        for teacher, issues in self._teacher_summary():
            items = Markup("").join(
                Markup("<li>%s · %s · %s%s</li>")
                % (
                    format_day(self.env, issue.date),
                    issue.assignment_id.name,
                    kinds[issue.kind],
                    self.env._(" (%(days)s d.)", days=issue.delay_days) if issue.delay_days else "",
                )
                for issue in issues
            )
            rows.append(Markup("<p><b>%s</b></p><ul>%s</ul>") % (teacher.name or "", items))
        intro = self.env._(
            "In the weekly check of the journal of %(group)s for the week of %(date)s the "
            "following lessons were entered late or not at all:",
            group=check.group_id.name,
            date=format_day(self.env, check.week_start),
        )
        changes = check.sudo().late_change_ids
        if changes:
            items = Markup("").join(
                Markup("<li>%s · %s · %s: «%s» → «%s» (%s, %s)</li>")
                % (
                    format_day(self.env, log.lesson_date),
                    log.assignment_id.name,
                    log.student_id.name,
                    log.old_value or "",
                    log.new_value or "",
                    log.user_id.name,
                    format_datetime(self.env, log.changed_at, dt_format="short"),
                )
                for log in changes
            )
            rows.append(
                Markup("<p>%s</p><ul>%s</ul>")
                % (self.env._("Cells changed after the lesson's day:"), items)
            )
        # names are escaped: a teacher's name is user-editable text, not markup
        return Markup("<p>%s</p>%s") % (intro, Markup("").join(rows))

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            check = self.env["edu.weekly.check"].browse(vals.get("weekly_check_id"))
            if not check.issue_ids and not check.sudo().late_change_ids:
                raise UserError(
                    self.env._("The weekly check found no violations: there is nothing to report.")
                )
            if not vals.get("name") or vals["name"] == self.env._("New"):
                vals["name"] = self.env["ir.sequence"].next_by_code("edu.memo") or "/"
        return super().create(vals_list)

    def write(self, vals):
        kept = set(vals) - {"message_main_attachment_id"}
        sent = self.filtered(lambda memo: memo.state != "draft")
        by_button = facts_being_recorded() and kept <= {"state"}
        if sent and kept and not self.env.su and not by_button:
            raise UserError(
                self.env._("A memo that was sent cannot be edited: write a new one if needed.")
            )
        return super().write(vals)

    def action_send(self):
        group = self.env.ref("hexlet_journal.group_deputy_director").sudo()
        # the deputy directors themselves, not everyone whose role implies theirs (the
        # journal administrator); all of them only when nobody holds the role itself
        deputies = group.user_ids.filtered(lambda user: not user.share and user.active) or (
            group.all_user_ids.filtered(lambda user: not user.share and user.active)
        )
        for memo in self:
            if memo.state != "draft":
                raise UserError(self.env._("The memo %(memo)s is already sent.", memo=memo.name))
            for deputy in deputies:
                memo.activity_schedule(
                    "mail.mail_activity_data_todo",
                    summary=memo._env_for(deputy)._(
                        "Memo %(memo)s on the journal of %(group)s",
                        memo=memo.name,
                        group=memo.group_id.name,
                    ),
                    user_id=deputy.id,
                )
        with recording_facts():
            self.write({"state": "sent"})

    def action_acknowledge(self):
        if not self.env.user.has_group("hexlet_journal.group_deputy_director"):
            raise UserError(self.env._("The deputy director acknowledges memos."))
        with recording_facts():
            self.filtered(lambda memo: memo.state == "sent").write({"state": "acknowledged"})
        self.activity_feedback(["mail.mail_activity_data_todo"])
