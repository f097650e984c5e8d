from odoo import models
from odoo.exceptions import AccessError

# conversations whose messages are facts once posted
FAMILY_MODELS = ("edu.family.thread",)
# what a reader still changes on a message of theirs: the star
READER_KEYS = {"starred_partner_ids"}


class MailMessage(models.Model):
    _inherit = "mail.message"

    def _check_family_message_facts(self, vals=None):
        """A message of a family conversation is what was said: nobody rewrites or
        deletes it through the ORM (Odoo lets every notified partner write a
        message, so a family could rewrite the teacher's answer and back). The
        author still edits his own words through the chatter's route, which
        checks the author itself."""
        if self.env.su or vals is not None and set(vals) <= READER_KEYS:
            return
        if any(message.model in FAMILY_MODELS for message in self.sudo()):
            raise AccessError(
                self.env._("A message of a family conversation cannot be changed or deleted.")
            )

    def write(self, vals):
        self._check_family_message_facts(vals)
        return super().write(vals)

    def unlink(self):
        self._check_family_message_facts()
        return super().unlink()
