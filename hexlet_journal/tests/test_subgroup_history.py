"""Subgroup membership is dated (issue 11, item 6): a subgroup journal shows, for
any past date, the students who were in the subgroup then, with their cells, and
the statistics count them for the days they were there."""

from datetime import timedelta

from lxml import etree

from odoo import fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.fields import Command
from odoo.tests import HttpCase, tagged
from odoo.tests.common import JsonRpcException

from odoo.addons.hexlet_journal.tools import format_day

from .common import LessonCase
from .test_client_screens import field_spec
from .test_jsonrpc import JsonRpcMixin


@tagged("post_install", "-at_install")
class TestSubgroupHistory(LessonCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.SubMembership = cls.env["edu.subgroup.membership"]
        cls.english_1, cls.english_2 = cls.split_journals(cls)
        (cls.english_1 | cls.english_2).topic_plan_id = cls.plan_a
        cls.subgroup_b = cls.env["edu.subgroup"].create(
            {"name": "1 подгруппа", "group_id": cls.group_b.id}
        )

    def period(self, student, subgroup):
        return self.SubMembership.search(
            [("student_id", "=", student.id), ("subgroup_id", "=", subgroup.id)],
            order="date_from",
        )

    def subgroup_lesson(self, journal, day, line, cells=None):
        teacher = journal.teacher_id
        lesson = (
            self.env["edu.lesson"]
            .with_user(teacher)
            .create({"assignment_id": journal.id, "date": day, "topic_line_id": line.id})
        )
        if cells:
            lesson.with_user(teacher).set_cells(
                [{"student_id": student.id, "value": value} for student, value in cells.items()]
            )
        return lesson

    def grid(self, journal, date_from, date_to=None):
        grid = journal.with_user(journal.teacher_id).journal_grid(
            fields.Date.to_string(date_from), fields.Date.to_string(date_to or self.today)
        )
        return {row["id"]: row["member_lesson_ids"] for row in grid["students"]}, grid["cells"]

    def transfer(self, student, group, day):
        order = (
            self.env["edu.contingent.order"]
            .with_user(self.hr)
            .create(
                {
                    "order_type": "transfer",
                    "date": self.today,
                    "line_ids": [
                        Command.create(
                            {
                                "student_id": student.id,
                                "to_group_id": group.id,
                                "effective_date": day,
                            }
                        )
                    ],
                }
            )
        )
        order.action_done()
        return order

    def move(self, student, old, new, day):
        """The curator moves a student to another subgroup of the group on ``day``."""
        self.period(student, old).with_user(self.curator_a).write(
            {"date_to": day - timedelta(days=1)}
        )
        return self.SubMembership.with_user(self.curator_a).create(
            {"subgroup_id": new.id, "student_id": student.id, "date_from": day}
        )

    # the history and the current view

    def test_members_are_dated_from_the_group(self):
        period = self.period(self.student_a1, self.subgroup_a1)
        self.assertEqual(period.date_from, self.enrolled_on)
        self.assertFalse(period.date_to)
        self.assertEqual(period.group_id, self.group_a)
        self.assertEqual(self.subgroup_a1.student_ids, self.student_a1 | self.student_a2)
        self.assertEqual(self.student_a1.subgroup_ids, self.subgroup_a1)
        Subgroup = self.env["edu.subgroup"]
        self.assertEqual(
            Subgroup.search([("student_ids", "in", self.student_a3.ids)]), self.subgroup_a2
        )
        self.assertEqual(
            self.env["edu.student"].search([("subgroup_ids", "in", self.subgroup_a1.ids)]),
            self.student_a1 | self.student_a2,
        )

    def test_curator_edits_the_current_list(self):
        Subgroup = self.subgroup_a1.with_user(self.curator_a)
        # removed: his period ends yesterday, the past stays
        Subgroup.write({"student_ids": [Command.unlink(self.student_a2.id)]})
        period = self.period(self.student_a2, self.subgroup_a1)
        self.assertEqual(period.date_to, self.today - timedelta(days=1))
        self.assertNotIn(self.student_a2, self.subgroup_a1.student_ids)
        self.assertIn(self.student_a2, self.subgroup_a1._members_on(self.today - timedelta(days=1)))
        # added back: from today, after his last period
        Subgroup.write({"student_ids": [Command.link(self.student_a2.id)]})
        self.assertEqual(
            self.period(self.student_a2, self.subgroup_a1).mapped("date_from"),
            [self.enrolled_on, self.today],
        )
        # a student moved from the 2nd subgroup to the 1st (from the student's side):
        # in the 1st from today, never back-dated over the lessons he sat in the 2nd
        self.student_a3.write({"subgroup_ids": [Command.set(self.subgroup_a1.ids)]})
        self.assertEqual(self.period(self.student_a3, self.subgroup_a1).date_from, self.today)
        self.assertEqual(
            self.period(self.student_a3, self.subgroup_a2).date_to, self.today - timedelta(days=1)
        )
        self.assertEqual(self.student_a3.subgroup_ids, self.subgroup_a1)
        yesterday = self.today - timedelta(days=1)
        self.assertNotIn(self.student_a3, self.subgroup_a1._members_on(yesterday))
        self.assertIn(self.student_a3, self.subgroup_a2._members_on(yesterday))

    def test_form_saves_the_dated_history(self):
        Subgroup = self.env["edu.subgroup"].with_user(self.curator_a)
        day = self.today - timedelta(days=20)
        Subgroup.browse(self.subgroup_a2.id).web_save(
            {
                "membership_ids": [
                    Command.create({"student_id": self.student_a1.id, "date_from": day})
                ]
            },
            {"membership_ids": {"fields": {"date_from": {}, "date_to": {}}}},
        )
        self.assertEqual(self.period(self.student_a1, self.subgroup_a2).date_from, day)
        self.assertIn(self.student_a1, self.subgroup_a2.student_ids)

    def test_curator_opens_the_form_after_an_order(self):
        """The web client's read of the subgroup form, as its curator and its teacher,
        once an order ended a period (the order is named, even to who may not open it)."""
        self.transfer(self.student_a1, self.group_b, self.today - timedelta(days=5))
        for user in (self.curator_a, self.teacher_a):
            Subgroup = self.env["edu.subgroup"].with_user(user)
            views = Subgroup.get_views([(False, "form")])
            arch = etree.fromstring(views["views"]["form"]["arch"])
            models = views["models"]
            fields_info = dict(models["edu.subgroup"]["fields"])
            for info in fields_info.values():
                if info.get("relation") in models:
                    info["_sub_fields"] = models[info["relation"]]["fields"]
            (values,) = Subgroup.browse(self.subgroup_a1.id).web_read(field_spec(arch, fields_info))
            ended = [line for line in values["membership_ids"] if line["order_line_id"]]
            self.assertEqual(len(ended), 1, user.login)
            self.assertTrue(ended[0]["order_line_id"]["display_name"])
            self.assertEqual([row["id"] for row in values["student_ids"]], self.student_a2.ids)

    # journals and statistics

    def test_past_date_shows_who_was_in_the_subgroup(self):
        day = self.today - timedelta(days=7)
        early = self.subgroup_lesson(
            self.english_1, self.today - timedelta(days=14), self.lines[0], {self.student_a2: "4"}
        )
        self.move(self.student_a2, self.subgroup_a1, self.subgroup_a2, day)
        late_1 = self.subgroup_lesson(
            self.english_1, self.today - timedelta(days=3), self.lines[1], {self.student_a1: "5"}
        )
        early_2 = self.subgroup_lesson(
            self.english_2, self.today - timedelta(days=14), self.lines[0]
        )
        late_2 = self.subgroup_lesson(
            self.english_2,
            self.today - timedelta(days=3),
            self.lines[1],
            {self.student_a2: "н", self.student_a3: "5"},
        )
        # the first subgroup's journal keeps a2's row up to the move, with his cell
        rows, cells = self.grid(self.english_1, self.today - timedelta(days=20))
        self.assertEqual(set(rows), {self.student_a1.id, self.student_a2.id})
        self.assertEqual(rows[self.student_a2.id], early.ids)
        self.assertEqual(rows[self.student_a1.id], (early | late_1).ids)
        self.assertEqual(cells[f"{early.id}:{self.student_a2.id}"], "4")
        # the second one lists him from the move
        rows, cells = self.grid(self.english_2, self.today - timedelta(days=20))
        self.assertEqual(rows[self.student_a2.id], late_2.ids)
        self.assertEqual(rows[self.student_a3.id], (early_2 | late_2).ids)
        self.assertEqual(cells[f"{late_2.id}:{self.student_a2.id}"], "н")
        # entries exist only for the days he was in the subgroup (rule 8)
        with self.assertRaisesRegex(ValidationError, "was not in"):
            early_2.with_user(self.teacher_b).set_cells(
                [{"student_id": self.student_a2.id, "value": "5"}]
            )
        self.assertNotIn(self.student_a2, early_2.entry_ids.student_id)
        self.assertEqual(
            self.english_1._students_on(day - timedelta(days=1)), self.student_a1 | self.student_a2
        )
        self.assertEqual(self.english_1._students_on(day), self.student_a1)
        # statistics: a2 counts in each journal for the days he was there
        # (the reports' seats and council results: hexlet_journal_reports' test_metrics)
        Figures = self.env["edu.inspection.line"]
        before = Figures._journal_metrics(
            self.english_1, self.today - timedelta(days=20), day - timedelta(days=1)
        )
        after = Figures._journal_metrics(self.english_1, day, self.today)
        self.assertEqual(before[self.english_1.id]["students"], 2)
        self.assertEqual(after[self.english_1.id]["students"], 1)

    def test_transfer_keeps_past_row_and_cells(self):
        past = self.subgroup_lesson(
            self.english_1, self.today - timedelta(days=10), self.lines[0], {self.student_a1: "5"}
        )
        effective = self.today - timedelta(days=5)
        order = self.transfer(self.student_a1, self.group_b, effective)
        period = self.period(self.student_a1, self.subgroup_a1)
        self.assertEqual(period.date_to, effective - timedelta(days=1))
        self.assertEqual(period.order_line_id, order.line_ids)
        after = self.subgroup_lesson(self.english_1, self.today - timedelta(days=2), self.lines[1])
        rows, cells = self.grid(self.english_1, self.today - timedelta(days=15))
        self.assertEqual(rows[self.student_a1.id], past.ids)
        self.assertIn(self.student_a2.id, rows)
        self.assertEqual(rows[self.student_a2.id], (past | after).ids)
        self.assertEqual(cells[f"{past.id}:{self.student_a1.id}"], "5")
        self.assertNotIn(self.student_a1, self.subgroup_a1.student_ids)
        self.assertFalse(self.student_a1.subgroup_ids)
        # his figures in the journal stay
        results = self.english_1._student_results(self.student_a1, self.today)
        self.assertEqual(results[self.student_a1.id]["average"], 5.0)

    def test_return_does_not_readd_subgroups(self):
        leave_day = self.today - timedelta(days=20)
        Order = self.env["edu.contingent.order"].with_user(self.hr)
        Order.create(
            {
                "order_type": "academic_leave",
                "date": leave_day,
                "line_ids": [
                    Command.create({"student_id": self.student_a3.id, "effective_date": leave_day})
                ],
            }
        ).action_done()
        self.assertEqual(
            self.period(self.student_a3, self.subgroup_a2).date_to, leave_day - timedelta(days=1)
        )
        Order.create(
            {
                "order_type": "return",
                "date": self.today,
                "line_ids": [
                    Command.create(
                        {
                            "student_id": self.student_a3.id,
                            "to_group_id": self.group_a.id,
                            "effective_date": self.today - timedelta(days=2),
                        }
                    )
                ],
            }
        ).action_done()
        self.assertEqual(len(self.period(self.student_a3, self.subgroup_a2)), 1)
        self.assertFalse(self.student_a3.subgroup_ids)

    # bad input: a clear error, nothing written

    def test_subgroup_move_before_group_membership_refused(self):
        day = self.enrolled_on - timedelta(days=5)
        with self.assertRaisesRegex(
            ValidationError,
            f"{self.student_a3.name} is not in the group {self.group_a.name} on "
            f"{format_day(self.env, day)} and cannot join its subgroup "
            f"{self.subgroup_a1.display_name}",
        ):
            self.SubMembership.with_user(self.curator_a).create(
                {
                    "subgroup_id": self.subgroup_a1.id,
                    "student_id": self.student_a3.id,
                    "date_from": day,
                }
            )
        self.assertFalse(self.period(self.student_a3, self.subgroup_a1))

    def test_period_after_leaving_the_group_refused(self):
        effective = self.today - timedelta(days=5)
        self.transfer(self.student_a1, self.group_b, effective)
        with self.assertRaisesRegex(ValidationError, "is not in the group"):
            self.SubMembership.create(
                {
                    "subgroup_id": self.subgroup_a2.id,
                    "student_id": self.student_a1.id,
                    "date_from": self.today - timedelta(days=2),
                }
            )
        with self.assertRaisesRegex(ValidationError, "left the group .* and cannot stay"):
            self.SubMembership.create(
                {
                    "subgroup_id": self.subgroup_a2.id,
                    "student_id": self.student_a1.id,
                    "date_from": self.enrolled_on,
                }
            )
        self.assertFalse(self.period(self.student_a1, self.subgroup_a2))
        # another group's subgroup: he never was in it then
        with self.assertRaisesRegex(ValidationError, "is not in the group"):
            self.SubMembership.create(
                {
                    "subgroup_id": self.subgroup_b.id,
                    "student_id": self.student_a2.id,
                    "date_from": self.today,
                }
            )
        self.assertFalse(self.subgroup_b.membership_ids)

    def test_group_period_cut_under_a_subgroup_period_refused(self):
        membership = self.student_a1.membership_ids
        day = self.today - timedelta(days=3)
        with self.assertRaisesRegex(ValidationError, "left the group .* and cannot stay"):
            membership.with_user(self.hr).write({"date_to": day})
        self.assertFalse(membership.date_to)
        with self.assertRaisesRegex(ValidationError, "is not in the group"):
            membership.with_user(self.hr).unlink()
        self.assertTrue(membership.exists())

    def test_overlapping_periods_refused(self):
        with self.assertRaisesRegex(ValidationError, "is already in the subgroup"):
            self.SubMembership.with_user(self.curator_a).create(
                {
                    "subgroup_id": self.subgroup_a1.id,
                    "student_id": self.student_a1.id,
                    "date_from": self.today - timedelta(days=3),
                }
            )
        self.assertEqual(len(self.period(self.student_a1, self.subgroup_a1)), 1)

    def test_leaving_before_joining_refused(self):
        period = self.period(self.student_a1, self.subgroup_a1)
        with self.assertRaisesRegex(ValidationError, "cannot leave the subgroup .* before joining"):
            period.with_user(self.curator_a).write(
                {"date_to": self.enrolled_on - timedelta(days=1)}
            )
        self.assertFalse(period.date_to)

    def test_order_ends_a_period_once(self):
        effective = self.today - timedelta(days=5)
        order = self.transfer(self.student_a1, self.group_b, effective)
        period = self.period(self.student_a1, self.subgroup_a1)
        with self.assertRaisesRegex(UserError, "already ended by .*an order cannot end it again"):
            period._end_by_order(order.line_ids, self.today)
        self.assertEqual(period.date_to, effective - timedelta(days=1))
        # nor changed by hand
        with self.assertRaisesRegex(UserError, "ended by a contingent order"):
            period.with_user(self.head).write({"date_to": self.today})
        with self.assertRaisesRegex(UserError, "ended by a contingent order"):
            period.with_user(self.head).unlink()
        self.assertEqual(period.date_to, effective - timedelta(days=1))

    def test_a_taught_subgroup_is_not_deleted(self):
        journal = self.english_1
        with self.assertRaisesRegex(UserError, "has journals or lessons and stays"):
            self.subgroup_a1.with_user(self.head).unlink()
        self.assertTrue(self.subgroup_a1.exists())
        self.assertEqual(journal.subgroup_id, self.subgroup_a1, "still the subgroup's journal")
        self.assertTrue(self.period(self.student_a1, self.subgroup_a1))
        # a subgroup made by mistake, never taught, goes with its periods
        spare = (
            self.env["edu.subgroup"]
            .with_user(self.head)
            .create({"name": "3 подгруппа", "group_id": self.group_a.id})
        )
        spare.with_user(self.head).student_ids = self.student_a3
        self.assertTrue(self.period(self.student_a3, spare))
        spare.with_user(self.head).unlink()
        self.assertFalse(spare.exists())
        self.assertFalse(self.period(self.student_a3, spare))

    def test_a_subgroup_with_an_order_made_period_is_not_deleted(self):
        # group B's subgroup, never taught; b1 is in it from his first day in the group
        spare = self.subgroup_b
        spare.with_user(self.head).student_ids = self.student_b1
        self.transfer(self.student_b1, self.group_a, self.today - timedelta(days=1))
        period = self.period(self.student_b1, spare)
        self.assertTrue(period.order_line_id)
        with self.assertRaisesRegex(UserError, "ended by a contingent order"):
            spare.with_user(self.head).unlink()
        self.assertTrue(spare.exists())
        self.assertEqual(self.period(self.student_b1, spare), period)

    def test_period_not_moved_to_another_subgroup(self):
        period = self.period(self.student_a1, self.subgroup_a1)
        for subgroup in (self.subgroup_b, self.subgroup_a2):
            with self.assertRaisesRegex(UserError, "fixed when the record is created"):
                period.with_user(self.head).write({"subgroup_id": subgroup.id})
        with self.assertRaisesRegex(UserError, "fixed when the record is created"):
            period.with_user(self.head).write({"student_id": self.student_a3.id})
        self.assertEqual(period.subgroup_id, self.subgroup_a1)
        self.assertEqual(period.student_id, self.student_a1)

    def test_subgroup_moved_to_another_group_refused(self):
        with self.assertRaisesRegex(ValidationError, "is not in the group"):
            self.subgroup_a2.write({"group_id": self.group_b.id})
        self.assertEqual(self.subgroup_a2.group_id, self.group_a)

    def test_locked_days_are_changed_by_orders_only(self):
        """Who sat in a closed journal is a fact of it (rule 9): the curator
        cannot move a period into the days the term's lock date closed."""
        lock = self.today - timedelta(days=10)
        self.term.with_user(self.deputy).lock_date = lock
        period = self.period(self.student_a2, self.subgroup_a1)
        with self.assertRaisesRegex(UserError, "closed up to"):
            period.with_user(self.curator_a).write({"date_to": lock - timedelta(days=3)})
        self.assertFalse(period.date_to)
        with self.assertRaisesRegex(UserError, "closed up to"):
            self.SubMembership.with_user(self.curator_a).create(
                {
                    "subgroup_id": self.subgroup_a2.id,
                    "student_id": self.student_a2.id,
                    "date_from": lock - timedelta(days=5),
                }
            )
        # the list of today's members still works: the newcomer joins after the lock
        self.subgroup_a2.with_user(self.curator_a).write(
            {"student_ids": [Command.link(self.student_a1.id)]}
        )
        self.assertEqual(
            self.period(self.student_a1, self.subgroup_a2).date_from,
            max(lock + timedelta(days=1), self.today),
        )

    def test_archived_year_frozen(self):
        self.year.sudo().write({"state": "archived"})
        with self.assertRaisesRegex(UserError, "is archived and read-only"):
            self.subgroup_a1.with_user(self.curator_a).write(
                {"student_ids": [Command.unlink(self.student_a2.id)]}
            )
        self.assertFalse(self.period(self.student_a2, self.subgroup_a1).date_to)

    # who may write the history

    def test_teacher_and_other_curator_refused(self):
        period = self.period(self.student_a1, self.subgroup_a1)
        for user in (self.teacher_a, self.curator_b):
            with self.assertRaises(AccessError):
                period.with_user(user).write({"date_to": self.today})
            with self.assertRaises(AccessError):
                self.SubMembership.with_user(user).create(
                    {
                        "subgroup_id": self.subgroup_a2.id,
                        "student_id": self.student_a1.id,
                        "date_from": self.today,
                    }
                )
            with self.assertRaises(AccessError):
                self.subgroup_a1.with_user(user).write(
                    {"student_ids": [Command.unlink(self.student_a1.id)]}
                )
        self.assertFalse(period.date_to)
        self.assertFalse(self.period(self.student_a1, self.subgroup_a2))
        # the teacher reads his journal's subgroup history
        self.assertTrue(period.with_user(self.teacher_a).read(["date_from"]))
        self.assertCannotRead(self.curator_b, period)
        self.assertCannotRead(self.student_b1_user, period)
        self.assertTrue(period.with_user(self.student_a1_user).read(["date_from"]))

    def assertCannotRead(self, user, records):
        with self.assertRaises(AccessError):
            records.with_user(user).read(["date_from"])

    # migration of the undated list (19.0.1.1.0)

    def test_migration_of_the_undated_list(self):
        cr = self.env.cr
        cr.execute("CREATE TABLE hexlet_test_subgroup_rel (subgroup_id int, student_id int)")
        subgroup = self.env["edu.subgroup"].create(
            {"name": "3 подгруппа", "group_id": self.group_a.id}
        )
        effective = self.today - timedelta(days=5)
        self.transfer(self.student_a1, self.group_b, effective)
        cr.execute(
            "INSERT INTO hexlet_test_subgroup_rel VALUES (%s, %s), (%s, %s), (%s, %s)",
            [
                subgroup.id,
                self.student_a1.id,
                subgroup.id,
                self.student_a2.id,
                subgroup.id,
                self.student_b2.id,
            ],
        )
        logger = "odoo.addons.hexlet_journal.models.edu_subgroup_membership"
        with self.assertLogs(logger, "WARNING") as logged:
            made = self.SubMembership._migrate_student_rel("hexlet_test_subgroup_rel")
        self.assertEqual(made, 2)
        self.assertIn("never in the subgroup's group", logged.output[0])
        moved = self.period(self.student_a1, subgroup)
        self.assertEqual(
            (moved.date_from, moved.date_to), (self.enrolled_on, effective - timedelta(days=1))
        )
        stays = self.period(self.student_a2, subgroup)
        self.assertEqual((stays.date_from, stays.date_to), (self.enrolled_on, False))
        self.assertEqual(stays.group_id, self.group_a)
        # never in the group: dropped; a second run makes nothing twice
        self.assertFalse(self.period(self.student_b2, subgroup))
        with self.assertLogs(logger, "WARNING"):
            again = self.SubMembership._migrate_student_rel("hexlet_test_subgroup_rel")
        self.assertEqual(again, 0)
        self.assertEqual(subgroup.student_ids, self.student_a2)


@tagged("post_install", "-at_install")
class TestSubgroupHistoryRpc(JsonRpcMixin, LessonCase, HttpCase):
    def test_teacher_writes_no_subgroup_history_over_rpc(self):
        period = self.env["edu.subgroup.membership"].search(
            [("student_id", "=", self.student_a1.id)]
        )
        for user in (self.teacher_a, self.curator_b):
            self.login(user)
            with self.assertRaisesRegex(JsonRpcException, "AccessError"):
                self.call(
                    "edu.subgroup.membership", "write", [period.id], {"date_to": str(self.today)}
                )
            with self.assertRaisesRegex(JsonRpcException, "AccessError"):
                self.call(
                    "edu.subgroup.membership",
                    "create",
                    {
                        "subgroup_id": self.subgroup_a2.id,
                        "student_id": self.student_a1.id,
                        "date_from": str(self.today),
                    },
                )
        self.login(self.curator_a)
        with self.assertRaisesRegex(JsonRpcException, "UserError"):
            self.call(
                "edu.subgroup.membership",
                "write",
                [period.id],
                {"order_line_id": 1},
            )
        period.invalidate_recordset()
        self.assertFalse(period.date_to)
        self.assertFalse(period.order_line_id)

    def test_a_taught_subgroup_is_not_deleted_over_rpc(self):
        journal = self.split_journals()[0]
        subgroup = journal.subgroup_id
        for user, error in (
            (self.teacher_a, "AccessError"),
            (self.curator_b, "AccessError"),
            (self.curator_a, "UserError"),
        ):
            self.login(user)
            with self.assertRaisesRegex(JsonRpcException, error):
                self.call("edu.subgroup", "unlink", [subgroup.id])
        self.assertTrue(subgroup.exists())
        self.assertEqual(journal.subgroup_id, subgroup)
