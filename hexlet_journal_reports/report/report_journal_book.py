"""The printed journal (§2.2, §7.4): the document bound and handed to the archive.

It is rendered in three parts and put together by ``ir.actions.report``
(``_render_journal_book``): the body (per journal the attendance-and-marks
sheets month by month, the topics sheets and the attestation results), then
the front (the title page and the table of contents, whose sheet numbers are
read back from the rendered body) and the closing sheet, which states how
many sheets were numbered. Every sheet is stamped «Лист N» after rendering.
"""

from collections import defaultdict

from odoo import api, models
from odoo.exceptions import UserError
from odoo.tools.misc import format_date

from odoo.addons.hexlet_journal.models.edu_group_membership import (
    period_covers,
    period_overlaps,
)
from odoo.addons.hexlet_journal.models.edu_lesson_entry import cell_value
from odoo.addons.hexlet_journal.tools.arguments import MAX_ID

from ..tools import check_staff_reader, number_in_words, short_name

# lessons on one attendance sheet (landscape A4, legible at 9 pt)
LESSONS_PER_SHEET = 16
# a marker of the first sheet of each journal in the body, read back from the
# PDF's text to number the table of contents (white, 1 px: invisible on paper)
MARKER = "HJBOOK{}X"
# the marker's link target (report_journal_book.xml): how a sheet is found fast
MARKER_LINK = "https://sheet.invalid/HJBOOK{}X"


def chunks(items, size):
    return [items[start : start + size] for start in range(0, len(items), size)] or [[]]


class ReportJournalBook(models.AbstractModel):
    _name = "report.hexlet_journal_reports.report_journal_book"
    _inherit = "report.hexlet_journal_reports.document"
    _description = "Printed Journal (body)"

    @api.model
    def _book_journals(self, records, year=None):
        """The journals of a printed journal: the journal itself, or those of a
        group in an academic year (its latest year with journals by default)."""
        if records._name == "edu.teaching.assignment":
            return records
        Journal = self.env["edu.teaching.assignment"].with_context(active_test=False)
        journals = Journal.search([("group_id", "in", records.ids)])
        if year is None:
            year = journals.term_id.year_id.sorted("date_start")[-1:]
        journals = journals.filtered(lambda journal: journal.term_id.year_id == year)
        if not journals:
            raise UserError(
                self.env._(
                    "%(record)s has no journals to print.",
                    record=", ".join(records.mapped("display_name")),
                )
            )
        return journals.sorted(
            lambda journal: (
                journal.term_id.date_start,
                journal.discipline_id.code or "",
                journal.discipline_id.name or "",
                journal.subgroup_id.name or "",
                journal.id,
            )
        )

    @api.model
    def _journal_sections(self, journals):
        """Per journal: its students, its sheets month by month, its topics and its
        attestation results — read for all the journals at once."""
        env = self.env
        Lesson = env["edu.lesson"]
        lessons = Lesson.search_fetch(
            [("assignment_id", "in", journals.ids)],
            [
                "assignment_id",
                "date",
                "pair_number",
                "hours",
                "topic",
                "homework",
                "kind",
                "practical_number",
                "teacher_id",
                "planned_teacher_id",
                "is_substitution",
            ],
            order="date, pair_number, id",
        )
        # a group's year is tens of thousands of cells: read as rows, not records
        cells = {
            (lesson_id, student_id): cell_value(absent, mark)
            for lesson_id, student_id, absent, mark in env["edu.lesson.entry"]._read_rows(
                [("lesson_id", "in", lessons.ids)], ["lesson_id", "student_id", "absent", "mark"]
            )
        }
        terms = journals.term_id
        members = journals.sudo()._member_periods(
            min(terms.mapped("date_start")), max(terms.mapped("date_end"))
        )
        names = {
            student.id: student.name
            for student in env["edu.student"]
            .sudo()
            .search_fetch(
                [("id", "in", list({sid for spans in members.values() for sid in spans}))],
                ["name"],
            )
        }
        lines = env["edu.attestation.line"].search_fetch(
            [("attestation_id.assignment_id", "in", journals.ids)],
            ["attestation_id", "student_id", "admitted", "final_result", "state"],
        )
        results = dict(
            env["edu.attestation.line"]._fields["final_result"]._description_selection(env)
        )
        forms = dict(
            env["edu.teaching.assignment"]._fields["attestation_form"]._description_selection(env)
        )
        by_journal = defaultdict(list)
        for lesson in lessons:
            by_journal[lesson.assignment_id.id].append(lesson)
        lines_by_journal = defaultdict(list)
        for line in lines:
            lines_by_journal[line.attestation_id.assignment_id.id].append(line)
        sections = []
        for journal in journals:
            term = journal.term_id
            journal_lessons = by_journal[journal.id]
            # who was in the journal (its group, and its subgroup for a split one) when
            periods = {
                student_id: spans
                for student_id, spans in members[journal.id].items()
                if any(
                    period_overlaps(start, end, term.date_start, term.date_end)
                    for start, end in spans
                )
            }
            students = sorted(periods, key=lambda student_id: (names[student_id], student_id))

            sheets = []
            months = defaultdict(list)
            for lesson in journal_lessons:
                months[(lesson.date.year, lesson.date.month)].append(lesson)
            for _month, month_lessons in sorted(months.items()):
                for part in chunks(month_lessons, LESSONS_PER_SHEET):
                    sheets.append(
                        {
                            "month": format_date(
                                env, part[0].date, date_format="LLLL yyyy"
                            ).capitalize(),
                            "lessons": [
                                {
                                    "day": format_date(env, lesson.date, date_format="dd.MM"),
                                    "pair": lesson.pair_number,
                                    "practical": lesson.practical_number,
                                }
                                for lesson in part
                            ],
                            "rows": [
                                {
                                    "name": names[student_id],
                                    "cells": [
                                        self._cell(cells, lesson, student_id)
                                        if any(
                                            period_covers(start, end, lesson.date)
                                            for start, end in periods[student_id]
                                        )
                                        else None
                                        for lesson in part
                                    ],
                                }
                                for student_id in students
                            ],
                        }
                    )
            topics = [
                {
                    "date": format_date(env, lesson.date, date_format="dd.MM.yyyy"),
                    "pair": lesson.pair_number,
                    "hours": lesson.hours,
                    "topic": lesson.topic or "",
                    "practical": lesson.practical_number,
                    "homework": lesson.homework or "",
                    "teacher": short_name(lesson.teacher_id.sudo().name),
                    "planned_teacher": short_name(lesson.planned_teacher_id.sudo().name)
                    if lesson.is_substitution
                    else "",
                }
                for lesson in journal_lessons
            ]
            results_rows = sorted(
                (
                    {
                        "name": names.get(line.student_id.id) or line.student_id.sudo().name,
                        "result": results.get(line.final_result, "")
                        if line.state == "done"
                        else "",
                        "admitted": line.admitted,
                    }
                    for line in lines_by_journal[journal.id]
                ),
                key=lambda row: row["name"],
            )
            sections.append(
                {
                    "journal": journal,
                    "marker": MARKER.format(journal.id),
                    "title": journal.discipline_id.display_name,
                    "subgroup": journal.subgroup_id.name or "",
                    "term": term.display_name,
                    "teacher": journal.teacher_id.sudo().name or "",
                    "form": forms.get(journal.attestation_form, ""),
                    "hours": sum(lesson.hours for lesson in journal_lessons),
                    "sheets": sheets,
                    "topics": topics,
                    "results": results_rows,
                }
            )
        return sections

    @api.model
    def _cell(self, cells, lesson, student_id):
        return cells.get((lesson.id, student_id), "")

    @api.model
    def _get_report_values(self, docids, data=None):
        check_staff_reader(self.env)
        journals = self.env["edu.teaching.assignment"].browse(docids)
        journals.check_access("read")
        return {
            "doc_ids": docids,
            "doc_model": "edu.teaching.assignment",
            "docs": journals,
            **self._document_values(),
            "sections": self._journal_sections(journals),
        }


class ReportJournalBookFront(models.AbstractModel):
    """The title page and the table of contents of a printed journal."""

    _name = "report.hexlet_journal_reports.report_journal_book_front"
    _inherit = "report.hexlet_journal_reports.document"
    _description = "Printed Journal (title and contents)"

    @api.model
    def _get_report_values(self, docids, data=None):
        check_staff_reader(self.env)
        data = data or {}
        journals = self.env["edu.teaching.assignment"].browse(data.get("journal_ids") or docids)
        journals.check_access("read")
        group = journals.group_id[:1]
        year = journals.term_id.year_id[:1]
        starts = {int(key): value for key, value in (data.get("starts") or {}).items()}
        return {
            "doc_ids": docids,
            "doc_model": "edu.teaching.assignment",
            "docs": journals,
            **self._document_values(),
            "group": group,
            "program": group.sudo().program_id,
            "year": year,
            "curator": group.sudo().curator_id.name or "",
            "single": len(journals) == 1 and data.get("single"),
            "contents": [
                {
                    "title": journal.discipline_id.display_name,
                    "subgroup": journal.subgroup_id.name or "",
                    "term": journal.term_id.display_name,
                    "teacher": short_name(journal.teacher_id.sudo().name),
                    "sheet": starts.get(journal.id, ""),
                }
                for journal in journals
            ],
        }


class ReportJournalBookClosing(models.AbstractModel):
    """The closing sheet: how many sheets the journal has, and the signatures."""

    _name = "report.hexlet_journal_reports.report_journal_book_closing"
    _inherit = "report.hexlet_journal_reports.document"
    _description = "Printed Journal (closing sheet)"

    @api.model
    def _get_report_values(self, docids, data=None):
        check_staff_reader(self.env)
        data = data or {}
        journals = self.env["edu.teaching.assignment"].browse(data.get("journal_ids") or docids)
        journals.check_access("read")
        sheets = int(data.get("sheets") or 0)
        return {
            "doc_ids": docids,
            "doc_model": "edu.teaching.assignment",
            "docs": journals,
            **self._document_values(),
            **self._head_signature(),
            "sheets": sheets,
            "sheets_words": number_in_words(self.env, sheets),
            "director": self.env["res.users"]
            ._journal_signatory("hexlet_journal.group_director")
            ._journal_short_name(),
        }


class ReportJournalBookGroup(models.AbstractModel):
    """The printed journal of a group for a year, printed from the group (the PDF
    is put together by ``ir.actions.report._render_journal_book``; this gives
    the HTML preview its body)."""

    _name = "report.hexlet_journal_reports.report_journal_book_group"
    _inherit = "report.hexlet_journal_reports.report_journal_book"
    _description = "Printed Journal of a Group"

    @api.model
    def _get_report_values(self, docids, data=None):
        groups = self.env["edu.group"].browse(docids)
        groups.check_access("read")
        year_id = (data or {}).get("year_id")
        year = (
            self.env["edu.academic.year"]
            .browse(year_id if type(year_id) is int and 0 < year_id <= MAX_ID else ())
            .exists()
            or None
        )
        journals = self._book_journals(groups, year)
        return super()._get_report_values(journals.ids, data)


class ReportJournalBookSingle(models.AbstractModel):
    """One journal printed alone, bound like the group's."""

    _name = "report.hexlet_journal_reports.report_journal_book_single"
    _inherit = "report.hexlet_journal_reports.report_journal_book"
    _description = "Printed Journal of a Discipline"
