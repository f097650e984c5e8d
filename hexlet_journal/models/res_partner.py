from odoo import api, fields, models
from odoo.exceptions import UserError


class ResPartner(models.Model):
    _inherit = "res.partner"

    edu_student_ids = fields.One2many("edu.student", "partner_id", string="Student Cards")
    edu_guardian_ids = fields.One2many("edu.guardian", "partner_id", string="Guardian Of")
    is_journal_family = fields.Boolean(
        compute="_compute_is_journal_family",
        store=True,
        compute_sudo=True,
        index=True,
        help="A student or a guardian: their contacts are personal data (152-ФЗ), hidden "
        "from teachers who are not their curators.",
    )

    @api.depends("edu_student_ids", "edu_guardian_ids")
    def _compute_is_journal_family(self):
        for partner in self:
            partner.is_journal_family = bool(partner.edu_student_ids or partner.edu_guardian_ids)

    def _check_family_link(self, as_guardian, card=None):
        """A student's or guardian's card links only a family's own contact.

        Contacts of a card are written by the card's editors (curators, the Student
        Records Office), so a card must never point at an account that is not the
        family's (its e-mail resets that account's password), at a company, nor at
        another family's contact. ``card`` is the card being linked, once created.
        """
        if self.env.su:
            return
        for partner in self.sudo().with_context(active_test=False):
            students = partner.edu_student_ids - (
                card if card and card._name == "edu.student" else self.env["edu.student"]
            )
            guardians = partner.edu_guardian_ids - (
                card if card and card._name == "edu.guardian" else self.env["edu.guardian"]
            )
            users = partner.user_ids
            if (
                users.filtered(lambda user: not user.share)
                or (users and not (students or guardians))
                or partner.is_company
                or self.env["res.company"].sudo().search_count([("partner_id", "=", partner.id)])
            ):
                raise UserError(
                    self.env._(
                        "%(name)s is the contact of an account or of a company: a student's or "
                        "guardian's card cannot use it. Create a new contact for the family.",
                        name=partner.name,
                    )
                )
            if students:
                raise UserError(
                    self.env._(
                        "%(name)s is a student's own contact: it cannot be linked to another card.",
                        name=partner.name,
                    )
                )
            if not (students or guardians) and partner.create_uid != self.env.user:
                # a contact of nobody's family, made by someone else (a supplier, a
                # colleague's relative): linking it would let the card rewrite its e-mail
                raise UserError(
                    self.env._(
                        "%(name)s is not a contact of this family: type the person's full name "
                        "to make a new contact for the card.",
                        name=partner.name,
                    )
                )
            if guardians and (
                not as_guardian or not self.env.user.has_group("hexlet_journal.group_hr")
            ):
                raise UserError(
                    self.env._(
                        "%(name)s is already a guardian of another student: only the Student "
                        "Records Office links a parent to a second child.",
                        name=partner.name,
                    )
                )

    def _write_family_contact(self, values):
        """Write a family's phone and e-mail from its card (never a staff contact)."""
        for partner in self.sudo().with_context(active_test=False):
            if partner.user_ids.filtered(lambda user: not user.share) or partner.is_company:
                raise UserError(
                    self.env._(
                        "%(name)s is the contact of a staff account: its e-mail and phone are "
                        "changed in the account's own settings.",
                        name=partner.name,
                    )
                )
            if partner.user_ids:
                # its e-mail resets the account's password: the account's owner changes it
                raise UserError(
                    self.env._(
                        "%(name)s has an account in the journal: the e-mail and phone are "
                        "changed by the person in their account (or by the journal "
                        "administrator), not on the card.",
                        name=partner.name,
                    )
                )
            partner.write(values)
