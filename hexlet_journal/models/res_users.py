from odoo import api, fields, models


class ResUsers(models.Model):
    _inherit = "res.users"

    journal_curated_student_ids = fields.Many2many(
        "edu.student",
        compute="_compute_journal_curated_student_ids",
        string="Students Curated",
        help="The students of the groups the user curates now (read by the record rule "
        "on internal notes of student cards).",
    )

    def _compute_journal_curated_student_ids(self):
        Student = self.env["edu.student"].sudo()
        for user in self:
            user.journal_curated_student_ids = Student.search(
                [("group_id.curator_id", "=", user.id)]
            )

    @api.model
    def _staff_roles(self):
        """The journal's staff roles, the highest first."""
        return [
            self.env.ref(f"hexlet_journal.{name}")
            for name in (
                "group_admin",
                "group_director",
                "group_deputy_director",
                "group_academic_head",
                "group_hr",
                "group_curator",
                "group_teacher",
            )
        ]

    @api.model
    def _journal_group_domain(self, group_xmlid):
        """Users holding a journal role (directly or through an implying group)."""
        return [("all_group_ids", "in", self.env.ref(group_xmlid).ids)]

    @api.model
    def _journal_signatory(self, group_xmlid):
        """The person who signs for a journal role: the first active staff
        user holding the group itself (not through an implying group), other
        than the superuser and the technical administrator; empty if none."""
        group = self.env.ref(group_xmlid)
        technical = self.env.ref("base.user_admin", raise_if_not_found=False)
        excluded = [self.env.ref("base.user_root").id] + (technical.ids if technical else [])
        return (
            self.sudo()
            .search(
                [("group_ids", "in", group.ids), ("share", "=", False), ("id", "not in", excluded)],
                order="id",
                limit=1,
            )
            .with_env(self.env)
        )

    def _journal_home_action(self):
        """Where each role starts its day: teachers and curators on «Today», the
        offices and managers on the screen they control from."""
        self.ensure_one()
        homes = (
            ("hexlet_journal.group_admin", "hexlet_journal.edu_academic_year_action"),
            ("hexlet_journal.group_teacher", "hexlet_journal.edu_lesson_action_today"),
            ("hexlet_journal.group_academic_head", "hexlet_journal.edu_inspection_action"),
            ("hexlet_journal.group_deputy_director", "hexlet_journal.edu_inspection_action"),
            ("hexlet_journal.group_director", "hexlet_journal.edu_inspection_action"),
            ("hexlet_journal.group_hr", "hexlet_journal.edu_student_action"),
            ("hexlet_journal.group_admin", "hexlet_journal.edu_academic_year_action"),
        )
        for group, action in homes:
            if self.has_group(group):
                return self.env["ir.actions.actions"]._for_xml_id(action)
        return self.env["ir.actions.actions"]._for_xml_id("hexlet_journal.edu_group_action")
