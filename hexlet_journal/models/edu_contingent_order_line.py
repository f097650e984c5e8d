from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from ..tools import format_day

TYPES_WITH_TARGET_GROUP = ("enroll", "transfer", "return", "reinstate")
TYPES_LEAVING = ("academic_leave", "expel", "graduate")
REQUIRED_STATE = {
    "enroll": ("active",),
    "transfer": ("active",),
    "academic_leave": ("active",),
    "return": ("academic_leave",),
    "expel": ("active", "academic_leave"),
    "reinstate": ("expelled",),
    "graduate": ("active",),
}


class EduContingentOrderLine(models.Model):
    _name = "edu.contingent.order.line"
    _description = "Contingent Order Line"
    _inherit = ["edu.record.mixin"]
    _create_only = ("order_id",)
    _order = "order_id, id"

    order_id = fields.Many2one(
        "edu.contingent.order", required=True, index=True, ondelete="cascade"
    )
    order_type = fields.Selection(related="order_id.order_type", store=True)
    order_state = fields.Selection(related="order_id.state", string="Order State")
    student_id = fields.Many2one("edu.student", required=True, index=True)
    from_group_id = fields.Many2one(
        "edu.group",
        compute="_compute_from_group_id",
        store=True,
        precompute=True,
        readonly=False,
    )
    to_group_id = fields.Many2one("edu.group")
    effective_date = fields.Date(
        required=True,
        compute="_compute_effective_date",
        store=True,
        precompute=True,
        readonly=False,
        help="The day the change takes effect: the student is in the new group or status "
        "from this day.",
    )
    expel_reason = fields.Selection(
        [
            ("own_wish", "At own wish"),
            ("transfer_out", "Transfer to another organisation"),
            ("academic_failure", "Academic failure"),
            ("discipline", "Disciplinary"),
            ("other", "Other"),
        ],
    )
    applied = fields.Boolean(readonly=True, copy=False, help="The change was made in the records.")
    membership_ids = fields.One2many("edu.group.membership", "order_line_id", readonly=True)

    @api.depends("order_id.name", "order_id.date", "order_type")
    def _compute_display_name(self):
        types = dict(self._fields["order_type"]._description_selection(self.env))
        for line in self:
            line.display_name = self.env._(
                "Order %(number)s of %(date)s (%(type)s)",
                number=line.order_id.name,
                date=format_day(self.env, line.order_id.date),
                type=(types.get(line.order_type) or "").lower(),
            )

    @api.depends("student_id")
    def _compute_from_group_id(self):
        for line in self:
            line.from_group_id = line.student_id.group_id

    @api.depends("order_id.date")
    def _compute_effective_date(self):
        for line in self:
            line.effective_date = line.effective_date or line.order_id.date

    @api.constrains(
        "order_id", "order_type", "student_id", "to_group_id", "from_group_id", "effective_date"
    )
    def _check_line(self):
        for line in self:
            order = line.order_id
            twins = order.line_ids.filtered(
                lambda other, line=line: other.student_id == line.student_id
            )
            if len(twins) > 1:
                raise ValidationError(
                    self.env._(
                        "%(student)s is named twice in the order %(order)s.",
                        student=line.student_id.name,
                        order=order.name,
                    )
                )
            if line.order_type in TYPES_WITH_TARGET_GROUP and not line.to_group_id:
                raise ValidationError(
                    self.env._(
                        "Choose the group %(student)s goes to.", student=line.student_id.name
                    )
                )
            if line.order_type == "transfer" and line.to_group_id == line.from_group_id:
                raise ValidationError(
                    self.env._(
                        "%(student)s cannot be transferred to the group %(group)s they are "
                        "already in.",
                        student=line.student_id.name,
                        group=line.to_group_id.name,
                    )
                )
            enrollment = line.student_id.enrollment_date
            if line.order_type != "enroll" and enrollment and line.effective_date < enrollment:
                raise ValidationError(
                    self.env._(
                        "The order for %(student)s takes effect on %(date)s, before the student "
                        "was enrolled (%(enrolled)s).",
                        student=line.student_id.name,
                        date=format_day(self.env, line.effective_date),
                        enrolled=enrollment,
                    )
                )

    def _check_consistency(self):
        """Refuse an order that does not fit the students' present situation."""
        Line = self.env["edu.contingent.order.line"]
        type_labels = dict(
            self.env["edu.contingent.order"]._fields["order_type"]._description_selection(self.env)
        )
        pending = Line.search(
            [
                ("id", "not in", self.ids),
                ("student_id", "in", self.student_id.ids),
                ("order_id.state", "=", "done"),
                ("applied", "=", False),
            ]
        ).student_id
        for line in self:
            student = line.student_id
            if student.state not in REQUIRED_STATE[line.order_type]:
                state_label = dict(student._fields["state"]._description_selection(self.env))[
                    student.state
                ]
                raise UserError(
                    self.env._(
                        "%(student)s is %(state)s: a %(type)s order does not apply.",
                        student=student.name,
                        state=state_label.lower(),
                        type=type_labels[line.order_type].lower(),
                    )
                )
            current = student.membership_ids.filtered(lambda membership: not membership.date_to)
            if line.order_type == "enroll" and (current or student.membership_ids):
                raise UserError(
                    self.env._(
                        "%(student)s was already enrolled; use a transfer or reinstatement order.",
                        student=student.name,
                    )
                )
            on_leave = line.order_type == "expel" and student.state == "academic_leave"
            if line.order_type in ("transfer", *TYPES_LEAVING) and not on_leave:
                if not current:
                    raise UserError(
                        self.env._("%(student)s is in no group now.", student=student.name)
                    )
                if line.effective_date <= current.date_from:
                    raise UserError(
                        self.env._(
                            "%(student)s joined %(group)s on %(date)s; the order must take effect "
                            "after that.",
                            student=student.name,
                            group=current.group_id.name,
                            date=format_day(self.env, current.date_from),
                        )
                    )
            last_leave = max(
                (day for day in student.membership_ids.mapped("date_to") if day), default=False
            )
            if (
                line.order_type in ("return", "reinstate")
                and last_leave
                and (line.effective_date <= last_leave)
            ):
                raise UserError(
                    self.env._(
                        "%(student)s left the group on %(date)s; the order must take effect "
                        "after that.",
                        student=student.name,
                        date=format_day(self.env, last_leave),
                    )
                )
            if student in pending:
                raise UserError(
                    self.env._(
                        "%(student)s already has a confirmed order that has not taken effect yet.",
                        student=student.name,
                    )
                )

    def write(self, vals):
        if self.filtered(lambda line: line.order_id.state == "done") and not (
            self.env.su and set(vals) <= {"applied"}
        ):
            raise UserError(
                self.env._("A done contingent order is read-only; issue a new order instead.")
            )
        return super().write(vals)

    @api.model_create_multi
    def create(self, vals_list):
        orders = self.env["edu.contingent.order"].browse(
            [vals["order_id"] for vals in vals_list if vals.get("order_id")]
        )
        if orders.filtered(lambda order: order.state == "done"):
            raise UserError(
                self.env._("A done contingent order is read-only; issue a new order instead.")
            )
        lines = super().create(vals_list)
        if lines.order_id.filtered(lambda order: order.state == "done") and not self.env.su:
            raise UserError(
                self.env._("A done contingent order is read-only; issue a new order instead.")
            )
        return lines

    @api.ondelete(at_uninstall=False)
    def _unlink_except_done(self):
        if self.filtered(lambda line: line.order_id.state == "done"):
            raise UserError(
                self.env._("A done contingent order is read-only; issue a new order instead.")
            )

    def _apply(self):
        """Change memberships and states as the lines say, in date order."""
        Membership = self.env["edu.group.membership"]
        SubgroupMembership = self.env["edu.subgroup.membership"]
        blocked = self.env["edu.student"]
        restored = self.env["edu.student"]
        notices = {}
        for line in self.sorted(lambda line: (line.effective_date, line.id)):
            student = line.student_id
            kind = line.order_type
            day_before = line.effective_date - timedelta(days=1)
            current = student.membership_ids.filtered(lambda membership: not membership.date_to)
            if kind in ("transfer", *TYPES_LEAVING) and current:
                # the subgroup periods in the old group end with it, and stay as history
                SubgroupMembership.sudo().search(
                    [
                        ("student_id", "=", student.id),
                        ("group_id", "=", current.group_id.id),
                        "|",
                        ("date_to", "=", False),
                        ("date_to", ">=", line.effective_date),
                    ]
                )._end_by_order(line, day_before)
                current.sudo().write({"date_to": day_before})
            if kind in TYPES_WITH_TARGET_GROUP:
                Membership.sudo().create(
                    {
                        "student_id": student.id,
                        "group_id": line.to_group_id.id,
                        "date_from": line.effective_date,
                        "order_line_id": line.id,
                    }
                )
            new_state = {
                "academic_leave": "academic_leave",
                "expel": "expelled",
                "graduate": "graduated",
            }.get(kind, "active")
            if student.state != new_state:
                # a student's state changes through done orders only
                student.sudo().write({"state": new_state})
            if kind in ("expel", "graduate"):
                blocked |= student
            elif kind == "reinstate":
                restored |= student
            if kind != "enroll":
                notices.setdefault(kind, {})[student.id] = (line, current.group_id)
            line.sudo().write({"applied": True})
        if blocked:
            blocked._block_portal_access()
        if restored:
            restored._restore_portal_access()
        Student = self.env["edu.student"]
        for kind, lines in notices.items():
            # in the language of each administrator who reads it
            Student.browse(lines)._notify_journal_administrator(
                lambda env, kind=kind: self.with_env(env)._access_summary(kind),
                lambda env, student, lines=lines: (
                    lines[student.id][0].with_env(env)._access_note(lines[student.id][1])
                ),
            )

    @api.model
    def _access_summary(self, kind):
        """What the journal administrator is asked to do after an order of ``kind``."""
        if kind in ("expel", "graduate"):
            return self.env._("Block the journal access: the student left the college.")
        if kind == "reinstate":
            return self.env._("Check the journal access: the student was reinstated.")
        if kind == "transfer":
            return self.env._("Check the journal access: the student moved to another group.")
        if kind == "academic_leave":
            return self.env._("Check the journal access: the student went on academic leave.")
        return self.env._("Check the journal access: the student returned from academic leave.")

    def _access_note(self, old_group):
        """What the order changed in the student's access to the journal (§5.2), with
        the student, the groups and the dates, for the journal administrator."""
        self.ensure_one()
        values = {
            "student": self.student_id.name,
            "old": (
                old_group or self.student_id.membership_ids.sorted("date_from")[-1:].group_id
            ).name
            or "",
            "new": self.to_group_id.name or "",
            "date": format_day(self.env, self.effective_date),
            "last": format_day(self.env, self.effective_date - timedelta(days=1)),
        }
        kind = self.order_type
        if kind == "transfer":
            return self.env._(
                "%(student)s moves from %(old)s to %(new)s on %(date)s: the journals of %(old)s "
                "list him up to %(last)s (his past cells stay there) and those of %(new)s from "
                "%(date)s; his subgroups in %(old)s end on %(last)s and he is in no subgroup of "
                "%(new)s until the curator adds him. The portal login of the student and his "
                "family stays.",
                **values,
            )
        if kind == "academic_leave":
            return self.env._(
                "%(student)s is on academic leave from %(date)s: the journals of %(old)s list "
                "him up to %(last)s and nothing is entered for him afterwards; his subgroups end "
                "on %(last)s. The portal login stays: the family still reads the past journal.",
                **values,
            )
        if kind == "return":
            return self.env._(
                "%(student)s returns from academic leave to %(new)s on %(date)s: the group's "
                "journals list him again from that day; he is in no subgroup until the curator "
                "adds him. The portal login stays.",
                **values,
            )
        if kind == "reinstate":
            return self.env._(
                "%(student)s is reinstated in %(new)s from %(date)s: the group's journals list "
                "him from that day and the portal login of the student and his family is "
                "restored; he is in no subgroup until the curator adds him.",
                **values,
            )
        return self.env._(
            "%(student)s left the college on %(date)s: the journals of %(old)s list him up to "
            "%(last)s and his subgroups end on %(last)s; the portal login of the student and "
            "of the guardians with no other studying child is blocked.",
            **values,
        )
