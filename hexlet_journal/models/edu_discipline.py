from odoo import api, fields, models
from odoo.exceptions import ValidationError


class EduDiscipline(models.Model):
    _name = "edu.discipline"
    _description = "Discipline"
    _inherit = ["edu.record.mixin"]
    _order = "code"
    _rec_names_search = ["code", "name"]

    code = fields.Char(
        required=True, help="Индекс по учебному плану: ОП.01, МДК.01.01, ПМ.01, УП.01."
    )
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

    _code_uniq = models.UniqueIndex(
        "(code)", lambda env, diag: env._("Another discipline already has this code.")
    )

    def _check_code_free(self, code, except_ids=()):
        twin = (
            self.sudo()
            .with_context(active_test=False)
            .search([("id", "not in", list(except_ids)), ("code", "=", code)], limit=1)
        )
        if twin:
            raise ValidationError(
                self.env._(
                    "The code %(code)s is already used by %(discipline)s.",
                    code=code,
                    discipline=twin.name,
                )
            )

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("code"):
                vals["code"] = vals["code"].strip()
                self._check_code_free(vals["code"])
        return super().create(vals_list)

    def write(self, vals):
        if vals.get("code"):
            vals["code"] = vals["code"].strip()
            self._check_code_free(vals["code"], self.ids)
        return super().write(vals)

    @api.depends("code", "name")
    def _compute_display_name(self):
        for discipline in self:
            discipline.display_name = f"{discipline.code} {discipline.name}"
