from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ..tools import college_today, format_day


class EduGuardian(models.Model):
    """A parent or another relative of a student (родитель, законный представитель)."""

    _name = "edu.guardian"
    _description = "Guardian"
    _inherit = ["edu.personal.data.mixin", "edu.record.mixin"]
    _create_only = ("student_id", "partner_id")
    _order = "student_id, is_legal_representative desc, id"

    student_id = fields.Many2one("edu.student", required=True, index=True, ondelete="cascade")
    partner_id = fields.Many2one(
        "res.partner", string="Contact", required=True, index=True, ondelete="restrict"
    )
    name = fields.Char(related="partner_id.name", string="Full Name")
    phone = fields.Char(compute="_compute_contact", inverse="_inverse_contact")
    email = fields.Char(compute="_compute_contact", inverse="_inverse_contact")
    relation = fields.Selection(
        [
            ("mother", "Mother"),
            ("father", "Father"),
            ("guardian", "Legal guardian"),
            ("grandparent", "Grandparent"),
            ("other", "Other relative"),
        ],
        required=True,
        default="mother",
    )
    is_legal_representative = fields.Boolean(
        string="Legal Representative",
        default=True,
        help="Законный представитель: a parent, adoptive parent or appointed guardian.",
    )
    portal_access = fields.Boolean(
        help="The curator issued portal credentials to this guardian (§3.1)."
    )
    pd_consent = fields.Boolean(
        string="Personal Data Consent",
        help="Consent to the processing of personal data (согласие на обработку персональных "
        "данных, 152-ФЗ). For a minor the legal representative gives it.",
    )
    pd_consent_date = fields.Date(string="Consent Date")
    adult_consent = fields.Boolean(
        string="Adult Student's Consent",
        help="Согласие совершеннолетнего студента: the adult student lets this guardian read "
        "the journal. The student grants and revokes it in the portal (or the curator records "
        "a paper one); each change is logged on the student's card.",
    )
    adult_consent_date = fields.Date()
    contact_name = fields.Char(
        string="New Contact",
        compute="_compute_contact_name",
        inverse="_inverse_contact_name",
        help="The full name of a parent who has no contact yet: a contact is made for them.",
    )
    can_see_journal = fields.Boolean(
        compute="_compute_can_see_journal",
        store=True,
        help="The guardian reads the student's journal in the portal: a legal representative "
        "with a recorded consent while the student is a minor, or any guardian the adult "
        "student consented to.",
    )

    _student_partner_uniq = models.UniqueIndex(
        "(student_id, partner_id)",
        lambda env, diag: env._("This person is already a guardian of the student."),
    )

    @api.depends(
        "portal_access",
        "pd_consent",
        "is_legal_representative",
        "student_id.birthdate",
        "adult_consent",
        "student_id.state",
    )
    def _compute_can_see_journal(self):
        for guardian in self:
            guardian.can_see_journal = (
                guardian.portal_access
                and bool(guardian.student_id)
                and not guardian._journal_access_refusal()
            )

    def _journal_access_refusal(self):
        """Why this guardian may not read the student's journal, or False: the one
        owner of the consent rule (§3.1, 152-ФЗ). A minor's journal is read by a
        legal representative with a recorded consent; an adult's by the guardians
        the student consented to."""
        self.ensure_one()
        student = self.student_id.sudo()
        if student._is_minor_on(college_today(self.env)):
            if not self.is_legal_representative:
                return self.env._(
                    "%(guardian)s is not a legal representative of %(student)s, a minor: "
                    "only legal representatives read a minor's journal.",
                    guardian=self.partner_id.name,
                    student=student.name,
                )
            if not self.pd_consent:
                return self.env._(
                    "No consent to personal data processing is recorded for %(guardian)s: "
                    "record it on the guardian's card first.",
                    guardian=self.partner_id.name,
                )
            return False
        if not self.adult_consent:
            return self.env._(
                "%(student)s is of age and has not consented that %(guardian)s reads the "
                "journal: the student gives that consent in the portal (or on paper, recorded "
                "on the card).",
                student=student.name,
                guardian=self.partner_id.name,
            )
        return False

    def _compute_contact_name(self):
        self.contact_name = False

    def _inverse_contact_name(self):
        """Used at creation only (see create)."""

    @api.depends("partner_id.phone", "partner_id.email")
    def _compute_contact(self):
        for guardian in self:
            guardian.phone = guardian.partner_id.phone
            guardian.email = guardian.partner_id.email

    def _inverse_contact(self):
        """Contacts live on the partner; who may edit the guardian edits them."""
        self.check_access("write")
        for guardian in self:
            guardian.partner_id._write_family_contact(
                {"phone": guardian.phone, "email": guardian.email}
            )

    @api.constrains("pd_consent", "pd_consent_date", "adult_consent", "adult_consent_date")
    def _check_consent_date(self):
        today = college_today(self.env)
        for guardian in self:
            if guardian.adult_consent and not guardian.adult_consent_date:
                raise ValidationError(
                    self.env._("Record the date of the student's consent to family access.")
                )
            if guardian.adult_consent_date and guardian.adult_consent_date > today:
                raise ValidationError(self.env._("A consent cannot be dated in the future."))
            if guardian.pd_consent and not guardian.pd_consent_date:
                raise ValidationError(
                    self.env._(
                        "Record the date of %(guardian)s's consent to personal data processing.",
                        guardian=guardian.name,
                    )
                )
            if guardian.pd_consent_date and guardian.pd_consent_date > today:
                raise ValidationError(self.env._("A consent cannot be dated in the future."))

    @api.constrains("student_id", "partner_id")
    def _check_not_self(self):
        for guardian in self:
            if guardian.partner_id == guardian.student_id.sudo().partner_id:
                raise ValidationError(self.env._("A student cannot be their own guardian."))

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            name = (vals.pop("contact_name", None) or "").strip()
            if not vals.get("partner_id") and name:
                # a new family contact, made for this card
                vals["partner_id"] = (
                    self.env["res.partner"]
                    .sudo()
                    .create({"name": name, "email": vals.get("email"), "phone": vals.get("phone")})
                    .id
                )
        guardians = super().create(vals_list)
        for guardian in guardians:
            guardian.partner_id._check_family_link(as_guardian=True, card=guardian)
        return guardians

    def write(self, vals):
        changed = (
            self.filtered(lambda guardian: guardian.adult_consent != bool(vals["adult_consent"]))
            if "adult_consent" in vals
            else self.browse()
        )
        result = super().write(vals)
        changed._log_adult_consent()
        return result

    def _log_adult_consent(self):
        """Each grant or revocation of an adult student's consent, on the student's
        card with its date and who made it (152-ФЗ: the consent can be proven)."""
        for guardian in self:
            student = guardian.student_id.sudo()
            lang_env = student._env_for(student.curator_id) if student.curator_id else self.env
            body = (
                lang_env._(
                    "%(guardian)s may read the journal: consent given on %(date)s by %(user)s.",
                    guardian=guardian.partner_id.name,
                    date=format_day(lang_env, guardian.adult_consent_date),
                    user=self.env.user.name,
                )
                if guardian.adult_consent
                else lang_env._(
                    "%(guardian)s no longer reads the journal: consent revoked on %(date)s by "
                    "%(user)s.",
                    guardian=guardian.partner_id.name,
                    date=format_day(lang_env, college_today(self.env)),
                    user=self.env.user.name,
                )
            )
            student.message_post(
                body=body,
                author_id=self.env.user.partner_id.id,
                subtype_xmlid="mail.mt_note",
            )

    def _set_adult_consent(self, granted):
        """Grant or revoke the adult student's consent for these guardians, dated today."""
        for guardian in self:
            guardian.write(
                {
                    "adult_consent": granted,
                    "adult_consent_date": college_today(self.env) if granted else False,
                }
            )

    @api.model
    def _cron_recompute_journal_access(self):
        """Students come of age: their guardians' access follows the consent rule."""
        guardians = self.search([("portal_access", "=", True)])
        self.env.add_to_compute(self._fields["can_see_journal"], guardians)
        guardians.flush_recordset(["can_see_journal"])
