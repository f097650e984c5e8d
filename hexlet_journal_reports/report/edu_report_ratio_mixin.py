from odoo import models
from odoo.tools import SQL


class EduReportRatioMixin(models.AbstractModel):
    """The ratios of a report model's pivot cell, computed from the sums of the
    rows the cell groups (never an average of the rows' own ratios).

    A report model lists them in ``_ratios``: the aggregate asked for
    (``"field:avg"``, as the pivot asks) → an SQL template with one ``%s`` per
    summed column, and those columns."""

    _name = "edu.report.ratio.mixin"
    _description = "Report Ratios from Sums"

    _ratios = {}

    def _read_group_select(self, aggregate_spec, query):
        ratio = self._ratios.get(aggregate_spec)
        if not ratio:
            return super()._read_group_select(aggregate_spec, query)
        template, columns = ratio
        sums = [SQL("SUM(%s)", self._field_to_sql(self._table, name, query)) for name in columns]
        return SQL(template, *sums)
