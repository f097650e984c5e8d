"""The record cannot be forged (SECURITY-REVIEW.md, V1–V19).

Each attack of the review is replayed the way it was made — JSON-RPC as the
demo role — and must be refused with a clear error, with nothing written. The
guard itself is generic: one test walks every journal model's facts.
"""

from datetime import datetime, time, timedelta

from freezegun import freeze_time

from odoo import fields
from odoo.exceptions import UserError, ValidationError
from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tests.common import JsonRpcException

from odoo.addons.mail.tools.discuss import Store

from .common import LessonCase
from .test_jsonrpc import JsonRpcMixin


class RefusalMixin(JsonRpcMixin):
    def _refused(self, user, model, method, *args, expected="UserError|AccessError", **kwargs):
        self.login(user)
        with self.assertRaisesRegex(JsonRpcException, expected):
            self.call(model, method, *args, **kwargs)


@tagged("post_install", "-at_install")
class TestIntegrity(RefusalMixin, LessonCase, HttpCase):
    def _dummy(self, record, name):
        """A different value of the field's type, to try to write."""
        field = record._fields[name]
        value = record[name]
        if field.type == "many2one":
            other = self.env[field.comodel_name].search([("id", "!=", value.id)], limit=1)
            return other.id
        if field.type == "boolean":
            return not value
        if field.type in ("integer", "float", "monetary"):
            return (value or 0) + 1
        if field.type == "date":
            return fields.Date.to_string(self.today - timedelta(days=3))
        if field.type == "datetime":
            return "2020-01-01 08:00:00"
        if field.type == "selection":
            keys = [key for key, _label in field._description_selection(self.env)]
            return next((key for key in keys if key != value), keys[0])
        if field.type in ("one2many", "many2many"):
            return [(6, 0, [])]
        return "подделка"

    def test_every_fact_of_every_model_is_refused(self):
        """The guard is generic: every stored related/computed/readonly field and every
        create-only link of the journal models, written by a role that may write
        the record, is refused with a clear error and nothing changes."""
        lesson = self.lesson()
        lesson.set_cells([{"student_id": self.student_a1.id, "value": "5"}])
        statement = (
            self.env["edu.attestation"]
            .with_user(self.teacher_a)
            .create({"assignment_id": self.assignment_a.id, "date": self.today})
        )
        excuse = self.env["edu.absence.excuse"].create(
            {"student_id": self.student_a1.id, "date_from": self.today, "date_to": self.today}
        )
        cases = [
            (lesson, self.teacher_a),
            (lesson.entry_ids[:1], self.teacher_a),
            (statement, self.teacher_a),
            (statement.line_ids[:1], self.teacher_a),
            (self.guardian_a1, self.hr),
            (self.student_a1, self.hr),
            (excuse, self.curator_a),
            (self.plan_a.line_ids[:1], self.teacher_a),
            (self.plan_a, self.head),
        ]
        tried = 0
        for record, user in cases:
            facts = record._fact_fields() | set(record._create_only)
            for name in sorted(facts):
                field = record._fields[name]
                if field.groups and not record.with_user(user)._has_field_access(field, "write"):
                    continue
                value = self._dummy(record, name)
                before = record[name]
                with self.subTest(model=record._name, field=name):
                    with self.assertRaises(UserError):  # AccessError is a UserError
                        record.with_user(user).write({name: value})
                    record.invalidate_recordset()
                    self.assertEqual(record[name], before)
                    tried += 1
        self.assertGreater(tried, 40)

    def test_v1_no_account_takeover_through_a_family_card(self):
        director_partner = self.director.partner_id
        self._refused(
            self.curator_a,
            "edu.guardian",
            "create",
            [
                {
                    "student_id": self.student_a1.id,
                    "partner_id": director_partner.id,
                    "relation": "other",
                    "email": "attacker@evil.example",
                }
            ],
            expected="UserError",
        )
        self._refused(
            self.hr,
            "edu.student",
            "create",
            [{"last_name": "Тест", "first_name": "Тест", "partner_id": director_partner.id}],
            expected="UserError",
        )
        # nor by re-pointing an existing card
        self._refused(
            self.hr,
            "edu.guardian",
            "write",
            [self.guardian_a1.id],
            {"partner_id": director_partner.id},
            expected="UserError",
        )
        self.assertEqual(self.director.email, "t_director@example.com")

    def test_v5_v8_v12_lesson_facts_over_rpc(self):
        lesson = self.lesson()
        entered_at = lesson.entered_at
        for vals in (
            {"term_id": self.term.id},
            {"group_id": self.group_b.id},
            {"entered_at": "2020-01-01 06:00:00"},
            {"is_late": True, "delay_days": 0},
            {"entered_by_id": self.teacher_b.id},
            {"planned_teacher_id": self.teacher_b.id, "is_substitution": True},
            {"practical_number": 7},
            {"assignment_id": self.assignment_b.id},
        ):
            with self.subTest(vals=vals):
                self._refused(self.teacher_a, "edu.lesson", "write", [lesson.id], vals)
        lesson.invalidate_recordset()
        self.assertEqual(lesson.entered_at, entered_at)
        self.assertEqual(lesson.group_id, self.group_a)
        # a lesson «given and entered by» another teacher
        self._refused(
            self.teacher_a,
            "edu.lesson",
            "create",
            [
                {
                    "assignment_id": self.assignment_a.id,
                    "date": str(self.today),
                    "pair_number": 7,
                    "topic_line_id": self.lines[3].id,
                    "teacher_id": self.teacher_b.id,
                }
            ],
        )
        entry = lesson.entry_ids[:1]
        self._refused(
            self.teacher_a,
            "edu.lesson.entry",
            "write",
            [entry.id],
            {"assignment_id": self.assignment_b.id},
        )

    def test_v6_v7_cells_stay_in_their_lesson_and_keep_their_history(self):
        lesson = self.lesson()
        other = self.lesson(pair_number=2)
        lesson.set_cells([{"student_id": self.student_a1.id, "value": "2"}])
        entry = lesson.entry_ids.filtered(lambda e: e.student_id == self.student_a1)
        for vals in ({"lesson_id": other.id}, {"student_id": self.student_a2.id}):
            self._refused(self.teacher_a, "edu.lesson.entry", "write", [entry.id], vals)
        Log = self.env["edu.lesson.entry.log"]
        self.assertEqual(Log.search_count([("lesson_id", "=", lesson.id)]), 1)
        # deleting a filled cell leaves a row; a cleared lesson deleted keeps its rows
        self.login(self.teacher_a)
        self.call("edu.lesson.entry", "unlink", [entry.id])
        rows = Log.search(
            [("student_id", "=", self.student_a1.id), ("group_id", "=", self.group_a.id)]
        )
        self.assertEqual(rows.sorted("id").mapped("new_value"), ["2", ""])
        self.assertTrue(rows.sorted("id")[-1].lesson_deleted)
        self.call("edu.lesson", "unlink", [lesson.id])
        self.assertEqual(len(rows.exists()), 2, "history outlives the lesson")
        self.assertEqual(rows.mapped("assignment_id"), self.assignment_a)
        # nobody rewrites or deletes history
        for user in (self.teacher_a, self.curator_a, self.jadmin):
            self._refused(user, "edu.lesson.entry.log", "write", rows.ids, {"new_value": "5"})
            self._refused(user, "edu.lesson.entry.log", "unlink", rows.ids)

    def test_v6_v16_v18_statements_stay_closed(self):
        statement = (
            self.env["edu.attestation"]
            .with_user(self.teacher_a)
            .create({"assignment_id": self.assignment_a.id, "date": self.today})
        )
        for line in statement.line_ids:
            line.with_user(self.teacher_a).write({"result": "4", "admitted": True})
        statement.with_user(self.teacher_a).action_done()
        line = statement.line_ids[:1]
        self._refused(
            self.teacher_a,
            "edu.attestation.line",
            "create",
            [{"attestation_id": statement.id, "student_id": self.student_b1.id, "result": "5"}],
        )
        self._refused(self.head, "edu.attestation.line", "unlink", [line.id])
        self._refused(self.head, "edu.attestation.line", "write", [line.id], {"result": "5"})
        self._refused(
            self.teacher_a,
            "edu.attestation",
            "write",
            [statement.id],
            {"assignment_id": self.assignment_b.id},
        )
        self._refused(
            self.teacher_a,
            "edu.attestation",
            "write",
            [statement.id],
            {"group_id": self.group_b.id},
        )
        self.assertEqual(len(statement.line_ids), 3)
        # a student of another group never joins a statement
        draft = (
            self.env["edu.attestation"]
            .with_user(self.teacher_b)
            .create({"assignment_id": self.assignment_b.id, "date": self.today})
        )
        with self.assertRaisesRegex(ValidationError, "is not a student of"):
            self.env["edu.attestation.line"].with_user(self.head).create(
                {"attestation_id": draft.id, "student_id": self.student_a1.id}
            )

    def test_v11_substitute_only_on_the_day_on_every_path(self):
        day = self.first_day
        self.env["edu.substitution"].create(
            {"assignment_id": self.assignment_a.id, "date": day, "substitute_id": self.teacher_b.id}
        )
        lesson = self.lesson(date=day)
        lesson.set_cells([{"student_id": self.student_a1.id, "value": "3"}])
        entry = lesson.entry_ids.filtered(lambda e: e.student_id == self.student_a1)
        if day == self.today:
            return  # the substitute may enter today: rule 6 itself
        self._refused(self.teacher_b, "edu.lesson.entry", "write", [entry.id], {"mark": "2"})
        self._refused(self.teacher_b, "edu.lesson.entry", "unlink", [entry.id])
        self.assertEqual(entry.mark, "3")

    def test_v13_memo_workflow_by_its_buttons(self):
        check = self.env["edu.weekly.check"].create(
            {
                "group_id": self.group_a.id,
                "curator_id": self.curator_a.id,
                "week_start": self.today - timedelta(days=self.today.weekday() + 7),
                "issue_ids": [
                    (
                        0,
                        0,
                        {
                            "assignment_id": self.assignment_a.id,
                            "teacher_id": self.teacher_a.id,
                            "date": self.today,
                            "pair_number": 1,
                            "kind": "missing",
                        },
                    )
                ],
            }
        )
        memo = self.env["edu.memo"].with_user(self.curator_a).create({"weekly_check_id": check.id})
        for vals in ({"state": "acknowledged"}, {"author_id": self.deputy.id}):
            self._refused(self.curator_a, "edu.memo", "write", [memo.id], vals)
        memo.with_user(self.curator_a).action_send()
        self._refused(
            self.curator_a, "edu.memo", "write", [memo.id], {"body": "<p>Всё в порядке</p>"}
        )
        self.assertEqual(memo.state, "sent")
        self.assertEqual(memo.author_id, self.curator_a)

    def test_v14_v15_v17_no_record_moves_to_another_parent(self):
        draft = self.env["edu.topic.plan"].create(
            {"name": "Черновик", "discipline_id": self.discipline.id}
        )
        line = self.env["edu.topic.plan.line"].create({"plan_id": draft.id, "topic": "Вставка"})
        self._refused(
            self.head, "edu.topic.plan.line", "write", [line.id], {"plan_id": self.plan_a.id}
        )
        order = (
            self.env["edu.contingent.order"]
            .with_user(self.hr)
            .create(
                {
                    "order_type": "expel",
                    "date": self.today,
                    "line_ids": [
                        (0, 0, {"student_id": self.student_a3.id, "effective_date": self.today})
                    ],
                }
            )
        )
        other = (
            self.env["edu.contingent.order"]
            .with_user(self.hr)
            .create({"order_type": "academic_leave", "date": self.today})
        )
        self._refused(
            self.hr,
            "edu.contingent.order.line",
            "write",
            order.line_ids.ids,
            {"order_id": other.id},
        )
        excuse = (
            self.env["edu.absence.excuse"]
            .with_user(self.curator_a)
            .create(
                {
                    "student_id": self.student_a1.id,
                    "date_from": self.first_day,
                    "date_to": self.today,
                }
            )
        )
        self._refused(
            self.curator_a,
            "edu.absence.excuse",
            "write",
            [excuse.id],
            {"student_id": self.student_b1.id},
        )
        self.assertEqual(excuse.student_id, self.student_a1)

    def test_v19_unlock_note_cannot_be_rewritten(self):
        self.term.lock_date = self.first_day
        unlock = (
            self.env["edu.journal.unlock"]
            .with_user(self.deputy)
            .create({"assignment_id": self.assignment_a.id, "reason": "Исправление оценки"})
        )
        note = self.assignment_a.message_ids.filtered(
            lambda m: "Исправление оценки" in (m.body or "")
        )
        self.assertEqual(note.author_id, self.env.ref("base.partner_root"))
        self._refused(self.deputy, "mail.message", "write", note.ids, {"body": "ничего не было"})
        self.assertEqual(unlock.unlocked_by_id, self.deputy)


@tagged("post_install", "-at_install")
class TestBoundaries(RefusalMixin, LessonCase, HttpCase):
    """Accounts, personal data and the grid's input (V2, V9, V10, weak observations)."""

    def test_v2_journal_administrator_is_no_system_administrator(self):
        self.assertFalse(self.jadmin._is_admin())
        self.assertNotIn(self.env.ref("base.group_erp_manager"), self.jadmin.all_group_ids)
        self.login(self.jadmin)
        system = self.env.ref("base.group_system")
        with self.assertRaisesRegex(JsonRpcException, "AccessError"):
            self.call("res.users", "write", [self.jadmin.id], {"group_ids": [(4, system.id)]})
        with self.assertRaisesRegex(JsonRpcException, "AccessError"):
            self.call(
                "ir.rule",
                "write",
                [self.env.ref("hexlet_journal.rule_edu_lesson_entry_curator").id],
                {"domain_force": "[(1, '=', 1)]"},
            )
        self.assertNotIn(system, self.jadmin.all_group_ids)
        # its own wizard gives a journal role and nothing else
        wizard = (
            self.env["edu.staff.account"]
            .with_user(self.jadmin)
            .create({"name": "Новикова Анна", "login": "t_new_teacher", "role": "teacher"})
        )
        wizard.action_apply()
        user = self.env["res.users"].search([("login", "=", "t_new_teacher")])
        self.assertTrue(user.has_group("hexlet_journal.group_teacher"))
        self.assertFalse(user._is_admin())
        archive = (
            self.env["edu.staff.account"]
            .with_user(self.jadmin)
            .create({"action": "archive", "user_id": self.env.ref("base.user_admin").id})
        )
        with self.assertRaisesRegex(UserError, "more than journal roles"):
            archive.action_apply()
        self.env["edu.staff.account"].with_user(self.jadmin).create(
            {"action": "archive", "user_id": user.id}
        ).action_apply()
        self.assertFalse(user.active)
        with self.assertRaises(UserError):  # AccessError: the wizard is the administrator's
            self.env["edu.staff.account"].with_user(self.head).create(
                {"name": "X", "login": "t_x", "role": "admin"}
            ).action_apply()

    def test_v9_curator_reads_personal_data_of_curated_groups_only(self):
        # the curator of group A also teaches group B
        self.env["edu.teaching.assignment"].create(
            {
                "term_id": self.term.id,
                "group_id": self.group_b.id,
                "discipline_id": self.discipline_db.id,
                "teacher_id": self.curator_a.id,
            }
        )
        self.student_a1.birthdate = "2010-05-01"
        self.student_b1.birthdate = "2010-06-01"
        Student = self.env["edu.student"].with_user(self.curator_a)
        self.assertTrue(Student.search([("id", "=", self.student_b1.id)]), "the row: teaches B")
        self._refused(
            self.curator_a,
            "edu.student",
            "search_read",
            [["group_id", "=", self.group_b.id]],
            fields=["name", "birthdate", "phone", "email"],
            expected="AccessError",
        )
        rows = {
            row["id"]: row
            for row in Student.browse((self.student_a1 | self.student_b1).ids).read(
                ["curator_birthdate", "curator_phone"]
            )
        }
        self.assertEqual(str(rows[self.student_a1.id]["curator_birthdate"]), "2010-05-01")
        self.assertFalse(rows[self.student_b1.id]["curator_birthdate"])

    def test_v10_family_contacts_are_not_for_everyone(self):
        family = self.student_a1.partner_id | self.guardian_a1.partner_id
        outsider = new_test_user(self.env, login="t_clerk", groups="base.group_user")
        for user, visible in (
            (outsider, False),
            (self.head, False),
            (self.teacher_a, False),
            (self.curator_b, False),
            (self.curator_a, True),
            (self.hr, True),
            (self.director, True),
        ):
            with self.subTest(user=user.login):
                found = self.env["res.partner"].with_user(user).search([("id", "in", family.ids)])
                self.assertEqual(bool(found), visible)

    def test_notes_on_student_cards_are_not_for_teachers(self):
        self.student_a1.with_user(self.hr).message_post(
            body="Справка о состоянии здоровья", subtype_xmlid="mail.mt_note"
        )
        Message = self.env["mail.message"]
        domain = [("model", "=", "edu.student"), ("res_id", "=", self.student_a1.id)]
        self.assertFalse(
            Message.with_user(self.teacher_a).search(domain + [("body", "ilike", "Справка")])
        )
        self.assertTrue(
            Message.with_user(self.curator_a).search(domain + [("body", "ilike", "Справка")])
        )

    def test_grid_input_is_checked_before_the_database(self):
        lesson = self.lesson()
        self.login(self.teacher_a)
        for cells in (
            [{"student_id": True, "value": "5"}],
            [{"student_id": "1", "value": "5"}],
            [{"student_id": 999999, "value": "5"}],
            [{"student_id": self.student_b1.id, "value": "5"}],
        ):
            with (
                self.subTest(cells=cells),
                self.assertRaisesRegex(JsonRpcException, "ValidationError"),
            ):
                self.call("edu.lesson", "set_cells", [lesson.id], cells)
        self.assertFalse(lesson.entry_ids.filtered("value"))
        with self.assertRaisesRegex(ValidationError, "at most"):
            lesson.with_user(self.teacher_a).homework = "x" * 5000
        with self.assertRaisesRegex(ValidationError, "at most"):
            lesson.entry_ids[:1].with_user(self.teacher_a).comment = "x" * 400

    def test_managers_export_teachers_do_not(self):
        for user in (self.head, self.deputy, self.director):
            self.assertTrue(user.has_group("base.group_allow_export"), user.login)
        for user in (self.teacher_a, self.curator_a, self.student_a1_user):
            self.assertFalse(user.has_group("base.group_allow_export"), user.login)


@tagged("post_install", "-at_install")
class TestHistory(LessonCase):
    """A lesson is cancelled with a reason, not erased; late changes reach the curator."""

    def test_lesson_cancelled_with_its_reason(self):
        lesson = self.lesson()
        lesson.set_cells(
            [
                {"student_id": self.student_a1.id, "value": "5"},
                {"student_id": self.student_a2.id, "value": "н"},
            ]
        )
        Cancel = self.env["edu.lesson.cancel"].with_user(self.teacher_a)
        with self.assertRaisesRegex(UserError, "State why"):
            Cancel.create({"lesson_id": lesson.id, "reason": "  "}).action_confirm()
        self.assertTrue(lesson.exists())
        with self.assertRaisesRegex(UserError, "cancelled, with a reason"):
            lesson.with_user(self.teacher_a).unlink()
        Cancel.create({"lesson_id": lesson.id, "reason": "Внесено не той датой"}).action_confirm()
        self.assertFalse(lesson.exists())
        rows = self.env["edu.lesson.entry.log"].search(
            [("assignment_id", "=", self.assignment_a.id), ("lesson_deleted", "=", True)]
        )
        self.assertEqual(sorted(rows.mapped("old_value")), ["5", "н"])
        self.assertEqual(rows.user_id, self.teacher_a)
        notes = self.assignment_a.message_ids.mapped("body")
        self.assertTrue(any("Внесено не той датой" in (body or "") for body in notes))
        # another teacher cannot cancel it
        other = self.lesson()
        with self.assertRaises(UserError):
            Cancel.with_user(self.teacher_b).create(
                {"lesson_id": other.id, "reason": "чужое"}
            ).action_confirm()
        self.assertTrue(other.exists())

    def test_late_changes_reach_the_weekly_check_and_the_memo(self):
        monday = self.today - timedelta(days=self.today.weekday() + 7)
        lesson = self.lesson(date=monday)
        wednesday_noon = datetime.combine(monday + timedelta(days=2), time(9, 0))
        with freeze_time(wednesday_noon):
            lesson.with_user(self.teacher_a).set_cells(
                [{"student_id": self.student_a1.id, "value": "4"}]
            )
        Check = self.env["edu.weekly.check"]
        check = Check.create(Check._build(self.group_a, monday))
        self.assertEqual(check.late_change_count, 1)
        change = check.late_change_ids
        self.assertEqual((change.new_value, change.user_id), ("4", self.teacher_a))
        # the curator reads them; the memo lists them
        self.assertEqual(check.with_user(self.curator_a).late_change_ids, change)
        memo = self.env["edu.memo"].with_user(self.curator_a).create({"weekly_check_id": check.id})
        self.assertIn("«» → «4»", memo.body)


@tagged("post_install", "-at_install")
class TestSecondPass(RefusalMixin, LessonCase, HttpCase):
    """What the second attack from outside found (N1–N12), replayed over JSON-RPC."""

    def _done_statement(self):
        statement = (
            self.env["edu.attestation"]
            .with_user(self.teacher_a)
            .create({"assignment_id": self.assignment_a.id, "date": self.today})
        )
        statement.line_ids.with_user(self.teacher_a).write({"result": "4", "admitted": True})
        statement.with_user(self.teacher_a).action_done()
        return statement

    def test_n1_context_defaults_and_ir_default_do_not_bypass_the_guard(self):
        statement = self._done_statement()
        # another family's parent linked to a curator's student through default_*
        self._refused(
            self.curator_a,
            "edu.guardian",
            "create",
            [{"relation": "mother", "pd_consent": True, "pd_consent_date": str(self.today)}],
            context={
                "default_student_id": self.student_a3.id,
                "default_partner_id": self.guardian_b1.partner_id.id,
            },
        )
        self._refused(
            self.teacher_a,
            "edu.attestation.line",
            "create",
            [{"student_id": self.student_b1.id, "result": "5"}],
            context={"default_attestation_id": statement.id},
            expected="UserError",
        )
        self.login(self.teacher_a)
        [plan_id] = self.call(
            "edu.topic.plan",
            "create",
            [{"name": "Сам себе утвердил", "discipline_id": self.discipline.id}],
            context={"default_state": "approved", "default_approved_by_id": self.head.id},
        )
        forged = self.env["edu.topic.plan"].browse(plan_id)
        self.assertEqual((forged.state, forged.approved_by_id.id), ("draft", False))
        self._refused(
            self.teacher_a,
            "edu.topic.plan.line",
            "create",
            [{"topic": "Вставка"}],
            context={"default_plan_id": self.plan_a.id},
        )
        self.assertEqual(len(self.plan_a.line_ids), 4)
        # a default kept by ir.default is refused too
        self.env["ir.default"].set("edu.topic.plan", "state", "approved", user_id=self.teacher_a.id)
        plan = (
            self.env["edu.topic.plan"]
            .with_user(self.teacher_a)
            .create({"name": "По умолчанию", "discipline_id": self.discipline.id})
        )
        self.assertEqual(plan.state, "draft", "a default someone chose is ignored for a fact")
        self.assertFalse(plan.approved_by_id)
        self.assertEqual(len(statement.line_ids), 3)

    def test_n2_no_account_or_company_contact_on_a_family_card(self):
        portal_outsider = new_test_user(self.env, login="t_portal_x", groups="base.group_portal")
        for partner in (portal_outsider.partner_id, self.env.company.partner_id):
            self._refused(
                self.curator_a,
                "edu.guardian",
                "create",
                [
                    {
                        "student_id": self.student_a1.id,
                        "partner_id": partner.id,
                        "relation": "other",
                        "email": "x@evil.example",
                    }
                ],
                expected="UserError",
            )
        self.assertNotEqual(portal_outsider.email, "x@evil.example")
        # a new parent gets a new contact made for the card
        self.login(self.curator_a)
        [guardian_id] = self.call(
            "edu.guardian",
            "create",
            [
                {
                    "student_id": self.student_a1.id,
                    "contact_name": "Алексеев Пётр",
                    "relation": "father",
                }
            ],
        )
        guardian = self.env["edu.guardian"].browse(guardian_id)
        self.assertEqual(guardian.partner_id.name, "Алексеев Пётр")
        self.assertFalse(guardian.partner_id.user_ids)

    def test_n3_lock_date_only_moves_forward(self):
        self.term.with_user(self.deputy).lock_date = self.first_day
        for value in (False, str(self.first_day - timedelta(days=1))):
            self._refused(self.deputy, "edu.term", "write", [self.term.id], {"lock_date": value})
        self.assertEqual(self.term.lock_date, self.first_day)
        self._refused(self.jadmin, "edu.academic.year", "write", [self.year.id], {"state": "open"})

    def test_n4_n9_n11_n12_facts_of_journals_lessons_plans_and_cards(self):
        lesson = self.lesson()
        for vals in ({"group_id": self.group_b.id}, {"discipline_id": self.discipline_db.id}):
            self._refused(
                self.head, "edu.teaching.assignment", "write", [self.assignment_a.id], vals
            )
        for vals in ({"hours": 40}, {"kind": "practical"}, {"state": "draft"}):
            self._refused(self.teacher_a, "edu.lesson", "write", [lesson.id], vals)
        self._refused(
            self.teacher_a, "edu.topic.plan", "write", [self.plan_a.id], {"name": "Новое"}
        )
        self._refused(self.hr, "edu.student", "write", [self.student_a1.id], {"active": False})
        self.assertTrue(self.student_a1.active)

    def test_n5_n7_n8_closed_control_documents(self):
        inspection = (
            self.env["edu.inspection"]
            .with_user(self.head)
            .create(
                {
                    "date_from": self.first_day,
                    "date_to": self.today,
                    "scope": "group",
                    "group_id": self.group_a.id,
                }
            )
        )
        inspection.action_compute()
        self._refused(
            self.head,
            "edu.inspection.line",
            "create",
            [
                {
                    "inspection_id": inspection.id,
                    "assignment_id": self.assignment_a.id,
                    "lessons_due": 99,
                }
            ],
        )
        self._refused(
            self.head, "edu.inspection.line", "write", inspection.line_ids.ids, {"on_time_pct": 100}
        )
        self._refused(
            self.head,
            "edu.inspection",
            "write",
            [inspection.id],
            {"inspector_id": self.director.id},
        )
        inspection.action_done()
        self._refused(self.head, "edu.inspection", "unlink", [inspection.id])
        self.assertTrue(inspection.exists())
        # a confirmed weekly check keeps its lines, a sent memo its number and date
        monday = self.today - timedelta(days=self.today.weekday() + 7)
        lesson = self.lesson(date=monday)
        lesson.set_cells([{"student_id": self.student_a1.id, "value": "н"}])
        Check = self.env["edu.weekly.check"]
        check = Check.create(Check._build(self.group_a, monday))
        line = check.student_line_ids[:1]
        self._refused(
            self.curator_a, "edu.weekly.check.student", "write", line.ids, {"unexcused_absences": 0}
        )
        check.with_user(self.curator_a).action_confirm()
        self._refused(
            self.curator_a,
            "edu.weekly.check.student",
            "write",
            line.ids,
            {"informed_on": "2026-10-01"},
        )
        memo = self.env["edu.memo"].with_user(self.curator_a).create({"weekly_check_id": check.id})
        memo.with_user(self.curator_a).action_send()
        self._refused(self.curator_a, "edu.memo", "write", [memo.id], {"name": "после"})

    def test_n10_no_excuse_inside_a_closed_period(self):
        self.term.with_user(self.deputy).lock_date = self.first_day + timedelta(days=3)
        self._refused(
            self.curator_a,
            "edu.absence.excuse",
            "create",
            [
                {
                    "student_id": self.student_a1.id,
                    "date_from": str(self.first_day),
                    "date_to": str(self.first_day + timedelta(days=1)),
                }
            ],
        )

    def test_student_card_chatter_for_those_without_contacts(self):
        """The card's chatter asks for the contact fields and suggested recipients: a
        teacher and the academic department have no access to a student's contact."""
        for user in (self.teacher_a, self.head):
            student = self.student_a1.with_user(user)
            self.assertEqual(student._mail_get_partner_fields(), [])
            self.assertIsNone(student._mail_get_primary_email_field())
            student._mail_get_partners()
            # what the card's chatter asks when it opens (the walk found the last one)
            for request in (["followers"], ["suggestedRecipients"], ["activities"]):
                student._thread_to_store(Store(), [], request_list=request)
                student.sudo()._thread_to_store(Store(), [], request_list=request)
        self.assertEqual(
            self.student_a1.with_user(self.hr)._mail_get_partner_fields(), ["partner_id"]
        )

    def test_r1_r2_account_contacts_and_inspection_states(self):
        """The third pass: a portal account's e-mail is not changed on a family card; an
        inspection is not created already done."""
        self._refused(
            self.curator_a,
            "edu.guardian",
            "write",
            [self.guardian_a1.id],
            {"email": "tk-parent@evil.example"},
            expected="UserError",
        )
        self.assertNotEqual(self.parent_a1_user.email, "tk-parent@evil.example")
        student_user = self.student_a1_user
        self.student_a1.sudo().user_id = student_user
        self.student_a1.sudo().partner_id = student_user.partner_id
        self._refused(
            self.hr,
            "edu.student",
            "write",
            [self.student_a1.id],
            {"email": "v1c@evil.example"},
            expected="UserError",
        )
        self._refused(
            self.head,
            "edu.inspection",
            "create",
            [{"kind": "monthly", "scope": "college", "state": "done"}],
        )
        self.login(self.head)
        [inspection_id] = self.call(
            "edu.inspection",
            "create",
            [{"kind": "monthly", "scope": "college"}],
            context={"default_state": "done"},
        )
        self.assertEqual(self.env["edu.inspection"].browse(inspection_id).state, "draft")


@tagged("post_install", "-at_install")
class TestFourthPass(RefusalMixin, LessonCase, HttpCase):
    """The attack after the fixes (a session that did not write them, 1,064 attempts):
    its seven findings and the refusals that answered with a traceback, replayed."""

    def test_a_marked_cell_is_not_moved_into_a_new_lesson(self):
        old = self.lesson(date=self.first_day, line=self.lines[0])
        old.set_cells([{"student_id": self.student_a1.id, "value": "4"}])
        cell = old.entry_ids.filtered(lambda entry: entry.student_id == self.student_a1)
        logged = self.env["edu.lesson.entry.log"].search_count([])
        self._refused(
            self.teacher_a,
            "edu.lesson",
            "create",
            [
                {
                    "assignment_id": self.assignment_a.id,
                    "date": str(self.today),
                    "pair_number": 6,
                    "topic_line_id": self.lines[1].id,
                    "entry_ids": [[4, cell.id]],
                }
            ],
            expected="UserError",
        )
        self.assertEqual(cell.lesson_id, old)
        self.assertEqual(self.env["edu.lesson.entry.log"].search_count([]), logged)
        self.assertFalse(
            self.env["edu.lesson"].search(
                [("assignment_id", "=", self.assignment_a.id), ("pair_number", "=", 6)]
            )
        )
        # nor by replacing a lesson's lines wholesale
        lesson = self.lesson(line=self.lines[1])
        self._refused(
            self.teacher_a,
            "edu.lesson",
            "write",
            [lesson.id],
            {"entry_ids": [[6, 0, [cell.id]]]},
            expected="UserError",
        )
        self.assertEqual(cell.lesson_id, old)

    def test_a_context_default_does_not_forge_a_fact_of_a_lesson(self):
        self.login(self.teacher_a)
        [lesson_id] = self.call(
            "edu.lesson",
            "create",
            [
                {
                    "assignment_id": self.assignment_a.id,
                    "date": str(self.today),
                    "topic_line_id": self.lines[0].id,
                }
            ],
            context={"default_state": "draft", "default_is_late": True, "default_delay_days": 9},
        )
        lesson = self.env["edu.lesson"].browse(lesson_id)
        self.assertEqual(lesson.state, "done")
        self.assertFalse(lesson.is_late)
        self.assertEqual(lesson.delay_days, 0)

    def test_a_journal_goes_to_teachers_only(self):
        for user in (self.jadmin, self.head):
            self._refused(
                user,
                "edu.teaching.assignment",
                "write",
                [self.assignment_a.id],
                {"teacher_id": self.jadmin.id},
                expected="ValidationError|UserError|AccessError",
            )
        self.assertEqual(self.assignment_a.teacher_id, self.teacher_a)

    def test_notes_on_a_card_are_for_the_curator_of_the_group(self):
        self.student_a1.message_post(
            body="Справка о состоянии здоровья, диагноз X", subtype_xmlid="mail.mt_note"
        )
        # curator B teaches nothing here, curator A is the student's curator
        for user, expected in ((self.curator_b, 0), (self.curator_a, 1)):
            self.login(user)
            found = self.call(
                "mail.message", "search_read", [["body", "ilike", "диагноз"]], fields=["body"]
            )
            self.assertEqual(len(found), expected, user.login)
        # a curator who teaches the group but does not curate it reads no note either
        self.assignment_a.teacher_id = self.curator_b
        self.login(self.curator_b)
        self.assertFalse(
            self.call("mail.message", "search_read", [["body", "ilike", "диагноз"]], fields=["id"])
        )

    def test_a_former_curator_has_no_guardians(self):
        # a1 moves to group B: curator A keeps the journal history, not the family
        order = (
            self.env["edu.contingent.order"]
            .with_user(self.hr)
            .create(
                {
                    "order_type": "transfer",
                    "line_ids": [
                        fields.Command.create(
                            {
                                "student_id": self.student_a1.id,
                                "to_group_id": self.group_b.id,
                                "effective_date": self.today - timedelta(days=1),
                            }
                        )
                    ],
                }
            )
        )
        order.action_done()
        self.login(self.curator_a)
        self.assertFalse(
            self.call(
                "edu.guardian", "search_read", [["id", "=", self.guardian_a1.id]], fields=["phone"]
            )
        )
        self._refused(
            self.curator_a,
            "edu.guardian",
            "write",
            [self.guardian_a1.id],
            {"relation": "father"},
            expected="AccessError",
        )
        self._refused(
            self.curator_a,
            "edu.guardian",
            "create",
            [
                {
                    "student_id": self.student_a1.id,
                    "contact_name": "Новый Родственник",
                    "relation": "other",
                    "is_legal_representative": False,
                }
            ],
            expected="AccessError",
        )
        self.assertEqual(self.guardian_a1.relation, "mother")

    def test_a_curator_reads_ages_of_the_own_group_only(self):
        self.login(self.curator_b)
        [row] = self.call(
            "edu.student", "search_read", [["id", "=", self.student_b1.id]], fields=["is_minor"]
        )
        self.assertTrue(row["is_minor"])
        self.assignment_a.teacher_id = self.curator_b
        rows = self.call(
            "edu.student", "search_read", [["id", "=", self.student_a1.id]], fields=["is_minor"]
        )
        self.assertEqual(rows, [{"id": self.student_a1.id, "is_minor": False}])

    def test_an_outside_contact_is_not_linked_to_a_card(self):
        outsider = self.env["res.partner"].create(
            {"name": "Brandon Freeman", "email": "brandon.freeman55@example.com"}
        )
        self._refused(
            self.curator_a,
            "edu.guardian",
            "create",
            [
                {
                    "student_id": self.student_a1.id,
                    "partner_id": outsider.id,
                    "relation": "other",
                    "is_legal_representative": False,
                    "email": "cur-hijack@evil.example",
                }
            ],
            expected="UserError",
        )
        self.assertEqual(outsider.email, "brandon.freeman55@example.com")
        self.assertFalse(outsider.edu_guardian_ids)

    def test_wrong_types_answer_clearly(self):
        lesson = self.lesson()
        cases = [
            ("edu.lesson.entry", "create", [[{"lesson_id": lesson.id, "student_id": True}]]),
            ("edu.lesson.entry", "create", [[{"lesson_id": lesson.id, "student_id": 2**40}]]),
            (
                "edu.lesson.entry",
                "create",
                [[{"lesson_id": "x", "student_id": self.student_a1.id}]],
            ),
            ("edu.lesson.entry", "write", [lesson.entry_ids[:1].ids, {"mark": ["5"]}]),
            ("edu.lesson.entry", "write", [lesson.entry_ids[:1].ids, {"mark": {"a": 1}}]),
            ("edu.teaching.assignment", "journal_grid", [[self.assignment_a.id], {"a": 1}]),
            ("edu.teaching.assignment", "journal_grid", [[self.assignment_a.id], "not a date"]),
            ("edu.lesson", "set_cells", [[lesson.id, lesson.id + 1], []]),
            ("edu.lesson", "get_today_lessons", ["abc"]),
            ("edu.lesson", "get_today_lessons", [10**9]),
            ("edu.lesson", "action_enter_lesson", [self.assignment_a.id, "31.12.2026", 1]),
            ("edu.lesson", "action_enter_lesson", [self.assignment_a.id, str(self.today), 99]),
        ]
        for model, method, args in cases:
            self._refused(
                self.teacher_a, model, method, *args, expected="UserError|ValidationError"
            )
        # the journal's figures are not a public method at all
        self._refused(
            self.teacher_a,
            "edu.inspection.line",
            "journal_metrics",
            [],
            expected="AttributeError|AccessError|does not exist|private",
        )
