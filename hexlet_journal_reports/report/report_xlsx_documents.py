"""XLSX versions of the documents, through the OCA's report_xlsx."""

from datetime import date, datetime

from odoo import models

from ..tools import check_staff_reader, format_day, translate_labels
from .report_attestation import ADMISSION, FORMS, RESULT_WORDS
from .report_memo import ISSUE_KINDS


class XlsxDocument(models.AbstractModel):
    """The titles and headers are translated with ``self.env._``: the env of the
    report, which ir.actions.report._render_xlsx puts in the document's language
    (Russian when installed), as for the PDFs."""

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
        as dd.mm.yyyy, moments (naive, in college time) as dd.mm.yyyy hh:mm; a
        figure without data (None) stays empty."""
        decimal = workbook.add_format({"num_format": number_format})
        day = workbook.add_format({"num_format": "dd.mm.yyyy"})
        moment = workbook.add_format({"num_format": "dd.mm.yyyy hh:mm"})
        for row_index, row in enumerate(rows, start=start):
            for column, value in enumerate(row):
                if value is None:
                    continue
                if isinstance(value, float):
                    sheet.write_number(row_index, column, value, decimal)
                elif isinstance(value, datetime):
                    sheet.write_datetime(row_index, column, value, moment)
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
        env = self.env
        result_words = translate_labels(env, RESULT_WORDS)
        admission_words = translate_labels(env, ADMISSION)
        forms = translate_labels(env, FORMS)
        Line = env["edu.attestation.line"]
        for statement in objects:
            lines = Line.search([("attestation_id", "=", statement.id)])
            sheet = self._sheet(
                workbook,
                f"{statement.group_id.name} {statement.discipline_id.code}",
                [
                    env._("Student's full name"),
                    env._("Record Book No."),
                    env._("Admission"),
                    env._("Mark"),
                    env._("Average"),
                ],
            )
            self._rows(
                workbook,
                sheet,
                [
                    (
                        line.student_id.name,
                        line.student_id.record_book_number,
                        admission_words[bool(line.admitted)],
                        result_words.get(line.result, ""),
                        line.current_average,
                    )
                    for line in lines
                ],
            )
            sheet.write(len(lines) + 2, 0, env._("Form: %(form)s", form=forms.get(statement.form)))


class MemoXlsx(models.AbstractModel):
    _name = "report.hexlet_journal_reports.report_memo_xlsx"
    _inherit = "report.hexlet_journal_reports.xlsx_document"
    _description = "Memo XLSX"

    def generate_xlsx_report(self, workbook, data, objects):
        objects.check_access("read")
        env = self.env
        issue_kinds = translate_labels(env, ISSUE_KINDS)
        for memo in objects:
            sheet = self._sheet(
                workbook,
                memo.name,
                [
                    env._("Teacher"),
                    env._("Journal"),
                    env._("Date"),
                    env._("Pair"),
                    env._("Violation"),
                    env._("Delay"),
                ],
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
                        issue_kinds[issue.kind],
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
        env = self.env
        for inspection in objects:
            sheet = self._sheet(
                workbook,
                env._("Inspection %(date)s", date=format_day(env, inspection.date_from)),
                [
                    env._("Journal"),
                    env._("Teacher"),
                    env._("Scheduled"),
                    env._("Entered"),
                    env._("Not entered"),
                    env._("On time, %"),
                    env._("Average delay"),
                    env._("Topic plan hours given"),
                    env._("Topic plan hours planned"),
                    env._("Curriculum hours"),
                    env._("Marks per student a month"),
                    env._("Attendance, %"),
                    env._("Marks"),
                    env._("Average mark"),
                    env._("2s, %"),
                    env._("Pass rate, %"),
                    env._("Quality, %"),
                    env._("Without marks"),
                    env._("Many unexcused absences"),
                    env._("Planned topics not given"),
                    env._("Topics out of order"),
                    env._("Hours short"),
                ],
            )
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
                        line.marks_count,
                        line.avg_mark,
                        line.twos_pct,
                        line.progress_pct,
                        line.quality_pct,
                        line.students_without_marks,
                        line.students_many_absences,
                        line.topics_not_given,
                        line.topics_out_of_order,
                        line.hours_short,
                    )
                    for line in inspection.line_ids
                ],
            )


class ActivityXlsx(models.AbstractModel):
    _name = "report.hexlet_journal_reports.report_activity_xlsx"
    _inherit = "report.hexlet_journal_reports.xlsx_document"
    _description = "User Activity XLSX"

    def generate_xlsx_report(self, workbook, data, objects):
        env = self.env
        sections = env["report.hexlet_journal_reports.report_activity"]._sections(data)
        sheet = self._sheet(
            workbook,
            env._("Teachers"),
            [
                env._("Teacher"),
                env._("Lessons entered"),
                env._("On time"),
                env._("On time, %"),
                env._("Late"),
                env._("Average delay"),
                env._("Not entered"),
                env._("Marks changed after the lesson's day"),
                env._("Attendance changed after the lesson's day"),
            ],
        )
        self._rows(
            workbook,
            sheet,
            [
                (
                    row["teacher"],
                    row["lessons_entered"],
                    row["on_time_count"],
                    row["on_time_pct"],
                    row["late_count"],
                    row["avg_delay"],
                    row["lessons_missing"],
                    row["changed_marks"],
                    row["changed_attendance"],
                )
                for row in sections["teachers"]
            ],
        )
        sheet = self._sheet(
            workbook,
            env._("Curators"),
            [
                env._("Curator"),
                env._("Group"),
                env._("Weekly checks due"),
                env._("Confirmed"),
                env._("Confirmed on time"),
                env._("Not confirmed"),
                env._("Confirmed on"),
                env._("Memos written"),
                env._("Students to report to the family"),
                env._("Parents informed"),
            ],
        )
        self._rows(
            workbook,
            sheet,
            [
                (
                    row["curator"],
                    row["group"],
                    row["weeks_due"],
                    row["confirmed"],
                    row["on_time"],
                    row["not_confirmed"],
                    ", ".join(format_day(env, day) for day in row["confirmed_on"]),
                    row["memos"],
                    row["students_to_report"],
                    row["parents_informed"],
                )
                for row in sections["curators"]
            ],
        )
        sheet = self._sheet(
            workbook,
            env._("Logins"),
            [env._("User"), env._("Role"), env._("Logins in the period"), env._("Last login")],
        )
        self._rows(
            workbook,
            sheet,
            [
                (row["user"], row["roles"], row["logins"], row["last_login"] or None)
                for row in sections["logins"]
            ],
        )


class CouncilXlsx(models.AbstractModel):
    _name = "report.hexlet_journal_reports.report_council_xlsx"
    _inherit = "report.hexlet_journal_reports.xlsx_document"
    _description = "Council Results XLSX"

    def generate_xlsx_report(self, workbook, data, objects):
        env = self.env
        env["edu.journal.report.wizard"].check_access("create")
        Council = env["report.hexlet_journal_reports.report_council"]
        tables = Council._tables(data)
        for key, (title, key_label) in Council._table_labels().items():
            sheet = self._sheet(
                workbook,
                title,
                [
                    key_label,
                    env._("No. of students"),
                    env._("Progress, %"),
                    env._("Knowledge quality, %"),
                    env._("Attendance, %"),
                    env._("Without a valid reason, %"),
                ],
            )
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
                sheet.write(1, 0, env._("No data"))


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
