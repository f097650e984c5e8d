from odoo import fields, models


class EduTopicPlanReturn(models.TransientModel):
    """The academic department returns a submitted КТП to the teacher, with a reason."""

    _name = "edu.topic.plan.return"
    _description = "Return a КТП to the Teacher"

    plan_id = fields.Many2one("edu.topic.plan", string="КТП", required=True, ondelete="cascade")
    reason = fields.Text(
        required=True, help="What the teacher should correct: posted in the КТП's chatter."
    )

    def action_confirm(self):
        self.ensure_one()
        self.plan_id.action_return(self.reason)
        return {"type": "ir.actions.act_window_close"}
