from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.fields import Command

# the roles the journal administrator hands out, as res.groups xml ids
STAFF_ROLES = [
    ("teacher", "Teacher"),
    ("curator", "Curator"),
    ("hr", "Student Records Office"),
    ("academic_head", "Academic Department"),
    ("deputy_director", "Deputy Director"),
    ("director", "Director"),
    ("admin", "Journal Administrator"),
]


class EduStaffAccount(models.TransientModel):
    """The journal administrator's own way to give and take staff accounts (§3.1).

    The administrator is no Access Rights manager (that makes ``_is_admin()`` true and
    lets one grant oneself Settings): this wizard creates users with a journal role
    and nothing else, and archives users who hold journal roles only.
    """

    _name = "edu.staff.account"
    _description = "Staff Account"

    action = fields.Selection(
        [("create", "Create an account"), ("archive", "Archive an account")],
        required=True,
        default="create",
    )
    name = fields.Char(string="Full Name")
    login = fields.Char(help="The login, usually the work e-mail.")
    email = fields.Char()
    role = fields.Selection(STAFF_ROLES, default="teacher")
    user_id = fields.Many2one(
        "res.users",
        string="Account",
        domain=[("share", "=", False)],
        help="A staff account holding journal roles only.",
    )

    @api.model
    def _check_administrator(self):
        if not self.env.user.has_group("hexlet_journal.group_admin"):
            raise UserError(self.env._("Staff accounts are managed by the journal administrator."))

    def _journal_groups(self):
        return self.env["res.groups"].browse(
            [self.env.ref(f"hexlet_journal.group_{key}").id for key, _label in STAFF_ROLES]
        )

    def action_apply(self):
        self.ensure_one()
        self._check_administrator()
        if self.action == "create":
            return self._create_account()
        return self._archive_account()

    def _create_account(self):
        login = (self.login or "").strip()
        if not (self.name or "").strip() or not login:
            raise UserError(self.env._("Give the person's full name and a login."))
        Users = self.env["res.users"].sudo().with_context(active_test=False)
        if Users.search_count([("login", "=", login)]):
            raise UserError(self.env._("The login %(login)s is already taken.", login=login))
        group = self.env.ref(f"hexlet_journal.group_{self.role}")
        # sudo, with a whitelist: an internal user with one journal role, nothing else
        user = Users.create(
            {
                "name": self.name.strip(),
                "login": login,
                "email": (self.email or login).strip(),
                "group_ids": [Command.set([self.env.ref("base.group_user").id, group.id])],
            }
        )
        user.partner_id.sudo().message_post(
            body=self.env._(
                "Staff account created by %(admin)s with the role %(role)s.",
                admin=self.env.user.name,
                role=group.name,
            ),
            author_id=self.env.ref("base.partner_root").id,
        )
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "success",
                "message": self.env._(
                    "The account %(login)s was created; the person sets the password from the "
                    "invitation e-mail.",
                    login=login,
                ),
                "next": {"type": "ir.actions.act_window_close"},
            },
        }

    def _archive_account(self):
        user = self.user_id.sudo()
        if not user:
            raise UserError(self.env._("Choose the account to archive."))
        allowed = self._journal_groups() | self.env.ref("base.group_user")
        extra = user.all_group_ids - allowed - allowed.all_implied_ids
        if user.id in (self.env.uid,) or user._is_admin() or user._is_superuser() or extra:
            raise UserError(
                self.env._(
                    "%(user)s holds more than journal roles (or is you): only the system "
                    "administrator archives this account.",
                    user=user.name,
                )
            )
        user.active = False
        return {"type": "ir.actions.act_window_close"}
