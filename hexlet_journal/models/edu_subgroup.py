from odoo import api, fields, models
from odoo.exceptions import ValidationError


class EduSubgroup(models.Model):
    _name = "edu.subgroup"
    _description = "Subgroup"
    _inherit = ["edu.record.mixin"]
    _order = "group_id, name"

    name = fields.Char(required=True, help="Подгруппа, e.g. 1 подгруппа.")
    group_id = fields.Many2one("edu.group", required=True, index=True, ondelete="cascade")
    student_ids = fields.Many2many(
        "edu.student",
        "edu_subgroup_student_rel",
        "subgroup_id",
        "student_id",
        string="Students",
    )

    _group_name_uniq = models.UniqueIndex(
        "(group_id, name)",
        lambda env, diag: env._("The group already has a subgroup with this name."),
    )

    @api.depends("name", "group_id.name")
    def _compute_display_name(self):
        for subgroup in self:
            subgroup.display_name = f"{subgroup.group_id.name} / {subgroup.name}"

    @api.constrains("student_ids", "group_id")
    def _check_students_in_group(self):
        for subgroup in self:
            strangers = subgroup.student_ids.filtered(
                lambda student, group=subgroup.group_id: (
                    group not in student.membership_ids.group_id
                )
            )
            if strangers:
                raise ValidationError(
                    self.env._(
                        "%(students)s never studied in the group %(group)s and cannot be in its "
                        "subgroup.",
                        students=", ".join(strangers.mapped("name")),
                        group=subgroup.group_id.name,
                    )
                )
