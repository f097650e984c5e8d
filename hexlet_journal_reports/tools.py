"""What every printed document of the journal shares: names as «И.О. Фамилия»,
numbers with the language's decimal comma, dates as dd.mm.yyyy, and page
numbers stamped on a rendered PDF."""

import io
import logging
import os

from num2words import num2words
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

from odoo.exceptions import AccessError
from odoo.tools import file_path
from odoo.tools.misc import format_date, formatLang
from odoo.tools.pdf import PdfFileReader, PdfFileWriter

_logger = logging.getLogger(__name__)

NO_FIGURE = "—"

# A TrueType font with Cyrillic for the stamped text: the documents' DejaVu
# Serif when the system has it, else the Noto Sans shipped with Odoo's web.
STAMP_FONTS = (
    "/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf",
    "/usr/share/fonts/dejavu/DejaVuSerif.ttf",
    "web/static/fonts/sign/NotoSans-Reg.ttf",
)
STAMP_FONT_NAME = "HexletJournalStamp"
STAMP_FONT_SIZE = 8
STAMP_BOTTOM = 14  # points above the bottom edge: inside the 10–12 mm margin


def check_staff_reader(env):
    """The college's documents are printed by its staff: a portal user (a student, a
    parent) prints none of them, whatever record rule lets them read a statement
    that holds their own line (SECURITY-REVIEW.md V4)."""
    if env.user.share and not env.su:
        raise AccessError(env._("The college's documents are printed by its staff."))


def short_name(name):
    """«Лебедев Дмитрий Олегович» → «Д.О. Лебедев»; «Морозов И.Н.» → «И.Н. Морозов».

    A single word (or nothing) comes back as it is.
    """
    words = (name or "").split()
    if len(words) < 2:
        return name or ""
    surname, *given = words
    initials = "".join(word if word.endswith(".") else f"{word[0].upper()}." for word in given)
    return f"{initials} {surname}"


def format_number(env, value, digits=1):
    """A figure in the language of ``env`` (a decimal comma in Russian);
    «—» when there is no figure (None). ``digits=None``: as many decimals as
    the value has, up to two (hours: «72», «1,5»)."""
    if value is None:
        return NO_FIGURE
    if digits is None:
        digits = next((places for places in (0, 1) if round(value, places) == round(value, 2)), 2)
    return formatLang(env, value, digits=digits)


def format_signed(env, value, digits=2):
    """A deviation with its sign: «+0,50», «-1,25», «0,00»."""
    if value is None:
        return NO_FIGURE
    text = format_number(env, value, digits)
    return f"+{text}" if round(value, digits) > 0 else text


def format_day(env, value):
    """dd.mm.yyyy, the date of a Russian document, whatever the language's format."""
    return format_date(env, value, date_format="dd.MM.yyyy") if value else ""


def _stamp_font():
    """Register (once) and return the name of a font able to write Cyrillic."""
    if STAMP_FONT_NAME in pdfmetrics.getRegisteredFontNames():
        return STAMP_FONT_NAME
    for candidate in STAMP_FONTS:
        try:
            path = candidate if os.path.isabs(candidate) else file_path(candidate)
        except (FileNotFoundError, ValueError):
            continue
        if os.path.isfile(path):
            pdfmetrics.registerFont(TTFont(STAMP_FONT_NAME, path))
            return STAMP_FONT_NAME
    _logger.warning("No TrueType font with Cyrillic found for page numbers; using Helvetica.")
    return "Helvetica"


def translate_labels(env, labels):
    """A dict of labels marked with ``_lt`` (a module's constant), translated
    into the language of ``env``: the document's, not the printing user's."""
    return {key: env._(label) for key, label in labels.items()}


def number_in_words(env, number):
    """«сто двадцать три» for 123, in the language of ``env`` (the closing sheet
    of a bound journal states its count in figures and in words)."""
    lang = (env.lang or "en_US").split("_")[0]
    try:
        return num2words(number, lang=lang)
    except NotImplementedError:
        return num2words(number)


def page_count(pdf):
    """The number of pages of a PDF (bytes)."""
    return PdfFileReader(io.BytesIO(pdf), strict=False).getNumPages()


def page_texts(pdf):
    """The text of each page of a PDF (bytes), as pypdf extracts it."""
    reader = PdfFileReader(io.BytesIO(pdf), strict=False)
    return [page.extract_text() or "" for page in reader.pages]


def _written(output, compact=True):
    """The bytes of a PDF writer, compact: pages rewritten by pypdf keep their
    content uncompressed and each merged part its own copy of the fonts, which
    made a bound journal twenty times its size. Without ``compact``, as they
    come (for a next step that compacts them)."""
    if compact:
        for page in output.pages:
            page.compress_content_streams()
        if hasattr(output, "compress_identical_objects"):  # pypdf ≥ 4.3
            output.compress_identical_objects(remove_identicals=True, remove_orphans=True)
    result = io.BytesIO()
    output.write(result)
    return result.getvalue()


def link_pages(pdf, prefix):
    """{link target: page index} of the PDF's links whose target starts with
    ``prefix``. wkhtmltopdf, patched Qt or not, keeps an HTML link as a link
    annotation of its page: a marked sheet is found in a long document without
    extracting any text (which takes pypdf most of a second per sheet)."""
    reader = PdfFileReader(io.BytesIO(pdf), strict=False)
    found = {}
    for index, page in enumerate(reader.pages):
        for annotation in page.get("/Annots") or []:
            action = annotation.get_object().get("/A") or {}
            target = str(action.get("/URI") or "")
            if target.startswith(prefix) and target not in found:
                found[target] = index
    return found


def merge_pdfs(pdfs, compact=True):
    """One PDF of the pages of ``pdfs`` (bytes), in order. Without ``compact``
    it is written as it comes, for a next step that compacts it (stamping the
    page numbers): compressing twice took a bound journal a second."""
    output = PdfFileWriter()
    for pdf in pdfs:
        reader = PdfFileReader(io.BytesIO(pdf), strict=False)
        for index in range(reader.getNumPages()):
            output.addPage(reader.getPage(index))
    return _written(output, compact)


def stamp_page_numbers(pdf, label):
    """Write ``label(page, total)`` centred at the bottom of every page of
    ``pdf`` (bytes) and return the new PDF (bytes).

    wkhtmltopdf builds without patched Qt ignore Odoo's HTML footer, so page
    numbers are added after rendering: reportlab draws them on a page of the
    same size, pypdf lays it over the document's page.
    """
    document = PdfFileReader(io.BytesIO(pdf), strict=False)
    total = document.getNumPages()
    font = _stamp_font()
    overlay_stream = io.BytesIO()
    overlay = canvas.Canvas(overlay_stream)
    for index in range(total):
        page = document.getPage(index)
        width = float(abs(page.mediaBox.getWidth()))
        height = float(abs(page.mediaBox.getHeight()))
        overlay.setPageSize((width, height))
        overlay.setFont(font, STAMP_FONT_SIZE)
        overlay.drawCentredString(width / 2, STAMP_BOTTOM, label(index + 1, total))
        overlay.showPage()
    overlay.save()
    numbers = PdfFileReader(overlay_stream, strict=False)
    output = PdfFileWriter()
    for index in range(total):
        page = document.getPage(index)
        page.mergePage(numbers.getPage(index))
        output.addPage(page)
    return _written(output)
