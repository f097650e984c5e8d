"""Role boundaries crossed over JSON-RPC, as a browser or a script would."""

from odoo.tests import HttpCase, tagged
from odoo.tests.common import JsonRpcException
from odoo.tools import mute_logger

from .common import JournalCase


class JsonRpcMixin:
    def call(self, model, method, *args, **kwargs):
        # refusals are expected here: keep them out of the log
        with mute_logger("odoo.http"):
            return self.make_jsonrpc_request(
                f"/web/dataset/call_kw/{model}/{method}",
                {"model": model, "method": method, "args": list(args), "kwargs": kwargs},
            )

    def login(self, user):
        self.authenticate(
            user.login, user.login if len(user.login) >= 8 else user.login.ljust(8, "x")
        )


@tagged("post_install", "-at_install")
class TestJsonRpc(JsonRpcMixin, JournalCase, HttpCase):
    def test_student_reads_only_own_record(self):
        self.login(self.student_a1_user)
        rows = self.call("edu.student", "search_read", [], fields=["name", "record_book_number"])
        self.assertEqual([row["id"] for row in rows], self.student_a1.ids)
        with self.assertRaisesRegex(JsonRpcException, "AccessError"):
            self.call("edu.student", "read", [self.student_b1.id], fields=["name"])
        with self.assertRaisesRegex(JsonRpcException, "AccessError"):
            self.call("edu.guardian", "read", [self.guardian_b1.id], fields=["name"])
        with self.assertRaisesRegex(JsonRpcException, "AccessError"):
            self.call("edu.student", "write", [self.student_a1.id], {"last_name": "Взлом"})
        self.assertEqual(self.student_a1.last_name, "Алексеев")

    def test_parent_reads_only_own_child(self):
        self.login(self.parent_a1_user)
        rows = self.call("edu.student", "search_read", [], fields=["name"])
        self.assertEqual([row["id"] for row in rows], self.student_a1.ids)
        with self.assertRaisesRegex(JsonRpcException, "AccessError"):
            self.call("edu.student", "read", [self.student_b1.id], fields=["name", "birthdate"])
        with self.assertRaisesRegex(JsonRpcException, "AccessError"):
            self.call("edu.guardian", "write", [self.guardian_a1.id], {"pd_consent": False})
        self.assertTrue(self.guardian_a1.pd_consent)

    def test_teacher_cannot_read_or_write_other_groups(self):
        self.login(self.teacher_a)
        rows = self.call(
            "edu.student", "search_read", [["id", "=", self.student_b1.id]], fields=["name"]
        )
        self.assertEqual(rows, [])
        with self.assertRaisesRegex(JsonRpcException, "AccessError"):
            self.call("edu.student", "read", [self.student_a1.id], fields=["birthdate"])
        with self.assertRaisesRegex(JsonRpcException, "AccessError"):
            self.call("edu.student", "write", [self.student_a1.id], {"last_name": "Взлом"})
        with self.assertRaisesRegex(JsonRpcException, "AccessError"):
            self.call("edu.group", "write", [self.group_b.id], {"name": "Взлом"})
        self.assertEqual(self.group_b.name, "Т-ИСП-2")

    def test_curator_cannot_change_other_group(self):
        self.login(self.curator_a)
        with self.assertRaisesRegex(JsonRpcException, "AccessError"):
            self.call("edu.group", "write", [self.group_b.id], {"name": "Взлом"})
        self.call("edu.group", "write", [self.group_a.id], {"name": "Т-ИСП-1б"})
        self.assertEqual(self.group_a.name, "Т-ИСП-1б")

    def test_bad_input_over_rpc_is_a_clear_error(self):
        self.login(self.hr)
        with self.assertRaisesRegex(JsonRpcException, "ValidationError"):
            self.call(
                "edu.student",
                "create",
                {"last_name": "Дубль", "first_name": "Иван", "record_book_number": "T-001"},
            )
        self.assertFalse(self.env["edu.student"].search([("last_name", "=", "Дубль")]))


@tagged("post_install", "-at_install")
class TestJsonRpcJournal(JsonRpcMixin, JournalCase, HttpCase):
    """The grid's API over JSON-RPC: same rules as in the ORM."""

    def _lesson(self):
        if self.plan_a.state != "approved":
            self.plan_a.with_user(self.head).action_approve()
        return (
            self.env["edu.lesson"]
            .with_user(self.teacher_a)
            .create(
                {
                    "assignment_id": self.assignment_a.id,
                    "date": self.today,
                    "topic_line_id": self.plan_a.line_ids.sorted("sequence")[0].id,
                }
            )
        )

    def _cells(self, lesson):
        lesson.invalidate_recordset()
        return {entry.student_id.id: entry.value for entry in lesson.entry_ids if entry.value}

    def test_set_cells_over_rpc(self):
        lesson = self._lesson()
        self.login(self.teacher_a)
        saved = self.call(
            "edu.lesson",
            "set_cells",
            [lesson.id],
            [
                {"student_id": self.student_a1.id, "value": "н"},
                {"student_id": self.student_a2.id, "value": "5"},
            ],
        )
        self.assertEqual(saved, {str(self.student_a1.id): "н", str(self.student_a2.id): "5"})
        for value in ("б", "x", "Н ", "6", "4+", "0", None):
            with (
                self.subTest(value=value),
                self.assertRaisesRegex(JsonRpcException, "ValidationError"),
            ):
                self.call(
                    "edu.lesson",
                    "set_cells",
                    [lesson.id],
                    [
                        {"student_id": self.student_a3.id, "value": "4"},
                        {"student_id": self.student_a1.id, "value": value},
                    ],
                )
        self.assertEqual(self._cells(lesson), {self.student_a1.id: "н", self.student_a2.id: "5"})
        # a Boolean-looking write of another letter is refused too
        with self.assertRaisesRegex(JsonRpcException, "ValidationError"):
            self.call("edu.lesson.entry", "write", lesson.entry_ids[:1].ids, {"absent": "б"})

    def test_other_teacher_cannot_write_over_rpc(self):
        lesson = self._lesson()
        self.login(self.teacher_b)
        with self.assertRaisesRegex(JsonRpcException, "AccessError|UserError"):
            self.call(
                "edu.lesson",
                "set_cells",
                [lesson.id],
                [{"student_id": self.student_a1.id, "value": "2"}],
            )
        with self.assertRaisesRegex(JsonRpcException, "AccessError"):
            self.call("edu.teaching.assignment", "journal_grid", [self.assignment_a.id])
        self.assertEqual(self._cells(lesson), {})

    def test_family_reads_own_cells_only_over_rpc(self):
        lesson = self._lesson()
        lesson.set_cells(
            [
                {"student_id": self.student_a1.id, "value": "4"},
                {"student_id": self.student_a2.id, "value": "2"},
            ]
        )
        for user in (self.student_a1_user, self.parent_a1_user):
            self.login(user)
            rows = self.call("edu.lesson.entry", "search_read", [], fields=["student_id", "mark"])
            self.assertEqual(
                {row["student_id"][0] for row in rows}, {self.student_a1.id}, user.login
            )
            with self.assertRaisesRegex(JsonRpcException, "AccessError"):
                self.call(
                    "edu.lesson",
                    "set_cells",
                    [lesson.id],
                    [{"student_id": self.student_a1.id, "value": "5"}],
                )
            with self.assertRaisesRegex(JsonRpcException, "AccessError"):
                self.call("edu.teaching.assignment", "journal_grid", [self.assignment_a.id])
        self.assertEqual(self._cells(lesson), {self.student_a1.id: "4", self.student_a2.id: "2"})
