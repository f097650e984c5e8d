from bisect import bisect_left, bisect_right

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from ..tools import format_day


def period_covers(date_from, date_to, day):
    """Whether a membership from ``date_from`` to ``date_to`` (open when empty)
    includes ``day``: the in-memory twin of ``_period_domain``."""
    return date_from <= day and (not date_to or day <= date_to)


def period_days(days, periods):
    """The positions in ``days`` (sorted dates) that one of ``periods``
    (``(date_from, date_to or None)``) covers, in order: ``period_covers`` for a
    sorted list, by bisection instead of a test per day and period."""
    spans = []
    for date_from, date_to in periods:
        start = bisect_left(days, date_from)
        end = bisect_right(days, date_to) if date_to else len(days)
        if start < end:
            spans.append((start, end))
    if len(spans) == 1:
        return range(*spans[0])
    covered = []
    last = 0
    for start, end in sorted(spans):
        start = max(start, last)
        if start < end:
            covered.extend(range(start, end))
            last = end
    return covered


def period_overlaps(date_from, date_to, start, end):
    """Whether a membership from ``date_from`` to ``date_to`` (open when empty)
    includes any day from ``start`` to ``end`` (open when empty)."""
    return (not end or date_from <= end) and (not date_to or date_to >= start)


def period_intersection(first, second):
    """The days two periods ``(date_from, date_to)`` (open when ``date_to`` is
    empty) share, as such a period, or None when they share none."""
    start = max(first[0], second[0])
    ends = [end for end in (first[1], second[1]) if end]
    end = min(ends) if ends else None
    if end and end < start:
        return None
    return start, end


class EduGroupMembership(models.Model):
    """A period a student spent in a group.

    The journal of a group lists the students who were its members on the
    lesson date, so a student transferred mid-term stays in the old group's
    journal up to the transfer date and not after.
    """

    _name = "edu.group.membership"
    _description = "Group Membership"
    _inherit = ["edu.record.mixin"]
    _order = "date_from desc, id desc"

    student_id = fields.Many2one("edu.student", required=True, index=True, ondelete="cascade")
    group_id = fields.Many2one("edu.group", required=True, index=True)
    date_from = fields.Date(string="From", required=True)
    date_to = fields.Date(
        string="To", help="Last day in the group; empty while the student is in it."
    )
    order_line_id = fields.Many2one(
        "edu.contingent.order.line", readonly=True, index="btree_not_null"
    )

    _open_idx = models.Index("(student_id) WHERE date_to IS NULL")

    @api.model
    def _period_domain(self, date_from, date_to=None):
        """Memberships overlapping the days from date_from to date_to (one day by default)."""
        return [
            ("date_from", "<=", date_to or date_from),
            "|",
            ("date_to", "=", False),
            ("date_to", ">=", date_from),
        ]

    def _covers(self, day):
        """Whether the student was in the group on ``day``: the in-memory twin of
        ``_period_domain``, which every path asks instead of comparing dates."""
        self.ensure_one()
        return period_covers(self.date_from, self.date_to, day)

    def _overlaps(self, date_from, date_to):
        """Whether the student was in the group on any day from ``date_from`` to
        ``date_to``: the in-memory twin of ``_period_domain`` for a period."""
        self.ensure_one()
        return period_overlaps(self.date_from, self.date_to, date_from, date_to)

    def _check_not_from_order(self):
        if not self.env.su and self.filtered("order_line_id"):
            raise UserError(
                self.env._(
                    "This period was made by a contingent order; issue a new order to change it."
                )
            )

    @api.model_create_multi
    def create(self, vals_list):
        memberships = super().create(vals_list)
        memberships._curators_changed()
        return memberships

    def write(self, vals):
        self._check_not_from_order()
        students, groups = self.student_id, self.group_id
        result = super().write(vals)
        self._curators_changed()
        if {"student_id", "group_id", "date_from", "date_to"} & set(vals):
            self._check_subgroup_periods(students | self.student_id, groups | self.group_id)
        return result

    @api.ondelete(at_uninstall=False)
    def _unlink_except_from_order(self):
        self._check_not_from_order()

    def unlink(self):
        students, groups = self.student_id, self.group_id
        result = super().unlink()
        self._curators_changed()
        self._check_subgroup_periods(students, groups)
        return result

    @api.model
    def _check_subgroup_periods(self, students, groups):
        """A period in a subgroup lies inside one in its group: a group period
        changed by hand may not leave a subgroup period outside it."""
        self.env["edu.subgroup.membership"].sudo().search(
            [("student_id", "in", students.ids), ("group_id", "in", groups.ids)]
        )._check_in_group()

    def _curators_changed(self):
        """Which students a curator has is read by a record rule on internal notes
        (res.users.journal_curated_student_ids), and rules are cached per user."""
        self.env.registry.clear_cache()

    @api.constrains("student_id", "group_id", "date_from", "date_to")
    def _check_period(self):
        for membership in self:
            if membership.date_to and membership.date_to < membership.date_from:
                raise ValidationError(
                    self.env._(
                        "%(student)s cannot leave the group %(group)s before joining it.",
                        student=membership.student_id.name,
                        group=membership.group_id.name,
                    )
                )
            overlap_domain = [
                ("id", "!=", membership.id),
                ("student_id", "=", membership.student_id.id),
                "|",
                ("date_to", "=", False),
                ("date_to", ">=", membership.date_from),
            ]
            if membership.date_to:
                overlap_domain.append(("date_from", "<=", membership.date_to))
            other = self.search(overlap_domain, limit=1)
            if other:
                raise ValidationError(
                    self.env._(
                        "%(student)s is already in the group %(group)s from %(date)s: a student "
                        "belongs to one group at a time.",
                        student=membership.student_id.name,
                        group=other.group_id.name,
                        date=format_day(self.env, other.date_from),
                    )
                )
