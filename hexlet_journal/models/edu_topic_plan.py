import io

import openpyxl

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools.misc import formatLang

from .edu_record_mixin import recording_facts


class EduTopicPlan(models.Model):
    """Календарно-тематический план (КТП): the ordered topics of a journal."""

    _name = "edu.topic.plan"
    _description = "Topic Plan (КТП)"
    _inherit = ["edu.record.mixin", "mail.thread"]
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
        [("draft", "Draft"), ("approved", "Approved")],
        default="draft",
        required=True,
        tracking=True,
        readonly=True,
    )
    approved_by_id = fields.Many2one("res.users", readonly=True, copy=False)

    @api.depends("line_ids.hours")
    def _compute_total_hours(self):
        for plan in self:
            plan.total_hours = sum(plan.line_ids.mapped("hours"))

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

    @api.model_create_multi
    def create(self, vals_list):
        if any({"state", "approved_by_id"} & set(vals) for vals in vals_list) and not self.env.su:
            self._check_can_approve()
        return super().create(vals_list)

    def write(self, vals):
        if {"state", "approved_by_id"} & set(vals) and not self.env.su:
            self._check_can_approve()
        if self.filtered(lambda plan: plan.state == "approved") and set(vals) - {
            "state",
            "approved_by_id",
        }:
            raise UserError(
                self.env._("An approved КТП is read-only; return it to draft to change it.")
            )
        return super().write(vals)

    def _check_can_approve(self):
        if not self.env.user.has_group("hexlet_journal.group_academic_head"):
            raise UserError(self.env._("Only the academic department approves a КТП."))

    def action_approve(self):
        self._check_can_approve()
        for plan in self:
            if not plan.line_ids:
                raise UserError(
                    self.env._("The КТП %(plan)s has no topics to approve.", plan=plan.name)
                )
        with recording_facts():
            self.write({"state": "approved", "approved_by_id": self.env.user.id})

    def action_reset_to_draft(self):
        self._check_can_approve()
        with recording_facts():
            self.write({"state": "draft", "approved_by_id": False})

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
