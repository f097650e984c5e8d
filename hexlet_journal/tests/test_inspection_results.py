"""Inspections with results and КТП conformity (§3.5, §7.2–7.3), and the
calendar of checks: every figure against numbers worked out by hand."""

from datetime import date, timedelta

from lxml import etree

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import HttpCase, freeze_time, tagged
from odoo.tests.common import JsonRpcException

from odoo.addons.hexlet_journal.models.edu_record_mixin import recording_facts
from odoo.addons.hexlet_journal.tools import college_today

from .common import JournalCase, LessonCase
from .test_client_screens import client_sends, field_spec
from .test_jsonrpc import JsonRpcMixin


@tagged("post_install", "-at_install")
class TestInspectionResults(LessonCase):
    """Last week of group A's journal of ОП.04, by hand:

    ============  ==================  ====================  ====================
    lesson        Monday, КТП line 3  Wednesday, КТП line 1  КТП line 2, 4
    ============  ==================  ====================  ====================
    Алексеев a1   5                   4                     (weeks 1 / in 2 weeks)
    Борисова a2   2                   3
    Васильев a3   н                   н
    ============  ==================  ====================  ====================

    Five-point marks 4, sum 14 (average 3.5), one 2 (25 %). a1's period mark
    4.5 (passes, good), a2's 2.5 (rounds to 3: passes, not good): pass rate
    100 %, quality 50 %. a3 has no mark and two unexcused absences.
    Line 1 given after line 3: out of order; line 2 (week 1) not given.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.monday = cls.today - timedelta(days=cls.today.weekday() + 7)
        cls.sunday = cls.monday + timedelta(days=6)
        # line 4 is due two weeks from now: not in last week's check, due by the year's end
        later = (cls.today - cls.term.date_start).days // 7 + 3
        weeks = dict(zip(cls.lines, (1, 1, 2, later), strict=True))
        # the small college's КТП is approved (LessonCase), so read-only: its weeks
        # are set as planned before the approval
        for line, week in weeks.items():
            cls.env.cr.execute(
                "UPDATE edu_topic_plan_line SET planned_week = %s WHERE id = %s", [week, line.id]
            )
        cls.env.invalidate_all()
        for weekday in ("0", "2"):
            cls.env["edu.schedule.slot"].create(
                {"assignment_id": cls.assignment_a.id, "weekday": weekday, "pair_number": 1}
            )
        Lesson = cls.env["edu.lesson"].with_user(cls.teacher_a)
        cls.monday_lesson = Lesson.create(
            {
                "assignment_id": cls.assignment_a.id,
                "date": cls.monday,
                "topic_line_id": cls.lines[2].id,
            }
        )
        cls.wednesday_lesson = Lesson.create(
            {
                "assignment_id": cls.assignment_a.id,
                "date": cls.monday + timedelta(days=2),
                "topic_line_id": cls.lines[0].id,
            }
        )
        for lesson, marks in (
            (cls.monday_lesson, ("5", "2", "н")),
            (cls.wednesday_lesson, ("4", "3", "н")),
        ):
            lesson.set_cells(
                [
                    {"student_id": student.id, "value": value}
                    for student, value in zip(
                        cls.student_a1 | cls.student_a2 | cls.student_a3, marks, strict=True
                    )
                ]
            )

    def inspect(self, user=None, **vals):
        return (
            self.env["edu.inspection"]
            .with_user(user or self.head)
            .create(
                {
                    "date_from": self.monday,
                    "date_to": self.sunday,
                    "scope": "group",
                    "group_id": self.group_a.id,
                    "absence_threshold": 2,
                    **vals,
                }
            )
        )

    def issues(self, inspection, kind):
        return inspection.issue_ids.filtered(lambda issue: issue.kind == kind)

    def test_results_of_the_period(self):
        inspection = self.inspect()
        inspection.action_compute()
        line = inspection.line_ids
        self.assertEqual(line.assignment_id, self.assignment_a)
        self.assertEqual(
            (
                line.marks_count,
                line.marks_sum,
                line.twos_count,
                line.students_with_marks,
                line.students_passing,
                line.students_good,
                line.students_without_marks,
                line.students_many_absences,
            ),
            (4, 14, 1, 2, 2, 1, 1, 1),
        )
        self.assertEqual(
            (line.avg_mark, line.twos_pct, line.progress_pct, line.quality_pct),
            (3.5, 25.0, 100.0, 50.0),
        )
        self.assertEqual(
            (inspection.avg_mark, inspection.progress_pct, inspection.quality_pct),
            (3.5, 100.0, 50.0),
        )
        self.assertEqual(self.issues(inspection, "no_marks").student_id, self.student_a3)
        absent = self.issues(inspection, "many_absences")
        self.assertEqual((absent.student_id, absent.value), (self.student_a3, 2.0))
        # a monthly inspection does not compare with the КТП
        self.assertFalse(line.topics_not_given or line.topics_out_of_order)
        self.assertFalse(self.issues(inspection, "out_of_order"))
        # the teacher reads the flagged items of their own journal only
        Issue = self.env["edu.inspection.issue"]
        self.assertEqual(Issue.with_user(self.teacher_a).search([]), inspection.issue_ids)
        self.assertFalse(Issue.with_user(self.teacher_b).search([]))
        with self.assertRaisesRegex(UserError, "computed"):
            inspection.issue_ids[:1].with_user(self.head).write({"value": 0})

    def test_excused_absences_are_not_many(self):
        """A medical certificate for Monday leaves one unexcused absence, below 2."""
        self.env["edu.absence.excuse"].create(
            {"student_id": self.student_a3.id, "date_from": self.monday, "date_to": self.monday}
        )
        inspection = self.inspect()
        inspection.action_compute()
        self.assertEqual(inspection.line_ids.students_many_absences, 0)
        self.assertFalse(self.issues(inspection, "many_absences"))
        self.assertEqual(inspection.line_ids.students_without_marks, 1)

    def test_topic_conformity_of_a_term_inspection(self):
        inspection = self.inspect(kind="semester")
        inspection.action_compute()
        line = inspection.line_ids
        self.assertEqual((line.topics_not_given, line.topics_out_of_order), (1, 1))
        self.assertEqual(self.issues(inspection, "topic_not_given").topic_line_id, self.lines[1])
        disorder = self.issues(inspection, "out_of_order")
        self.assertEqual(disorder.lesson_id, self.wednesday_lesson)
        self.assertEqual(disorder.topic_line_id, self.lines[0])
        self.assertIn(self.lines[2].topic, disorder.note)
        # the term does not end in the period: no hours short yet
        self.assertEqual(line.hours_short, 0.0)
        self.assertFalse(self.issues(inspection, "hours_short"))

    def test_year_end_hours_short(self):
        """The whole year: the term ends in it; 72 curriculum hours, 4 given."""
        inspection = self.inspect(
            kind="year_end", date_from=self.year.date_start, date_to=self.year.date_end
        )
        inspection.action_compute()
        line = inspection.line_ids.filtered(lambda line: line.assignment_id == self.assignment_a)
        self.assertEqual(line.hours_short, 68.0)
        short = self.issues(inspection, "hours_short")
        self.assertEqual(short.value, 68.0)
        # by the year's end every topic was due: lines 2 and 4 were not given
        self.assertEqual(
            self.issues(inspection, "topic_not_given").topic_line_id, self.lines[1] | self.lines[3]
        )

    def test_findings_drafted_and_kept(self):
        """The findings are drafted in the college's language (Russian)."""
        inspection = self.inspect(kind="semester")
        inspection.action_compute()
        findings = str(inspection.findings)
        journal = "Т-ИСП-1, Т.ОП.04"
        for point in (
            f"Обучающихся без оценок за период — 1: {journal}",
            "Обучающихся, пропустивших 2 и более занятий без уважительной причины, — 1",
            "Не выдано тем КТП, запланированных к этому сроку, — 1",
            "Выдано тем с нарушением порядка КТП — 1",
            "Много оценок «2» (20 % оценок и более)",
            "Внесено с опозданием занятий — 2",
        ):
            self.assertIn(point, findings)
        self.assertNotIn("Успеваемость ниже", findings, "everyone with marks passes")
        self.assertNotIn("Качество знаний ниже", findings, "50 % is not below 50 %")
        self.assertRegex(findings, r"\(Смирнова О\.\) — 25[.,]0 %")
        # the inspector's edit survives a new computation; Regenerate replaces it
        inspection.findings = "<p>Мои выводы</p>"
        inspection.action_compute()
        self.assertEqual(str(inspection.findings), "<p>Мои выводы</p>")
        inspection.action_regenerate_findings()
        self.assertIn("запланированных к этому сроку", str(inspection.findings))
        inspection.action_done()
        with self.assertRaisesRegex(UserError, "read-only"):
            inspection.with_user(self.head).action_regenerate_findings()

    def test_director_gets_an_activity(self):
        inspection = self.inspect()
        inspection.action_compute()
        inspection.action_done()
        activity = self.env["mail.activity"].search(
            [
                ("res_model", "=", "edu.inspection"),
                ("res_id", "=", inspection.id),
                ("user_id", "=", self.director.id),
            ]
        )
        self.assertEqual(len(activity), 1)
        self.assertEqual(activity.date_deadline, college_today(self.env) + timedelta(days=3))
        # in the director's language
        self.assertEqual(activity.summary, "Ознакомиться со справкой о проверке")
        # nobody else but the directors is asked
        others = self.env["mail.activity"].search(
            [("res_model", "=", "edu.inspection"), ("res_id", "=", inspection.id)]
        )
        directors = self.env.ref("hexlet_journal.group_director").user_ids
        self.assertTrue(others.user_id <= directors)

    def test_period_outside_an_academic_year(self):
        Inspection = self.env["edu.inspection"].with_user(self.head)
        before = Inspection.search_count([])
        outside = self.year.date_start - timedelta(days=3)
        Year = self.env["edu.academic.year"]
        previous = Year.search([("date_end", "<", self.year.date_start)], limit=1)
        for date_from, date_to in (
            (outside, self.year.date_start + timedelta(days=3)),
            (outside, outside),
        ):
            if previous and previous.date_start <= date_from <= date_to <= previous.date_end:
                continue
            with self.assertRaisesRegex(ValidationError, "not within one academic year"):
                Inspection.create({"date_from": date_from, "date_to": date_to})
        self.assertEqual(Inspection.search_count([]), before)

    def test_period_outside_the_year_through_the_form(self):
        Inspection = self.env["edu.inspection"].with_user(self.head)
        views = Inspection.get_views([(False, "form")])
        arch = etree.fromstring(views["views"]["form"]["arch"])
        fields = views["models"]["edu.inspection"]["fields"]
        spec, sends = field_spec(arch, fields), client_sends(arch, fields)
        values = Inspection.onchange({}, [], spec)["value"]
        vals = {
            name: (value["id"] if isinstance(value, dict) else value)
            for name, value in values.items()
            if name in sends and not isinstance(value, list)
        }
        vals.update(
            date_from=str(self.year.date_start - timedelta(days=3)),
            date_to=str(self.year.date_start + timedelta(days=3)),
        )
        before = Inspection.search_count([])
        with self.assertRaisesRegex(ValidationError, "not within one academic year"):
            Inspection.web_save(vals, spec)
        self.assertEqual(Inspection.search_count([]), before)
        # the same form within the year saves
        vals.update(date_from=str(self.monday), date_to=str(self.sunday))
        saved = Inspection.web_save(vals, spec)
        self.assertEqual(Inspection.search_count([]), before + 1)
        self.assertTrue(saved[0]["id"])

    def test_query_count_does_not_grow_with_journals(self):
        """A monthly and a term inspection of the program: 2 journals, then 6, the
        same queries (the lines and the flagged items are one statement each)."""
        kinds = ("monthly", "semester")

        def inspection(kind):
            return self.inspect(kind=kind, scope="program", program_id=self.program.id)

        def count(inspection):
            self.env.flush_all()
            self.env.invalidate_all()
            before = self.cr.sql_log_count
            inspection.action_compute()
            self.env.flush_all()
            return self.cr.sql_log_count - before

        for kind in kinds:
            inspection(kind).action_compute()  # warm the caches
        queries = {}
        for kind in kinds:
            small = inspection(kind)
            queries[kind] = count(small)
            self.assertEqual(len(small.line_ids), 2)
        Assignment = self.env["edu.teaching.assignment"]
        for group in self.group_a | self.group_b:
            for discipline in self.discipline_db | self.discipline_en:
                Assignment.create(
                    {
                        "term_id": self.term.id,
                        "group_id": group.id,
                        "discipline_id": discipline.id,
                        "teacher_id": self.teacher_b.id,
                        "planned_hours": 32,
                    }
                )
        for kind in kinds:
            big = inspection(kind)
            self.env.flush_all()
            self.env.invalidate_all()
            with self.subTest(kind=kind), self.assertQueryCount(queries[kind]):
                big.action_compute()
                self.env.flush_all()
            self.assertEqual(len(big.line_ids), 6)
            # the students of group B's journals have no marks: listed by name
            self.assertEqual(
                self.issues(big, "no_marks").student_id,
                self.student_a3
                | self.student_a1
                | self.student_a2
                | self.student_b1
                | self.student_b2,
            )
            # each line has its journal's group, discipline and teacher
            for line in big.line_ids:
                journal = line.assignment_id
                self.assertEqual(
                    (line.group_id, line.discipline_id, line.teacher_id),
                    (journal.group_id, journal.discipline_id, journal.teacher_id),
                )

    def test_lines_are_written_by_the_computation_only(self):
        """The lines' one statement keeps the guards of the ORM's create: outside
        the computation, or without the rights, nothing is written."""
        inspection = self.inspect()
        Line = self.env["edu.inspection.line"].with_user(self.head)
        with self.assertRaisesRegex(UserError, "Compute Figures"):
            Line._create_computed(
                inspection, [{"assignment_id": self.assignment_a.id, "students": 3}]
            )
        # nor by whom the rights do not let create them, even within a computation
        with recording_facts(), self.assertRaises(AccessError):
            Line.with_user(self.teacher_a)._create_computed(
                inspection, [{"assignment_id": self.assignment_a.id, "students": 3}]
            )
        self.assertFalse(Line.sudo().search([("inspection_id", "=", inspection.id)]))


@tagged("post_install", "-at_install")
class TestCalendarOfChecks(JournalCase):
    """A small academic year far ahead, its checks planned day by day."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Year = cls.env["edu.academic.year"]
        last = Year.search([], order="date_end desc", limit=1)
        start_year = max(last.date_end.year + 1, 2040)
        cls.cal_year = Year.create(
            {
                "name": f"{start_year}/{start_year + 1} (calendar)",
                "date_start": date(start_year, 9, 1),
                "date_end": date(start_year + 1, 6, 30),
            }
        )
        Term = cls.env["edu.term"]
        cls.cal_term = Term.create(
            {
                "year_id": cls.cal_year.id,
                "number": "1",
                "date_start": date(start_year, 9, 1),
                "date_end": date(start_year, 12, 31),
            }
        )
        Term.create(
            {
                "year_id": cls.cal_year.id,
                "number": "2",
                "date_start": date(start_year + 1, 1, 12),
                "date_end": date(start_year + 1, 6, 30),
            }
        )
        cls.start_year = start_year

    def day(self, month, day):
        year = self.start_year if month >= 9 else self.start_year + 1
        return date(year, month, day)

    def run_calendar(self, month, day):
        with freeze_time(f"{self.day(month, day)} 09:00:00"):
            created = self.env["edu.inspection"]._cron_plan_checks()
            self.env.flush_all()
            return created

    def planned(self):
        return self.env["edu.inspection"].search(
            [("is_planned", "=", True), ("date_from", ">=", self.cal_year.date_start)]
        )

    def test_checks_planned_once_with_their_people(self):
        created = self.run_calendar(10, 5)
        self.assertEqual(
            sorted((i.kind, i.date_from, i.date_to, i.date_deadline) for i in created),
            [
                ("monthly", self.day(9, 1), self.day(9, 30), self.day(10, 10)),
                ("technical", self.day(9, 1), self.day(9, 30), self.day(10, 10)),
            ],
        )
        monthly = created.filtered(lambda i: i.kind == "monthly")
        technical = created - monthly
        self.assertIn(
            self.env.ref("hexlet_journal.group_academic_head"), monthly.inspector_id.group_ids
        )
        self.assertIn(self.env.ref("hexlet_journal.group_admin"), technical.inspector_id.group_ids)
        self.assertEqual(set(created.mapped("scope")), {"college"})
        self.assertEqual(set(created.mapped("state")), {"draft"})
        for inspection in created:
            activity = inspection.activity_ids
            self.assertEqual(len(activity), 1)
            self.assertEqual(activity.user_id, inspection.inspector_id)
            self.assertEqual(activity.date_deadline, inspection.date_deadline)
        # idempotent: a second run the same day or the next creates nothing
        self.assertFalse(self.run_calendar(10, 5))
        self.assertFalse(self.run_calendar(10, 6))
        self.assertEqual(self.planned(), created)
        # a month on: October's two checks and the first half of the term
        later = self.run_calendar(11, 5)
        self.assertEqual(
            sorted((i.kind, i.date_from, i.date_to, i.date_deadline) for i in later),
            [
                ("monthly", self.day(10, 1), self.day(10, 31), self.day(11, 10)),
                ("semester", self.day(9, 1), self.day(10, 31), self.day(11, 7)),
                ("technical", self.day(10, 1), self.day(10, 31), self.day(11, 10)),
            ],
        )
        self.assertIn(
            self.env.ref("hexlet_journal.group_deputy_director"),
            later.filtered(lambda i: i.kind == "semester").inspector_id.group_ids,
        )

    def test_existing_inspection_is_not_planned_again(self):
        with freeze_time(f"{self.day(10, 2)} 09:00:00"):
            manual = (
                self.env["edu.inspection"]
                .with_user(self.head)
                .create(
                    {"kind": "monthly", "date_from": self.day(9, 1), "date_to": self.day(9, 30)}
                )
            )
        created = self.run_calendar(10, 5)
        self.assertEqual(created.mapped("kind"), ["technical"])
        self.assertFalse(manual.is_planned)

    def test_overdue(self):
        self.run_calendar(10, 5)
        self.run_calendar(11, 5)
        september = self.planned().filtered(lambda i: i.date_to == self.day(9, 30))
        october = self.planned().filtered(lambda i: i.date_from == self.day(10, 1))
        with freeze_time(f"{self.day(11, 5)} 09:00:00"):
            september.invalidate_recordset(["is_overdue"])
            self.assertEqual(set(september.mapped("is_overdue")), {True})
            self.assertEqual(set(october.mapped("is_overdue")), {False})
            september[0].sudo().write({"state": "done"})
            september.invalidate_recordset(["is_overdue"])
            Inspection = self.env["edu.inspection"].with_user(self.director)
            overdue = Inspection.search([("is_overdue", "=", True)])
            self.assertEqual(overdue & self.planned(), september[1])
            not_overdue = Inspection.search([("is_overdue", "=", False)])
            self.assertTrue(october | september[0] <= not_overdue)
            self.assertFalse(september[1] & not_overdue)
            # the calendar's list: due and overdue by default
            action = self.env.ref("hexlet_journal.edu_inspection_action_calendar")
            self.assertIn("search_default_overdue", action.context)

    def test_teacher_cannot_read_or_create_inspections(self):
        self.run_calendar(10, 5)
        Inspection = self.env["edu.inspection"].with_user(self.teacher_a)
        with self.assertRaises(AccessError):
            Inspection.search([])
        with self.assertRaises(AccessError):
            Inspection.create({"date_from": self.day(9, 1), "date_to": self.day(9, 30)})


@tagged("post_install", "-at_install")
class TestInspectionRpc(JsonRpcMixin, JournalCase, HttpCase):
    def test_teacher_cannot_read_or_create_inspections(self):
        monday = self.today - timedelta(days=self.today.weekday() + 7)
        inspection = (
            self.env["edu.inspection"]
            .with_user(self.head)
            .create(
                {
                    "date_from": monday,
                    "date_to": monday + timedelta(days=6),
                    "scope": "group",
                    "group_id": self.group_a.id,
                }
            )
        )
        before = self.env["edu.inspection"].search_count([])
        self.login(self.teacher_a)
        with self.assertRaisesRegex(JsonRpcException, "AccessError"):
            self.call("edu.inspection", "search_read", [], fields=["name"])
        with self.assertRaisesRegex(JsonRpcException, "AccessError"):
            self.call("edu.inspection", "read", [inspection.id], fields=["findings"])
        with self.assertRaisesRegex(JsonRpcException, "AccessError"):
            self.call(
                "edu.inspection",
                "create",
                {"date_from": str(monday), "date_to": str(monday + timedelta(days=6))},
            )
        with self.assertRaisesRegex(JsonRpcException, "AccessError"):
            self.call("edu.inspection", "action_compute", [inspection.id])
        self.assertEqual(self.env["edu.inspection"].search_count([]), before)
        self.assertFalse(inspection.line_ids)
        # a head cannot plant the calendar's facts through RPC
        self.login(self.head)
        with self.assertRaisesRegex(JsonRpcException, "UserError|AccessError"):
            self.call("edu.inspection", "write", [inspection.id], {"date_deadline": "2000-01-01"})
        self.assertFalse(inspection.date_deadline)
        with self.assertRaisesRegex(JsonRpcException, "UserError|AccessError"):
            self.call("edu.inspection", "write", [inspection.id], {"is_planned": True})
        self.assertFalse(inspection.is_planned)
        # nor type a flagged item: only the computation writes them
        inspection.action_compute()
        issues = inspection.issue_ids
        with self.assertRaisesRegex(JsonRpcException, "UserError"):
            self.call(
                "edu.inspection.issue",
                "create",
                {
                    "inspection_id": inspection.id,
                    "line_id": inspection.line_ids[:1].id,
                    "kind": "no_marks",
                    "student_id": self.student_a1.id,
                },
            )
        inspection.invalidate_recordset(["issue_ids"])
        self.assertEqual(inspection.issue_ids, issues)
