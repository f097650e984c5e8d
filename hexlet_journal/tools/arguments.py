"""Arguments a client sends to the journal's public methods, checked before use:
a wrong type answers with a clear, translated error, never a traceback."""

from datetime import date

from odoo import fields
from odoo.exceptions import UserError

MAX_ID = 2**31 - 1


def date_argument(env, value, default=None):
    """A day given as ``YYYY-MM-DD`` (or a date); ``default`` when empty."""
    if value in (None, False, ""):
        return default
    if isinstance(value, date):
        return value if not hasattr(value, "date") else value.date()
    parsed = None
    if isinstance(value, str):
        try:
            parsed = fields.Date.to_date(value)
        except ValueError:
            parsed = None
    if parsed:
        return parsed
    raise UserError(env._("«%(value)s» is not a date (YYYY-MM-DD).", value=value))


def int_argument(env, value, low=1, high=MAX_ID, what=None):
    """A whole number from ``low`` to ``high`` (JSON's true is not one)."""
    if type(value) is int and low <= value <= high:
        return value
    raise UserError(
        env._(
            "%(what)s must be a whole number from %(low)s to %(high)s, not «%(value)s».",
            what=what or env._("The number"),
            low=low,
            high=high,
            value=value,
        )
    )
