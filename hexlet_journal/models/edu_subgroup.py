from odoo import api, fields, models
from odoo.exceptions import UserError

from ..tools import college_today

STUDENT_IDS_HELP = (
    "The members today. Adding a student puts him in the subgroup from the day he "
    "joined the group (or from the day after his last period in this subgroup), so "
    "the journal's past lessons keep his row; removing one ends his period yesterday. "
    "The dated history is in Members."
)


class EduSubgroup(models.Model):
    _name = "edu.subgroup"
    _description = "Subgroup"
    _inherit = ["edu.record.mixin"]
    _order = "group_id, name"

    name = fields.Char(required=True, help="Подгруппа, e.g. 1 подгруппа.")
    group_id = fields.Many2one("edu.group", required=True, index=True, ondelete="cascade")
    membership_ids = fields.One2many(
        "edu.subgroup.membership",
        "subgroup_id",
        string="Members",
        help="Who was in the subgroup when: a journal of the subgroup lists, for each "
        "lesson, the students in it that day.",
    )
    student_ids = fields.Many2many(
        "edu.student",
        string="Students",
        compute="_compute_student_ids",
        inverse="_inverse_student_ids",
        search="_search_student_ids",
        help=STUDENT_IDS_HELP,
    )

    _group_name_uniq = models.UniqueIndex(
        "(group_id, name)",
        lambda env, diag: env._("The group already has a subgroup with this name."),
    )

    @api.depends("name", "group_id.name")
    def _compute_display_name(self):
        for subgroup in self:
            subgroup.display_name = f"{subgroup.group_id.name} / {subgroup.name}"

    @api.depends("membership_ids.date_from", "membership_ids.date_to", "membership_ids.student_id")
    def _compute_student_ids(self):
        members = self._members_by_subgroup(college_today(self.env))
        for subgroup in self:
            subgroup.student_ids = members.get(subgroup.id, self.env["edu.student"])

    def _inverse_student_ids(self):
        self.env["edu.subgroup.membership"]._sync_current(
            {(subgroup.id, student.id) for subgroup in self for student in subgroup.student_ids},
            subgroups=self,
        )

    def _search_student_ids(self, operator, value):
        if operator not in ("in", "any"):
            return NotImplemented
        Membership = self.env["edu.subgroup.membership"]
        return [
            (
                "membership_ids",
                "any",
                [
                    ("student_id", operator, value),
                    *Membership._period_domain(college_today(self.env)),
                ],
            )
        ]

    def _members_by_subgroup(self, date):
        """``{subgroup id: students}`` of the subgroups on the date, in one query."""
        Membership = self.env["edu.subgroup.membership"].sudo()
        members = {}
        for membership in Membership.search_fetch(
            [("subgroup_id", "in", self.ids), *Membership._period_domain(date)],
            ["subgroup_id", "student_id"],
        ):
            subgroup_id = membership.subgroup_id.id
            members[subgroup_id] = members.get(subgroup_id, self.env["edu.student"]) | self.env[
                "edu.student"
            ].browse(membership.student_id.id)
        return members

    def _members_on(self, date):
        """Students who were in the subgroups on the date."""
        return self.env["edu.student"].union(*self._members_by_subgroup(date).values())

    @api.ondelete(at_uninstall=False)
    def _unlink_except_taught(self):
        """A subgroup its journals or lessons name is the record of who was taught
        in it: deleting it would make its journals the whole group's (§5.3). Its
        periods go with it only as a member's period goes by hand."""
        Journal = self.env["edu.teaching.assignment"].sudo().with_context(active_test=False)
        taught = Journal.search([("subgroup_id", "in", self.ids)], limit=1).subgroup_id
        taught |= (
            self.env["edu.lesson"]
            .sudo()
            .search([("subgroup_id", "in", self.ids)], limit=1)
            .subgroup_id
        )
        if taught:
            raise UserError(
                self.env._(
                    "The subgroup %(subgroup)s has journals or lessons and stays as their "
                    "record; a subgroup no longer taught keeps its history.",
                    subgroup=taught[0].display_name,
                )
            )
        # the database deletes the periods with it: the rule of deleting one by hand
        self.membership_ids._unlink_except_from_order()

    @api.constrains("group_id")
    def _check_students_in_group(self):
        # a subgroup moved to another group keeps its history only where it fits
        self.membership_ids._check_in_group()
