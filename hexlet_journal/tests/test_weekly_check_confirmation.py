"""§6.1 facts the activity report reads: when a curator confirmed the weekly
check (recorded by the button, written by nobody by hand), and the logins Odoo
logs (kept long enough to be counted)."""

from datetime import timedelta

from freezegun import freeze_time

from odoo import fields
from odoo.exceptions import UserError
from odoo.tests import HttpCase, tagged
from odoo.tools import SQL

from ..models.res_users_log import LOGIN_LOG_DAYS
from ..tools import college_day_bounds
from .common import LessonCase
from .test_integrity import RefusalMixin


@tagged("post_install", "-at_install")
class TestWeeklyCheckConfirmation(RefusalMixin, LessonCase, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Check = cls.env["edu.weekly.check"]
        # the last full week: its check is due by the end of the Wednesday after it
        cls.monday = cls.today - timedelta(days=cls.today.weekday() + 7)
        cls.wednesday_after = cls.monday + timedelta(days=9)
        cls.check_a = cls.Check.create(cls.Check._build(cls.group_a, cls.monday))
        cls.check_b = cls.Check.create(cls.Check._build(cls.group_b, cls.monday))

    def college_moment(self, day, hour, minute=0):
        """The naive UTC moment of an hour of a day in college time."""
        start, _end = college_day_bounds(self.env, day, day)
        return start + timedelta(hours=hour, minutes=minute)

    def test_confirm_records_when_and_whether_on_time(self):
        self.assertEqual(self.check_a._confirm_deadline(), self.wednesday_after)
        # 23:30 on the Wednesday after the week, college time: on time
        on_time = self.college_moment(self.wednesday_after, 23, 30)
        with freeze_time(on_time):
            self.check_a.with_user(self.curator_a).action_confirm()
        self.assertEqual(self.check_a.state, "confirmed")
        self.assertEqual(self.check_a.confirmed_at, on_time)
        self.assertTrue(self.check_a.confirmed_on_time)
        # 00:30 on the Thursday (still Wednesday in UTC): late
        late = self.college_moment(self.wednesday_after + timedelta(days=1), 0, 30)
        self.assertEqual(late.date(), self.wednesday_after)
        with freeze_time(late):
            self.check_b.with_user(self.curator_b).action_confirm()
        self.assertEqual(self.check_b.confirmed_at, late)
        self.assertFalse(self.check_b.confirmed_on_time)

    def test_confirmed_twice_refused(self):
        moment = self.college_moment(self.wednesday_after, 10)
        with freeze_time(moment):
            self.check_a.with_user(self.curator_a).action_confirm()
        with (
            freeze_time(moment + timedelta(days=5)),
            self.assertRaisesRegex(UserError, "is already confirmed"),
        ):
            self.check_a.with_user(self.curator_a).action_confirm()
        self.check_a.invalidate_recordset()
        self.assertEqual(self.check_a.confirmed_at, moment)
        self.assertTrue(self.check_a.confirmed_on_time)

    def test_confirmation_not_written_by_hand(self):
        # the curator, on their own check, over JSON-RPC: before and after confirming
        for values in (
            {"confirmed_at": "2020-01-01 08:00:00"},
            {"confirmed_on_time": True},
            {"state": "confirmed", "confirmed_at": "2020-01-01 08:00:00"},
        ):
            self._refused(self.curator_a, "edu.weekly.check", "write", self.check_a.ids, values)
        self.check_a.invalidate_recordset()
        self.assertEqual(
            (self.check_a.state, self.check_a.confirmed_at, self.check_a.confirmed_on_time),
            ("draft", False, False),
        )
        # the clear error, in the ORM
        with self.assertRaisesRegex(UserError, "Confirmed On.*the journal records it itself"):
            self.check_a.with_user(self.curator_a).write({"confirmed_at": fields.Datetime.now()})
        moment = self.college_moment(self.wednesday_after + timedelta(days=2), 9)
        with freeze_time(moment):
            self.check_a.with_user(self.curator_a).action_confirm()
        self._refused(
            self.curator_a,
            "edu.weekly.check",
            "write",
            self.check_a.ids,
            {"confirmed_at": fields.Datetime.to_string(self.college_moment(self.monday, 9))},
        )
        self._refused(
            self.jadmin, "edu.weekly.check", "write", self.check_a.ids, {"confirmed_on_time": True}
        )
        self.check_a.invalidate_recordset()
        self.assertEqual(self.check_a.confirmed_at, moment)
        self.assertFalse(self.check_a.confirmed_on_time)
        # nor given when a check is created (the journal administrator creates them)
        next_week = self.monday + timedelta(days=7)
        vals = self.Check._build(self.group_a, next_week)
        with self.assertRaisesRegex(UserError, "the journal records it itself"):
            self.Check.with_user(self.jadmin).create(dict(vals, confirmed_at=fields.Datetime.now()))
        self.assertFalse(
            self.Check.search([("group_id", "=", self.group_a.id), ("week_start", "=", next_week)])
        )

    def test_weeks_due(self):
        sunday = self.monday + timedelta(days=6)
        due = self.Check._weeks_due(
            self.group_a | self.group_b, self.monday - timedelta(days=7), sunday
        )
        weeks = [self.monday - timedelta(days=7), self.monday]
        self.assertEqual(due[self.group_a], weeks)
        self.assertEqual(due[self.group_b], weeks)
        # a week ends in the period: from a Monday to the Saturday, none
        self.assertEqual(
            self.Check._weeks_due(self.group_a, self.monday, sunday - timedelta(days=1)), {}
        )
        # a group without journals in the term has no check due
        group_c = self.env["edu.group"].create(
            {
                "name": "Т-ИСП-3",
                "program_id": self.program.id,
                "admission_year": self.group_a.admission_year,
                "curator_id": self.curator_a.id,
            }
        )
        self.assertEqual(self.Check._weeks_due(group_c, self.monday, sunday), {})


@tagged("post_install", "-at_install")
class TestLoginLog(LessonCase):
    def test_logins_kept_for_the_report(self):
        """Odoo keeps each user's last login only; the journal keeps the last
        LOGIN_LOG_DAYS days of them for the activity report."""
        now = fields.Datetime.now()
        ages = {self.teacher_a: (LOGIN_LOG_DAYS + 100, LOGIN_LOG_DAYS + 50, 30, 1)}
        ages[self.teacher_b] = (LOGIN_LOG_DAYS + 200,)
        for user, days in ages.items():
            for age in days:
                self.env.cr.execute(
                    SQL(
                        "INSERT INTO res_users_log (create_uid, create_date, write_uid, "
                        "write_date) VALUES (%s, %s, %s, %s)",
                        user.id,
                        now - timedelta(days=age),
                        user.id,
                        now - timedelta(days=age),
                    )
                )
        self.env["res.users.log"]._gc_user_logs()

        def kept(user):
            self.env.cr.execute(
                SQL(
                    "SELECT create_date FROM res_users_log WHERE create_uid = %s "
                    "ORDER BY create_date DESC",
                    user.id,
                )
            )
            return [(now - row[0]).days for row in self.env.cr.fetchall()]

        self.assertEqual(kept(self.teacher_a), [1, 30])
        # the last login is kept however old
        self.assertEqual(kept(self.teacher_b), [LOGIN_LOG_DAYS + 200])
