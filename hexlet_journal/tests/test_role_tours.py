from datetime import date, timedelta

from odoo.fields import Command
from odoo.tests import tagged

from .role_tour import RoleTourCase


@tagged("post_install", "-at_install", "role_tours")
class TestTeacherDayTour(RoleTourCase):
    def _todays_pair(self, teacher):
        """Today's first pair of the teacher not entered yet; a dated slot of
        today is added when the timetable gives her none (a weekend)."""
        Lesson = self.env["edu.lesson"].with_user(teacher)
        due = [item for item in Lesson.get_today_lessons() if item["state"] == "not_entered"]
        if not due:
            journal = (
                self.env["edu.teaching.assignment"]
                .search([("teacher_id", "=", teacher.id), ("term_id", "=", self.term.id)])
                .filtered(lambda journal: journal._uncovered_topic_lines())[:1]
            )
            self.env["edu.schedule.slot"].create(
                {
                    "assignment_id": journal.id,
                    "slot_type": "dated",
                    "date": self.today,
                    "pair_number": 7,
                }
            )
            due = [item for item in Lesson.get_today_lessons() if item["state"] == "not_entered"]
        return due[0]

    def test_teacher_day(self):
        teacher = self.demo_user("user_teacher")
        pair = self._todays_pair(teacher)
        self.start_role_tour("hexlet_journal_teacher_day_tour", teacher.login, url="/odoo/today")
        lesson = self.env["edu.lesson"].search(
            [
                ("assignment_id", "=", pair["assignment_id"]),
                ("date", "=", self.today),
                ("pair_number", "=", pair["pair_number"]),
            ]
        )
        self.assertEqual(len(lesson), 1, "the tour entered today's pair")
        self.assertEqual(lesson.teacher_id, teacher)
        self.assertTrue(lesson.topic_line_id, "the next КТП topic was proposed")
        entries = lesson.entry_ids.sorted(lambda entry: entry.student_id.name)
        self.assertEqual(entries[:4].mapped("value"), ["н", "5", "н", "4"])
        self.assertFalse(entries[4:].filtered("value"), "nothing typed below the fourth row")
        self.assertEqual(entries[0].absent, True)
        self.assertEqual(entries[1].mark, "5")


@tagged("post_install", "-at_install", "role_tours")
class TestCuratorDayTour(RoleTourCase):
    def _draft_check(self, curator):
        """The latest check of the curator's group, still to check, with a
        violation and a student to report (the demo's random week may have none)."""
        Check = self.env["edu.weekly.check"]
        check = Check.search(
            [("group_id.curator_id", "=", curator.id)], order="week_start desc", limit=1
        )
        if check.state != "draft":
            self.skipTest("the demo has no check of last week yet")
        if not check.issue_ids:
            journal = self.env["edu.teaching.assignment"].search(
                [("group_id", "=", check.group_id.id), ("term_id", "=", self.term.id)], limit=1
            )
            check.issue_ids = [
                Command.create(
                    {
                        "kind": "missing",
                        "assignment_id": journal.id,
                        "teacher_id": journal.teacher_id.id,
                        "date": check.week_start,
                        "pair_number": 1,
                    }
                )
            ]
        if not check.student_line_ids:
            check.student_line_ids = [
                Command.create(
                    {"student_id": check.group_id.student_ids[:1].id, "unexcused_absences": 2}
                )
            ]
        # the curator informs by hand here (the families' digest, when installed, may
        # have informed some already)
        check.student_line_ids.write({"parents_informed": False, "informed_on": False})
        return check

    def test_curator_day(self):
        curator = self.demo_user("user_curator")
        check = self._draft_check(curator)
        line = check.student_line_ids.sorted(lambda line: line.student_id.name)[:1]
        self.assertFalse(line.parents_informed)
        self.start_role_tour("hexlet_journal_curator_day_tour", curator.login)
        self.env.invalidate_all()
        self.assertEqual(check.state, "confirmed")
        self.assertTrue(line.parents_informed)
        self.assertEqual(line.informed_on, self.today)
        self.assertEqual(len(check.memo_ids), 1)
        self.assertEqual(check.memo_ids.state, "sent")
        self.assertEqual(check.memo_ids.author_id, curator)


@tagged("post_install", "-at_install", "role_tours")
class TestDeputyDayTour(RoleTourCase):
    def test_deputy_day(self):
        deputy = self.demo_user("user_deputy_director")
        lock_date = max(self.term.date_start, self.today - timedelta(days=7))
        if lock_date >= self.today:
            self.skipTest("the current term began today: no past date to close")
        Inspection = self.env["edu.inspection"]
        date_from, date_to = Inspection._default_period()
        if not self.env["edu.teaching.assignment"].search_count(
            [("term_id.date_start", "<=", date_to), ("term_id.date_end", ">=", date_from)]
        ):
            self.skipTest("no term in the previous month: nothing to inspect")
        inspections_before = Inspection.search([])
        reason = "Исправление оценок после пересдачи"
        printable = bool(
            self.env["ir.actions.report"].search_count(
                [("binding_model_id.model", "=", "edu.inspection")]
            )
        )
        self.start_role_tour(
            "hexlet_journal_deputy_day_tour",
            deputy.login,
            {
                "term": self.seen_by(self.term, deputy).display_name,
                "lock_date": self.user_date(deputy, lock_date),
                "reason": reason,
                "printable": printable,
            },
        )
        self.env.invalidate_all()
        self.assertEqual(self.term.lock_date, lock_date)
        unlock = self.env["edu.journal.unlock"].search([("reason", "=", reason)])
        self.assertEqual(len(unlock), 1)
        self.assertEqual(unlock.unlocked_by_id, deputy)
        self.assertEqual(unlock.assignment_id.term_id, self.term)
        self.assertTrue(unlock.is_active)
        inspection = Inspection.search([]) - inspections_before
        self.assertEqual(len(inspection), 1)
        self.assertEqual(inspection.inspector_id, deputy)
        self.assertEqual((inspection.date_from, inspection.date_to), (date_from, date_to))
        self.assertEqual(inspection.state, "done")
        self.assertTrue(inspection.line_ids)


@tagged("post_install", "-at_install", "role_tours")
class TestHrDayTour(RoleTourCase):
    def test_hr_day(self):
        hr = self.demo_user("user_hr")
        home = self.env.ref("hexlet_journal.demo_group_2")
        other = self.env.ref("hexlet_journal.demo_group_1")
        yesterday = self.today - timedelta(days=1)
        student = home.student_ids.filtered(
            lambda student: (
                student.state == "active"
                and not student.user_id
                and student.membership_ids.filtered(lambda m: not m.date_to).date_from < yesterday
            )
        ).sorted("name")[:1]
        self.assertTrue(student, "the second course has a student enrolled before yesterday")
        before = student.membership_ids
        self.start_role_tour(
            "hexlet_journal_hr_day_tour",
            hr.login,
            url="/odoo/contingent-orders",  # not her home, the students: the menu opens them
            data={
                "student": student.name,
                "from_group": home.name,
                "to_group": other.name,
                "yesterday": self.user_date(hr, yesterday),
                "transfer": dict(
                    self.seen_by(self.env["edu.contingent.order"], hr)
                    ._fields["order_type"]
                    ._description_selection(self.seen_by(self.env["edu.contingent.order"], hr).env)
                )["transfer"],
            },
        )
        self.env.invalidate_all()
        orders = self.env["edu.contingent.order"].search(
            [("line_ids.student_id", "=", student.id), ("order_type", "=", "transfer")],
            order="date, id",
        )
        orders = orders.filtered(lambda order: order.create_uid == hr)
        self.assertEqual(len(orders), 2)
        self.assertEqual(orders.mapped("state"), ["done", "done"])
        self.assertEqual(orders.mapped("date"), [yesterday, self.today])
        self.assertNotIn(orders[0].name, ("New", "Новый"), "numbered when confirmed")
        self.assertEqual(orders.line_ids.mapped("applied"), [True, True])
        closed = before.filtered(lambda m: m.date_to == yesterday - timedelta(days=1))
        self.assertEqual(closed.group_id, home, "the old membership closed the day before")
        new = student.membership_ids - before
        self.assertEqual(len(new), 2)
        away = new.filtered(lambda m: m.group_id == other)
        back = new.filtered(lambda m: m.group_id == home)
        self.assertEqual((away.date_from, away.date_to), (yesterday, yesterday))
        self.assertEqual((back.date_from, back.date_to), (self.today, False))
        self.assertEqual(student.group_id, home)
        self.assertEqual(student.state, "active")


KTP_CSV = """№;Тема;Часы;Вид;Неделя;Домашнее задание
1;Введение в дисциплину;2;теория;1;Конспект
2;Основные понятия;2;теория;1;
3;Практическое занятие: первые задачи;2;ПЗ;2;Отчёт
"""


@tagged("post_install", "-at_install", "role_tours")
class TestHeadDayTour(RoleTourCase):
    def _next_term(self):
        """The term after the current one; next year's when the current term is
        the year's last (the administrator opens the year before the load is made)."""
        Term = self.env["edu.term"]
        term = Term.search([("date_start", ">", self.term.date_end)], order="date_start", limit=1)
        if term:
            return term
        first = self.term.date_end.year
        year = self.env["edu.academic.year"].create(
            {
                "name": f"{first}/{first + 1}",
                "date_start": date(first, 9, 1),
                "date_end": date(first + 1, 6, 30),
                "term_ids": [
                    Command.create(
                        {
                            "number": "1",
                            "date_start": date(first, 9, 1),
                            "date_end": date(first, 12, 31),
                        }
                    ),
                    Command.create(
                        {
                            "number": "2",
                            "date_start": date(first + 1, 1, 1),
                            "date_end": date(first + 1, 6, 30),
                        }
                    ),
                ],
            }
        )
        return year.term_ids.filtered(lambda term: term.number == "1")

    def _group_to_load(self, head, term):
        """A demo group whose load of ``term`` the wizard fills completely."""
        Wizard = self.env["edu.assignment.generate"].with_user(head)
        for index in range(1, 5):
            group = self.env.ref(f"hexlet_journal.demo_group_{index}")
            lines = Wizard.new({"group_id": group.id, "term_id": term.id}).line_ids
            if lines and all(line.teacher_id for line in lines):
                return group, lines
        self.skipTest("no demo group has a load to create for the next term")

    def test_head_day(self):
        head = self.demo_user("user_academic_head")
        term = self._next_term()
        group, lines = self._group_to_load(head, term)
        whole = lines.filtered(lambda line: not line.subgroup_id).curriculum_line_id.discipline_id
        self.assertGreaterEqual(len(whole), 2)
        ktp_discipline, other = whole.sorted("code")[:2]
        schedule = [
            ["Группа", "Дисциплина", "Подгруппа", "День", "Пара", "Неделя", "Ауд."],
            [group.name, ktp_discipline.code, "", "Пн", "1", "все", "101"],
            [group.name, other.code, "", "Вт", "2", "нечёт", "102"],
        ]
        self.start_role_tour(
            "hexlet_journal_head_day_tour",
            head.login,
            {
                "group": group.name,
                "year": term.year_id.name,
                "term": self.seen_by(term, head).display_name,
                "journals": len(lines),
                "discipline": ktp_discipline.code,
                "ktp_csv": KTP_CSV,
                "topics": 3,
                "first_topic": "Введение в дисциплину",
                "schedule_csv": "\n".join(";".join(row) for row in schedule) + "\n",
                "slots": 2,
            },
        )
        journals = self.env["edu.teaching.assignment"].search(
            [("group_id", "=", group.id), ("term_id", "=", term.id)]
        )
        self.assertEqual(len(journals), len(lines))
        self.assertTrue(all(journal.teacher_id for journal in journals))
        journal = journals.filtered(lambda journal: journal.discipline_id == ktp_discipline)
        plan = journal.topic_plan_id
        self.assertTrue(plan, "the КТП was created from the journal")
        self.assertEqual(plan.state, "draft")
        self.assertEqual(
            plan.line_ids.sorted("sequence").mapped(lambda line: (line.topic, line.kind)),
            [
                ("Введение в дисциплину", "theory"),
                ("Основные понятия", "theory"),
                ("Практическое занятие: первые задачи", "practical"),
            ],
        )
        self.assertEqual(sum(plan.line_ids.mapped("hours")), 6)
        slots = journals.slot_ids
        self.assertEqual(
            sorted(
                slots.mapped(
                    lambda slot: (
                        slot.assignment_id.discipline_id.code,
                        slot.weekday,
                        slot.pair_number,
                        slot.week_parity,
                        slot.room,
                    )
                )
            ),
            sorted(
                [(ktp_discipline.code, "0", 1, "every", "101"), (other.code, "1", 2, "odd", "102")]
            ),
        )
