"""Every figure is checked against numbers worked out by hand for a small week."""

from datetime import timedelta

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged

from .common import LessonCase


@tagged("post_install", "-at_install")
class TestMetrics(LessonCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.monday = cls.today - timedelta(days=cls.today.weekday() + 7)
        cls.sunday = cls.monday + timedelta(days=6)
        cls.Metrics = cls.env["edu.journal.metrics"]

    def setUp(self):
        super().setUp()
        # schedule: Monday and Wednesday, pair 1
        for weekday in ("0", "2"):
            self.env["edu.schedule.slot"].create(
                {"assignment_id": self.assignment_a.id, "weekday": weekday, "pair_number": 1}
            )
        # Monday's lesson entered two days late: a1 5, a2 absent; Wednesday's never entered
        self.monday_lesson = self.lesson(date=self.monday, line=self.lines[0])
        self.monday_lesson.sudo().write(
            {"entered_at": f"{self.monday + timedelta(days=2)} 10:00:00"}
        )
        self.monday_lesson.set_cells(
            [
                {"student_id": self.student_a1.id, "value": "5"},
                {"student_id": self.student_a2.id, "value": "н"},
            ]
        )

    def test_journal_metrics(self):
        figures = self.Metrics._journal_metrics(self.assignment_a, self.monday, self.sunday)[
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

    def test_teacher_activity(self):
        activity = self.Metrics._teacher_activity(self.monday, self.sunday, self.teacher_a)[
            self.teacher_a.id
        ]
        self.assertEqual(activity["lessons_entered"], 1)
        self.assertEqual(activity["on_time_pct"], 0.0)
        self.assertEqual(activity["late_count"], 1)
        self.assertEqual(activity["avg_delay"], 2.0)
        self.assertEqual(activity["lessons_missing"], 1)
        activity_today = self.Metrics._teacher_activity(self.monday, self.today, self.teacher_a)[
            self.teacher_a.id
        ]
        # the two cells were typed today, after the lesson day: a mark and an absence
        self.assertEqual(activity_today["changed_after_day"], 2)
        self.assertEqual(activity_today["changed_marks"], 1)
        self.assertEqual(activity_today["changed_attendance"], 1)
        self.assertEqual(activity["on_time_count"], 0)

    def _statement(self, results):
        statement = self.env["edu.attestation"].create(
            {"assignment_id": self.assignment_a.id, "date": self.today}
        )
        for line in statement.line_ids:
            line.write({"result": results[line.student_id], "admitted": True})
        return statement

    def test_council_results(self):
        self._statement({self.student_a1: "5", self.student_a2: "3", self.student_a3: "2"})
        result = self.Metrics._council_results(self.term, "group_id")[self.group_a]
        self.assertEqual(result["students"], 3)
        self.assertEqual(result["progress_pct"], 66.7)  # a1 and a2 passed
        self.assertEqual(result["quality_pct"], 33.3)  # only a1 with 4 and 5
        # one lesson this term: 3 seats, 1 unexcused absence
        self.assertEqual(result["attendance_pct"], 66.7)
        self.assertEqual(result["unexcused_pct"], 33.3)
        by_teacher = self.Metrics._council_results(self.term, "teacher_id")
        self.assertEqual(by_teacher[self.teacher_a]["progress_pct"], 66.7)

    def test_objectivity(self):
        # a1: 5 and 3 in the journal (average 4.0) then 5 at the exam: +1, an outlier
        # a3: 4 in the journal, 4 at the exam: 0
        second = self.lesson(date=self.monday + timedelta(days=2), line=self.lines[1])
        second.set_cells(
            [
                {"student_id": self.student_a1.id, "value": "3"},
                {"student_id": self.student_a3.id, "value": "4"},
            ]
        )
        self._statement(
            {self.student_a1: "5", self.student_a2: "not_admitted", self.student_a3: "4"}
        )
        result = self.Metrics._objectivity(self.term)
        journal = result["journals"][self.assignment_a]
        self.assertEqual(journal["lines"], 2)
        self.assertEqual(journal["mean_deviation"], 0.5)
        self.assertEqual(journal["outlier_share"], 50.0)
        self.assertEqual(result["teachers"][self.teacher_a]["mean_deviation"], 0.5)
        self.assertEqual(
            [(o["student"], o["deviation"]) for o in result["outliers"]], [(self.student_a1, 1.0)]
        )

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
