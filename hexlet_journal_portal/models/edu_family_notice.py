import secrets
from datetime import timedelta

from odoo import api, fields, models

from odoo.addons.hexlet_journal.models.edu_absence_excuse import is_excused
from odoo.addons.hexlet_journal.models.edu_lesson_entry import cell_value
from odoo.addons.hexlet_journal.tools import college_now, college_today, format_day, pair_times

from ..tools import week_frame

PARAM_ABSENCE = "hexlet_journal_portal.absence_notices"
PARAM_DIGEST = "hexlet_journal_portal.weekly_digest"
PARAM_HOUR = "hexlet_journal_portal.absence_notice_hour"
DEFAULT_HOUR = 17
# what a guardian chooses for each letter
NOTICE_CHOICES = {
    "absence": ("notify_absence",),
    "marks": ("notify_marks",),
    "digest": ("notify_digest",),
}


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
        [("absence", "Same-day letter"), ("digest", "Weekly digest")],
        required=True,
        readonly=True,
        help="The same-day letter tells of a minor's «н» (and, for those who ask, of the "
        "day's marks); the digest tells of the week.",
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

    def _guardian(self):
        """The guardian card the letter went to."""
        self.ensure_one()
        return self.student_id.sudo().guardian_ids.filtered(
            lambda guardian: guardian.partner_id == self.partner_id
        )[:1]

    def _day_lines(self):
        """The day of the student as the guardian asked for it: the «н» by pair
        (excused or not) and, if he wants them at once, the marks given that day."""
        self.ensure_one()
        guardian = self._guardian()
        entries = (
            self.env["edu.lesson.entry"]
            .sudo()
            .search_fetch(
                [
                    ("student_id", "=", self.student_id.id),
                    ("date", "=", self.date),
                    "|",
                    ("absent", "=", True),
                    ("mark", "!=", False),
                ],
                ["lesson_id", "absent", "mark", "comment"],
            )
        ).sorted(lambda entry: (entry.lesson_id.pair_number, entry.id))
        excused = self.env["edu.absence.excuse"]._excused_days(
            self.student_id, self.date, self.date
        )
        times = pair_times(self.env)

        def line(entry):
            lesson = entry.lesson_id
            return {
                "pair": lesson.pair_number,
                "time": times.get(lesson.pair_number, ""),
                "discipline": lesson.discipline_id.display_name,
                "mark": cell_value(False, entry.mark),
                "comment": entry.comment or "",
                "excused": entry.absent and is_excused(excused, self.student_id.id, self.date),
            }

        absences = [line(entry) for entry in entries if entry.absent]
        marks = [line(entry) for entry in entries if entry.mark and not entry.absent]
        return {
            "absences": absences if guardian.notify_absence or not guardian else [],
            "marks": marks if guardian.notify_marks else [],
        }

    def _digest(self):
        """The week of the student: per discipline the marks and absences (counted as
        the journal counts them), the homework given and the teachers' remarks."""
        self.ensure_one()
        frame = week_frame(self.env, self.date, year=False)
        monday, sunday = frame["monday"], frame["sunday"]
        entries = (
            self.env["edu.lesson.entry"]
            .sudo()
            .search_fetch(
                [
                    ("student_id", "=", self.student_id.id),
                    ("date", ">=", monday),
                    ("date", "<=", sunday),
                    "|",
                    "|",
                    ("absent", "=", True),
                    ("mark", "!=", False),
                    ("comment", "!=", False),
                ],
                ["assignment_id", "date", "absent", "mark", "comment"],
                order="date, id",
            )
        )
        memberships, journals = self.student_id.sudo()._portal_journals(monday, sunday)
        lessons = (
            self.env["edu.lesson"]
            .sudo()
            .search_fetch(
                [
                    ("assignment_id", "in", journals.ids),
                    ("date", ">=", monday),
                    ("date", "<=", sunday),
                    ("homework", "!=", False),
                ],
                ["assignment_id", "date", "homework"],
                order="date, pair_number, id",
            )
        ).filtered(
            lambda lesson: self.student_id.sudo()._portal_member_on(
                memberships, lesson.date, lesson.assignment_id
            )
        )

        def discipline(record):
            return record.assignment_id.discipline_id.display_name

        tallies = entries._tally(key=discipline)
        rows = []
        for name in sorted(set(tallies) | {discipline(lesson) for lesson in lessons}):
            tally = tallies.get(name, {})
            rows.append(
                {
                    "discipline": name,
                    "marks": ", ".join(
                        cell_value(False, entry.mark)
                        for entry in entries
                        if entry.mark and discipline(entry) == name
                    ),
                    "absences": tally.get("absences", 0),
                    "unexcused": tally.get("unexcused", 0),
                    "homework": [
                        {"date": format_day(self.env, lesson.date), "text": lesson.homework}
                        for lesson in lessons
                        if discipline(lesson) == name
                    ],
                    "remarks": [
                        {"date": format_day(self.env, entry.date), "text": entry.comment}
                        for entry in entries
                        if entry.comment and discipline(entry) == name
                    ],
                }
            )
        total = entries._tally(key=lambda entry: "all").get("all", {})
        return {
            "title": frame["title"],
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
        """Guardians who read the student's journal, have an e-mail and want this kind
        (``absence``: the «н» of the day, ``marks``: its marks, ``digest``)."""
        return student.sudo().guardian_ids.filtered(
            lambda guardian: (
                guardian.can_see_journal
                and guardian.partner_id.email
                and any(guardian[field] for field in NOTICE_CHOICES[kind])
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
            # the letter is not filed on the notice: its «Прочитано» link is the
            # family's, and a message on the notice would show it to the staff
            mail_id = template.with_context(lang=lang).send_mail(
                notice.id, email_values={"model": False, "res_id": False}
            )
            notice.write({"mail_id": mail_id, "sent_at": fields.Datetime.now()})

    @api.model
    def _cron_send_absence_notices(self, day=None):
        """After the day's last pair (the college's hour, 17:00 by default), one letter
        per minor student and guardian who wants it: the day's «н» and, for who asks
        for them at once, the day's marks; outside the guardian's quiet hours.
        ``day`` sends a past day's letters at once (the demo)."""
        if not self._college_setting(PARAM_ABSENCE):
            return self.browse()
        now = college_now(self.env)
        hour = int(self.env["ir.config_parameter"].sudo().get_param(PARAM_HOUR, DEFAULT_HOUR) or 17)
        if not day and now.hour < hour:
            return self.browse()
        today = day or now.date()
        Notice = self.sudo()
        entries = (
            self.env["edu.lesson.entry"]
            .sudo()
            .search_fetch(
                [("date", "=", today), "|", ("absent", "=", True), ("mark", "!=", False)],
                ["student_id", "absent", "mark"],
            )
        )
        absent = entries.filtered("absent").student_id
        marked = entries.filtered(lambda entry: entry.mark and not entry.absent).student_id
        already = {
            (notice.student_id.id, notice.partner_id.id)
            for notice in Notice.search([("kind", "=", "absence"), ("date", "=", today)])
        }
        notices = Notice.browse()
        for student in absent | marked:
            if not student._is_minor_on(today):
                continue
            guardians = self.env["edu.guardian"].sudo()
            if student in absent:
                guardians = self._recipients(student, "absence")
            if student in marked:
                guardians |= self._recipients(student, "marks")
            for guardian in guardians:
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
        """The guardian opened the «Прочитано» link of the letter. Staff opening the
        link (a copy of the letter, the mail queue) record nothing: the reading
        mark sets the curator's «parents informed» and must be the family's.
        Answers whether the reading was recorded."""
        if self.env.user._is_internal():
            return False
        for notice in self.sudo().filtered(lambda notice: not notice.read_at):
            notice.read_at = fields.Datetime.now()
        return True
