"""The grid's server API: what a teacher may type, and what it costs."""

import base64
from datetime import timedelta
from unittest.mock import patch

from odoo.exceptions import AccessError, ValidationError
from odoo.fields import Command
from odoo.sql_db import Cursor
from odoo.tests import tagged

from .common import LessonCase

BAD_VALUES = [
    "б",
    "у",
    "x",
    "Н ",
    "n",
    "N",
    " н",
    "6",
    "0",
    "4+",
    " 5",
    "5 ",
    "1",
    "зачет",
    "",
    None,
]


@tagged("post_install", "-at_install")
class TestGrid(LessonCase):
    def test_set_cells_typed_values(self):
        lesson = self.lesson()
        saved = lesson.set_cells(
            [
                {"student_id": self.student_a1.id, "value": "н"},
                {"student_id": self.student_a2.id, "value": "5"},
                {"student_id": self.student_a3.id, "value": "2"},
            ]
        )
        self.assertEqual(saved[self.student_a1.id], "н")
        self.assertEqual(
            self.cells(lesson), {self.student_a1: "н", self.student_a2: "5", self.student_a3: "2"}
        )
        entry = lesson.entry_ids.filtered(lambda entry: entry.student_id == self.student_a1)
        self.assertTrue(entry.absent)
        self.assertFalse(entry.mark)
        # a mark replaces the absence, Delete clears
        lesson.set_cells(
            [
                {"student_id": self.student_a1.id, "value": "4"},
                {"student_id": self.student_a2.id, "value": ""},
            ]
        )
        self.assertEqual(self.cells(lesson), {self.student_a1: "4", self.student_a3: "2"})

    def test_set_cells_refuses_anything_else(self):
        lesson = self.lesson()
        lesson.set_cells([{"student_id": self.student_a1.id, "value": "3"}])
        for value in BAD_VALUES:
            if value == "":
                continue
            with (
                self.subTest(value=value),
                self.assertRaisesRegex(ValidationError, "«н», 5, 4, 3, 2"),
            ):
                lesson.set_cells(
                    [
                        {"student_id": self.student_a2.id, "value": "5"},
                        {"student_id": self.student_a1.id, "value": value},
                    ]
                )
        # nothing of any refused batch was written
        self.assertEqual(self.cells(lesson), {self.student_a1: "3"})

    def test_mark_scale_of_the_lesson(self):
        lab = self.lesson(kind="lab")
        self.assertEqual(lab.mark_scale, "pass_fail")
        lab.set_cells(
            [
                {"student_id": self.student_a1.id, "value": "зач"},
                {"student_id": self.student_a2.id, "value": "незач"},
            ]
        )
        self.assertEqual(self.cells(lab), {self.student_a1: "зач", self.student_a2: "незач"})
        with self.assertRaisesRegex(ValidationError, "does not fit the lesson's scale"):
            lab.set_cells([{"student_id": self.student_a3.id, "value": "5"}])
        theory = self.lesson(pair_number=2)
        with self.assertRaisesRegex(ValidationError, "does not fit the lesson's scale"):
            theory.set_cells([{"student_id": self.student_a3.id, "value": "зач"}])
        consultation = self.lesson(pair_number=3, kind="consultation")
        with self.assertRaisesRegex(ValidationError, "allowed values are «н»"):
            consultation.set_cells([{"student_id": self.student_a3.id, "value": "4"}])
        consultation.set_cells([{"student_id": self.student_a3.id, "value": "н"}])

    def test_absent_only_н_on_every_path(self):
        lesson = self.lesson()
        Entry = self.env["edu.lesson.entry"].with_user(self.teacher_a)
        # form / RPC create and write
        for value in ("б", "у", "x", "Н ", "n", 1):
            with (
                self.subTest(path="create", value=value),
                self.assertRaisesRegex(ValidationError, "only «н»"),
            ):
                Entry.create(
                    {"lesson_id": lesson.id, "student_id": self.student_a1.id, "absent": value}
                )
        entry = Entry.create(
            {"lesson_id": lesson.id, "student_id": self.student_a1.id, "absent": "н"}
        )
        self.assertTrue(entry.absent)
        with self.assertRaisesRegex(ValidationError, "only «н»"):
            entry.write({"absent": "б"})
        # marks through the same paths
        for value in ("6", "0", "4+", " 5"):
            with (
                self.subTest(path="mark", value=value),
                self.assertRaisesRegex(ValidationError, "is not a mark"),
            ):
                entry.write({"absent": False, "mark": value})
        with self.assertRaisesRegex(ValidationError, "cannot get a mark"):
            entry.write({"mark": "5"})
        self.assertTrue(entry.absent)
        self.assertFalse(entry.mark)

    def test_absent_only_н_on_import(self):
        lesson = self.lesson()
        Entry = self.env["edu.lesson.entry"].with_user(self.teacher_a)
        fields_list = ["lesson_id/.id", "student_id/.id", "absent", "mark"]
        with self.assertRaisesRegex(ValidationError, "only «н»"):
            Entry.load(fields_list, [[str(lesson.id), str(self.student_a1.id), "б", ""]])
        with self.assertRaisesRegex(ValidationError, "is not a mark"):
            Entry.load(fields_list, [[str(lesson.id), str(self.student_a1.id), "", "6"]])
        result = Entry.load(
            fields_list,
            [
                [str(lesson.id), str(self.student_a1.id), "н", ""],
                [str(lesson.id), str(self.student_a2.id), "", "4"],
            ],
        )
        self.assertFalse(result["messages"], result["messages"])
        self.assertEqual(self.cells(lesson), {self.student_a1: "н", self.student_a2: "4"})
        self.assertTrue(base64)

    def test_only_members_on_the_lesson_date(self):
        lesson = self.lesson()
        with self.assertRaisesRegex(ValidationError, "was not in"):
            lesson.set_cells(
                [
                    {"student_id": self.student_b1.id, "value": "5"},
                    {"student_id": self.student_a1.id, "value": "5"},
                ]
            )
        self.assertFalse(self.cells(lesson))

    def test_transferred_student_rows(self):
        """A student transferred out stays in the old journal up to the transfer."""
        day_before = self.today - timedelta(days=2)
        old = self.lesson(date=day_before)
        old.set_cells([{"student_id": self.student_a2.id, "value": "4"}])
        order = (
            self.env["edu.contingent.order"]
            .with_user(self.hr)
            .create(
                {
                    "order_type": "transfer",
                    "line_ids": [
                        Command.create(
                            {
                                "student_id": self.student_a2.id,
                                "to_group_id": self.group_b.id,
                                "effective_date": self.today - timedelta(days=1),
                            }
                        )
                    ],
                }
            )
        )
        order.action_done()
        new = self.lesson(pair_number=2)
        with self.assertRaisesRegex(ValidationError, "was not in"):
            new.set_cells([{"student_id": self.student_a2.id, "value": "5"}])
        grid = self.assignment_a.with_user(self.teacher_a).journal_grid(self.first_day, self.today)
        row = next(row for row in grid["students"] if row["id"] == self.student_a2.id)
        # membership on each lesson's date is decided by the server, not by the client
        self.assertIn(old.id, row["member_lesson_ids"])
        self.assertNotIn(new.id, row["member_lesson_ids"])
        self.assertEqual(grid["cells"][f"{old.id}:{self.student_a2.id}"], "4")

    def test_no_cells_before_the_lesson_day(self):
        lesson = self.lesson()
        self.env.cr.execute(
            "UPDATE edu_lesson SET date = %s WHERE id = %s",
            [self.today + timedelta(days=1), lesson.id],
        )
        lesson.invalidate_recordset()
        with self.assertRaisesRegex(ValidationError, "has not taken place yet"):
            lesson.set_cells([{"student_id": self.student_a1.id, "value": "5"}])

    def test_audit_trail(self):
        lesson = self.lesson()
        lesson.set_cells([{"student_id": self.student_a1.id, "value": "4"}])
        lesson.set_cells([{"student_id": self.student_a1.id, "value": "5"}])
        lesson.set_cells([{"student_id": self.student_a1.id, "value": ""}])
        logs = self.env["edu.lesson.entry.log"].search([("lesson_id", "=", lesson.id)], order="id")
        self.assertEqual(
            [(log.old_value, log.new_value) for log in logs], [("", "4"), ("4", "5"), ("5", "")]
        )
        self.assertEqual(logs.user_id, self.teacher_a)
        self.assertFalse(any(logs.mapped("after_lesson_day")))
        # curators and managers see it, teachers do not
        self.assertEqual(len(lesson.with_user(self.curator_a).log_ids), 3)
        self.assertEqual(
            len(
                self.env["edu.lesson.entry.log"]
                .with_user(self.director)
                .search([("lesson_id", "=", lesson.id)])
            ),
            3,
        )
        with self.assertRaises(AccessError):
            self.env["edu.lesson.entry.log"].with_user(self.teacher_a).search([])

    def test_journal_grid(self):
        first = self.lesson(date=self.first_day, line=self.lines[1])
        second = self.lesson(line=self.lines[0], pair_number=2)
        first.set_cells(
            [
                {"student_id": self.student_a1.id, "value": "5"},
                {"student_id": self.student_a2.id, "value": "н"},
            ]
        )
        second.set_cells([{"student_id": self.student_a1.id, "value": "3"}])
        grid = self.assignment_a.with_user(self.teacher_a).journal_grid(self.first_day, self.today)
        self.assertEqual(
            [row["name"] for row in grid["students"]],
            ["Алексеев Иван Петрович", "Борисова Анна", "Васильев Пётр"],
        )
        self.assertEqual(
            [lesson["id"] for lesson in grid["lessons"]],
            sorted([first.id, second.id], key=lambda i: i != first.id),
        )
        self.assertEqual(grid["lessons"][0]["practical_number"], 1)
        self.assertEqual(grid["stats"][str(self.student_a1.id)]["average"], 4.0)
        self.assertEqual(grid["stats"][str(self.student_a2.id)]["absences"], 1)
        self.assertTrue(grid["assignment"]["editable"])
        self.assertFalse(grid["lessons"][0]["readonly"])
        # a curator reads it, read-only; a teacher of another group cannot
        curator_grid = self.assignment_a.with_user(self.curator_a).journal_grid(
            self.first_day, self.today
        )
        self.assertFalse(curator_grid["assignment"]["editable"])
        with self.assertRaises(AccessError):
            self.assignment_a.with_user(self.teacher_b).journal_grid()
        with self.assertRaises(AccessError):
            self.assignment_a.with_user(self.student_a1_user).journal_grid()

    def test_grid_cells_are_those_the_reader_may_read(self):
        """The grid reads its cells past their own record rules (a cell's rule is its
        lesson's for the college's staff): each reader gets exactly the cells a search
        of theirs finds, and a user who may not read cells gets an AccessError, not
        cells."""
        earlier = self.lesson(date=self.first_day, line=self.lines[1])
        earlier.set_cells([{"student_id": self.student_a1.id, "value": "4"}])
        self.env["edu.substitution"].with_user(self.head).create(
            {
                "assignment_id": self.assignment_a.id,
                "date": self.today,
                "substitute_id": self.teacher_b.id,
            }
        )
        given = self.lesson(user=self.teacher_b, line=self.lines[0])
        given.with_user(self.teacher_b).set_cells(
            [
                {"student_id": self.student_a2.id, "value": "н"},
                {"student_id": self.student_a3.id, "value": "5"},
            ]
        )
        Entry = self.env["edu.lesson.entry"]
        for reader in (self.teacher_a, self.teacher_b, self.curator_a, self.director):
            with self.subTest(reader=reader.login):
                grid = self.assignment_a.with_user(reader).journal_grid(self.first_day, self.today)
                searched = Entry.with_user(reader).search(
                    [("assignment_id", "=", self.assignment_a.id)]
                )
                self.assertEqual(
                    grid["cells"],
                    {f"{e.lesson_id.id}:{e.student_id.id}": e.value or "" for e in searched},
                )
        # the substitute sees the lesson they gave, not the teacher's others
        substitute = self.assignment_a.with_user(self.teacher_b).journal_grid(
            self.first_day, self.today
        )
        self.assertEqual([lesson["id"] for lesson in substitute["lessons"]], given.ids)
        # the personnel office reads the teaching load, not the journal's cells
        with self.assertRaises(AccessError):
            self.assignment_a.with_user(self.hr).journal_grid(self.first_day, self.today)
        # a reader of lessons without the right to read cells gets no cells
        group = self.env["res.groups"].create({"name": "Lessons without cells"})
        self.env["ir.model.access"].create(
            [
                {
                    "name": f"test {model}",
                    "model_id": self.env["ir.model"]._get_id(model),
                    "group_id": group.id,
                    "perm_read": True,
                }
                for model in ("edu.teaching.assignment", "edu.lesson", "edu.term")
            ]
        )
        reader = self.env["res.users"].create(
            {
                "name": "Lesson Reader",
                "login": "t_lesson_reader",
                "group_ids": [Command.set([self.env.ref("base.group_user").id, group.id])],
            }
        )
        with self.assertRaises(AccessError):
            self.assignment_a.with_user(reader).journal_grid(self.first_day, self.today)

    def test_grid_lock_and_excuses_for_the_client(self):
        """What the grid needs to explain a locked cell and to recount a row
        after a save without reloading: the lock date per lesson, the excused
        days per student."""
        locked = self.lesson(date=self.first_day, line=self.lines[1])
        self.lesson(line=self.lines[0], pair_number=2)
        self.env["edu.absence.excuse"].with_user(self.curator_a).create(
            {
                "student_id": self.student_a1.id,
                "date_from": self.first_day,
                "date_to": self.first_day,
                "kind": "medical",
            }
        )
        self.term.with_user(self.deputy).lock_date = self.first_day
        grid = self.assignment_a.with_user(self.teacher_a).journal_grid(self.first_day, self.today)
        self.assertEqual(grid["today"], str(self.today))
        by_id = {lesson["id"]: lesson for lesson in grid["lessons"]}
        self.assertEqual(by_id[locked.id]["locked_until"], str(self.first_day))
        self.assertTrue(by_id[locked.id]["readonly"])
        others = [lesson for lesson in grid["lessons"] if lesson["id"] != locked.id]
        self.assertTrue(others)
        for lesson in others:
            self.assertFalse(lesson["locked_until"])
        self.assertEqual(grid["scales"]["pass_fail"], ["зач", "незач"])
        # a save answers with the rows' figures of the grid's period, as the server
        # counts them: an «н» on an excused day is an absence, not an unexcused one
        self.env["edu.absence.excuse"].with_user(self.curator_a).create(
            {
                "student_id": self.student_a1.id,
                "date_from": self.today,
                "date_to": self.today,
                "kind": "medical",
            }
        )
        lesson = self.env["edu.lesson"].browse(others[0]["id"]).with_user(self.teacher_a)
        answer = lesson.set_cells(
            [
                {"student_id": self.student_a1.id, "value": "н"},
                {"student_id": self.student_a2.id, "value": "н"},
                {"student_id": self.student_a3.id, "value": ""},
            ],
            period=[str(self.first_day), str(self.today)],
        )
        self.assertEqual(answer["cells"][self.student_a1.id], "н")
        self.assertEqual(
            answer["stats"][str(self.student_a1.id)],
            {"absences": 1, "unexcused": 0, "average": None},
        )
        self.assertEqual(answer["stats"][str(self.student_a2.id)]["unexcused"], 1)
        self.assertEqual(
            answer["stats"][str(self.student_a3.id)],
            {"absences": 0, "unexcused": 0, "average": None},
        )

    def test_one_count_for_every_screen(self):
        """The grid, the statement's admission data and the curator's weekly check
        count marks and absences the same way (edu.lesson.entry._tally)."""
        days = [self.first_day + timedelta(days=offset) for offset in (0, 1, 2)]
        for day, value in zip(days, ["2", "5", "н"], strict=True):
            self.lesson(date=day).set_cells([{"student_id": self.student_a1.id, "value": value}])
        entries = self.env["edu.lesson.entry"].search(
            [("assignment_id", "=", self.assignment_a.id), ("student_id", "=", self.student_a1.id)]
        )
        tally = entries._tally()[self.student_a1.id]
        self.assertEqual(
            tally,
            {
                "absences": 1,
                "unexcused": 1,
                "marks": 2,
                "average": 3.5,
                "failing": 1,
                "unresolved_fail": False,
            },
        )
        grid = self.assignment_a.journal_grid(self.first_day, self.today)
        self.assertEqual(
            grid["stats"][str(self.student_a1.id)], {"absences": 1, "unexcused": 1, "average": 3.5}
        )
        results = self.assignment_a._student_results(self.student_a1, self.today)
        self.assertEqual(results[self.student_a1.id]["average"], 3.5)
        self.assertFalse(results[self.student_a1.id]["unresolved_fail"])

    def test_grid_default_month(self):
        self.lesson()
        grid = self.assignment_a.journal_grid()
        self.assertEqual(
            grid["date_from"], str(max(self.today.replace(day=1), self.term.date_start))
        )
        self.assertEqual(len(grid["lessons"]), 1)

    # Query counts: the same at two sizes

    def _grow_journal(self, students, lessons):
        """Add students to group A and lessons to its journal."""
        Student = self.env["edu.student"]
        offset = Student.search_count([("record_book_number", "like", "TQ-")])
        new = Student.create(
            [
                {
                    "last_name": f"Студент{offset + index:02d}",
                    "first_name": "Тест",
                    "record_book_number": f"TQ-{offset + index:03d}",
                }
                for index in range(students)
            ]
        )
        self.env["edu.group.membership"].create(
            [
                {
                    "student_id": student.id,
                    "group_id": self.group_a.id,
                    "date_from": self.enrolled_on,
                }
                for student in new
            ]
        )
        made = self.env["edu.lesson"]
        # a topic is given once per journal: the КТП grows with the lessons
        plan = self.assignment_a.topic_plan_id.sudo()
        state = plan.state
        plan.state = "draft"  # test set-up only: a real change goes through a revision
        self.env["edu.topic.plan.line"].sudo().create(
            [
                {"plan_id": plan.id, "sequence": 1000 + index, "topic": f"Тема {index}"}
                for index in range(lessons)
            ]
        )
        plan.state = state
        for index in range(lessons):
            lesson = self.lesson(
                date=max(self.first_day, self.today - timedelta(days=index % 5)),
                pair_number=1 + index // 5 % 8,
            )
            lesson.set_cells([{"student_id": student.id, "value": "5"} for student in new[:5]])
            made |= lesson
        return new, made

    def _count(self, function):
        """Queries of a call as in a new request: warm caches of the registry,
        empty record cache but for the user."""
        function()
        self.env.invalidate_all()
        function()
        self.env.flush_all()
        self.env.invalidate_all()
        self.teacher_a.with_user(self.teacher_a).share  # noqa: B018 the request's user
        queries = []
        execute = Cursor.execute

        def logged(cursor, query, params=None, log_exceptions=None):
            queries.append(str(query))
            return execute(cursor, query, params, log_exceptions)

        with patch("odoo.sql_db.Cursor.execute", logged):
            function()
            self.env.flush_all()
        self._queries = queries
        return len(queries)

    def test_query_count_grid_and_save(self):
        small_students, small_lessons = self._grow_journal(2, 2)
        teacher_assignment = self.assignment_a.with_user(self.teacher_a)
        # every call changes every cell («н» and a mark in the counted one: the log,
        # the write, the figures and the excuses of absences all take their queries)
        rounds = [("5", "3"), ("3", "5"), ("н", "4")]

        def save(lesson, students, period=None):
            values = rounds.pop(0)
            rounds.append(values)
            return lambda: lesson.set_cells(
                [
                    {"student_id": student.id, "value": values[index % 2]}
                    for index, student in enumerate(students)
                ],
                period=period,
            )

        def count_save(lesson, students, period=None):
            rounds[:] = [("5", "3"), ("3", "5"), ("н", "4")]
            calls = iter([save(lesson, students, period) for _round in range(3)])
            return self._count(lambda: next(calls)())

        period = [str(self.first_day), str(self.today)]
        lesson_small = small_lessons[0].with_user(self.teacher_a)
        save_small = count_save(lesson_small, small_students)
        save_small_period = count_save(lesson_small, small_students, period)
        # counted with an absence in the journal at both sizes (their excuses are read)
        grid_small = self._count(
            lambda: teacher_assignment.journal_grid(self.first_day, self.today)
        )
        grid_small_queries = self._queries
        _big_students, big_lessons = self._grow_journal(20, 12)
        grid_big = self._count(lambda: teacher_assignment.journal_grid(self.first_day, self.today))
        grid_big_queries = self._queries
        lesson_big = big_lessons[-1].with_user(self.teacher_a)
        # the whole class of 25: the budget's lesson
        class_list = lesson_big.sudo().entry_ids.student_id
        self.assertEqual(len(class_list), 25)
        save_big = count_save(lesson_big, class_list)
        save_big_period = count_save(lesson_big, class_list, period)
        save_big_queries = self._queries
        self.assertEqual(
            grid_small,
            grid_big,
            "journal_grid must not grow with the matrix:\n"
            + "\n".join(q[:120] for q in grid_small_queries)
            + "\n---\n"
            + "\n".join(q[:120] for q in grid_big_queries),
        )
        self.assertEqual(
            (save_small, save_small_period),
            (save_big, save_big_period),
            "set_cells must not grow with the cells:\n"
            + "\n".join(q[:120] for q in save_big_queries),
        )
        self.assertLessEqual(grid_big, 8, "DESIGN.md §8: the grid in at most 8 queries")
        self.assertLessEqual(
            save_big_period,
            10,
            "DESIGN.md §8: a lesson of 25 cells saved in at most 10 queries:\n"
            + "\n".join(q[:120] for q in save_big_queries),
        )
        self.env.invalidate_all()
        self.teacher_a.with_user(self.teacher_a).share  # noqa: B018 the request's user
        with self.assertQueryCount(grid_big):
            teacher_assignment.journal_grid(self.first_day, self.today)
        # every change of the counted save is in the log, old → new, and in the cells
        logs = self.env["edu.lesson.entry.log"].search(
            [("lesson_id", "=", lesson_big.id)], order="id desc", limit=25
        )
        expected = {student: ("н", "4")[index % 2] for index, student in enumerate(class_list)}
        self.assertEqual(
            {log.student_id: (log.old_value, log.new_value) for log in logs},
            {student: ({"н": "3", "4": "5"}[value], value) for student, value in expected.items()},
        )
        self.assertEqual(self.cells(lesson_big), expected)
