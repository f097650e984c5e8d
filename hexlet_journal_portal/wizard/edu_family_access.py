import contextvars

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.fields import Command

from odoo.addons.hexlet_journal.tools import college_today
from odoo.addons.hexlet_journal.tools.arguments import check_field_values

# Set while the wizard builds its own lines (no RPC payload reaches a context variable)
BUILDING_LINES = contextvars.ContextVar("hexlet_journal_portal_building_lines", default=False)
# what a user types on a line; everything else the wizard decides
LINE_INPUT = ("selected", "email", "login")


def _students_of(env, commands):
    """The student ids of a many2many value sent by a client, whatever its commands."""
    ids = set()
    for command in commands or []:
        if isinstance(command, (list, tuple)) and command:
            if command[0] == 6 and len(command) > 2:
                ids = set(command[2] or [])
            elif command[0] == 4 and len(command) > 1:
                ids.add(command[1])
    if not all(type(one) is int and 0 < one < 2**31 for one in ids):
        raise UserError(env._("Choose the students from the journal."))
    return env["edu.student"].browse(sorted(ids))


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

    @api.model_create_multi
    def create(self, vals_list):
        """The lines come from the students, never from the client: what the client
        sends is kept only for what a user types on a line (tick, e-mail, login)."""
        for vals in vals_list:
            check_field_values(self, vals)
            if "student_ids" not in vals:
                vals["student_ids"] = self.default_get(["student_ids"]).get("student_ids", [])
            students = _students_of(self.env, vals.get("student_ids"))
            students._check_family_access_manager()
            typed = {}
            for command in vals.pop("line_ids", None) or []:
                if isinstance(command, (list, tuple)) and len(command) > 2 and command[0] == 0:
                    line = command[2] if isinstance(command[2], dict) else {}
                    key = (line.get("student_id"), line.get("guardian_id") or False)
                    typed[key] = {name: line[name] for name in LINE_INPUT if name in line}
            lines = self.env["edu.family.access.line"]._lines_for(students)
            for line in lines:
                line.update(typed.get((line["student_id"], line.get("guardian_id") or False), {}))
                if not line.get("guardian_id"):
                    line.pop("guardian_id", None)
            vals["line_ids"] = [Command.create(line) for line in lines]
            vals.pop("done", None)
        token = BUILDING_LINES.set(True)
        try:
            return super().create(vals_list)
        finally:
            BUILDING_LINES.reset(token)

    def write(self, vals):
        check_field_values(self, vals)
        if not self.env.su and not BUILDING_LINES.get():
            if set(vals) - {"delivery", "line_ids"}:
                raise UserError(self.env._("The students of this access are chosen when it opens."))
            for command in vals.get("line_ids") or []:
                if not (isinstance(command, (list, tuple)) and command and command[0] in (1, 4)):
                    raise UserError(
                        self.env._(
                            "Family members are listed by the college, not added or removed."
                        )
                    )
        return super().write(vals)

    def onchange(self, values, field_names, fields_spec):
        check_field_values(self, values, onchange=True)
        return super().onchange(values, field_names, fields_spec)

    def action_apply(self):
        """Create or reactivate the logins, then invite: each line on its own, so one
        refused family member (a clear reason on his line) does not stop the others."""
        self.ensure_one()
        self.student_ids._check_family_access_manager()
        if not self.line_ids.filtered("selected"):
            raise UserError(self.env._("Tick at least one family member."))
        token = BUILDING_LINES.set(True)
        try:
            for line in self.line_ids.filtered("selected"):
                line._grant()
            granted = self.line_ids.filtered(lambda line: line.selected and line.state == "granted")
            self.done = True
            if self.delivery == "email":
                for line in granted:
                    line._send_invitation()
        finally:
            BUILDING_LINES.reset(token)
        if self.delivery == "print" and granted:
            return self.env.ref(
                "hexlet_journal_portal.action_report_family_invitations"
            ).report_action(self)
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
