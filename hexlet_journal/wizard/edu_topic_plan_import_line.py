from odoo import fields, models

from ..models.edu_topic_plan_line import LESSON_KINDS


class EduTopicPlanImportLine(models.TransientModel):
    _name = "edu.topic.plan.import.line"
    _description = "КТП Import Preview Line"
    _order = "row_number"

    wizard_id = fields.Many2one("edu.topic.plan.import", required=True, ondelete="cascade")
    row_number = fields.Integer(string="Line")
    sequence = fields.Integer(string="No.")
    topic = fields.Char()
    hours = fields.Float()
    kind = fields.Selection(LESSON_KINDS, string="Lesson Kind")
    planned_week = fields.Integer(string="Week")
