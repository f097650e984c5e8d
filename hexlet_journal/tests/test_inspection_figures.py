"""The inspection's figures of a journal, checked against numbers worked out by hand
for a small week."""

from datetime import timedelta

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged

from .common import WeekCase


@tagged("post_install", "-at_install")
class TestInspectionFigures(WeekCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Figures = cls.env["edu.inspection.line"]

    def test_journal_metrics(self):
        figures = self.Figures._journal_metrics(self.assignment_a, self.monday, self.sunday)[
            self.assignment_a.id
        ]
        self.assertEqual(figures["lessons_due"], 2)
        self.assertEqual(figures["lessons_entered"], 1)
        self.assertEqual(figures["lessons_missing"], 1)
        self.assertEqual(figures["on_time_pct"], 0.0)
        self.assertEqual(figures["late_count"], 1)
        self.assertEqual(figures["avg_delay"], 2.0)
        self.assertEqual(figures["empty_topics"], 0)
        self.assertEqual(figures["hours_given"], 2.0)
        self.assertEqual(figures["hours_curriculum"], 72.0)
        # 3 students, 1 lesson: 3 seats, 1 absence -> 66.7 %
        self.assertEqual(figures["attendance_pct"], 66.7)
        # 1 mark / 3 students / (7 days / 30) months = 1.43
        self.assertEqual(figures["marks_per_student_month"], 1.43)

    def test_inspection(self):
        inspection = (
            self.env["edu.inspection"]
            .with_user(self.head)
            .create(
                {
                    "date_from": self.monday,
                    "date_to": self.sunday,
                    "scope": "group",
                    "group_id": self.group_a.id,
                }
            )
        )
        inspection.action_compute()
        line = inspection.line_ids
        self.assertEqual(line.assignment_id, self.assignment_a)
        self.assertEqual((line.lessons_due, line.lessons_entered, line.lessons_missing), (2, 1, 1))
        self.assertEqual(line.attendance_pct, 66.7)
        self.assertTrue(
            line.low_marks, "1.43 marks per student per month is below the minimum of 2"
        )
        self.assertEqual(inspection.on_time_pct, 0.0)
        inspection.action_done()
        with self.assertRaisesRegex(UserError, "read-only"):
            inspection.with_user(self.head).conclusion = "<p>Другое</p>"
        # the teacher sees their own journal's figures only; the director reads, never writes
        self.assertEqual(self.env["edu.inspection.line"].with_user(self.teacher_a).search([]), line)
        self.assertFalse(self.env["edu.inspection.line"].with_user(self.teacher_b).search([]))
        # curators see the figures of their groups; managers see all
        self.assertEqual(self.env["edu.inspection.line"].with_user(self.curator_a).search([]), line)
        self.assertFalse(self.env["edu.inspection.line"].with_user(self.curator_b).search([]))
        self.assertIn(line, self.env["edu.inspection.line"].with_user(self.deputy).search([]))
        with self.assertRaises(AccessError):
            inspection.with_user(self.teacher_a).read(["name"])
        with self.assertRaises(AccessError):
            inspection.with_user(self.director).write({"findings": "<p>x</p>"})

    def test_inspection_bad_period(self):
        Inspection = self.env["edu.inspection"].with_user(self.head)
        with self.assertRaisesRegex(ValidationError, "ends before it starts"):
            Inspection.create({"date_from": self.sunday, "date_to": self.monday})
        with self.assertRaisesRegex(ValidationError, "has not begun"):
            Inspection.create(
                {
                    "date_from": self.today + timedelta(days=3),
                    "date_to": self.today + timedelta(days=9),
                }
            )
        with self.assertRaisesRegex(ValidationError, "Choose the group"):
            Inspection.create({"date_from": self.monday, "date_to": self.sunday, "scope": "group"})
        self.assertFalse(Inspection.search([]).filtered(lambda i: i.create_uid == self.head))
