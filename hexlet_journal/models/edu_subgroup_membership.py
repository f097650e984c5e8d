import logging
from collections import defaultdict
from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import SQL

from ..tools import college_today, format_day
from .edu_group_membership import period_covers, period_overlaps
from .edu_record_mixin import facts_being_recorded, recording_facts

_logger = logging.getLogger(__name__)


class EduSubgroupMembership(models.Model):
    """A period a student spent in a subgroup (§5.3).

    Dated like the group membership, inside one of the student's periods in the
    subgroup's group: a subgroup journal lists, for any past date, the students
    who were in the subgroup that day, so a student who moved on keeps his row
    and his cells where he was.
    """

    _name = "edu.subgroup.membership"
    _description = "Subgroup Membership"
    _inherit = ["edu.record.mixin"]
    _order = "date_from desc, id desc"
    # a period belongs to its subgroup and student: moving it elsewhere is a new period
    _create_only = ("subgroup_id", "student_id")

    subgroup_id = fields.Many2one("edu.subgroup", required=True, index=True, ondelete="cascade")
    student_id = fields.Many2one("edu.student", required=True, index=True, ondelete="cascade")
    group_id = fields.Many2one(related="subgroup_id.group_id", store=True, index=True)
    date_from = fields.Date(string="From", required=True)
    date_to = fields.Date(
        string="To", help="Last day in the subgroup; empty while the student is in it."
    )
    order_line_id = fields.Many2one(
        "edu.contingent.order.line",
        readonly=True,
        index="btree_not_null",
        help="The contingent order that ended this period (a transfer, a leave, an "
        "expulsion, a graduation).",
    )

    _open_idx = models.Index("(subgroup_id, student_id) WHERE date_to IS NULL")

    # the dates: one owner, the group membership's

    @api.model
    def _period_domain(self, date_from, date_to=None):
        """Periods overlapping the days from date_from to date_to (one day by default)."""
        return self.env["edu.group.membership"]._period_domain(date_from, date_to)

    def _covers(self, day):
        """Whether the student was in the subgroup on ``day``."""
        self.ensure_one()
        return period_covers(self.date_from, self.date_to, day)

    def _overlaps(self, date_from, date_to):
        """Whether the student was in the subgroup on any day of the period."""
        self.ensure_one()
        return period_overlaps(self.date_from, self.date_to, date_from, date_to)

    # writing

    def _check_not_from_order(self):
        if not self.env.su and self.filtered("order_line_id"):
            raise UserError(
                self.env._(
                    "This period was ended by a contingent order; issue a new order to change it."
                )
            )

    def _check_days_open(self, days):
        """Nothing on the days of an archived year changes (rule 10), nor, by hand,
        on the days a term's lock date closed (rule 9): ``days`` are the first days
        each change touches."""
        days = [day for day in days if day]
        if not days:
            return
        year = (
            self.env["edu.academic.year"]
            .sudo()
            .search(
                [("state", "=", "archived"), ("date_end", ">=", min(days))],
                order="date_end",
                limit=1,
            )
        )
        year._check_not_archived()
        if self.env.su or facts_being_recorded():
            return
        # who sat in a closed journal is a fact of it: rule 9, as its cells
        for day in sorted(set(days)):
            opens = self._first_open_day(day)
            if opens != day:
                raise UserError(
                    self.env._(
                        "The journals are closed up to %(date)s (the term's lock date): who "
                        "was in a subgroup before it changes only through a contingent order.",
                        date=format_day(self.env, opens - timedelta(days=1)),
                    )
                )

    @api.model
    def _first_open_day(self, day):
        """``day``, or the day after the lock date of the term that closed it."""
        term = (
            self.env["edu.term"]
            .sudo()
            .search(
                [("date_start", "<=", day), ("date_end", ">=", day), ("lock_date", ">=", day)],
                limit=1,
            )
        )
        return term.lock_date + timedelta(days=1) if term else day

    @api.model_create_multi
    def create(self, vals_list):
        memberships = super().create(vals_list)
        memberships._check_days_open(memberships.mapped("date_from"))
        return memberships

    def write(self, vals):
        self._check_not_from_order()
        touched = []
        if "date_from" in vals:
            touched += [*self.mapped("date_from"), fields.Date.to_date(vals["date_from"])]
        if "date_to" in vals:
            new_end = fields.Date.to_date(vals["date_to"])
            for membership in self:
                ends = [day for day in (membership.date_to, new_end) if day]
                # an open period gets an end, or an end moves: the days after the earlier one
                touched.append(min(ends) + timedelta(days=1) if ends else None)
        self._check_days_open(touched)
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_from_order(self):
        self._check_not_from_order()
        self._check_days_open(self.mapped("date_from"))

    def _end_by_order(self, line, day):
        """End the periods on ``day`` for the contingent order ``line``: the one way
        an order changes a subgroup history. A period an order already ended is not
        ended again; one that would start after ``day`` never began and goes."""
        ended = self.filtered("order_line_id")
        if ended:
            raise UserError(
                self.env._(
                    "The period of %(student)s in the subgroup %(subgroup)s was already ended by "
                    "%(order)s; an order cannot end it again.",
                    student=ended[0].student_id.name,
                    subgroup=ended[0].subgroup_id.display_name,
                    order=ended[0].order_line_id.display_name,
                )
            )
        never_began = self.filtered(lambda membership: membership.date_from > day)
        never_began.sudo().unlink()
        with recording_facts():
            (self - never_began).sudo().write({"date_to": day, "order_line_id": line.id})

    @api.model
    def _sync_current(self, wanted, subgroups=None, students=None):
        """Make the members today of ``subgroups`` (or the subgroups of ``students``)
        the ``(subgroup id, student id)`` pairs in ``wanted``, as a curator expects from
        a list of the subgroup's members: an added student is in the subgroup from the
        day he joined the group this time (the journal's past lessons keep his row), or
        from the day after his last period in it, or from today when he has been in
        another subgroup of the group since (a move between subgroups), never on a
        day the term's lock date closed; a removed one leaves it yesterday, and a
        period that was to start today or later is dropped."""
        today = college_today(self.env)
        domain = self._period_domain(today)
        if subgroups is not None:
            domain = [("subgroup_id", "in", subgroups.ids), *domain]
        if students is not None:
            domain = [("student_id", "in", students.ids), *domain]
        current = self.search(domain)
        have = {(membership.subgroup_id.id, membership.student_id.id) for membership in current}
        leaving = current.filtered(
            lambda membership: (membership.subgroup_id.id, membership.student_id.id) not in wanted
        )
        leaving.filtered(lambda membership: membership.date_from >= today).unlink()
        leaving = leaving.exists()
        if leaving:
            leaving.write({"date_to": today - timedelta(days=1)})
        joining = sorted(set(wanted) - have)
        if not joining:
            return
        Subgroup, Student = self.env["edu.subgroup"], self.env["edu.student"]
        subgroups = Subgroup.browse({subgroup_id for subgroup_id, _student in joining})
        students = Student.browse({student_id for _subgroup, student_id in joining})
        group_periods = defaultdict(list)
        for membership in (
            self.env["edu.group.membership"]
            .sudo()
            .search_fetch(
                [("student_id", "in", students.ids), ("group_id", "in", subgroups.group_id.ids)],
                ["student_id", "group_id", "date_from", "date_to"],
            )
        ):
            group_periods[membership.student_id.id, membership.group_id.id].append(membership)
        last_end = {}
        # a student who has been in another subgroup of the group (moved from
        # the 1st to the 2nd) joins from today: never back-dated over lessons
        # he sat in the other subgroup
        elsewhere = defaultdict(list)
        for membership in self.sudo().search_fetch(
            [("student_id", "in", students.ids), ("group_id", "in", subgroups.group_id.ids)],
            ["subgroup_id", "group_id", "student_id", "date_from", "date_to"],
        ):
            key = (membership.subgroup_id.id, membership.student_id.id)
            if membership.subgroup_id in subgroups and membership.date_to:
                last_end[key] = max(last_end.get(key, membership.date_to), membership.date_to)
            elsewhere[membership.student_id.id, membership.group_id.id].append(membership)
        vals_list = []
        for subgroup_id, student_id in joining:
            subgroup, student = Subgroup.browse(subgroup_id), Student.browse(student_id)
            periods = group_periods[student_id, subgroup.group_id.id]
            if not periods:
                raise ValidationError(
                    self.env._(
                        "%(students)s never studied in the group %(group)s and cannot be in its "
                        "subgroup.",
                        students=student.name,
                        group=subgroup.group_id.name,
                    )
                )
            # the period in the group now, or the one he is to start (enrolled from
            # September 1st in August); a student who left the group is refused below
            now = [membership for membership in periods if membership._covers(today)] or sorted(
                (membership for membership in periods if membership.date_from > today),
                key=lambda membership: membership.date_from,
            )
            start = now[0].date_from if now else today
            if any(
                other.subgroup_id.id != subgroup_id
                and other.date_from <= today
                and (not other.date_to or other.date_to >= start)
                for other in elsewhere[student_id, subgroup.group_id.id]
            ):
                start = max(start, today)
            if last_end.get((subgroup_id, student_id)):
                start = max(start, last_end[subgroup_id, student_id] + timedelta(days=1))
            start = self._first_open_day(start)
            vals_list.append(
                {"subgroup_id": subgroup_id, "student_id": student_id, "date_from": start}
            )
        self.create(vals_list)

    @api.constrains("subgroup_id", "student_id", "date_from", "date_to")
    def _check_period(self):
        self._check_in_group()
        for membership in self:
            if membership.date_to and membership.date_to < membership.date_from:
                raise ValidationError(
                    self.env._(
                        "%(student)s cannot leave the subgroup %(subgroup)s before joining it.",
                        student=membership.student_id.name,
                        subgroup=membership.subgroup_id.display_name,
                    )
                )
            overlap_domain = [
                ("id", "!=", membership.id),
                ("student_id", "=", membership.student_id.id),
                ("subgroup_id", "=", membership.subgroup_id.id),
                *self._period_domain(membership.date_from, membership.date_to or date_max()),
            ]
            other = self.sudo().search(overlap_domain, limit=1)
            if other:
                raise ValidationError(
                    self.env._(
                        "%(student)s is already in the subgroup %(subgroup)s from %(date)s: the "
                        "periods of a student in a subgroup do not overlap.",
                        student=membership.student_id.name,
                        subgroup=membership.subgroup_id.display_name,
                        date=format_day(self.env, other.date_from),
                    )
                )

    def _check_in_group(self):
        """A subgroup period lies inside a period of the student in the subgroup's group."""
        group_periods = defaultdict(list)
        for membership in (
            self.env["edu.group.membership"]
            .sudo()
            .search_fetch(
                [("student_id", "in", self.student_id.ids), ("group_id", "in", self.group_id.ids)],
                ["student_id", "group_id", "date_from", "date_to"],
            )
        ):
            group_periods[membership.student_id.id, membership.group_id.id].append(membership)
        for membership in self:
            group = membership.subgroup_id.group_id
            periods = group_periods[membership.student_id.id, group.id]
            holding = [period for period in periods if period._covers(membership.date_from)]
            if not holding:
                raise ValidationError(
                    self.env._(
                        "%(student)s is not in the group %(group)s on %(date)s and cannot join "
                        "its subgroup %(subgroup)s on that day.",
                        student=membership.student_id.name,
                        group=group.name,
                        subgroup=membership.subgroup_id.display_name,
                        date=format_day(self.env, membership.date_from),
                    )
                )
            left = holding[0].date_to
            if left and (not membership.date_to or membership.date_to > left):
                raise ValidationError(
                    self.env._(
                        "%(student)s left the group %(group)s on %(date)s and cannot stay in its "
                        "subgroup %(subgroup)s after that.",
                        student=membership.student_id.name,
                        group=group.name,
                        subgroup=membership.subgroup_id.display_name,
                        date=format_day(self.env, left),
                    )
                )

    # migration from the undated list (19.0.1.1.0)

    @api.model
    def _migrate_student_rel(self, table="edu_subgroup_student_rel"):
        """Turn each row of the old undated ``subgroup ↔ student`` table into a period
        from the start of the student's latest membership of the subgroup's group to
        its end. A row whose student never was in that group is dropped (and logged).
        Returns the number of periods made."""
        cr = self.env.cr
        cr.execute("SELECT to_regclass(%s)", [table])
        if not cr.fetchone()[0]:
            return 0
        cr.execute(
            SQL(
                """
                INSERT INTO edu_subgroup_membership
                    (subgroup_id, student_id, group_id, date_from, date_to,
                     create_uid, write_uid, create_date, write_date)
                SELECT DISTINCT ON (rel.subgroup_id, rel.student_id)
                       rel.subgroup_id, rel.student_id, subgroup.group_id,
                       membership.date_from, membership.date_to,
                       %(uid)s, %(uid)s, now() AT TIME ZONE 'UTC', now() AT TIME ZONE 'UTC'
                  FROM %(table)s rel
                  JOIN edu_subgroup subgroup ON subgroup.id = rel.subgroup_id
                  JOIN edu_group_membership membership
                    ON membership.student_id = rel.student_id
                   AND membership.group_id = subgroup.group_id
                 WHERE NOT EXISTS (
                        SELECT 1 FROM edu_subgroup_membership existing
                         WHERE existing.subgroup_id = rel.subgroup_id
                           AND existing.student_id = rel.student_id)
              ORDER BY rel.subgroup_id, rel.student_id, membership.date_from DESC
                """,
                uid=self.env.uid,
                table=SQL.identifier(table),
            )
        )
        made = cr.rowcount
        cr.execute(
            SQL(
                """
                SELECT count(*) FROM %(table)s rel
                 WHERE NOT EXISTS (
                        SELECT 1 FROM edu_subgroup_membership existing
                         WHERE existing.subgroup_id = rel.subgroup_id
                           AND existing.student_id = rel.student_id)
                """,
                table=SQL.identifier(table),
            )
        )
        dropped = cr.fetchone()[0]
        if dropped:
            _logger.warning(
                "%s subgroup members were never in the subgroup's group: not migrated", dropped
            )
        self.invalidate_model()
        return made


def date_max():
    """The last day a date field holds: the end of an open period in a domain."""
    return fields.Date.to_date("9999-12-31")
