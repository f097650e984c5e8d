"""The daily paths a real browser found broken, called the way the web client calls.

Each test opens and saves through ``get_views`` → ``onchange`` → ``web_save``
(with ``bin_size`` in the context, as the client reads back after saving) and
``web_read`` with the specification of the arch the user receives.
"""

import base64
from datetime import timedelta

from lxml import etree

from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged

from .common import LessonCase
from .test_client_screens import client_sends, field_spec


@tagged("post_install", "-at_install")
class TestClientPaths(LessonCase):
    def _form(self, Model, sends=False):
        """The form's arch and the web client's specification for it."""
        views = Model.get_views([(False, "form")])
        arch = etree.fromstring(views["views"]["form"]["arch"])
        models = views["models"]
        fields = dict(models[Model._name]["fields"])
        for info in fields.values():
            if info.get("relation") in models:
                info["_sub_fields"] = models[info["relation"]]["fields"]
        if sends:
            return field_spec(arch, fields), client_sends(arch, fields)
        return field_spec(arch, fields)

    def _new(self, Model):
        """Open a new record as the client does; return (values to save, spec)."""
        spec, self._sends = self._form(Model, sends=True)
        result = Model.onchange({}, [], spec)
        return result["value"], spec

    def _to_save(self, values, sends=None):
        """The onchange's answer as the vals ``web_save`` receives: what the client
        sends of a new record (no field the form shows readonly)."""
        sends = self._sends if sends is None else sends
        vals = {}
        for name, value in values.items():
            if name not in sends:
                continue
            if isinstance(value, dict) and "id" in value:
                vals[name] = value["id"]
            elif isinstance(value, list):
                commands = []
                for command in value:
                    if command[0] == 0:
                        line = {
                            key: (val["id"] if isinstance(val, dict) and "id" in val else val)
                            for key, val in command[2].items()
                            if key in (sends[name] or {})
                        }
                        commands.append((0, command[1], line))
                vals[name] = commands
            else:
                vals[name] = value
        return vals

    def test_new_lesson_after_a_lock(self):
        """Blocker 1: after the deputy locks the term, a teacher still opens and
        saves today's lesson; the lock freezes the earlier lessons only."""
        locked = self.lesson(date=self.first_day, kind="practical")
        locked.set_cells([{"student_id": self.student_a1.id, "value": "5"}])
        self.assertEqual(locked.practical_number, 1)
        self.term.with_user(self.deputy).lock_date = self.first_day
        Lesson = (
            self.env["edu.lesson"]
            .with_user(self.teacher_a)
            .with_context(
                default_assignment_id=self.assignment_a.id,
                default_date=str(self.today),
                default_pair_number=2,
                default_topic_line_id=self.lines[3].id,
            )
        )
        values, spec = self._new(Lesson)
        self.assertEqual(len(values["entry_ids"]), 3, "the whole class is listed")
        vals = self._to_save(values)
        for command in vals["entry_ids"]:
            if command[2]["student_id"] == self.student_a2.id:
                command[2]["value"] = "4"
        saved = Lesson.with_context(bin_size=True).web_save(vals, spec)
        lesson = self.env["edu.lesson"].browse(saved[0]["id"])
        self.assertEqual(lesson.practical_number, 2)
        self.assertEqual(self.cells(lesson), {self.student_a2: "4"})
        self.assertEqual(locked.practical_number, 1)
        # the locked lesson itself is refused, named with its Russian date
        with self.assertRaisesRegex(UserError, self.first_day.strftime("%d.%m.%Y")):
            locked.with_user(self.teacher_a).with_context(lang="ru_RU").write({"homework": "x"})

    def test_deputy_unlocks_from_the_journal(self):
        """Blocker 2: the deputy director unlocks a journal from its form."""
        lesson = self.lesson(date=self.first_day)
        self.term.with_user(self.deputy).lock_date = self.first_day
        action = self.assignment_a.with_user(self.deputy).action_unlock()
        self.assertEqual(action["res_model"], "edu.journal.unlock")
        Unlock = (
            self.env["edu.journal.unlock"].with_user(self.deputy).with_context(**action["context"])
        )
        values, spec = self._new(Unlock)
        self.assertEqual(values["assignment_id"]["id"], self.assignment_a.id)
        vals = self._to_save(values)
        with self.assertRaisesRegex(ValidationError, "reason"):
            Unlock.web_save(dict(vals, reason="  "), spec)
        Unlock.web_save(dict(vals, reason="Исправление ошибки в оценке"), spec)
        lesson.with_user(self.teacher_a).set_cells(
            [{"student_id": self.student_a1.id, "value": "3"}]
        )
        self.assertEqual(self.cells(lesson), {self.student_a1: "3"})
        # teachers have no such button
        with self.assertRaises(Exception):  # noqa: B017 - AccessError from the ACL
            self.assignment_a.with_user(self.teacher_a).action_unlock()

    def test_topic_plan_import_through_web_save(self):
        """Blocker 3: «Импортировать» after the preview, as the client saves it."""
        content = (
            "№;Тема;Часы;Вид;Неделя\n1;Введение;2;Теория;1\n2;Среда разработки;2;ПЗ;1\n"
        ).encode("cp1251")
        # the approved КТП changes through a revision: the teacher imports into it
        plan = self.env["edu.topic.plan"].browse(
            self.plan_a.with_user(self.head).action_revise()["res_id"]
        )
        Wizard = (
            self.env["edu.topic.plan.import"]
            .with_user(self.teacher_a)
            .with_context(default_plan_id=plan.id)
        )
        values, spec = self._new(Wizard)
        vals = dict(
            self._to_save(values),
            file=base64.b64encode(content).decode(),
            filename="ktp.csv",
            replace_lines=True,
        )
        vals.pop("line_ids", None)
        saved = Wizard.with_context(bin_size=True).web_save(vals, spec)
        self.assertEqual(saved[0]["row_count"], 2)
        self.assertFalse(saved[0]["errors"])
        Wizard.browse(saved[0]["id"]).with_context(bin_size=True).action_import()
        self.assertEqual(
            plan.line_ids.sorted("sequence").mapped("topic"),
            ["Введение", "Среда разработки"],
        )

    def test_schedule_import_through_web_save(self):
        content = (
            "Группа;Дисциплина;Подгруппа;День;Пара;Неделя;Аудитория\n"
            "Т-ИСП-1;Т.ОП.04;;Вт;2;все;205\n"
        )
        Wizard = (
            self.env["edu.schedule.import"]
            .with_user(self.head)
            .with_context(default_term_id=self.term.id)
        )
        values, spec = self._new(Wizard)
        vals = dict(
            self._to_save(values),
            file=base64.b64encode(content.encode()).decode(),
            filename="s.csv",
        )
        vals.pop("line_ids", None)
        saved = Wizard.with_context(bin_size=True).web_save(vals, spec)
        self.assertFalse(saved[0]["errors"])
        Wizard.browse(saved[0]["id"]).with_context(bin_size=True).action_import()
        slots = self.env["edu.schedule.slot"].search([("assignment_id", "=", self.assignment_a.id)])
        self.assertEqual(slots.mapped("room"), ["205"])

    def test_hr_opens_a_student_card(self):
        """Blocker 4: the Student Records Office opens a card (statement lines it
        may not read are simply not listed)."""
        Student = self.env["edu.student"].with_user(self.hr)
        spec = self._form(Student)
        self.assertIn("attestation_line_ids", spec)
        record = Student.browse(self.student_a1.id).with_context(bin_size=True).web_read(spec)[0]
        self.assertEqual(record["attestation_line_ids"], [])

    def test_two_successive_transfers(self):
        """Blocker 5: a student who moved groups before is moved again."""
        Order = self.env["edu.contingent.order"].with_user(self.hr)
        student = self.student_a3
        for target, days in ((self.group_b, 10), (self.group_a, 5)):
            order = Order.create(
                {
                    "order_type": "transfer",
                    "date": self.today - timedelta(days=days),
                    "line_ids": [
                        (
                            0,
                            0,
                            {
                                "student_id": student.id,
                                "to_group_id": target.id,
                                "effective_date": self.today - timedelta(days=days),
                            },
                        )
                    ],
                }
            )
            order.action_done()
            self.assertEqual(student.group_id, target)
        self.assertEqual(len(student.membership_ids), 3)

    def test_lesson_form_keys_and_no_duplicate(self):
        """The form takes the grid's keys; a lesson cannot be duplicated; a topic
        is not given twice; a lesson with marks is not deleted."""
        lesson = self.lesson()
        entry = lesson.entry_ids.filtered(lambda e: e.student_id == self.student_a1)
        Entry = self.env["edu.lesson.entry"].with_user(self.teacher_a)
        result = Entry.browse(entry.id).onchange({"value": "y"}, ["value"], {"value": {}})
        self.assertEqual(result["value"]["value"], "н")
        result = Entry.browse(entry.id).onchange({"value": "б"}, ["value"], {"value": {}})
        self.assertIn("warning", result)
        entry.with_user(self.teacher_a).write({"value": "5"})
        self.assertEqual(entry.mark, "5")
        with self.assertRaisesRegex(ValidationError, "cannot be typed"):
            entry.with_user(self.teacher_a).write({"value": "6"})
        with self.assertRaisesRegex(UserError, "cannot be duplicated"):
            lesson.with_user(self.teacher_a).copy()
        with self.assertRaisesRegex(ValidationError, "already given"):
            self.lesson(line=lesson.topic_line_id, pair_number=3)
        with self.assertRaisesRegex(UserError, "not deleted but cancelled"):
            lesson.with_user(self.teacher_a).unlink()
        self.assertTrue(lesson.exists())
