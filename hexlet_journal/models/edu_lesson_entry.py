from operator import itemgetter

from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools.translate import LazyTranslate

from ..tools import college_today, format_day
from .edu_absence_excuse import is_excused

_lt = LazyTranslate(__name__)

ABSENT = "н"
COMMENT_MAX = 300
# What a teacher types in a cell -> (absent, mark)
TYPED_VALUES = {
    "": (False, False),
    ABSENT: (True, False),
    "5": (False, "5"),
    "4": (False, "4"),
    "3": (False, "3"),
    "2": (False, "2"),
    "зач": (False, "pass"),
    "незач": (False, "fail"),
}
# Keys that stand for a value on a keyboard (the grid and the lesson form):
# «y» is the key of «н» on a Russian layout.
KEY_ALIASES = {"y": "н", "Y": "н", "Н": "н", "+": "зач", "-": "незач"}
ALLOWED_TYPED = _lt("«н», 5, 4, 3, 2, «зач», «незач» or an empty cell")
MARKS = [("5", "5"), ("4", "4"), ("3", "3"), ("2", "2"), ("pass", "Pass"), ("fail", "Fail")]
# a cell as the grid and its saves read it: the rows of tally_cells, keyed by lesson
CELL_COLUMNS = ("lesson_id", "student_id", "date", "id", "absent", "mark")
MARK_SCALES = {
    "five": ("5", "4", "3", "2"),
    "pass_fail": ("pass", "fail"),
    "none": (),
}


# how a pass/fail mark shows in a cell
SHOWN_MARKS = {"pass": "зач", "fail": "незач"}


def cell_value(absent, mark):
    """What the journal shows in a cell: «н», a mark, «зач»/«незач» or nothing."""
    if absent:
        return ABSENT
    return SHOWN_MARKS.get(mark, mark or "")


def tally_cells(rows, excused):
    """How the journal counts cells: the one owner of the counting, asked by the
    grid, the curator's weekly check, the statement's admission data, the
    metrics, the portal and the letters to families.

    :param rows: ``(key, student_id, date, id, absent, mark)`` per cell
    :param excused: ``edu.absence.excuse._excused_days`` of those students and days
    :return: ``{key: {"absences", "unexcused", "marks", "average", "failing",
        "unresolved_fail"}}`` where ``marks`` counts 5-point marks, ``average``
        is their mean (``None`` without marks), ``failing`` counts 2s and
        «незач», and ``unresolved_fail`` tells a failing mark not followed by a
        better one (cells in date order)
    """
    tallies, sums = {}, {}
    five = MARK_SCALES["five"]
    for key, student_id, day, _id, absent, mark in sorted(rows, key=itemgetter(2, 3)):
        tally = tallies.get(key)
        if tally is None:
            tally = tallies[key] = {
                "absences": 0,
                "unexcused": 0,
                "marks": 0,
                "average": None,
                "failing": 0,
                "unresolved_fail": False,
            }
        if absent:
            tally["absences"] += 1
            if not is_excused(excused, student_id, day):
                tally["unexcused"] += 1
        elif mark:
            failing = mark in ("2", "fail")
            tally["failing"] += failing
            tally["unresolved_fail"] = failing
            if mark in five:
                tally["marks"] += 1
                sums[key] = sums.get(key, 0) + int(mark)
    for key, total in sums.items():
        tallies[key]["average"] = round(total / tallies[key]["marks"], 2)
    return tallies


class EduLessonEntry(models.Model):
    """One cell of the journal: a student at a lesson.

    A blank cell means present, so the teacher only types the absentees
    (§4.4: «н» and no other letter).
    """

    _name = "edu.lesson.entry"
    _description = "Journal Cell"
    _inherit = ["edu.record.mixin"]
    _create_only = ("lesson_id", "student_id")
    _order = "lesson_id, student_id"

    lesson_id = fields.Many2one("edu.lesson", required=True, index=True, ondelete="cascade")
    student_id = fields.Many2one("edu.student", required=True, index=True)
    absent = fields.Boolean(help="Отсутствовал: shown as «н».")
    mark = fields.Selection(MARKS)
    comment = fields.Char()
    value = fields.Char(
        string="Cell",
        compute="_compute_value",
        inverse="_inverse_value",
        help="The cell as the journal shows it and as the teacher types it: «н», 5, 4, 3, 2, "
        "зач, незач (keys: y for «н», + for зач, - for незач).",
    )
    date = fields.Date(related="lesson_id.date", store=True, index=True)
    # indexed with the date (``_assignment_date_idx``): a period of many journals
    assignment_id = fields.Many2one(related="lesson_id.assignment_id", store=True)

    _lesson_student_uniq = models.UniqueIndex(
        "(lesson_id, student_id)",
        lambda env, diag: env._("A student has one cell per lesson."),
    )
    # the cells of a period of journals (inspections, figures) without reading
    # their whole terms; it serves the lookups by journal alone too
    _assignment_date_idx = models.Index("(assignment_id, date)")
    _absent_or_mark = models.Constraint(
        "CHECK (NOT (absent AND mark IS NOT NULL))",
        lambda env, diag: env._("An absent student («н») cannot get a mark."),
    )

    @api.depends("absent", "mark")
    def _compute_value(self):
        for entry in self:
            entry.value = cell_value(entry.absent, entry.mark)

    def _inverse_value(self):
        for entry in self:
            entry.write({"value": entry.value})

    @api.onchange("value")
    def _onchange_value(self):
        """The lesson form takes the grid's keys: y → «н», + → зач, - → незач."""
        typed = self.value or ""
        value = KEY_ALIASES.get(typed, typed)
        if value not in TYPED_VALUES:
            self.value = cell_value(self._origin.absent, self._origin.mark)
            return {
                "warning": {
                    "title": self.env._("Not a journal value"),
                    "message": self._typed_error(typed),
                }
            }
        self.value = value
        return None

    def _tally(self, key=None, excused=None):
        """How the journal counts these cells, per key (the student by default):
        the cells' values read once, counted by ``tally_cells``.

        ``excused`` is ``edu.absence.excuse._excused_days`` of the cells'
        students and dates, read here when not given.
        """
        key = key or (lambda entry: entry.student_id.id)
        rows = [
            (key(entry), entry.student_id.id, entry.date, entry.id, entry.absent, entry.mark)
            for entry in self
        ]
        return self._tally_rows(rows, excused)

    @api.model
    def _tally_rows(self, rows, excused=None):
        """``tally_cells`` of rows ``(key, student_id, date, id, absent, mark)``, with
        the excuses of their absences read when ``excused`` is not given (one query,
        none without absences)."""
        if excused is None:
            days = [row[2] for row in rows if row[4]]
            students = self.env["edu.student"].browse({row[1] for row in rows if row[4]})
            excused = (
                self.env["edu.absence.excuse"]._excused_days(students, min(days), max(days))
                if days
                else {}
            )
        return tally_cells(rows, excused)

    @api.model
    def _typed_keys(self):
        """Single keys a teacher types in a cell -> the value they stand for."""
        keys = {value: value for value in TYPED_VALUES if len(value) == 1}
        keys.update(KEY_ALIASES)
        return keys

    @api.model
    def _parse_typed(self, value):
        """What a teacher typed → ``(absent, mark)``; the one owner of the typed values."""
        if value is None or value is False:
            value = ""
        if not isinstance(value, str) or value not in TYPED_VALUES:
            raise ValidationError(self._typed_error(value))
        return TYPED_VALUES[value]

    @api.model
    def _typed_error(self, value):
        """The one message for a value that cannot be typed in the journal."""
        return self.env._(
            "«%(value)s» cannot be typed in the journal: use %(allowed)s.",
            value=value,
            allowed=self.env._(ALLOWED_TYPED),
        )

    @api.model
    def _parse_absent(self, value):
        """Accept only «н» (or an explicit boolean) for attendance, on every path."""
        if isinstance(value, bool) or value is None:
            return bool(value)
        if value in (ABSENT, ""):
            return value == ABSENT
        raise ValidationError(
            self.env._(
                "«%(value)s» is not an attendance mark: only «н» (absent) is allowed, an empty "
                "cell means present.",
                value=value,
            )
        )

    @api.model
    def _parse_mark(self, value):
        if value in (False, None, ""):
            return False
        typed = TYPED_VALUES.get(value) if isinstance(value, str) else None
        if typed and typed[1]:
            return typed[1]
        if isinstance(value, str) and value in dict(MARKS):
            return value
        raise ValidationError(
            self.env._(
                "«%(value)s» is not a mark: use 5, 4, 3, 2, or зач / незач for pass/fail work.",
                value=value,
            )
        )

    def _normalize_vals(self, vals):
        if "value" in vals:
            vals["absent"], vals["mark"] = self._parse_typed(vals.pop("value"))
        if "absent" in vals:
            vals["absent"] = self._parse_absent(vals["absent"])
        if "mark" in vals:
            vals["mark"] = self._parse_mark(vals["mark"])
        return vals

    @api.model_create_multi
    def create(self, vals_list):
        vals_list = [self._normalize_vals(dict(vals)) for vals in vals_list]
        for vals in vals_list:
            # before the lookup below reads them: ids of the right type, no facts
            self._check_guarded_vals(vals, creating=True)
        # every lesson lists its whole class with blank cells: creating the cell of a
        # student who has one fills that cell (imports and RPC keep working)
        keys = {
            (vals.get("lesson_id"), vals.get("student_id"))
            for vals in vals_list
            if vals.get("lesson_id") and vals.get("student_id")
        }
        existing = {}
        if keys:
            for entry in self.search_fetch(
                [
                    ("lesson_id", "in", list({key[0] for key in keys})),
                    ("student_id", "in", list({key[1] for key in keys})),
                ],
                ["lesson_id", "student_id"],
            ):
                existing[(entry.lesson_id.id, entry.student_id.id)] = entry
        filled = self.browse()
        new_vals = []
        for vals in vals_list:
            entry = existing.get((vals.get("lesson_id"), vals.get("student_id")))
            if entry:
                entry.write({k: v for k, v in vals.items() if k not in ("lesson_id", "student_id")})
                filled |= entry
            else:
                new_vals.append(vals)
        if not new_vals:
            return filled
        vals_list = new_vals
        entries = super().create(vals_list)
        entries.lesson_id._check_editable()
        entries.lesson_id._check_teacher_may_enter()
        entries._check_entries()
        entries._log_changes({}, created=True)
        return filled | entries if filled else entries

    def write(self, vals):
        vals = self._normalize_vals(dict(vals))
        self.check_access("write")
        self.lesson_id._check_editable()
        self.lesson_id._check_teacher_may_enter()
        old = {entry.id: (entry.absent, entry.mark) for entry in self}
        res = super().write(vals)
        if {"absent", "mark", "student_id", "lesson_id"} & set(vals):
            self.lesson_id._check_editable()
            self._check_entries()
            self._log_changes(old)
        return res

    @api.ondelete(at_uninstall=False)
    def _unlink_except_locked(self):
        self.check_access("unlink")
        self.lesson_id._check_editable()
        self.lesson_id._check_teacher_may_enter()

    def unlink(self):
        """A deleted cell with a value leaves its row in the history."""
        old = {entry.id: (entry.absent, entry.mark) for entry in self if entry.absent or entry.mark}
        filled = self.filtered(lambda entry: entry.id in old)
        # the rows are written before the cells go (they name the lesson and student)
        filled._log_changes({entry.id: old[entry.id] for entry in filled}, deleted=True)
        return super().unlink()

    @api.constrains("comment")
    def _check_comment_length(self):
        if any(len(entry.comment or "") > COMMENT_MAX for entry in self):
            raise ValidationError(
                self.env._("A cell's comment is at most %(max)s characters.", max=COMMENT_MAX)
            )

    def _check_entries(self):
        """Rules of a cell (``_check_lesson_cells``), for these cells, lesson by lesson."""
        today = college_today(self.env)
        by_lesson = {}
        for entry in self:
            by_lesson.setdefault(entry.lesson_id, []).append(
                (entry.student_id.id, entry.absent, entry.mark)
            )
        members = {}
        for lesson, cells in by_lesson.items():
            key = (lesson.assignment_id.id, lesson.date)
            if key not in members:
                members[key] = set(lesson.assignment_id.sudo()._students_on(lesson.date).ids)
            self._check_lesson_cells(lesson, cells, members[key], today)

    @api.model
    def _check_lesson_cells(self, lesson, cells, members, today):
        """The one owner of the rules of a lesson's cells, asked before anything is
        stored by ``set_cells`` and after a write or create of cells: nothing before the
        lesson's day, absent excludes a mark, the marks of the lesson's scale, and only
        the students who were members of the journal on its date.

        :param cells: ``[(student_id, absent, mark)]``
        :param members: ids of the journal's students on the lesson's date
        """
        if lesson.date > today:
            raise ValidationError(
                self.env._(
                    "The lesson of %(date)s has not taken place yet: its cells cannot be "
                    "filled in advance.",
                    date=format_day(self.env, lesson.date),
                )
            )
        Student = self.env["edu.student"].sudo()
        for student_id, absent, mark in cells:
            if absent and mark:
                raise ValidationError(
                    self.env._(
                        "%(student)s is marked absent («н») and cannot get a mark.",
                        student=Student.browse(student_id).name,
                    )
                )
            if mark and mark not in MARK_SCALES[lesson.mark_scale]:
                raise ValidationError(lesson._scale_error(cell_value(False, mark)))
        strangers = {student_id for student_id, _absent, _mark in cells} - set(members)
        if strangers:
            known = Student.browse(sorted(strangers)).exists()
            raise ValidationError(
                self.env._(
                    "%(student)s was not in %(group)s on %(date)s.",
                    student=", ".join(known.mapped("name"))
                    or self.env._("Student %(id)s", id=min(strangers)),
                    group=lesson.subgroup_id.display_name or lesson.group_id.name,
                    date=format_day(self.env, lesson.date),
                )
            )

    @api.model
    def _store_lesson_cells(self, lesson, changes):
        """Store the changed cells of one lesson that ``set_cells`` has checked (the
        lesson may be written by the user, is open, is entered by the user; the
        students, values and day pass ``_check_lesson_cells``) — and the cells' own
        access rule, checked here for the cells that exist: the changed cells written
        per value (one UPDATE when flushed), the missing ones created in one INSERT,
        every change logged in one INSERT.

        :param changes: ``[(student_id, entry_id or None, old, new)]`` where ``old``
            and ``new`` are ``(absent, mark)``
        :return: the created cells' ids by student
        """
        by_value, to_create = {}, []
        for student_id, entry_id, _old, (absent, mark) in changes:
            if entry_id:
                by_value.setdefault((absent, mark), []).append(entry_id)
            else:
                to_create.append(
                    {
                        "lesson_id": lesson.id,
                        "student_id": student_id,
                        "absent": absent,
                        "mark": mark,
                    }
                )
        written = [entry_id for ids in by_value.values() for entry_id in ids]
        if written:
            # the cells' own record rules, once for all of them; then written past the
            # per-call checks of write() that set_cells has made for the whole batch
            self.browse(written).check_access("write")
        Entry = self.sudo()
        for (absent, mark), ids in by_value.items():
            super(EduLessonEntry, Entry.browse(ids)).write({"absent": absent, "mark": mark})
        created = {}
        if to_create:
            self.check_access("create")
            new = super(EduLessonEntry, Entry).create(to_create)
            # a new cell's record rule, as the user (sudo created it)
            new.with_env(self.env).check_access("create")
            created = {
                vals["student_id"]: entry.id for vals, entry in zip(to_create, new, strict=True)
            }
        self._log_values(
            [
                (lesson, student_id, cell_value(*old), cell_value(*new))
                for student_id, _entry_id, old, new in changes
            ]
        )
        return created

    def _log_changes(self, old, created=False, deleted=False):
        """Keep who changed which cell, when, from what to what (one INSERT)."""
        changes = []
        for entry in self:
            before = cell_value(*old[entry.id]) if entry.id in old else ""
            after = "" if deleted else cell_value(entry.absent, entry.mark)
            if before != after or (created and after):
                changes.append((entry.lesson_id, entry.student_id.id, before, after))
        self._log_values(changes, deleted=deleted)

    @api.model
    def _log_values(self, changes, deleted=False):
        """The one writer of the change log: a row per ``(lesson, student_id, before,
        after)`` — by whom, when, after the lesson's day or on it — in one INSERT."""
        now = fields.Datetime.now()
        today = college_today(self.env)
        logs = [
            {
                "lesson_id": lesson.id,
                "assignment_id": lesson.assignment_id.id,
                "group_id": lesson.group_id.id,
                "lesson_date": lesson.date,
                "student_id": student_id,
                "user_id": self.env.uid,
                "changed_at": now,
                "old_value": before,
                "new_value": after,
                "after_lesson_day": today > lesson.date,
                "lesson_deleted": deleted,
            }
            for lesson, student_id, before, after in changes
        ]
        if logs:
            self.env["edu.lesson.entry.log"].sudo().create(logs)

    @api.model
    def load(self, fields_list, data):
        """Imports go through the same «н»-only and mark-scale rules as the grid."""
        if "absent" in fields_list:
            index = fields_list.index("absent")
            for row in data:
                row[index] = "1" if self._parse_absent((row[index] or "").strip()) else "0"
        if "mark" in fields_list:
            index = fields_list.index("mark")
            for row in data:
                row[index] = self._parse_mark((row[index] or "").strip()) or ""
        return super().load(fields_list, data)
