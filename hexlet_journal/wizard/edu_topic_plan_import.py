from odoo import fields, models

from ..models.edu_topic_plan_line import LESSON_KINDS

# What methodologists write in the "kind" column, lower-cased.
KIND_ALIASES = {
    "theory": "theory",
    "теория": "theory",
    "лекция": "theory",
    "урок": "theory",
    "комбинированный урок": "theory",
    "practical": "practical",
    "пз": "practical",
    "практика": "practical",
    "практическое занятие": "practical",
    "практическая работа": "practical",
    "lab": "lab",
    "лр": "lab",
    "лабораторная": "lab",
    "лабораторная работа": "lab",
    "seminar": "seminar",
    "семинар": "seminar",
    "test": "test",
    "кр": "test",
    "контрольная": "test",
    "контрольная работа": "test",
    "consultation": "consultation",
    "консультация": "consultation",
    "exam": "exam",
    "экзамен": "exam",
}


PREVIEW_KEYS = ("row_number", "sequence", "topic", "hours", "kind", "planned_week")


class EduTopicPlanImport(models.TransientModel):
    _name = "edu.topic.plan.import"
    _inherit = ["edu.import.mixin"]
    _description = "Import КТП"

    _header_words = ("тема", "topic", "часы", "кол-во часов", "hours", "№", "no", "вид", "kind")

    plan_id = fields.Many2one("edu.topic.plan", string="КТП", required=True, ondelete="cascade")
    replace_lines = fields.Boolean(
        string="Replace Existing Topics", default=True, help="Otherwise the topics are appended."
    )
    line_ids = fields.One2many(
        "edu.topic.plan.import.line",
        "wizard_id",
        string="Preview",
        compute="_compute_preview",
        store=True,
    )

    def _parse_row(self, cells):
        errors = []
        sequence_text = self._cell_text(cells, 0)
        topic = self._cell_text(cells, 1)
        hours_text = self._cell_text(cells, 2).replace(",", ".")
        kind_text = self._cell_text(cells, 3)
        week_text = self._cell_text(cells, 4)
        homework = self._cell_text(cells, 5)
        if not topic:
            errors.append(self.env._("the topic is empty"))
        try:
            hours = float(hours_text)
        except ValueError:
            hours = 0.0
            errors.append(self.env._("hours «%(value)s» are not a number", value=hours_text))
        else:
            if hours <= 0:
                errors.append(self.env._("hours must be positive, not %(value)s", value=hours_text))
        kind_field = self.env["edu.topic.plan.line"]._fields["kind"]
        labels = kind_field._description_selection(self.env)
        aliases = dict(KIND_ALIASES)
        aliases.update({label.lower(): key for key, label in LESSON_KINDS + labels})
        kind = aliases.get(kind_text.lower()) if kind_text else "theory"
        if not kind:
            kind_names = ", ".join(label for _key, label in labels)
            errors.append(
                self.env._(
                    "unknown lesson kind «%(value)s» (allowed: %(kinds)s)",
                    value=kind_text,
                    kinds=kind_names,
                )
            )
        week = 0
        if week_text:
            try:
                week = int(float(week_text))
            except ValueError:
                errors.append(self.env._("week «%(value)s» is not a number", value=week_text))
        sequence = 0
        if sequence_text:
            try:
                sequence = int(float(sequence_text))
            except ValueError:
                errors.append(self.env._("number «%(value)s» is not a number", value=sequence_text))
        return {
            "sequence": sequence,
            "topic": topic,
            "hours": hours,
            "kind": kind,
            "planned_week": week,
            "homework": homework or False,
        }, errors

    def _set_preview(self, values):
        self.line_ids = [fields.Command.clear()] + [
            fields.Command.create({key: vals[key] for key in PREVIEW_KEYS}) for vals in values
        ]

    def _import_values(self, values):
        plan = self.plan_id
        start = 0
        if self.replace_lines:
            plan.line_ids.unlink()
        else:
            start = max(plan.line_ids.mapped("sequence") or [0])
        plan.write(
            {
                "line_ids": [
                    fields.Command.create(
                        {
                            "sequence": start + (vals["sequence"] or position),
                            "topic": vals["topic"],
                            "hours": vals["hours"],
                            "kind": vals["kind"],
                            "planned_week": vals["planned_week"],
                            "homework": vals["homework"],
                        }
                    )
                    for position, vals in enumerate(values, start=1)
                ]
            }
        )
        return {"type": "ir.actions.act_window_close"}
