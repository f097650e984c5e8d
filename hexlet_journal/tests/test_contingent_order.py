from datetime import timedelta

from odoo.exceptions import UserError, ValidationError
from odoo.fields import Command
from odoo.tests import tagged

from .common import JournalCase


@tagged("post_install", "-at_install")
class TestContingentOrder(JournalCase):
    def _order(self, order_type, lines, user=None):
        Order = self.env["edu.contingent.order"].with_user(user or self.hr)
        return Order.create(
            {
                "order_type": order_type,
                "date": self.today,
                "line_ids": [Command.create(line) for line in lines],
            }
        )

    def _new_student(self, number, **vals):
        return self.env["edu.student"].create(
            {"last_name": "Новиков", "first_name": "Глеб", "record_book_number": number, **vals}
        )

    def test_enroll(self):
        student = self._new_student("T-500")
        order = self._order("enroll", [{"student_id": student.id, "to_group_id": self.group_b.id}])
        self.assertTrue(order.name)
        order.action_done()
        self.assertEqual(order.state, "done")
        self.assertEqual(student.group_id, self.group_b)
        self.assertEqual(student.membership_ids.date_from, self.today)
        self.assertTrue(order.line_ids.applied)
        self.assertIn(student, self.group_b.student_ids)

    def test_enroll_twice_refused(self):
        order = self._order(
            "enroll", [{"student_id": self.student_a1.id, "to_group_id": self.group_b.id}]
        )
        with self.assertRaisesRegex(UserError, "already enrolled"):
            order.action_done()
        self.assertEqual(order.state, "draft")
        self.assertEqual(self.student_a1.group_id, self.group_a)

    def test_transfer_keeps_history(self):
        effective = self.today - timedelta(days=5)
        order = self._order(
            "transfer",
            [
                {
                    "student_id": self.student_a1.id,
                    "to_group_id": self.group_b.id,
                    "effective_date": effective,
                }
            ],
        )
        self.assertEqual(order.line_ids.from_group_id, self.group_a)
        order.action_done()
        self.assertEqual(self.student_a1.group_id, self.group_b)
        # in the old group's journal up to the day before, in the new one from the day
        self.assertIn(self.student_a1, self.group_a._members_on(effective - timedelta(days=1)))
        self.assertNotIn(self.student_a1, self.group_a._members_on(effective))
        self.assertIn(self.student_a1, self.group_b._members_on(effective))
        # the old group's subgroups no longer list the student
        self.assertNotIn(self.student_a1, self.subgroup_a1.student_ids)
        self.assertEqual(order.line_ids.from_group_id, self.group_a)

    def test_transfer_to_same_group_refused(self):
        with self.assertRaisesRegex(ValidationError, "already in"):
            self._order(
                "transfer", [{"student_id": self.student_a1.id, "to_group_id": self.group_a.id}]
            )
        self.assertFalse(
            self.env["edu.contingent.order"].search(
                [("order_type", "=", "transfer"), ("line_ids.student_id", "=", self.student_a1.id)]
            )
        )

    def test_student_twice_refused(self):
        with self.assertRaisesRegex(ValidationError, "named twice"):
            self._order(
                "expel",
                [{"student_id": self.student_a2.id}, {"student_id": self.student_a2.id}],
            )

    def test_effective_before_enrollment_refused(self):
        with self.assertRaisesRegex(ValidationError, "before the student was enrolled"):
            self._order(
                "expel",
                [
                    {
                        "student_id": self.student_a2.id,
                        "effective_date": self.enrolled_on - timedelta(days=10),
                    }
                ],
            )

    def test_expel_blocks_portal_access(self):
        # the mother of a1 has no other child: her access goes too
        order = self._order(
            "expel", [{"student_id": self.student_a1.id, "expel_reason": "own_wish"}]
        )
        order.action_done()
        self.assertEqual(self.student_a1.state, "expelled")
        self.assertFalse(self.student_a1.group_id)
        self.assertFalse(self.student_a1_user.active)
        self.assertFalse(self.parent_a1_user.active)
        activities = self.student_a1.activity_ids
        self.assertTrue(activities, "the journal administrator is told")
        self.assertIn(self.jadmin, activities.user_id)

    def test_expel_keeps_parent_with_another_child(self):
        self.env["edu.guardian"].create(
            {
                "student_id": self.student_b1.id,
                "partner_id": self.parent_a1_user.partner_id.id,
                "relation": "mother",
            }
        )
        self._order("expel", [{"student_id": self.student_a1.id}]).action_done()
        self.assertFalse(self.student_a1_user.active)
        self.assertTrue(self.parent_a1_user.active)

    def test_expel_expelled_refused(self):
        self._order("expel", [{"student_id": self.student_a2.id}]).action_done()
        order = self._order("expel", [{"student_id": self.student_a2.id}])
        with self.assertRaisesRegex(UserError, "is expelled"):
            order.action_done()
        self.assertEqual(order.state, "draft")

    def test_reinstate_restores_access(self):
        self._order(
            "expel",
            [{"student_id": self.student_a1.id, "effective_date": self.today - timedelta(days=10)}],
        ).action_done()
        self._order(
            "reinstate", [{"student_id": self.student_a1.id, "to_group_id": self.group_a.id}]
        ).action_done()
        self.assertEqual(self.student_a1.state, "active")
        self.assertEqual(self.student_a1.group_id, self.group_a)
        self.assertTrue(self.student_a1_user.active)
        self.assertTrue(self.parent_a1_user.active)
        self.assertEqual(len(self.student_a1.membership_ids), 2)

    def test_reinstate_active_refused(self):
        order = self._order(
            "reinstate", [{"student_id": self.student_a1.id, "to_group_id": self.group_a.id}]
        )
        with self.assertRaisesRegex(UserError, "is studying"):
            order.action_done()

    def test_academic_leave_and_return(self):
        self._order(
            "academic_leave",
            [{"student_id": self.student_a3.id, "effective_date": self.today - timedelta(days=20)}],
        ).action_done()
        self.assertEqual(self.student_a3.state, "academic_leave")
        self.assertFalse(self.student_a3.group_id)
        with self.assertRaisesRegex(UserError, "on academic leave|academic leave"):
            self._order("academic_leave", [{"student_id": self.student_a3.id}]).action_done()
        self._order(
            "return", [{"student_id": self.student_a3.id, "to_group_id": self.group_b.id}]
        ).action_done()
        self.assertEqual(self.student_a3.state, "active")
        self.assertEqual(self.student_a3.group_id, self.group_b)

    def test_graduate(self):
        self._order("graduate", [{"student_id": self.student_b2.id}]).action_done()
        self.assertEqual(self.student_b2.state, "graduated")
        self.assertFalse(self.student_b2.group_id)

    def test_future_line_applied_by_cron(self):
        effective = self.today + timedelta(days=3)
        order = self._order(
            "transfer",
            [
                {
                    "student_id": self.student_a2.id,
                    "to_group_id": self.group_b.id,
                    "effective_date": effective,
                }
            ],
        )
        order.action_done()
        self.assertEqual(self.student_a2.group_id, self.group_a, "nothing changes before the date")
        self.assertFalse(order.line_ids.applied)
        self.env["edu.contingent.order"]._cron_apply_due_lines()
        self.assertEqual(self.student_a2.group_id, self.group_a)
        # the date comes
        self.env.flush_all()
        self.env.cr.execute(
            "UPDATE edu_contingent_order_line SET effective_date = %s WHERE id = %s",
            [self.today, order.line_ids.id],
        )
        order.line_ids.invalidate_recordset(["effective_date"])
        self.env["edu.contingent.order"]._cron_apply_due_lines()
        self.assertEqual(self.student_a2.group_id, self.group_b)
        memberships = len(self.student_a2.membership_ids)
        self.env["edu.contingent.order"]._cron_apply_due_lines()
        self.assertEqual(
            len(self.student_a2.membership_ids), memberships, "the cron applies a line once"
        )

    def test_pending_order_blocks_another(self):
        self._order(
            "expel",
            [{"student_id": self.student_a2.id, "effective_date": self.today + timedelta(days=5)}],
        ).action_done()
        order = self._order(
            "transfer", [{"student_id": self.student_a2.id, "to_group_id": self.group_b.id}]
        )
        with self.assertRaisesRegex(UserError, "not taken effect"):
            order.action_done()

    def test_done_order_read_only(self):
        order = self._order("expel", [{"student_id": self.student_b2.id}])
        order.action_done()
        with self.assertRaisesRegex(UserError, "read-only"):
            order.date = self.today - timedelta(days=1)
        with self.assertRaisesRegex(UserError, "read-only"):
            order.line_ids.effective_date = self.today - timedelta(days=1)
        with self.assertRaisesRegex(UserError, "read-only"):
            order.line_ids.write({"applied": False})
        with self.assertRaisesRegex(UserError, "read-only"):
            order.write({"line_ids": [Command.create({"student_id": self.student_b1.id})]})
        with self.assertRaisesRegex(UserError, "cannot be deleted"):
            order.unlink()
        with self.assertRaisesRegex(UserError, "already done"):
            order.action_done()
        self.assertEqual(order.state, "done")

    def test_empty_order_refused(self):
        order = self.env["edu.contingent.order"].with_user(self.hr).create({"order_type": "expel"})
        with self.assertRaisesRegex(UserError, "names no student"):
            order.action_done()

    def test_student_in_done_order_not_deletable(self):
        self._order("graduate", [{"student_id": self.student_b2.id}]).action_done()
        with self.assertRaisesRegex(UserError, "archive the card"):
            self.student_b2.unlink()
