"""Every contingent move tells the journal administrator what changed in access
(§5.2, issue 11 item 7)."""

from datetime import timedelta

from odoo.fields import Command
from odoo.tests import tagged

from odoo.addons.hexlet_journal.tools import format_day

from .common import JournalCase


@tagged("post_install", "-at_install")
class TestContingentNotices(JournalCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # the administrator reads in Russian; the clerk who issues the order does not
        cls.jadmin.lang = "ru_RU"

    def _done(self, order_type, line, day):
        order = (
            self.env["edu.contingent.order"]
            .with_user(self.hr)
            .create(
                {
                    "order_type": order_type,
                    "date": day,
                    "line_ids": [Command.create(dict(line, effective_date=day))],
                }
            )
        )
        order.action_done()
        return order

    def _notice(self, student, summary):
        activities = student.activity_ids.filtered(lambda activity: activity.summary == summary)
        self.assertTrue(activities, f"no activity «{summary}» on {student.name}")
        self.assertIn(self.jadmin, activities.user_id)
        self.assertFalse(activities.user_id.filtered("share"))
        return activities[:1]

    def test_transfer_notice(self):
        day = self.today - timedelta(days=5)
        self._done(
            "transfer", {"student_id": self.student_a1.id, "to_group_id": self.group_b.id}, day
        )
        activity = self._notice(
            self.student_a1, "Проверьте доступ к журналу: студент переведён в другую группу."
        )
        note = activity.note
        self.assertIn(self.student_a1.name, note)
        self.assertIn(f"из группы {self.group_a.name} в группу {self.group_b.name}", note)
        self.assertIn(format_day(self.env, day), note)
        self.assertIn(format_day(self.env, day - timedelta(days=1)), note)
        self.assertIn("Вход на портал студента и его семьи сохраняется", note)

    def test_academic_leave_and_return_notices(self):
        leave = self.today - timedelta(days=20)
        self._done("academic_leave", {"student_id": self.student_a3.id}, leave)
        activity = self._notice(
            self.student_a3, "Проверьте доступ к журналу: студент ушёл в академический отпуск."
        )
        self.assertIn(f"в академическом отпуске с {format_day(self.env, leave)}", activity.note)
        self.assertIn(self.group_a.name, activity.note)
        back = self.today - timedelta(days=2)
        self._done(
            "return", {"student_id": self.student_a3.id, "to_group_id": self.group_a.id}, back
        )
        activity = self._notice(
            self.student_a3,
            "Проверьте доступ к журналу: студент вышел из академического отпуска.",
        )
        self.assertIn(f"в группу {self.group_a.name} с {format_day(self.env, back)}", activity.note)
        self.assertIn("в подгруппу его включает куратор", activity.note)

    def test_expel_notice_says_what_is_blocked(self):
        day = self.today - timedelta(days=1)
        self._done("expel", {"student_id": self.student_a1.id, "expel_reason": "own_wish"}, day)
        activity = self._notice(
            self.student_a1, "Закройте доступ к журналу: студент выбыл из колледжа."
        )
        self.assertIn(f"выбыл из колледжа {format_day(self.env, day)}", activity.note)
        self.assertIn("вход на портал", activity.note)
