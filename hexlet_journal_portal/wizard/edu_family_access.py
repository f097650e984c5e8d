from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.fields import Command

from odoo.addons.hexlet_journal.tools import college_today


class EduFamilyAccess(models.TransientModel):
    """«Выдать доступ семьям» (§3.1): the curator gives the portal logins of his
    students and of the guardians allowed to read the journal.

    A login is created (or reactivated) with a family group only, never an
    internal one; the invitation goes by e-mail (``auth_signup``'s own letter,
    through the mail queue) or is printed on a sheet with the sign-up link and
    its QR code for families without e-mail.
    """

    _name = "edu.family.access"
    _description = "Family Portal Access"

    student_ids = fields.Many2many("edu.student", string="Students")
    line_ids = fields.One2many("edu.family.access.line", "wizard_id", string="Family Members")
    delivery = fields.Selection(
        [("email", "Send the invitations by e-mail"), ("print", "Print an invitation sheet")],
        required=True,
        default="email",
        help="Families without e-mail get their invitation on paper, with a QR code.",
    )
    done = fields.Boolean(readonly=True)

    @api.model
    def default_get(self, fields_list):
        values = super().default_get(fields_list)
        model = self.env.context.get("active_model")
        ids = self.env.context.get("active_ids") or []
        if model == "edu.student":
            students = self.env["edu.student"].browse(ids)
        elif model == "edu.group":
            students = self.env["edu.group"].browse(ids)._members_on(college_today(self.env))
        else:
            students = self.env["edu.student"]
        if students:
            students._check_family_access_manager()
            values["student_ids"] = [Command.set(students.ids)]
            values["line_ids"] = [
                Command.create(line)
                for line in self.env["edu.family.access.line"]._lines_for(students)
            ]
        return values

    def action_apply(self):
        """Create or reactivate the logins, then invite: each line on its own, so one
        refused family member (a clear reason on his line) does not stop the others."""
        self.ensure_one()
        self.student_ids._check_family_access_manager()
        lines = self.line_ids.filtered(lambda line: line.selected and not line.user_id.active)
        if not lines and not self.line_ids.filtered("selected"):
            raise UserError(self.env._("Tick at least one family member."))
        for line in self.line_ids.filtered("selected"):
            line._grant()
        granted = self.line_ids.filtered(lambda line: line.selected and line.state == "granted")
        self.done = True
        if self.delivery == "print" and granted:
            return self.env.ref(
                "hexlet_journal_portal.action_report_family_invitations"
            ).report_action(self)
        if self.delivery == "email":
            for line in granted:
                line._send_invitation()
        return {
            "type": "ir.actions.act_window",
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "target": "new",
        }

    def action_print(self):
        self.ensure_one()
        return self.env.ref("hexlet_journal_portal.action_report_family_invitations").report_action(
            self
        )
