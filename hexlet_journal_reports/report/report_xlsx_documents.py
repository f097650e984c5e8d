"""XLSX versions of the documents, through the OCA's report_xlsx."""

from datetime import date

from odoo import models

from ..tools import check_staff_reader, format_day
from .report_attestation import FORMS, RESULT_WORDS
from .report_memo import ISSUE_KINDS


class XlsxDocument(models.AbstractModel):
    _name = "report.hexlet_journal_reports.xlsx_document"
    _inherit = "report.report_xlsx.abstract"
    _description = "Journal XLSX Document"

    def _sheet(self, workbook, title, header):
        check_staff_reader(self.env)
        sheet = workbook.add_worksheet(title[:31])
        bold = workbook.add_format({"bold": True, "text_wrap": True, "border": 1})
        for column, label in enumerate(header):
            sheet.write(0, column, label, bold)
            sheet.set_column(column, column, 18 if column else 36)
        return sheet

    def _rows(self, workbook, sheet, rows, start=1, number_format="0.0#"):
        """Write the rows under the header. Numbers stay numbers (shown with
        the reader's decimal separator), floats with one or two decimals; dates show
        as dd.mm.yyyy; a figure without data (None) stays empty."""
        decimal = workbook.add_format({"num_format": number_format})
        day = workbook.add_format({"num_format": "dd.mm.yyyy"})
        for row_index, row in enumerate(rows, start=start):
            for column, value in enumerate(row):
                if value is None:
                    continue
                if isinstance(value, float):
                    sheet.write_number(row_index, column, value, decimal)
                elif isinstance(value, date):
                    sheet.write_datetime(row_index, column, value, day)
                else:
                    sheet.write(row_index, column, value)


class AttestationXlsx(models.AbstractModel):
    _name = "report.hexlet_journal_reports.report_attestation_xlsx"
    _inherit = "report.hexlet_journal_reports.xlsx_document"
    _description = "Attestation Statement XLSX"

    def generate_xlsx_report(self, workbook, data, objects):
        check_staff_reader(self.env)
        objects.check_access("read")
        Line = self.env["edu.attestation.line"]
        for statement in objects:
            lines = Line.search([("attestation_id", "=", statement.id)])
            sheet = self._sheet(
                workbook,
                f"{statement.group_id.name} {statement.discipline_id.code}",
                ["ФИО студента", "№ зачётной книжки", "Допуск", "Оценка", "Средний балл"],
            )
            self._rows(
                workbook,
                sheet,
                [
                    (
                        line.student_id.name,
                        line.student_id.record_book_number,
                        "допущен" if line.admitted else "не допущен",
                        RESULT_WORDS.get(line.result, ""),
                        line.current_average,
                    )
                    for line in lines
                ],
            )
            sheet.write(len(lines) + 2, 0, f"Форма: {FORMS.get(statement.form)}")


class MemoXlsx(models.AbstractModel):
    _name = "report.hexlet_journal_reports.report_memo_xlsx"
    _inherit = "report.hexlet_journal_reports.xlsx_document"
    _description = "Memo XLSX"

    def generate_xlsx_report(self, workbook, data, objects):
        objects.check_access("read")
        for memo in objects:
            sheet = self._sheet(
                workbook,
                memo.name,
                ["Преподаватель", "Журнал", "Дата", "Пара", "Нарушение", "Задержка"],
            )
            self._rows(
                workbook,
                sheet,
                [
                    (
                        issue.teacher_id.name,
                        issue.assignment_id.name,
                        issue.date,
                        issue.pair_number,
                        ISSUE_KINDS[issue.kind],
                        issue.delay_days,
                    )
                    for issue in memo.weekly_check_id.issue_ids
                ],
            )


class InspectionXlsx(models.AbstractModel):
    _name = "report.hexlet_journal_reports.report_inspection_xlsx"
    _inherit = "report.hexlet_journal_reports.xlsx_document"
    _description = "Inspection XLSX"

    def generate_xlsx_report(self, workbook, data, objects):
        objects.check_access("read")
        for inspection in objects:
            sheet = self._sheet(
                workbook,
                f"Проверка {format_day(self.env, inspection.date_from)}",
                [
                    "Журнал", "Преподаватель", "По расписанию", "Внесено", "Не внесено",
                    "Своевременно, %", "Средняя задержка", "Часы КТП дано", "Часы КТП по плану",
                    "Часы по УП", "Оценок на студента в месяц", "Посещаемость, %",
                ],
            )  # fmt: skip
            self._rows(
                workbook,
                sheet,
                [
                    (
                        line.assignment_id.name,
                        line.teacher_id.name,
                        line.lessons_due,
                        line.lessons_entered,
                        line.lessons_missing,
                        line.on_time_pct,
                        line.avg_delay,
                        line.hours_given_total,
                        line.hours_planned_to_date,
                        line.hours_curriculum,
                        line.marks_per_student_month,
                        line.attendance_pct,
                    )
                    for line in inspection.line_ids
                ],
            )


class ActivityXlsx(models.AbstractModel):
    _name = "report.hexlet_journal_reports.report_activity_xlsx"
    _inherit = "report.hexlet_journal_reports.xlsx_document"
    _description = "User Activity XLSX"

    def generate_xlsx_report(self, workbook, data, objects):
        self.env["edu.journal.report.wizard"].check_access("create")
        _date_from, _date_to, rows = self.env[
            "report.hexlet_journal_reports.report_activity"
        ]._rows(data)
        sheet = self._sheet(
            workbook,
            "Активность",
            ["Преподаватель", "Внесено занятий", "Своевременно, %", "С опозданием",
             "Средняя задержка", "Не внесено", "Изменено после дня занятия"],
        )  # fmt: skip
        self._rows(
            workbook,
            sheet,
            [
                (
                    row["teacher"],
                    row["lessons_entered"],
                    row["on_time_pct"],
                    row["late_count"],
                    row["avg_delay"],
                    row["lessons_missing"],
                    row["changed_after_day"],
                )
                for row in rows
            ],
        )


class CouncilXlsx(models.AbstractModel):
    _name = "report.hexlet_journal_reports.report_council_xlsx"
    _inherit = "report.hexlet_journal_reports.xlsx_document"
    _description = "Council Results XLSX"

    def generate_xlsx_report(self, workbook, data, objects):
        self.env["edu.journal.report.wizard"].check_access("create")
        Council = self.env["report.hexlet_journal_reports.report_council"]
        tables = Council._tables(data)
        for key, (title, key_label) in Council._table_labels().items():
            sheet = self._sheet(
                workbook,
                title,
                [key_label, "Студентов", "Успеваемость, %", "Качество знаний, %",
                 "Посещаемость, %", "Без уважительной причины, %"],
            )  # fmt: skip
            self._rows(
                workbook,
                sheet,
                [
                    (
                        row["name"],
                        row["students"],
                        row["progress_pct"],
                        row["quality_pct"],
                        row["attendance_pct"],
                        row["unexcused_pct"],
                    )
                    for row in tables[key]
                ],
            )
            if not tables[key]:
                sheet.write(1, 0, self.env._("No data"))


class SummaryXlsx(models.AbstractModel):
    _name = "report.hexlet_journal_reports.report_summary_xlsx"
    _inherit = "report.hexlet_journal_reports.xlsx_document"
    _description = "Summary Statement XLSX"

    def generate_xlsx_report(self, workbook, data, objects):
        check_staff_reader(self.env)
        Summary = self.env["report.hexlet_journal_reports.report_summary"]
        groups, terms = Summary._period(data)
        env = self.env
        for summary in Summary._summaries(groups, terms) if groups and terms else []:
            columns = [
                f"{column['code']} {column['name']}"
                + (f" ({column['subgroup']})" if column["subgroup"] else "")
                + ", "
                + env._("%(term)s term", term=column["term"])
                for column in summary["columns"]
            ]
            sheet = self._sheet(
                workbook,
                summary["group"].name,
                [
                    env._("Student"),
                    env._("Record Book No."),
                    *columns,
                    env._("Average"),
                    env._("Absences"),
                    env._("Unexcused"),
                ],
            )
            self._rows(
                workbook,
                sheet,
                [
                    (
                        row["name"],
                        row["record_book"],
                        *row["cells"],
                        row["average"],
                        row["absences"],
                        row["unexcused"],
                    )
                    for row in summary["rows"]
                ],
                number_format="0.00",
            )
            end = len(summary["rows"]) + 2
            self._rows(
                workbook,
                sheet,
                [
                    (env._("Progress, %"), summary["progress_pct"]),
                    (env._("Quality, %"), summary["quality_pct"]),
                    (env._("Attendance, %"), summary["attendance_pct"]),
                ],
                start=end,
                number_format="0.0",
            )
