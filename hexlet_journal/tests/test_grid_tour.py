from unittest.mock import patch

from odoo.tests import HttpCase, tagged

from .common import LessonCase


@tagged("post_install", "-at_install")
class TestGridTour(LessonCase, HttpCase):
    def test_grid_keyboard_tour(self):
        """In headless Chromium, a teacher opens the journal and types in it,
        faster than the saves return."""
        # nine more students, after Васильев by surname: twelve rows
        extra = self.env["edu.student"].create(
            [
                {
                    "last_name": f"Студент{index:02d}",
                    "first_name": "Тест",
                    "record_book_number": f"TT-{index:02d}",
                }
                for index in range(1, 10)
            ]
        )
        self.env["edu.group.membership"].create(
            [
                {
                    "student_id": student.id,
                    "group_id": self.group_a.id,
                    "date_from": self.enrolled_on,
                }
                for student in extra
            ]
        )
        lesson = self.lesson()
        second_pair = self.lesson(pair_number=2)
        self.start_tour(
            f"/odoo/my-journals/{self.assignment_a.id}",
            "hexlet_journal_grid_tour",
            login=self.teacher_a.login,
        )
        lesson.invalidate_recordset()
        cells = {entry.student_id: entry.value for entry in lesson.entry_ids if entry.value}
        # rows are by surname: Алексеев, Борисова, Васильев, Студент01…09
        expected = {self.student_a1: "н", self.student_a2: "5", self.student_a3: "н"}
        expected.update(zip(extra, ["5", "4", "3", "2", "н", "5", "4", "3", "2"], strict=True))
        self.assertEqual(cells, expected)
        self.assertFalse(
            second_pair.entry_ids.filtered("value"), "nothing typed in the second pair's column"
        )
        logs = self.env["edu.lesson.entry.log"].search([("lesson_id", "=", lesson.id)])
        self.assertEqual(
            len(logs), 12, "one change per typed cell; the forbidden letter wrote nothing"
        )

    def test_grid_typing_ahead_tour(self):
        """In headless Chromium, a teacher types forty cells across four lessons as fast
        as the browser dispatches the keys (journal_grid_typing_ahead_tour.js): every
        value reaches the database in the order typed — the cell typed twice holds the
        last value — each with its row in the change log, and the matrix is loaded once,
        never reloaded after a keystroke."""
        # seven more students after Васильев by surname: ten rows
        extra = self.env["edu.student"].create(
            [
                {
                    "last_name": f"Студент{index:02d}",
                    "first_name": "Тест",
                    "record_book_number": f"TA-{index:02d}",
                }
                for index in range(1, 8)
            ]
        )
        self.env["edu.group.membership"].create(
            [
                {
                    "student_id": student.id,
                    "group_id": self.group_a.id,
                    "date_from": self.enrolled_on,
                }
                for student in extra
            ]
        )
        students = self.student_a1 | self.student_a2 | self.student_a3 | extra
        lessons = [
            self.lesson(line=line, pair_number=pair)
            for pair, line in enumerate(self.lines[:4], start=1)
        ]
        self.assertTrue(all(lesson.mark_scale == "five" for lesson in lessons))
        # the values the tour types: column by column, then the retyped cell
        values = ["5", "4", "3", "2", "н"]
        expected = {
            (lesson, student): values[(column + row) % 5]
            for column, lesson in enumerate(lessons)
            for row, student in enumerate(students)
        }
        expected[lessons[1], students[5]] = "2"
        Assignment = type(self.env["edu.teaching.assignment"])
        loads = []
        load = Assignment.journal_grid

        def counted(assignment, *args, **kwargs):
            loads.append(args)
            return load(assignment, *args, **kwargs)

        with patch.object(Assignment, "journal_grid", counted):
            self.start_tour(
                f"/odoo/my-journals/{self.assignment_a.id}",
                "hexlet_journal_grid_typing_ahead_tour",
                login=self.teacher_a.login,
            )
        self.assertEqual(len(loads), 1, "the matrix is loaded once, never after a keystroke")
        self.env.invalidate_all()
        Entry = self.env["edu.lesson.entry"]
        stored = {
            (entry.lesson_id, entry.student_id): entry.value
            for entry in Entry.search([("lesson_id", "in", [lesson.id for lesson in lessons])])
            if entry.value
        }
        self.assertEqual(len(expected), 40)
        self.assertEqual(stored, expected)
        # every cell's change is logged as the teacher typed it, the last one last
        logs = self.env["edu.lesson.entry.log"].search(
            [("lesson_id", "in", [lesson.id for lesson in lessons])], order="id"
        )
        last = {}
        for log in logs:
            self.assertEqual(log.user_id, self.teacher_a)
            key = (log.lesson_id, log.student_id)
            self.assertEqual(log.old_value, last.get(key, ""), "each change starts from the last")
            last[key] = log.new_value
        self.assertEqual(last, expected)
        retyped = logs.filtered(
            lambda log: log.lesson_id == lessons[1] and log.student_id == students[5]
        )
        self.assertEqual(retyped[-1:].mapped("new_value"), ["2"])
        self.assertIn(len(logs), (40, 41), "a row per change: 40 cells, one typed twice")
