from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from ..tools import college_now, college_today, date_argument, format_day, int_argument
from .edu_lesson_entry import CELL_COLUMNS, MARK_SCALES, cell_value
from .edu_record_mixin import recording_facts
from .edu_schedule_slot import MAX_PAIRS, pair_error
from .edu_topic_plan_line import LESSON_KINDS

TOPIC_MAX = 500
HOMEWORK_MAX = 4000


class EduLesson(models.Model):
    """One conducted class of a journal (§4.3–4.6)."""

    _name = "edu.lesson"
    _description = "Lesson"
    _inherit = ["edu.record.mixin"]
    _create_only = ("assignment_id", "teacher_id", "date", "kind")
    _order = "date desc, pair_number desc, id desc"

    assignment_id = fields.Many2one(
        "edu.teaching.assignment",
        string="Journal",
        required=True,
        index=True,
        ondelete="restrict",
    )
    term_id = fields.Many2one(related="assignment_id.term_id", store=True, index=True)
    group_id = fields.Many2one(related="assignment_id.group_id", store=True, index=True)
    discipline_id = fields.Many2one(related="assignment_id.discipline_id", store=True)
    subgroup_id = fields.Many2one(
        "edu.subgroup",
        compute="_compute_subgroup_id",
        store=True,
        readonly=False,
        precompute=True,
        help="The subgroup the lesson was given to, for a split group (§5.3).",
    )
    date = fields.Date(required=True, index=True, default=lambda self: college_today(self.env))
    pair_number = fields.Integer(string="Pair", required=True, default=1, aggregator=False)
    topic_line_id = fields.Many2one(
        "edu.topic.plan.line",
        string="КТП Topic",
        required=True,
        index=True,
        ondelete="restrict",
        help="The topic of the calendar-thematic plan the lesson covers (§4.6).",
    )
    topic = fields.Char(
        compute="_compute_topic",
        store=True,
        readonly=False,
        precompute=True,
        required=True,
        help="Тема занятия: from the КТП, its wording may be adjusted.",
    )
    kind = fields.Selection(
        LESSON_KINDS,
        string="Lesson Kind",
        compute="_compute_kind",
        store=True,
        readonly=False,
        precompute=True,
        required=True,
    )
    mark_scale = fields.Selection(
        [("five", "5-point"), ("pass_fail", "Pass / fail"), ("none", "No marks")],
        compute="_compute_mark_scale",
        store=True,
        readonly=False,
        precompute=True,
        required=True,
        help="Marks the lesson takes: 5–2, or зач/незач for pass/fail work, or none.",
    )
    hours = fields.Float(
        compute="_compute_hours",
        store=True,
        precompute=True,
        help="The hours of the lesson's КТП topic: what «hours given» counts.",
    )
    practical_number = fields.Integer(
        readonly=True,
        copy=False,
        help="ПЗ №N: the number of the practical lesson in the journal (§4.5), given in date "
        "order when lessons are entered (see _renumber_practicals).",
    )
    practical_label = fields.Char(compute="_compute_practical_label", string="ПЗ")
    homework = fields.Text()
    planned_teacher_id = fields.Many2one(
        "res.users",
        readonly=True,
        help="The journal's teacher at the time the lesson was entered.",
    )
    teacher_id = fields.Many2one(
        "res.users",
        required=True,
        index=True,
        default=lambda self: self.env.user,
        help="Who actually gave the lesson.",
    )
    is_substitution = fields.Boolean(
        readonly=True,
        help="Given by a substitute (замена); recorded when the lesson is entered (§4.3).",
    )
    entered_at = fields.Datetime(readonly=True, index=True)
    entered_by_id = fields.Many2one("res.users", readonly=True)
    is_late = fields.Boolean(
        string="Entered Late", compute="_compute_delay", store=True, index=True
    )
    delay_days = fields.Integer(
        string="Delay (days)",
        compute="_compute_delay",
        store=True,
        help="Days between the lesson and its entry, in college time.",
    )
    state = fields.Selection(
        [("draft", "Not Entered"), ("done", "Entered")],
        default="done",
        required=True,
        readonly=True,
    )
    entry_ids = fields.One2many("edu.lesson.entry", "lesson_id", string="Cells")
    log_ids = fields.One2many("edu.lesson.entry.log", "lesson_id", string="Changes")
    is_locked = fields.Boolean(compute="_compute_is_locked", string="Locked")
    ktp_used_up = fields.Boolean(
        compute="_compute_ktp_used_up",
        help="Every topic of the journal's КТП has been given: the academic department extends it.",
    )
    ktp_not_approved = fields.Boolean(
        string="No Approved КТП",
        compute="_compute_ktp_used_up",
        help="The journal has no approved КТП yet: its lessons cannot take a topic.",
    )
    is_past_day = fields.Boolean(
        compute="_compute_is_past_day",
        help="The lesson's day is over: a change now is a late change the curator sees.",
    )

    _date_pair_idx = models.Index("(assignment_id, date, pair_number)")

    @api.depends("assignment_id")
    def _compute_subgroup_id(self):
        for lesson in self:
            lesson.subgroup_id = lesson.assignment_id.subgroup_id

    @api.depends("topic_line_id")
    def _compute_topic(self):
        for lesson in self:
            lesson.topic = lesson.topic_line_id.topic

    @api.depends("topic_line_id")
    def _compute_kind(self):
        for lesson in self:
            lesson.kind = lesson.topic_line_id.kind or "theory"

    @api.depends("topic_line_id")
    def _compute_hours(self):
        for lesson in self:
            lesson.hours = lesson.topic_line_id.hours or 2.0

    @api.depends("kind")
    def _compute_mark_scale(self):
        for lesson in self:
            lesson.mark_scale = {"consultation": "none", "lab": "pass_fail"}.get(
                lesson.kind, "five"
            )

    def _renumber_practicals(self, assignments=None):
        """Number the practical lessons of these lessons' journals «ПЗ №N» in date order.

        One set-based statement; only lessons whose number changes are touched, so
        inserting a lesson renumbers the lessons after it and never a locked one
        before it (a lesson dated before a locked lesson is locked itself).
        """
        assignments = assignments if assignments is not None else self.assignment_id
        if not assignments:
            return
        self.env["edu.lesson"].flush_model(["assignment_id", "kind", "date", "pair_number"])
        self.env.cr.execute(
            """
            WITH numbered AS (
                SELECT id,
                       CASE WHEN kind = 'practical' THEN
                           row_number() OVER (PARTITION BY assignment_id, kind = 'practical'
                                              ORDER BY date, pair_number, id)
                       ELSE 0 END AS number
                  FROM edu_lesson
                 WHERE assignment_id IN %s
            )
            UPDATE edu_lesson lesson
               SET practical_number = numbered.number
              FROM numbered
             WHERE lesson.id = numbered.id
               AND lesson.practical_number IS DISTINCT FROM numbered.number
            """,
            (tuple(assignments.ids),),
        )
        self.env["edu.lesson"].invalidate_model(["practical_number", "practical_label"])

    @api.depends("practical_number")
    def _compute_practical_label(self):
        for lesson in self:
            lesson.practical_label = (
                self.env._("ПЗ №%(number)s", number=lesson.practical_number)
                if lesson.practical_number
                else False
            )

    @api.depends("entered_at", "date")
    def _compute_delay(self):
        for lesson in self:
            if lesson.entered_at and lesson.date:
                entered_on = college_now(self.env, lesson.entered_at).date()
                lesson.delay_days = max((entered_on - lesson.date).days, 0)
            else:
                lesson.delay_days = 0
            lesson.is_late = lesson.delay_days > 0

    @api.depends(
        "date", "term_id.lock_date", "term_id.year_id.state", "assignment_id.unlock_ids.valid_until"
    )
    def _compute_is_locked(self):
        for lesson in self:
            lesson.is_locked = lesson._is_locked()

    @api.depends("topic", "date", "assignment_id")
    def _compute_display_name(self):
        for lesson in self:
            label = f"{lesson.practical_label}. " if lesson.practical_label else ""
            lesson.display_name = (
                f"{format_day(self.env, lesson.date)} · {label}{lesson.topic or ''}"
            )

    @api.depends("assignment_id")
    def _compute_ktp_used_up(self):
        for lesson in self:
            assignment = lesson.assignment_id.sudo()
            approved = assignment.topic_plan_id.state == "approved"
            lesson.ktp_not_approved = bool(assignment) and not approved
            lesson.ktp_used_up = approved and not assignment._uncovered_topic_lines()

    @api.depends("date")
    @api.depends_context("uid")
    def _compute_is_past_day(self):
        today = college_today(self.env)
        for lesson in self:
            lesson.is_past_day = bool(lesson.id and lesson.date and lesson.date < today)

    # Rules

    def _is_locked(self):
        self.ensure_one()
        if self.term_id.year_state == "archived":
            return True
        lock_date = self.term_id.lock_date
        if not lock_date or self.date > lock_date:
            return False
        now = fields.Datetime.now()
        return not any(unlock.valid_until > now for unlock in self.assignment_id.sudo().unlock_ids)

    def _check_editable(self):
        """After the term's lock date nothing changes, unless unlocked (rule 9)."""
        for lesson in self:
            if lesson.term_id.year_state == "archived":
                raise UserError(
                    self.env._(
                        "The academic year %(year)s is archived: its journals are read-only.",
                        year=lesson.term_id.year_id.name,
                    )
                )
            if lesson._is_locked():
                raise UserError(
                    self.env._(
                        "The journal %(journal)s is closed up to %(lock)s: the lesson of %(date)s "
                        "(«%(topic)s») cannot change. The deputy director can unlock the journal "
                        "for a stated reason.",
                        journal=lesson.assignment_id.sudo().name,
                        lock=format_day(self.env, lesson.term_id.lock_date),
                        date=format_day(self.env, lesson.date),
                        topic=lesson.topic,
                    )
                )

    def _scale_error(self, value):
        self.ensure_one()
        scale = dict(self._fields["mark_scale"]._description_selection(self.env))[self.mark_scale]
        return self.env._(
            "«%(value)s» does not fit the lesson's scale (%(scale)s): the allowed values are "
            "%(allowed)s.",
            value=value,
            scale=scale,
            allowed=", ".join(
                ["«н»"] + [cell_value(False, mark) for mark in MARK_SCALES[self.mark_scale]]
            ),
        )

    @api.constrains("topic", "homework")
    def _check_text_lengths(self):
        for lesson in self:
            if len(lesson.topic or "") > TOPIC_MAX or len(lesson.homework or "") > HOMEWORK_MAX:
                raise ValidationError(
                    self.env._(
                        "A topic is at most %(topic)s characters and homework at most "
                        "%(homework)s.",
                        topic=TOPIC_MAX,
                        homework=HOMEWORK_MAX,
                    )
                )

    @api.constrains("topic_line_id")
    def _check_ktp_approved(self):
        """A lesson takes its topic from an approved КТП (issue 11): checked when the
        topic is chosen, on every path; a lesson already given is a fact and is not
        checked again when something else of it changes."""
        for lesson in self:
            plan = lesson.topic_line_id.sudo().plan_id
            if plan and plan.state != "approved":
                raise ValidationError(
                    self.env._(
                        "The КТП «%(plan)s» is «%(state)s»: a lesson takes its topic from an "
                        "approved КТП only. The academic department approves the КТП; a "
                        "superseded one is replaced by its revision in force.",
                        plan=plan.display_name,
                        state=plan._state_label(),
                    )
                )

    @api.constrains("date", "topic", "topic_line_id", "assignment_id", "pair_number", "subgroup_id")
    def _check_lesson(self):
        today = college_today(self.env)
        for lesson in self:
            if lesson.date > today:
                raise ValidationError(
                    self.env._(
                        "A lesson cannot be entered in advance (§4.6): %(date)s is after today "
                        "(%(today)s).",
                        date=format_day(self.env, lesson.date),
                        today=format_day(self.env, today),
                    )
                )
            term = lesson.term_id
            if not term.date_start <= lesson.date <= term.date_end:
                raise ValidationError(
                    self.env._(
                        "The lesson of %(date)s is outside the journal's term (%(start)s – "
                        "%(end)s).",
                        date=format_day(self.env, lesson.date),
                        start=format_day(self.env, term.date_start),
                        end=format_day(self.env, term.date_end),
                    )
                )
            if not (lesson.topic or "").strip():
                raise ValidationError(
                    self.env._("A lesson needs its topic from the КТП (§4.6); it cannot be empty.")
                )
            plan = lesson.assignment_id.topic_plan_id
            if lesson.topic_line_id.plan_id != plan:
                raise ValidationError(
                    self.env._(
                        "The topic «%(topic)s» is not in the КТП of this journal.",
                        topic=lesson.topic_line_id.topic,
                    )
                )
            if error := pair_error(self.env, lesson.pair_number):
                raise ValidationError(error)
            if lesson.subgroup_id and lesson.subgroup_id.group_id != lesson.group_id:
                raise ValidationError(self.env._("The subgroup is not of the journal's group."))

    def _check_teacher_may_enter(self):
        """Who may enter a lesson: the journal's teacher, or the substitute on the
        day of the substitution (§4.3, §5.3) — on every path (grid, form, cells by
        RPC). Nobody else writes a teacher's journal, the journal administrator
        included: corrections go through the teacher with the deputy's unlock."""
        user = self.env.user
        if self.env.su:
            return
        today = college_today(self.env)
        for lesson in self:
            if not lesson.assignment_id._may_enter(user, lesson.date, today):
                raise UserError(
                    self.env._(
                        "Only the journal's teacher enters its lessons; a substitute enters the "
                        "lesson on the day of the substitution only."
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        now = fields.Datetime.now()
        for vals in vals_list:
            self._check_guarded_vals(vals, creating=True)
            if not vals.get("topic_line_id"):
                raise ValidationError(
                    self.env._("A lesson needs its topic from the КТП (§4.6): choose the КТП line.")
                )
            assignment = (
                self.env["edu.teaching.assignment"].sudo().browse(vals.get("assignment_id"))
            )
            if self.env.su:
                vals.setdefault("teacher_id", self.env.uid)
                vals.setdefault("entered_at", now)
                vals.setdefault("entered_by_id", self.env.uid)
            else:
                # who gave and entered the lesson, and when, are facts: never typed in
                if vals.get("teacher_id", self.env.uid) != self.env.uid:
                    raise UserError(
                        self.env._(
                            "A lesson is entered by the teacher who gives it: it cannot be "
                            "entered in another teacher's name."
                        )
                    )
                vals.update(teacher_id=self.env.uid, entered_at=now, entered_by_id=self.env.uid)
            vals["planned_teacher_id"] = assignment.teacher_id.id
            vals["is_substitution"] = bool(
                assignment.teacher_id and vals["teacher_id"] != assignment.teacher_id.id
            )
        with recording_facts():
            lessons = super().create(vals_list)
        lessons._check_teacher_may_enter()
        lessons._check_editable()
        lessons._check_topic_not_repeated()
        lessons._complete_class_list()
        lessons._renumber_practicals()
        return lessons

    def copy(self, default=None):  # pylint: disable=method-required-super
        raise UserError(
            self.env._(
                "A lesson cannot be duplicated: enter each lesson on its day from «Today» or the "
                "journal."
            )
        )

    def write(self, vals):
        self.check_access("write")
        self._check_guarded_vals(vals)
        self._check_editable()
        self._check_teacher_may_enter()
        res = super().write(vals)
        if "date" in vals:
            self._check_editable()
        if "topic_line_id" in vals:
            self._check_topic_not_repeated()
        if {"kind", "date", "pair_number", "topic_line_id"} & set(vals):
            self._renumber_practicals()
        return res

    @api.ondelete(at_uninstall=False)
    def _unlink_except_locked(self):
        self.check_access("unlink")
        self._check_editable()
        self._check_teacher_may_enter()
        if not self.env.su and self.sudo().entry_ids.filtered(lambda e: e.absent or e.mark):
            raise UserError(
                self.env._(
                    "The lesson of %(date)s has marks or absences: it is not deleted but "
                    "cancelled, with a reason («Cancel Lesson»); its history is kept.",
                    date=format_day(self.env, self[:1].date),
                )
            )

    def action_open_cancel(self):
        self.ensure_one()
        self.check_access("write")
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Cancel a Lesson"),
            "res_model": "edu.lesson.cancel",
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "new",
            "context": {"default_lesson_id": self.id},
        }

    def _cancel(self, reason):
        """Cancel lessons entered by mistake: the reason goes to the journal's history,
        every filled cell leaves its row in the change log, and the lesson goes."""
        if not (reason or "").strip():
            raise UserError(self.env._("State why the lesson is cancelled."))
        self.check_access("unlink")
        self._check_editable()
        self._check_teacher_may_enter()
        for lesson in self:
            lesson.assignment_id.sudo().message_post(
                author_id=self.env.ref("base.partner_root").id,
                body=self.env._(
                    "The lesson of %(date)s, pair %(pair)s («%(topic)s») was cancelled by "
                    "%(user)s: %(reason)s",
                    date=format_day(self.env, lesson.date),
                    pair=lesson.pair_number,
                    topic=lesson.topic,
                    user=self.env.user.name,
                    reason=reason.strip(),
                ),
            )
        # the cells are logged as the teacher who cancels (sudo keeps the user)
        self.sudo().entry_ids.unlink()
        self.sudo().unlink()

    def unlink(self):
        assignments = self.assignment_id
        res = super().unlink()
        self.env["edu.lesson"]._renumber_practicals(assignments)
        return res

    def _check_topic_not_repeated(self):
        """A КТП line is given once per journal: when the КТП is used up the teacher
        asks the academic department to extend it instead of repeating a topic."""
        for lesson in self:
            twin = self.sudo().search(
                [
                    ("assignment_id", "=", lesson.assignment_id.id),
                    ("topic_line_id", "=", lesson.topic_line_id.id),
                    ("id", "!=", lesson.id),
                ],
                limit=1,
            )
            if twin:
                raise ValidationError(
                    self.env._(
                        "The КТП topic «%(topic)s» was already given in this journal on %(date)s. "
                        "Choose the next topic; if the КТП is used up, ask the academic "
                        "department to extend it.",
                        topic=lesson.topic_line_id.topic,
                        date=format_day(self.env, twin.date),
                    )
                )

    def _complete_class_list(self):
        """Every lesson lists the whole class on its date: blank cells mean present."""
        Entry = self.env["edu.lesson.entry"]
        vals_list = []
        for lesson in self:
            students = lesson.assignment_id.sudo()._students_on(lesson.date)
            missing = students - lesson.sudo().entry_ids.student_id
            vals_list += [{"lesson_id": lesson.id, "student_id": student.id} for student in missing]
        if vals_list:
            Entry.create(vals_list)

    # The grid's write side

    def set_cells(self, cells, period=None):
        """Save what the teacher typed in the lesson's column.

        :param cells: list of ``{"student_id": int, "value": str}``; a value is
            ``""`` (clear), ``"н"``, ``"5"``, ``"4"``, ``"3"``, ``"2"``,
            ``"зач"`` or ``"незач"``
        :param period: the grid's ``[date_from, date_to]``: then the answer also
            carries the saved rows' figures of that period, counted by the server
        :return: the saved cells as ``{student_id: value}``, or with ``period``
            ``{"cells": {student_id: value}, "stats": {student_id: figures}}``
        :raises ValidationError: on any other value, naming the allowed ones;
            nothing of the batch is written
        """
        if len(self) != 1:
            raise UserError(self.env._("Cells are saved one lesson at a time."))
        Entry = self.env["edu.lesson.entry"]
        wanted = {}
        for cell in cells or []:
            # type() and not isinstance(): JSON's true is a bool, and a bool is an int
            if not isinstance(cell, dict) or type(cell.get("student_id")) is not int:
                raise ValidationError(
                    self.env._("A cell needs a student (a number) and a value (a text).")
                )
            value = cell.get("value")
            if not isinstance(value, str):
                raise ValidationError(Entry._typed_error(value))
            absent, mark = Entry._parse_typed(value)
            if mark and mark not in MARK_SCALES[self.mark_scale]:
                raise ValidationError(self._scale_error(value))
            wanted[cell["student_id"]] = (absent, mark)
        if not wanted:
            return {"cells": {}, "stats": {}} if period else {}
        self.check_access("write")
        self._check_editable()
        self._check_teacher_may_enter()
        journal = self.assignment_id.sudo()
        Entry._check_lesson_cells(
            self,
            [(student_id, absent, mark) for student_id, (absent, mark) in wanted.items()],
            journal._students_on(self.date).ids,
            college_today(self.env),
        )
        # the lesson's cells of these students, and with a period the journal's cells
        # of them in it, in one read — past a substitute's own lessons: the figures
        # are the journal's (the user may write this lesson, checked above)
        domain = [("lesson_id", "=", self.id), ("student_id", "in", list(wanted))]
        if period:
            date_from, date_to = (fields.Date.to_date(day) for day in period)
            domain = [
                ("assignment_id", "=", journal.id),
                ("student_id", "in", list(wanted)),
                "|",
                ("lesson_id", "=", self.id),
                "&",
                ("date", ">=", date_from),
                ("date", "<=", date_to),
            ]
        rows = Entry.sudo()._read_rows(domain, CELL_COLUMNS)
        existing = {row[1]: row for row in rows if row[0] == self.id}
        changes = []
        for student_id, new in wanted.items():
            row = existing.get(student_id)
            old = (bool(row[4]), row[5] or False) if row else (False, False)
            # a blank cell that does not exist stays so: blank means present
            if new != old and (row or any(new)):
                changes.append((student_id, row[3] if row else None, old, new))
        created = Entry._store_lesson_cells(self, changes) if changes else {}
        saved = {student_id: cell_value(*pair) for student_id, pair in wanted.items()}
        if not period:
            return saved
        # the rows' figures of the period, counted with the values just stored
        figures = [
            (student_id, student_id, day, entry_id, *wanted.get(student_id, (absent, mark)))
            if lesson_id == self.id
            else (student_id, student_id, day, entry_id, absent, mark)
            for lesson_id, student_id, day, entry_id, absent, mark in rows
            if date_from <= day <= date_to
        ]
        if date_from <= self.date <= date_to:
            figures += [
                (student_id, student_id, self.date, entry_id, *wanted[student_id])
                for student_id, entry_id in created.items()
            ]
        return {"cells": saved, "stats": journal._grid_figures(Entry._tally_rows(figures))}

    # The teacher's day

    @api.model
    def get_today_lessons(self, days_back=7):
        """The lessons the schedule asks of the current user today (own journals
        and substitutions), and those of the last days still not entered.

        :return: list of dicts ``{assignment_id, journal, date, pair_number, room,
            lesson_id, state, is_substitution}``; state is ``entered``,
            ``not_entered`` (today) or ``late`` (an earlier day, still missing)
        """
        days_back = int_argument(self.env, days_back, 0, 62, self.env._("The number of days"))
        user = self.env.user
        today = college_today(self.env)
        Slot = self.env["edu.schedule.slot"].sudo()
        substitutions = (
            self.env["edu.substitution"]
            .sudo()
            .search([("substitute_id", "=", user.id), ("date", "=", today)])
        )
        due = Slot._lessons_due_between(today - timedelta(days=days_back), today, teacher=user)
        due += Slot.get_lessons_due(today, assignments=substitutions.assignment_id)
        if not due:
            return []
        lessons = self.sudo().search_fetch(
            [
                ("assignment_id", "in", list({item["assignment"].id for item in due})),
                ("date", ">=", today - timedelta(days=days_back)),
                ("date", "<=", today),
            ],
            ["assignment_id", "date", "pair_number"],
        )
        by_key = {
            (lesson.assignment_id.id, lesson.date, lesson.pair_number): lesson for lesson in lessons
        }
        result = []
        for item in due:
            assignment = item["assignment"]
            lesson = by_key.get((assignment.id, item["date"], item["pair_number"]))
            if lesson:
                state = "entered"
            elif item["date"] == today:
                state = "not_entered"
            else:
                state = "late"
            if item["date"] < today and lesson:
                continue
            result.append(
                {
                    "assignment_id": assignment.id,
                    "journal": assignment.name,
                    "date": fields.Date.to_string(item["date"]),
                    "pair_number": item["pair_number"],
                    "room": item["room"] or "",
                    "lesson_id": lesson.id if lesson else False,
                    "state": state,
                    "is_substitution": assignment.teacher_id != user,
                }
            )
        return sorted(result, key=lambda item: (item["date"], item["pair_number"]))

    @api.model
    def action_enter_lesson(self, assignment_id, date, pair_number):
        """Open the lesson of a slot, or a new one with the next КТП topic."""
        assignment_id = int_argument(self.env, assignment_id, what=self.env._("The journal"))
        date = date_argument(self.env, date)
        if not date:
            raise UserError(self.env._("Give the lesson's date."))
        pair_number = int_argument(self.env, pair_number, 1, MAX_PAIRS, self.env._("The pair"))
        lesson = self.search(
            [
                ("assignment_id", "=", assignment_id),
                ("date", "=", date),
                ("pair_number", "=", pair_number),
            ],
            limit=1,
        )
        action = {
            "type": "ir.actions.act_window",
            "res_model": "edu.lesson",
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "current",
        }
        if lesson:
            return dict(action, res_id=lesson.id)
        assignment = self.env["edu.teaching.assignment"].browse(assignment_id)
        assignment.check_access("read")
        return dict(
            action,
            context={
                "default_assignment_id": assignment.id,
                "default_date": fields.Date.to_string(date),
                "default_pair_number": pair_number,
                "default_topic_line_id": assignment.sudo()._uncovered_topic_lines()[:1].id,
            },
        )

    @api.onchange("assignment_id", "date")
    def _onchange_class_list(self):
        """A new lesson lists the students of the journal on its date."""
        if self.entry_ids or not self.assignment_id or not self.date:
            return
        students = self.assignment_id.sudo()._students_on(self.date)
        self.entry_ids = [
            fields.Command.create({"student_id": student.id}) for student in students.sorted("name")
        ]
