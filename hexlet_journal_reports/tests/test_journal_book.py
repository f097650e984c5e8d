"""The printed journal: read back from the PDF wkhtmltopdf renders."""

import re

from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from ..report.report_journal_book import MARKER, MARKER_LINK
from ..tools import link_pages, page_texts
from .common import DocumentCase

BOOK = "hexlet_journal_reports.action_report_journal_book_group"
SINGLE = "hexlet_journal_reports.action_report_journal_book_single"


@tagged("post_install", "-at_install")
class TestJournalBook(DocumentCase):
    def test_the_groups_journal_is_numbered_and_complete(self):
        pages = self.pdf_pages(BOOK, self.group_a)
        total = len(pages)
        self.assertGreaterEqual(total, 4, "title, contents, sheets, closing")
        # every sheet numbered, in order
        for number, page in enumerate(pages, start=1):
            self.assertIn(f"Лист {number}", page)
        # the title page: college, program, group, year, curator
        self.assertIn(self.group_a.name, pages[0])
        self.assertIn(self.group_a.program_id.name, pages[0])
        self.assertIn(self.term.year_id.name, pages[0])
        self.assertIn(self.curator_a.name, pages[0])
        # the closing sheet states the count of sheets, in figures and in words
        self.assertRegex(pages[-1], rf"пронумеровано.*\b{total}\b")
        self.assertIn("прошнуровано", pages[-1])
        # the contents point at the sheet where each journal starts
        contents = pages[1]
        discipline = self.assignment_a.discipline_id
        match = re.search(rf"{re.escape(discipline.name)}.*?(\d+)\s+Лист 2", contents)
        self.assertTrue(match, contents)
        start = int(match.group(1))
        self.assertIn(discipline.name, pages[start - 1])
        self.assertIn("Посещаемость и оценки", pages[start - 1])
        # every student of the group and the lesson, Cyrillic intact
        body = " ".join(pages[2:-1])
        for student in (self.student_a1, self.student_a2, self.student_a3):
            self.assertIn(student.name, body)
        lesson = self.assignment_a.lesson_ids[:1]
        self.assertIn(lesson.date.strftime("%d.%m"), body)
        self.assertIn(lesson.topic, body)
        # the closed statement's results
        self.assertIn("отлично", body)

    def test_each_journal_is_found_by_its_link(self):
        """The contents find each journal's first sheet from its marker's link
        (fast on a year of sheets), where the sheet's text says it starts; a
        journal without lessons has no sheet."""
        Report = self.env["ir.actions.report"].with_context(force_report_rendering=True)
        journals = self.assignment_a | self.assignment_b
        self.assertFalse(self.assignment_b.lesson_ids)
        with self.allow_pdf_render():
            body, kind = Report._render_qweb_pdf(
                "hexlet_journal_reports.report_journal_book", journals.ids
            )
        self.assertEqual(kind, "pdf")
        links = link_pages(body, "https://sheet.invalid/")
        page = links.get(MARKER_LINK.format(self.assignment_a.id))
        self.assertIsNotNone(page, links)
        self.assertIn(MARKER.format(self.assignment_a.id), page_texts(body)[page])
        self.assertEqual(
            Report._journal_first_pages(body, journals),
            {self.assignment_a.id: page, self.assignment_b.id: 0},
        )

    def test_one_journal_alone(self):
        pages = self.pdf_pages(SINGLE, self.assignment_a)
        self.assertIn(self.assignment_a.discipline_id.name, pages[0])
        self.assertIn(f"Лист {len(pages)}", pages[-1])
        self.assertRegex(pages[-1], rf"пронумеровано.*\b{len(pages)}\b")

    def test_a_group_without_journals(self):
        group = self.env["edu.group"].create(
            {"name": "Т-ПУСТО", "program_id": self.group_a.program_id.id, "admission_year": 2026}
        )
        Report = self.env["ir.actions.report"].with_context(force_report_rendering=True)
        with self.assertRaises(UserError), self.allow_pdf_render():
            Report._render_qweb_pdf(BOOK, group.ids)

    def test_families_print_no_journal(self):
        for user in (self.student_a1_user, self.parent_a1_user):
            Report = self.env["ir.actions.report"].with_context(force_report_rendering=True)
            with self.assertRaises(AccessError), self.allow_pdf_render():
                Report.with_user(user)._render_qweb_pdf(BOOK, self.group_a.ids)
