import secrets
from datetime import timedelta

from odoo import api, fields, models
from odoo.tools.misc import format_date

from odoo.addons.hexlet_journal.models.edu_absence_excuse import is_excused
from odoo.addons.hexlet_journal.models.edu_lesson_entry import cell_value
from odoo.addons.hexlet_journal.tools import college_now, college_today

PARAM_ABSENCE = "hexlet_journal_portal.absence_notices"
PARAM_DIGEST = "hexlet_journal_portal.weekly_digest"
PARAM_HOUR = "hexlet_journal_portal.absence_notice_hour"
DEFAULT_HOUR = 17


class EduFamilyNotice(models.Model):
    """A letter to a guardian about a student (§2.2, §3.3): the day's absences of a
    minor, or the week's digest. One per guardian, student, kind and day: the
    crons never send twice, and the «Прочитано» link of a letter marks it read."""

    _name = "edu.family.notice"
    _description = "Family Notice"
    _inherit = ["edu.record.mixin"]
    _order = "date desc, id desc"
    _rec_name = "student_id"

    kind = fields.Selection(
        [("absence", "Absence notice"), ("digest", "Weekly digest")], required=True, readonly=True
    )
    student_id = fields.Many2one("edu.student", required=True, readonly=True, index=True)
    partner_id = fields.Many2one("res.partner", string="Guardian", required=True, readonly=True)
    date = fields.Date(required=True, readonly=True, help="The day, or the Monday of the week.")
    check_id = fields.Many2one("edu.weekly.check", readonly=True, index="btree_not_null")
    mail_id = fields.Many2one("mail.mail", readonly=True, index="btree_not_null")
    sent_at = fields.Datetime(readonly=True)
    read_at = fields.Datetime(readonly=True)
    access_token = fields.Char(readonly=True, copy=False, groups="base.group_system")

    _notice_uniq = models.UniqueIndex("(kind, student_id, partner_id, date)")

    # What a letter says

    def _absence_lines(self):
        """The student's «н» of the notice's day: pair, discipline, excused or not."""
        self.ensure_one()
        entries = (
            self.env["edu.lesson.entry"]
            .sudo()
            .search(
                [
                    ("student_id", "=", self.student_id.id),
                    ("date", "=", self.date),
                    ("absent", "=", True),
                ],
                order="lesson_id",
            )
        )
        excused = self.env["edu.absence.excuse"]._excused_days(
            self.student_id, self.date, self.date
        )
        return [
            {
                "pair": entry.lesson_id.pair_number,
                "discipline": entry.lesson_id.discipline_id.display_name,
                "excused": is_excused(excused, self.student_id.id, self.date),
            }
            for entry in entries.sorted(lambda entry: entry.lesson_id.pair_number)
        ]

    def _digest(self):
        """The week of the student: per discipline the marks and absences, and the
        week's totals, counted as the journal counts them."""
        self.ensure_one()
        monday, sunday = self.date, self.date + timedelta(days=6)
        entries = (
            self.env["edu.lesson.entry"]
            .sudo()
            .search_fetch(
                [
                    ("student_id", "=", self.student_id.id),
                    ("date", ">=", monday),
                    ("date", "<=", sunday),
                    "|",
                    ("absent", "=", True),
                    ("mark", "!=", False),
                ],
                ["assignment_id", "date", "absent", "mark"],
                order="date, id",
            )
        )
        tallies = entries._tally(key=lambda entry: entry.assignment_id.discipline_id.display_name)
        rows = []
        for name, tally in sorted(tallies.items()):
            marks = [
                cell_value(False, entry.mark)
                for entry in entries
                if entry.mark and entry.assignment_id.discipline_id.display_name == name
            ]
            rows.append(
                {
                    "discipline": name,
                    "marks": ", ".join(marks),
                    "absences": tally["absences"],
                    "unexcused": tally["unexcused"],
                }
            )
        total = entries._tally(key=lambda entry: "all").get("all", {})
        return {
            "title": self.env._(
                "%(start)s – %(end)s",
                start=format_date(self.env, monday, date_format="d MMMM"),
                end=format_date(self.env, sunday, date_format="d MMMM"),
            ),
            "rows": rows,
            "absences": total.get("absences", 0),
            "unexcused": total.get("unexcused", 0),
        }

    def _read_url(self):
        self.ensure_one()
        base = self.get_base_url()
        return f"{base}/my/journal/notice/{self.id}/read?token={self.sudo().access_token}"

    def _journal_url(self):
        self.ensure_one()
        return f"{self.get_base_url()}/my/journal?student={self.student_id.id}"

    # Sending

    @api.model
    def _college_setting(self, param, default=True):
        value = self.env["ir.config_parameter"].sudo().get_param(param)
        return default if value is None or value is False else value not in ("0", "False", "")

    @api.model
    def _recipients(self, student, kind):
        """Guardians who read the student's journal, have an e-mail and want this kind."""
        field = "notify_absence" if kind == "absence" else "notify_digest"
        return student.sudo().guardian_ids.filtered(
            lambda guardian: (
                guardian.can_see_journal and guardian.partner_id.email and guardian[field]
            )
        )

    def _send(self):
        """Queue the letters (the mail queue sends them; Mailpit catches them in Docker)."""
        for notice in self:
            template = self.env.ref(
                "hexlet_journal_portal.mail_template_absence_notice"
                if notice.kind == "absence"
                else "hexlet_journal_portal.mail_template_weekly_digest"
            )
            lang = notice.partner_id.lang or self._college_lang()
            mail_id = template.with_context(lang=lang).send_mail(notice.id)
            notice.write({"mail_id": mail_id, "sent_at": fields.Datetime.now()})

    @api.model
    def _cron_send_absence_notices(self, day=None):
        """After the day's last pair (the college's hour, 17:00 by default), one letter
        per minor student with an «н» today and per guardian, outside quiet hours.
        ``day`` sends a past day's letters at once (the demo)."""
        if not self._college_setting(PARAM_ABSENCE):
            return self.browse()
        now = college_now(self.env)
        hour = int(self.env["ir.config_parameter"].sudo().get_param(PARAM_HOUR, DEFAULT_HOUR) or 17)
        if not day and now.hour < hour:
            return self.browse()
        today = day or now.date()
        Notice = self.sudo()
        students = (
            self.env["edu.lesson.entry"]
            .sudo()
            .search([("date", "=", today), ("absent", "=", True)])
            .student_id
        )
        already = {
            (notice.student_id.id, notice.partner_id.id)
            for notice in Notice.search([("kind", "=", "absence"), ("date", "=", today)])
        }
        notices = Notice.browse()
        for student in students:
            if not student._is_minor_on(today):
                continue
            for guardian in self._recipients(student, "absence"):
                if (student.id, guardian.partner_id.id) in already:
                    continue
                if not day and guardian._in_quiet_hours(now):
                    continue
                notices |= Notice.create(
                    {
                        "kind": "absence",
                        "student_id": student.id,
                        "partner_id": guardian.partner_id.id,
                        "date": today,
                        "access_token": secrets.token_urlsafe(24),
                    }
                )
        notices._send()
        return notices

    @api.model
    def _cron_send_weekly_digests(self):
        """On the day of the curator's check (Monday), last week's digest to every
        guardian who reads the journal; a sent digest marks «parents informed» on
        the check."""
        if not self._college_setting(PARAM_DIGEST):
            return self.browse()
        today = college_today(self.env)
        monday = today - timedelta(days=today.weekday() + 7)
        Notice = self.sudo()
        checks = self.env["edu.weekly.check"].sudo().search([("week_start", "=", monday)])
        already = {
            (notice.student_id.id, notice.partner_id.id)
            for notice in Notice.search([("kind", "=", "digest"), ("date", "=", monday)])
        }
        notices = Notice.browse()
        for check in checks:
            for student in check.group_id._members_on(monday + timedelta(days=6)):
                for guardian in self._recipients(student, "digest"):
                    if (student.id, guardian.partner_id.id) in already:
                        continue
                    notices |= Notice.create(
                        {
                            "kind": "digest",
                            "student_id": student.id,
                            "partner_id": guardian.partner_id.id,
                            "date": monday,
                            "check_id": check.id,
                            "access_token": secrets.token_urlsafe(24),
                        }
                    )
        notices._send()
        notices._mark_parents_informed()
        return notices

    def _mark_parents_informed(self):
        """The check's line of each student whose family got the digest."""
        for notice in self.filtered("check_id"):
            line = notice.check_id.student_line_ids.filtered(
                lambda line, notice=notice: line.student_id == notice.student_id
            )
            if line and not line.parents_informed:
                line.sudo().write({"parents_informed": True, "informed_on": notice.sent_at.date()})

    def _mark_read(self):
        """The guardian opened the «Прочитано» link of the letter."""
        for notice in self.sudo().filtered(lambda notice: not notice.read_at):
            notice.read_at = fields.Datetime.now()
