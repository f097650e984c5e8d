import base64
import io

import qrcode

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.fields import Command
from odoo.tools import email_normalize
from odoo.tools.sql import escape_psql

from odoo.addons.hexlet_journal.tools import college_tz
from odoo.addons.hexlet_journal.tools.arguments import check_field_values

from .edu_family_access import BUILDING_LINES, LINE_INPUT


def qr_data_uri(text):
    """A QR code of ``text`` as a PNG data URI (the printed sheet scans into the link)."""
    image = qrcode.make(text, box_size=6, border=2)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode()


class EduFamilyAccessLine(models.TransientModel):
    """One family member in the credentials wizard: the student or a guardian."""

    _name = "edu.family.access.line"
    _description = "Family Portal Access Line"
    _order = "student_id, role desc, id"

    wizard_id = fields.Many2one("edu.family.access", required=True, ondelete="cascade")
    student_id = fields.Many2one("edu.student", required=True, readonly=True)
    guardian_id = fields.Many2one("edu.guardian", readonly=True)
    partner_id = fields.Many2one("res.partner", string="Person", required=True, readonly=True)
    role = fields.Selection(
        [("student", "Student"), ("parent", "Guardian")], required=True, readonly=True
    )
    email = fields.Char(help="Where the invitation goes; empty for a printed invitation.")
    login = fields.Char(required=True, help="The e-mail, or the record-book number for a student.")
    user_id = fields.Many2one("res.users", string="Account", readonly=True)
    selected = fields.Boolean(string="Give Access", default=True)
    state = fields.Selection(
        [("new", "To give"), ("granted", "Given"), ("refused", "Refused")],
        default="new",
        readonly=True,
    )
    message = fields.Char(readonly=True)
    signup_url = fields.Char(compute="_compute_signup_url", string="Sign-up Link")
    signup_qr = fields.Char(compute="_compute_signup_url", string="Sign-up QR Code")

    @api.model
    def _lines_for(self, students):
        """The student and each guardian; who may not read the journal is not ticked,
        with the reason."""
        lines = []
        for student in students.sudo():
            user = student.user_id
            lines.append(
                {
                    "student_id": student.id,
                    "partner_id": student.partner_id.id,
                    "role": "student",
                    "email": student.partner_id.email or "",
                    "login": user.login
                    or email_normalize(student.partner_id.email or "")
                    or (student.record_book_number or "").strip().lower(),
                    "user_id": user.id,
                    "selected": not user.active,
                    "message": self.env._("Has an active login") if user.active else "",
                }
            )
            for guardian in student.guardian_ids:
                users = guardian.partner_id.with_context(active_test=False).user_ids
                refusal = guardian._journal_access_refusal()
                lines.append(
                    {
                        "student_id": student.id,
                        "guardian_id": guardian.id,
                        "partner_id": guardian.partner_id.id,
                        "role": "parent",
                        "email": guardian.partner_id.email or "",
                        "login": users[:1].login
                        or email_normalize(guardian.partner_id.email or "")
                        or f"{(student.record_book_number or '').strip().lower()}-{guardian.id}",
                        "user_id": users[:1].id,
                        "selected": not refusal
                        and not (users[:1].active and guardian.portal_access),
                        "message": refusal
                        or (
                            self.env._("Has an active login")
                            if users[:1].active and guardian.portal_access
                            else ""
                        ),
                    }
                )
        return lines

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            check_field_values(self, vals)
        if not self.env.su and not BUILDING_LINES.get():
            raise UserError(self.env._("Family members are listed by the college, not added."))
        return super().create(vals_list)

    def write(self, vals):
        check_field_values(self, vals)
        typing = set(vals) <= set(LINE_INPUT) and not self.filtered(
            lambda line: line.state != "new"
        )
        if not self.env.su and not BUILDING_LINES.get() and not typing:
            raise UserError(
                self.env._("Only the tick, the e-mail and the login of a line are typed in.")
            )
        return super().write(vals)

    def onchange(self, values, field_names, fields_spec):
        check_field_values(self, values, onchange=True)
        return super().onchange(values, field_names, fields_spec)

    def _compute_signup_url(self):
        for line in self:
            user = line.user_id.sudo()
            # the link of a family login this very wizard gave, never of anybody else
            ours = (
                line.state == "granted"
                and user.share
                and not user.login_date
                and user.partner_id == line.partner_id
                and line.wizard_id.create_uid == self.env.user
            )
            url = user.partner_id._get_signup_url() if ours else False
            line.signup_url = url
            line.signup_qr = qr_data_uri(url) if url else False

    def _refuse(self, message):
        self.write({"state": "refused", "message": message})

    def _grant(self):
        """Create or reactivate this person's portal login with the family group only."""
        self.ensure_one()
        env = self.env
        student = self.student_id.sudo()
        own_person = student in self.wizard_id.student_ids and (
            (self.role == "student" and self.partner_id == student.partner_id)
            or (
                self.role == "parent"
                and self.guardian_id.student_id == student
                and self.partner_id == self.guardian_id.partner_id
            )
        )
        if not own_person:
            return self._refuse(env._("This person is not of this student's family."))
        if self.role == "parent":
            refusal = self.guardian_id._journal_access_refusal()
            if refusal:
                return self._refuse(refusal)
        partner = self.partner_id.sudo().with_context(active_test=False)
        Users = env["res.users"].sudo().with_context(active_test=False)
        own = partner.user_ids
        if own.filtered(lambda user: not user.share):
            return self._refuse(
                env._(
                    "%(person)s has a staff account: a staff account cannot be a family "
                    "login. Give this person another e-mail as the family login.",
                    person=partner.name,
                )
            )
        login = (self.login or "").strip().lower()
        email = email_normalize(self.email or "") if self.email else False
        if self.email and not email:
            return self._refuse(env._("«%(email)s» is not an e-mail address.", email=self.email))
        if not login:
            return self._refuse(env._("Give a login."))
        taken = Users.search(
            [
                "|",
                ("login", "=", login),
                ("login", "=", email or login),
                ("id", "not in", own.ids),
            ],
            limit=1,
        )
        staff_mail = Users.search(
            [
                ("share", "=", False),
                "|",
                "|",
                ("login", "=ilike", escape_psql(login)),
                ("email", "=ilike", escape_psql(login)),
                ("email", "=ilike", escape_psql(email or login)),
            ],
            limit=1,
        )
        if staff_mail:
            return self._refuse(
                env._(
                    "The e-mail %(email)s belongs to a staff member; a family login needs the "
                    "family's own e-mail.",
                    email=email or login,
                )
            )
        if taken:
            return self._refuse(
                env._("The login %(login)s is already another person's.", login=login)
                if taken.share
                else env._(
                    "The login %(login)s belongs to a staff member; families cannot use it.",
                    login=login,
                )
            )
        group = env.ref(
            "hexlet_journal.group_student"
            if self.role == "student"
            else "hexlet_journal.group_parent"
        )
        user = own[:1]
        if user.login_date:
            # a login its owner already uses: a new link would hand the account to
            # whoever reads it; the owner resets the password from the login page
            return self._refuse(
                env._(
                    "%(person)s already uses a login (%(login)s): a forgotten password is reset "
                    "from the login page, by the person.",
                    person=partner.name,
                    login=user.login,
                )
            )
        if email and not partner.email and not user:
            partner.email = email
        if user:
            user.write({"active": True, "group_ids": [Command.link(group.id)]})
        else:
            # auth_signup's portal template: a portal user, and the family group only
            user = Users.with_context(no_reset_password=True)._create_user_from_template(
                {
                    "login": login,
                    "partner_id": partner.id,
                    "email": email or False,
                    # the family reads dates and times in the college's time zone
                    "tz": college_tz(env).zone,
                }
            )
            user.write({"group_ids": [Command.link(group.id)]})
        if user.has_group("base.group_user"):  # the template cannot be internal; make sure
            return self._refuse(env._("A family login cannot be internal."))
        if self.role == "student":
            self.student_id.sudo().user_id = user
        else:
            self.guardian_id.sudo().portal_access = True
        # the link of the invitation opens the sign-up (choose a password), not the login
        user.partner_id.signup_prepare(signup_type="signup")
        self.write({"user_id": user.id, "state": "granted", "message": False})
        return True

    def _send_invitation(self):
        """The invitation letter with the sign-up link, through the mail queue."""
        self.ensure_one()
        user = self.user_id.sudo()
        if not user.email:
            self.message = self.env._("No e-mail: print the invitation sheet for this person.")
            return False
        template = self.env.ref("hexlet_journal_portal.mail_template_family_invitation").sudo()
        # not filed on the user: the sign-up link is the family member's alone
        template.with_context(lang=user.lang or self.env.lang).send_mail(
            user.id, email_values={"model": False, "res_id": False}
        )
        self.message = self.env._("Invitation sent to %(email)s", email=user.email)
        return True
