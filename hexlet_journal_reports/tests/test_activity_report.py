"""The §6.1 activity report: teachers, curators and the staff's logins, for a
period, with every figure worked out by hand on the small college, read
through the report as the academic department prints it (the wizard's action,
the PDF text, the XLSX cells)."""

import io
from datetime import datetime, time, timedelta

import openpyxl
from freezegun import freeze_time

from odoo.exceptions import AccessError
from odoo.fields import Command
from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tools import SQL, mute_logger

from odoo.addons.hexlet_journal.tools import college_day_bounds

from ..tools import format_day
from .common import DocumentCase


class ActivityCase(DocumentCase):
    """Two weeks before the current one, the report's period (mon2 to sun1):

    teacher A: Mon 2 entered that day, Wed 2 entered on the Sunday (4 days
    late), Mon 1 entered 2 days late (the documents' lesson), Wed 1 never;
    on the Thursday of week 2 a1 got a 4 (a mark) and a2 and a3 an «н»
    (attendance; a3's 5 of the lesson's day becomes «н»).

    curator A: week 2 built on Monday and confirmed on the Tuesday after it
    (on time) with a memo and a2's parents informed; week 1 (the documents'
    check) confirmed on its Thursday (late). Group B's curator has checked
    nothing.

    logins: teacher A twice in the period (one before, one after); curator A
    at 00:30 on the first day and 23:30 on the last (college time) count, the
    minutes on either side do not; teacher B never logged in.
    """

    @classmethod
    def at(cls, day, hour, minute=0):
        """The naive UTC moment of an hour of a day in college time."""
        return college_day_bounds(cls.env, day, day)[0] + timedelta(hours=hour, minutes=minute)

    @classmethod
    def _lesson(cls, day):
        assignment = cls.assignment_a.sudo()
        return (
            cls.env["edu.lesson"]
            .with_user(cls.teacher_a)
            .create(
                {
                    "assignment_id": assignment.id,
                    "date": day,
                    "topic_line_id": assignment._uncovered_topic_lines()[:1].id,
                }
            )
        )

    @classmethod
    def _login(cls, user, moment):
        cls.env.cr.execute(
            SQL(
                "INSERT INTO res_users_log (create_uid, create_date, write_uid, write_date) "
                "VALUES (%s, %s, %s, %s)",
                user.id,
                moment,
                user.id,
                moment,
            )
        )

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        at = cls.at
        cls.mon1, cls.sun1 = cls.monday, cls.sunday
        cls.mon2 = cls.mon1 - timedelta(days=7)
        cls.sun2 = cls.mon2 + timedelta(days=6)
        wed2 = cls.mon2 + timedelta(days=2)
        a1, a2, a3 = cls.student_a1.id, cls.student_a2.id, cls.student_a3.id
        with freeze_time(at(cls.mon2, 12)):
            cls.lesson_mon2 = cls._lesson(cls.mon2)
            cls.lesson_mon2.set_cells([{"student_id": a3, "value": "5"}])
        with freeze_time(at(wed2 + timedelta(days=1), 12)):
            cls.lesson_mon2.set_cells(
                [
                    {"student_id": a1, "value": "4"},
                    {"student_id": a2, "value": "н"},
                    {"student_id": a3, "value": "н"},
                ]
            )
        with freeze_time(at(wed2 + timedelta(days=4), 12)):
            cls._lesson(wed2)
        Check = cls.env["edu.weekly.check"]
        with freeze_time(at(cls.mon1, 8)):
            cls.check2 = Check.create(Check._build(cls.group_a, cls.mon2))
        with freeze_time(at(cls.mon1 + timedelta(days=1), 15)):
            cls.check2.student_line_ids.filtered(
                lambda line: line.student_id == cls.student_a2
            ).with_user(cls.curator_a).write({"parents_informed": True})
            cls.memo2 = (
                cls.env["edu.memo"]
                .with_user(cls.curator_a)
                .create({"weekly_check_id": cls.check2.id})
            )
            cls.check2.with_user(cls.curator_a).action_confirm()
        with freeze_time(at(cls.sun1 + timedelta(days=4), 9)):
            cls.check.with_user(cls.curator_a).action_confirm()
        cls.confirmed_on = [cls.mon1 + timedelta(days=1), cls.sun1 + timedelta(days=4)]

        for moment in (
            at(cls.mon2 - timedelta(days=3), 10),
            at(cls.mon2, 10),
            at(cls.mon1 + timedelta(days=2), 9),
            at(cls.sun1 + timedelta(days=2), 10),
        ):
            cls._login(cls.teacher_a, moment)
        for moment in (
            at(cls.mon2 - timedelta(days=1), 23, 30),
            at(cls.mon2, 0, 30),
            at(cls.sun1, 23, 30),
            at(cls.sun1 + timedelta(days=1), 0, 30),
        ):
            cls._login(cls.curator_a, moment)
        # not staff of the report: archived, without a journal role, a family
        cls.gone = new_test_user(
            cls.env, login="t_gone", groups="hexlet_journal.group_teacher", name="Ушедший Учитель"
        )
        cls.clerk = new_test_user(
            cls.env, login="t_clerk", groups="base.group_user", name="Просто Сотрудник"
        )
        for user in (cls.gone, cls.clerk, cls.student_a1_user):
            cls._login(user, at(cls.mon2, 11))
        cls.gone.active = False
        # a teacher who is also in the academic department
        cls.head_teacher = new_test_user(
            cls.env,
            login="t_head_teacher",
            groups="hexlet_journal.group_teacher,hexlet_journal.group_academic_head",
            name="Завуч Преподающая",
        )

        cls.print_at = at(cls.sun1 + timedelta(days=5), 10)
        with freeze_time(cls.print_at):
            cls.wizard = (
                cls.env["edu.journal.report.wizard"]
                .with_user(cls.head)
                .create({"report": "activity", "date_from": cls.mon2, "date_to": cls.sun1})
            )

    def print_action(self, kind="pdf", user=None):
        wizard = self.wizard.with_user(user or self.head)
        return wizard.action_print_pdf() if kind == "pdf" else wizard.action_print_xlsx()

    def xlsx_sheets(self, user=None):
        action = self.print_action("xlsx", user)
        report = self.env["ir.actions.report"]._get_report_from_name(action["report_name"])
        content, kind = report.with_user(user or self.head)._render_xlsx(
            report.report_name, self.wizard.ids, action["data"]
        )
        self.assertEqual(kind, "xlsx")
        book = openpyxl.load_workbook(io.BytesIO(content))
        return [
            [list(row) for row in sheet.iter_rows(values_only=True)] for sheet in book.worksheets
        ]

    def day(self, value):
        return format_day(self.env, value)


@tagged("post_install", "-at_install")
class TestActivityReport(ActivityCase):
    def test_values(self):
        """The figures of the three sections, as the report's values carry them."""
        with freeze_time(self.print_at):
            action = self.print_action()
            self.assertEqual(action["report_name"], "hexlet_journal_reports.report_activity")
            values = (
                self.env["report.hexlet_journal_reports.report_activity"]
                .with_user(self.head)
                # the documents print in the college's language
                .with_context(lang="ru_RU")
                ._get_report_values(self.wizard.ids, action["data"])
            )
        teacher = next(row for row in values["teachers"] if row["teacher"] == "Смирнова Ольга")
        self.assertEqual(
            {key: teacher[key] for key in teacher if key != "teacher"},
            {
                "lessons_entered": 3,
                "on_time_count": 1,
                "on_time_pct": 33.3,  # 1 of 3
                "late_count": 2,
                "avg_delay": 3.0,  # (4 + 2) / 2
                "lessons_missing": 1,  # Wed 1 (4 due by the schedule)
                "changed_after_day": 3,
                "changed_marks": 1,
                "changed_attendance": 2,
            },
        )
        curators = {(row["curator"], row["group"]): row for row in values["curators"]}
        row_a = curators[("Кузнецов Андрей", "Т-ИСП-1")]
        self.assertEqual(
            {key: row_a[key] for key in row_a if key not in ("curator", "group")},
            {
                "weeks_due": 2,
                "confirmed": 2,
                "on_time": 1,
                "not_confirmed": 0,
                "confirmed_on": self.confirmed_on,
                "memos": 1,
                # week 2: a2 and a3 absent; week 1: a2 absent
                "students_to_report": 3,
                "parents_informed": 1,
            },
        )
        row_b = curators[("Волкова Татьяна", "Т-ИСП-2")]
        self.assertEqual(
            (row_b["weeks_due"], row_b["confirmed"], row_b["not_confirmed"], row_b["memos"]),
            (2, 0, 2, 0),
        )
        logins = {row["user"]: row for row in values["logins"]}
        self.assertEqual(
            (logins["Смирнова Ольга"]["logins"], logins["Смирнова Ольга"]["last_login"]),
            (2, datetime.combine(self.mon1 + timedelta(days=2), time(9, 0))),
        )
        self.assertEqual(
            (logins["Кузнецов Андрей"]["logins"], logins["Кузнецов Андрей"]["last_login"]),
            (2, datetime.combine(self.sun1, time(23, 30))),
        )
        self.assertEqual(
            (logins["Егоров Павел"]["logins"], logins["Егоров Павел"]["last_login"]), (0, None)
        )
        self.assertEqual(logins["Кузнецов Андрей"]["roles"], "Куратор")
        self.assertEqual(logins["Смирнова Ольга"]["roles"], "Преподаватель")
        self.assertEqual(logins["t_jadmin"]["roles"], "Администратор журнала")
        self.assertEqual(logins["Завуч Преподающая"]["roles"], "Учебный отдел, Преподаватель")
        for outsider in ("Ушедший Учитель", "Просто Сотрудник", "t_student_a1"):
            self.assertNotIn(outsider, logins)
        self.assertEqual(
            [row["user"] for row in values["logins"]],
            sorted(row["user"] for row in values["logins"]),
        )

    def test_pdf(self):
        with freeze_time(self.print_at):
            action = self.print_action()
        text = self.pdf_text(
            "hexlet_journal_reports.action_report_activity",
            self.wizard,
            data=action["data"],
            user=self.head,
        )
        self.assertIn(f"с {self.day(self.mon2)} по {self.day(self.sun1)}", text)
        self.assertIn("Смирнова Ольга 3 1 33,3 2 3,0 1 1 2", text)
        self.assertIn(
            f"Кузнецов Андрей Т-ИСП-1 2 2 1 0 {self.day(self.confirmed_on[0])}, "
            f"{self.day(self.confirmed_on[1])} 1 3 1",
            text,
        )
        self.assertIn("Волкова Татьяна Т-ИСП-2 2 0 0 2 0 0 0", text)
        wednesday = self.day(self.mon1 + timedelta(days=2))
        self.assertIn(f"Смирнова Ольга Преподаватель 2 {wednesday} 09:00", text)
        self.assertIn(f"Кузнецов Андрей Куратор 2 {self.day(self.sun1)} 23:30", text)
        self.assertNotIn("Ушедший Учитель", text)
        head = self.env["res.users"]._journal_signatory("hexlet_journal.group_admin")
        self.assertIn(f"Руководитель отдела ДО и ПО {head._journal_short_name()}", text)
        self.assertDecimalCommas(text)

    def test_xlsx(self):
        with freeze_time(self.print_at):
            teachers, curators, logins = self.xlsx_sheets()
        row = next(row for row in teachers if row[0] == "Смирнова Ольга")
        self.assertEqual(row[1:], [3, 1, 33.3, 2, 3, 1, 1, 2])
        row = next(row for row in curators if row[:2] == ["Кузнецов Андрей", "Т-ИСП-1"])
        dates = ", ".join(self.day(day) for day in self.confirmed_on)
        self.assertEqual(row[2:], [2, 2, 1, 0, dates, 1, 3, 1])
        row = next(row for row in curators if row[:2] == ["Волкова Татьяна", "Т-ИСП-2"])
        self.assertEqual(row[2:6], [2, 0, 0, 2])
        row = next(row for row in logins if row[0] == "Смирнова Ольга")
        self.assertEqual(
            row,
            [
                "Смирнова Ольга",
                "Преподаватель",
                2,
                datetime.combine(self.mon1 + timedelta(days=2), time(9, 0)),
            ],
        )
        row = next(row for row in logins if row[0] == "Егоров Павел")
        self.assertEqual(row, ["Егоров Павел", "Преподаватель", 0, None])
        # the director prints it too
        with freeze_time(self.print_at):
            self.assertEqual(len(self.xlsx_sheets(user=self.director)), 3)

    def test_teachers_and_curators_may_not_print_it(self):
        data = self.wizard._data()
        for user in (self.teacher_a, self.curator_a):
            with self.subTest(user=user.login):
                with self.assertRaises(AccessError):
                    self.pdf_text(
                        "hexlet_journal_reports.action_report_activity",
                        self.wizard,
                        data=data,
                        user=user,
                    )
                report = self.env.ref("hexlet_journal_reports.action_report_activity_xlsx")
                with self.assertRaises(AccessError):
                    report.with_user(user)._render_xlsx(report.report_name, self.wizard.ids, data)
                Metrics = self.env["edu.journal.metrics"].with_user(user)
                for method in (
                    Metrics._teacher_activity,
                    Metrics._curator_activity,
                    Metrics._login_activity,
                ):
                    with self.assertRaises(AccessError):
                        method(self.mon2, self.sun1)

    def _grow(self, size):
        """``size`` more groups, each with its curator, teacher, a lesson a week,
        a confirmed check a week and logins."""
        at = self.at
        for index in range(size):
            teacher = new_test_user(
                self.env, login=f"t_more_teacher_{index}", groups="hexlet_journal.group_teacher"
            )
            curator = new_test_user(
                self.env, login=f"t_more_curator_{index}", groups="hexlet_journal.group_curator"
            )
            group = self.env["edu.group"].create(
                {
                    "name": f"Т-ДОП-{index}",
                    "program_id": self.program.id,
                    "admission_year": self.group_a.admission_year,
                    "curator_id": curator.id,
                }
            )
            self.env["edu.group.membership"].create(
                {
                    "student_id": self.env["edu.student"]
                    .create(
                        {
                            "last_name": f"Студент{index}",
                            "first_name": "Тест",
                            "birthdate": self.student_a2.birthdate,
                        }
                    )
                    .id,
                    "group_id": group.id,
                    "date_from": self.enrolled_on,
                }
            )
            assignment = self.env["edu.teaching.assignment"].create(
                {
                    "term_id": self.term.id,
                    "group_id": group.id,
                    "discipline_id": self.discipline_db.id,
                    "teacher_id": teacher.id,
                    "planned_hours": 48,
                    "topic_plan_id": self.env["edu.topic.plan"]
                    .create(
                        {
                            "name": f"КТП {index}",
                            "discipline_id": self.discipline_db.id,
                            "term_id": self.term.id,
                            "line_ids": [
                                Command.create(
                                    {"sequence": 1, "topic": "Тема 1", "kind": "theory", "hours": 2}
                                ),
                                Command.create(
                                    {"sequence": 2, "topic": "Тема 2", "kind": "theory", "hours": 2}
                                ),
                            ],
                        }
                    )
                    .id,
                }
            )
            # lessons are taught from an approved КТП only
            assignment.topic_plan_id.with_user(self.head).action_approve()
            self.env["edu.schedule.slot"].create(
                {"assignment_id": assignment.id, "weekday": "0", "pair_number": 2}
            )
            Check = self.env["edu.weekly.check"]
            for monday in (self.mon2, self.mon1):
                with freeze_time(at(monday, 12)):
                    self.env["edu.lesson"].with_user(teacher).create(
                        {
                            "assignment_id": assignment.id,
                            "date": monday,
                            "topic_line_id": assignment.sudo()._uncovered_topic_lines()[:1].id,
                        }
                    )
                with freeze_time(at(monday + timedelta(days=7), 9)):
                    check = Check.create(Check._build(group, monday))
                    check.with_user(curator).action_confirm()
                self._login(teacher, at(monday, 9))
                self._login(curator, at(monday, 9))

    def test_queries_do_not_grow(self):
        Report = self.env["report.hexlet_journal_reports.report_activity"].with_user(self.head)
        data = self.wizard._data()

        def run():
            Report._get_report_values(self.wizard.ids, data)

        with freeze_time(self.print_at):
            run()  # caches warm
            self.env.invalidate_all()
            before = self.cr.sql_log_count
            run()
            count = self.cr.sql_log_count - before
        self._grow(3)
        self.env.flush_all()
        with freeze_time(self.print_at):
            run()
            self.env.invalidate_all()
            with self.assertQueryCount(count):
                run()


@tagged("post_install", "-at_install")
class TestActivityReportUrls(ActivityCase, HttpCase):
    def test_teacher_and_curator_fetch_nothing(self):
        for user in (self.teacher_a, self.curator_a):
            self.authenticate(user.login, user.login)
            for url in (
                f"/report/pdf/hexlet_journal_reports.report_activity/{self.wizard.id}",
                f"/report/html/hexlet_journal_reports.report_activity/{self.wizard.id}",
                f"/report/xlsx/hexlet_journal_reports.report_activity_xlsx/{self.wizard.id}",
            ):
                with self.subTest(user=user.login, url=url), mute_logger("odoo.http"):
                    response = self.url_open(url)
                    self.assertEqual(response.status_code, 403)
                    self.assertNotIn(b"%PDF", response.content[:10])
                    # no figure of the report: not even another user's name
                    self.assertNotIn("Волкова Татьяна".encode(), response.content)
                    self.assertNotIn("Т-ИСП-1".encode(), response.content)
