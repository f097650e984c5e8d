import io

import openpyxl

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.fields import Command
from odoo.tools import SQL
from odoo.tools.misc import formatLang

from ..tools import format_day
from .edu_record_mixin import facts_being_recorded, recording_facts

PLAN_STATES = [
    ("draft", "Draft"),
    ("submitted", "Submitted"),
    ("returned", "Returned"),
    ("approved", "Approved"),
    ("superseded", "Superseded"),
]
# the states in which the teacher edits the КТП
EDITABLE_STATES = ("draft", "returned")
# what the workflow's own buttons write on a КТП that is not editable
WORKFLOW_FIELDS = frozenset(
    {"state", "approved_by_id", "approved_at", "submitted_by_id", "return_reason"}
)


class EduTopicPlan(models.Model):
    """Календарно-тематический план (КТП): the ordered topics of a journal.

    The teacher edits a draft and submits it; the academic department approves it
    or returns it with a reason. Lessons take their topics from an approved КТП
    only. An approved КТП changes through a revision (a copy, numbered, that the
    teacher edits while the journals keep teaching from the approved one); when
    the academic department approves the revision, the journals switch to it,
    their lessons move to its topics (keeping what they recorded) and the old
    revision is superseded, read-only for good.
    """

    _name = "edu.topic.plan"
    _description = "Topic Plan (КТП)"
    _inherit = ["edu.record.mixin", "mail.thread", "mail.activity.mixin"]
    _order = "id desc"

    name = fields.Char(required=True, tracking=True)
    discipline_id = fields.Many2one("edu.discipline", required=True, index=True)
    term_id = fields.Many2one("edu.term", index=True)
    program_id = fields.Many2one("edu.program")
    assignment_ids = fields.One2many("edu.teaching.assignment", "topic_plan_id", string="Journals")
    line_ids = fields.One2many("edu.topic.plan.line", "plan_id", string="Topics", copy=True)
    total_hours = fields.Float(compute="_compute_total_hours", store=True)
    planned_hours = fields.Float(
        compute="_compute_hours_warning", help="Planned hours of the journals using this КТП."
    )
    hours_warning = fields.Char(compute="_compute_hours_warning")
    state = fields.Selection(
        PLAN_STATES,
        default="draft",
        required=True,
        tracking=True,
        readonly=True,
        copy=False,
        help="Draft and Returned: the teacher edits it. Submitted: the academic department "
        "checks it. Approved: the journals teach from it. Superseded: a later revision is "
        "in force.",
    )
    approved_by_id = fields.Many2one("res.users", readonly=True, copy=False)
    approved_at = fields.Datetime(string="Approved On", readonly=True, copy=False)
    submitted_by_id = fields.Many2one("res.users", readonly=True, copy=False)
    return_reason = fields.Text(
        readonly=True,
        copy=False,
        help="Why the academic department returned the КТП to the teacher, the last time.",
    )
    revision = fields.Integer(
        default=1,
        required=True,
        readonly=True,
        copy=False,
        aggregator=False,
        help="Each change of an approved КТП is a new revision, numbered and approved again.",
    )
    previous_id = fields.Many2one(
        "edu.topic.plan",
        string="Previous Revision",
        readonly=True,
        copy=False,
        index="btree_not_null",
        ondelete="restrict",
        help="The revision this one changes; it stays in force until this one is approved.",
    )
    root_id = fields.Many2one(
        "edu.topic.plan",
        string="First Revision",
        compute="_compute_root_id",
        store=True,
        recursive=True,
        index=True,
    )
    revision_ids = fields.One2many(
        "edu.topic.plan", "root_id", string="Revisions", help="Every revision of this КТП."
    )
    in_force_id = fields.Many2one(
        "edu.topic.plan",
        string="Revision in Force",
        compute="_compute_in_force_id",
        help="The approved revision of this КТП the journals teach from.",
    )

    @api.depends("line_ids.hours")
    def _compute_total_hours(self):
        for plan in self:
            plan.total_hours = sum(plan.line_ids.mapped("hours"))

    @api.depends("previous_id.root_id")
    def _compute_root_id(self):
        for plan in self:
            plan.root_id = plan.previous_id.root_id or plan.previous_id or plan._origin

    @api.depends("root_id.revision_ids.state")
    def _compute_in_force_id(self):
        for plan in self:
            family = plan.sudo().root_id.revision_ids | plan.sudo()._origin
            plan.in_force_id = family.filtered(lambda rev: rev.state == "approved")[:1].sudo(False)

    @api.depends("name", "revision")
    @api.depends_context("lang")
    def _compute_display_name(self):
        for plan in self:
            plan.display_name = (
                self.env._(
                    "%(name)s, revision %(revision)s", name=plan.name, revision=plan.revision
                )
                if plan.revision > 1
                else plan.name
            )

    @api.depends("total_hours", "assignment_ids.planned_hours")
    def _compute_hours_warning(self):
        for plan in self:
            planned = set(plan.assignment_ids.mapped("planned_hours"))
            plan.planned_hours = max(planned) if planned else 0.0
            mismatched = sorted(hours for hours in planned if abs(hours - plan.total_hours) > 0.001)
            plan.hours_warning = (
                self.env._(
                    "The topics add up to %(topics)s h, the teaching load plans %(planned)s h.",
                    topics=formatLang(self.env, plan.total_hours, digits=0)
                    if float(plan.total_hours).is_integer()
                    else formatLang(self.env, plan.total_hours, digits=1),
                    planned=", ".join(f"{hours:g}" for hours in mismatched),
                )
                if mismatched
                else False
            )

    # Rules

    def _state_label(self):
        self.ensure_one()
        return dict(self._fields["state"]._description_selection(self.env))[self.state]

    def _check_editable(self):
        """The teacher edits a draft or returned КТП; any other is read-only (one
        owner: the КТП's own fields and its topics ask it)."""
        for plan in self:
            if plan.state in EDITABLE_STATES:
                continue
            if plan.state == "approved":
                message = self.env._(
                    "The КТП «%(plan)s» is approved and read-only: to change it, the academic "
                    "department opens a revision («Revise»), approved again.",
                    plan=plan.display_name,
                )
            elif plan.state == "submitted":
                message = self.env._(
                    "The КТП «%(plan)s» is submitted for approval and read-only until the academic "
                    "department approves it or returns it to the teacher.",
                    plan=plan.display_name,
                )
            else:
                message = self.env._(
                    "The КТП «%(plan)s» is superseded by a later revision and read-only for good.",
                    plan=plan.display_name,
                )
            raise UserError(message)

    @api.model_create_multi
    def create(self, vals_list):
        if (
            any({"state", "approved_by_id"} & set(vals) for vals in vals_list)
            and not self.env.su
            and not facts_being_recorded()
        ):
            self._check_can_approve()
        return super().create(vals_list)

    def write(self, vals):
        if {"state", "approved_by_id"} & set(vals) and not (self.env.su or facts_being_recorded()):
            self._check_can_approve()
        changed = {name for name in vals if not name.startswith(("message_", "activity_"))}
        if changed:
            self.filtered(lambda plan: plan.state == "superseded")._check_editable()
        if changed - WORKFLOW_FIELDS:
            self._check_editable()
            if {"discipline_id", "term_id"} & changed:
                for plan in self.filtered("previous_id"):
                    if plan.discipline_id.id != vals.get(
                        "discipline_id", plan.discipline_id.id
                    ) or plan.term_id.id != vals.get("term_id", plan.term_id.id):
                        raise UserError(
                            self.env._(
                                "A revision keeps the discipline and term of the КТП it "
                                "changes («%(plan)s»): its journals switch to it.",
                                plan=plan.previous_id.display_name,
                            )
                        )
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_in_use(self):
        for plan in self:
            if plan.state not in EDITABLE_STATES:
                raise UserError(
                    self.env._(
                        "The КТП «%(plan)s» is «%(state)s»: only a draft or returned КТП is "
                        "deleted.",
                        plan=plan.display_name,
                        state=plan._state_label(),
                    )
                )

    def _check_can_approve(self):
        if not self.env.user.has_group("hexlet_journal.group_academic_head"):
            raise UserError(self.env._("Only the academic department approves a КТП."))

    def _teachers(self):
        """Who edits the КТП: the teachers of the journals that use it (or that use the
        revision it changes), and whoever submitted it."""
        self.ensure_one()
        plan = self.sudo()
        journals = (plan.assignment_ids | plan.previous_id.assignment_ids).with_context(
            active_test=False
        )
        teachers = journals.teacher_id | plan.submitted_by_id
        if not teachers and plan.create_uid and not plan.create_uid.share:
            teachers = plan.create_uid
        return teachers.filtered(lambda user: user.active)

    # The workflow

    def action_submit(self):
        """The teacher hands the КТП to the academic department for approval."""
        for plan in self:
            plan.check_access("write")
            if plan.state not in EDITABLE_STATES:
                raise UserError(
                    self.env._(
                        "The КТП «%(plan)s» is «%(state)s»: only a draft or returned КТП is "
                        "submitted for approval.",
                        plan=plan.display_name,
                        state=plan._state_label(),
                    )
                )
            if not plan.line_ids:
                raise UserError(
                    self.env._(
                        "The КТП «%(plan)s» has no topics to submit.", plan=plan.display_name
                    )
                )
        with recording_facts():
            self.write({"state": "submitted", "submitted_by_id": self.env.uid})
        for plan in self:
            # the teacher's «return» to-do is done: the КТП is back with the department
            plan.sudo().activity_feedback(
                ["mail.mail_activity_data_todo"],
                feedback=self.env._("Submitted again for approval."),
            )
        return True

    def action_approve(self):
        self._check_can_approve()
        for plan in self:
            if plan.state not in ("draft", "submitted"):
                raise UserError(
                    self.env._(
                        "The КТП «%(plan)s» is «%(state)s»: only a draft or submitted КТП is "
                        "approved.",
                        plan=plan.display_name,
                        state=plan._state_label(),
                    )
                )
            if not plan.line_ids:
                raise UserError(
                    self.env._("The КТП «%(plan)s» has no topics to approve.", plan=plan.name)
                )
            if plan.previous_id:
                plan._check_revision_approvable()
        for plan in self:
            with recording_facts():
                plan.write(
                    {
                        "state": "approved",
                        "approved_by_id": self.env.uid,
                        "approved_at": fields.Datetime.now(),
                    }
                )
            if plan.previous_id:
                plan._replace_previous()
            plan.sudo().activity_unlink(["mail.mail_activity_data_todo"])
        return True

    def action_open_return(self):
        self.ensure_one()
        self._check_can_approve()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Return the КТП"),
            "res_model": "edu.topic.plan.return",
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "new",
            "context": {"default_plan_id": self.id},
        }

    def action_return(self, reason):
        """The academic department returns a submitted КТП to the teacher: the reason
        goes to the chatter and to the teacher's to-do."""
        self._check_can_approve()
        reason = (reason or "").strip() if isinstance(reason, str) else ""
        if not reason:
            raise UserError(self.env._("State why the КТП is returned: the teacher reads it."))
        for plan in self:
            if plan.state != "submitted":
                raise UserError(
                    self.env._(
                        "The КТП «%(plan)s» is «%(state)s»: only a submitted КТП is returned to "
                        "the teacher.",
                        plan=plan.display_name,
                        state=plan._state_label(),
                    )
                )
        with recording_facts():
            self.write({"state": "returned", "return_reason": reason})
        for plan in self:
            plan.message_post(
                body=self.env._(
                    "Returned to the teacher by %(user)s: %(reason)s",
                    user=self.env.user.name,
                    reason=reason,
                ),
                subtype_xmlid="mail.mt_comment",
            )
            for teacher in plan._teachers():
                env = plan._env_for(teacher)
                plan.activity_schedule(
                    "mail.mail_activity_data_todo",
                    summary=env._("Correct the КТП «%(plan)s»", plan=plan.display_name),
                    note=env._(
                        "The academic department returned the КТП: %(reason)s Correct it and "
                        "submit it again.",
                        reason=reason,
                    ),
                    user_id=teacher.id,
                )
        return True

    def action_revise(self):
        """Open a revision of an approved КТП (or the one already open): a numbered copy
        the teacher edits while the journals keep teaching from this one."""
        self.ensure_one()
        self._check_can_approve()
        if self.state != "approved":
            raise UserError(
                self.env._(
                    "The КТП «%(plan)s» is «%(state)s»: only the approved КТП in force is revised.",
                    plan=self.display_name,
                    state=self._state_label(),
                )
            )
        revision = self.search(
            [("previous_id", "=", self.id), ("state", "in", ("draft", "submitted", "returned"))],
            limit=1,
        )
        if not revision:
            self._check_revisable()
            with recording_facts():
                revision = self.copy(
                    {
                        "name": self.name,
                        "revision": self.revision + 1,
                        "previous_id": self.id,
                        "line_ids": [
                            Command.create(
                                {
                                    "sequence": line.sequence,
                                    "topic": line.topic,
                                    "hours": line.hours,
                                    "kind": line.kind,
                                    "planned_week": line.planned_week,
                                    "homework": line.homework,
                                    "origin_line_id": line.id,
                                }
                            )
                            for line in self.line_ids.sorted(lambda line: (line.sequence, line.id))
                        ],
                    }
                )
            teachers = self._teachers()
            revision.message_subscribe(partner_ids=teachers.partner_id.ids)
            revision.message_post(
                body=self.env._(
                    "Revision %(revision)s opened by %(user)s. Edit the topics and submit the "
                    "revision: the journals keep teaching from revision %(previous)s until the "
                    "academic department approves this one.",
                    revision=revision.revision,
                    user=self.env.user.name,
                    previous=self.revision,
                ),
                subtype_xmlid="mail.mt_comment",
            )
            self.message_post(
                body=self.env._(
                    "Revision %(revision)s opened by %(user)s.",
                    revision=revision.revision,
                    user=self.env.user.name,
                )
            )
        return {
            "type": "ir.actions.act_window",
            "res_model": "edu.topic.plan",
            "res_id": revision.id,
            "view_mode": "form",
            "views": [(False, "form")],
        }

    def _given_lessons(self):
        """The lessons that took their topics from this КТП, as a superuser reads them,
        in date order."""
        return (
            self.env["edu.lesson"]
            .sudo()
            .search_fetch(
                [("topic_line_id", "in", self.sudo().line_ids.ids)],
                ["assignment_id", "topic_line_id", "date", "term_id"],
                order="date, pair_number, id",
            )
        )

    def _check_revisable(self):
        """A КТП whose lessons are frozen (an archived year, or a journal closed by the
        term's lock date) is not revised: its lessons would move to the revision."""
        self.ensure_one()
        lessons = self._given_lessons()
        (lessons.term_id.year_id | self.sudo().term_id.year_id)._check_not_archived()
        seen = set()
        for lesson in lessons:
            if lesson.assignment_id.id in seen:
                continue
            seen.add(lesson.assignment_id.id)
            # the journal's earliest lesson: closed when any of its lessons is
            if lesson._is_locked():
                raise UserError(
                    self.env._(
                        "The КТП «%(plan)s» cannot be revised: the journal %(journal)s is closed "
                        "up to %(lock)s (the lesson of %(date)s took a topic from it). The "
                        "deputy director can unlock the journal for a stated reason.",
                        plan=self.display_name,
                        journal=lesson.assignment_id.name,
                        lock=format_day(self.env, lesson.term_id.lock_date),
                        date=format_day(self.env, lesson.date),
                    )
                )

    def _check_revision_approvable(self):
        """A revision replaces the КТП in force only while that one is in force, is
        not frozen, and keeps every topic its lessons gave."""
        self.ensure_one()
        previous = self.sudo().previous_id
        if previous.state != "approved":
            raise UserError(
                self.env._(
                    "The revision «%(plan)s» changes «%(previous)s», which is «%(state)s»: only a "
                    "revision of the КТП in force is approved.",
                    plan=self.display_name,
                    previous=previous.display_name,
                    state=previous._state_label(),
                )
            )
        previous._check_revisable()
        kept = set(self.sudo().line_ids.origin_line_id.ids)
        dropped = {}
        for lesson in previous._given_lessons():
            if lesson.topic_line_id.id not in kept:
                dropped.setdefault(lesson.topic_line_id, []).append(lesson.date)
        if dropped:
            raise ValidationError(
                self.env._(
                    "The revision «%(plan)s» leaves out topics already given in the journals: "
                    "%(topics)s. A given topic stays in the КТП; discard this revision and "
                    "revise the approved КТП again to get it back.",
                    plan=self.display_name,
                    topics="; ".join(
                        self.env._(
                            "«%(topic)s» (given %(dates)s)",
                            topic=line.topic,
                            dates=", ".join(format_day(self.env, day) for day in days),
                        )
                        for line, days in sorted(
                            dropped.items(), key=lambda item: (item[0].sequence, item[0].id)
                        )
                    ),
                )
            )

    def _replace_previous(self):
        """The approved revision takes over from the one it changes: its journals switch
        to it, their lessons move to its topics (by the topic each was copied from)
        keeping the wording, kind, hours and number they recorded, and the old revision
        is superseded. Recorded by the journal itself, and logged."""
        self.ensure_one()
        previous = self.sudo().previous_id
        journals = previous.with_context(active_test=False).assignment_ids
        with recording_facts():
            journals.write({"topic_plan_id": self.id})
        Lesson = self.env["edu.lesson"]
        Lesson.flush_model()
        self.env["edu.topic.plan.line"].flush_model(["plan_id", "origin_line_id"])
        # one statement, and no recomputation: what a lesson recorded is a fact
        self.env.cr.execute(
            SQL(
                """
                UPDATE edu_lesson lesson
                   SET topic_line_id = line.id,
                       write_uid = %(uid)s,
                       write_date = %(now)s
                  FROM edu_topic_plan_line line
                 WHERE line.plan_id = %(plan)s
                   AND line.origin_line_id = lesson.topic_line_id
                   AND lesson.topic_line_id = ANY(%(old)s)
                """,
                uid=self.env.uid,
                now=fields.Datetime.now(),
                plan=self.id,
                old=previous.line_ids.ids,
            )
        )
        moved = self.env.cr.rowcount
        Lesson.invalidate_model(["topic_line_id", "write_uid", "write_date"])
        self.env["edu.teaching.assignment"].invalidate_model(
            ["given_hours", "progress", "next_topic_line_id"]
        )
        with recording_facts():
            previous.write({"state": "superseded"})
        self.message_post(
            body=self.env._(
                "Revision %(revision)s approved by %(user)s and in force: %(journals)s "
                "journal(s) switched from revision %(previous)s, %(lessons)s lesson(s) moved to "
                "its topics with the wording, kind and number they recorded.",
                revision=self.revision,
                user=self.env.user.name,
                journals=len(journals),
                previous=previous.revision,
                lessons=moved,
            )
        )
        previous.message_post(
            body=self.env._(
                "Superseded by revision %(revision)s, approved by %(user)s.",
                revision=self.revision,
                user=self.env.user.name,
            )
        )

    def action_import(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Import КТП"),
            "res_model": "edu.topic.plan.import",
            "view_mode": "form",
            "target": "new",
            "context": {"default_plan_id": self.id},
        }

    def _export_xlsx(self):
        """The plan as an XLSX workbook in the columns the import reads (№,
        topic, hours, kind, week, homework), in Russian when it is installed:
        the file imports back unchanged."""
        self.ensure_one()
        lang = self.env["res.lang"]._get_code("ru_RU") or self.env.lang
        plan = self.with_context(lang=lang)
        env = plan.env
        kinds = dict(
            plan.env["edu.topic.plan.line"]._fields["kind"]._description_selection(plan.env)
        )
        book = openpyxl.Workbook()
        sheet = book.active
        sheet.title = "КТП"
        sheet.append(
            [
                env._("No."),
                env._("Topic"),
                env._("Hours"),
                env._("Kind"),
                env._("Week"),
                env._("Homework"),
            ]
        )
        for line in plan.line_ids.sorted(lambda line: (line.sequence, line.id)):
            sheet.append(
                [
                    line.sequence,
                    line.topic,
                    line.hours,
                    kinds[line.kind],
                    line.planned_week or None,
                    line.homework or None,
                ]
            )
        sheet.column_dimensions["B"].width = 70
        sheet.column_dimensions["D"].width = 24
        sheet.column_dimensions["F"].width = 50
        stream = io.BytesIO()
        book.save(stream)
        return stream.getvalue()

    def action_export_xlsx(self):
        self.ensure_one()
        # readers of a КТП may export it: a standalone attachment of their own
        attachment = self.env["ir.attachment"].create(
            {
                "name": f"{self.name}.xlsx",
                "raw": self._export_xlsx(),
                "mimetype": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            }
        )
        return {
            "type": "ir.actions.act_url",
            "url": f"/web/content/{attachment.id}?download=true",
            "target": "self",
        }
