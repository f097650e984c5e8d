"""Every document renders to a real PDF and XLSX holding the expected figures."""

import io

import openpyxl

from odoo.tests import tagged

from .common import DocumentCase


@tagged("post_install", "-at_install")
class TestDocuments(DocumentCase):
    def xlsx_rows(self, report_ref, records, data=None):
        report = self.env.ref(report_ref)
        content, kind = report._render_xlsx(report.report_name, records.ids, data or {})
        self.assertEqual(kind, "xlsx")
        book = openpyxl.load_workbook(io.BytesIO(content))
        return [list(row) for sheet in book.worksheets for row in sheet.iter_rows(values_only=True)]

    def test_attestation_statement(self):
        text = self.pdf_text("hexlet_journal_reports.action_report_attestation", self.statement)
        self.assertIn("ВЕДОМОСТЬ", text)
        self.assertIn("Алексеев Иван Петрович", text)
        self.assertIn("отлично (5)", text)
        self.assertIn("неудовлетворительно (2)", text)
        self.assertIn("экзамен", text)
        self.assertIn("T-003", text)
        rows = self.xlsx_rows(
            "hexlet_journal_reports.action_report_attestation_xlsx", self.statement
        )
        self.assertIn(["Алексеев Иван Петрович", "T-001", "допущен", "отлично (5)", 5], rows)

    def test_memo(self):
        if not self.memo:
            self.skipTest("the term has no full past week yet")
        text = self.pdf_text("hexlet_journal_reports.action_report_memo", self.memo)
        self.assertIn("СЛУЖЕБНАЯ ЗАПИСКА", text)
        self.assertIn("Смирнова Ольга", text)
        self.assertIn("внесено с опозданием", text)
        self.assertIn("не внесено", text)
        self.assertIn("Кузнецов Андрей", text)
        rows = self.xlsx_rows("hexlet_journal_reports.action_report_memo_xlsx", self.memo)
        self.assertEqual(
            sum(1 for row in rows if row[0] == "Смирнова Ольга"), len(self.check.issue_ids)
        )

    def test_inspection_spravka(self):
        line = self.inspection.line_ids
        text = self.pdf_text("hexlet_journal_reports.action_report_inspection", self.inspection)
        self.assertIn("СПРАВКА", text)
        self.assertIn("Т-ИСП-1", text)
        self.assertIn(f"{line.attendance_pct:.1f}", text)
        self.assertIn("Смирнова Ольга", text)
        rows = self.xlsx_rows(
            "hexlet_journal_reports.action_report_inspection_xlsx", self.inspection
        )
        figures = next(row for row in rows if row[1] == "Смирнова Ольга")
        self.assertEqual(
            figures[2:5], [line.lessons_due, line.lessons_entered, line.lessons_missing]
        )
        self.assertEqual(figures[-1], line.attendance_pct)

    def test_activity_report(self):
        wizard = (
            self.env["edu.journal.report.wizard"]
            .with_user(self.head)
            .create({"report": "activity", "date_from": self.first_day, "date_to": self.today})
        )
        data = wizard._data()
        figures = self.env["edu.journal.metrics"].teacher_activity(self.first_day, self.today)[
            self.teacher_a.id
        ]
        text = self.pdf_text(
            "hexlet_journal_reports.action_report_activity", wizard, data=data, user=self.head
        )
        self.assertIn("ОТЧЁТ", text)
        self.assertIn("Смирнова Ольга", text)
        self.assertEqual(figures["late_count"], 1)
        rows = self.xlsx_rows("hexlet_journal_reports.action_report_activity_xlsx", wizard, data)
        row = next(row for row in rows if row[0] == "Смирнова Ольга")
        self.assertEqual(row[1:4], [1, 0, 1])
        action = wizard.action_print_pdf()
        self.assertEqual(action["report_name"], "hexlet_journal_reports.report_activity")

    def test_council_results(self):
        wizard = (
            self.env["edu.journal.report.wizard"]
            .with_user(self.deputy)
            .create({"report": "council", "term_ids": [(6, 0, self.term.ids)]})
        )
        text = self.pdf_text(
            "hexlet_journal_reports.action_report_council",
            wizard,
            data=wizard._data(),
            user=self.deputy,
        )
        self.assertIn("Педагогического совета", text)
        # 3 students: a1 (5) and a2 (3) passed, only a1 with 4 and 5
        self.assertIn("66.7", text)
        self.assertIn("33.3", text)
        rows = self.xlsx_rows(
            "hexlet_journal_reports.action_report_council_xlsx", wizard, wizard._data()
        )
        self.assertIn(["Т-ИСП-1", 3, 66.7, 33.3, 66.7, 33.3], rows)
