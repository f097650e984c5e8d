from odoo.tests import HttpCase, tagged

from .common import LessonCase


@tagged("post_install", "-at_install")
class TestTodayTour(LessonCase, HttpCase):
    def test_today_screen_tour(self):
        """In headless Chromium, «Сегодня» lists the pair and opens a new lesson."""
        self.env["edu.schedule.slot"].create(
            {
                "assignment_id": self.assignment_a.id,
                "weekday": str(self.today.weekday()),
                "pair_number": 2,
            }
        )
        self.start_tour("/odoo/today", "hexlet_journal_today_tour", login=self.teacher_a.login)
        lesson = self.env["edu.lesson"].search([("assignment_id", "=", self.assignment_a.id)])
        self.assertEqual(len(lesson), 1)
        self.assertEqual((lesson.date, lesson.pair_number), (self.today, 2))
        self.assertEqual(lesson.topic_line_id, self.plan_a.line_ids.sorted("sequence")[0])
        self.assertEqual(lesson.teacher_id, self.teacher_a)
