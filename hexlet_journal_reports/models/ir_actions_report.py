import io

from odoo import api, fields, models

from ..tools import page_count, stamp_page_numbers

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

    def _render_qweb_pdf_prepare_streams(self, report_ref, data, res_ids=None):
        report = self._get_report(report_ref)
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
