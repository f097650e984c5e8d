"""The summary statement of a group, PDF and XLSX."""

import io

from openpyxl import load_workbook

from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import DocumentCase


@tagged("post_install", "-at_install")
class TestSummaryStatement(DocumentCase):
    def wizard(self, user=None, **values):
        Wizard = self.env["edu.journal.report.wizard"]
        if user:
            Wizard = Wizard.with_user(user)
        return Wizard.create(
            {
                "report": "summary",
                "group_ids": [(6, 0, self.group_a.ids)],
                "term_ids": [(6, 0, self.term.ids)],
                **values,
            }
        )

    def test_pdf(self):
        wizard = self.wizard()
        text = self.pdf_text(
            "hexlet_journal_reports.action_report_summary", wizard, data=wizard._data()
        )
        self.assertIn("СВОДНАЯ ВЕДОМОСТЬ", text)
        self.assertIn(self.group_a.name, text)
        for student in (self.student_a1, self.student_a2, self.student_a3):
            self.assertIn(student.name, text)
        self.assertIn(self.assignment_a.discipline_id.code, text)
        # a1 «5», a2 «3», a3 «2»: one debt in three — успеваемость 66,7 %, качество 33,3 %
        self.assertIn("66,7", text)
        self.assertIn("33,3", text)
        self.assertDecimalCommas(text)

    def test_xlsx(self):
        wizard = self.wizard()
        report = self.env.ref("hexlet_journal_reports.action_report_summary_xlsx")
        content, kind = report._render_xlsx(report.report_name, wizard.ids, wizard._data())
        self.assertEqual(kind, "xlsx")
        sheet = load_workbook(io.BytesIO(content)).active
        rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
        names = [row[0] for row in rows]
        self.assertIn(self.student_a1.name, names)
        row = rows[names.index(self.student_a1.name)]
        self.assertIn("5", row)
        self.assertEqual(row[-3], 5.0, "the average stays a number")
        labels = {row[0]: row[1] for row in rows if row and row[0]}
        self.assertAlmostEqual(labels["Успеваемость, %"], 66.7)

    def test_families_print_none(self):
        for user in (self.student_a1_user, self.parent_a1_user):
            with self.assertRaises(AccessError):
                self.wizard(user)
