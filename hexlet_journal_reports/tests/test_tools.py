"""The shared helpers of the documents: initials, figures, dates, page numbers."""

import io
from datetime import date

from pypdf import PdfReader
from reportlab.pdfgen import canvas

from odoo.tests import TransactionCase, tagged

from ..tools import format_day, format_number, format_signed, short_name


def blank_pdf(pages):
    """A PDF of A4 pages, each with its own text."""
    stream = io.BytesIO()
    drawing = canvas.Canvas(stream)
    for index in range(pages):
        drawing.drawString(100, 700, f"content {index + 1}")
        drawing.showPage()
    drawing.save()
    return stream.getvalue()


def page_texts(pdf):
    return [page.extract_text() or "" for page in PdfReader(io.BytesIO(pdf)).pages]


@tagged("post_install", "-at_install")
class TestDocumentTools(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        if not cls.env["res.lang"]._get_code("ru_RU"):
            cls.env["res.lang"]._activate_lang("ru_RU")
            cls.env["ir.module.module"].search(
                [("name", "=", "hexlet_journal_reports")]
            )._update_translations(["ru_RU"])
        cls.ru = cls.env(context=dict(cls.env.context, lang="ru_RU"))

    def test_short_name(self):
        self.assertEqual(short_name("Лебедев Дмитрий Олегович"), "Д.О. Лебедев")
        self.assertEqual(short_name("Борисова Анна"), "А. Борисова")
        self.assertEqual(short_name("Морозов И.Н."), "И.Н. Морозов")
        self.assertEqual(short_name("Салтыков-Щедрин Михаил Евграфович"), "М.Е. Салтыков-Щедрин")
        self.assertEqual(short_name("admin"), "admin")
        self.assertEqual(short_name(False), "")
        user = self.env["res.users"].new({"name": "Морозов Игорь Николаевич"})
        self.assertEqual(user._journal_short_name(), "И.Н. Морозов")

    def test_figures_and_dates(self):
        self.assertEqual(format_number(self.ru, 87.5), "87,5")
        self.assertEqual(format_number(self.ru, 91.94), "91,9")
        self.assertEqual(format_number(self.ru, 3.456, 2), "3,46")
        self.assertEqual(format_number(self.ru, 72.0, None), "72")
        self.assertEqual(format_number(self.ru, 1.5, None), "1,5")
        self.assertEqual(format_number(self.ru, None), "—")
        self.assertEqual(format_signed(self.ru, 0.5), "+0,50")
        self.assertEqual(format_signed(self.ru, -1.25), "-1,25")
        self.assertEqual(format_day(self.ru, date(2026, 12, 1)), "01.12.2026")
        self.assertEqual(format_day(self.env, date(2026, 3, 9)), "09.03.2026")

    def test_page_numbers(self):
        Report = self.env["ir.actions.report"].with_context(lang="ru_RU")
        three = blank_pdf(3)
        texts = page_texts(Report._number_pages(three, "page_of"))
        for number, text in enumerate(texts, start=1):
            self.assertIn(f"content {number}", text)
            self.assertIn(f"Стр. {number} из 3", text)
        texts = page_texts(Report._number_pages(three, "sheet"))
        self.assertEqual(
            [text.split("Лист ")[-1].strip() for text in texts], ["1", "2", "3"], texts
        )
        # a one-page document keeps no «Стр. 1 из 1»; «Лист 1» is stamped
        one = blank_pdf(1)
        self.assertEqual(Report._number_pages(one, "page_of"), one)
        self.assertIn("Лист 1", page_texts(Report._number_pages(one, "sheet"))[0])
        self.assertEqual(Report._number_pages(three, False), three)

    def test_numbered_reports(self):
        """Every document a user prints has its pages numbered: «Стр. N из M», and
        «Лист N» for the bound journals; their parts are numbered once bound."""
        printed = self.env["ir.actions.report"].search(
            [
                ("report_name", "=like", "hexlet_journal_reports.%"),
                ("report_type", "=", "qweb-pdf"),
                ("binding_model_id", "!=", False),
            ]
        )
        self.assertEqual(len(printed), 6)
        self.assertFalse(printed.filtered(lambda report: not report.page_numbering))
        books = printed.filtered("journal_book")
        self.assertEqual(set(books.mapped("page_numbering")), {"sheet"})
        self.assertEqual(set((printed - books).mapped("page_numbering")), {"page_of"})

    def test_numbered_and_merged_pdfs_stay_compact(self):
        """Stamping and merging keep every page's content compressed and one copy
        of each font: a bound journal was once twenty times its size."""
        from ..tools import merge_pdfs, stamp_page_numbers

        part = blank_pdf(4)
        stamped = stamp_page_numbers(part, lambda page, total: f"Лист {page}")
        merged = merge_pdfs([stamped, stamped, stamped])
        for pdf in (stamped, merged):
            for page in PdfReader(io.BytesIO(pdf)).pages:
                contents = page["/Contents"].get_object()
                streams = contents if isinstance(contents, list) else [contents]
                for stream in streams:
                    self.assertEqual(stream.get_object().get("/Filter"), "/FlateDecode")
        # the three parts' fonts are stored once
        self.assertLess(len(merged), 2 * len(stamped))
