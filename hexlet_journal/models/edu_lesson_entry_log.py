from odoo import api, fields, models
from odoo.exceptions import UserError


class EduLessonEntryLog(models.Model):
    """The audit trail of journal cells: who, when, old value, new value.

    Kept compact for millions of rows: a few integer and short text columns,
    no chatter message per cell, written in one INSERT per save.

    Append-only: nobody below the superuser creates, changes or deletes a row
    (ACLs give read only; the rows are written by the journal's code). Deleting a
    lesson keeps its rows: they carry the journal, the group and the lesson's date
    themselves, and the deletion is logged cell by cell.
    """

    _name = "edu.lesson.entry.log"
    _description = "Journal Cell Change"
    _inherit = ["edu.record.mixin"]
    _order = "changed_at desc, id desc"
    _log_access = False

    lesson_id = fields.Many2one("edu.lesson", index=True, ondelete="set null")
    assignment_id = fields.Many2one(
        "edu.teaching.assignment", string="Journal", index=True, ondelete="restrict"
    )
    group_id = fields.Many2one("edu.group", index=True, ondelete="restrict")
    lesson_date = fields.Date()
    student_id = fields.Many2one("edu.student", required=True, index=True, ondelete="restrict")
    user_id = fields.Many2one("res.users", string="Changed By", required=True, ondelete="restrict")
    changed_at = fields.Datetime(required=True)
    old_value = fields.Char(string="Was", size=8)
    new_value = fields.Char(string="Became", size=8)
    after_lesson_day = fields.Boolean(help="Changed after the day of the lesson (college time).")
    lesson_deleted = fields.Boolean(help="The row records the deletion of the lesson's cell.")

    def write(self, vals):
        if not self.env.su:
            raise UserError(self.env._("The journal's history cannot be changed."))
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_never(self):
        if not self.env.su:
            raise UserError(self.env._("The journal's history cannot be deleted."))
