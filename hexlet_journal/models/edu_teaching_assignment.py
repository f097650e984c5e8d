from odoo import api, fields, models
from odoo.exceptions import ValidationError


class EduTeachingAssignment(models.Model):
    """One line of the teaching load (§4.1); one assignment is one journal."""

    _name = "edu.teaching.assignment"
    _description = "Teaching Assignment"
    _inherit = ["mail.thread"]
    _order = "term_id desc, group_id, discipline_code"

    name = fields.Char(compute="_compute_name", store=True)
    term_id = fields.Many2one("edu.term", required=True, index=True, tracking=True)
    group_id = fields.Many2one("edu.group", required=True, index=True, tracking=True)
    subgroup_id = fields.Many2one(
        "edu.subgroup",
        index="btree_not_null",
        domain="[('group_id', '=', group_id)]",
        tracking=True,
        help="For a split group (§5.3): this journal covers one subgroup only.",
    )
    discipline_id = fields.Many2one("edu.discipline", required=True, index=True, tracking=True)
    discipline_code = fields.Char(related="discipline_id.code", store=True)
    teacher_id = fields.Many2one(
        "res.users",
        required=True,
        index=True,
        tracking=True,
        domain=lambda self: [
            ("all_group_ids", "in", self.env.ref("hexlet_journal.group_teacher").ids)
        ],
    )
    curriculum_line_id = fields.Many2one(
        "edu.curriculum.line",
        index="btree_not_null",
        domain="[('discipline_id', '=', discipline_id)]",
    )
    attestation_form = fields.Selection(related="curriculum_line_id.attestation_form")
    planned_hours = fields.Float(
        compute="_compute_planned_hours",
        store=True,
        readonly=False,
        tracking=True,
        help="Hours of the load; by default those of the curriculum line.",
    )
    topic_plan_id = fields.Many2one(
        "edu.topic.plan", string="КТП", index="btree_not_null", tracking=True
    )
    topic_plan_hours = fields.Float(related="topic_plan_id.total_hours", string="КТП Hours")
    slot_ids = fields.One2many("edu.schedule.slot", "assignment_id", string="Schedule")
    curator_id = fields.Many2one(related="group_id.curator_id", string="Curator")
    active = fields.Boolean(default=True)

    @api.depends("group_id.name", "subgroup_id.name", "discipline_id.code", "discipline_id.name")
    def _compute_name(self):
        for assignment in self:
            group = assignment.group_id.name or ""
            if assignment.subgroup_id:
                group = f"{group} / {assignment.subgroup_id.name}"
            discipline = assignment.discipline_id
            assignment.name = f"{group} · {discipline.code or ''} {discipline.name or ''}".strip()

    @api.depends("curriculum_line_id.hours_total")
    def _compute_planned_hours(self):
        for assignment in self:
            assignment.planned_hours = assignment.curriculum_line_id.hours_total

    @api.constrains("group_id", "subgroup_id", "term_id", "discipline_id", "planned_hours")
    def _check_assignment(self):
        for assignment in self:
            if assignment.subgroup_id and assignment.subgroup_id.group_id != assignment.group_id:
                raise ValidationError(
                    self.env._(
                        "The subgroup %(subgroup)s is not a subgroup of %(group)s.",
                        subgroup=assignment.subgroup_id.display_name,
                        group=assignment.group_id.name,
                    )
                )
            if assignment.planned_hours < 0:
                raise ValidationError(self.env._("Planned hours cannot be negative."))
            twin = self.search(
                [
                    ("id", "!=", assignment.id),
                    ("term_id", "=", assignment.term_id.id),
                    ("group_id", "=", assignment.group_id.id),
                    ("discipline_id", "=", assignment.discipline_id.id),
                    ("subgroup_id", "=", assignment.subgroup_id.id),
                ],
                limit=1,
            )
            if twin:
                raise ValidationError(
                    self.env._(
                        "%(group)s already has a journal of %(discipline)s in %(term)s (teacher "
                        "%(teacher)s).",
                        group=assignment.subgroup_id.display_name or assignment.group_id.name,
                        discipline=assignment.discipline_id.display_name,
                        term=assignment.term_id.display_name,
                        teacher=twin.teacher_id.name,
                    )
                )

    def _students_on(self, date):
        """Students of the journal on a date: group members, or the subgroup's."""
        self.ensure_one()
        students = self.group_id._members_on(date)
        if self.subgroup_id:
            students &= self.subgroup_id.student_ids
        return students

    def action_create_topic_plan(self):
        self.ensure_one()
        if not self.topic_plan_id:
            self.topic_plan_id = self.env["edu.topic.plan"].create(
                {
                    "name": self.env._(
                        "КТП %(discipline)s, %(group)s",
                        discipline=self.discipline_id.display_name,
                        group=self.group_id.name,
                    ),
                    "discipline_id": self.discipline_id.id,
                    "term_id": self.term_id.id,
                }
            )
        return self.action_open_topic_plan()

    def action_open_topic_plan(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "edu.topic.plan",
            "res_id": self.topic_plan_id.id,
            "view_mode": "form",
        }
