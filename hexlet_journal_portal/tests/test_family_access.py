"""The curator gives families their logins (§3.1)."""

import io

from pypdf import PdfReader

from odoo.exceptions import AccessError, UserError
from odoo.fields import Command
from odoo.tests import tagged

from odoo.addons.hexlet_journal.tests.common import LessonCase


@tagged("post_install", "-at_install")
class TestFamilyAccess(LessonCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.mother_a3 = cls.env["edu.guardian"].create(
            {
                "student_id": cls.student_a3.id,
                "contact_name": "Васильева Ирина Олеговна",
                "email": "irina.vasileva@example.com",
                "relation": "mother",
                "pd_consent": True,
                "pd_consent_date": cls.enrolled_on,
            }
        )
        cls.grandfather_a3 = cls.env["edu.guardian"].create(
            {
                "student_id": cls.student_a3.id,
                "contact_name": "Васильев Олег Иванович",
                "relation": "grandparent",
                "is_legal_representative": False,
            }
        )

    def wizard(self, user, students=None, model="edu.student", **vals):
        records = students or self.student_a3
        return (
            self.env["edu.family.access"]
            .with_user(user)
            .with_context(active_model=model, active_ids=records.ids)
            .create(vals)
        )

    def line(self, wizard, partner):
        return wizard.line_ids.filtered(lambda line: line.partner_id == partner)

    def test_curator_gives_logins_by_email(self):
        wizard = self.wizard(self.curator_a)
        student_line = self.line(wizard, self.student_a3.partner_id)
        mother_line = self.line(wizard, self.mother_a3.partner_id)
        grandfather_line = self.line(wizard, self.grandfather_a3.partner_id)
        self.assertEqual(student_line.login, "t-003", "no e-mail: the record-book number")
        self.assertEqual(mother_line.login, "irina.vasileva@example.com")
        self.assertFalse(grandfather_line.selected)
        self.assertIn("not a legal representative", grandfather_line.message)
        grandfather_line.selected = True  # the curator insists: refused all the same
        wizard.action_apply()
        self.assertEqual(grandfather_line.state, "refused")
        self.assertFalse(self.grandfather_a3.partner_id.user_ids)
        self.assertFalse(self.grandfather_a3.portal_access)
        # the student and the mother have family logins, nothing internal
        student_user = self.student_a3.user_id
        mother_user = self.mother_a3.partner_id.user_ids
        self.assertTrue(student_user.has_group("hexlet_journal.group_student"))
        self.assertTrue(mother_user.has_group("hexlet_journal.group_parent"))
        for user in student_user | mother_user:
            self.assertTrue(user.share)
            self.assertFalse(user.has_group("base.group_user"))
        self.assertTrue(self.mother_a3.can_see_journal)
        # the mother's invitation waits in the mail queue, with its sign-up link
        mail = self.env["mail.mail"].search([("recipient_ids", "in", mother_user.partner_id.ids)])
        self.assertEqual(len(mail), 1)
        self.assertEqual(mail.state, "outgoing")
        self.assertIn("/web/signup", mail.body_html)
        self.assertIn("irina.vasileva@example.com", mail.body_html)
        # the sign-up link is not filed on the user, where any staff member reads it
        self.assertFalse(mail.model)
        self.assertFalse(
            self.env["mail.message"]
            .with_user(self.teacher_b)
            .search([("model", "=", "res.users"), ("res_id", "=", mother_user.id)])
        )
        # the student has no e-mail: his line says to print
        self.assertIn("print", student_line.message)
        self.assertEqual(mother_line.state, "granted")

    def test_printed_invitations(self):
        wizard = self.wizard(self.curator_a, delivery="print")
        action = wizard.action_apply()
        self.assertEqual(action["report_name"], "hexlet_journal_portal.report_family_invitations")
        Report = (
            self.env["ir.actions.report"]
            .with_user(self.curator_a)
            .with_context(force_report_rendering=True)
        )
        with self.allow_pdf_render():
            pdf, kind = Report._render_qweb_pdf(
                "hexlet_journal_portal.report_family_invitations", wizard.ids
            )
        self.assertEqual(kind, "pdf")
        text = " ".join(
            " ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(pdf)).pages
        )
        self.assertIn("t-003", text)
        self.assertIn("irina.vasileva@example.com", text)
        self.assertIn("/web/signup", text)
        self.assertIn("Васильева Ирина", text)
        self.assertNotIn("Васильев Олег", text, "a refused person gets no invitation")

    def test_staff_email_is_refused(self):
        # the mother's e-mail is a teacher's: the invitation would reach the teacher
        self.mother_a3.partner_id.email = self.teacher_b.email
        wizard = self.wizard(self.curator_a)
        line = self.line(wizard, self.mother_a3.partner_id)
        wizard.action_apply()
        self.assertEqual(line.state, "refused")
        self.assertIn("staff member", line.message)
        # or the login asked is a teacher's
        again = self.wizard(self.curator_a)
        line = self.line(again, self.mother_a3.partner_id)
        line.write({"login": self.teacher_b.login, "email": False})
        again.action_apply()
        self.assertEqual(line.state, "refused")
        self.assertIn("staff member", line.message)
        self.assertFalse(self.mother_a3.partner_id.user_ids)
        self.assertFalse(self.mother_a3.portal_access)

    def test_reactivates_a_blocked_login(self):
        wizard = self.wizard(self.curator_a)
        wizard.action_apply()
        user = self.student_a3.user_id
        user.active = False
        again = self.wizard(self.curator_a)
        line = self.line(again, self.student_a3.partner_id)
        self.assertTrue(line.selected)
        again.action_apply()
        self.assertTrue(user.active)
        self.assertEqual(self.student_a3.user_id, user, "the same login, not a second one")

    def test_only_the_groups_curator(self):
        with self.assertRaises(AccessError):
            self.wizard(self.curator_b)
        with self.assertRaises(AccessError):
            self.wizard(self.teacher_a)
        with self.assertRaises(AccessError):
            self.wizard(self.parent_a1_user)
        self.assertFalse(self.student_a3.user_id)
        # the Student Records Office may, for a whole group
        wizard = self.wizard(self.hr, self.group_a, model="edu.group")
        self.assertEqual(wizard.student_ids, self.student_a1 | self.student_a2 | self.student_a3)

    def test_a_forged_wizard_gives_nobody_else_a_link(self):
        """The fifth attack: lines sent by the client (another account, another group's
        student, the company) are not taken; lines are the students' families."""
        admin = self.env.ref("base.user_admin")
        wizard = (
            self.env["edu.family.access"]
            .with_user(self.curator_a)
            .create(
                {
                    "student_ids": [Command.set(self.student_a3.ids)],
                    "line_ids": [
                        Command.create(
                            {
                                "student_id": self.student_a3.id,
                                "partner_id": admin.partner_id.id,
                                "role": "student",
                                "login": "zz",
                                "user_id": admin.id,
                                "state": "granted",
                            }
                        ),
                        Command.create(
                            {
                                "student_id": self.student_b1.id,
                                "partner_id": self.student_b1.partner_id.id,
                                "role": "student",
                                "login": "evil",
                            }
                        ),
                    ],
                }
            )
        )
        self.assertEqual(wizard.line_ids.student_id, self.student_a3)
        self.assertNotIn(admin, wizard.line_ids.user_id)
        self.assertEqual(
            wizard.line_ids.partner_id,
            self.student_a3.partner_id | self.mother_a3.partner_id | self.grandfather_a3.partner_id,
        )
        self.assertFalse(any(wizard.line_ids.mapped("signup_url")))
        line = wizard.line_ids[:1]
        for vals in ({"user_id": admin.id}, {"state": "granted"}, {"partner_id": 1}):
            with self.assertRaisesRegex(UserError, "Only the tick"):
                line.with_user(self.curator_a).write(vals)
        with self.assertRaisesRegex(UserError, "not added"):
            self.env["edu.family.access.line"].with_user(self.curator_a).create(
                {
                    "wizard_id": wizard.id,
                    "student_id": self.student_a3.id,
                    "partner_id": admin.partner_id.id,
                    "role": "student",
                    "login": "zz",
                }
            )
        with self.assertRaises(UserError):
            wizard.with_user(self.curator_a).write(
                {"student_ids": [Command.set(self.student_b1.ids)]}
            )
        # somebody else's wizard is not read, nor its links
        for user in (self.curator_b, self.hr):
            self.assertFalse(
                self.env["edu.family.access.line"]
                .with_user(user)
                .search([("wizard_id", "=", wizard.id)])
            )
        wizard.with_user(self.curator_a).action_apply()
        self.assertTrue(admin.active)
        self.assertFalse(admin.share)

    def test_a_login_in_use_is_not_handed_over(self):
        """The sixth attack: ticking a family member who already logs in would have
        shown the curator a sign-up link to that account."""
        self.env["res.users.log"].with_user(self.parent_a1_user).sudo().create({})
        self.assertTrue(self.parent_a1_user.login_date)
        wizard = self.wizard(self.curator_a, self.student_a1)
        line = self.line(wizard, self.parent_a1_user.partner_id)
        line.with_user(self.curator_a).selected = True
        wizard.with_user(self.curator_a).action_apply()
        self.assertEqual(line.state, "refused")
        self.assertIn("already uses a login", line.message)
        self.assertFalse(line.signup_url)
