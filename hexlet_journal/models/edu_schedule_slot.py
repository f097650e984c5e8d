from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ..tools import college_today, format_day

WEEKDAYS = [
    ("0", "Monday"),
    ("1", "Tuesday"),
    ("2", "Wednesday"),
    ("3", "Thursday"),
    ("4", "Friday"),
    ("5", "Saturday"),
    ("6", "Sunday"),
]
MAX_PAIRS = 8


def pair_error(env, number):
    """The message for a pair number outside 1..MAX_PAIRS, else None: the one
    owner of the pair range (slots, lessons and the schedule import ask it)."""
    if isinstance(number, int) and 1 <= number <= MAX_PAIRS:
        return None
    return env._("The pair number must be from 1 to %(max)s.", max=MAX_PAIRS)


class EduScheduleSlot(models.Model):
    """A place of a journal in the timetable: weekly, or on one date.

    The schedule says which lessons must exist, so a lesson that was not
    entered can be found.
    """

    _name = "edu.schedule.slot"
    _description = "Schedule Slot"
    _inherit = ["edu.record.mixin"]
    _order = "date_from, weekday, pair_number, id"

    assignment_id = fields.Many2one(
        "edu.teaching.assignment", string="Journal", required=True, index=True, ondelete="cascade"
    )
    term_id = fields.Many2one(related="assignment_id.term_id", store=True, index=True)
    group_id = fields.Many2one(related="assignment_id.group_id", store=True, index=True)
    subgroup_id = fields.Many2one(related="assignment_id.subgroup_id", store=True)
    teacher_id = fields.Many2one(related="assignment_id.teacher_id", store=True, index=True)
    discipline_id = fields.Many2one(related="assignment_id.discipline_id")
    slot_type = fields.Selection(
        [("weekly", "Weekly"), ("dated", "One date")],
        string="Recurrence",
        required=True,
        default="weekly",
    )
    weekday = fields.Selection(WEEKDAYS)
    week_parity = fields.Selection(
        [("every", "Every week"), ("odd", "Odd weeks"), ("even", "Even weeks")],
        default="every",
        required=True,
        help="Чётность недели, counted from the first week of the academic year (week 1 is odd).",
    )
    date = fields.Date(help="The date of a one-off slot.")
    date_from = fields.Date(
        string="From",
        compute="_compute_range",
        store=True,
        precompute=True,
        readonly=False,
        required=True,
    )
    date_to = fields.Date(
        string="Until",
        compute="_compute_range",
        store=True,
        precompute=True,
        readonly=False,
        required=True,
    )
    pair_number = fields.Integer(
        string="Pair", required=True, default=1, aggregator=False, help="Номер пары."
    )
    room = fields.Char(help="Аудитория.")

    @api.model_create_multi
    def create(self, vals_list):
        assignments = self.env["edu.teaching.assignment"].browse(
            [vals.get("assignment_id") for vals in vals_list if vals.get("assignment_id")]
        )
        assignments.term_id.year_id._check_not_archived()
        return super().create(vals_list)

    def write(self, vals):
        self.term_id.year_id._check_not_archived()
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_archived(self):
        self.term_id.year_id._check_not_archived()

    @api.depends("slot_type", "date", "assignment_id.term_id")
    def _compute_range(self):
        for slot in self:
            if slot.slot_type == "dated" and slot.date:
                slot.date_from = slot.date_to = slot.date
            else:
                term = slot.assignment_id.term_id
                one_day = slot.date_from and slot.date_from == slot.date_to
                slot.date_from = term.date_start if one_day else slot.date_from or term.date_start
                slot.date_to = term.date_end if one_day else slot.date_to or term.date_end

    @api.depends("assignment_id", "weekday", "pair_number", "date", "slot_type")
    def _compute_display_name(self):
        weekdays = dict(self._fields["weekday"]._description_selection(self.env))
        for slot in self:
            when = (
                format_day(self.env, slot.date)
                if slot.slot_type == "dated"
                else weekdays.get(slot.weekday, "")
            )
            slot.display_name = self.env._(
                "%(journal)s, %(when)s, pair %(pair)s",
                journal=slot.assignment_id.name or "",
                when=when,
                pair=slot.pair_number,
            )

    @api.constrains(
        "slot_type", "weekday", "date", "date_from", "date_to", "pair_number", "assignment_id"
    )
    def _check_slot(self):
        for slot in self:
            term = slot.assignment_id.term_id
            if error := pair_error(self.env, slot.pair_number):
                raise ValidationError(error)
            if slot.slot_type == "weekly" and not slot.weekday:
                raise ValidationError(self.env._("A weekly slot needs a day of the week."))
            if slot.slot_type == "dated" and not slot.date:
                raise ValidationError(self.env._("A one-off slot needs a date."))
            if slot.date_from > slot.date_to:
                raise ValidationError(self.env._("The slot ends before it starts."))
            if slot.date_from < term.date_start or slot.date_to > term.date_end:
                raise ValidationError(
                    self.env._(
                        "The slot of %(journal)s must lie inside the term (%(start)s – %(end)s).",
                        journal=slot.assignment_id.name,
                        start=format_day(self.env, term.date_start),
                        end=format_day(self.env, term.date_end),
                    )
                )
        self._check_conflicts()

    def _check_conflicts(self):
        """A group (or subgroup) and a teacher are in one place per pair."""
        for slot in self:
            candidates = self.search(
                [
                    ("id", "!=", slot.id),
                    ("pair_number", "=", slot.pair_number),
                    ("date_from", "<=", slot.date_to),
                    ("date_to", ">=", slot.date_from),
                    "|",
                    ("group_id", "=", slot.group_id.id),
                    ("teacher_id", "=", slot.teacher_id.id),
                ]
            )
            for other in candidates:
                if not slot._meets(other):
                    continue
                same_teacher = other.teacher_id == slot.teacher_id
                split = (
                    other.group_id == slot.group_id
                    and slot.subgroup_id
                    and other.subgroup_id
                    and other.subgroup_id != slot.subgroup_id
                )
                if same_teacher and (other.group_id != slot.group_id or split):
                    raise ValidationError(
                        self.env._(
                            "%(teacher)s already teaches %(other)s at pair %(pair)s then.",
                            teacher=slot.teacher_id.name,
                            other=other.assignment_id.name,
                            pair=slot.pair_number,
                        )
                    )
                if other.group_id == slot.group_id and not split:
                    raise ValidationError(
                        self.env._(
                            "%(group)s already has %(other)s at pair %(pair)s then.",
                            group=slot.group_id.name,
                            other=other.assignment_id.name,
                            pair=slot.pair_number,
                        )
                    )

    def _meets(self, other):
        """Whether two slots with overlapping dates fall on a same day."""
        self.ensure_one()
        days_self = self._days_between(self.date_from, self.date_to)
        days_other = other._days_between(other.date_from, other.date_to)
        return bool(days_self & days_other)

    def _days_between(self, start, end):
        """The days from ``start`` to ``end`` the slot falls on (``_falls_on``): of a
        weekly slot, only its weekdays are asked."""
        start, end = max(start, self.date_from), min(end, self.date_to)
        step = 1
        if self.slot_type == "weekly" and self.weekday:
            start += timedelta(days=(int(self.weekday) - start.weekday()) % 7)
            step = 7
        falls_on = self._day_test()
        days = set()
        day = start
        while day <= end:
            if falls_on(day):
                days.add(day)
            day += timedelta(days=step)
        return days

    def _falls_on(self, day):
        self.ensure_one()
        return self._day_test()(day)

    def _day_test(self):
        """Whether the slot falls on a day, as a function of the day: the slot's
        fields are read once, not for each day a timetable of months walks."""
        self.ensure_one()
        date_from, date_to = self.date_from, self.date_to
        if self.slot_type == "dated":
            date = self.date
            return lambda day: date_from <= day <= date_to and day == date
        weekday, parity = int(self.weekday), self.week_parity
        if parity == "every":
            return lambda day: date_from <= day <= date_to and day.weekday() == weekday
        first_monday = self._first_monday()
        return lambda day: (
            date_from <= day <= date_to
            and day.weekday() == weekday
            and self._week_parity(day, first_monday) == parity
        )

    def _first_monday(self):
        """The Monday of the academic year's first week (the weeks' parity counts from it)."""
        year_start = self.assignment_id.term_id.year_id.date_start
        return year_start - timedelta(days=year_start.weekday())

    def _week_parity(self, day, first_monday=None):
        """Odd or even week of the academic year; its first week is odd."""
        first_monday = first_monday or self._first_monday()
        week = (day - first_monday).days // 7
        return "odd" if week % 2 == 0 else "even"

    @api.model
    def get_lessons_due(self, date, teacher=None, assignments=None):
        """Lessons the schedule requires on a date.

        :param date: the day (a college-time date)
        :param teacher: limit to one teacher's journals (res.users)
        :param assignments: limit to these journals
        :return: list of dicts ``{slot, assignment, date, pair_number, room}``
            ordered by pair
        """
        return self._lessons_due_between(date, date, teacher, assignments)

    @api.model
    def get_week_grid(self, week_date=None, group_id=False, teacher_id=False):
        """The timetable of one week as a grid: days × pairs, for a group or a teacher.

        Read as the user (the record rules decide which journals show).

        :param week_date: any day of the week (ISO string; default: today, college time)
        :param group_id: a group's timetable; else ``teacher_id``'s; else the user's own
        :return: dict with ``days`` (``{date, label}``), ``pairs``, ``cells``
            (``{"<date>:<pair>": [{discipline, group, subgroup, teacher, room}]}``),
            ``title`` and the choices ``groups`` / ``teachers``
        """
        day = fields.Date.to_date(week_date) or college_today(self.env)
        monday = day - timedelta(days=day.weekday())
        sunday = monday + timedelta(days=6)
        if not group_id and not teacher_id:
            teacher_id = self.env.uid
        assignments = None
        if group_id:
            assignments = self.env["edu.teaching.assignment"].search([("group_id", "=", group_id)])
        teacher = self.env["res.users"].browse(teacher_id) if teacher_id and not group_id else None
        due = self._lessons_due_between(monday, sunday, teacher=teacher, assignments=assignments)
        cells = {}
        for item in due:
            assignment = item["assignment"]
            key = f"{fields.Date.to_string(item['date'])}:{item['pair_number']}"
            cells.setdefault(key, []).append(
                {
                    "discipline": assignment.discipline_id.display_name,
                    "group": assignment.group_id.name,
                    "subgroup": assignment.subgroup_id.name or "",
                    "teacher": assignment.teacher_id.name,
                    "room": item["room"] or "",
                }
            )
        weekdays = dict(self._fields["weekday"]._description_selection(self.env))
        days = [monday + timedelta(days=offset) for offset in range(6)]
        if any(key.startswith(fields.Date.to_string(sunday)) for key in cells):
            days.append(sunday)
        if group_id:
            title = self.env["edu.group"].browse(group_id).name
        else:
            title = self.env["res.users"].browse(teacher_id).name
        return {
            "title": title,
            "group_id": group_id,
            "teacher_id": False if group_id else teacher_id,
            "week_from": format_day(self.env, monday),
            "week_to": format_day(self.env, sunday),
            "monday": fields.Date.to_string(monday),
            "days": [
                {
                    "date": fields.Date.to_string(day),
                    "label": f"{weekdays[str(day.weekday())]}, {format_day(self.env, day)[:5]}",
                }
                for day in days
            ],
            "pairs": list(range(1, max([4] + [item["pair_number"] for item in due]) + 1)),
            "cells": cells,
            "groups": [
                {"id": group.id, "name": group.name}
                for group in self.env["edu.group"].search([], order="name")
            ],
            "teachers": [
                {"id": user.id, "name": user.name}
                for user in self.env["res.users"].search(
                    self.env["res.users"]._journal_group_domain("hexlet_journal.group_teacher"),
                    order="name",
                )
            ],
        }

    @api.model
    def _lessons_due_between(self, date_from, date_to, teacher=None, assignments=None):
        """Lessons the schedule requires from date_from to date_to, by day and
        pair: one search, each slot's days are walked in memory."""
        domain = [("date_from", "<=", date_to), ("date_to", ">=", date_from)]
        if teacher:
            domain.append(("teacher_id", "=", teacher.id))
        if assignments is not None:
            domain.append(("assignment_id", "in", assignments.ids))
        slots = self.search(domain, order="pair_number, id")
        due = []
        for slot in slots:
            days = slot._days_between(date_from, date_to)
            if days:
                assignment, pair, room = slot.assignment_id, slot.pair_number, slot.room
                due.extend(
                    {
                        "slot": slot,
                        "assignment": assignment,
                        "date": day,
                        "pair_number": pair,
                        "room": room,
                    }
                    for day in days
                )
        # by day, and in a day in the slots' order (the sort is stable)
        due.sort(key=lambda item: item["date"])
        return due
