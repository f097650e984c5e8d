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
