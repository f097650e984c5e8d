from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools.misc import format_datetime

from .edu_record_mixin import recording_facts


class EduJournalUnlock(models.Model):
    """The deputy director reopens a closed journal for a while (rule 9).

    The record is the log: who, when, why and until when.
    """

    _name = "edu.journal.unlock"
    _description = "Journal Unlock"
    _inherit = ["edu.record.mixin", "mail.thread"]
    _year_path = "assignment_id.term_id.year_id"
    _create_only = ("assignment_id", "reason", "valid_until")
    _user_given = ("assignment_id", "reason", "valid_until")
    _order = "create_date desc, id desc"

    assignment_id = fields.Many2one(
        "edu.teaching.assignment", string="Journal", required=True, index=True, readonly=True
    )
    reason = fields.Text(required=True, readonly=True)
    valid_until = fields.Datetime(
        required=True,
        readonly=True,
        default=lambda self: fields.Datetime.now() + timedelta(days=2),
        help="After this moment the journal is closed again.",
    )
    unlocked_by_id = fields.Many2one("res.users", readonly=True, default=lambda self: self.env.user)
    is_active = fields.Boolean(compute="_compute_is_active", string="Active")

    @api.depends("valid_until")
    def _compute_is_active(self):
        now = fields.Datetime.now()
        for unlock in self:
            unlock.is_active = unlock.valid_until > now

    @api.constrains("reason", "valid_until")
    def _check_unlock(self):
        for unlock in self:
            if not (unlock.reason or "").strip():
                raise ValidationError(self.env._("State the reason for unlocking the journal."))
            if unlock.valid_until > fields.Datetime.now() + timedelta(days=31):
                raise ValidationError(self.env._("A journal is unlocked for a month at most."))

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._check_guarded_vals(vals, creating=True)
            vals["unlocked_by_id"] = self.env.uid
        with recording_facts():
            # no «created» note by the deputy: the system's note below is the log
            unlocks = super(EduJournalUnlock, self.with_context(mail_create_nolog=True)).create(
                vals_list
            )
            unlocks = unlocks.with_env(self.env)
        for unlock in unlocks:
            # the journal's chatter is the college's log; readers of a journal cannot post
            # posted by the system, so that nobody can edit the note afterwards (the unlock
            # record itself is the log and cannot change)
            unlock.assignment_id.sudo().message_post(
                author_id=self.env.ref("base.partner_root").id,
                body=self.env._(
                    "Journal unlocked until %(until)s by %(user)s: %(reason)s",
                    until=format_datetime(self.env, unlock.valid_until, dt_format="short"),
                    user=self.env.user.name,
                    reason=unlock.reason,
                ),
            )
        return unlocks

    def write(self, vals):
        if set(vals) - {"message_main_attachment_id"}:
            raise ValidationError(self.env._("An unlock is a log entry and cannot be changed."))
        return super().write(vals)
