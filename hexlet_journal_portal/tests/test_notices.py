"""Letters to families: the same-day absence notice and the weekly digest."""

from datetime import datetime, time, timedelta

import pytz
from freezegun import freeze_time

from odoo.exceptions import ValidationError
from odoo.tests import tagged
from odoo.tools import mute_logger

from odoo.addons.hexlet_journal.tools import college_tz

from .common import PortalCase


class NoticeCase(PortalCase):
    Notice = None

    def setUp(self):
        super().setUp()
        self.Notice = self.env["edu.family.notice"]

    def mine(self, notices):
        """The test college's letters (the demo college's families get theirs too)."""
        return notices.filtered(
            lambda notice: notice.student_id.record_book_number.startswith("T-")
        )

    def send(self):
        """Today's absence notices of the test college."""
        return self.mine(self.Notice._cron_send_absence_notices())

    def at(self, hour, day=None):
        """A moment of the college's day, for freezegun (UTC)."""
        local = college_tz(self.env).localize(datetime.combine(day or self.today, time(hour, 5)))
        return freeze_time(local.astimezone(pytz.utc).replace(tzinfo=None))

    def absent_today(self, *students):
        lesson = self.lesson(line=self.lines[0])
        lesson.set_cells([{"student_id": student.id, "value": "н"} for student in students])
        return lesson


@tagged("post_install", "-at_install")
class TestAbsenceNotices(NoticeCase):
    def test_one_letter_per_child_and_day_after_the_last_pair(self):
        self.absent_today(self.student_a1, self.student_a2)
        with self.at(12):
            self.assertFalse(self.send(), "not before the hour")
        with self.at(18):
            notices = self.send()
            again = self.send()
        # a1 is a minor: his mother gets one letter; a2 is of age: nobody
        self.assertEqual(notices.student_id, self.student_a1)
        self.assertEqual(notices.partner_id, self.parent_a1_user.partner_id)
        self.assertFalse(again, "never twice")
        mail = notices.mail_id
        self.assertEqual(mail.state, "outgoing", "through the mail queue")
        self.assertEqual(mail.recipient_ids, self.parent_a1_user.partner_id)
        self.assertIn("Основы алгоритмизации и программирования", mail.body_html)
        self.assertIn(f"/my/journal/notice/{notices.id}/read?token=", mail.body_html)
        self.assertIn("08:30–10:00", mail.body_html, "the pair's bell times")

    def test_opt_outs_and_quiet_hours(self):
        self.absent_today(self.student_a1)
        self.guardian_a1.quiet_from = 17
        with self.at(18):
            self.assertFalse(self.send(), "quiet hours")
        self.guardian_a1.write({"quiet_from": 22, "notify_absence": False})
        with self.at(18):
            self.assertFalse(self.send(), "the guardian's choice")
        self.guardian_a1.notify_absence = True
        self.env["ir.config_parameter"].set_param("hexlet_journal_portal.absence_notices", "0")
        with self.at(18):
            self.assertFalse(self.send(), "the college's choice")
        self.env["ir.config_parameter"].set_param("hexlet_journal_portal.absence_notices", "1")
        with self.at(18):
            self.assertTrue(self.send())

    def test_marks_at_once_for_who_asks(self):
        lesson = self.lesson(line=self.lines[0])
        lesson.set_cells([{"student_id": self.student_a1.id, "value": "2"}])
        lesson.entry_ids.filtered(lambda entry: entry.student_id == self.student_a1).sudo().write(
            {"comment": "Не сдал тетрадь"}
        )
        with self.at(18):
            self.assertFalse(self.send(), "marks wait for the digest by default")
        self.guardian_a1.notify_marks = True
        with self.at(18):
            notice = self.send()
        self.assertEqual(notice.partner_id, self.parent_a1_user.partner_id)
        body = notice.mail_id.body_html
        self.assertIn("Не сдал тетрадь", body)
        self.assertIn("<strong>2</strong>", body)

    def test_the_read_link(self):
        self.absent_today(self.student_a1)
        with self.at(18):
            notice = self.send()
        with mute_logger("odoo.http", "werkzeug"):
            wrong = self.url_open(f"/my/journal/notice/{notice.id}/read?token=guess")
            missing = self.url_open(f"/my/journal/notice/{notice.id}/read")
        self.assertEqual(wrong.status_code, 404)
        self.assertEqual(missing.status_code, 404)
        self.assertFalse(notice.read_at)
        link = notice._read_url().replace(notice.get_base_url(), "")
        # the curator opening the letter's link (a copy, the mail queue) records nothing
        self.login(self.curator_a)
        response = self.url_open(link)
        self.assertEqual(response.status_code, 200)
        self.assertIn("o_hj_notice_staff", response.text)
        self.assertFalse(notice.read_at)
        self.authenticate(None, None)
        response = self.url_open(link)
        self.assertEqual(response.status_code, 200)
        self.assertTrue(notice.read_at)
        # the letter is not filed where staff read it: its link is the family's
        self.assertFalse(notice.mail_id.sudo().model)
        self.assertFalse(
            self.env["mail.message"]
            .with_user(self.curator_a)
            .search([("model", "=", "edu.family.notice"), ("res_id", "=", notice.id)])
        )
        # curators see who got which letter and whether it was read; families do not
        self.assertEqual(self.mine(self.Notice.with_user(self.curator_a).search([])), notice)
        self.assertFalse(self.mine(self.Notice.with_user(self.curator_b).search([])))


@tagged("post_install", "-at_install")
class TestWeeklyDigest(NoticeCase):
    def test_digest_marks_parents_informed(self):
        monday = self.today - timedelta(days=self.today.weekday() + 7)
        lesson = self.lesson(date=max(monday, self.first_day), line=self.lines[0])
        lesson.set_cells(
            [
                {"student_id": self.student_a1.id, "value": "н"},
                {"student_id": self.student_a3.id, "value": "5"},
            ]
        )
        checks = self.env["edu.weekly.check"]._cron_create_weekly_checks()
        check = checks.filtered(lambda check: check.group_id == self.group_a)
        line = check.student_line_ids.filtered(lambda line: line.student_id == self.student_a1)
        self.assertFalse(line.parents_informed)
        notices = self.mine(self.Notice._cron_send_weekly_digests())
        mine = notices.filtered(lambda notice: notice.student_id == self.student_a1)
        self.assertEqual(mine.partner_id, self.parent_a1_user.partner_id)
        self.assertTrue(line.parents_informed, "a sent digest informs the parents")
        self.assertIn("Основы алгоритмизации и программирования", mine.mail_id.body_html)
        self.assertFalse(self.mine(self.Notice._cron_send_weekly_digests()), "never twice")

    def test_digest_carries_homework_and_remarks(self):
        monday = self.today - timedelta(days=self.today.weekday() + 7)
        day = max(monday, self.first_day)
        lesson = self.lesson(date=day, line=self.lines[0], homework="Выучить § 4")
        lesson.set_cells(
            [
                {"student_id": self.student_a1.id, "value": "4"},
                {"student_id": self.student_a3.id, "value": "5"},
            ]
        )
        for student, remark in ((self.student_a1, "Забыл тетрадь"), (self.student_a3, "Молодец")):
            lesson.entry_ids.filtered(lambda entry, s=student: entry.student_id == s).sudo().write(
                {"comment": remark}
            )
        self.env["edu.weekly.check"]._cron_create_weekly_checks()
        notices = self.mine(self.Notice._cron_send_weekly_digests())
        mine = notices.filtered(lambda notice: notice.student_id == self.student_a1)
        body = mine.mail_id.body_html
        self.assertIn("Выучить § 4", body)
        self.assertIn("Забыл тетрадь", body)
        self.assertNotIn("Молодец", body, "nobody else's remark")


@tagged("post_install", "-at_install")
class TestLettersPage(NoticeCase):
    def test_guardian_chooses_own_letters_only(self):
        self.login(self.parent_a1_user)
        page = self.url_open("/my/journal/letters").text
        self.assertIn("Алексеев Иван Петрович", page)
        token = self.csrf_token("/my/journal/letters")
        response = self.url_open(
            f"/my/journal/letters/{self.guardian_a1.id}",
            data={"csrf_token": token, "notify_digest": "1", "quiet_from": "21", "quiet_to": "7"},
            allow_redirects=False,
        )
        self.assertEqual(response.status_code, 303)
        self.assertFalse(self.guardian_a1.notify_absence)
        self.assertFalse(self.guardian_a1.notify_marks)
        self.assertEqual((self.guardian_a1.quiet_from, self.guardian_a1.quiet_to), (21, 7))
        # another family's guardian, or a bad hour
        with mute_logger("odoo.http", "werkzeug"):
            response = self.url_open(
                f"/my/journal/letters/{self.guardian_b1.id}",
                data={"csrf_token": token, "notify_absence": "1"},
                allow_redirects=False,
            )
        self.assertEqual(response.status_code, 404)
        self.assertTrue(self.guardian_b1.notify_absence)
        response = self.url_open(
            f"/my/journal/letters/{self.guardian_a1.id}",
            data={"csrf_token": token, "quiet_from": "25"},
        )
        self.assertIn("alert-danger", response.text)
        self.assertEqual(self.guardian_a1.quiet_from, 21)


@tagged("post_install", "-at_install")
class TestBellTimes(NoticeCase):
    def test_bell_times_in_settings_and_the_diary(self):
        settings = self.env["res.config.settings"].create({})
        self.assertTrue(settings.journal_pair_times)
        for wrong in ("8:30", "08:30-10:00, потом", "10:00-08:30", "25:00-26:00"):
            settings = self.env["res.config.settings"].create({"journal_pair_times": wrong})
            with self.assertRaises(ValidationError):
                settings.execute()
        self.env["res.config.settings"].create(
            {"journal_pair_times": "09:00-10:30, 10:40-12:10, 12:40-14:10"}
        ).execute()
        self.fill_week()
        self.login(self.student_a1_user)
        page = self.url_open("/my/journal").text
        self.assertIn("09:00–10:30", page)
        self.assertIn("10:40–12:10", page)
