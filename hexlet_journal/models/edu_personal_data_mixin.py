from odoo import api, models


def _read_write(method):
    """Odoo's RPC route runs ``@api.readonly`` methods in a read-only
    transaction; these reads write their personal-data log entry in the same
    request, so they are marked read-write."""
    method._readonly = False
    return method


class EduPersonalDataMixin(models.AbstractModel):
    """A model holding students' or families' personal data (152-ФЗ), whose
    reads the personal-data log records (``auditlog_rule.PERSONAL_DATA``).

    First in the model's ``_inherit``: the web client's read methods found
    first on the model are these, marked read-write (``read`` itself is
    auditlog's wrapper, marked in ``auditlog.rule._make_read``)."""

    _name = "edu.personal.data.mixin"
    _description = "Personal Data (logged reads)"

    @api.model
    @_read_write
    def search_read(
        self, domain=None, fields=None, offset=0, limit=None, order=None, **read_kwargs
    ):
        return super().search_read(domain, fields, offset, limit, order, **read_kwargs)

    @_read_write
    def web_read(self, specification):
        return super().web_read(specification)

    @api.model
    @_read_write
    def web_search_read(
        self, domain, specification, offset=0, limit=None, order=None, count_limit=None
    ):
        return super().web_search_read(
            domain, specification, offset=offset, limit=limit, order=order, count_limit=count_limit
        )
