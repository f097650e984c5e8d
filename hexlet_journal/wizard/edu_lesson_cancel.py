from odoo import fields, models


class EduLessonCancel(models.TransientModel):
    """Cancel a lesson entered by mistake, with the reason kept in the journal."""

    _name = "edu.lesson.cancel"
    _description = "Cancel a Lesson"

    lesson_id = fields.Many2one("edu.lesson", required=True, ondelete="cascade")
    reason = fields.Text(required=True, help="Why the lesson is cancelled: kept in the journal.")

    def action_confirm(self):
        self.ensure_one()
        assignment = self.lesson_id.assignment_id
        self.lesson_id._cancel(self.reason)
        return assignment.action_open_grid()
