from datetime import timedelta
from unittest.mock import patch

from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common import LessonCase


@tagged("post_install", "-at_install")
class TestWeeklyCheck(LessonCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # the last full week inside the term: Monday to Sunday
        cls.monday = cls.today - timedelta(days=cls.today.weekday() + 7)
        cls.Check = cls.env["edu.weekly.check"]

    def _week(self):
        """Mon pair 1 and Wed pair 2 by the schedule; Mon entered late (2 days),
        Wed not entered; a1 absent on Monday without excuse, a2 got a 2."""
        Slot = self.env["edu.schedule.slot"]
        Slot.create({"assignment_id": self.assignment_a.id, "weekday": "0", "pair_number": 1})
        Slot.create({"assignment_id": self.assignment_a.id, "weekday": "2", "pair_number": 2})
        lesson = self.lesson(date=self.monday, pair_number=1)
        lesson.sudo().write({"entered_at": f"{self.monday + timedelta(days=2)} 10:00:00"})
        lesson.set_cells(
            [
                {"student_id": self.student_a1.id, "value": "н"},
                {"student_id": self.student_a2.id, "value": "2"},
            ]
        )
        return lesson

    def test_build_check(self):
        self._week()
        check = self.Check.create(self.Check._build(self.group_a, self.monday))
        self.assertEqual(
            (check.lessons_due, check.lessons_entered, check.lessons_missing, check.lessons_late),
            (2, 1, 1, 1),
        )
        missing = check.issue_ids.filtered(lambda issue: issue.kind == "missing")
        self.assertEqual(missing.date, self.monday + timedelta(days=2))
        self.assertEqual(missing.teacher_id, self.teacher_a)
        late = check.issue_ids.filtered(lambda issue: issue.kind == "late")
        self.assertEqual(late.delay_days, 2)
        lines = {
            line.student_id: (line.unexcused_absences, line.failing_marks)
            for line in check.student_line_ids
        }
        self.assertEqual(lines, {self.student_a1: (1, 0), self.student_a2: (0, 1)})
        self.assertEqual(check.curator_id, self.curator_a)

    def test_cron_monday_in_college_time_and_idempotent(self):
        self._week()
        # Monday 00:30 in Moscow is still Sunday 21:30 UTC: the cron must see Monday
        monday_utc = self.monday + timedelta(days=7)
        fake_now = f"{monday_utc - timedelta(days=1)} 21:30:00"
        with patch("odoo.addons.hexlet_journal.tools.college_time.datetime") as fake:
            from datetime import datetime, timezone

            fake.now.return_value = datetime.fromisoformat(fake_now).replace(tzinfo=timezone.utc)
            checks = self.Check._cron_create_weekly_checks()
            again = self.Check._cron_create_weekly_checks()
        mine = checks.filtered(lambda check: check.group_id == self.group_a)
        self.assertEqual(mine.week_start, self.monday)
        self.assertFalse(again, "running the cron twice creates nothing twice")
        self.assertEqual(
            self.Check.search_count(
                [("group_id", "=", self.group_a.id), ("week_start", "=", self.monday)]
            ),
            1,
        )
        self.assertEqual(mine.activity_ids.user_id, self.curator_a)

    def test_only_the_curator_confirms(self):
        self._week()
        check = self.Check.create(self.Check._build(self.group_a, self.monday))
        with self.assertRaises(AccessError):
            check.with_user(self.curator_b).action_confirm()
        with self.assertRaisesRegex(UserError, "Only Кузнецов Андрей"):
            check.with_user(self.head).action_confirm()
        check.student_line_ids[:1].with_user(self.curator_a).parents_informed = True
        check.with_user(self.curator_a).action_confirm()
        self.assertEqual(check.state, "confirmed")

    def test_memo(self):
        self._week()
        check = self.Check.create(self.Check._build(self.group_a, self.monday))
        action = check.with_user(self.curator_a).action_create_memo()
        memo = self.env["edu.memo"].browse(action["res_id"])
        self.assertIn("Смирнова Ольга", memo.body)
        self.assertEqual(len(memo.issue_ids), 2)
        memo.with_user(self.curator_a).action_send()
        self.assertEqual(memo.state, "sent")
        self.assertIn(self.deputy, memo.activity_ids.user_id)
        with self.assertRaisesRegex(UserError, "acknowledges memos"):
            memo.with_user(self.curator_a).action_acknowledge()
        memo.with_user(self.deputy).action_acknowledge()
        self.assertEqual(memo.state, "acknowledged")

    def test_memo_without_violations_refused(self):
        check = self.Check.create(self.Check._build(self.group_a, self.monday))
        self.assertFalse(check.issue_ids)
        with self.assertRaisesRegex(UserError, "no violations"):
            check.with_user(self.curator_a).action_create_memo()
        self.assertFalse(self.env["edu.memo"].search([("weekly_check_id", "=", check.id)]))

    def test_end_of_day_reminder(self):
        self.env["edu.schedule.slot"].create(
            {
                "assignment_id": self.assignment_a.id,
                "weekday": str(self.today.weekday()),
                "pair_number": 3,
            }
        )
        self.env["ir.config_parameter"].sudo().set_param("hexlet_journal.reminder_hour", 18)
        evening = f"{self.today} 15:10:00"  # 18:10 in Moscow
        with patch("odoo.addons.hexlet_journal.tools.college_time.datetime") as fake:
            from datetime import datetime, timezone

            fake.now.return_value = datetime.fromisoformat(evening).replace(tzinfo=timezone.utc)
            self.assertTrue(self.Check._cron_remind_teachers())
            self.Check._cron_remind_teachers()
        activities = self.assignment_a.activity_ids.filtered(
            lambda activity: activity.user_id == self.teacher_a
        )
        self.assertEqual(len(activities), 1, "one reminder, however often the cron runs")
        self.assertIn("3", activities.note)
