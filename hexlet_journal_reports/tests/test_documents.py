"""Every document renders to a real PDF and XLSX holding the expected figures."""

import io
import re
from datetime import date

import openpyxl

from odoo.fields import Command
from odoo.tests import tagged

from odoo.addons.hexlet_journal.tools import college_today

from ..tools import format_day, short_name
from .common import DocumentCase


@tagged("post_install", "-at_install")
class TestDocuments(DocumentCase):
    def xlsx_rows(self, report_ref, records, data=None):
        report = self.env.ref(report_ref)
        content, kind = report._render_xlsx(report.report_name, records.ids, data or {})
        self.assertEqual(kind, "xlsx")
        book = openpyxl.load_workbook(io.BytesIO(content))
        return [list(row) for sheet in book.worksheets for row in sheet.iter_rows(values_only=True)]

    def signatory(self, group):
        """«И.О. Фамилия» of who signs for the group (the demo's person, or the test's)."""
        return self.env["res.users"]._journal_signatory(f"hexlet_journal.{group}")

    def test_attestation_statement(self):
        text = self.pdf_text("hexlet_journal_reports.action_report_attestation", self.statement)
        self.assertIn("ВЕДОМОСТЬ", text)
        self.assertIn("Алексеев Иван Петрович", text)
        self.assertIn("отлично (5)", text)
        self.assertIn("неудовлетворительно (2)", text)
        self.assertIn("экзамен", text)
        self.assertIn("T-003", text)
        self.assertIn(f"Дата: {self.statement.date:%d.%m.%Y}", text)
        # the examiner signs with initials
        self.assertIn(f"Экзаменатор {short_name(self.teacher_a.name)}", text)
        self.assertDecimalCommas(text)
        rows = self.xlsx_rows(
            "hexlet_journal_reports.action_report_attestation_xlsx", self.statement
        )
        self.assertIn(["Алексеев Иван Петрович", "T-001", "допущен", "отлично (5)", 5], rows)

    def test_memo(self):
        text = self.pdf_text("hexlet_journal_reports.action_report_memo", self.memo)
        self.assertIn("СЛУЖЕБНАЯ ЗАПИСКА", text)
        self.assertIn("Смирнова Ольга", text)
        self.assertIn("внесено с опозданием", text)
        self.assertIn("не внесено", text)
        # addressed to the deputy director by name, signed by the curator, as initials
        deputy = self.signatory("group_deputy_director")
        self.assertIn(f"Заместителю директора по УВР {deputy._journal_short_name()}", text)
        curator = short_name(self.curator_a.name)
        self.assertEqual(curator, "А. Кузнецов")
        self.assertIn(f"от куратора группы Т-ИСП-1 {curator}", text)
        self.assertIn(f"Куратор группы Т-ИСП-1 {curator}", text)
        self.assertNotIn("Кузнецов Андрей", text)
        self.assertIn(f"с {self.check.week_start:%d.%m.%Y} по {self.check.week_end:%d.%m.%Y}", text)
        self.assertDecimalCommas(text)
        rows = self.xlsx_rows("hexlet_journal_reports.action_report_memo_xlsx", self.memo)
        self.assertEqual(
            sum(1 for row in rows if row[0] == "Смирнова Ольга"), len(self.check.issue_ids)
        )

    def test_inspection_spravka(self):
        line = self.inspection.line_ids
        draft = self.pdf_text("hexlet_journal_reports.action_report_inspection", self.inspection)
        self.assertIn("№ ________ от ____________", draft)
        self.inspection.with_user(self.head).action_done()
        self.assertRegex(self.inspection.number, r"^СП-\d{4}-\d{3}$")
        self.assertEqual(self.inspection.done_date, college_today(self.env))
        text = self.pdf_text("hexlet_journal_reports.action_report_inspection", self.inspection)
        self.assertIn("СПРАВКА", text)
        self.assertIn(f"№ {self.inspection.number} от {self.inspection.done_date:%d.%m.%Y}", text)
        self.assertIn("Т-ИСП-1", text)
        self.assertIn(f"{line.attendance_pct:.1f}".replace(".", ","), text)
        self.assertIn("Смирнова Ольга", text)
        # to the director by name; signed by the inspector: position, line, initials
        director = self.signatory("group_director")._journal_short_name()
        self.assertIn(f"Директору {self.env.company.name} {director}", text)
        self.assertIn("Руководитель учебного отдела t_head", text)
        self.assertDecimalCommas(text)
        rows = self.xlsx_rows(
            "hexlet_journal_reports.action_report_inspection_xlsx", self.inspection
        )
        figures = next(row for row in rows if row[1] == "Смирнова Ольга")
        self.assertEqual(
            figures[2:5], [line.lessons_due, line.lessons_entered, line.lessons_missing]
        )
        self.assertEqual(figures[11], line.attendance_pct)

    def test_inspection_results_in_spravka(self):
        """Last week: a1 5, a3 3, a2 absent. Average 4,00, no 2s, pass rate 100 %,
        quality 50 % (a3's 3); Борисова without marks. A term inspection lists the
        КТП topics due by week 1 and not given."""
        # the КТП is approved (read-only): its weeks as planned before the approval
        self.env.cr.execute(
            "UPDATE edu_topic_plan_line SET planned_week = 1 WHERE plan_id = %s AND sequence > 1",
            [self.plan_a.id],
        )
        self.env.invalidate_all()
        inspection = (
            self.env["edu.inspection"]
            .with_user(self.head)
            .create(
                {
                    "kind": "semester",
                    "date_from": self.monday,
                    "date_to": self.sunday,
                    "scope": "group",
                    "group_id": self.group_a.id,
                }
            )
        )
        inspection.action_compute()
        line = inspection.line_ids
        self.assertEqual(
            (line.avg_mark, line.twos_pct, line.progress_pct, line.quality_pct),
            (4.0, 0.0, 100.0, 50.0),
        )
        text = self.pdf_text("hexlet_journal_reports.action_report_inspection", inspection)
        # the journal's results, and the same in each roll-up (one journal)
        self.assertEqual(text.count("4,00 0,0 100,0 50,0"), 4, text)
        # the roll-ups name the discipline, the group and the teacher
        self.assertIn("Т.ОП.04 Основы алгоритмизации и программирования 1", text)
        self.assertIn("Т-ИСП-1 1", text)
        self.assertIn("Смирнова Ольга 1", text)
        # КТП conformity: the topics due by week 1 and not given
        for topic in ("Блок-схемы", "Переменные и типы данных", "Условный оператор"):
            self.assertIn(topic, text)
        # the student without marks, by name
        self.assertIn("Борисова Анна", text)
        # the findings drafted from the figures are printed
        self.assertIn("Т-ИСП-1, Т.ОП.04 (Смирнова О.)", text)
        self.assertDecimalCommas(text)
        rows = self.xlsx_rows("hexlet_journal_reports.action_report_inspection_xlsx", inspection)
        figures = next(row for row in rows if row[1] == "Смирнова Ольга")
        self.assertEqual(figures[-10:], [2, 4.0, 0.0, 100.0, 50.0, 1, 0, 3, 0, 0.0])
        # a monthly inspection has no КТП section
        monthly = self.pdf_text("hexlet_journal_reports.action_report_inspection", self.inspection)
        self.assertNotIn("Блок-схемы", monthly)

    def test_inspection_number_is_not_typed(self):
        with self.assertRaisesRegex(Exception, "numbered when the inspection is done"):
            self.inspection.with_user(self.head).write({"number": "СП-1999-999"})

    def test_inspection_subgroups_told_apart(self):
        self.split_journals()
        inspection = (
            self.env["edu.inspection"]
            .with_user(self.head)
            .create(
                {
                    "date_from": self.monday,
                    "date_to": self.sunday,
                    "scope": "group",
                    "group_id": self.group_a.id,
                }
            )
        )
        inspection.action_compute()
        text = self.pdf_text("hexlet_journal_reports.action_report_inspection", inspection)
        self.assertIn("Т-ИСП-1 / 1 подгруппа", text)
        self.assertIn("Т-ИСП-1 / 2 подгруппа", text)

    def test_inspection_pages(self):
        """A long справка: rows never split, the header on every page, «Стр. N из M»."""
        discipline = self.env["edu.discipline"].create(
            {
                "code": "Т.ОП.99",
                "name": "Дисциплина с очень длинным названием, которое не помещается в одну "
                "строку столбца справки",
            }
        )
        assignment = self.env["edu.teaching.assignment"].create(
            {
                "term_id": self.term.id,
                "group_id": self.group_b.id,
                "discipline_id": discipline.id,
                "teacher_id": self.teacher_b.id,
                "planned_hours": 72,
            }
        )
        self.inspection.sudo().line_ids = [
            Command.create(
                {
                    "assignment_id": assignment.id,
                    "lessons_due": 100 + index,
                    "lessons_entered": 100 + index,
                    "on_time_pct": 87.5,
                    "attendance_pct": 91.9,
                }
            )
            for index in range(45)
        ]
        pages = self.pdf_pages("hexlet_journal_reports.action_report_inspection", self.inspection)
        total = len(pages)
        self.assertGreater(total, 1)
        for number, page in enumerate(pages, start=1):
            self.assertIn(f"Стр. {number} из {total}", page)
            # a row is whole on its page: as many long names as rows begun on it (the
            # figures, the results and the roll-up by discipline of the 45 journals)
            figures = len(re.findall(r"\b1[0-4]\d 1[0-4]\d 0 87,5\b", page))
            results = page.count("Егоров Павел 0 0 — — — — 0 0")
            rows = figures + results + len(re.findall(r"справки 45\b", page))
            self.assertEqual(page.count("одну строку столбца справки"), rows, page)
            # the header row, repeated on every page with table rows
            if figures:
                self.assertIn("По распис.", page)
            if results:
                self.assertIn("Группа Дисциплина Преподаватель", page)
        self.assertEqual(
            sum(page.count("одну строку столбца справки") for page in pages), 2 * 45 + 1
        )
        self.assertDecimalCommas(" ".join(pages))

    def test_activity_report(self):
        Wizard = self.env["edu.journal.report.wizard"].with_user(self.head)
        # the month before today by default
        default = Wizard.create({"report": "activity"})
        today = college_today(self.env)
        self.assertEqual(default.date_to, today.replace(day=1) - date.resolution)
        self.assertEqual(default.date_from, default.date_to.replace(day=1))
        wizard = Wizard.create(
            {"report": "activity", "date_from": self.first_day, "date_to": self.today}
        )
        data = wizard._data()
        figures = self.env["edu.journal.metrics"]._teacher_activity(self.first_day, self.today)[
            self.teacher_a.id
        ]
        text = self.pdf_text(
            "hexlet_journal_reports.action_report_activity", wizard, data=data, user=self.head
        )
        self.assertIn("ОТЧЁТ", text)
        self.assertIn("Смирнова Ольга", text)
        self.assertIn(
            f"с {format_day(self.env, self.first_day)} по {format_day(self.env, self.today)}",
            text,
        )
        # signed by the head of ДО и ПО (not the printing user), as «И.О. Фамилия»
        head = self.signatory("group_admin")
        self.assertTrue(head)
        self.assertNotIn(head, self.env.ref("base.user_admin") | self.env.ref("base.user_root"))
        self.assertIn(f"Руководитель отдела ДО и ПО {head._journal_short_name()}", text)
        # the staff's logins list the printing user, who does not sign
        self.assertNotIn("ДО и ПО t_head", text)
        self.assertDecimalCommas(text)
        self.assertEqual(figures["late_count"], 1)
        rows = self.xlsx_rows("hexlet_journal_reports.action_report_activity_xlsx", wizard, data)
        row = next(row for row in rows if row[0] == "Смирнова Ольга")
        # entered, on time, on time %, late
        self.assertEqual(row[1:5], [1, 0, 0, 1])
        action = wizard.action_print_pdf()
        self.assertEqual(action["report_name"], "hexlet_journal_reports.report_activity")

    def test_council_results(self):
        wizard = (
            self.env["edu.journal.report.wizard"]
            .with_user(self.deputy)
            .create({"report": "council", "term_ids": [(6, 0, self.term.ids)]})
        )
        text = self.pdf_text(
            "hexlet_journal_reports.action_report_council",
            wizard,
            data=wizard._data(),
            user=self.deputy,
        )
        self.assertIn("Педагогического совета", text)
        # 3 students: a1 (5) and a2 (3) passed, only a1 with 4 and 5
        self.assertIn("Т-ИСП-1 3 66,7 33,3 66,7 33,3", text)
        # group B had no lesson and no statement: not in the tables
        self.assertNotIn("Т-ИСП-2", text)
        self.assertIn(
            f"Руководитель отдела ДО и ПО {self.signatory('group_admin')._journal_short_name()}",
            text,
        )
        self.assertDecimalCommas(text)
        rows = self.xlsx_rows(
            "hexlet_journal_reports.action_report_council_xlsx", wizard, wizard._data()
        )
        self.assertIn(["Т-ИСП-1", 3, 66.7, 33.3, 66.7, 33.3], rows)
        # the first column is named on every sheet
        headers = [row for row in rows if row[1] == "Студентов"]
        self.assertEqual([row[0] for row in headers], ["Группа", "Дисциплина", "Преподаватель"])

    def test_council_attendance_without_statements(self):
        """A journal with lessons but no statement yet (a term in progress)
        has its attendance; the attestation figures are «—»."""
        self.assignment_b.topic_plan_id = self.plan_a
        lesson = (
            self.env["edu.lesson"]
            .with_user(self.teacher_b)
            .create(
                {
                    "assignment_id": self.assignment_b.id,
                    "date": self.monday if self.has_week else self.today,
                    "topic_line_id": self.plan_a.line_ids.sorted("sequence")[0].id,
                }
            )
        )
        lesson.set_cells([{"student_id": self.student_b1.id, "value": "н"}])
        wizard = (
            self.env["edu.journal.report.wizard"]
            .with_user(self.deputy)
            .create({"report": "council", "term_ids": [(6, 0, self.term.ids)]})
        )
        text = self.pdf_text(
            "hexlet_journal_reports.action_report_council", wizard, data=wizard._data()
        )
        self.assertIn("Т-ИСП-1 3 66,7 33,3 66,7 33,3", text)
        self.assertIn("Т-ИСП-2 2 — — 50,0 50,0", text)
        self.assertIn("Егоров Павел 2 — — 50,0 50,0", text)
        rows = self.xlsx_rows(
            "hexlet_journal_reports.action_report_council_xlsx", wizard, wizard._data()
        )
        self.assertIn(["Т-ИСП-2", 2, None, None, 50.0, 50.0], rows)

    def test_council_empty_term(self):
        year = self.env["edu.academic.year"].create(
            {"name": "2090/2091", "date_start": "2090-09-01", "date_end": "2091-06-30"}
        )
        term = self.env["edu.term"].create(
            {
                "year_id": year.id,
                "number": "1",
                "date_start": "2090-09-01",
                "date_end": "2090-12-31",
            }
        )
        wizard = (
            self.env["edu.journal.report.wizard"]
            .with_user(self.deputy)
            .create({"report": "council", "term_ids": [(6, 0, term.ids)]})
        )
        text = self.pdf_text(
            "hexlet_journal_reports.action_report_council", wizard, data=wizard._data()
        )
        # four tables, four «нет данных»
        self.assertEqual(text.count("нет данных"), 4)
        rows = self.xlsx_rows(
            "hexlet_journal_reports.action_report_council_xlsx", wizard, wizard._data()
        )
        self.assertEqual(sum(1 for row in rows if row[0] == "нет данных"), 3)
