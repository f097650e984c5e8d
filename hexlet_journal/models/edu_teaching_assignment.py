from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

from ..tools import college_today, date_argument
from .edu_group_membership import (
    period_covers,
    period_days,
    period_intersection,
    period_overlaps,
)
from .edu_lesson_entry import CELL_COLUMNS, MARK_SCALES, cell_value, tally_cells
from .edu_record_mixin import facts_being_recorded

# the columns of a lesson that the grid reads, in the order of its tuples
GRID_LESSON = (
    "id",
    "date",
    "pair_number",
    "topic",
    "kind",
    "practical_number",
    "mark_scale",
    "is_late",
    "delay_days",
    "is_substitution",
    "homework",
)


class EduTeachingAssignment(models.Model):
    """One line of the teaching load (§4.1); one assignment is one journal."""

    _name = "edu.teaching.assignment"
    _description = "Teaching Assignment"
    _inherit = ["edu.record.mixin", "mail.thread", "mail.activity.mixin"]
    _order = "term_id desc, group_id, discipline_code"

    name = fields.Char(compute="_compute_name", store=True)
    term_id = fields.Many2one("edu.term", required=True, index=True, tracking=True)
    group_id = fields.Many2one("edu.group", required=True, index=True, tracking=True)
    subgroup_id = fields.Many2one(
        "edu.subgroup",
        index="btree_not_null",
        domain="[('group_id', '=', group_id)]",
        tracking=True,
        help="For a split group (§5.3): this journal covers one subgroup only.",
    )
    discipline_id = fields.Many2one("edu.discipline", required=True, index=True, tracking=True)
    discipline_code = fields.Char(related="discipline_id.code", store=True)
    teacher_id = fields.Many2one(
        "res.users",
        required=True,
        index=True,
        tracking=True,
        domain=lambda self: self.env["res.users"]._journal_group_domain(
            "hexlet_journal.group_teacher"
        ),
    )
    curriculum_line_id = fields.Many2one(
        "edu.curriculum.line",
        index="btree_not_null",
        domain="[('discipline_id', '=', discipline_id)]",
    )
    attestation_form = fields.Selection(related="curriculum_line_id.attestation_form")
    planned_hours = fields.Float(
        compute="_compute_planned_hours",
        store=True,
        readonly=False,
        tracking=True,
        help="Hours of the load; by default those of the curriculum line.",
    )
    topic_plan_id = fields.Many2one(
        "edu.topic.plan",
        string="КТП",
        index="btree_not_null",
        tracking=True,
        domain=[("state", "!=", "superseded")],
    )
    topic_plan_hours = fields.Float(related="topic_plan_id.total_hours", string="КТП Hours")
    topic_plan_state = fields.Selection(related="topic_plan_id.state", string="КТП State")
    slot_ids = fields.One2many("edu.schedule.slot", "assignment_id", string="Schedule")
    curator_id = fields.Many2one(related="group_id.curator_id", string="Curator")
    active = fields.Boolean(default=True)
    lesson_ids = fields.One2many("edu.lesson", "assignment_id", string="Lessons")
    substitution_ids = fields.One2many("edu.substitution", "assignment_id", string="Substitutions")
    unlock_ids = fields.One2many("edu.journal.unlock", "assignment_id", string="Unlocks")
    given_hours = fields.Float(
        compute="_compute_progress",
        compute_sudo=True,
        help="Hours of the lessons entered in the journal.",
    )
    progress = fields.Float(
        compute="_compute_progress", compute_sudo=True, string="КТП Progress (%)"
    )
    next_topic_line_id = fields.Many2one(
        "edu.topic.plan.line", compute="_compute_progress", compute_sudo=True, string="Next Topic"
    )

    @api.depends("group_id.name", "subgroup_id.name", "discipline_id.code", "discipline_id.name")
    def _compute_name(self):
        for assignment in self:
            group = assignment.group_id.name or ""
            if assignment.subgroup_id:
                group = f"{group} / {assignment.subgroup_id.name}"
            discipline = assignment.discipline_id
            assignment.name = f"{group} · {discipline.code or ''} {discipline.name or ''}".strip()

    @api.depends("curriculum_line_id.hours_total")
    def _compute_planned_hours(self):
        for assignment in self:
            assignment.planned_hours = assignment.curriculum_line_id.hours_total

    @api.depends("lesson_ids.hours", "lesson_ids.topic_line_id", "topic_plan_id.line_ids")
    def _compute_progress(self):
        hours = dict(
            self.env["edu.lesson"]._read_group(
                [("assignment_id", "in", self.ids)], ["assignment_id"], ["hours:sum"]
            )
        )
        for assignment in self:
            assignment.given_hours = hours.get(assignment, 0.0)
            planned = assignment.planned_hours or assignment.topic_plan_id.total_hours
            assignment.progress = 100.0 * assignment.given_hours / planned if planned else 0.0
            assignment.next_topic_line_id = assignment._uncovered_topic_lines()[:1]

    def _uncovered_topic_lines(self):
        """Lines of the journal's approved КТП not yet given, in plan order (nothing
        while the КТП is not approved: lessons take their topics from an approved one)."""
        self.ensure_one()
        if self.topic_plan_id.state != "approved":
            return self.env["edu.topic.plan.line"]
        covered = set(self.lesson_ids.topic_line_id.ids)
        return self.topic_plan_id.line_ids.sorted(lambda line: (line.sequence, line.id)).filtered(
            lambda line: line.id not in covered
        )

    @api.constrains("teacher_id")
    def _check_teacher_role(self):
        """A journal is kept by a teacher: nobody else gets one to write in (the journal
        administrator or an office assigning a journal to itself)."""
        for assignment in self:
            teacher = assignment.teacher_id.sudo()
            if teacher and not teacher.has_group("hexlet_journal.group_teacher"):
                raise ValidationError(
                    self.env._(
                        "%(user)s is not a teacher: a journal is given to a teacher only.",
                        user=teacher.name,
                    )
                )

    @api.constrains("group_id", "subgroup_id", "term_id", "discipline_id", "planned_hours")
    def _check_assignment(self):
        for assignment in self:
            if assignment.subgroup_id and assignment.subgroup_id.group_id != assignment.group_id:
                raise ValidationError(
                    self.env._(
                        "The subgroup %(subgroup)s is not a subgroup of %(group)s.",
                        subgroup=assignment.subgroup_id.display_name,
                        group=assignment.group_id.name,
                    )
                )
            if assignment.planned_hours < 0:
                raise ValidationError(self.env._("Planned hours cannot be negative."))
            twin = self.search(
                [
                    ("id", "!=", assignment.id),
                    ("term_id", "=", assignment.term_id.id),
                    ("group_id", "=", assignment.group_id.id),
                    ("discipline_id", "=", assignment.discipline_id.id),
                    ("subgroup_id", "=", assignment.subgroup_id.id),
                ],
                limit=1,
            )
            if twin:
                raise ValidationError(
                    self.env._(
                        "%(group)s already has a journal of %(discipline)s in %(term)s (teacher "
                        "%(teacher)s).",
                        group=assignment.subgroup_id.display_name or assignment.group_id.name,
                        discipline=assignment.discipline_id.display_name,
                        term=assignment.term_id.display_name,
                        teacher=twin.teacher_id.name,
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        terms = self.env["edu.term"].browse(
            [vals.get("term_id") for vals in vals_list if vals.get("term_id")]
        )
        terms.year_id._check_not_archived()
        return super().create(vals_list)

    def write(self, vals):
        self.term_id.year_id._check_not_archived()
        moved = {"term_id", "group_id", "subgroup_id", "discipline_id", "curriculum_line_id"}
        if moved & set(vals) and not self.env.su:
            given = (
                self.env["edu.lesson"]
                .sudo()
                .search_count([("assignment_id", "in", self.ids)], limit=1)
            )
            if given or self.env["edu.attestation"].sudo().search_count(
                [("assignment_id", "in", self.ids)], limit=1
            ):
                raise UserError(
                    self.env._(
                        "A journal with lessons or a statement keeps its term, group, subgroup "
                        "and discipline: create another journal for another class."
                    )
                )
        if vals.get("term_id"):
            self.env["edu.term"].browse(vals["term_id"]).year_id._check_not_archived()
        if "topic_plan_id" in vals and not (self.env.su or facts_being_recorded()):
            self._check_topic_plan_change(vals["topic_plan_id"])
        return super().write(vals)

    def _check_topic_plan_change(self, plan_id):
        """A journal's КТП is chosen before its lessons; afterwards it changes only by a
        revision the academic department approves, which moves the lessons along."""
        plan = self.env["edu.topic.plan"].browse(plan_id).sudo()
        if plan.state == "superseded":
            raise UserError(
                self.env._(
                    "The КТП «%(plan)s» is superseded by a later revision: a journal teaches from "
                    "the revision in force.",
                    plan=plan.display_name,
                )
            )
        changed = self.filtered(lambda journal: journal.topic_plan_id != plan)
        given = (
            self.env["edu.lesson"]
            .sudo()
            .search_fetch([("assignment_id", "in", changed.ids)], ["assignment_id"], limit=1)
        )
        if given:
            raise UserError(
                self.env._(
                    "The journal %(journal)s has lessons on the topics of its КТП: the КТП "
                    "changes only through a revision («Revise» on the КТП), approved by the "
                    "academic department.",
                    journal=given.assignment_id.name,
                )
            )

    @api.ondelete(at_uninstall=False)
    def _unlink_except_archived(self):
        self.term_id.year_id._check_not_archived()

    def _students_on(self, date):
        """Students of the journal on a date: group members, or the subgroup's
        (``_member_periods`` for one day)."""
        self.ensure_one()
        return self.env["edu.student"].browse(list(self._member_periods(date, date)[self.id]))

    def _member_periods(self, date_from, date_to):
        """The one owner of «who was in these journals when», for a period: per
        journal, the students who were its members on any day from ``date_from`` to
        ``date_to`` with the periods they were (in the group, and for a subgroup
        journal in the subgroup too), in two queries:
        ``{journal id: {student id: [(date_from, date_to or None), ...]}}``.
        Ask ``period_covers`` whether a period holds a day."""
        GroupMembership = self.env["edu.group.membership"].sudo()
        SubgroupMembership = self.env["edu.subgroup.membership"].sudo()
        by_group = {}
        for group_id, student_id, start, end in GroupMembership._read_rows(
            [
                ("group_id", "in", self.group_id.ids),
                *GroupMembership._period_domain(date_from, date_to),
            ],
            ["group_id", "student_id", "date_from", "date_to"],
            order=GroupMembership._order,
        ):
            by_group.setdefault(group_id, {}).setdefault(student_id, []).append(
                (start, end or None)
            )
        by_subgroup = {}
        subgroups = self.subgroup_id
        if subgroups:
            for subgroup_id, student_id, start, end in SubgroupMembership._read_rows(
                [
                    ("subgroup_id", "in", subgroups.ids),
                    *SubgroupMembership._period_domain(date_from, date_to),
                ],
                ["subgroup_id", "student_id", "date_from", "date_to"],
                order=SubgroupMembership._order,
            ):
                by_subgroup.setdefault(subgroup_id, {}).setdefault(student_id, []).append(
                    (start, end or None)
                )
        result = {}
        for journal in self:
            in_group = by_group.get(journal.group_id.id, {})
            if not journal.subgroup_id:
                result[journal.id] = in_group
                continue
            periods = {}
            for student_id, sub_periods in by_subgroup.get(journal.subgroup_id.id, {}).items():
                shared = [
                    common
                    for group_period in in_group.get(student_id, ())
                    for sub_period in sub_periods
                    if (common := period_intersection(group_period, sub_period))
                    and period_overlaps(common[0], common[1], date_from, date_to)
                ]
                if shared:
                    periods[student_id] = shared
            result[journal.id] = periods
        return result

    def action_create_topic_plan(self):
        self.ensure_one()
        user = self.env.user
        if self.teacher_id != user and not user.has_group("hexlet_journal.group_academic_head"):
            raise UserError(
                self.env._("Only the journal's teacher or the academic department makes its КТП.")
            )
        if not self.topic_plan_id:
            # the teacher links the КТП to their own journal, which they cannot edit otherwise
            self.sudo().topic_plan_id = self.env["edu.topic.plan"].create(
                {
                    "name": self.env._(
                        "КТП %(discipline)s, %(group)s",
                        discipline=self.discipline_id.display_name,
                        group=self.group_id.name,
                    ),
                    "discipline_id": self.discipline_id.id,
                    "term_id": self.term_id.id,
                }
            )
        return self.action_open_topic_plan()

    def action_open_topic_plan(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "edu.topic.plan",
            "res_id": self.topic_plan_id.id,
            "view_mode": "form",
        }

    # The journal grid (DESIGN.md §2.1)

    def journal_grid(self, date_from=None, date_to=None):
        """The journal as a matrix, read in a constant number of queries.

        :param date_from: first day (default: the first day of the current
            month in college time, clipped to the term)
        :param date_to: last day (default: the end of that month)
        :return: dict with ``students`` (rows, by surname, with the
            ``member_lesson_ids`` they were in the group for), ``lessons``
            (columns, by date and pair; ``readonly`` and, when the term's lock
            date covers it, ``locked_until``), ``cells``
            (``{"<lesson>:<student>": value}``), per-student ``stats`` of the
            period (month average of 5-point marks, absences, unexcused), the
            ``scales`` (what a cell of each mark scale takes), the period and ``today``
        """
        self.ensure_one()
        # one query that also checks the user may read this journal
        self.fetch(["name", "term_id", "group_id", "subgroup_id", "teacher_id"])
        if self.env.user.share:
            raise AccessError(self.env._("The journal grid is for the college's staff."))
        today = college_today(self.env)
        date_from = date_argument(self.env, date_from, today.replace(day=1))
        date_to = date_argument(self.env, date_to)
        if not date_to:
            next_month = (date_from.replace(day=28) + timedelta(days=4)).replace(day=1)
            date_to = next_month - timedelta(days=1)
        term = self.term_id
        date_from, date_to = max(date_from, term.date_start), min(date_to, term.date_end)
        # the matrix is read as tuples, thousands of cells and no records built: first
        # the lessons, as the user (access rights and record rules as in a search)
        lessons = self.env["edu.lesson"]._read_rows(
            [("assignment_id", "=", self.id), ("date", ">=", date_from), ("date", "<=", date_to)],
            GRID_LESSON,
            order="date, pair_number, id",
        )
        lesson_ids = [lesson[0] for lesson in lessons]
        periods = self._member_periods(date_from, date_to)[self.id]
        students = (
            self.env["edu.student"]
            .sudo()
            .search_fetch(
                [("id", "in", list(periods))], ["name", "record_book_number"], order="name, id"
            )
        )
        # The cells of those lessons. For the college's staff — the grid's only readers —
        # a cell's access rule is its lesson's (ir.model.access.csv, edu_rules.xml), so the
        # cells are read past their own rules, whose joins would scan every lesson of
        # the college, once the user's right to read cells at all is checked
        Entry = self.env["edu.lesson.entry"]
        Entry.browse().check_access("read")
        rows = Entry.sudo()._read_rows([("lesson_id", "in", lesson_ids)], CELL_COLUMNS)
        absentees = {row[1] for row in rows if row[4]}
        excused = (
            self.env["edu.absence.excuse"]._excused_days(
                students.browse(absentees), date_from, date_to
            )
            if absentees
            else {}
        )
        editable = self._grid_editable(today)
        locked_until = term.lock_date
        if locked_until and self.sudo().unlock_ids.filtered("is_active"):
            locked_until = False
        # the cells' values read once: the grid's cells and the rows' figures
        cells = {
            f"{lesson_id}:{student_id}": cell_value(absent, mark)
            for lesson_id, student_id, _day, _id, absent, mark in rows
        }
        stats = self._grid_figures(
            tally_cells(
                [
                    (student_id, student_id, day, entry_id, absent, mark)
                    for _lesson_id, student_id, day, entry_id, absent, mark in rows
                ],
                excused,
            )
        )
        lesson_days = [lesson[1] for lesson in lessons]
        return {
            "assignment": {
                "id": self.id,
                "name": self.name,
                "editable": editable,
            },
            "today": fields.Date.to_string(today),
            "date_from": fields.Date.to_string(date_from),
            "date_to": fields.Date.to_string(date_to),
            "term": {
                "date_start": fields.Date.to_string(term.date_start),
                "date_end": fields.Date.to_string(term.date_end),
            },
            "students": [
                {
                    "id": student.id,
                    "name": student.name,
                    "record_book_number": student.record_book_number,
                    "member_lesson_ids": [
                        lesson_ids[index]
                        for index in period_days(lesson_days, periods.get(student.id, ()))
                    ],
                }
                for student in students
            ],
            "lessons": [
                {
                    "id": lesson_id,
                    "date": fields.Date.to_string(day),
                    "pair_number": pair_number,
                    "topic": topic,
                    "kind": kind,
                    "practical_number": practical_number or 0,
                    "mark_scale": mark_scale,
                    "is_late": bool(is_late),
                    "delay_days": delay_days or 0,
                    "is_substitution": bool(is_substitution),
                    "homework": homework or "",
                    "readonly": not editable or bool(locked_until and day <= locked_until),
                    "locked_until": fields.Date.to_string(locked_until)
                    if locked_until and day <= locked_until
                    else False,
                }
                for (
                    lesson_id,
                    day,
                    pair_number,
                    topic,
                    kind,
                    practical_number,
                    mark_scale,
                    is_late,
                    delay_days,
                    is_substitution,
                    homework,
                ) in lessons
            ],
            "cells": cells,
            "stats": stats,
            # what a cell of each scale takes besides «н», as typed (one owner: MARK_SCALES)
            "scales": {
                scale: [cell_value(False, mark) for mark in marks]
                for scale, marks in MARK_SCALES.items()
            },
            # a key typed in a cell -> the value it stands for (one owner: the cell's parser)
            "keys": self.env["edu.lesson.entry"]._typed_keys(),
        }

    @api.model
    def _grid_figures(self, tallies):
        return {
            str(student_id): {name: tally[name] for name in ("absences", "unexcused", "average")}
            for student_id, tally in tallies.items()
        }

    def _student_results(self, students, date_to):
        """Per student of the journal up to a date: average of 5-point marks,
        share of unexcused absences among the lessons held while a member, and
        whether a 2 is still unresolved (no better mark after it)."""
        self.ensure_one()
        return self._results_by_journal(students, date_to)[self.id]

    def _results_by_journal(self, students, date_to):
        """``_student_results`` of several journals at once, in three queries:
        ``{journal id: {student id: figures}}``."""
        lessons = (
            self.env["edu.lesson"]
            .sudo()
            .search_fetch(
                [("assignment_id", "in", self.ids), ("date", "<=", date_to)],
                ["assignment_id", "date"],
            )
        )
        entries = (
            self.env["edu.lesson.entry"]
            .sudo()
            .search_fetch(
                [("lesson_id", "in", lessons.ids), ("student_id", "in", students.ids)],
                ["student_id", "absent", "mark", "date", "assignment_id"],
                order="date, id",
            )
        )
        members = self._member_periods(min(lessons.mapped("date"), default=date_to), date_to)
        wanted = set(students.ids)
        absent_days = [entry.date for entry in entries if entry.absent]
        excused = (
            self.env["edu.absence.excuse"]._excused_days(
                entries.student_id, min(absent_days), max(absent_days)
            )
            if absent_days
            else {}
        )
        dates, cells = {}, {}
        for lesson in lessons:
            dates.setdefault(lesson.assignment_id.id, []).append(lesson.date)
        for entry in entries:
            cells.setdefault(entry.assignment_id.id, []).append(entry.id)
        results = {}
        for journal in self:
            days = dates.get(journal.id, [])
            held = {
                student_id: sum(
                    1
                    for day in days
                    if any(period_covers(start, end, day) for start, end in periods)
                )
                for student_id, periods in members.get(journal.id, {}).items()
                if student_id in wanted
            }
            figures = {}
            for student_id, tally in (
                entries.browse(cells.get(journal.id, []))._tally(excused=excused).items()
            ):
                lessons_held = held.get(student_id) or len(days) or 1
                figures[student_id] = {
                    "average": tally["average"] or 0.0,
                    "unexcused_share": round(100.0 * tally["unexcused"] / lessons_held, 1),
                    "unresolved_fail": tally["unresolved_fail"],
                }
            results[journal.id] = figures
        return results

    def _may_enter(self, user, day, today):
        """Whether ``user`` enters the lesson of ``day`` in this journal: its teacher,
        or the substitute of that day on that very day (§4.3, §5.3). The one owner of
        «may this user write here»: the grid, the lesson and its cells ask it."""
        self.ensure_one()
        journal = self.sudo()
        if journal.teacher_id == user:
            return True
        return day == today and any(
            sub.substitute_id == user and sub.date == day for sub in journal.substitution_ids
        )

    def _grid_editable(self, today):
        """The journal's own teacher writes in it; a substitute on the day; others read."""
        return self._may_enter(self.env.user, today, today)

    def action_unlock(self):
        """The deputy director reopens this closed journal for a stated reason (rule 9)."""
        self.ensure_one()
        self.env["edu.journal.unlock"].check_access("create")
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Unlock the Journal"),
            "res_model": "edu.journal.unlock",
            "view_mode": "form",
            "views": [(self.env.ref("hexlet_journal.edu_journal_unlock_view_form").id, "form")],
            "target": "new",
            "context": {"default_assignment_id": self.id},
        }

    def action_open_grid(self):
        self.ensure_one()
        return {
            "type": "ir.actions.client",
            "tag": "hexlet_journal.journal_grid",
            "name": self.name,
            "params": {"assignment_id": self.id},
            # kept in the URL: a reload of the page reopens the same journal
            "context": {"active_id": self.id},
        }
