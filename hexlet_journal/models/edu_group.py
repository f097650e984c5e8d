from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ..tools import college_today


class EduGroup(models.Model):
    _name = "edu.group"
    _description = "Study Group"
    _inherit = ["edu.record.mixin", "mail.thread"]
    _order = "name"

    name = fields.Char(required=True, tracking=True, help="Учебная группа, e.g. ИСП-21.")
    program_id = fields.Many2one("edu.program", required=True, index=True, tracking=True)
    admission_year = fields.Integer(
        required=True,
        default=lambda self: college_today(self.env).year,
        help="Calendar year in which the group started its studies (год набора).",
    )
    course = fields.Integer(
        compute="_compute_course",
        store=True,
        help="Курс: the year of study in the current academic year.",
    )
    curator_id = fields.Many2one(
        "res.users",
        index=True,
        tracking=True,
        domain=lambda self: self.env["res.users"]._journal_group_domain(
            "hexlet_journal.group_curator"
        ),
    )
    membership_ids = fields.One2many(
        "edu.group.membership", "group_id", string="Membership History"
    )
    student_ids = fields.One2many("edu.student", "group_id", string="Students")
    student_count = fields.Integer(compute="_compute_student_count", string="Students Count")
    subgroup_ids = fields.One2many("edu.subgroup", "group_id", string="Subgroups")
    assignment_ids = fields.One2many("edu.teaching.assignment", "group_id", string="Teaching Load")
    active = fields.Boolean(default=True)

    _name_uniq = models.UniqueIndex(
        "(name) WHERE active",
        lambda env, diag: env._("Another active group already has this name."),
    )

    @api.depends("admission_year")
    def _compute_course(self):
        year = self.env["edu.academic.year"]._get_current()
        start_year = year.date_start.year if year else college_today(self.env).year
        for group in self:
            group.course = (
                max(start_year - group.admission_year + 1, 1) if group.admission_year else 0
            )

    @api.depends("student_ids")
    def _compute_student_count(self):
        counts = dict(
            self.env["edu.student"]._read_group(
                [("group_id", "in", self.ids)], ["group_id"], ["__count"]
            )
        )
        for group in self:
            group.student_count = counts.get(group, 0)

    @api.constrains("admission_year")
    def _check_admission_year(self):
        for group in self:
            if not 1990 <= group.admission_year <= 2100:
                raise ValidationError(
                    self.env._(
                        "The admission year %(year)s is not a year.", year=group.admission_year
                    )
                )

    def write(self, vals):
        result = super().write(vals)
        if "curator_id" in vals:
            # the curator's notes rule reads res.users.journal_curated_student_ids
            self.env.registry.clear_cache()
        return result

    def _members_on(self, date):
        """Students who were members of the groups on the date."""
        memberships = self.env["edu.group.membership"].search(
            [("group_id", "in", self.ids), *self.env["edu.group.membership"]._period_domain(date)]
        )
        return memberships.student_id

    @api.model
    def _cron_recompute_course(self):
        groups = self.search([])
        self.env.add_to_compute(self._fields["course"], groups)
        groups.flush_recordset(["course"])

    def action_open_students(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Students of %(group)s", group=self.name),
            "res_model": "edu.student",
            "view_mode": "list,form",
            "domain": [("group_id", "=", self.id)],
            "context": {"default_group_id": self.id},
        }
