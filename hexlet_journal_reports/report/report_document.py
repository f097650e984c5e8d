from odoo import api, models

from ..tools import check_staff_reader, format_day, format_number, format_signed, short_name

# CSS pixels per millimetre of the printable area the document is laid out
# for: a little more than wkhtmltopdf's own (≈4.9 with Odoo's dpi 90 and
# zoom), so the page is always shrunk to fit its width and a page of the PDF
# is exactly (printable height × this) pixels high. Were wkhtmltopdf's own
# larger, pages would only break a little early.
PX_PER_MM = 5.0


class ReportDocument(models.AbstractModel):
    """What the QWeb documents share: the company and the formatting helpers."""

    _name = "report.hexlet_journal_reports.document"
    _description = "Journal Document"

    def _page_box(self):
        """The printable area of the document's paper format in CSS pixels:
        the page is laid out that wide, and the pagination script of
        document_style starts a new page every ``height`` pixels."""
        report = self.env["ir.actions.report"]._get_report_from_name(
            self._name.removeprefix("report.")
        )
        paperformat = report.get_paperformat() if report else self.env.company.paperformat_id
        if not paperformat:
            return {}
        width = paperformat.print_page_width - paperformat.margin_left - paperformat.margin_right
        height = paperformat.print_page_height - paperformat.margin_top - paperformat.margin_bottom
        return {"width": round(width * PX_PER_MM), "height": round(height * PX_PER_MM)}

    def _check_document_reader(self):
        """Who prints the college's documents: its staff (a document with its own
        readers overrides this)."""
        check_staff_reader(self.env)

    def _document_values(self):
        env = self.env
        self._check_document_reader()
        return {
            "company": env.company,
            "page_box": self._page_box(),
            # numbers with the language's decimal comma, «—» when missing
            "num": lambda value, digits=1: format_number(env, value, digits),
            "signed": lambda value, digits=2: format_signed(env, value, digits),
            # dd.mm.yyyy
            "day": lambda value: format_day(env, value),
            # «И.О. Фамилия»
            "short_name": short_name,
        }

    @api.model
    def _head_signature(self):
        """The head of the ДО и ПО department signs the §6 reports: the role
        and «И.О. Фамилия», or a blank name when nobody holds the role."""
        head = self.env["res.users"]._journal_signatory("hexlet_journal.group_admin")
        return {
            "signature_role": self.env._("Head of the DO and PO Department"),
            "signature_name": head._journal_short_name(),
        }
