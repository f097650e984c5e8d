from odoo.tests import TransactionCase, tagged

from odoo.addons.hexlet_journal.tools import college_today


@tagged("post_install", "-at_install")
class TestDemoCollege(TransactionCase):
    """The demo college is current whenever it is loaded."""

    def setUp(self):
        super().setUp()
        if not self.env.ref("hexlet_journal.demo_year_current", raise_if_not_found=False):
            self.skipTest("installed without demo data")

    def test_demo_is_current_year(self):
        today = college_today(self.env)
        year = self.env.ref("hexlet_journal.demo_year_current")
        self.assertTrue(
            year.date_start <= today <= year.date_end
            or (today.month in (7, 8) and year.date_start > today)
        )
        # closed by the core's demo; the documents' addon then archives it (§7.4)
        self.assertIn(
            self.env.ref("hexlet_journal.demo_year_previous").state, ("closed", "archived")
        )

    def test_demo_college_contents(self):
        groups = self.env["edu.group"].search(
            [
                (
                    "name",
                    "in",
                    [self.env.ref(f"hexlet_journal.demo_group_{i}").name for i in range(1, 5)],
                )
            ]
        )
        self.assertEqual(len(groups), 4)
        for group in groups:
            self.assertTrue(18 <= len(group.student_ids) <= 25, group.name)
            self.assertEqual(len(group.subgroup_ids), 2)
            self.assertTrue(group.curator_id)
        minors = groups.student_ids.filtered("is_minor")
        self.assertTrue(minors)
        self.assertTrue(all(student.guardian_ids for student in minors))
        self.assertEqual(set(groups.program_id.mapped("code")), {"09.02.07", "09.02.01"})
        term = self.env.ref("hexlet_journal.demo_term_current")
        journals = self.env["edu.teaching.assignment"].search([("term_id", "=", term.id)])
        self.assertTrue(journals)
        self.assertTrue(all(journal.topic_plan_id.line_ids for journal in journals))
        self.assertTrue(journals.slot_ids)
        self.assertIn("ПЗ №1", journals.topic_plan_id.line_ids.mapped("practical_label"))

    def test_demo_logins_per_role(self):
        expected = {
            "teacher": "hexlet_journal.group_teacher",
            "curator": "hexlet_journal.group_curator",
            "hr": "hexlet_journal.group_hr",
            "head": "hexlet_journal.group_academic_head",
            "deputy": "hexlet_journal.group_deputy_director",
            "director": "hexlet_journal.group_director",
            "jadmin": "hexlet_journal.group_admin",
            "student": "hexlet_journal.group_student",
            "parent": "hexlet_journal.group_parent",
        }
        for login, group in expected.items():
            user = self.env["res.users"].search([("login", "=", login)])
            self.assertTrue(user.has_group(group), login)
        student_user = self.env["res.users"].search([("login", "=", "student")])
        self.assertEqual(self.env["edu.student"].with_user(student_user).search_count([]), 1)
        parent_user = self.env["res.users"].search([("login", "=", "parent")])
        self.assertEqual(
            self.env["edu.student"].with_user(parent_user).search([]).user_id, student_user
        )
