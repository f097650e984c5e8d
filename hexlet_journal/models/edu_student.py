from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from ..tools import college_today, format_day

# Personal data beyond the name and the record-book number (152-ФЗ): teachers
# of the student's group do not see it, the group's curator and the offices do.
PERSONAL_DATA_GROUPS = (
    "hexlet_journal.group_curator,hexlet_journal.group_hr,"
    "hexlet_journal.group_deputy_director,hexlet_journal.group_director,"
    "hexlet_journal.group_student,hexlet_journal.group_parent"
)
# The card's identity data (birth date, contacts, accounts): the offices and the family
# only. A curator reads them through the curator_* fields, which are filled for the
# groups the curator curates and empty for the groups they merely teach (per record,
# not per group of users: SECURITY-REVIEW.md V9).
IDENTITY_GROUPS = (
    "hexlet_journal.group_hr,hexlet_journal.group_deputy_director,"
    "hexlet_journal.group_director,hexlet_journal.group_student,hexlet_journal.group_parent"
)
ADULT_AGE = 18


class EduStudent(models.Model):
    _name = "edu.student"
    _description = "Student"
    _inherit = ["edu.personal.data.mixin", "edu.record.mixin", "mail.thread", "mail.activity.mixin"]
    _create_only = ("partner_id",)
    _order = "name, id"
    _rec_names_search = ["name", "record_book_number"]
    _mail_post_access = "read"

    name = fields.Char(
        string="Full Name", compute="_compute_name", store=True, index="trigram", tracking=True
    )
    last_name = fields.Char(required=True, help="Фамилия.")
    first_name = fields.Char(required=True, help="Имя.")
    patronymic = fields.Char(help="Отчество.")
    partner_id = fields.Many2one(
        "res.partner",
        string="Contact",
        required=True,
        ondelete="restrict",
        index=True,
        groups=IDENTITY_GROUPS,
    )
    email = fields.Char(
        compute="_compute_contact", inverse="_inverse_contact", groups=IDENTITY_GROUPS
    )
    phone = fields.Char(
        compute="_compute_contact", inverse="_inverse_contact", groups=IDENTITY_GROUPS
    )
    user_id = fields.Many2one(
        "res.users",
        string="Portal User",
        readonly=True,
        index="btree_not_null",
        copy=False,
        groups=IDENTITY_GROUPS,
    )
    birthdate = fields.Date(groups=IDENTITY_GROUPS)
    curator_birthdate = fields.Date(
        string="Date of Birth",
        compute="_compute_curator_view",
        groups="hexlet_journal.group_curator",
        help="Shown to the curator of the student's group only.",
    )
    curator_phone = fields.Char(
        string="Student's Phone",
        compute="_compute_curator_view",
        groups="hexlet_journal.group_curator",
    )
    curator_email = fields.Char(
        string="Student's E-mail",
        compute="_compute_curator_view",
        groups="hexlet_journal.group_curator",
    )
    is_minor = fields.Boolean(
        compute="_compute_is_minor",
        groups=PERSONAL_DATA_GROUPS,
        help="Under 18 today (несовершеннолетний).",
    )
    record_book_number = fields.Char(
        tracking=True,
        copy=False,
        help="Номер зачётной книжки: numbered automatically when left empty; the office may "
        "type its own.",
    )
    membership_ids = fields.One2many("edu.group.membership", "student_id", string="Group History")
    group_id = fields.Many2one(
        "edu.group",
        compute="_compute_group_id",
        store=True,
        index=True,
        help="The group the student is in now (from the membership history).",
    )
    program_id = fields.Many2one(related="group_id.program_id", string="Program")
    course = fields.Integer(related="group_id.course")
    curator_id = fields.Many2one(related="group_id.curator_id", string="Curator")
    subgroup_membership_ids = fields.One2many(
        "edu.subgroup.membership", "student_id", string="Subgroup History"
    )
    subgroup_ids = fields.Many2many(
        "edu.subgroup",
        string="Subgroups",
        compute="_compute_subgroup_ids",
        inverse="_inverse_subgroup_ids",
        search="_search_subgroup_ids",
        help="The subgroups the student is in today. Adding one puts him in it from the "
        "day he joined its group (or from the day after his last period in it); removing "
        "one ends his period yesterday. The dated history is in Subgroup History.",
    )
    state = fields.Selection(
        [
            ("active", "Studying"),
            ("academic_leave", "Academic Leave"),
            ("expelled", "Expelled"),
            ("graduated", "Graduated"),
        ],
        default="active",
        required=True,
        tracking=True,
        readonly=True,
        help="Changed by contingent orders only.",
    )
    enrollment_date = fields.Date(compute="_compute_enrollment_date", store=True)
    guardian_ids = fields.One2many(
        "edu.guardian", "student_id", string="Guardians", groups=PERSONAL_DATA_GROUPS
    )
    guardian_consent = fields.Boolean(
        string="Consents to Family Access",
        groups=PERSONAL_DATA_GROUPS,
        compute="_compute_guardian_consent",
        inverse="_inverse_guardian_consent",
        help="An adult student's recorded consent that all their guardians read the journal "
        "(согласие совершеннолетнего студента, 152-ФЗ). The consent is kept per guardian: "
        "the student grants or revokes it for each one in the portal.",
    )
    guardian_consent_date = fields.Date(
        string="Consent Date",
        groups=PERSONAL_DATA_GROUPS,
        compute="_compute_guardian_consent",
        inverse="_inverse_guardian_consent",
    )
    order_line_ids = fields.One2many(
        "edu.contingent.order.line",
        "student_id",
        string="Orders",
        groups="hexlet_journal.group_hr,hexlet_journal.group_academic_head,"
        "hexlet_journal.group_deputy_director,hexlet_journal.group_director",
    )
    active = fields.Boolean(default=True)
    attestation_line_ids = fields.One2many(
        "edu.attestation.line",
        compute="_compute_attestation_line_ids",
        string="Attestation Results",
        help="The results the reader may see: a One2many read would skip the lines' rules.",
    )
    entry_log_ids = fields.One2many(
        "edu.lesson.entry.log",
        "student_id",
        string="Journal Changes",
        groups="hexlet_journal.group_curator,hexlet_journal.group_academic_head,"
        "hexlet_journal.group_deputy_director,hexlet_journal.group_director",
    )

    _record_book_uniq = models.UniqueIndex(
        "(record_book_number)",
        lambda env, diag: env._("This record-book number is already given to another student."),
    )

    def _compute_attestation_line_ids(self):
        Line = self.env["edu.attestation.line"]
        if not Line.has_access("read"):
            self.attestation_line_ids = Line
            return
        lines = Line.search([("student_id", "in", self.ids)])
        for student in self:
            student.attestation_line_ids = lines.filtered(
                lambda line, student=student: line.student_id == student
            )

    @api.depends("last_name", "first_name", "patronymic")
    def _compute_name(self):
        for student in self:
            parts = (student.last_name, student.first_name, student.patronymic)
            student.name = " ".join(part.strip() for part in parts if part and part.strip())

    @api.depends_context("uid")
    def _compute_curator_view(self):
        user = self.env.user
        for student in self:
            own = student.sudo()
            mine = own.group_id.curator_id == user or user.has_group("hexlet_journal.group_hr")
            student.curator_birthdate = own.birthdate if mine else False
            student.curator_phone = own.partner_id.phone if mine else False
            student.curator_email = own.partner_id.email if mine else False

    @api.depends("partner_id.phone", "partner_id.email")
    def _compute_contact(self):
        for student in self:
            partner = student.sudo().partner_id
            student.phone = partner.phone
            student.email = partner.email

    def _inverse_contact(self):
        """Contacts live on the partner; who may edit the card edits them."""
        self.check_access("write")
        for student in self:
            student.sudo().partner_id._write_family_contact(
                {"phone": student.phone, "email": student.email}
            )

    @api.depends("membership_ids.date_to", "membership_ids.group_id")
    def _compute_group_id(self):
        for student in self:
            current = student.membership_ids.filtered(lambda membership: not membership.date_to)
            student.group_id = current[:1].group_id

    @api.depends(
        "subgroup_membership_ids.date_from",
        "subgroup_membership_ids.date_to",
        "subgroup_membership_ids.subgroup_id",
    )
    def _compute_subgroup_ids(self):
        Membership = self.env["edu.subgroup.membership"].sudo()
        current = {}
        for membership in Membership.search_fetch(
            [
                ("student_id", "in", self.ids),
                *Membership._period_domain(college_today(self.env)),
            ],
            ["student_id", "subgroup_id"],
        ):
            current.setdefault(membership.student_id.id, []).append(membership.subgroup_id.id)
        for student in self:
            student.subgroup_ids = self.env["edu.subgroup"].browse(current.get(student.id, []))

    def _inverse_subgroup_ids(self):
        self.env["edu.subgroup.membership"]._sync_current(
            {(subgroup.id, student.id) for student in self for subgroup in student.subgroup_ids},
            students=self,
        )

    def _search_subgroup_ids(self, operator, value):
        if operator not in ("in", "any"):
            return NotImplemented
        Membership = self.env["edu.subgroup.membership"]
        return [
            (
                "subgroup_membership_ids",
                "any",
                [
                    ("subgroup_id", operator, value),
                    *Membership._period_domain(college_today(self.env)),
                ],
            )
        ]

    @api.depends("membership_ids.date_from")
    def _compute_enrollment_date(self):
        for student in self:
            dates = student.membership_ids.mapped("date_from")
            student.enrollment_date = min(dates) if dates else False

    @api.depends("birthdate")
    @api.depends_context("uid")
    def _compute_is_minor(self):
        """An age bracket is personal data too: a curator reads it for the groups
        he curates only, like the birth date (curator_birthdate)."""
        today = college_today(self.env)
        user = self.env.user
        limited = (
            not self.env.su
            and user.has_group("hexlet_journal.group_curator")
            and not any(
                user.has_group(f"hexlet_journal.group_{role}")
                for role in ("hr", "deputy_director", "director")
            )
        )
        for student in self:
            if limited and student.sudo().group_id.curator_id != user:
                student.is_minor = False
            else:
                student.is_minor = student._is_minor_on(today)

    def _is_minor_on(self, date):
        self.ensure_one()
        birthdate = self.sudo().birthdate
        return bool(birthdate) and birthdate + relativedelta(years=ADULT_AGE) > date

    def _check_record_book_free(self, number, except_ids=()):
        """Refuse a taken number before the database does, with a clear message."""
        number = (number or "").strip()
        if not number:
            raise ValidationError(self.env._("The record-book number cannot be empty."))
        twin = (
            self.sudo()
            .with_context(active_test=False)
            .search(
                [("id", "not in", list(except_ids)), ("record_book_number", "=", number)], limit=1
            )
        )
        if twin:
            raise ValidationError(
                self.env._(
                    "The record-book number %(number)s is already given to %(student)s.",
                    number=number,
                    student=twin.name,
                )
            )

    @api.constrains("birthdate")
    def _check_birthdate(self):
        today = college_today(self.env)
        for student in self.sudo():
            if student.birthdate and not (
                today - relativedelta(years=100)
                < student.birthdate
                < today - relativedelta(years=10)
            ):
                raise ValidationError(
                    self.env._(
                        "The birth date %(date)s of %(student)s is not plausible for a college "
                        "student.",
                        date=format_day(self.env, student.birthdate),
                        student=student.name,
                    )
                )

    @api.depends("guardian_ids.adult_consent", "guardian_ids.adult_consent_date")
    def _compute_guardian_consent(self):
        for student in self:
            guardians = student.sudo().guardian_ids
            student.guardian_consent = bool(guardians) and all(guardians.mapped("adult_consent"))
            dates = [day for day in guardians.mapped("adult_consent_date") if day]
            student.guardian_consent_date = max(dates) if dates else False

    def _inverse_guardian_consent(self):
        """A paper consent for all guardians, recorded on the card: each guardian's."""
        for student in self:
            if student.guardian_consent and not student.guardian_consent_date:
                raise ValidationError(
                    self.env._("Record the date of the student's consent to family access.")
                )
            student.guardian_ids.write(
                {
                    "adult_consent": student.guardian_consent,
                    "adult_consent_date": student.guardian_consent_date
                    if student.guardian_consent
                    else False,
                }
            )

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if not (vals.get("record_book_number") or "").strip():
                vals["record_book_number"] = (
                    self.env["ir.sequence"].sudo().next_by_code("edu.student.record_book")
                )
            if not vals.get("partner_id"):
                name = " ".join(
                    vals.get(key, "").strip()
                    for key in ("last_name", "first_name", "patronymic")
                    if vals.get(key)
                )
                partner = (
                    self.env["res.partner"]
                    .sudo()
                    .create({"name": name, "email": vals.get("email")})
                )
                vals["partner_id"] = partner.id
            if "record_book_number" in vals:
                self._check_record_book_free(vals["record_book_number"])
                vals["record_book_number"] = vals["record_book_number"].strip()
        numbers = [
            vals.get("record_book_number") for vals in vals_list if vals.get("record_book_number")
        ]
        if len(numbers) != len(set(numbers)):
            raise ValidationError(self.env._("Two new students cannot share a record-book number."))
        students = super().create(vals_list)
        for student in students:
            # the final contact, whichever way it was given (values, context defaults)
            student.sudo().partner_id.with_env(self.env)._check_family_link(
                as_guardian=False, card=student
            )
        return students

    def write(self, vals):
        if "state" in vals and not self.env.su:
            raise UserError(self.env._("A student's state changes through contingent orders only."))
        if "active" in vals and not self.env.su and self.sudo().membership_ids:
            raise UserError(
                self.env._(
                    "A student who was in a group leaves by an order (expulsion, graduation), "
                    "not by archiving the card."
                )
            )
        if "record_book_number" in vals:
            if len(self) > 1:
                raise ValidationError(self.env._("Two students cannot share a record-book number."))
            self._check_record_book_free(vals["record_book_number"], self.ids)
            vals["record_book_number"] = vals["record_book_number"].strip()
        res = super().write(vals)
        if {"last_name", "first_name", "patronymic"} & set(vals):
            for student in self.sudo():
                student.partner_id.name = student.name
        return res

    @api.ondelete(at_uninstall=False)
    def _unlink_except_with_history(self):
        if self.sudo().order_line_ids.filtered(lambda line: line.order_id.state == "done"):
            raise UserError(
                self.env._(
                    "A student named in a done contingent order cannot be deleted: archive the "
                    "card instead."
                )
            )

    # Portal access (§5.2): blocked on expel, transfer out, graduation.

    def _block_portal_access(self):
        """Deactivate the students' portal users and those of their guardians
        who have no other child still studying."""
        students = self.sudo()
        users = students.user_id
        for guardian in students.guardian_ids:
            other_children = (
                self.env["edu.guardian"]
                .sudo()
                .search_count(
                    [
                        ("partner_id", "=", guardian.partner_id.id),
                        ("student_id", "not in", students.ids),
                        ("student_id.state", "in", ("active", "academic_leave")),
                    ]
                )
            )
            if not other_children:
                users |= guardian.partner_id.user_ids.filtered("share")
        users.filtered("active").write({"active": False})
        return users

    def _restore_portal_access(self):
        students = self.sudo().with_context(active_test=False)
        users = students.user_id
        users |= students.guardian_ids.filtered("portal_access").partner_id.user_ids.filtered(
            "share"
        )
        users.filtered(lambda user: not user.active).write({"active": True})
        return users

    def _notify_journal_administrator(self, summary, note=None):
        """Leave a to-do for the journal administrators on each student (§5.2):
        ``summary`` says what to do and ``note`` (optional) what changed in the
        student's access. Each is a text, or a function of the reader's environment
        (``note``: and of the student) that writes it in the administrator's language."""
        admins = (
            self.env.ref("hexlet_journal.group_admin")
            .sudo()
            .all_user_ids.filtered(
                lambda user: not user.share and user.active and user.id != api.SUPERUSER_ID
            )
        )
        for student in self:
            for admin in admins:
                env = student._env_for(admin)
                student.activity_schedule(
                    "mail.mail_activity_data_todo",
                    summary=summary(env) if callable(summary) else summary,
                    note=(note(env, student) if callable(note) else note) or "",
                    user_id=admin.id,
                )
