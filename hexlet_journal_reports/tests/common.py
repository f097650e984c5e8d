import io
import re
from datetime import timedelta

from pypdf import PdfReader

from odoo.addons.hexlet_journal.tests.common import LessonCase


class DocumentCase(LessonCase):
    """The small college with a week of journal, a statement, a memo and an inspection."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._ensure_russian()
        cls.monday = cls.today - timedelta(days=cls.today.weekday() + 7)
        cls.sunday = cls.monday + timedelta(days=6)
        cls.has_week = cls.monday >= cls.first_day
        day = cls.monday if cls.has_week else cls.today
        for weekday in ("0", "2"):
            cls.env["edu.schedule.slot"].create(
                {"assignment_id": cls.assignment_a.id, "weekday": weekday, "pair_number": 1}
            )
        lesson = (
            cls.env["edu.lesson"]
            .with_user(cls.teacher_a)
            .create(
                {
                    "assignment_id": cls.assignment_a.id,
                    "date": day,
                    "topic_line_id": cls.plan_a.line_ids.sorted("sequence")[0].id,
                }
            )
        )
        lesson.sudo().write({"entered_at": f"{day + timedelta(days=2)} 10:00:00"})
        lesson.set_cells(
            [
                {"student_id": cls.student_a1.id, "value": "5"},
                {"student_id": cls.student_a2.id, "value": "н"},
                {"student_id": cls.student_a3.id, "value": "3"},
            ]
        )
        cls.statement = cls.env["edu.attestation"].create(
            {
                "assignment_id": cls.assignment_a.id,
                "date": cls.today,
                "examiner_ids": [(6, 0, cls.teacher_a.ids)],
            }
        )
        results = {cls.student_a1: "5", cls.student_a2: "3", cls.student_a3: "2"}
        for line in cls.statement.line_ids:
            line.write({"result": results[line.student_id], "admitted": True})
        cls.statement.action_done()
        Check = cls.env["edu.weekly.check"]
        cls.check = Check.create(Check._build(cls.group_a, cls.monday))
        cls.memo = (
            cls.env["edu.memo"].with_user(cls.curator_a).create({"weekly_check_id": cls.check.id})
            if cls.check.issue_ids
            else cls.env["edu.memo"]
        )
        cls.inspection = (
            cls.env["edu.inspection"]
            .with_user(cls.head)
            .create(
                {
                    "date_from": cls.monday,
                    "date_to": cls.sunday,
                    "scope": "group",
                    "group_id": cls.group_a.id,
                }
            )
        )
        cls.inspection.action_compute()

    @classmethod
    def _ensure_russian(cls):
        """The documents print in Russian when it is installed (as in the
        project's test database); install it otherwise."""
        if not cls.env["res.lang"]._get_code("ru_RU"):
            cls.env["res.lang"]._activate_lang("ru_RU")
            cls.env["ir.module.module"].search(
                [("name", "in", ("hexlet_journal", "hexlet_journal_reports"))]
            )._update_translations(["ru_RU"])

    def pdf_pages(self, report_ref, records, data=None, user=None):
        """Render through wkhtmltopdf for real and read the text of each page back."""
        Report = self.env["ir.actions.report"].with_context(force_report_rendering=True)
        if user:
            Report = Report.with_user(user)
        with self.allow_pdf_render():
            pdf, kind = Report._render_qweb_pdf(report_ref, records.ids, data=data)
        self.assertEqual(kind, "pdf")
        self.assertTrue(pdf.startswith(b"%PDF"))
        return self.pdf_bytes_pages(pdf)

    def pdf_bytes_pages(self, pdf):
        reader = PdfReader(io.BytesIO(pdf))
        # words broken at a hyphen in narrow table cells come back whole
        return [
            " ".join((page.extract_text() or "").split()).replace("- ", "-")
            for page in reader.pages
        ]

    def pdf_text(self, report_ref, records, data=None, user=None):
        """Render through wkhtmltopdf for real and read the text back."""
        return " ".join(self.pdf_pages(report_ref, records, data=data, user=user))

    def assertDecimalCommas(self, text):
        """No number of the text is written with a decimal point; dates
        (dd.mm.yyyy), programme codes (09.02.07) and clauses of the regulation
        («п. 3.4») aside."""
        figures = re.sub(
            r"\b\d{2}\.\d{2}\.\d{2}(\d{2})?\b|п\. \d+(\.\d+)*|§\s?\d+(\.\d+)*", " ", text
        )
        self.assertNotRegex(figures, r"\d\.\d")
