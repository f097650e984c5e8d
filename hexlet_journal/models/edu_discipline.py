from odoo import api, fields, models
from odoo.exceptions import ValidationError


class EduDiscipline(models.Model):
    _name = "edu.discipline"
    _description = "Discipline"
    _order = "code"
    _rec_names_search = ["code", "name"]

    code = fields.Char(required=True, help="Индекс по учебному плану: ОП.01, МДК.01.01, ПМ.01, УП.01.")
    name = fields.Char(required=True, translate=False)
    kind = fields.Selection(
        [
            ("discipline", "Discipline"),
            ("mdk", "Interdisciplinary Course (МДК)"),
            ("module", "Professional Module"),
            ("practice", "Practice"),
        ],
        required=True,
        default="discipline",
        help="Дисциплина, междисциплинарный курс, профессиональный модуль или практика.",
    )
    module_id = fields.Many2one(
        "edu.discipline",
        string="Professional Module",
        domain=[("kind", "=", "module")],
        help="The module an МДК or a practice belongs to.",
    )
    active = fields.Boolean(default=True)

    _code_uniq = models.UniqueIndex("(code)")

    @api.depends("code", "name")
    def _compute_display_name(self):
        for discipline in self:
            discipline.display_name = f"{discipline.code} {discipline.name}"

    @api.constrains("code")
    def _check_code(self):
        for discipline in self:
            twin = self.with_context(active_test=False).search(
                [("id", "!=", discipline.id), ("code", "=", discipline.code)], limit=1
            )
            if twin:
                raise ValidationError(
                    self.env._(
                        "The code %(code)s is already used by %(discipline)s.",
                        code=discipline.code,
                        discipline=twin.name,
                    )
                )
