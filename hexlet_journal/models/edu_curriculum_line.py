from odoo import api, fields, models
from odoo.exceptions import ValidationError

ATTESTATION_FORMS = [
    ("exam", "Exam"),
    ("diff_credit", "Differentiated Credit"),
    ("credit", "Credit"),
    ("other", "Other Form"),
    ("none", "No Attestation"),
]


class EduCurriculumLine(models.Model):
    _name = "edu.curriculum.line"
    _description = "Curriculum Line"
    _inherit = ["edu.record.mixin"]
    _order = "curriculum_id, term_number, discipline_code"

    curriculum_id = fields.Many2one("edu.curriculum", required=True, index=True, ondelete="cascade")
    program_id = fields.Many2one(related="curriculum_id.program_id")
    term_number = fields.Integer(
        string="Term of Study", required=True, default=1, help="Семестр обучения, from 1."
    )
    discipline_id = fields.Many2one("edu.discipline", required=True, index=True)
    discipline_code = fields.Char(related="discipline_id.code", store=True)
    hours_total = fields.Float(string="Total Hours", required=True)
    hours_theory = fields.Float(string="Theory Hours")
    hours_practice = fields.Float(string="Practice Hours")
    hours_lab = fields.Float(string="Lab Hours")
    attestation_form = fields.Selection(
        ATTESTATION_FORMS,
        required=True,
        default="diff_credit",
        help="Форма промежуточной аттестации.",
    )

    _term_discipline_uniq = models.UniqueIndex(
        "(curriculum_id, term_number, discipline_id)",
        lambda env, diag: env._("The discipline is already in the curriculum for this term."),
    )

    @api.depends("discipline_id", "term_number")
    def _compute_display_name(self):
        for line in self:
            line.display_name = self.env._(
                "%(discipline)s, term %(term)s",
                discipline=line.discipline_id.display_name or "",
                term=line.term_number,
            )

    @api.constrains("hours_total", "hours_theory", "hours_practice", "hours_lab", "term_number")
    def _check_hours(self):
        for line in self:
            hours = (line.hours_total, line.hours_theory, line.hours_practice, line.hours_lab)
            if any(value < 0 for value in hours):
                raise ValidationError(
                    self.env._(
                        "Hours of %(discipline)s cannot be negative.",
                        discipline=line.discipline_id.display_name,
                    )
                )
            parts = line.hours_theory + line.hours_practice + line.hours_lab
            if parts > line.hours_total + 0.001:
                raise ValidationError(
                    self.env._(
                        "Theory, practice and lab hours of %(discipline)s (%(parts)s) exceed its "
                        "total hours (%(total)s).",
                        discipline=line.discipline_id.display_name,
                        parts=parts,
                        total=line.hours_total,
                    )
                )
            program = line.curriculum_id.program_id
            if not 1 <= line.term_number <= program.term_count:
                raise ValidationError(
                    self.env._(
                        "The program %(program)s has terms 1 to %(count)s; there is no term "
                        "%(term)s.",
                        program=program.display_name,
                        count=program.term_count,
                        term=line.term_number,
                    )
                )
