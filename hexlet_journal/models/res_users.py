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
    def _journal_group_domain(self, group_xmlid):
        """Users holding a journal role (directly or through an implying group)."""
        return [("all_group_ids", "in", self.env.ref(group_xmlid).ids)]

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
