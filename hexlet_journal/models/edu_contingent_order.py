import logging

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from ..tools import college_today
from .edu_record_mixin import recording_facts

_logger = logging.getLogger(__name__)

ORDER_TYPES = [
    ("enroll", "Enrollment"),
    ("transfer", "Transfer"),
    ("academic_leave", "Academic Leave"),
    ("return", "Return from Leave"),
    ("expel", "Expulsion"),
    ("reinstate", "Reinstatement"),
    ("graduate", "Graduation"),
]


class EduContingentOrder(models.Model):
    """Приказ о движении контингента (§3.5): the only way students move."""

    _name = "edu.contingent.order"
    _description = "Contingent Order"
    _inherit = ["edu.record.mixin", "mail.thread", "mail.activity.mixin"]
    _order = "date desc, id desc"

    name = fields.Char(
        string="Number",
        required=True,
        copy=False,
        default=lambda self: self.env._("New"),
        tracking=True,
        help="Номер приказа; given from the sequence when left as New.",
    )
    date = fields.Date(required=True, default=lambda self: college_today(self.env), tracking=True)
    order_type = fields.Selection(ORDER_TYPES, string="Type", required=True, tracking=True)
    line_ids = fields.One2many("edu.contingent.order.line", "order_id", string="Students")
    state = fields.Selection(
        [("draft", "Draft"), ("done", "Done")],
        default="draft",
        required=True,
        readonly=True,
        tracking=True,
    )
    note = fields.Text(string="Grounds", help="Основание приказа.")
    line_count = fields.Integer(compute="_compute_line_count")

    @api.depends("line_ids")
    def _compute_line_count(self):
        for order in self:
            order.line_count = len(order.line_ids)

    _done_number_uniq = models.UniqueIndex(
        "(name) WHERE state = 'done'",
        lambda env, diag: env._("Another confirmed order already has this number."),
    )

    @api.model_create_multi
    def create(self, vals_list):
        # the number is given when the order is confirmed: an abandoned draft uses none
        for vals in vals_list:
            if not vals.get("name"):
                vals["name"] = self.env._("New")
        return super().create(vals_list)

    def write(self, vals):
        if "state" in vals:
            raise UserError(self.env._("An order is confirmed with its Confirm button only."))
        if self.filtered(lambda order: order.state == "done") and set(vals) - {
            "message_main_attachment_id"
        }:
            raise UserError(
                self.env._("A done contingent order is read-only; issue a new order instead.")
            )
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_done(self):
        if self.filtered(lambda order: order.state == "done"):
            raise UserError(self.env._("A done contingent order cannot be deleted."))

    def action_done(self):
        """Confirm the orders: check every line, then apply those already in effect.

        Lines dated in the future wait for the daily cron.
        """
        for order in self:
            if order.state != "draft":
                raise UserError(
                    self.env._("The order %(order)s is already done.", order=order.name)
                )
            if not order.line_ids:
                raise UserError(
                    self.env._("The order %(order)s names no student.", order=order.name)
                )
            order.line_ids._check_consistency()
        for order in self:
            values = {"state": "done"}
            if order.name == self.env._("New") or order.name in ("New", "Новый", "/"):
                values["name"] = (
                    self.env["ir.sequence"].next_by_code("edu.contingent.order", order.date) or "/"
                )
            with recording_facts():
                super(EduContingentOrder, order).write(values)
        today = college_today(self.env)
        self.line_ids.filtered(lambda line: line.effective_date <= today)._apply()
        return True

    @api.model
    def _cron_apply_due_lines(self):
        lines = self.env["edu.contingent.order.line"].search(
            [
                ("order_id.state", "=", "done"),
                ("applied", "=", False),
                ("effective_date", "<=", college_today(self.env)),
            ],
            order="effective_date, id",
        )
        for line in lines:
            try:
                with self.env.cr.savepoint():
                    line._apply()
            except (UserError, ValidationError) as error:
                _logger.error("Contingent order line %s not applied: %s", line.id, error)
