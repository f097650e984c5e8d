import base64

from odoo import api, fields, models
from odoo.exceptions import UserError

from ..tools import read_table


class EduImportMixin(models.AbstractModel):
    """Upload a CSV/XLSX table, preview it, import all of it or nothing.

    Concrete wizards say which header words they recognise (``_header_words``),
    how a row becomes values or errors (``_parse_row``), and what importing
    the parsed values does (``_import_values``).
    """

    _name = "edu.import.mixin"
    _description = "Table Import"

    file = fields.Binary()
    filename = fields.Char()
    errors = fields.Text(compute="_compute_preview", store=True)
    error_count = fields.Integer(compute="_compute_preview", store=True)
    row_count = fields.Integer(string="Rows", compute="_compute_preview", store=True)

    _header_words = ()

    def _parse(self):
        """Return ``(values, errors)`` for the uploaded file."""
        self.ensure_one()
        if not self.file:
            return [], []
        # the web client saves with bin_size=True: read the bytes, not their size
        content = self.with_context(bin_size=False).file
        rows = read_table(self.env, base64.b64decode(content), self.filename)
        values, errors = [], []
        for index, row in enumerate(rows, start=1):
            cells = [
                str(cell).strip() if not isinstance(cell, (int, float)) else cell for cell in row
            ]
            if not any(str(cell).strip() for cell in cells):
                continue
            if index == 1 and self._is_header(cells):
                continue
            row_values, row_errors = self._parse_row(cells)
            errors += [
                self.env._("Line %(line)s: %(error)s", line=index, error=error)
                for error in row_errors
            ]
            if not row_errors:
                row_values["row_number"] = index
                values.append(row_values)
        if not values and not errors:
            errors.append(self.env._("The file has no rows to import."))
        return values, errors

    def _is_header(self, cells):
        words = {str(cell).strip().lower().rstrip(".:") for cell in cells}
        return bool(words & set(self._header_words))

    def _parse_row(self, cells):
        raise NotImplementedError

    def _import_values(self, values):
        raise NotImplementedError

    def _preview_commands(self, values):
        raise NotImplementedError

    @api.depends("file")
    def _compute_preview(self):
        for wizard in self:
            try:
                values, errors = wizard._parse()
            except UserError as error:
                values, errors = [], [error.args[0]]
            wizard.errors = "\n".join(errors) or False
            wizard.error_count = len(errors)
            wizard.row_count = len(values)
            wizard._set_preview(values)

    def _set_preview(self, values):
        """Fill the preview lines; concrete wizards override."""

    def action_import(self):
        self.ensure_one()
        values, errors = self._parse()
        if errors:
            raise UserError(
                self.env._(
                    "Nothing was imported. Fix the file and upload it again:\n%(errors)s",
                    errors="\n".join(errors),
                )
            )
        return self._import_values(values)

    @staticmethod
    def _cell_text(cells, index):
        if index >= len(cells):
            return ""
        cell = cells[index]
        if isinstance(cell, float) and cell.is_integer():
            cell = int(cell)
        return str(cell).strip()
