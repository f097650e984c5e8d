import re

from odoo import api, fields, models
from odoo.exceptions import ValidationError

PROGRAM_CODE = re.compile(r"^\d{2}\.\d{2}\.\d{2}$")


class EduProgram(models.Model):
    _name = "edu.program"
    _description = "Program (Specialty)"
    _inherit = ["edu.record.mixin"]
    _order = "code"
    _rec_names_search = ["code", "name"]

    code = fields.Char(required=True, help="Код специальности / профессии, e.g. 09.02.07.")
    name = fields.Char(required=True, help="Наименование специальности.")
    qualification = fields.Char(help="Квалификация, e.g. Программист.")
    study_form = fields.Selection(
        [("full_time", "Full-time"), ("part_time", "Part-time"), ("extramural", "Extramural")],
        string="Form of Study",
        required=True,
        default="full_time",
        help="Форма обучения: очная, очно-заочная, заочная.",
    )
    base_education = fields.Selection(
        [("basic", "Basic general (9 grades)"), ("secondary", "Secondary general (11 grades)")],
        default="basic",
        required=True,
        help="На базе 9 или 11 классов.",
    )
    term_count = fields.Integer(
        string="Terms of Study",
        required=True,
        default=8,
        help="Number of terms in the program (3 г. 10 мес. = 8 terms).",
    )
    active = fields.Boolean(default=True)
    group_ids = fields.One2many("edu.group", "program_id", string="Groups")
    curriculum_ids = fields.One2many("edu.curriculum", "program_id", string="Curricula")

    _code_form_uniq = models.UniqueIndex(
        "(code, study_form, base_education)",
        lambda env, diag: env._(
            "This program already exists for that form of study and base education."
        ),
    )

    @api.depends("code", "name")
    def _compute_display_name(self):
        for program in self:
            program.display_name = f"{program.code} {program.name}"

    @api.constrains("code", "term_count")
    def _check_code(self):
        for program in self:
            if not PROGRAM_CODE.match(program.code or ""):
                raise ValidationError(
                    self.env._(
                        "The program code %(code)s is not a specialty code like 09.02.07.",
                        code=program.code,
                    )
                )
            if not 1 <= program.term_count <= 12:
                raise ValidationError(self.env._("A program lasts from 1 to 12 terms."))
