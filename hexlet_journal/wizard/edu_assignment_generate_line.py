from odoo import fields, models


class EduAssignmentGenerateLine(models.TransientModel):
    _name = "edu.assignment.generate.line"
    _description = "Discipline to Assign"

    wizard_id = fields.Many2one("edu.assignment.generate", required=True, ondelete="cascade")
    curriculum_line_id = fields.Many2one("edu.curriculum.line", required=True)
    discipline_id = fields.Many2one(related="curriculum_line_id.discipline_id")
    subgroup_id = fields.Many2one(
        "edu.subgroup",
        help="A split discipline (§5.3) gets a journal per subgroup, as in the earlier terms.",
    )
    hours_total = fields.Float(related="curriculum_line_id.hours_total")
    attestation_form = fields.Selection(related="curriculum_line_id.attestation_form")
    teacher_id = fields.Many2one(
        "res.users",
        domain=lambda self: self.env["res.users"]._journal_group_domain(
            "hexlet_journal.group_teacher"
        ),
    )
