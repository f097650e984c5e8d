"""The student's record (учебная карточка), from the card and for the student himself."""

from datetime import date, timedelta

from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import DocumentCase

RECORD = "hexlet_journal_reports.action_report_student_record"


@tagged("post_install", "-at_install")
class TestStudentRecord(DocumentCase):
    def test_every_discipline_and_the_orders(self):
        text = self.pdf_text(RECORD, self.student_a1)
        self.assertIn("УЧЕБНАЯ КАРТОЧКА", text)
        self.assertIn(self.student_a1.name, text)
        self.assertIn(self.student_a1.record_book_number, text)
        self.assertIn(self.assignment_a.discipline_id.name, text)
        self.assertIn(self.term.with_context(lang="ru_RU").display_name, text)
        self.assertIn("отлично", text, "the closed statement's result")
        self.assertDecimalCommas(text)

    def test_who_prints_it(self):
        Report = self.env["ir.actions.report"].with_context(force_report_rendering=True)
        # the student himself prints his own
        with self.allow_pdf_render():
            pdf, _kind = Report.with_user(self.student_a1_user)._render_qweb_pdf(
                RECORD, self.student_a1.ids
            )
        self.assertIn(self.student_a1.name, " ".join(self.pdf_bytes_pages(pdf)))
        # nobody else's: another student, a parent, a teacher of another group
        for user, student in (
            (self.student_a1_user, self.student_a2),
            (self.parent_a1_user, self.student_a1),
            (self.teacher_b, self.student_a1),
        ):
            with self.assertRaises(AccessError), self.allow_pdf_render():
                Report.with_user(user)._render_qweb_pdf(RECORD, student.ids)

    def test_the_record_as_it_stood(self):
        """An archived year's record stops at the year's end: no later term."""
        Record = self.env["report.hexlet_journal_reports.report_student_record"]
        self.assertTrue(Record._records(self.student_a1)[0]["terms"])
        before = Record._records(self.student_a1, self.term.date_start - timedelta(days=1))
        self.assertFalse(before[0]["terms"])
        self.assertEqual(Record._until({"until": "not a date"}), None)
        self.assertEqual(Record._until({"until": "2026-06-30"}), date(2026, 6, 30))
