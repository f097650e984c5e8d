from odoo.exceptions import AccessError, ValidationError
from odoo.tests import HttpCase, tagged
from odoo.tools import mute_logger

from .common import DocumentCase


@tagged("post_install", "-at_install")
class TestDocumentSecurity(DocumentCase):
    def test_teacher_prints_own_statement_only(self):
        text = self.pdf_text(
            "hexlet_journal_reports.action_report_attestation", self.statement, user=self.teacher_a
        )
        self.assertIn("ВЕДОМОСТЬ", text)
        with self.assertRaises(AccessError):
            self.pdf_text(
                "hexlet_journal_reports.action_report_attestation",
                self.statement,
                user=self.teacher_b,
            )

    def test_council_and_activity_for_managers_only(self):
        with self.assertRaises(AccessError):
            self.env["edu.journal.report.wizard"].with_user(self.teacher_a).create(
                {"report": "activity"}
            )
        with self.assertRaises(AccessError):
            self.env["ir.actions.report"].with_user(self.curator_a)._render_qweb_html(
                "hexlet_journal_reports.action_report_council", [], data={"term_ids": self.term.ids}
            )
        # the director reads everything
        self.env["edu.journal.report.wizard"].with_user(self.director).create(
            {"report": "activity"}
        )

    def test_inspection_spravka_not_for_teachers(self):
        with self.assertRaises(AccessError):
            self.pdf_text(
                "hexlet_journal_reports.action_report_inspection",
                self.inspection,
                user=self.teacher_a,
            )

    def test_wizard_bad_period(self):
        with self.assertRaisesRegex(ValidationError, "ends after it starts"):
            self.env["edu.journal.report.wizard"].with_user(self.head).create(
                {"report": "activity", "date_from": self.today, "date_to": self.first_day}
            )
        with self.assertRaisesRegex(ValidationError, "Choose the terms"):
            self.env["edu.journal.report.wizard"].with_user(self.head).create(
                {"report": "council", "term_ids": [(5, 0, 0)]}
            )


@tagged("post_install", "-at_install")
class TestDocumentUrls(DocumentCase, HttpCase):
    """V4: the report URLs, as a browser or a script would fetch them."""

    def test_portal_student_prints_no_statement(self):
        for user in (self.student_a1_user, self.parent_a1_user):
            self.authenticate(user.login, user.login)
            for url in (
                f"/report/pdf/hexlet_journal_reports.report_attestation/{self.statement.id}",
                f"/report/xlsx/hexlet_journal_reports.report_attestation_xlsx/{self.statement.id}",
                f"/report/html/hexlet_journal_reports.report_attestation/{self.statement.id}",
            ):
                with self.subTest(user=user.login, url=url), mute_logger("odoo.http"):
                    response = self.url_open(url)
                    self.assertNotEqual(response.status_code, 200)
                    self.assertNotIn(b"%PDF", response.content[:10])
                    self.assertNotIn(self.student_a2.name.encode(), response.content)
