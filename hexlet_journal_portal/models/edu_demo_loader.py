import base64
from datetime import timedelta

from odoo import api, models
from odoo.fields import Command
from odoo.tools.misc import file_open

from odoo.addons.hexlet_journal.tools import college_today, college_tz


class EduDemoLoader(models.AbstractModel):
    """The demo college's families: a second parent with two children, a
    conversation with the curator, letters in the mail queue, an absence
    reported from the portal."""

    _inherit = "edu.demo.loader"

    @api.model
    def _load_portal_demo(self):
        today = college_today(self.env)
        student = self.env.ref("hexlet_journal.demo_student_portal", raise_if_not_found=False)
        mother = self.env.ref("hexlet_journal.demo_user_parent", raise_if_not_found=False)
        if not student or not mother:
            return False
        lang = "ru_RU" if self.env["res.lang"]._lang_get("ru_RU").active else False
        self._demo_college_logo()
        # the demo family's own addresses (letters go to Mailpit in Docker)
        for record, email in (
            (student.partner_id, "aleksandrov.student@family.example"),
            (mother.partner_id, "mother.of.student@family.example"),
        ):
            if not record.email:
                record.email = email
        self._demo_second_parent(today, lang)
        # the families read times in the college's time zone
        self.env["res.users"].search([("login", "in", ("student", "parent", "parent2"))]).write(
            {"tz": college_tz(self.env).zone}
        )
        curator = student.group_id.curator_id
        if curator:
            self._demo_conversation(student, mother, curator)
        self._demo_absence_report(student, mother, today)
        self._demo_remarks(student, today)
        self._demo_letters(student, today)
        return True

    def _demo_remarks(self, student, today):
        """A few of the teachers' remarks on the demo student's cells of the last
        two weeks: the diary and the digest show them."""
        entries = self.env["edu.lesson.entry"].search(
            [
                ("student_id", "=", student.id),
                ("date", ">=", today - timedelta(days=14)),
                ("date", "<=", today),
                ("mark", "!=", False),
            ],
            order="date desc, id",
            limit=3,
        )
        remarks = (
            "Хороший ответ у доски",
            "Не сдал конспект, сдать до пятницы",
            "Работа выполнена аккуратно",
        )
        for entry, remark in zip(entries, remarks, strict=False):
            entry.comment = remark

    def _demo_college_logo(self):
        """The college's emblem on the portal's and the documents' header."""
        if not self.env.company.logo or self.env.company.uses_default_logo:
            with file_open("hexlet_journal/static/description/icon.png", "rb") as logo:
                self.env.company.logo = base64.b64encode(logo.read())

    def _demo_second_parent(self, today, lang):
        """A mother of two children in two groups: the portal's child switch."""
        students = self.env["edu.student"].search(
            [("state", "=", "active"), ("group_id", "!=", False), ("user_id", "=", False)],
            order="id",
        )
        minors = students.filtered(lambda student: student._is_minor_on(today))
        first = minors[:1]
        second = minors.filtered(lambda student: student.group_id != first.group_id)[:1]
        if not (first and second):
            return False
        partner = self.env["res.partner"].create(
            {
                "name": "Соколова Ирина Валерьевна",
                "email": "sokolova.irina@family.example",
                "phone": "+7 921 555-12-34",
                "lang": lang,
            }
        )
        for child in first | second:
            self.env["edu.guardian"].create(
                {
                    "student_id": child.id,
                    "partner_id": partner.id,
                    "relation": "mother",
                    "is_legal_representative": True,
                    "pd_consent": True,
                    "pd_consent_date": child.enrollment_date or today,
                    "portal_access": True,
                }
            )
        user = (
            self.env["res.users"]
            .with_context(no_reset_password=True, install_mode=True)
            .create(
                {
                    "name": partner.name,
                    "login": "parent2",
                    "password": "parent2",
                    "partner_id": partner.id,
                    "lang": lang,
                    "group_ids": [Command.set([self.env.ref("hexlet_journal.group_parent").id])],
                }
            )
        )
        self._portal_demo_xmlid(user, "demo_user_parent2")
        return user

    def _demo_conversation(self, student, mother, curator):
        thread = (
            self.env["edu.family.thread"]
            .with_user(mother)
            .create(
                {
                    "student_id": student.id,
                    "staff_user_id": curator.id,
                    "subject": "Пропуск в пятницу",
                }
            )
        )
        thread.with_user(mother)._family_post(
            "Здравствуйте! В пятницу сын будет у стоматолога до обеда, "
            "справку принесём в понедельник."
        )
        # the demo's own words (data in the college's language, not a UI string)
        answer = (
            "Здравствуйте! Спасибо, что предупредили. Справку передайте мне, "
            "я отмечу пропуск как уважительный."
        )
        thread.with_user(curator).message_post(
            body=answer,
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
        )
        self._portal_demo_xmlid(thread, "demo_family_thread")

    def _demo_absence_report(self, student, mother, today):
        self.env["edu.absence.report"].with_user(mother).create(
            {
                "student_id": student.id,
                "date_from": today,
                "date_to": today,
                "reason": "Плановый осмотр у врача, справку принесём.",
            }
        )

    def _demo_letters(self, student, today):
        """The absence notice of the demo student's last «н» and last week's digests,
        waiting in the mail queue (Mailpit shows them in Docker)."""
        Notice = self.env["edu.family.notice"]
        last = self.env["edu.lesson.entry"].search(
            [("student_id", "=", student.id), ("absent", "=", True), ("date", "<=", today)],
            order="date desc",
            limit=1,
        )
        if last:
            Notice._cron_send_absence_notices(day=last.date)
        Notice._cron_send_weekly_digests()

    def _portal_demo_xmlid(self, record, name):
        self.env["ir.model.data"].create(
            {
                "module": "hexlet_journal_portal",
                "name": name,
                "model": record._name,
                "res_id": record.id,
                "noupdate": True,
            }
        )
