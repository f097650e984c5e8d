from odoo import fields, models

ISSUE_KINDS = [
    ("missing", "Not entered"),
    ("late", "Entered late"),
    ("no_topic", "No topic"),
]


class EduWeeklyCheckIssue(models.Model):
    _name = "edu.weekly.check.issue"
    _description = "Weekly Check Violation"
    _inherit = ["edu.record.mixin"]
    _year_path = "assignment_id.term_id.year_id"
    _order = "date, pair_number, id"

    check_id = fields.Many2one("edu.weekly.check", required=True, index=True, ondelete="cascade")
    kind = fields.Selection(ISSUE_KINDS, required=True)
    assignment_id = fields.Many2one("edu.teaching.assignment", string="Journal", required=True)
    teacher_id = fields.Many2one("res.users", index=True)
    date = fields.Date(required=True)
    pair_number = fields.Integer(string="Pair")
    delay_days = fields.Integer(string="Delay (days)")
