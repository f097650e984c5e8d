"""The reports' figures (§6), checked against numbers worked out by hand for a small week."""

from datetime import timedelta

from odoo.tests import tagged

from odoo.addons.hexlet_journal.tests.common import WeekCase


@tagged("post_install", "-at_install")
class TestMetrics(WeekCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Metrics = cls.env["edu.journal.metrics"]

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

    def test_subgroup_move_counts_the_days_in_each_journal(self):
        """a2 moves from subgroup 1 to subgroup 2 a week ago: each journal seats him
        for the days he was in it."""
        english_1, english_2 = self.split_journals()
        (english_1 | english_2).topic_plan_id = self.plan_a
        day = self.today - timedelta(days=7)
        Membership = self.env["edu.subgroup.membership"].with_user(self.curator_a)
        Membership.search(
            [("student_id", "=", self.student_a2.id), ("subgroup_id", "=", self.subgroup_a1.id)]
        ).write({"date_to": day - timedelta(days=1)})
        Membership.create(
            {"subgroup_id": self.subgroup_a2.id, "student_id": self.student_a2.id, "date_from": day}
        )
        for journal, days_ago, cells in (
            (english_1, 14, {}),
            (english_1, 3, {}),
            (english_2, 14, {}),
            (english_2, 3, {self.student_a2: "н", self.student_a3: "5"}),
        ):
            line = self.lines[0] if days_ago == 14 else self.lines[1]
            lesson = (
                self.env["edu.lesson"]
                .with_user(journal.teacher_id)
                .create(
                    {
                        "assignment_id": journal.id,
                        "date": self.today - timedelta(days=days_ago),
                        "topic_line_id": line.id,
                    }
                )
            )
            if cells:
                lesson.with_user(journal.teacher_id).set_cells(
                    [{"student_id": student.id, "value": value} for student, value in cells.items()]
                )
        seats, seated = self.Metrics._seats(self.term, "assignment_id")
        # english 1: early (a1, a2) + late (a1); english 2: early (a3) + late (a2, a3)
        self.assertEqual(seats[english_1], 3)
        self.assertEqual(seats[english_2], 3)
        self.assertEqual(seated[english_2], {self.student_a2.id, self.student_a3.id})
        by_teacher = self.Metrics._council_results(self.term, "teacher_id")[self.teacher_b]
        self.assertEqual(by_teacher["students"], 2)
        # 3 seats, 1 absence
        self.assertEqual(by_teacher["attendance_pct"], 66.7)
