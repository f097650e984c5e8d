"""A small college, built once per test class.

Two groups of the same program, each with its curator, teacher, students and
families; dates are relative to today in college time so the rules about
"today" hold whenever the suite runs.
"""

from contextlib import contextmanager
from datetime import datetime, time, timedelta

from dateutil.relativedelta import relativedelta
from freezegun import freeze_time

from odoo.fields import Command
from odoo.tests import TransactionCase, new_test_user

from odoo.addons.hexlet_journal.tools import college_today


class JournalCase(TransactionCase):
    @contextmanager
    def assertRaisesRegex(self, exception, expected_regex, msg=None):
        """Like unittest's, inside a savepoint: the refused change is rolled
        back, so the test can check that nothing was written."""
        with self.assertRaises(exception, msg=msg) as context:
            yield context
        self.assertRegex(str(context.exception), expected_regex)

    @classmethod
    def _college_year_and_term(cls):
        """The academic year and term containing today: the demo's when it is
        installed, else one made for the tests between the existing years."""
        Year = cls.env["edu.academic.year"]
        today = cls.today
        year = Year.search([("date_start", "<=", today), ("date_end", ">=", today)], limit=1)
        if not year:
            before = Year.search([("date_end", "<", today)], order="date_end desc", limit=1)
            after = Year.search([("date_start", ">", today)], order="date_start", limit=1)
            start = today - timedelta(days=100)
            end = today + timedelta(days=200)
            if before:
                start = max(start, before.date_end + timedelta(days=1))
            if after:
                end = min(end, after.date_start - timedelta(days=1))
            year = Year.create({"name": "Test year", "date_start": start, "date_end": end})
        term = year.term_ids.filtered(lambda term: term.date_start <= today <= term.date_end)
        if not term:
            used = year.term_ids.sorted("date_start")
            start = max(
                [year.date_start]
                + [t.date_end + timedelta(days=1) for t in used if t.date_end < today]
            )
            end = min(
                [year.date_end]
                + [t.date_start - timedelta(days=1) for t in used if t.date_start > today]
            )
            number = "2" if "1" in used.mapped("number") else "1"
            term = cls.env["edu.term"].create(
                {"year_id": year.id, "number": number, "date_start": start, "date_end": end}
            )
        return year, term

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.today = college_today(cls.env)
        env = cls.env
        cls.year, cls.term = cls._college_year_and_term()
        if (cls.today - cls.term.date_start).days < 28:
            # early in a term there is no past week yet: the tests live four weeks in,
            # whatever the calendar says (no test skips itself because of the date)
            moment = datetime.combine(cls.term.date_start + timedelta(days=30), time(9, 0))
            cls.startClassPatcher(freeze_time(moment))
            cls.today = college_today(cls.env)
        cls.enrolled_on = cls.today - timedelta(days=60)

        def user(login, groups, name=None):
            return new_test_user(
                env, login=login, groups=groups, name=name or login, email=f"{login}@example.com"
            )

        cls.teacher_a = user("t_teacher_a", "hexlet_journal.group_teacher", "Смирнова Ольга")
        cls.teacher_b = user("t_teacher_b", "hexlet_journal.group_teacher", "Егоров Павел")
        cls.curator_a = user("t_curator_a", "hexlet_journal.group_curator", "Кузнецов Андрей")
        cls.curator_b = user("t_curator_b", "hexlet_journal.group_curator", "Волкова Татьяна")
        cls.hr = user("t_hr", "hexlet_journal.group_hr")
        cls.head = user("t_head", "hexlet_journal.group_academic_head")
        cls.deputy = user("t_deputy", "hexlet_journal.group_deputy_director")
        cls.director = user("t_director", "hexlet_journal.group_director")
        cls.jadmin = user("t_jadmin", "hexlet_journal.group_admin")

        cls.program = env["edu.program"].create(
            {"code": "09.02.99", "name": "Тестовая специальность", "qualification": "Программист"}
        )
        admission = cls.year.date_start.year
        cls.group_a = env["edu.group"].create(
            {
                "name": "Т-ИСП-1",
                "program_id": cls.program.id,
                "admission_year": admission,
                "curator_id": cls.curator_a.id,
            }
        )
        cls.group_b = env["edu.group"].create(
            {
                "name": "Т-ИСП-2",
                "program_id": cls.program.id,
                "admission_year": admission,
                "curator_id": cls.curator_b.id,
            }
        )
        minor_birthdate = cls.today - relativedelta(years=16)
        adult_birthdate = cls.today - relativedelta(years=19)
        Student = env["edu.student"]
        cls.student_a1 = Student.create(
            {
                "last_name": "Алексеев",
                "first_name": "Иван",
                "patronymic": "Петрович",
                "birthdate": minor_birthdate,
                "record_book_number": "T-001",
            }
        )
        cls.student_a2 = Student.create(
            {
                "last_name": "Борисова",
                "first_name": "Анна",
                "birthdate": adult_birthdate,
                "record_book_number": "T-002",
            }
        )
        cls.student_a3 = Student.create(
            {
                "last_name": "Васильев",
                "first_name": "Пётр",
                "birthdate": minor_birthdate,
                "record_book_number": "T-003",
            }
        )
        cls.student_b1 = Student.create(
            {
                "last_name": "Григорьев",
                "first_name": "Олег",
                "birthdate": minor_birthdate,
                "record_book_number": "T-101",
            }
        )
        cls.student_b2 = Student.create(
            {
                "last_name": "Дмитриева",
                "first_name": "Ольга",
                "birthdate": adult_birthdate,
                "record_book_number": "T-102",
            }
        )
        Membership = env["edu.group.membership"]
        for student, group in (
            (cls.student_a1, cls.group_a),
            (cls.student_a2, cls.group_a),
            (cls.student_a3, cls.group_a),
            (cls.student_b1, cls.group_b),
            (cls.student_b2, cls.group_b),
        ):
            Membership.create(
                {"student_id": student.id, "group_id": group.id, "date_from": cls.enrolled_on}
            )
        cls.subgroup_a1 = env["edu.subgroup"].create(
            {
                "name": "1 подгруппа",
                "group_id": cls.group_a.id,
                "student_ids": [Command.set((cls.student_a1 | cls.student_a2).ids)],
            }
        )
        cls.subgroup_a2 = env["edu.subgroup"].create(
            {
                "name": "2 подгруппа",
                "group_id": cls.group_a.id,
                "student_ids": [Command.set(cls.student_a3.ids)],
            }
        )

        # Families: portal users of a student and a parent in each group.
        cls.student_a1_user = user("t_student_a1", "hexlet_journal.group_student")
        cls.student_a1.user_id = cls.student_a1_user
        cls.student_b1_user = user("t_student_b1", "hexlet_journal.group_student")
        cls.student_b1.user_id = cls.student_b1_user
        cls.parent_a1_user = user("t_parent_a1", "hexlet_journal.group_parent", "Алексеева Мария")
        cls.parent_b1_user = user("t_parent_b1", "hexlet_journal.group_parent", "Григорьева Нина")
        cls.parent_a2_user = user("t_parent_a2", "hexlet_journal.group_parent", "Борисов Сергей")
        Guardian = env["edu.guardian"]
        cls.guardian_a1 = Guardian.create(
            {
                "student_id": cls.student_a1.id,
                "partner_id": cls.parent_a1_user.partner_id.id,
                "relation": "mother",
                "pd_consent": True,
                "pd_consent_date": cls.enrolled_on,
                "portal_access": True,
            }
        )
        cls.guardian_b1 = Guardian.create(
            {
                "student_id": cls.student_b1.id,
                "partner_id": cls.parent_b1_user.partner_id.id,
                "relation": "mother",
                "pd_consent": True,
                "pd_consent_date": cls.enrolled_on,
                "portal_access": True,
            }
        )
        cls.guardian_a2 = Guardian.create(
            {
                "student_id": cls.student_a2.id,
                "partner_id": cls.parent_a2_user.partner_id.id,
                "relation": "father",
                "pd_consent": True,
                "pd_consent_date": cls.enrolled_on,
                "portal_access": True,
            }
        )

        # Curriculum and load.
        Discipline = env["edu.discipline"]
        cls.discipline = Discipline.create(
            {"code": "Т.ОП.04", "name": "Основы алгоритмизации и программирования"}
        )
        cls.discipline_db = Discipline.create(
            {"code": "Т.ОП.08", "name": "Основы проектирования баз данных"}
        )
        cls.discipline_en = Discipline.create({"code": "Т.ОГСЭ.03", "name": "Иностранный язык"})
        term_number = cls.term._semester_index(admission)
        cls.curriculum = env["edu.curriculum"].create(
            {
                "program_id": cls.program.id,
                "admission_year": admission,
                "line_ids": [
                    Command.create(
                        {
                            "term_number": term_number,
                            "discipline_id": cls.discipline.id,
                            "hours_total": 72,
                            "hours_theory": 40,
                            "hours_practice": 32,
                            "attestation_form": "exam",
                        }
                    ),
                    Command.create(
                        {
                            "term_number": term_number,
                            "discipline_id": cls.discipline_db.id,
                            "hours_total": 48,
                            "attestation_form": "diff_credit",
                        }
                    ),
                    Command.create(
                        {
                            "term_number": term_number,
                            "discipline_id": cls.discipline_en.id,
                            "hours_total": 32,
                            "attestation_form": "credit",
                        }
                    ),
                ],
            }
        )
        Assignment = env["edu.teaching.assignment"]
        cls.assignment_a = Assignment.create(
            {
                "term_id": cls.term.id,
                "group_id": cls.group_a.id,
                "discipline_id": cls.discipline.id,
                "teacher_id": cls.teacher_a.id,
                "curriculum_line_id": cls.curriculum.line_ids.filtered(
                    lambda line: line.discipline_id == cls.discipline
                ).id,
            }
        )
        cls.assignment_b = Assignment.create(
            {
                "term_id": cls.term.id,
                "group_id": cls.group_b.id,
                "discipline_id": cls.discipline.id,
                "teacher_id": cls.teacher_b.id,
                "planned_hours": 72,
            }
        )
        cls.plan_a = env["edu.topic.plan"].create(
            {
                "name": "КТП ОП.04 Т-ИСП-1",
                "discipline_id": cls.discipline.id,
                "term_id": cls.term.id,
                "line_ids": [
                    Command.create(
                        {"sequence": 1, "topic": "Понятие алгоритма", "kind": "theory", "hours": 2}
                    ),
                    Command.create(
                        {"sequence": 2, "topic": "Блок-схемы", "kind": "practical", "hours": 2}
                    ),
                    Command.create(
                        {
                            "sequence": 3,
                            "topic": "Переменные и типы данных",
                            "kind": "theory",
                            "hours": 2,
                        }
                    ),
                    Command.create(
                        {
                            "sequence": 4,
                            "topic": "Условный оператор",
                            "kind": "practical",
                            "hours": 2,
                        }
                    ),
                ],
            }
        )
        cls.assignment_a.topic_plan_id = cls.plan_a

    def split_journals(self):
        """English for group A split in two journals: subgroup 1 (teacher A),
        subgroup 2 (teacher B)."""
        Assignment = self.env["edu.teaching.assignment"]
        return tuple(
            Assignment.create(
                {
                    "term_id": self.term.id,
                    "group_id": self.group_a.id,
                    "subgroup_id": subgroup.id,
                    "discipline_id": self.discipline_en.id,
                    "teacher_id": teacher.id,
                }
            )
            for subgroup, teacher in (
                (self.subgroup_a1, self.teacher_a),
                (self.subgroup_a2, self.teacher_b),
            )
        )


class LessonCase(JournalCase):
    """The small college with a journal ready for lessons."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.first_day = max(cls.term.date_start, cls.enrolled_on)
        cls.lines = cls.plan_a.line_ids.sorted("sequence")
        # lessons take their topics from an approved КТП only
        cls.plan_a.with_user(cls.head).action_approve()

    def lesson(self, date=None, line=None, user=None, **vals):
        return (
            self.env["edu.lesson"]
            .with_user(user or self.teacher_a)
            .create(
                {
                    "assignment_id": self.assignment_a.id,
                    "date": date or self.today,
                    # each КТП topic is given once per journal: the next one by default
                    "topic_line_id": (
                        line or self.assignment_a.sudo()._uncovered_topic_lines()[:1]
                    ).id,
                    **vals,
                }
            )
        )

    def cells(self, lesson):
        lesson.invalidate_recordset()
        return {entry.student_id: entry.value for entry in lesson.entry_ids if entry.value}


class WeekCase(LessonCase):
    """A small week worked out by hand: journal A scheduled on Monday and Wednesday,
    Monday's lesson entered two days late (a1 5, a2 absent), Wednesday's never."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.monday = cls.today - timedelta(days=cls.today.weekday() + 7)
        cls.sunday = cls.monday + timedelta(days=6)

    def setUp(self):
        super().setUp()
        for weekday in ("0", "2"):
            self.env["edu.schedule.slot"].create(
                {"assignment_id": self.assignment_a.id, "weekday": weekday, "pair_number": 1}
            )
        self.monday_lesson = self.lesson(date=self.monday, line=self.lines[0])
        self.monday_lesson.sudo().write(
            {"entered_at": f"{self.monday + timedelta(days=2)} 10:00:00"}
        )
        self.monday_lesson.set_cells(
            [
                {"student_id": self.student_a1.id, "value": "5"},
                {"student_id": self.student_a2.id, "value": "н"},
            ]
        )
