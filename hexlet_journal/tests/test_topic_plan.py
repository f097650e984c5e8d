import base64
import io

import openpyxl

from odoo.exceptions import UserError, ValidationError
from odoo.fields import Command
from odoo.tests import tagged

from .common import JournalCase


@tagged("post_install", "-at_install")
class TestTopicPlan(JournalCase):
    def _import(self, content, filename="ktp.csv", replace=True):
        return (
            self.env["edu.topic.plan.import"]
            .with_user(self.teacher_a)
            .create(
                {
                    "plan_id": self.plan_a.id,
                    "file": base64.b64encode(content),
                    "filename": filename,
                    "replace_lines": replace,
                }
            )
        )

    def test_practical_numbering(self):
        labels = self.plan_a.line_ids.sorted("sequence").mapped("practical_label")
        self.assertEqual(labels, [False, "ПЗ №1", False, "ПЗ №2"])
        # a new practical topic before the others renumbers them
        self.plan_a.write(
            {
                "line_ids": [
                    Command.create(
                        {
                            "sequence": 0,
                            "topic": "Среда разработки",
                            "kind": "practical",
                            "hours": 2,
                        }
                    )
                ]
            }
        )
        lines = self.plan_a.line_ids.sorted("sequence")
        self.assertEqual(lines.mapped("practical_number"), [1, 0, 2, 0, 3])
        self.assertEqual(lines[2].display_name, "ПЗ №2. Блок-схемы")

    def test_empty_topic(self):
        with self.assertRaisesRegex(ValidationError, "cannot be empty"):
            self.plan_a.write({"line_ids": [Command.create({"topic": "   ", "hours": 2})]})
        self.assertEqual(len(self.plan_a.line_ids), 4)

    def test_hours_positive(self):
        with self.assertRaisesRegex(ValidationError, "positive number of hours"):
            self.plan_a.line_ids[0].hours = 0

    def test_hours_warning(self):
        self.assertEqual(self.plan_a.total_hours, 8)
        self.assertIn("72", self.plan_a.hours_warning)
        self.assertIn("8", self.plan_a.hours_warning)

    def test_approve_by_academic_department_only(self):
        with self.assertRaisesRegex(UserError, "Only the academic department"):
            self.plan_a.with_user(self.teacher_a).action_approve()
        self.plan_a.with_user(self.head).action_approve()
        self.assertEqual(self.plan_a.state, "approved")
        self.assertEqual(self.plan_a.approved_by_id, self.head)

    def test_approved_plan_read_only(self):
        self.plan_a.with_user(self.head).action_approve()
        with self.assertRaisesRegex(UserError, "is approved and read-only"):
            self.plan_a.with_user(self.teacher_a).line_ids[0].topic = "Другая тема"
        with self.assertRaisesRegex(UserError, "is approved and read-only"):
            self.plan_a.with_user(self.teacher_a).write(
                {"line_ids": [Command.create({"topic": "Новая", "hours": 2})]}
            )
        # the plain «back to draft» is gone: a change is a revision
        self.assertFalse(hasattr(self.plan_a, "action_reset_to_draft"))
        self.assertEqual(self.plan_a.line_ids[0].topic, "Понятие алгоритма")

    def test_import_csv(self):
        content = (
            "№;Тема;Часы;Вид;Неделя\n"
            "1;Введение в программирование;2;Теория;1\n"
            "2;Установка среды разработки;2;ПЗ;1\n"
            "3;Линейные алгоритмы;2,5;лекция;2\n"
            "4;Ветвления;2;Практическое занятие;2\n"
            "5;Контрольная работа;2;Контрольная работа;3\n"
        ).encode("cp1251")
        wizard = self._import(content)
        self.assertFalse(wizard.errors)
        self.assertEqual(wizard.row_count, 5)
        self.assertEqual(len(wizard.line_ids), 5)
        wizard.action_import()
        lines = self.plan_a.line_ids.sorted("sequence")
        self.assertEqual(lines.mapped("topic")[0], "Введение в программирование")
        self.assertEqual(
            lines.mapped("kind"), ["theory", "practical", "theory", "practical", "test"]
        )
        self.assertEqual(lines.mapped("practical_label")[3], "ПЗ №2")
        self.assertEqual(self.plan_a.total_hours, 10.5)

    def test_import_xlsx_append(self):
        book = openpyxl.Workbook()
        sheet = book.active
        sheet.append(["No.", "Topic", "Hours", "Kind", "Week"])
        sheet.append([1, "Циклы", 2, "ЛР", 3])
        sheet.append([2, "Функции", 4, "lab", None])
        stream = io.BytesIO()
        book.save(stream)
        self._import(stream.getvalue(), "ktp.xlsx", replace=False).action_import()
        self.assertEqual(len(self.plan_a.line_ids), 6)
        added = self.plan_a.line_ids.sorted("sequence")[-2:]
        self.assertEqual(added.mapped("topic"), ["Циклы", "Функции"])
        self.assertEqual(added.mapped("kind"), ["lab", "lab"])

    def test_import_broken_rows_import_nothing(self):
        content = (
            "№;Тема;Часы;Вид\n"
            "1;Хорошая тема;2;Теория\n"
            "2;;2;Теория\n"
            "3;Тема;два;Теория\n"
            "4;Тема;2;Прогулка\n"
        ).encode()
        wizard = self._import(content)
        self.assertEqual(wizard.error_count, 3)
        self.assertIn("Line 3: the topic is empty", wizard.errors)
        self.assertIn("Line 4: hours «два» are not a number", wizard.errors)
        self.assertIn("Line 5: unknown lesson kind «Прогулка»", wizard.errors)
        with self.assertRaisesRegex(UserError, "Nothing was imported"):
            wizard.action_import()
        self.assertEqual(len(self.plan_a.line_ids), 4)
        self.assertEqual(self.plan_a.line_ids.sorted("sequence")[0].topic, "Понятие алгоритма")

    def test_import_not_a_table(self):
        wizard = self._import(b"PK\x03\x04 broken", "ktp.xlsx")
        self.assertIn("not a readable XLSX", wizard.errors)
        with self.assertRaises(UserError):
            wizard.action_import()

    def test_export_import_into_new_plan(self):
        """An exported КТП imports back unchanged through the import wizard:
        kinds in Russian (the selection's labels), hours, weeks, homework."""
        lines = self.plan_a.line_ids.sorted("sequence")
        lines[0].write({"homework": "Конспект § 1", "planned_week": 1})
        lines[1].write({"hours": 1.5, "planned_week": 2})
        self.plan_a.write(
            {
                "line_ids": [
                    Command.create(
                        {"sequence": 4 + number, "topic": f"Тема {kind}", "kind": kind, "hours": 2}
                    )
                    for number, kind in enumerate(
                        ("lab", "seminar", "test", "consultation", "exam"), start=1
                    )
                ]
            }
        )
        data = self.plan_a._export_xlsx()
        rows = list(openpyxl.load_workbook(io.BytesIO(data)).active.iter_rows(values_only=True))
        russian = self.env(context=dict(self.env.context, lang="ru_RU"))
        kinds = dict(russian["edu.topic.plan.line"]._fields["kind"]._description_selection(russian))
        if self.env["res.lang"]._get_code("ru_RU"):
            self.assertEqual(rows[0], ("№", "Тема", "Часы", "Вид", "Неделя", "Домашнее задание"))
            self.assertEqual(kinds["theory"], "Теория")
        self.assertEqual(
            [row[3] for row in rows[1:]],
            [kinds[line.kind] for line in self.plan_a.line_ids.sorted("sequence")],
        )
        self.assertEqual(rows[1][5], "Конспект § 1")

        plan = (
            self.env["edu.topic.plan"]
            .with_user(self.head)
            .create({"name": "КТП ОП.04 копия", "discipline_id": self.discipline.id})
        )
        wizard = (
            self.env["edu.topic.plan.import"]
            .with_user(self.head)
            .create({"plan_id": plan.id, "file": base64.b64encode(data), "filename": "ktp.xlsx"})
        )
        self.assertFalse(wizard.errors)
        wizard.action_import()

        def topics(plan):
            return [
                (line.sequence, line.topic, line.hours, line.kind, line.planned_week, line.homework)
                for line in plan.line_ids.sorted("sequence")
            ]

        self.assertEqual(len(plan.line_ids), 9)
        self.assertEqual(topics(plan), topics(self.plan_a))

    def test_export_xlsx_round_trip(self):
        data = self.plan_a._export_xlsx()
        rows = list(openpyxl.load_workbook(io.BytesIO(data)).active.iter_rows(values_only=True))
        self.assertEqual(rows[1][1], "Понятие алгоритма")
        self.assertEqual(len(rows), 5)
        action = self.plan_a.action_export_xlsx()
        self.assertTrue(action["url"].startswith("/web/content/"))
        wizard = self._import(data, "export.xlsx")
        self.assertFalse(wizard.errors)
        wizard.action_import()
        self.assertEqual(
            self.plan_a.line_ids.sorted("sequence").mapped("practical_label"),
            [False, "ПЗ №1", False, "ПЗ №2"],
        )
