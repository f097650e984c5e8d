from odoo import api, fields, models


class EduCurriculum(models.Model):
    """Учебный план of a program for the groups admitted in a year."""

    _name = "edu.curriculum"
    _description = "Curriculum"
    _inherit = ["edu.record.mixin", "mail.thread"]
    _order = "admission_year desc, program_id"

    program_id = fields.Many2one("edu.program", required=True, index=True)
    admission_year = fields.Integer(required=True, help="Год набора the plan is for.")
    line_ids = fields.One2many("edu.curriculum.line", "curriculum_id", string="Lines", copy=True)
    total_hours = fields.Float(compute="_compute_total_hours")
    state = fields.Selection(
        [("draft", "Draft"), ("approved", "Approved")],
        default="draft",
        required=True,
        tracking=True,
    )

    _program_year_uniq = models.UniqueIndex(
        "(program_id, admission_year)",
        lambda env, diag: env._("This program already has a curriculum for that admission year."),
    )

    @api.depends("program_id.code", "admission_year")
    def _compute_display_name(self):
        for curriculum in self:
            curriculum.display_name = self.env._(
                "%(code)s, admission %(year)s",
                code=curriculum.program_id.code or "",
                year=curriculum.admission_year,
            )

    @api.depends("line_ids.hours_total")
    def _compute_total_hours(self):
        for curriculum in self:
            curriculum.total_hours = sum(curriculum.line_ids.mapped("hours_total"))

    def action_approve(self):
        self.write({"state": "approved"})

    def action_reset_to_draft(self):
        self.write({"state": "draft"})
