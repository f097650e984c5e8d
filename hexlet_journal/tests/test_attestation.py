from datetime import timedelta

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.fields import Command
from odoo.tests import tagged

from .common import LessonCase


@tagged("post_install", "-at_install")
class TestAttestation(LessonCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.commission = cls.teacher_a | cls.teacher_b | cls.curator_a

    def _journal_with_marks(self):
        """a1: 5, 3 (average 4.0); a2: 2 then nothing, «н» twice; a3: 2 then 4."""
        days = [max(self.first_day, self.today - timedelta(days=offset)) for offset in (3, 2, 1, 0)]
        cells = [
            {self.student_a1: "5", self.student_a2: "2", self.student_a3: "2"},
            {self.student_a1: "3", self.student_a2: "н", self.student_a3: "4"},
            {self.student_a2: "н"},
            {},
        ]
        for pair, (day, values) in enumerate(zip(days, cells, strict=True), start=1):
            lesson = self.lesson(date=day, pair_number=pair, line=self.lines[pair - 1])
            lesson.set_cells(
                [{"student_id": student.id, "value": value} for student, value in values.items()]
            )

    def _statement(self, **vals):
        return (
            self.env["edu.attestation"]
            .with_user(self.teacher_a)
            .create({"assignment_id": self.assignment_a.id, "date": self.today, **vals})
        )

    def line(self, statement, student):
        return statement.line_ids.filtered(lambda line: line.student_id == student)

    def test_statements_of_one_date_computed_together(self):
        """The admission figures of several journals' statements computed in one
        batch (a term's statements, created together) equal those computed one
        statement at a time."""
        self._journal_with_marks()
        first = self._statement()
        second = (
            self.env["edu.attestation"]
            .sudo()
            .create({"assignment_id": self.assignment_b.id, "date": self.today})
        )
        lines = (first.sudo() | second).line_ids
        self.assertEqual(len(lines.attestation_id), 2)
        names = ("current_average", "unexcused_share", "unresolved_fail", "suggested_admission")

        def figures():
            return {line.id: tuple(line[name] for name in names) for line in lines}

        alone = figures()
        Line = self.env["edu.attestation.line"]
        for name in names:
            self.env.add_to_compute(Line._fields[name], lines)
        lines.flush_recordset()
        self.env.invalidate_all()
        self.assertEqual(figures(), alone)
        self.assertEqual(
            alone[self.line(first, self.student_a1).id][0], 4.0, "a1's average in the batch"
        )

    def test_statement_from_journal(self):
        self._journal_with_marks()
        statement = self._statement()
        self.assertEqual(statement.form, "exam", "the form comes from the curriculum")
        self.assertEqual(
            statement.line_ids.student_id, self.student_a1 | self.student_a2 | self.student_a3
        )
        a1, a2, a3 = (
            self.line(statement, s) for s in (self.student_a1, self.student_a2, self.student_a3)
        )
        self.assertEqual(a1.current_average, 4.0)
        self.assertTrue(a1.suggested_admission)
        # a2: 2 never corrected, 2 of 4 lessons missed without excuse = 50 %
        self.assertTrue(a2.unresolved_fail)
        self.assertEqual(a2.unexcused_share, 50.0)
        self.assertFalse(a2.suggested_admission)
        self.assertFalse(a2.admitted)
        # a3: the 2 was followed by a 4
        self.assertFalse(a3.unresolved_fail)
        self.assertEqual(a3.current_average, 3.0)
        self.assertTrue(a3.admitted)

    def test_result_on_the_form_scale(self):
        statement = self._statement()
        line = self.line(statement, self.student_a1)
        with self.assertRaisesRegex(ValidationError, "not on the scale"):
            line.with_user(self.teacher_a).result = "pass"
        line.with_user(self.teacher_a).result = "5"
        self.assertEqual(line.allowed_results, "5,4,3,2,no_show,not_admitted")
        with self.assertRaisesRegex(ValidationError, "already has its attestation statement"):
            self._statement(form="credit")
        statement.sudo().unlink()
        credit = self._statement(form="credit")
        self.assertEqual(
            self.line(credit, self.student_a1).allowed_results, "pass,fail,no_show,not_admitted"
        )
        with self.assertRaisesRegex(ValidationError, "not on the scale"):
            self.line(credit, self.student_a1).with_user(self.teacher_a).result = "4"

    def test_not_admitted_needs_override_reason(self):
        self._journal_with_marks()
        statement = self._statement()
        line = self.line(statement, self.student_a2).with_user(self.teacher_a)
        with self.assertRaisesRegex(ValidationError, "give the reason for overriding"):
            line.result = "3"
        self.assertFalse(line.result)
        line.result = "not_admitted"
        line.write({"result": "3", "admission_note": "Решение учебной части от 20.12"})
        self.assertEqual(line.result, "3")

    def test_done_statement_read_only(self):
        statement = self._statement()
        with self.assertRaisesRegex(UserError, "Give a result to every student"):
            statement.with_user(self.teacher_a).action_done()
        for line, result in zip(statement.line_ids, ("5", "4", "2"), strict=True):
            line.with_user(self.teacher_a).write({"result": result, "admitted": True})
        with self.assertRaisesRegex(UserError, "Close button only"):
            statement.with_user(self.teacher_a).write({"state": "done"})
        statement.with_user(self.teacher_a).action_done()
        with self.assertRaisesRegex(UserError, "read-only"):
            statement.line_ids[0].with_user(self.teacher_a).result = "3"
        with self.assertRaisesRegex(UserError, "read-only"):
            statement.with_user(self.head).date = self.today - timedelta(days=1)
        with self.assertRaisesRegex(UserError, "cannot be deleted"):
            statement.with_user(self.head).unlink()

    def test_retake(self):
        statement = self._statement()
        passed, failed, missing = statement.line_ids.sorted("student_name")
        passed.write({"result": "4", "admitted": True})
        failed.write({"result": "2", "admitted": True})
        Retake = self.env["edu.attestation.retake"].with_user(self.head)
        with self.assertRaisesRegex(ValidationError, "nothing to retake"):
            Retake.create(
                {
                    "line_id": passed.id,
                    "date": self.today,
                    "commission_ids": [Command.set(self.commission.ids)],
                }
            )
        with self.assertRaisesRegex(ValidationError, "three members"):
            Retake.create(
                {
                    "line_id": failed.id,
                    "date": self.today,
                    "commission_ids": [Command.set(self.teacher_a.ids)],
                }
            )
        with self.assertRaisesRegex(ValidationError, "record the first result"):
            Retake.create(
                {
                    "line_id": missing.id,
                    "date": self.today,
                    "commission_ids": [Command.set(self.commission.ids)],
                }
            )
        retake = Retake.create(
            {
                "line_id": failed.id,
                "date": self.today + timedelta(days=7),
                "commission_ids": [Command.set(self.commission.ids)],
            }
        )
        retake.result = "3"
        self.assertEqual(failed.final_result, "3")
        self.assertTrue(failed.passed)
        with self.assertRaisesRegex(ValidationError, "nothing to retake"):
            Retake.create(
                {
                    "line_id": failed.id,
                    "date": self.today,
                    "commission_ids": [Command.set(self.commission.ids)],
                }
            )

    def test_student_history_and_access(self):
        statement = self._statement()
        self.line(statement, self.student_a1).write({"result": "5", "admitted": True})
        lines = self.env["edu.attestation.line"].with_user(self.student_a1_user).search([])
        self.assertEqual(lines.student_id, self.student_a1)
        self.assertEqual(
            self.env["edu.attestation.line"].with_user(self.parent_a1_user).search([]).result, "5"
        )
        with self.assertRaises(AccessError):
            lines.write({"result": "2"})
        with self.assertRaises(AccessError):
            statement.with_user(self.teacher_b).read(["name"])
        with self.assertRaises(AccessError):
            self.env["edu.attestation"].with_user(self.teacher_b).create(
                {"assignment_id": self.assignment_a.id}
            )
        with self.assertRaises(AccessError):
            statement.line_ids[0].with_user(self.director).write({"result": "3"})
