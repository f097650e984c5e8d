"""A student's and a parent's day in Chromium, at a phone's size."""

from odoo.tests import tagged

from .common import PortalCase


@tagged("post_install", "-at_install")
class TestFamilyTours(PortalCase):
    browser_size = "375x740"
    touch_enabled = True

    def _run(self, user, tour):
        self.fill_week()
        self.start_tour("/my/journal", tour, login=user.login, timeout=120)
        thread = self.env["edu.family.thread"].search([("student_id", "=", self.student_a1.id)])
        self.assertEqual(thread.subject, "Вопрос о домашнем задании")
        self.assertEqual(thread.partner_id, user.partner_id)
        self.assertIn(thread.staff_user_id, self.curator_a | self.teacher_a)
        comments = thread.message_ids.filtered(lambda message: message.message_type == "comment")
        self.assertEqual(comments.author_id, user.partner_id)

    def test_student_day(self):
        self._run(self.student_a1_user, "hexlet_journal_portal_student_tour")

    def test_parent_day(self):
        self._run(self.parent_a1_user, "hexlet_journal_portal_parent_tour")
