"""Read the rows of an uploaded CSV or XLSX table.

Both imports of the journal (КТП and schedule) take what a methodologist
exports from Excel or LibreOffice: XLSX, or CSV in UTF-8 (with or without BOM)
or Windows-1251, separated by ``;`` or ``,``.
"""

import csv
import io

import openpyxl

from odoo.exceptions import UserError


def _decode(data):
    for encoding in ("utf-8-sig", "cp1251"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return data.decode("latin-1")


class _SemicolonDialect(csv.excel):
    delimiter = ";"


def _read_csv(env, data):
    text = _decode(data)
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=";,\t")
    except csv.Error:
        dialect = _SemicolonDialect
    return [list(row) for row in csv.reader(io.StringIO(text), dialect)]


def _read_xlsx(env, data):
    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as error:
        raise UserError(
            env._("The file is not a readable XLSX workbook: %(error)s", error=error)
        ) from error
    sheet = book.worksheets[0]
    rows = []
    for row in sheet.iter_rows(values_only=True):
        rows.append(["" if value is None else value for value in row])
    return rows


def read_table(env, data, filename):
    """Return the rows (lists of cells) of the first sheet of the file.

    Cells keep their type for XLSX (numbers stay numbers); CSV cells are text.
    Trailing empty rows are dropped.
    """
    if not data:
        raise UserError(env._("Choose a file to import."))
    name = (filename or "").lower()
    if name.endswith((".xlsx", ".xlsm")) or data[:2] == b"PK":
        rows = _read_xlsx(env, data)
    elif name.endswith((".csv", ".txt")) or not name:
        rows = _read_csv(env, data)
    else:
        raise UserError(env._("Unsupported file type %(name)s: use XLSX or CSV.", name=filename))
    while rows and not any(str(cell).strip() for cell in rows[-1]):
        rows.pop()
    return rows
