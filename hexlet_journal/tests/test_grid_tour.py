from odoo.tests import HttpCase, tagged

from .common import LessonCase


@tagged("post_install", "-at_install")
class TestGridTour(LessonCase, HttpCase):
    def test_grid_keyboard_tour(self):
        """In headless Chromium, a teacher opens the journal and types in it."""
        lesson = self.lesson()
        self.start_tour(
            f"/odoo/my-journals/{self.assignment_a.id}",
            "hexlet_journal_grid_tour",
            login=self.teacher_a.login,
        )
        lesson.invalidate_recordset()
        cells = {entry.student_id: entry.value for entry in lesson.entry_ids if entry.value}
        # rows are by surname: Алексеев, Борисова, Васильев
        self.assertEqual(cells, {self.student_a1: "н", self.student_a2: "5", self.student_a3: "н"})
        logs = self.env["edu.lesson.entry.log"].search([("lesson_id", "=", lesson.id)])
        self.assertEqual(len(logs), 3, "the forbidden letter wrote nothing")
