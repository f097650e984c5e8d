from odoo import api, fields, models
from odoo.exceptions import UserError


class EduAssignmentGenerate(models.TransientModel):
    """Create a term's teaching load of a group from its curriculum in one go."""

    _name = "edu.assignment.generate"
    _description = "Create Teaching Load from Curriculum"

    group_id = fields.Many2one("edu.group", required=True)
    term_id = fields.Many2one("edu.term", required=True)
    curriculum_id = fields.Many2one("edu.curriculum", compute="_compute_curriculum")
    term_number = fields.Integer(compute="_compute_curriculum", string="Term of Study")
    line_ids = fields.One2many(
        "edu.assignment.generate.line",
        "wizard_id",
        string="Disciplines",
        compute="_compute_lines",
        store=True,
        readonly=False,
    )

    @api.depends("group_id", "term_id")
    def _compute_curriculum(self):
        Curriculum = self.env["edu.curriculum"]
        for wizard in self:
            curriculum = Curriculum
            term_number = 0
            if wizard.group_id and wizard.term_id:
                curriculum = Curriculum.search(
                    [
                        ("program_id", "=", wizard.group_id.program_id.id),
                        ("admission_year", "=", wizard.group_id.admission_year),
                    ],
                    limit=1,
                )
                term_number = wizard.term_id._semester_index(wizard.group_id.admission_year)
            wizard.curriculum_id = curriculum
            wizard.term_number = term_number

    @api.depends("group_id", "term_id")
    def _compute_lines(self):
        for wizard in self:
            curriculum, term_number = wizard.curriculum_id, wizard.term_number
            existing = self.env["edu.teaching.assignment"].search(
                [("group_id", "=", wizard.group_id.id), ("term_id", "=", wizard.term_id.id)]
            )
            # the group's earlier journals: a discipline split in subgroups stays split,
            # and each journal keeps its teacher unless the department changes it
            earlier = self.env["edu.teaching.assignment"].search(
                [("group_id", "=", wizard.group_id.id), ("term_id", "!=", wizard.term_id.id)],
                order="term_id desc, id desc",
            )
            commands = [fields.Command.clear()]
            for line in curriculum.line_ids:
                if line.term_number != term_number or line.discipline_id in existing.discipline_id:
                    continue
                before = earlier.filtered(
                    lambda assignment, line=line: assignment.discipline_id == line.discipline_id
                )
                split = before.filtered("subgroup_id")
                if split:
                    latest = {}
                    for assignment in split:
                        latest.setdefault(assignment.subgroup_id, assignment.teacher_id)
                    for subgroup, teacher in latest.items():
                        commands.append(
                            fields.Command.create(
                                {
                                    "curriculum_line_id": line.id,
                                    "subgroup_id": subgroup.id,
                                    "teacher_id": teacher.id,
                                }
                            )
                        )
                    continue
                commands.append(
                    fields.Command.create(
                        {"curriculum_line_id": line.id, "teacher_id": before[:1].teacher_id.id}
                    )
                )
            wizard.line_ids = commands

    def action_generate(self):
        self.ensure_one()
        if not self.curriculum_id:
            raise UserError(
                self.env._(
                    "There is no curriculum of %(program)s for the groups admitted in %(year)s.",
                    program=self.group_id.program_id.display_name,
                    year=self.group_id.admission_year,
                )
            )
        lines = self.line_ids.filtered("curriculum_line_id")
        if not lines:
            raise UserError(
                self.env._("Nothing to create: every discipline of the term has its journal.")
            )
        missing = lines.filtered(lambda line: not line.teacher_id)
        if missing:
            raise UserError(
                self.env._(
                    "Choose a teacher for %(disciplines)s.",
                    disciplines=", ".join(
                        missing.curriculum_line_id.discipline_id.mapped("display_name")
                    ),
                )
            )
        assignments = self.env["edu.teaching.assignment"].create(
            [
                {
                    "term_id": self.term_id.id,
                    "group_id": self.group_id.id,
                    "discipline_id": line.curriculum_line_id.discipline_id.id,
                    "curriculum_line_id": line.curriculum_line_id.id,
                    "subgroup_id": line.subgroup_id.id,
                    "teacher_id": line.teacher_id.id,
                }
                for line in lines
            ]
        )
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Teaching Load"),
            "res_model": "edu.teaching.assignment",
            "view_mode": "list,form",
            "domain": [("id", "in", assignments.ids)],
        }
