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


def _value_fits(env, field, value):
    """Whether ``value`` is something ``field`` stores (what a client may send)."""
    if value is None or value is False:
        return True
    kind = field.type
    if kind == "many2one":
        return hasattr(value, "_name") or (type(value) is int and 0 < value <= MAX_ID)
    if kind == "integer":
        return type(value) is int and -MAX_ID <= value <= MAX_ID
    if kind in ("float", "monetary"):
        return isinstance(value, (int, float)) and abs(value) < 1e15
    if kind in ("char", "text", "html"):
        return not isinstance(value, (dict, list, tuple)) and "\x00" not in str(value)
    if kind == "selection":
        if not isinstance(value, (str, int)):
            return False
        selection = field.selection
        if callable(selection) or isinstance(selection, str):
            return True  # computed per record: the field checks it
        return value in {key for key, _label in selection}
    if kind in ("date", "datetime"):
        if isinstance(value, date):
            return True
        if not isinstance(value, str):
            return False
        try:
            convert = fields.Date.to_date if kind == "date" else fields.Datetime.to_datetime
            return convert(value) is not None
        except (ValueError, TypeError, OverflowError):
            return False
    return True


def _is_id(value, onchange=False):
    """A record id; in a form's onchange also the client's name of a line not
    saved yet («virtual_12»)."""
    return (type(value) is int and 0 < value <= MAX_ID) or (onchange and isinstance(value, str))


def _commands_fit(value, onchange=False):
    """Whether an x2many value is a list of Odoo's commands with record ids where
    ids go (``[(6, 0, [ids])]``, ``[(4, id)]``, ``[(0, 0, {...})]``…)."""
    if value in (None, False):
        return True
    if not isinstance(value, (list, tuple)):
        return False
    for command in value:
        if (
            not isinstance(command, (list, tuple))
            or not command
            or not isinstance(command[0], int)
            or isinstance(command[0], bool)
        ):
            return False
        code = command[0]
        if code == 0:
            ok = len(command) == 3 and isinstance(command[2], dict)
        elif code == 1:
            ok = len(command) == 3 and _is_id(command[1], onchange) and isinstance(command[2], dict)
        elif code in (2, 3):
            ok = len(command) >= 2 and _is_id(command[1], onchange)
        elif code == 4:
            ok = len(command) >= 2 and _is_id(command[1])
        elif code == 5:
            ok = True
        elif code == 6:
            ok = (
                len(command) == 3
                and isinstance(command[2], (list, tuple))
                and all(_is_id(one) for one in command[2])
            )
        else:
            ok = False
        if not ok:
            return False
    return True


def check_field_values(model, vals, onchange=False):
    """Refuse, with a translated error, a value its field cannot store: a word for
    a date, an unknown choice, a text for a number — which Odoo answers with a
    traceback (HTTP 500) before any rule of the journal is asked."""
    env = model.env
    if not isinstance(vals, dict):
        raise UserError(env._("The values of a record are sent as a dictionary."))
    for name, value in vals.items():
        field = model._fields.get(name)
        if field is not None and field.type in ("one2many", "many2many"):
            if not _commands_fit(value, onchange):
                raise UserError(
                    env._(
                        "«%(field)s» of %(model)s takes a list of its lines' commands.",
                        field=field._description_string(env),
                        model=env["ir.model"].sudo()._get(model._name).name,
                    )
                )
            # the lines' own values, in the commands that carry them
            for command in value or ():
                if command[0] in (0, 1) and isinstance(command[2], dict):
                    check_field_values(env[field.comodel_name], command[2], onchange)
            continue
        if onchange and field is not None and field.type == "many2one" and isinstance(value, dict):
            # a line's onchange carries its parent's values under the inverse field
            check_field_values(env[field.comodel_name], value, onchange)
            continue
        if field is None or _value_fits(env, field, value):
            continue
        if field.type == "many2one":
            message = env._(
                "«%(field)s» of %(model)s takes a record (its number), not «%(value)s».",
                field=field._description_string(env),
                model=env["ir.model"].sudo()._get(model._name).name,
                value=value,
            )
        else:
            message = env._(
                "«%(value)s» is not a value of «%(field)s» of %(model)s.",
                field=field._description_string(env),
                model=env["ir.model"].sudo()._get(model._name).name,
                value=str(value).replace("\x00", "")[:80],
            )
        raise UserError(message)
