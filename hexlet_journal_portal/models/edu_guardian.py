from odoo import models
from odoo.exceptions import AccessError, UserError

from odoo.addons.hexlet_journal.tools import college_today


class EduGuardian(models.Model):
    _inherit = "edu.guardian"

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
