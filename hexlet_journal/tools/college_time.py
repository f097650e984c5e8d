"""The college's clock.

Every date rule of the journal ("today", "entered on the lesson day", "the
Monday check") is judged in the college's time zone, never in the server's
UTC nor in the browser's zone of whoever happens to be logged in.
"""

from datetime import datetime, timezone

import pytz

from odoo.tools.misc import format_date

DEFAULT_COLLEGE_TZ = "Europe/Moscow"


def college_tz(env):
    name = (
        env["ir.config_parameter"].sudo().get_param("hexlet_journal.college_tz")
        or DEFAULT_COLLEGE_TZ
    )
    try:
        return pytz.timezone(name)
    except pytz.UnknownTimeZoneError:
        return pytz.timezone(DEFAULT_COLLEGE_TZ)


def college_now(env, utc_moment=None):
    """Aware datetime in college time for a naive UTC moment (default: now)."""
    if utc_moment is None:
        return datetime.now(timezone.utc).astimezone(college_tz(env))
    return pytz.utc.localize(utc_moment).astimezone(college_tz(env))


def college_today(env):
    return college_now(env).date()


def format_day(env, value):
    """A date as the reader's language writes it (dd.mm.yyyy in Russian), or ''."""
    return format_date(env, value) if value else ""


def college_lang(env):
    """The college's working language: its setting, else Russian when installed."""
    code = env["ir.config_parameter"].sudo().get_param("hexlet_journal.college_lang")
    langs = dict(env["res.lang"].get_installed())
    if code in langs:
        return code
    if "ru_RU" in langs:
        return "ru_RU"
    return env.lang or "en_US"
