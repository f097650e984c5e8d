from datetime import timedelta

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged

from .common import LessonCase


@tagged("post_install", "-at_install")
class TestLesson(LessonCase):
    def test_lesson_from_ktp_line(self):
        lesson = self.lesson(line=self.lines[1])
        self.assertEqual(lesson.topic, "Блок-схемы")
        self.assertEqual(lesson.kind, "practical")
        self.assertEqual(lesson.mark_scale, "five")
        self.assertEqual(lesson.planned_teacher_id, self.teacher_a)
        self.assertEqual(lesson.teacher_id, self.teacher_a)
        self.assertFalse(lesson.is_substitution)
        self.assertEqual(lesson.entered_by_id, self.teacher_a)
        self.assertFalse(lesson.is_late)
        self.assertEqual(lesson.state, "done")
        self.assertEqual(lesson.practical_label, "ПЗ №1")

    def test_no_lesson_in_advance(self):
        with self.assertRaisesRegex(ValidationError, "cannot be entered in advance"):
            self.lesson(date=self.today + timedelta(days=1))
        self.assertFalse(self.assignment_a.lesson_ids)

    def test_topic_required(self):
        with self.assertRaisesRegex(ValidationError, "cannot be empty"):
            self.lesson(topic="   ")
        with self.assertRaises(ValidationError):
            self.env["edu.lesson"].with_user(self.teacher_a).create(
                {"assignment_id": self.assignment_a.id, "date": self.today, "topic": "Без КТП"}
            )
        self.assertFalse(self.assignment_a.lesson_ids)

    def test_topic_wording_editable(self):
        lesson = self.lesson(topic="Понятие алгоритма. Свойства алгоритмов")
        self.assertEqual(lesson.topic, "Понятие алгоритма. Свойства алгоритмов")
        self.assertEqual(lesson.topic_line_id, self.lines[0])

    def test_topic_from_another_plan_refused(self):
        other = self.env["edu.topic.plan"].create(
            {
                "name": "Чужой КТП",
                "discipline_id": self.discipline.id,
                "line_ids": [(0, 0, {"topic": "Чужая", "hours": 2})],
            }
        )
        other.with_user(self.head).action_approve()
        with self.assertRaisesRegex(ValidationError, "not in the КТП of this journal"):
            self.lesson(line=other.line_ids)

    def test_outside_term_refused(self):
        with self.assertRaisesRegex(ValidationError, "outside the journal's term"):
            self.lesson(date=self.term.date_start - timedelta(days=1))

    def test_practical_numbers_in_journal_order(self):
        day = self.first_day
        second = self.lesson(date=day + timedelta(days=2), line=self.lines[3])
        first = self.lesson(date=day + timedelta(days=1), line=self.lines[1])
        self.lesson(date=day, line=self.lines[0])
        self.assertEqual((first.practical_number, second.practical_number), (1, 2))
        self.assertEqual(second.practical_label, "ПЗ №2")

    def test_late_entry_flagged(self):
        day = self.today - timedelta(days=3)
        lesson = self.lesson(date=max(day, self.first_day))
        expected = (self.today - lesson.date).days
        self.assertEqual(lesson.delay_days, expected)
        self.assertEqual(lesson.is_late, expected > 0)
        late = self.env["edu.lesson"].search(
            [("assignment_id", "=", self.assignment_a.id), ("is_late", "=", True)]
        )
        self.assertEqual(bool(late), expected > 0)

    def test_late_in_college_time_across_utc_midnight(self):
        """Entered at 23:30 UTC on the lesson day is the next day in Moscow."""
        lesson = self.lesson(date=self.first_day)
        moment = lesson.date.strftime("%Y-%m-%d") + " 20:30:00"  # 23:30 in Moscow, same day
        lesson.sudo().write({"entered_at": moment})
        self.assertEqual(lesson.delay_days, 0)
        moment = lesson.date.strftime("%Y-%m-%d") + " 21:30:00"  # 00:30 next day in Moscow
        lesson.sudo().write({"entered_at": moment})
        self.assertEqual(lesson.delay_days, 1)
        self.assertTrue(lesson.is_late)

    def test_teacher_and_journal_fixed_after_entry(self):
        lesson = self.lesson()
        with self.assertRaisesRegex(UserError, "fixed when the record is created"):
            lesson.with_user(self.teacher_a).teacher_id = self.teacher_b

    def test_foreign_teacher_cannot_enter(self):
        with self.assertRaisesRegex(UserError, "Only the journal's teacher"):
            self.lesson(user=self.teacher_b)
        self.assertFalse(self.assignment_a.lesson_ids)

    def test_substitute_on_the_day(self):
        self.env["edu.substitution"].with_user(self.head).create(
            {
                "assignment_id": self.assignment_a.id,
                "date": self.today,
                "substitute_id": self.teacher_b.id,
            }
        )
        lesson = self.lesson(user=self.teacher_b, line=self.lines[1])
        self.assertTrue(lesson.is_substitution)
        self.assertEqual(lesson.teacher_id, self.teacher_b)
        self.assertEqual(lesson.planned_teacher_id, self.teacher_a)
        lesson.with_user(self.teacher_b).set_cells(
            [{"student_id": self.student_a1.id, "value": "5"}]
        )
        self.assertEqual(self.cells(lesson), {self.student_a1: "5"})

    def test_substitute_not_on_another_day(self):
        day = self.today - timedelta(days=1)
        self.env["edu.substitution"].with_user(self.head).create(
            {"assignment_id": self.assignment_a.id, "date": day, "substitute_id": self.teacher_b.id}
        )
        with self.assertRaisesRegex(UserError, "on the day of the substitution only"):
            self.lesson(user=self.teacher_b, date=day)

    def test_subgroup_journal_lists_its_students_only(self):
        english = self.env["edu.teaching.assignment"].create(
            {
                "term_id": self.term.id,
                "group_id": self.group_a.id,
                "subgroup_id": self.subgroup_a2.id,
                "discipline_id": self.discipline_en.id,
                "teacher_id": self.teacher_b.id,
                "topic_plan_id": self.plan_a.id,
            }
        )
        lesson = (
            self.env["edu.lesson"]
            .with_user(self.teacher_b)
            .create(
                {"assignment_id": english.id, "date": self.today, "topic_line_id": self.lines[0].id}
            )
        )
        self.assertEqual(lesson.subgroup_id, self.subgroup_a2)
        with self.assertRaisesRegex(ValidationError, "was not in"):
            lesson.with_user(self.teacher_b).set_cells(
                [{"student_id": self.student_a1.id, "value": "н"}]
            )
        lesson.with_user(self.teacher_b).set_cells(
            [{"student_id": self.student_a3.id, "value": "н"}]
        )
        grid = english.with_user(self.teacher_b).journal_grid()
        self.assertEqual([row["id"] for row in grid["students"]], self.student_a3.ids)
        # the other subgroup's teacher cannot write this journal
        with self.assertRaises(AccessError):
            lesson.with_user(self.teacher_a).set_cells(
                [{"student_id": self.student_a3.id, "value": "5"}]
            )

    def test_lock_date_and_unlock(self):
        lesson = self.lesson(date=self.first_day)
        lesson.set_cells([{"student_id": self.student_a1.id, "value": "4"}])
        self.term.with_user(self.deputy).lock_date = self.first_day
        self.assertTrue(lesson.is_locked)
        with self.assertRaisesRegex(UserError, "closed up to"):
            lesson.with_user(self.teacher_a).set_cells(
                [{"student_id": self.student_a1.id, "value": "5"}]
            )
        with self.assertRaisesRegex(UserError, "closed up to"):
            lesson.with_user(self.teacher_a).homework = "§2"
        with self.assertRaisesRegex(UserError, "closed up to"):
            lesson.with_user(self.teacher_a).unlink()
        with self.assertRaisesRegex(UserError, "closed up to"):
            self.lesson(date=self.first_day, pair_number=2)
        self.assertEqual(self.cells(lesson), {self.student_a1: "4"})
        # the deputy director unlocks for a stated reason; the unlock is logged
        with self.assertRaisesRegex(ValidationError, "State the reason"):
            self.env["edu.journal.unlock"].with_user(self.deputy).create(
                {"assignment_id": self.assignment_a.id, "reason": " "}
            )
        unlock = (
            self.env["edu.journal.unlock"]
            .with_user(self.deputy)
            .create(
                {
                    "assignment_id": self.assignment_a.id,
                    "reason": "Исправление ошибки по служебной записке",
                }
            )
        )
        self.assertEqual(unlock.unlocked_by_id, self.deputy)
        self.assertIn("Исправление ошибки", self.assignment_a.message_ids[0].body)
        lesson.with_user(self.teacher_a).set_cells(
            [{"student_id": self.student_a1.id, "value": "5"}]
        )
        self.assertEqual(self.cells(lesson), {self.student_a1: "5"})
        # the unlock expires
        self.env.cr.execute(
            "UPDATE edu_journal_unlock SET valid_until = now() - interval '1 minute' WHERE id = %s",
            [unlock.id],
        )
        unlock.invalidate_recordset()
        with self.assertRaisesRegex(UserError, "closed up to"):
            lesson.with_user(self.teacher_a).set_cells(
                [{"student_id": self.student_a1.id, "value": "3"}]
            )
        with self.assertRaisesRegex(ValidationError, "cannot be changed"):
            unlock.with_user(self.deputy).write({"reason": "другая"})

    def test_archived_year_is_read_only(self):
        lesson = self.lesson()
        self.year.sudo().write({"state": "archived"})
        self.assertTrue(lesson.is_locked)
        with self.assertRaisesRegex(UserError, "is archived: its journals are read-only"):
            lesson.with_user(self.teacher_a).set_cells(
                [{"student_id": self.student_a1.id, "value": "5"}]
            )
        self.assertFalse(self.cells(lesson))

    def test_archived_year_freezes_load_and_schedule(self):
        slot = self.env["edu.schedule.slot"].create(
            {"assignment_id": self.assignment_a.id, "weekday": "4", "pair_number": 4}
        )
        self.year.sudo().write({"state": "archived"})
        with self.assertRaisesRegex(UserError, "archived and read-only"):
            self.assignment_a.with_user(self.head).planned_hours = 10
        with self.assertRaisesRegex(UserError, "archived and read-only"):
            slot.with_user(self.head).room = "999"
        with self.assertRaisesRegex(UserError, "archived and read-only"):
            self.env["edu.attestation"].with_user(self.head).create(
                {"assignment_id": self.assignment_a.id}
            )
        self.assertEqual(self.assignment_a.planned_hours, 72)

    def test_only_deputy_unlocks(self):
        with self.assertRaises(AccessError):
            self.env["edu.journal.unlock"].with_user(self.teacher_a).create(
                {"assignment_id": self.assignment_a.id, "reason": "Хочу"}
            )
        with self.assertRaises(AccessError):
            self.env["edu.journal.unlock"].with_user(self.head).create(
                {"assignment_id": self.assignment_a.id, "reason": "Хочу"}
            )

    def test_progress_and_next_topic(self):
        self.assertEqual(self.assignment_a.next_topic_line_id, self.lines[0])
        self.lesson(line=self.lines[0])
        self.assignment_a.invalidate_recordset()
        self.assertEqual(self.assignment_a.given_hours, 2)
        self.assertEqual(self.assignment_a.next_topic_line_id, self.lines[1])
        self.assertAlmostEqual(self.assignment_a.progress, 100 * 2 / 72, places=2)
        names = (
            self.env["edu.topic.plan.line"]
            .with_context(uncovered_first_for=self.assignment_a.id)
            .name_search("", [("plan_id", "=", self.plan_a.id)])
        )
        self.assertEqual(names[0][0], self.lines[1].id)
        self.assertEqual(names[-1][0], self.lines[0].id)

    def test_class_list_prefilled(self):
        lesson = (
            self.env["edu.lesson"]
            .with_user(self.teacher_a)
            .new({"assignment_id": self.assignment_a.id, "date": self.today})
        )
        lesson._onchange_class_list()
        self.assertEqual(
            lesson.entry_ids.student_id, self.student_a1 | self.student_a2 | self.student_a3
        )

    def test_excuse(self):
        lesson = self.lesson(date=self.first_day)
        lesson.set_cells(
            [
                {"student_id": self.student_a1.id, "value": "н"},
                {"student_id": self.student_a2.id, "value": "н"},
            ]
        )
        self.env["edu.absence.excuse"].with_user(self.curator_a).create(
            {
                "student_id": self.student_a1.id,
                "date_from": self.first_day,
                "date_to": self.first_day,
                "kind": "medical",
            }
        )
        grid = self.assignment_a.journal_grid(self.first_day, self.today)
        self.assertEqual(
            grid["cells"][f"{lesson.id}:{self.student_a1.id}"], "н", "the journal still shows «н»"
        )
        self.assertEqual(grid["stats"][str(self.student_a1.id)]["absences"], 1)
        self.assertEqual(grid["stats"][str(self.student_a1.id)]["unexcused"], 0)
        self.assertEqual(grid["stats"][str(self.student_a2.id)]["unexcused"], 1)
        with self.assertRaisesRegex(ValidationError, "ends before it starts"):
            self.env["edu.absence.excuse"].with_user(self.curator_a).create(
                {
                    "student_id": self.student_a1.id,
                    "date_from": self.today,
                    "date_to": self.today - timedelta(days=1),
                }
            )

    def test_curator_excuses_own_group_only(self):
        with self.assertRaises(AccessError):
            self.env["edu.absence.excuse"].with_user(self.curator_a).create(
                {"student_id": self.student_b1.id, "date_from": self.today, "date_to": self.today}
            )

    def test_today_screen(self):
        weekday = str(self.today.weekday())
        self.env["edu.schedule.slot"].create(
            {
                "assignment_id": self.assignment_a.id,
                "weekday": weekday,
                "pair_number": 2,
                "room": "205",
            }
        )
        items = self.env["edu.lesson"].with_user(self.teacher_a).get_today_lessons(days_back=0)
        self.assertEqual(
            [(item["pair_number"], item["state"]) for item in items], [(2, "not_entered")]
        )
        action = (
            self.env["edu.lesson"]
            .with_user(self.teacher_a)
            .action_enter_lesson(self.assignment_a.id, self.today, 2)
        )
        self.assertEqual(action["context"]["default_topic_line_id"], self.lines[0].id)
        self.lesson(pair_number=2)
        items = self.env["edu.lesson"].with_user(self.teacher_a).get_today_lessons(days_back=0)
        self.assertEqual(items[0]["state"], "entered")
        self.assertFalse(
            self.env["edu.lesson"].with_user(self.teacher_b).get_today_lessons(days_back=0)
        )
