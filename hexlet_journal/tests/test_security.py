"""Every role boundary of DESIGN.md §4 for the academic core, crossed through
the ORM as the acting user; JSON-RPC crossings are in test_jsonrpc."""

from odoo.exceptions import AccessError, UserError
from odoo.fields import Command
from odoo.tests import tagged

from .common import JournalCase, LessonCase


@tagged("post_install", "-at_install")
class TestSecurity(JournalCase):
    def assertCannot(self, user, records, operation, vals=None):
        """The user cannot do the operation on the records, and nothing changes."""
        records = records.with_user(user)
        with self.assertRaises(AccessError, msg=f"{user.login} must not {operation} {records}"):
            if operation == "read":
                records.check_access("read")
                records.read()
            elif operation == "write":
                records.write(vals or {})
            elif operation == "unlink":
                records.unlink()

    # Groups

    def test_family_groups_are_portal_only(self):
        internal = self.env.ref("base.group_user")
        for xmlid in ("hexlet_journal.group_student", "hexlet_journal.group_parent"):
            group = self.env.ref(xmlid)
            self.assertIn(self.env.ref("base.group_portal"), group.all_implied_ids)
            self.assertNotIn(internal, group.all_implied_ids)
        self.assertTrue(self.student_a1_user.share)
        self.assertTrue(self.parent_a1_user.share)

    def test_no_journal_group_implies_settings(self):
        system = self.env.ref("base.group_system")
        groups = self.env["res.groups"].search(
            [
                (
                    "privilege_id.category_id",
                    "=",
                    self.env.ref("hexlet_journal.module_category_journal").id,
                )
            ]
        )
        self.assertEqual(len(groups), 9)
        for group in groups:
            self.assertNotIn(system, group.all_implied_ids, group.name)

    # Teacher

    def test_teacher_sees_own_journals_groups_students(self):
        Assignment = self.env["edu.teaching.assignment"].with_user(self.teacher_a)
        self.assertEqual(Assignment.search([]), self.assignment_a)
        self.assertEqual(self.env["edu.group"].with_user(self.teacher_a).search([]), self.group_a)
        students = self.env["edu.student"].with_user(self.teacher_a).search([])
        self.assertEqual(students, self.student_a1 | self.student_a2 | self.student_a3)
        self.assertCannot(self.teacher_a, self.student_b1, "read")
        self.assertCannot(self.teacher_a, self.assignment_b, "read")
        self.assertCannot(self.teacher_a, self.group_b, "read")

    def test_teacher_sees_name_and_record_book_only(self):
        student = self.student_a1.with_user(self.teacher_a)
        values = student.read(["name", "record_book_number"])[0]
        self.assertEqual(values["record_book_number"], "T-001")
        for field in ("birthdate", "guardian_ids", "phone", "user_id"):
            with self.assertRaises(AccessError, msg=field):
                student.read([field])
        self.assertCannot(self.teacher_a, self.guardian_a1, "read")

    def test_teacher_writes_no_student_or_group(self):
        self.assertCannot(self.teacher_a, self.student_a1, "write", {"last_name": "Взлом"})
        self.assertCannot(self.teacher_a, self.group_a, "write", {"name": "Взлом"})
        self.assertCannot(self.teacher_a, self.assignment_a, "write", {"planned_hours": 1})
        with self.assertRaises(AccessError):
            self.env["edu.teaching.assignment"].with_user(self.teacher_a).create(
                {
                    "term_id": self.term.id,
                    "group_id": self.group_b.id,
                    "discipline_id": self.discipline_db.id,
                    "teacher_id": self.teacher_a.id,
                }
            )
        with self.assertRaises(AccessError):
            self.env["edu.group.membership"].with_user(self.teacher_a).create(
                {
                    "student_id": self.student_b1.id,
                    "group_id": self.group_a.id,
                    "date_from": self.today,
                }
            )
        self.assertEqual(self.student_a1.last_name, "Алексеев")

    def test_teacher_topic_plans(self):
        plan = self.plan_a.with_user(self.teacher_a)
        plan.line_ids[0].topic = "Понятие алгоритма и его свойства"
        own = (
            self.env["edu.topic.plan"]
            .with_user(self.teacher_b)
            .create(
                {
                    "name": "КТП Т-ИСП-2",
                    "discipline_id": self.discipline.id,
                    "line_ids": [Command.create({"topic": "Тема", "hours": 2})],
                }
            )
        )
        self.assertCannot(self.teacher_b, self.plan_a, "write", {"name": "чужой"})
        self.assertCannot(self.teacher_a, own, "read")
        with self.assertRaises(AccessError):
            self.env["edu.topic.plan.line"].with_user(self.teacher_b).create(
                {"plan_id": self.plan_a.id, "topic": "Чужая тема", "hours": 2}
            )

    def test_teacher_cannot_import_into_foreign_plan(self):
        wizard = (
            self.env["edu.topic.plan.import"]
            .with_user(self.teacher_b)
            .create(
                {
                    "plan_id": self.plan_a.id,
                    "file": b"MTtUZW1hOzI7dGhlb3J5Cg==",
                    "filename": "k.csv",
                }
            )
        )
        with self.assertRaises(AccessError):
            wizard.action_import()
        self.assertEqual(len(self.plan_a.line_ids), 4)

    def test_teacher_writes_no_curriculum_or_schedule(self):
        self.assertCannot(self.teacher_a, self.curriculum, "write", {"admission_year": 2000})
        with self.assertRaises(AccessError):
            self.env["edu.schedule.slot"].with_user(self.teacher_a).create(
                {"assignment_id": self.assignment_a.id, "weekday": "1", "pair_number": 2}
            )

    # Curator

    def test_curator_reads_own_group_in_full(self):
        student = self.student_a1.with_user(self.curator_a)
        # the curator reads the card's identity data through the curator_* fields
        self.assertEqual(student.curator_birthdate, self.student_a1.birthdate)
        self.assertEqual(student.guardian_ids, self.guardian_a1)
        guardians = self.env["edu.guardian"].with_user(self.curator_a).search([])
        self.assertEqual(guardians, self.guardian_a1 | self.guardian_a2)
        self.assertEqual(
            self.env["edu.teaching.assignment"].with_user(self.curator_a).search([]),
            self.assignment_a,
        )

    def test_curator_cannot_see_other_group(self):
        self.assertCannot(self.curator_a, self.student_b1, "read")
        self.assertCannot(self.curator_a, self.guardian_b1, "read")
        self.assertCannot(self.curator_a, self.assignment_b, "read")

    def test_curator_changes_own_group_only(self):
        self.group_a.with_user(self.curator_a).write({"name": "Т-ИСП-1а"})
        self.assertEqual(self.group_a.name, "Т-ИСП-1а")
        self.assertCannot(self.curator_a, self.group_b, "write", {"name": "Взлом"})
        self.assertCannot(
            self.curator_a,
            self.subgroup_a1
            | self.env["edu.subgroup"].create({"name": "x", "group_id": self.group_b.id}),
            "write",
            {"name": "Взлом"},
        )
        self.guardian_a1.with_user(self.curator_a).write({"portal_access": False})
        self.assertCannot(self.curator_a, self.guardian_b1, "write", {"portal_access": False})
        self.assertEqual(self.group_b.name, "Т-ИСП-2")
        self.assertTrue(self.guardian_b1.portal_access)

    def test_curator_writes_no_student_or_order(self):
        self.assertCannot(self.curator_a, self.student_a1, "write", {"last_name": "Взлом"})
        with self.assertRaises(AccessError):
            self.env["edu.contingent.order"].with_user(self.curator_a).create(
                {"order_type": "expel"}
            )

    # Student records office

    def test_hr_keeps_students_guardians_orders(self):
        Student = self.env["edu.student"].with_user(self.hr)
        student = Student.create(
            {"last_name": "Фролов", "first_name": "Лев", "record_book_number": "T-700"}
        )
        self.env["edu.guardian"].with_user(self.hr).create(
            {"student_id": student.id, "contact_name": "Фролова Ирина"}
        )
        order = (
            self.env["edu.contingent.order"]
            .with_user(self.hr)
            .create(
                {
                    "order_type": "enroll",
                    "line_ids": [
                        Command.create({"student_id": student.id, "to_group_id": self.group_a.id})
                    ],
                }
            )
        )
        order.action_done()
        self.assertEqual(student.group_id, self.group_a)

    def test_hr_writes_no_curriculum_or_load(self):
        self.assertCannot(self.hr, self.curriculum, "write", {"admission_year": 2000})
        self.assertCannot(self.hr, self.assignment_a, "write", {"planned_hours": 1})
        self.assertCannot(self.hr, self.group_a, "write", {"name": "Взлом"})

    # Academic department

    def test_academic_head_writes_academic_data(self):
        self.curriculum.with_user(self.head).line_ids.filtered(
            lambda line: line.hours_total == 72
        ).hours_total = 80
        self.assignment_a.with_user(self.head).teacher_id = self.teacher_b
        self.env["edu.schedule.slot"].with_user(self.head).create(
            {"assignment_id": self.assignment_a.id, "weekday": "2", "pair_number": 2}
        )
        self.assertEqual(
            self.env["edu.student"]
            .with_user(self.head)
            .search_count([("id", "=", self.student_b1.id)]),
            1,
        )

    def test_academic_head_no_orders_no_guardians(self):
        with self.assertRaises(AccessError):
            self.env["edu.contingent.order"].with_user(self.head).create({"order_type": "expel"})
        self.assertCannot(self.head, self.guardian_a1, "read")
        self.assertCannot(self.head, self.student_a1, "write", {"last_name": "Взлом"})

    # Deputy director, director, administrator

    def test_deputy_locks_terms(self):
        self.term.with_user(self.deputy).lock_date = self.term.date_start
        self.assertEqual(self.term.lock_date, self.term.date_start)
        self.assertCannot(self.deputy, self.curriculum, "write", {"admission_year": 2000})
        self.assertCannot(self.teacher_a, self.term, "write", {"lock_date": False})
        self.assertCannot(self.head, self.term, "write", {"lock_date": False})

    def test_director_reads_everything_writes_nothing(self):
        for records in (
            self.student_b1,
            self.guardian_b1,
            self.group_b,
            self.assignment_b,
            self.plan_a,
            self.curriculum,
            self.term,
        ):
            records.with_user(self.director).check_access("read")
        self.assertEqual(
            self.student_b1.with_user(self.director).birthdate, self.student_b1.birthdate
        )
        self.assertCannot(self.director, self.student_b1, "write", {"last_name": "Взлом"})
        self.assertCannot(self.director, self.group_b, "write", {"name": "Взлом"})
        self.assertCannot(self.director, self.curriculum, "write", {"admission_year": 2000})
        self.assertCannot(self.director, self.term, "write", {"lock_date": False})
        self.assertCannot(self.director, self.guardian_b1, "write", {"portal_access": False})
        self.assertCannot(self.director, self.student_b1, "unlink")
        with self.assertRaises(AccessError):
            self.env["edu.contingent.order"].with_user(self.director).create(
                {"order_type": "expel"}
            )

    def test_admin_configures_years(self):
        self.year.with_user(self.jadmin).action_close()
        self.assertEqual(self.year.state, "closed")
        with self.assertRaises(UserError):  # a fact, and no right to write the year
            self.year.with_user(self.head).write({"state": "open"})
        self.assertEqual(self.year.state, "closed")

    # Students and parents

    def test_student_reads_own_record_only(self):
        Student = self.env["edu.student"].with_user(self.student_a1_user)
        self.assertEqual(Student.search([]), self.student_a1)
        self.assertEqual(
            self.student_a1.with_user(self.student_a1_user).birthdate, self.student_a1.birthdate
        )
        self.assertCannot(self.student_a1_user, self.student_a2, "read")
        self.assertCannot(self.student_a1_user, self.student_b1, "read")
        self.assertCannot(self.student_a1_user, self.guardian_b1, "read")
        self.assertCannot(self.student_a1_user, self.student_a1, "write", {"last_name": "Взлом"})
        self.assertEqual(
            self.env["edu.teaching.assignment"].with_user(self.student_a1_user).search([]),
            self.assignment_a,
        )
        self.assertEqual(
            self.env["edu.group"].with_user(self.student_a1_user).search([]), self.group_a
        )

    def test_parent_reads_own_minor_child_only(self):
        Student = self.env["edu.student"].with_user(self.parent_a1_user)
        self.assertEqual(Student.search([]), self.student_a1)
        self.assertCannot(self.parent_a1_user, self.student_b1, "read")
        self.assertCannot(self.parent_a1_user, self.guardian_b1, "read")
        self.assertCannot(self.parent_a1_user, self.student_a1, "write", {"last_name": "Взлом"})
        self.assertCannot(self.parent_a1_user, self.guardian_a1, "write", {"pd_consent": False})
        self.assertEqual(
            self.env["edu.teaching.assignment"].with_user(self.parent_a1_user).search([]),
            self.assignment_a,
        )

    def test_parent_of_adult_needs_student_consent(self):
        self.assertFalse(self.env["edu.student"].with_user(self.parent_a2_user).search([]))
        self.assertCannot(self.parent_a2_user, self.student_a2, "read")
        self.student_a2.write({"guardian_consent": True, "guardian_consent_date": self.today})
        self.assertEqual(
            self.env["edu.student"].with_user(self.parent_a2_user).search([]), self.student_a2
        )

    def test_parent_without_consent_sees_nothing(self):
        self.guardian_a1.pd_consent = False
        self.assertFalse(self.env["edu.student"].with_user(self.parent_a1_user).search([]))
        self.assertFalse(
            self.env["edu.teaching.assignment"].with_user(self.parent_a1_user).search([])
        )

    def test_family_cannot_see_orders_or_curricula_internals(self):
        for user in (self.student_a1_user, self.parent_a1_user):
            with self.assertRaises(AccessError):
                self.env["edu.contingent.order"].with_user(user).search([])
            with self.assertRaises(AccessError):
                self.env["edu.topic.plan"].with_user(user).search([])

    def test_contingent_order_rules_not_bypassed_by_teacher(self):
        order = (
            self.env["edu.contingent.order"]
            .with_user(self.hr)
            .create(
                {
                    "order_type": "expel",
                    "line_ids": [Command.create({"student_id": self.student_a2.id})],
                }
            )
        )
        with self.assertRaises(AccessError):
            order.with_user(self.teacher_a).action_done()
        with self.assertRaises(AccessError):
            order.with_user(self.curator_a).read(["name"])
        self.assertEqual(order.state, "draft")


@tagged("post_install", "-at_install")
class TestJournalSecurity(LessonCase):
    """Role boundaries of the daily journal (DESIGN.md §4)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.lesson_a = (
            cls.env["edu.lesson"]
            .with_user(cls.teacher_a)
            .create(
                {
                    "assignment_id": cls.assignment_a.id,
                    "date": cls.today,
                    "topic_line_id": cls.plan_a.line_ids.sorted("sequence")[0].id,
                }
            )
        )
        cls.lesson_a.set_cells(
            [
                {"student_id": cls.student_a1.id, "value": "5"},
                {"student_id": cls.student_a2.id, "value": "н"},
            ]
        )
        cls.plan_b = cls.env["edu.topic.plan"].create(
            {
                "name": "КТП Б",
                "discipline_id": cls.discipline.id,
                "line_ids": [Command.create({"topic": "Введение", "hours": 2})],
            }
        )
        cls.assignment_b.topic_plan_id = cls.plan_b
        cls.plan_b.with_user(cls.head).action_approve()
        cls.lesson_b = (
            cls.env["edu.lesson"]
            .with_user(cls.teacher_b)
            .create(
                {
                    "assignment_id": cls.assignment_b.id,
                    "date": cls.today,
                    "topic_line_id": cls.plan_b.line_ids.id,
                }
            )
        )
        cls.lesson_b.set_cells([{"student_id": cls.student_b1.id, "value": "3"}])

    def test_teacher_sees_own_journal_only(self):
        Lesson = self.env["edu.lesson"].with_user(self.teacher_a)
        self.assertEqual(
            Lesson.search([("id", "in", (self.lesson_a | self.lesson_b).ids)]), self.lesson_a
        )
        with self.assertRaises(AccessError):
            self.lesson_b.with_user(self.teacher_a).read(["topic"])
        with self.assertRaises(AccessError):
            self.lesson_b.entry_ids.with_user(self.teacher_a).read(["mark"])
        with self.assertRaises(AccessError):
            self.lesson_b.with_user(self.teacher_a).write({"homework": "взлом"})

    def test_curator_reads_group_journals_without_writing(self):
        lesson = self.lesson_a.with_user(self.curator_a)
        self.assertEqual(len(lesson.entry_ids.filtered("value")), 2)
        with self.assertRaises(AccessError):
            lesson.write({"homework": "взлом"})
        with self.assertRaises(AccessError):
            lesson.entry_ids[:1].write({"mark": "2"})
        with self.assertRaises(AccessError):
            self.lesson_b.with_user(self.curator_a).read(["topic"])

    def test_managers_read_all_write_none(self):
        for user in (self.head, self.deputy, self.director):
            self.assertEqual(
                self.env["edu.lesson"]
                .with_user(user)
                .search_count([("id", "in", (self.lesson_a | self.lesson_b).ids)]),
                2,
            )
            with self.assertRaises(AccessError):
                self.lesson_b.with_user(user).write({"homework": "взлом"})
            with self.assertRaises(AccessError):
                self.lesson_b.with_user(user).set_cells(
                    [{"student_id": self.student_b1.id, "value": "5"}]
                )

    def test_student_and_parent_read_own_cells(self):
        for user in (self.student_a1_user, self.parent_a1_user):
            entries = self.env["edu.lesson.entry"].with_user(user).search([])
            self.assertEqual(entries.student_id, self.student_a1, user.login)
            self.assertEqual(entries.value, "5")
            self.assertEqual(self.env["edu.lesson"].with_user(user).search([]), self.lesson_a)
            with self.assertRaises(AccessError):
                self.lesson_b.with_user(user).read(["topic"])
            with self.assertRaises(AccessError):
                entries.write({"mark": "5"})
            with self.assertRaises(AccessError):
                self.env["edu.lesson.entry.log"].with_user(user).search([])

    def test_hr_has_no_journal(self):
        with self.assertRaises(AccessError):
            self.env["edu.lesson.entry"].with_user(self.hr).search([])


@tagged("post_install", "-at_install")
class TestFamilyContacts(JournalCase):
    """Phones and e-mails of students and parents are not for every employee."""

    def test_teacher_cannot_read_family_contacts(self):
        self.student_a1.sudo().partner_id.phone = "+7 911 000-00-01"
        Partner = self.env["res.partner"].with_user(self.teacher_a)
        self.assertFalse(Partner.search([("id", "=", self.student_a1.sudo().partner_id.id)]))
        self.assertFalse(Partner.search([("id", "=", self.guardian_a1.partner_id.id)]))
        with self.assertRaises(AccessError):
            self.student_a1.sudo().partner_id.with_user(self.teacher_a).read(["phone"])
        # colleagues stay visible
        self.assertTrue(Partner.search([("id", "=", self.teacher_b.partner_id.id)]))

    def test_curator_and_offices_read_them(self):
        partner = self.student_a1.sudo().partner_id
        for user in (self.curator_a, self.hr, self.director):
            partner.with_user(user).read(["phone"])
        self.guardian_a1.partner_id.with_user(self.curator_a).read(["phone"])
        self.assertEqual(self.student_a1.with_user(self.curator_a).curator_phone, partner.phone)
        # another group's curator does not
        with self.assertRaises(AccessError):
            partner.with_user(self.curator_b).read(["phone"])
        with self.assertRaises(AccessError):
            self.guardian_a1.partner_id.with_user(self.curator_b).read(["phone"])
