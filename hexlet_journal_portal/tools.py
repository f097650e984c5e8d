"""What the family's pages and letters share."""

from datetime import timedelta

from odoo.tools.misc import format_date


def week_frame(env, day, year=True):
    """The Monday-to-Sunday week of ``day``, as the diary, the timetable and the
    weekly digest title it («23 – 29 ноября 2026»), with the weeks around it."""
    monday = day - timedelta(days=day.weekday())
    sunday = monday + timedelta(days=6)
    return {
        "monday": monday,
        "sunday": sunday,
        "title": env._(
            "%(start)s – %(end)s",
            start=format_date(env, monday, date_format="d MMMM"),
            end=format_date(env, sunday, date_format="d MMMM yyyy" if year else "d MMMM"),
        ),
        "previous": monday - timedelta(days=7),
        "next": monday + timedelta(days=7),
    }


def day_label(env, day):
    """«Вторник, 1 декабря»."""
    return format_date(env, day, date_format="EEEE, d MMMM").capitalize()
