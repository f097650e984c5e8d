from odoo import fields, models

from ..models.edu_schedule_slot import WEEKDAYS


class EduScheduleImportLine(models.TransientModel):
    _name = "edu.schedule.import.line"
    _description = "Schedule Import Preview Line"
    _order = "row_number"

    wizard_id = fields.Many2one("edu.schedule.import", required=True, ondelete="cascade")
    row_number = fields.Integer(string="Line")
    assignment_id = fields.Many2one("edu.teaching.assignment", string="Journal")
    slot_type = fields.Selection([("weekly", "Weekly"), ("dated", "One date")], string="Recurrence")
    weekday = fields.Selection(WEEKDAYS)
    date = fields.Date()
    pair_number = fields.Integer(string="Pair")
    week_parity = fields.Selection(
        [("every", "Every week"), ("odd", "Odd weeks"), ("even", "Even weeks")]
    )
    room = fields.Char()
