"""Only an approved КТП is taught, and it changes through revisions (issue 11, item 5).

The teacher edits and submits; the academic department approves or returns with
a reason; a lesson takes its topic from an approved КТП only, on every path; a
change to an approved КТП is a revision that the journals switch to when it is
approved, their lessons keeping what they recorded.
"""

from datetime import timedelta

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.fields import Command
from odoo.tests import HttpCase, tagged

from ..tools import format_day
from . import test_client_paths
from .common import JournalCase, LessonCase
from .test_integrity import RefusalMixin


@tagged("post_install", "-at_install")
class TestKtpWorkflow(RefusalMixin, JournalCase, HttpCase):
    """Draft → submitted → approved, or returned with a reason and submitted again."""

    def test_submit_return_resubmit_approve(self):
        plan = self.plan_a
        self.assertEqual((plan.state, plan.revision), ("draft", 1))
        plan.with_user(self.teacher_a).action_submit()
        self.assertEqual((plan.state, plan.submitted_by_id), ("submitted", self.teacher_a))
        # under review the КТП is read-only, and the teacher does not decide
        with self.assertRaisesRegex(UserError, "submitted for approval and read-only"):
            plan.with_user(self.teacher_a).line_ids[0].topic = "Другая тема"
        with self.assertRaisesRegex(UserError, "Only the academic department"):
            plan.with_user(self.teacher_a).action_approve()
        with self.assertRaisesRegex(UserError, "Only the academic department"):
            plan.with_user(self.teacher_a).action_return("Сам себе вернул")
        with self.assertRaises(AccessError):
            self.env["edu.topic.plan.return"].with_user(self.teacher_a).create(
                {"plan_id": plan.id, "reason": "Сам себе вернул"}
            )
        self.assertEqual(plan.state, "submitted")
        # the academic department returns it with a reason, through the wizard
        action = plan.with_user(self.head).action_open_return()
        Wizard = self.env["edu.topic.plan.return"].with_user(self.head)
        with self.assertRaisesRegex(UserError, "State why the КТП is returned"):
            Wizard.with_context(**action["context"]).create({"reason": "   "}).action_confirm()
        self.assertEqual((plan.state, plan.return_reason), ("submitted", False))
        reason = "Часы не сходятся с учебным планом"
        Wizard.with_context(**action["context"]).create({"reason": reason}).action_confirm()
        self.assertEqual((plan.state, plan.return_reason), ("returned", reason))
        self.assertIn(reason, plan.message_ids[0].body)
        self.assertEqual(plan.activity_ids.user_id, self.teacher_a)
        self.assertIn(reason, str(plan.activity_ids.note))
        # the teacher corrects it and submits again: the to-do is done
        plan.with_user(self.teacher_a).line_ids[0].hours = 4
        plan.with_user(self.teacher_a).action_submit()
        self.assertEqual(plan.state, "submitted")
        self.assertFalse(plan.activity_ids)
        plan.with_user(self.head).action_approve()
        self.assertEqual((plan.state, plan.approved_by_id), ("approved", self.head))
        self.assertTrue(plan.approved_at)
        with self.assertRaisesRegex(UserError, "only a draft or submitted КТП is approved"):
            plan.with_user(self.head).action_approve()

    def test_wrong_steps_are_refused(self):
        plan = self.plan_a
        with self.assertRaisesRegex(UserError, "only a submitted КТП is returned"):
            plan.with_user(self.head).action_return("Рано")
        with self.assertRaisesRegex(UserError, "only the approved КТП in force is revised"):
            plan.with_user(self.head).action_revise()
        # a curator reads the КТП of the group's journals but does not submit it
        with self.assertRaises(AccessError):
            plan.with_user(self.curator_a).action_submit()
        empty = (
            self.env["edu.topic.plan"]
            .with_user(self.teacher_a)
            .create({"name": "Пустой", "discipline_id": self.discipline.id})
        )
        with self.assertRaisesRegex(UserError, "has no topics to submit"):
            empty.action_submit()
        self.assertEqual((plan.state, empty.state), ("draft", "draft"))
        # an approved КТП is not deleted; a draft one is
        plan.with_user(self.head).action_approve()
        with self.assertRaisesRegex(UserError, "only a draft or returned КТП is deleted"):
            plan.with_user(self.head).unlink()
        empty.with_user(self.head).unlink()
        self.assertFalse(empty.exists())

    def test_teacher_cannot_forge_the_workflow_over_rpc(self):
        plan = self.plan_a
        other = self.env["edu.topic.plan"].create(
            {"name": "Другой", "discipline_id": self.discipline.id}
        )
        self._refused(self.teacher_a, "edu.topic.plan", "action_approve", [plan.id])
        self._refused(self.teacher_a, "edu.topic.plan", "action_revise", [plan.id])
        for vals in (
            {"state": "approved"},
            {"approved_by_id": self.head.id},
            {"approved_at": "2026-09-01 08:00:00"},
            {"revision": 5},
            {"previous_id": other.id},
            {"root_id": other.id},
            {"submitted_by_id": self.teacher_b.id},
            {"return_reason": "подделка"},
        ):
            self._refused(self.teacher_a, "edu.topic.plan", "write", [plan.id], vals)
        self._refused(
            self.teacher_a,
            "edu.topic.plan",
            "create",
            [{"name": "Подделка", "discipline_id": self.discipline.id, "previous_id": plan.id}],
        )
        self._refused(
            self.teacher_a,
            "edu.topic.plan.line",
            "write",
            [plan.line_ids[0].id],
            {"origin_line_id": plan.line_ids[1].id},
        )
        self.assertEqual(
            (plan.state, plan.revision, plan.previous_id, plan.approved_by_id),
            ("draft", 1, self.env["edu.topic.plan"], self.env["res.users"]),
        )
        self.assertFalse(plan.line_ids.origin_line_id)
        self.assertFalse(
            self.env["edu.topic.plan"].search([("name", "=", "Подделка")]), "nothing created"
        )


@tagged("post_install", "-at_install")
class TestKtpRevision(RefusalMixin, LessonCase, HttpCase):
    """Lessons from the approved КТП only; a change is a revision approved again."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # the second group's journal, with a КТП still in the works
        cls.plan_b = cls.env["edu.topic.plan"].create(
            {
                "name": "КТП Т-ИСП-2",
                "discipline_id": cls.discipline.id,
                "term_id": cls.term.id,
                "line_ids": [Command.create({"sequence": 1, "topic": "Введение", "hours": 2})],
            }
        )
        cls.assignment_b.topic_plan_id = cls.plan_b

    _form = test_client_paths.TestClientPaths._form
    _new = test_client_paths.TestClientPaths._new
    _to_save = test_client_paths.TestClientPaths._to_save

    def _revise(self):
        action = self.plan_a.with_user(self.head).action_revise()
        revision = self.env["edu.topic.plan"].browse(action["res_id"])
        return revision, {line.origin_line_id: line for line in revision.line_ids}

    def _lessons_b(self):
        return self.env["edu.lesson"].search([("assignment_id", "=", self.assignment_b.id)])

    def test_lesson_from_unapproved_plan_refused_on_create(self):
        def give():
            return (
                self.env["edu.lesson"]
                .with_user(self.teacher_b)
                .create(
                    {
                        "assignment_id": self.assignment_b.id,
                        "date": self.today,
                        "topic_line_id": self.plan_b.line_ids.id,
                    }
                )
            )

        # the new-lesson path offers no topic of a КТП that is not approved
        action = (
            self.env["edu.lesson"]
            .with_user(self.teacher_b)
            .action_enter_lesson(self.assignment_b.id, str(self.today), 1)
        )
        self.assertFalse(action["context"]["default_topic_line_id"])
        with self.assertRaisesRegex(ValidationError, "КТП «КТП Т-ИСП-2» is «Draft»"):
            give()
        self.plan_b.with_user(self.teacher_b).action_submit()
        with self.assertRaisesRegex(ValidationError, "КТП «КТП Т-ИСП-2» is «Submitted»"):
            give()
        self.plan_b.with_user(self.head).action_return("Мало тем")
        with self.assertRaisesRegex(ValidationError, "КТП «КТП Т-ИСП-2» is «Returned»"):
            give()
        self.assertFalse(self._lessons_b(), "nothing written")
        self.plan_b.with_user(self.teacher_b).action_submit()
        self.plan_b.with_user(self.head).action_approve()
        self.assertEqual(give().topic, "Введение")

    def test_lesson_from_unapproved_plan_refused_through_the_form(self):
        """The lesson form as the web client saves it: a new lesson and a changed one."""
        lesson = self.lesson(date=self.first_day, line=self.lines[0])
        revision, copies = self._revise()
        draft_line = copies[self.lines[1]]
        Lesson = (
            self.env["edu.lesson"]
            .with_user(self.teacher_a)
            .with_context(
                default_assignment_id=self.assignment_a.id,
                default_date=str(self.today),
                default_pair_number=2,
                default_topic_line_id=draft_line.id,
            )
        )
        values, spec = self._new(Lesson)
        with self.assertRaisesRegex(ValidationError, "is «Draft»: a lesson takes its topic"):
            Lesson.with_context(bin_size=True).web_save(self._to_save(values), spec)
        with self.assertRaisesRegex(ValidationError, "is «Draft»"):
            lesson.with_user(self.teacher_a).with_context(bin_size=True).web_save(
                {"topic_line_id": draft_line.id}, spec
            )
        with self.assertRaisesRegex(ValidationError, "is «Draft»"):
            lesson.with_user(self.teacher_a).write({"topic_line_id": draft_line.id})
        self.assertEqual(self.assignment_a.lesson_ids, lesson, "nothing written")
        self.assertEqual(lesson.topic_line_id, self.lines[0])
        # the form offers only topics of the journal's approved КТП
        arch = self.env["edu.lesson"].with_user(self.teacher_a).get_views([(False, "form")])
        self.assertIn("('plan_id.state', '=', 'approved')", arch["views"]["form"]["arch"])
        offered = self.env["edu.topic.plan.line"].search(
            [
                ("plan_id.assignment_ids", "in", [self.assignment_a.id]),
                ("plan_id.state", "=", "approved"),
            ]
        )
        self.assertEqual(offered, self.plan_a.line_ids)
        self.assertEqual(revision.state, "draft")

    def test_lessons_already_given_are_not_checked_again(self):
        """A lesson given before the rule (from a КТП that is not approved) is a fact:
        changing its pair or homework does not re-check its topic; changing the topic
        does."""
        lesson = self.lesson(line=self.lines[0])
        self.plan_a.sudo().state = "draft"  # as the data was before the rule
        lesson.with_user(self.teacher_a).write({"pair_number": 3, "homework": "§1"})
        self.assertEqual((lesson.pair_number, lesson.homework), (3, "§1"))
        with self.assertRaisesRegex(ValidationError, "is «Draft»"):
            lesson.with_user(self.teacher_a).write({"topic_line_id": self.lines[1].id})
        self.assertEqual(lesson.topic_line_id, self.lines[0])

    def test_other_teachers_do_not_see_the_revision(self):
        revision, copies = self._revise()
        self.assertEqual(
            self.env["edu.topic.plan"].with_user(self.teacher_a).search([("id", "=", revision.id)]),
            revision,
        )
        with self.assertRaises(AccessError):
            revision.with_user(self.teacher_b).check_access("read")
        with self.assertRaises(AccessError):
            copies[self.lines[0]].with_user(self.teacher_b).write({"topic": "Чужая правка"})
        self.assertEqual(copies[self.lines[0]].topic, "Понятие алгоритма")

    def test_revision_end_to_end(self):
        Plan = self.env["edu.topic.plan"]
        first = self.lesson(
            date=self.first_day, line=self.lines[0], topic="Понятие алгоритма. Свойства"
        )
        second = self.lesson(date=self.first_day + timedelta(days=1), line=self.lines[1])
        self.assertEqual((second.kind, second.practical_number), ("practical", 1))
        with self.assertRaisesRegex(UserError, "Only the academic department"):
            self.plan_a.with_user(self.teacher_a).action_revise()
        revision, copies = self._revise()
        self.assertEqual(
            (revision.revision, revision.previous_id, revision.state, revision.name),
            (2, self.plan_a, "draft", self.plan_a.name),
        )
        self.assertEqual(
            revision.with_context(lang="en_US").display_name, f"{self.plan_a.name}, revision 2"
        )
        self.assertEqual(set(copies), set(self.plan_a.line_ids))
        self.assertEqual(self.assignment_a.topic_plan_id, self.plan_a, "still teaching from it")
        self.assertEqual(self.plan_a.with_user(self.head).action_revise()["res_id"], revision.id)
        # the teacher edits the revision of their journal's КТП
        own = revision.with_user(self.teacher_a)
        copies[self.lines[1]].with_user(self.teacher_a).write(
            {"topic": "Блок-схемы алгоритмов", "kind": "lab", "hours": 4}
        )
        copies[self.lines[3]].with_user(self.teacher_a).unlink()
        with self.assertRaisesRegex(UserError, "«Понятие алгоритма» was already given"):
            copies[self.lines[0]].with_user(self.teacher_a).unlink()
        own.write(
            {
                "line_ids": [
                    Command.create(
                        {"sequence": 9, "topic": "Циклы", "kind": "practical", "hours": 2}
                    )
                ]
            }
        )
        # meanwhile the journal teaches from the approved КТП
        third = self.lesson(line=self.lines[2])
        own.action_submit()
        with self.assertRaisesRegex(UserError, "Only the academic department"):
            own.action_approve()
        recorded = {
            lesson: (lesson.topic, lesson.kind, lesson.practical_number, lesson.hours)
            for lesson in (first, second, third)
        }
        revision.with_user(self.head).action_approve()
        self.assertEqual((revision.state, self.plan_a.state), ("approved", "superseded"))
        self.assertEqual(self.assignment_a.topic_plan_id, revision, "the journal switched")
        for lesson, facts in recorded.items():
            lesson.invalidate_recordset()
            self.assertEqual(lesson.topic_line_id.plan_id, revision)
            self.assertEqual(
                (lesson.topic, lesson.kind, lesson.practical_number, lesson.hours), facts
            )
        self.assertEqual(first.topic_line_id, copies[self.lines[0]])
        self.assertEqual(second.topic_line_id, copies[self.lines[1]])
        self.assertEqual(
            (second.topic, second.kind, second.practical_number, second.hours),
            ("Блок-схемы", "practical", 1, 2),
            "the lesson keeps what it recorded, not the revision's new wording",
        )
        self.assertEqual(first.topic, "Понятие алгоритма. Свойства")
        self.assertIn("3 lesson(s) moved", revision.message_ids[0].body)
        self.assertIn("Superseded by revision 2", self.plan_a.message_ids[0].body)
        # КТП progress counts the lessons on the revision in force
        self.assignment_a.invalidate_recordset()
        self.assertEqual(self.assignment_a.given_hours, 6)
        self.assertEqual(self.assignment_a.next_topic_line_id.topic, "Циклы")
        self.assertEqual(self.lesson(pair_number=2).topic, "Циклы")
        # the superseded revision is read-only for good, and taught no more
        with self.assertRaisesRegex(UserError, "superseded by a later revision"):
            self.plan_a.with_user(self.head).write({"name": "Исправлено"})
        with self.assertRaisesRegex(UserError, "only the approved КТП in force is revised"):
            self.plan_a.with_user(self.head).action_revise()
        with self.assertRaisesRegex(UserError, "superseded by a later revision"):
            self.env["edu.topic.plan.line"].with_user(self.head).create(
                {"plan_id": self.plan_a.id, "topic": "Вставка"}
            )
        with self.assertRaisesRegex(ValidationError, "is «Superseded»"):
            self.lesson(line=self.lines[3], pair_number=3)
        with self.assertRaisesRegex(ValidationError, "is «Superseded»"):
            third.with_user(self.teacher_a).write({"topic_line_id": self.lines[3].id})
        self.assertEqual(third.topic_line_id, copies[self.lines[2]])
        # the teacher's list shows which revision is in force, for every revision
        rows = Plan.with_user(self.teacher_a).search_read(
            [("root_id", "=", self.plan_a.id)], ["revision", "state", "in_force_id"]
        )
        self.assertEqual(
            sorted((row["revision"], row["state"], row["in_force_id"][0]) for row in rows),
            [(1, "superseded", revision.id), (2, "approved", revision.id)],
        )

    def test_revision_dropping_a_given_topic_refused(self):
        self.lesson(date=self.first_day, line=self.lines[0])
        revision, copies = self._revise()
        copies[self.lines[2]].with_user(self.teacher_a).unlink()  # not given yet: it may go
        late = self.lesson(line=self.lines[2])  # …but the journal gives it meanwhile
        revision.with_user(self.teacher_a).action_submit()
        with self.assertRaisesRegex(
            ValidationError,
            "leaves out topics already given in the journals: «Переменные и типы данных» "
            f"\\(given {format_day(self.env, self.today)}\\)",
        ):
            revision.with_user(self.head).action_approve()
        # nothing written
        self.assertEqual((revision.state, self.plan_a.state), ("submitted", "approved"))
        self.assertEqual(self.assignment_a.topic_plan_id, self.plan_a)
        self.assertEqual(late.topic_line_id, self.lines[2])
        self.assertFalse(revision.approved_by_id)

    def test_revision_of_a_closed_journal_refused(self):
        lesson = self.lesson(date=self.first_day, line=self.lines[0])
        self.term.with_user(self.deputy).lock_date = self.first_day
        with self.assertRaisesRegex(UserError, "cannot be revised: the journal .* is closed up to"):
            self.plan_a.with_user(self.head).action_revise()
        self.assertFalse(self.env["edu.topic.plan"].search([("previous_id", "=", self.plan_a.id)]))
        # the deputy director unlocks the journal: the revision opens and is approved
        self.env["edu.journal.unlock"].with_user(self.deputy).create(
            {"assignment_id": self.assignment_a.id, "reason": "Изменение КТП"}
        )
        revision, copies = self._revise()
        revision.with_user(self.head).action_approve()
        self.assertEqual(lesson.topic_line_id, copies[self.lines[0]])
        self.assertEqual(lesson.topic, "Понятие алгоритма")

    def test_revision_approval_refused_once_the_journal_closed(self):
        lesson = self.lesson(date=self.first_day, line=self.lines[0])
        revision, _copies = self._revise()
        self.term.with_user(self.deputy).lock_date = self.first_day
        with self.assertRaisesRegex(UserError, "is closed up to"):
            revision.with_user(self.head).action_approve()
        self.assertEqual((revision.state, self.plan_a.state), ("draft", "approved"))
        self.assertEqual(lesson.topic_line_id, self.lines[0])

    def test_teacher_cannot_slip_topics_into_an_approved_plan(self):
        """SECURITY-REVIEW V14, over JSON-RPC: a line is not created in, nor moved to,
        an approved or superseded КТП."""
        draft = (
            self.env["edu.topic.plan"]
            .with_user(self.teacher_a)
            .create(
                {
                    "name": "Мой черновик",
                    "discipline_id": self.discipline.id,
                    "line_ids": [Command.create({"topic": "Вставка", "hours": 2})],
                }
            )
        )
        line = draft.line_ids
        revision, _copies = self._revise()
        revision.with_user(self.head).action_approve()  # plan_a is now superseded
        for target in (revision, self.plan_a):
            self._refused(
                self.teacher_a, "edu.topic.plan.line", "write", [line.id], {"plan_id": target.id}
            )
            self._refused(
                self.teacher_a,
                "edu.topic.plan.line",
                "create",
                [{"plan_id": target.id, "topic": "Вставка", "hours": 2}],
            )
            self._refused(
                self.teacher_a,
                "edu.topic.plan",
                "write",
                [target.id],
                {"line_ids": [[4, line.id]]},
            )
        self._refused(self.teacher_a, "edu.topic.plan", "write", [revision.id], {"state": "draft"})
        self._refused(self.teacher_a, "edu.topic.plan", "action_revise", [revision.id])
        self._refused(self.teacher_a, "edu.topic.plan", "action_return", [revision.id], "Сам себе")
        self.assertEqual(line.plan_id, draft)
        self.assertEqual(len(revision.line_ids), 4)
        self.assertEqual(len(self.plan_a.line_ids), 4)
        self.assertEqual(revision.state, "approved")

    def test_journal_changes_its_plan_only_through_a_revision(self):
        self.lesson(line=self.lines[0])
        other = self.env["edu.topic.plan"].create(
            {
                "name": "Другой КТП",
                "discipline_id": self.discipline.id,
                "line_ids": [Command.create({"topic": "Тема", "hours": 2})],
            }
        )
        with self.assertRaisesRegex(UserError, "changes only through a revision"):
            self.assignment_a.with_user(self.head).topic_plan_id = other
        self.assertEqual(self.assignment_a.topic_plan_id, self.plan_a)
        revision, _copies = self._revise()
        revision.with_user(self.head).action_approve()
        with self.assertRaisesRegex(UserError, "is superseded by a later revision"):
            self.assignment_b.with_user(self.head).topic_plan_id = self.plan_a
        self.assertEqual(self.assignment_b.topic_plan_id, self.plan_b)
