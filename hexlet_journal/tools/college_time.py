"""The college's clock.

Every date rule of the journal ("today", "entered on the lesson day", "the
Monday check") is judged in the college's time zone, never in the server's
UTC nor in the browser's zone of whoever happens to be logged in.
"""

from datetime import datetime, time, timedelta, timezone

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


# The college's bells: pair N from its start to its end (a pair is two academic
# hours of 45 minutes with a short break). The college sets its own in Settings.
DEFAULT_PAIR_TIMES = (
    "08:30-10:00, 10:10-11:40, 12:10-13:40, 13:50-15:20, "
    "15:30-17:00, 17:10-18:40, 18:50-20:20, 20:30-22:00"
)


def parse_pair_times(text):
    """``{number: (start, end)}`` of a bell text «08:30-10:00, 10:10-11:40», or
    ``None`` when it cannot be read."""
    times = {}
    for number, span in enumerate((text or "").split(","), start=1):
        start, _sep, end = span.strip().partition("-")
        try:
            start_at = datetime.strptime(start.strip(), "%H:%M").time()
            end_at = datetime.strptime(end.strip(), "%H:%M").time()
        except ValueError:
            return None
        if end_at <= start_at:
            return None
        times[number] = (start_at, end_at)
    return times or None


def pair_times(env):
    """``{pair number: "08:30–10:00"}``: the college's bells (Settings), or the
    usual ones when they are not set or cannot be read."""
    text = env["ir.config_parameter"].sudo().get_param("hexlet_journal.pair_times")
    times = parse_pair_times(text) or parse_pair_times(DEFAULT_PAIR_TIMES)
    return {number: f"{start:%H:%M}–{end:%H:%M}" for number, (start, end) in times.items()}


def college_day_bounds(env, date_from, date_to):
    """The days from ``date_from`` to ``date_to`` (both included) in college time,
    as naive UTC moments ``(start, end)`` (how Datetime fields store): a moment
    is in the days when ``start <= moment < end``."""
    tz = college_tz(env)
    start = tz.localize(datetime.combine(date_from, time.min))
    end = tz.localize(datetime.combine(date_to + timedelta(days=1), time.min))
    return (
        start.astimezone(pytz.utc).replace(tzinfo=None),
        end.astimezone(pytz.utc).replace(tzinfo=None),
    )
