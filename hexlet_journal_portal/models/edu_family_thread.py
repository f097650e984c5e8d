from odoo import api, fields, models
from odoo.exceptions import ValidationError

from odoo.addons.hexlet_journal.tools import college_today


class EduFamilyThread(models.Model):
    """A conversation of a family with the curator or a teacher (§2.2, §3.6).

    The family writes from the portal, the staff member answers from the
    backend or by replying to the notification e-mail (Odoo's mail gateway).
    Only the family (the student and the guardians who read the journal), the
    addressee, the group's curator and the administration see it.
    """

    _name = "edu.family.thread"
    _description = "Family Conversation"
    _inherit = ["edu.record.mixin", "portal.mixin", "mail.thread"]
    _create_only = ("student_id", "staff_user_id")
    _mail_post_access = "read"
    _order = "last_message_at desc, id desc"

    student_id = fields.Many2one("edu.student", required=True, index=True, ondelete="restrict")
    group_id = fields.Many2one(related="student_id.group_id", store=True, index=True)
    staff_user_id = fields.Many2one(
        "res.users",
        string="Addressee",
        required=True,
        index=True,
        help="The curator or a teacher of the student's group the family writes to.",
    )
    partner_id = fields.Many2one(
        "res.partner",
        string="Started By",
        readonly=True,
        default=lambda self: self.env.user.partner_id,
    )
    subject = fields.Char(required=True, size=200)
    last_message_at = fields.Datetime(readonly=True, index=True)
    family_read_at = fields.Datetime(readonly=True)
    staff_read_at = fields.Datetime(readonly=True)
    unread_for_family = fields.Integer(compute="_compute_unread", string="Unread (family)")
    # families read their conversations logged in: no token opens one (a token
    # readable by staff would let them post in the family's name), so none is
    # ever made, nor given by a client
    access_token = fields.Char(readonly=True)

    def _portal_ensure_token(self):
        return False

    def _compute_access_url(self):
        result = super()._compute_access_url()
        for thread in self:
            thread.access_url = f"/my/journal/messages/{thread.id}"
        return result

    def _compute_display_name(self):
        for thread in self:
            thread.display_name = f"{thread.subject} — {thread.student_id.sudo().name}"

    @api.model
    def _family_addressees(self, student):
        """Whom a family may write to about a student: the curator and the teachers
        of the student's current journals (one owner for the portal and the model)."""
        today = college_today(self.env)
        _memberships, journals = student._portal_journals(today, today)
        return (student.sudo().group_id.curator_id | journals.sudo().teacher_id).sorted("name")

    @api.constrains("student_id", "staff_user_id")
    def _check_addressee(self):
        for thread in self:
            if thread.staff_user_id not in self._family_addressees(thread.student_id):
                raise ValidationError(
                    self.env._(
                        "%(user)s neither curates nor teaches %(student)s: write to the "
                        "curator or to a teacher of the group.",
                        user=thread.staff_user_id.sudo().name,
                        student=thread.student_id.sudo().name,
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        # the first message says it all: no «created» note
        threads = super(EduFamilyThread, self.with_context(mail_create_nolog=True)).create(
            vals_list
        )
        for thread in threads.sudo():
            family = thread.partner_id | thread.staff_user_id.partner_id
            thread.message_subscribe(partner_ids=family.ids)
        return threads

    def _family_partners(self):
        """The family of the threads' students: the students and their guardians."""
        students = self.sudo().student_id
        return students.partner_id | students.guardian_ids.partner_id

    @api.depends("message_ids", "family_read_at")
    def _compute_unread(self):
        # the messages of all the threads at once (the portal home counts them)
        threads = self.sudo()
        messages = (
            self.env["mail.message"]
            .sudo()
            .search_fetch(
                [
                    ("model", "=", self._name),
                    ("res_id", "in", self.ids),
                    ("message_type", "in", ("comment", "email")),
                ],
                ["res_id", "author_id", "date"],
            )
        )
        by_thread = {}
        for message in messages:
            by_thread.setdefault(message.res_id, []).append(message)
        for thread, real in zip(self, threads, strict=True):
            family = real._family_partners()
            thread.unread_for_family = sum(
                1
                for message in by_thread.get(thread.id, [])
                if message.author_id not in family
                and (not real.family_read_at or message.date > real.family_read_at)
            )

    def _family_post(self, body):
        """A family member's message, as a comment the staff answer (and the
        family sees), posted as the user."""
        self.ensure_one()
        return self.message_post(
            body=body,
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
            author_id=self.env.user.partner_id.id,
        )

    def _mark_read(self, side):
        """The family or the staff opened the conversation (shown to the other side)."""
        # sudo: a reading mark, the only field written, on a conversation read as the user
        self.check_access("read")
        self.sudo().write({f"{side}_read_at": fields.Datetime.now()})

    def web_read(self, specification):
        """The addressee opening the conversation in the backend marks it read for
        the family to see («прочитано»)."""
        mine = self.filtered(lambda thread: thread.staff_user_id == self.env.user)
        if mine and len(self) == 1:
            mine._mark_read("staff")
        return super().web_read(specification)

    def message_post(self, **kwargs):
        """A family member's message is a comment both sides read, whatever path
        the post takes (the chatter's route lets a client choose an internal note,
        which would hide the family's own words from it)."""
        if not self.env.user._is_internal():
            kwargs.update(message_type="comment", subtype_xmlid="mail.mt_comment")
            kwargs.pop("subtype_id", None)
        return super().message_post(**kwargs)

    def _message_post_after_hook(self, message, msg_vals):
        self.sudo().write({"last_message_at": message.date or fields.Datetime.now()})
        return super()._message_post_after_hook(message, msg_vals)
