from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

from odoo.addons.hexlet_journal.tools import college_today


class EduGuardian(models.Model):
    _inherit = "edu.guardian"

    notify_absence = fields.Boolean(
        string="Absence Notices",
        default=True,
        help="A letter on the day a minor child is marked «н», after the last pair "
        "(otherwise the absences come in the weekly digest only).",
    )
    notify_marks = fields.Boolean(
        string="Marks at Once",
        default=False,
        help="The day's marks in the same-day letter, not only in the weekly digest.",
    )
    notify_digest = fields.Boolean(
        string="Weekly Digests",
        default=True,
        help="Last week's marks, absences, homework and remarks, every Monday (the "
        "curator's check).",
    )
    quiet_from = fields.Integer(default=22, help="No letters from this hour (college time).")
    quiet_to = fields.Integer(string="Quiet Until", default=8, help="…until this hour.")

    @api.constrains("quiet_from", "quiet_to")
    def _check_quiet_hours(self):
        for guardian in self:
            if not (0 <= guardian.quiet_from <= 23 and 0 <= guardian.quiet_to <= 23):
                raise ValidationError(self.env._("Quiet hours are from 0 to 23."))

    def _in_quiet_hours(self, moment):
        """Whether a letter at ``moment`` (college time) would fall in the quiet hours."""
        self.ensure_one()
        start, end, hour = self.quiet_from, self.quiet_to, moment.hour
        if start == end:
            return False
        return start <= hour < end if start < end else hour >= start or hour < end

    def _portal_set_notifications(self, values):
        """A guardian's own choice of letters, from the portal."""
        allowed = {"notify_absence", "notify_marks", "notify_digest", "quiet_from", "quiet_to"}
        if self.partner_id != self.env.user.partner_id or set(values) - allowed:
            raise AccessError(self.env._("Only the guardian chooses his letters."))
        # sudo: the guardian's own preferences, nothing else of the card
        self.sudo().write(values)

    def _portal_set_consent(self, granted):
        """An adult student grants or revokes a guardian's access to his journal
        himself (152-ФЗ: it is his consent). Only his own guardians, only while he
        is an adult; the change is dated and logged on his card."""
        self.ensure_one()
        student = self.student_id
        if student.user_id != self.env.user:
            raise AccessError(self.env._("Only the student decides who reads his journal."))
        if student.sudo()._is_minor_on(college_today(self.env)):
            raise UserError(
                self.env._(
                    "While the student is a minor, the parents' access follows the legal "
                    "representative's consent recorded by the college."
                )
            )
        # sudo: a student writes nothing but the consent of his own guardian
        self.sudo()._set_adult_consent(bool(granted))
