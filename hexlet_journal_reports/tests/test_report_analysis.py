from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import DocumentCase

ATTENDANCE_MEASURES = (
    "seats:sum",
    "absences:sum",
    "unexcused:sum",
    "marks:sum",
    "marks_sum:sum",
    "twos:sum",
    "lessons:sum",
    "late_lessons:sum",
    "average_mark:avg",
    "attendance_pct:avg",
    "on_time_pct:avg",
)
RESULTS_MEASURES = (
    "lines:sum",
    "passed:sum",
    "good:sum",
    "compared:sum",
    "mark:avg",
    "deviation:avg",
    "progress_pct:avg",
    "quality_pct:avg",
)
# what the pivot asks: the totals, the rows, the columns and the cells
GROUPING_SETS = ((), ("group_id",), ("date:month",), ("group_id", "date:month"))
RESULTS_GROUPING_SETS = ((), ("group_id",), ("term_id",), ("group_id", "teacher_id"))


class AnalysisCase(DocumentCase):
    """The small college of the documents (a lesson of group A: a1 «5», a2 «н»,
    a3 «3», entered two days late; a statement: a1 5, a2 3, a3 2), and more
    groups on demand."""

    def _grow(self, count):
        """``count`` more groups, each with two students, a journal, a lesson
        with a mark and an absence, and a closed statement."""
        day = self.monday if self.has_week else self.today
        line = self.curriculum.line_ids.filtered(
            lambda line: line.discipline_id == self.discipline_db
        )
        start = self._grown = getattr(self, "_grown", 0) + count
        for index in range(start - count, start):
            teacher = (self.teacher_a, self.teacher_b)[index % 2]
            group = self.env["edu.group"].create(
                {
                    "name": f"Т-РОСТ-{index}",
                    "program_id": self.program.id,
                    "admission_year": self.group_a.admission_year,
                    "curator_id": self.curator_b.id,
                }
            )
            students = self.env["edu.student"].create(
                [
                    {
                        "last_name": f"Рост{index}",
                        "first_name": name,
                        "birthdate": self.student_a2.birthdate,
                    }
                    for name in ("Анна", "Борис")
                ]
            )
            self.env["edu.group.membership"].create(
                [
                    {"student_id": student.id, "group_id": group.id, "date_from": self.enrolled_on}
                    for student in students
                ]
            )
            plan = self.env["edu.topic.plan"].create(
                {
                    "name": f"КТП рост {index}",
                    "discipline_id": self.discipline_db.id,
                    "term_id": self.term.id,
                    "line_ids": [
                        Command.create(
                            {"sequence": 1, "topic": "Тема 1", "kind": "theory", "hours": 2}
                        )
                    ],
                }
            )
            assignment = self.env["edu.teaching.assignment"].create(
                {
                    "term_id": self.term.id,
                    "group_id": group.id,
                    "discipline_id": self.discipline_db.id,
                    "teacher_id": teacher.id,
                    "curriculum_line_id": line.id,
                    "topic_plan_id": plan.id,
                }
            )
            plan.with_user(self.head).action_approve()
            lesson = (
                self.env["edu.lesson"]
                .with_user(teacher)
                .create(
                    {
                        "assignment_id": assignment.id,
                        "date": day,
                        "topic_line_id": plan.line_ids.id,
                    }
                )
            )
            lesson.set_cells(
                [
                    {"student_id": students[0].id, "value": "4"},
                    {"student_id": students[1].id, "value": "н"},
                ]
            )
            statement = self.env["edu.attestation"].create(
                {
                    "assignment_id": assignment.id,
                    "date": self.today,
                    "examiner_ids": [Command.set(teacher.ids)],
                }
            )
            for statement_line, result in zip(statement.line_ids, ("4", "2"), strict=True):
                statement_line.write({"result": result, "admitted": True})
            statement.action_done()
        self.env.flush_all()

    def assertQueriesConstant(self, run, grow=3):
        """``run`` makes as many queries before and after the college grows."""

        def count():
            # counted as assertQueryCount counts: between flushes, the ORM cache empty
            self.env.invalidate_all()
            self.env.flush_all()
            self.env.cr.flush()
            before = self.cr.sql_log_count
            run()
            self.env.flush_all()
            self.env.cr.flush()
            return self.cr.sql_log_count - before

        count()  # caches warm
        expected = count()
        self._grow(grow)
        count()  # caches warm
        self.env.invalidate_all()
        with self.assertQueryCount(expected):
            run()


@tagged("post_install", "-at_install")
class TestReportAnalysis(AnalysisCase):
    def test_attendance_figures(self):
        Report = self.env["edu.report.attendance"].with_user(self.deputy)
        [figures] = Report._read_group(
            [("group_id", "=", self.group_a.id)], [], ATTENDANCE_MEASURES
        )
        # 3 seats, a2 absent without excuse, marks 5 and 3, the lesson entered late
        self.assertEqual(figures[:8], (3, 1, 1, 2, 8, 0, 1, 1))
        self.assertAlmostEqual(figures[8], 4.0)
        self.assertAlmostEqual(figures[9], 200 / 3)
        self.assertAlmostEqual(figures[10], 0.0)
        # a row is a lesson: its term, group, discipline and teacher
        row = Report.search([("group_id", "=", self.group_a.id)])
        self.assertEqual(row.lesson_id, self.assignment_a.lesson_ids)
        self.assertEqual(row.term_id, self.term)
        self.assertEqual(row.discipline_id, self.discipline)
        self.assertEqual(row.teacher_id, self.teacher_a)
        self.assertEqual(row.delay_days, self.assignment_a.lesson_ids.delay_days)

    def test_an_excused_absence(self):
        lesson = self.assignment_a.lesson_ids
        self.env["edu.absence.excuse"].create(
            {
                "student_id": self.student_a2.id,
                "kind": "medical",
                "date_from": lesson.date,
                "date_to": lesson.date,
            }
        )
        Report = self.env["edu.report.attendance"].with_user(self.head)
        [(absences, unexcused)] = Report._read_group(
            [("group_id", "=", self.group_a.id)], [], ["absences:sum", "unexcused:sum"]
        )
        self.assertEqual((absences, unexcused), (1, 0))

    def test_a_subgroup_journal_seats_its_subgroup(self):
        english_1, _english_2 = self.split_journals()
        english_1.topic_plan_id = self.plan_a
        lesson = (
            self.env["edu.lesson"]
            .with_user(self.teacher_a)
            .create(
                {
                    "assignment_id": english_1.id,
                    "date": self.today,
                    "topic_line_id": self.plan_a.line_ids.sorted("sequence")[0].id,
                }
            )
        )
        members = english_1._students_on(self.today)
        row = self.env["edu.report.attendance"].with_user(self.director).browse(lesson.id)
        self.assertEqual(row.seats, len(members))
        self.assertLess(row.seats, 3)

    def test_results_figures(self):
        Report = self.env["edu.report.results"].with_user(self.head)
        [figures] = Report._read_group([("group_id", "=", self.group_a.id)], [], RESULTS_MEASURES)
        # 3 lines: 5 and 3 passed, only the 5 good; a1 averaged 5 (got 5), a3 3 (got 2),
        # a2 had no mark: not compared
        self.assertEqual(figures[:4], (3, 2, 1, 2))
        self.assertAlmostEqual(figures[4], 10 / 3)
        self.assertAlmostEqual(figures[5], -0.5)
        self.assertAlmostEqual(figures[6], 200 / 3)
        self.assertAlmostEqual(figures[7], 100 / 3)

    def test_the_pivot_reads_the_ratios_of_its_cells(self):
        self._grow(1)
        Report = self.env["edu.report.attendance"].with_user(self.deputy)
        groups = self.group_a | self.env["edu.group"].search([("name", "=", "Т-РОСТ-0")])
        total, by_group = Report.formatted_read_grouping_sets(
            [("group_id", "in", groups.ids)],
            [[], ["group_id"]],
            ["seats:sum", "absences:sum", "attendance_pct:avg", "average_mark:avg"],
        )
        # 5 seats, 2 absent: 60 %, not the mean of 66.7 % and 50 %; marks 5, 3, 4: 4.0
        self.assertEqual(total[0]["seats:sum"], 5)
        self.assertAlmostEqual(total[0]["attendance_pct:avg"], 60.0)
        self.assertAlmostEqual(total[0]["average_mark:avg"], 4.0)
        self.assertEqual(sorted(row["attendance_pct:avg"] for row in by_group), [50.0, 200 / 3])

    def test_only_the_managers_read_them(self):
        for model in ("edu.report.attendance", "edu.report.results"):
            for user in (self.head, self.deputy, self.director):
                self.env[model].with_user(user).formatted_read_group([], ["group_id"], ["__count"])
            for user in (
                self.teacher_a,
                self.curator_a,
                self.hr,
                self.student_a1_user,
                self.parent_a1_user,
            ):
                with self.subTest(model=model, user=user.login), self.assertRaises(AccessError):
                    self.env[model].with_user(user).formatted_read_grouping_sets(
                        [], [["group_id"]], ["__count"]
                    )
                with self.subTest(model=model, user=user.login), self.assertRaises(AccessError):
                    self.env[model].with_user(user).search_read([], ["group_id"])

    def test_pivot_queries_do_not_grow(self):
        for model, grouping_sets, measures in (
            ("edu.report.attendance", GROUPING_SETS, ATTENDANCE_MEASURES),
            ("edu.report.results", RESULTS_GROUPING_SETS, RESULTS_MEASURES),
        ):
            with self.subTest(model=model):
                Report = self.env[model].with_user(self.deputy)

                def run(Report=Report, grouping_sets=grouping_sets, measures=measures):
                    Report.formatted_read_grouping_sets(
                        [("term_id", "=", self.term.id)], grouping_sets, measures
                    )

                self.assertQueriesConstant(run)

    def test_dashboards_moved_with_their_ids(self):
        for xmlid in (
            "hexlet_journal_reports.menu_dashboard_figures",
            "hexlet_journal_reports.menu_dashboard_timeliness",
            "hexlet_journal_reports.edu_inspection_line_action",
            "hexlet_journal_reports.edu_lesson_action_dashboard",
        ):
            self.assertTrue(self.env.ref(xmlid, raise_if_not_found=False), xmlid)
        self.assertFalse(
            self.env.ref("hexlet_journal.menu_dashboard_figures", raise_if_not_found=False)
        )
        menus = self.env["ir.ui.menu"].with_user(self.deputy)._visible_menu_ids()
        for xmlid in (
            "hexlet_journal_reports.menu_dashboard_attendance",
            "hexlet_journal_reports.menu_dashboard_results",
        ):
            self.assertIn(self.env.ref(xmlid).id, menus)
            self.assertNotIn(
                self.env.ref(xmlid).id,
                self.env["ir.ui.menu"].with_user(self.teacher_a)._visible_menu_ids(),
            )


@tagged("post_install", "-at_install")
class TestCouncilQueries(AnalysisCase):
    def test_council_queries_do_not_grow(self):
        Report = self.env["report.hexlet_journal_reports.report_council"].with_user(self.deputy)
        data = {"term_ids": self.term.ids}
        self.assertQueriesConstant(lambda: Report._tables(data))

    def test_council_figures_of_grown_groups(self):
        self._grow(2)
        results = self.env["edu.journal.metrics"].with_user(self.deputy)._council_results(self.term)
        grown = {
            key.name: values for key, values in results.items() if key.name.startswith("Т-РОСТ")
        }
        # two students, one passed with a 4 (good), one absent of two seats
        for values in grown.values():
            self.assertEqual(
                values,
                {
                    "students": 2,
                    "progress_pct": 50.0,
                    "quality_pct": 50.0,
                    "attendance_pct": 50.0,
                    "unexcused_pct": 50.0,
                },
            )
        self.assertEqual(len(grown), 2)
        self.assertEqual(
            results[self.group_a],
            {
                "students": 3,
                "progress_pct": 66.7,
                "quality_pct": 33.3,
                "attendance_pct": 66.7,
                "unexcused_pct": 33.3,
            },
        )
