from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from ..tools import college_today
from .edu_curriculum_line import ATTESTATION_FORMS
from .edu_lesson_entry import MARK_SCALES

RESULTS = [
    ("5", "5 (excellent)"),
    ("4", "4 (good)"),
    ("3", "3 (satisfactory)"),
    ("2", "2 (unsatisfactory)"),
    ("pass", "Pass"),
    ("fail", "Fail"),
    ("no_show", "Did not appear"),
    ("not_admitted", "Not admitted"),
]
FORM_RESULTS = {
    "exam": MARK_SCALES["five"],
    "diff_credit": MARK_SCALES["five"],
    "credit": ("pass", "fail"),
    "other": MARK_SCALES["five"] + MARK_SCALES["pass_fail"],
    "none": (),
}
PASSED = ("5", "4", "3", "pass")
# «качество знаний»: passed with 5s and 4s (credits count, but not alone)
GOOD = ("5", "4", "pass")


class EduAttestation(models.Model):
    """Ведомость промежуточной аттестации of one journal."""

    _name = "edu.attestation"
    _description = "Attestation Statement"
    _inherit = ["edu.record.mixin", "mail.thread", "mail.activity.mixin"]
    _create_only = ("assignment_id",)
    _order = "date desc, id desc"

    name = fields.Char(compute="_compute_name", store=True)
    assignment_id = fields.Many2one(
        "edu.teaching.assignment", string="Journal", required=True, index=True, tracking=True
    )
    term_id = fields.Many2one(related="assignment_id.term_id", store=True, index=True)
    group_id = fields.Many2one(related="assignment_id.group_id", store=True, index=True)
    discipline_id = fields.Many2one(related="assignment_id.discipline_id", store=True)
    teacher_id = fields.Many2one(related="assignment_id.teacher_id", store=True)
    form = fields.Selection(
        [form for form in ATTESTATION_FORMS if form[0] != "none"],
        compute="_compute_form",
        store=True,
        readonly=False,
        precompute=True,
        required=True,
        tracking=True,
        help="The form of intermediate attestation from the curriculum.",
    )
    date = fields.Date(required=True, default=lambda self: college_today(self.env), tracking=True)
    examiner_ids = fields.Many2many(
        "res.users",
        "edu_attestation_examiner_rel",
        "attestation_id",
        "user_id",
        string="Examiners",
        default=lambda self: self.env.user,
    )
    max_unexcused_share = fields.Float(
        string="Max Unexcused Absences (%)",
        default=lambda self: float(
            self.env["ir.config_parameter"]
            .sudo()
            .get_param("hexlet_journal.admission_max_unexcused", 30)
        ),
        help="Admission rule: a student with a larger share of unexcused absences in the "
        "journal is not suggested for admission.",
    )
    state = fields.Selection(
        [("draft", "Draft"), ("done", "Done")], default="draft", required=True, tracking=True
    )
    line_ids = fields.One2many("edu.attestation.line", "attestation_id", string="Students")

    _one_per_journal = models.UniqueIndex(
        "(assignment_id)",
        lambda env, diag: env._(
            "This journal already has its attestation statement: a journal has one statement "
            "per term, and retakes are recorded on it."
        ),
    )

    @api.depends("assignment_id.name", "form")
    def _compute_name(self):
        for statement in self:
            statement.name = statement.assignment_id.name or ""

    @api.depends("assignment_id")
    def _compute_form(self):
        for statement in self:
            form = statement.assignment_id.attestation_form
            statement.form = form if form and form != "none" else "diff_credit"

    @api.model_create_multi
    def create(self, vals_list):
        assignments = self.env["edu.teaching.assignment"].browse(
            [vals.get("assignment_id") for vals in vals_list if vals.get("assignment_id")]
        )
        assignments.term_id.year_id._check_not_archived()
        taken = self.sudo().search([("assignment_id", "in", assignments.ids)], limit=1)
        if taken or len(assignments) < len([v for v in vals_list if v.get("assignment_id")]):
            raise ValidationError(
                self.env._(
                    "The journal %(journal)s already has its attestation statement: a journal has "
                    "one statement per term, and retakes are recorded on it.",
                    journal=(taken.assignment_id or assignments[:1]).name,
                )
            )
        statements = super().create(vals_list)
        statements.filtered(lambda statement: not statement.line_ids)._fill_students()
        return statements

    def write(self, vals):
        self.check_access("write")
        self.term_id.year_id._check_not_archived()
        if "state" in vals and not self.env.su:
            raise UserError(self.env._("A statement is closed with its Close button only."))
        if self.filtered(lambda statement: statement.state == "done") and set(vals) - {
            "message_main_attachment_id",
        }:
            raise UserError(self.env._("A done attestation statement is read-only."))
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_done(self):
        if self.filtered(lambda statement: statement.state == "done"):
            raise UserError(self.env._("A done attestation statement cannot be deleted."))

    def _fill_students(self):
        for statement in self:
            students = statement.assignment_id.sudo()._students_on(statement.date)
            statement.write(
                {
                    "line_ids": [
                        fields.Command.create({"student_id": student.id})
                        for student in students.sorted("name")
                    ]
                }
            )

    def action_done(self):
        for statement in self:
            if statement.state != "draft":
                raise UserError(self.env._("The statement is already done."))
            missing = statement.line_ids.filtered(lambda line: not line.result)
            if missing:
                raise UserError(
                    self.env._(
                        "Give a result to every student before closing the statement: "
                        "%(students)s.",
                        students=", ".join(missing.student_id.mapped("name")),
                    )
                )
        super().write({"state": "done"})
        return True
