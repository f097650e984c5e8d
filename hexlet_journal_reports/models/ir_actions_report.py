import io

from odoo import api, fields, models

from odoo.addons.hexlet_journal.tools.arguments import MAX_ID

from ..report.report_journal_book import MARKER, MARKER_LINK
from ..tools import link_pages, merge_pdfs, page_count, page_texts, stamp_page_numbers

DOCUMENT_PREFIX = "hexlet_journal_reports."
DOCUMENT_LANG = "ru_RU"


class IrActionsReport(models.Model):
    _inherit = "ir.actions.report"

    page_numbering = fields.Selection(
        [("page_of", "Page N of M"), ("sheet", "Sheet N")],
        help="Stamped at the bottom of every page after rendering (wkhtmltopdf without "
        "patched Qt drops the HTML footer). «Page N of M» is left off a one-page "
        "document; «Sheet N» numbers every sheet.",
    )

    journal_book = fields.Boolean(
        string="Bound Journal",
        help="A printed journal: rendered with its title page, contents and closing "
        "sheet (which states the number of sheets), every sheet numbered.",
    )

    def _journal_document_env(self, report):
        """The college's documents are Russian: printed in Russian (decimal
        comma, Russian labels) whatever the printing user's language, when
        Russian is installed."""
        if not report.report_name.startswith(DOCUMENT_PREFIX):
            return self
        if not self.env["res.lang"]._get_code(DOCUMENT_LANG):
            return self
        return self.with_context(lang=DOCUMENT_LANG)

    @api.model
    def _render_qweb_html(self, report_ref, docids, data=None):
        this = self._journal_document_env(self._get_report(report_ref))
        return super(IrActionsReport, this)._render_qweb_html(report_ref, docids, data=data)

    @api.model
    def _render_xlsx(self, report_ref, docids, data):
        this = self._journal_document_env(self._get_report(report_ref))
        return super(IrActionsReport, this)._render_xlsx(report_ref, docids, data)

    def _page_number_label(self, numbering):
        """``label(page, total)`` of a numbering style, in the language of the env."""
        if numbering == "sheet":
            return lambda page, total: self.env._("Sheet %(page)s", page=page)
        return lambda page, total: self.env._("Page %(page)s of %(total)s", page=page, total=total)

    def _number_pages(self, pdf, numbering):
        """The PDF (bytes) with its pages numbered in the style ``numbering``
        (see the field page_numbering). Reusable by any document."""
        if not numbering or (numbering == "page_of" and page_count(pdf) < 2):
            return pdf
        return stamp_page_numbers(pdf, self._page_number_label(numbering))

    def _render_journal_book(self, record, year=None, with_kind=False):
        """The printed journal of a group for a year (or of one journal), as PDF
        bytes: the body first, then the front whose contents give each journal's
        first sheet (read back from the body's text) and the closing sheet with
        the count; every sheet stamped «Лист N». With ``with_kind``, (content,
        «pdf»), or the body's (HTML, «html») where the test mode renders no PDF."""
        this = self._journal_document_env(
            self.env.ref("hexlet_journal_reports.action_report_journal_book_body")
        )
        Book = self.env["report.hexlet_journal_reports.report_journal_book"]
        journals = Book._book_journals(record, year)
        body, kind = this._render_qweb_pdf(
            "hexlet_journal_reports.report_journal_book", journals.ids
        )
        if kind != "pdf":
            return (body, kind) if with_kind else body
        firsts = self._journal_first_pages(body, journals)
        data = {
            "journal_ids": journals.ids,
            "single": record._name == "edu.teaching.assignment",
        }
        front_pages = 2
        for _attempt in range(3):
            starts = {
                str(journal_id): front_pages + index + 1 for journal_id, index in firsts.items()
            }
            front = this._render_qweb_pdf(
                "hexlet_journal_reports.report_journal_book_front",
                journals.ids,
                data={**data, "starts": starts},
            )[0]
            if page_count(front) == front_pages:
                break
            front_pages = page_count(front)
        sheets = front_pages + page_count(body) + 1
        closing = this._render_qweb_pdf(
            "hexlet_journal_reports.report_journal_book_closing",
            journals.ids,
            data={**data, "sheets": sheets},
        )[0]
        # numbered sheets: the stamping compacts the merged book
        book = this._number_pages(merge_pdfs([front, body, closing], compact=False), "sheet")
        return (book, "pdf") if with_kind else book

    def _journal_first_pages(self, body, journals):
        """{journal id: index of its first sheet in the body}: from the markers'
        links (fast), else from the sheets' text."""
        links = link_pages(body, MARKER_LINK.split("{", 1)[0])
        if links:  # a journal without sheets has no marker: it points at the first
            return {
                journal.id: links.get(MARKER_LINK.format(journal.id), 0) for journal in journals
            }
        markers = {journal.id: MARKER.format(journal.id) for journal in journals}
        texts = page_texts(body)
        return {
            journal_id: next((index for index, text in enumerate(texts) if marker in text), 0)
            for journal_id, marker in markers.items()
        }

    def _render_qweb_pdf_prepare_streams(self, report_ref, data, res_ids=None):
        report = self._get_report(report_ref)
        if report.journal_book and res_ids:
            year_id = (data or {}).get("year_id")
            year = (
                self.env["edu.academic.year"]
                .browse(year_id if type(year_id) is int and 0 < year_id <= MAX_ID else ())
                .exists()
            )
            records = self.env[report.model].browse(res_ids)
            return {
                record.id: {
                    "stream": io.BytesIO(self._render_journal_book(record, year or None)),
                    "attachment": None,
                }
                for record in records
            }
        if not report.page_numbering or self.env.context.get("journal_pages_numbered"):
            return super()._render_qweb_pdf_prepare_streams(report_ref, data, res_ids=res_ids)
        # numbered once, per document, after Odoo has split the PDF by record
        streams = super(
            IrActionsReport, self.with_context(journal_pages_numbered=True)
        )._render_qweb_pdf_prepare_streams(report_ref, data, res_ids=res_ids)
        this = self._journal_document_env(report)
        for item in streams.values():
            if item.get("stream") and not item.get("attachment"):
                numbered = this._number_pages(item["stream"].getvalue(), report.page_numbering)
                item["stream"].close()
                item["stream"] = io.BytesIO(numbered)
        return streams
