"""The documents list a subgroup's student for the days he was in it (issue 11)."""

from datetime import timedelta

from odoo.fields import Command
from odoo.tests import tagged

from .common import DocumentCase


@tagged("post_install", "-at_install")
class TestSubgroupDocuments(DocumentCase):
    def test_transferred_student_keeps_his_past_in_the_documents(self):
        english_1, english_2 = self.split_journals()
        (english_1 | english_2).topic_plan_id = self.plan_a
        Lesson = self.env["edu.lesson"].with_user(self.teacher_a)
        lines = self.plan_a.line_ids.sorted("sequence")
        before = Lesson.create(
            {
                "assignment_id": english_1.id,
                "date": self.today - timedelta(days=10),
                "topic_line_id": lines[0].id,
            }
        )
        before.set_cells([{"student_id": self.student_a1.id, "value": "5"}])
        self.env["edu.contingent.order"].with_user(self.hr).create(
            {
                "order_type": "transfer",
                "date": self.today,
                "line_ids": [
                    Command.create(
                        {
                            "student_id": self.student_a1.id,
                            "to_group_id": self.group_b.id,
                            "effective_date": self.today - timedelta(days=5),
                        }
                    )
                ],
            }
        ).action_done()
        after = Lesson.create(
            {
                "assignment_id": english_1.id,
                "date": self.today - timedelta(days=2),
                "topic_line_id": lines[1].id,
            }
        )
        # the printed journal: his row with his cell, blank where he had left
        Book = self.env["report.hexlet_journal_reports.report_journal_book"]
        (section,) = Book._journal_sections(english_1)
        rows = {row["name"]: row["cells"] for sheet in section["sheets"] for row in sheet["rows"]}
        self.assertEqual(set(rows), {self.student_a1.name, self.student_a2.name})
        self.assertEqual(rows[self.student_a1.name], ["5", None])
        self.assertEqual(rows[self.student_a2.name], ["", ""])
        self.assertTrue(before and after)
        # the student record: the first subgroup's journal is his for the term, the
        # second one never was
        Record = self.env["report.hexlet_journal_reports.report_student_record"]
        (record,) = Record._records(self.student_a1)
        english = [
            row
            for term in record["terms"]
            for row in term["rows"]
            if row["name"] == self.discipline_en.name
        ]
        self.assertEqual(len(english), 1)
        self.assertEqual(english[0]["average"], 5.0)
