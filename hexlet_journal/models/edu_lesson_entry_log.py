from odoo import fields, models


class EduLessonEntryLog(models.Model):
    """The audit trail of journal cells: who, when, old value, new value.

    Kept compact for millions of rows: a few integer and short text columns,
    no chatter message per cell, written in one INSERT per save.
    """

    _name = "edu.lesson.entry.log"
    _description = "Journal Cell Change"
    _inherit = ["edu.record.mixin"]
    _order = "changed_at desc, id desc"
    _log_access = False

    lesson_id = fields.Many2one("edu.lesson", required=True, index=True, ondelete="cascade")
    student_id = fields.Many2one("edu.student", required=True, index=True, ondelete="cascade")
    user_id = fields.Many2one("res.users", string="Changed By", required=True, ondelete="restrict")
    changed_at = fields.Datetime(required=True)
    old_value = fields.Char(string="Was", size=8)
    new_value = fields.Char(string="Became", size=8)
    after_lesson_day = fields.Boolean(help="Changed after the day of the lesson (college time).")
