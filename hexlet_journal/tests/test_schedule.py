import base64
from datetime import timedelta

from odoo import fields
from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged

from .common import JournalCase


@tagged("post_install", "-at_install")
class TestSchedule(JournalCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Slot = cls.env["edu.schedule.slot"]
        # the Monday of the term's second full week
        start = cls.term.date_start
        cls.monday = start + timedelta(days=(7 - start.weekday()) % 7 + 7)
        if cls.monday + timedelta(days=14) > cls.term.date_end:
            cls.monday = start - timedelta(days=start.weekday()) + timedelta(days=7)

    def _slot(self, assignment=None, **vals):
        return self.Slot.create(
            {
                "assignment_id": (assignment or self.assignment_a).id,
                "weekday": "0",
                "pair_number": 1,
                **vals,
            }
        )

    def test_weekly_slot_due(self):
        slot = self._slot(room="205")
        self.assertEqual(slot.date_from, self.term.date_start)
        due = self.Slot.get_lessons_due(self.monday, teacher=self.teacher_a)
        self.assertEqual([item["slot"] for item in due], [slot])
        self.assertEqual(due[0]["room"], "205")
        self.assertFalse(
            self.Slot.get_lessons_due(self.monday + timedelta(days=1), teacher=self.teacher_a)
        )
        self.assertFalse(self.Slot.get_lessons_due(self.monday, teacher=self.teacher_b))

    def test_week_parity(self):
        odd = self._slot(week_parity="odd")
        even = self._slot(week_parity="even")
        due_now = {item["slot"] for item in self.Slot.get_lessons_due(self.monday)} & {odd, even}
        due_next = {
            item["slot"] for item in self.Slot.get_lessons_due(self.monday + timedelta(days=7))
        } & {odd, even}
        self.assertEqual(len(due_now), 1)
        self.assertEqual(len(due_next), 1)
        self.assertNotEqual(due_now, due_next)

    def test_dated_slot(self):
        day = self.monday + timedelta(days=2)
        slot = self.Slot.create(
            {
                "assignment_id": self.assignment_a.id,
                "slot_type": "dated",
                "date": day,
                "pair_number": 4,
            }
        )
        self.assertEqual((slot.date_from, slot.date_to), (day, day))
        due = self.Slot.get_lessons_due(day, assignments=self.assignment_a)
        self.assertEqual([item["pair_number"] for item in due], [4])

    def test_slot_outside_term(self):
        with self.assertRaisesRegex(ValidationError, "inside the term"):
            self.Slot.create(
                {
                    "assignment_id": self.assignment_a.id,
                    "slot_type": "dated",
                    "date": self.term.date_end + timedelta(days=1),
                    "pair_number": 1,
                }
            )

    def test_bad_pair_and_missing_day(self):
        with self.assertRaisesRegex(ValidationError, "from 1 to 8"):
            self._slot(pair_number=9)
        with self.assertRaisesRegex(ValidationError, "needs a day of the week"):
            self._slot(weekday=False)

    def test_group_conflict(self):
        self._slot()
        with self.assertRaisesRegex(ValidationError, "already has"):
            assignment = self.env["edu.teaching.assignment"].create(
                {
                    "term_id": self.term.id,
                    "group_id": self.group_a.id,
                    "discipline_id": self.discipline_db.id,
                    "teacher_id": self.teacher_b.id,
                }
            )
            self._slot(assignment)

    def test_teacher_conflict(self):
        self._slot()
        with self.assertRaisesRegex(ValidationError, "already teaches"):
            assignment = self.env["edu.teaching.assignment"].create(
                {
                    "term_id": self.term.id,
                    "group_id": self.group_b.id,
                    "discipline_id": self.discipline_db.id,
                    "teacher_id": self.teacher_a.id,
                }
            )
            self._slot(assignment)

    def test_split_group_same_pair(self):
        first, second = self.split_journals()
        self._slot(first, pair_number=3)
        self._slot(second, pair_number=3)
        self.assertEqual(len(self.Slot.get_lessons_due(self.monday, assignments=first | second)), 2)

    def _schedule_import(self, content):
        return (
            self.env["edu.schedule.import"]
            .with_user(self.head)
            .create(
                {
                    "term_id": self.term.id,
                    "file": base64.b64encode(content.encode()),
                    "filename": "schedule.csv",
                }
            )
        )

    def test_import_schedule(self):
        day = (self.monday + timedelta(days=3)).strftime("%d.%m.%Y")
        wizard = self._schedule_import(
            "Группа;Дисциплина;Подгруппа;День;Пара;Неделя;Аудитория\n"
            "Т-ИСП-1;Т.ОП.04;;Вт;2;все;205\n"
            "Т-ИСП-2;Т.ОП.04;;среда;3;нечёт;207\n"
            f"Т-ИСП-1;Т.ОП.04;;{day};5;;301\n"
        )
        self.assertFalse(wizard.errors)
        action = wizard.action_import()
        # the web client loads every view of the action it is given: each must exist
        self.env[action["res_model"]].with_user(self.head).get_views(
            [(False, mode) for mode in action["view_mode"].split(",")]
        )
        slots = self.Slot.search(
            [("assignment_id", "in", (self.assignment_a | self.assignment_b).ids)]
        )
        self.assertEqual(len(slots), 3)
        self.assertEqual(sorted(slots.mapped("room")), ["205", "207", "301"])
        self.assertEqual(slots.filtered(lambda slot: slot.room == "207").week_parity, "odd")

    def test_import_schedule_errors(self):
        wizard = self._schedule_import(
            "Группа;Дисциплина;Подгруппа;День;Пара;Неделя;Аудитория\n"
            "Т-ИСП-1;Т.ОП.04;;Вт;2;все;205\n"
            "Т-ИСП-7;Т.ОП.04;;Вт;2;все;205\n"
            "Т-ИСП-1;Т.ОП.99;;Вт;2;все;205\n"
            "Т-ИСП-1;Т.ОП.04;;Someday;x;каждую вторую;205\n"
        )
        self.assertIn("Line 3: unknown group «Т-ИСП-7»", wizard.errors)
        self.assertIn("Line 4: unknown discipline code «Т.ОП.99»", wizard.errors)
        self.assertIn("Line 5: «someday» is neither a day of the week nor a date", wizard.errors)
        self.assertIn("Line 5: pair «x» is not a number", wizard.errors)
        with self.assertRaisesRegex(UserError, "Nothing was imported"):
            wizard.action_import()
        self.assertFalse(self.Slot.search([("assignment_id", "=", self.assignment_a.id)]))

    def test_week_grid_of_a_group_and_a_teacher(self):
        """The timetable as a week grid: the group's and the teacher's own."""
        self._slot(weekday="1", pair_number=2, room="205")
        tuesday = fields.Date.to_string(self.monday + timedelta(days=1))
        grid = self.Slot.with_user(self.teacher_a).get_week_grid(
            fields.Date.to_string(self.monday + timedelta(days=3))
        )
        self.assertEqual(grid["monday"], fields.Date.to_string(self.monday))
        self.assertEqual(grid["title"], self.teacher_a.name)
        (item,) = grid["cells"][f"{tuesday}:2"]
        self.assertEqual((item["group"], item["room"]), ("Т-ИСП-1", "205"))
        self.assertEqual(len(grid["days"]), 6, "Monday to Saturday")
        grid = self.Slot.with_user(self.head).get_week_grid(
            fields.Date.to_string(self.monday), group_id=self.group_b.id
        )
        self.assertFalse(grid["cells"], "group B has no slot")
        # another teacher's own week shows nothing of teacher A's journals
        grid = self.Slot.with_user(self.teacher_b).get_week_grid(fields.Date.to_string(self.monday))
        self.assertFalse(grid["cells"])
