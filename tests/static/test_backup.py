"""Retention and comparison of tools/backup.py, without a database: what the
restore drill of ``make test`` relies on to fail when a backup is not whole."""

from datetime import date, timedelta
from pathlib import Path

from backup import differences, to_keep


def names(days):
    return [Path(f"journal-{day:%Y-%m-%d}_020000.zip") for day in days]


def test_retention_keeps_30_days_12_months_and_every_year():
    today = date(2026, 12, 1)
    paths = names(today - timedelta(days=offset) for offset in range(4 * 366))
    kept = {path.name[8:18] for path in to_keep(paths)}
    daily = {f"{today - timedelta(days=offset):%Y-%m-%d}" for offset in range(30)}
    assert daily <= kept
    # the newest of each of the last 12 months: the 1st of December 2026 is the
    # newest of its month, then the last day of each month before
    assert "2025-12-31" in kept and "2025-11-30" not in kept
    # the newest of every year, however old
    assert {"2024-12-31", "2023-12-31"} <= kept
    assert len(kept) < 30 + 12 + 5
    assert "2026-10-15" not in kept


def test_backups_of_the_same_day_keep_the_newest():
    paths = [Path("journal-2026-12-01_020000.zip"), Path("journal-2026-12-01_140000.zip")]
    assert to_keep(paths) == {Path("journal-2026-12-01_140000.zip")}


def test_other_files_are_never_touched():
    assert to_keep([Path("notes.zip")]) == set()


def test_a_changed_row_or_file_is_a_difference():
    original = {"tables": {"edu_lesson": "3:abc"}, "attachments": {"7": "aa"}}
    assert differences(original, original) == []
    assert differences(original, {"tables": {"edu_lesson": "3:abd"}, "attachments": {"7": "aa"}})
    assert differences(original, {"tables": {"edu_lesson": "3:abc"}, "attachments": {}})
    missing = {"tables": {"edu_lesson": "3:abc"}, "attachments": {"7": "missing"}}
    assert differences(missing, missing)


def test_each_database_keeps_its_own_backups():
    paths = [Path("journal-2026-12-01_020000.zip"), Path("journal_test-2026-12-01_030000.zip")]
    assert to_keep(paths) == set(paths)
