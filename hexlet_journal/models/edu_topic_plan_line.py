from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools.misc import formatLang

from ..tools import format_day

LESSON_KINDS = [
    ("theory", "Theory"),
    ("practical", "Practical Lesson"),
    ("lab", "Lab Work"),
    ("seminar", "Seminar"),
    ("test", "Test"),
    ("consultation", "Consultation"),
    ("exam", "Exam"),
]


class EduTopicPlanLine(models.Model):
    _name = "edu.topic.plan.line"
    _description = "КТП Topic"
    _inherit = ["edu.record.mixin"]
    _create_only = ("plan_id",)
    _order = "plan_id, sequence, id"

    plan_id = fields.Many2one(
        "edu.topic.plan", string="КТП", required=True, index=True, ondelete="cascade"
    )
    sequence = fields.Integer(default=10, help="Порядковый номер темы.")
    topic = fields.Char(required=True, help="Тема занятия.")
    hours = fields.Float(required=True, default=2.0)
    kind = fields.Selection(
        LESSON_KINDS, string="Lesson Kind", required=True, default="theory", help="Вид занятия."
    )
    practical_number = fields.Integer(
        compute="_compute_practical_number",
        store=True,
        help="Порядковый номер практического занятия (ПЗ №N) in the КТП.",
    )
    practical_label = fields.Char(compute="_compute_practical_number", store=True, string="ПЗ")
    planned_week = fields.Integer(string="Week", help="Planned week of the term.")
    homework = fields.Char(help="Suggested homework.")
    origin_line_id = fields.Many2one(
        "edu.topic.plan.line",
        string="Copied From",
        readonly=True,
        copy=False,
        index="btree_not_null",
        ondelete="restrict",
        help="In a revision: the topic of the previous revision this one continues; the "
        "lessons given on that topic move here when the revision is approved.",
    )

    @api.depends("plan_id.line_ids.sequence", "plan_id.line_ids.kind")
    def _compute_practical_number(self):
        for plan in self.plan_id:
            number = 0
            for line in plan.line_ids.sorted(lambda line: (line.sequence, line.id or 0)):
                if line.kind == "practical":
                    number += 1
                    line.practical_number = number
                    line.practical_label = self.env._("ПЗ №%(number)s", number=number)
                else:
                    line.practical_number = 0
                    line.practical_label = False
        for line in self.filtered(lambda line: not line.plan_id):
            line.practical_number = 0
            line.practical_label = False

    @api.depends("topic", "practical_label", "sequence", "hours")
    @api.depends_context("uncovered_first_for")
    def _compute_display_name(self):
        """In a lesson's picker: «№5. ПЗ №2. Topic · 2 ч», and when the topic was given."""
        assignment_id = self.env.context.get("uncovered_first_for")
        given = {}
        if assignment_id and isinstance(assignment_id, int):
            for lesson in (
                self.env["edu.lesson"]
                .sudo()
                .search_fetch(
                    [("assignment_id", "=", assignment_id), ("topic_line_id", "in", self.ids)],
                    ["topic_line_id", "date"],
                )
            ):
                given[lesson.topic_line_id.id] = lesson.date
        numbers = {}
        if assignment_id:
            for plan in self.plan_id:
                ordered = plan.line_ids.sorted(lambda line: (line.sequence, line.id))
                numbers.update({line.id: index for index, line in enumerate(ordered, start=1)})
        for line in self:
            prefix = f"{line.practical_label}. " if line.practical_label else ""
            name = f"{prefix}{line.topic or ''}"
            if assignment_id and line.id in numbers:
                hours = formatLang(self.env, line.hours, digits=0 if line.hours.is_integer() else 1)
                name = self.env._(
                    "№%(number)s. %(name)s · %(hours)s h",
                    number=numbers[line.id],
                    name=name,
                    hours=hours,
                )
                if line.id in given:
                    name = self.env._(
                        "%(name)s · given %(date)s",
                        name=name,
                        date=format_day(self.env, given[line.id]),
                    )
            line.display_name = name

    @api.model
    def name_search(self, name="", domain=None, operator="ilike", limit=100):
        """In a lesson, the journal's next uncovered topics come first."""
        assignment_id = self.env.context.get("uncovered_first_for")
        if not assignment_id:
            return super().name_search(name, domain, operator, limit)
        results = super().name_search(name, domain, operator, limit=None)
        assignment = self.env["edu.teaching.assignment"].browse(assignment_id).exists()
        covered = set(assignment.lesson_ids.topic_line_id.ids) if assignment else set()
        lines = {line.id: line for line in self.browse([line_id for line_id, _name in results])}
        results.sort(key=lambda item: (item[0] in covered, lines[item[0]].sequence, item[0]))
        return results[:limit] if limit else results

    @api.constrains("topic", "hours", "planned_week")
    def _check_line(self):
        for line in self:
            if not (line.topic or "").strip():
                raise ValidationError(self.env._("A КТП topic cannot be empty."))
            if line.hours <= 0:
                raise ValidationError(
                    self.env._(
                        "The topic «%(topic)s» needs a positive number of hours.", topic=line.topic
                    )
                )
            if line.planned_week < 0:
                raise ValidationError(self.env._("A planned week cannot be negative."))

    def _check_plan_editable(self, plans):
        # one owner: the КТП says whether it is editable
        plans._check_editable()

    @api.model_create_multi
    def create(self, vals_list):
        self._check_plan_editable(
            self.env["edu.topic.plan"].browse(
                [vals.get("plan_id") for vals in vals_list if vals.get("plan_id")]
            )
        )
        lines = super().create(vals_list)
        if not self.env.su:
            self._check_plan_editable(lines.plan_id)
        return lines

    def write(self, vals):
        self._check_plan_editable(self.plan_id)
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_approved(self):
        self._check_plan_editable(self.plan_id)
        # a revision keeps the topics its journals already gave: their lessons move to it
        given = (
            self.env["edu.lesson"]
            .sudo()
            .search_fetch(
                [("topic_line_id", "in", self.sudo().origin_line_id.ids)],
                ["topic_line_id", "date"],
                order="date, id",
                limit=1,
            )
        )
        if given:
            raise UserError(
                self.env._(
                    "The topic «%(topic)s» was already given (on %(date)s): a revision keeps it, "
                    "since the lesson moves to it. Change its wording instead, if needed.",
                    topic=given.topic_line_id.topic,
                    date=format_day(self.env, given.date),
                )
            )
