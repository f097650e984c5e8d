from odoo.exceptions import UserError, ValidationError
from odoo.fields import Command
from odoo.tests import Form, tagged

from .common import JournalCase


@tagged("post_install", "-at_install")
class TestCurriculum(JournalCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.line = cls.curriculum.line_ids.filtered(
            lambda line: line.discipline_id == cls.discipline
        )

    def test_negative_hours(self):
        with self.assertRaisesRegex(ValidationError, "cannot be negative"):
            self.line.hours_practice = -2
        self.assertEqual(self.line.hours_practice, 32)

    def test_parts_exceed_total(self):
        with self.assertRaisesRegex(ValidationError, "exceed its total hours"):
            self.line.hours_lab = 10

    def test_term_the_program_does_not_have(self):
        with self.assertRaisesRegex(ValidationError, "there is no term 9"):
            self.curriculum.write(
                {
                    "line_ids": [
                        Command.create(
                            {
                                "term_number": 9,
                                "discipline_id": self.discipline.id,
                                "hours_total": 10,
                            }
                        )
                    ]
                }
            )
        self.assertEqual(len(self.curriculum.line_ids), 3)

    def test_discipline_code_unique(self):
        with self.assertRaisesRegex(ValidationError, "already used by"):
            self.env["edu.discipline"].create({"code": "Т.ОП.04", "name": "Copy"})

    def test_planned_hours_from_curriculum(self):
        self.assertEqual(self.assignment_a.planned_hours, 72)
        self.assertEqual(self.assignment_a.attestation_form, "exam")
        self.assertIn("Т-ИСП-1", self.assignment_a.name)

    def test_assignment_subgroup_of_other_group(self):
        with self.assertRaisesRegex(ValidationError, "is not a subgroup of"):
            self.env["edu.teaching.assignment"].create(
                {
                    "term_id": self.term.id,
                    "group_id": self.group_b.id,
                    "subgroup_id": self.subgroup_a1.id,
                    "discipline_id": self.discipline_en.id,
                    "teacher_id": self.teacher_b.id,
                }
            )

    def test_assignment_twice(self):
        with self.assertRaisesRegex(ValidationError, "already has a journal"):
            self.env["edu.teaching.assignment"].create(
                {
                    "term_id": self.term.id,
                    "group_id": self.group_a.id,
                    "discipline_id": self.discipline.id,
                    "teacher_id": self.teacher_b.id,
                }
            )

    def test_split_group_two_journals(self):
        first, second = self.split_journals()
        self.assertEqual(first._students_on(self.today), self.student_a1 | self.student_a2)
        self.assertEqual(second._students_on(self.today), self.student_a3)

    def test_generate_load_from_curriculum(self):
        wizard_form = Form(self.env["edu.assignment.generate"].with_user(self.head))
        wizard_form.group_id = self.group_a
        wizard_form.term_id = self.term
        self.assertEqual(wizard_form.curriculum_id, self.curriculum)
        # ОП.04 already has its journal: only the two others are proposed
        self.assertEqual(len(wizard_form.line_ids), 2)
        for index in range(2):
            with wizard_form.line_ids.edit(index) as line:
                line.teacher_id = self.teacher_a
        wizard = wizard_form.save()
        action = wizard.action_generate()
        created = self.env["edu.teaching.assignment"].search(action["domain"])
        self.assertEqual(created.discipline_id, self.discipline_db | self.discipline_en)
        self.assertEqual(sorted(created.mapped("planned_hours")), [32, 48])

    def test_generate_needs_teacher(self):
        wizard = (
            self.env["edu.assignment.generate"]
            .with_user(self.head)
            .create({"group_id": self.group_a.id, "term_id": self.term.id})
        )
        with self.assertRaisesRegex(UserError, "Choose a teacher"):
            wizard.action_generate()
        self.assertEqual(len(self.group_a.assignment_ids), 1)

    def test_generate_without_curriculum(self):
        group = self.env["edu.group"].create(
            {
                "name": "Т-ИСП-9",
                "program_id": self.program.id,
                "admission_year": self.year.date_start.year - 3,
            }
        )
        wizard = (
            self.env["edu.assignment.generate"]
            .with_user(self.head)
            .create({"group_id": group.id, "term_id": self.term.id})
        )
        with self.assertRaisesRegex(UserError, "There is no curriculum"):
            wizard.action_generate()
