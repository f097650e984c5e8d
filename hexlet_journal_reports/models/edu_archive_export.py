"""The machine-readable export of an archived year: one JSON Lines file per
table, one object per line, ids as in the database so the tables join. The
schema below is the documentation: it goes into the archive as
``data/schema.json`` and README's «Архив» section points at it."""

import json
import tempfile

from odoo import api, fields, models
from odoo.tools import SQL

# table: (what a line is, {column: (JSON type, meaning)})
SCHEMA = {
    "students": (
        "A student who was a member of one of the year's groups.",
        {
            "id": ("integer", "Student id"),
            "name": ("string", "Full name (ФИО)"),
            "record_book_number": ("string|null", "Record book number (№ зачётной книжки)"),
            "program_code": ("string|null", "Programme code (код специальности)"),
            "program": ("string|null", "Programme (специальность)"),
            "enrollment_date": ("date|null", "Enrolled on (YYYY-MM-DD)"),
            "state": ("string", "active (studying) | academic_leave | expelled | graduated"),
        },
    ),
    "memberships": (
        "A period a student spent in a group, overlapping the year.",
        {
            "id": ("integer", "Membership id"),
            "student_id": ("integer", "students.id"),
            "group": ("string", "Group (группа)"),
            "date_from": ("date", "First day in the group"),
            "date_to": ("date|null", "Last day in the group, null while still in it"),
        },
    ),
    "journals": (
        "A journal: one discipline taught to a group (or subgroup) in a term.",
        {
            "id": ("integer", "Journal id"),
            "term": ("integer", "Term number in the year (1, 2)"),
            "group": ("string", "Group"),
            "subgroup": ("string|null", "Subgroup"),
            "discipline_code": ("string|null", "Discipline code (индекс)"),
            "discipline": ("string", "Discipline"),
            "teacher": ("string", "Teacher"),
            "attestation_form": ("string|null", "exam | diff_credit | credit | other | none"),
            "planned_hours": ("number", "Hours of the curriculum"),
        },
    ),
    "lessons": (
        "A lesson entered in a journal.",
        {
            "id": ("integer", "Lesson id"),
            "journal_id": ("integer", "journals.id"),
            "date": ("date", "Date of the lesson"),
            "pair": ("integer", "Pair number"),
            "kind": ("string", "Lesson kind"),
            "hours": ("number", "Academic hours"),
            "practical_number": ("integer|null", "ПЗ №"),
            "topic": ("string|null", "Topic"),
            "homework": ("string|null", "Homework"),
            "teacher": ("string|null", "Teacher who gave it"),
            "planned_teacher": (
                "string|null",
                "Teacher of the timetable (differs: a substitution)",
            ),
            "entered_at": ("datetime|null", "When it was entered (UTC)"),
        },
    ),
    "cells": (
        "A cell of a lesson: a student's mark and/or absence.",
        {
            "id": ("integer", "Cell id"),
            "lesson_id": ("integer", "lessons.id"),
            "student_id": ("integer", "students.id"),
            "absent": ("boolean", "«н»"),
            "mark": ("string|null", "Mark: 2–5, pass/fail or null"),
            "comment": ("string|null", "Teacher's remark"),
        },
    ),
    "statements": (
        "A student's line of an attestation statement (ведомость) of the year.",
        {
            "statement_id": ("integer", "Statement id"),
            "journal_id": ("integer", "journals.id"),
            "date": ("date", "Date of the statement"),
            "form": ("string", "Attestation form"),
            "state": ("string", "draft | done"),
            "student_id": ("integer", "students.id"),
            "admitted": ("boolean", "Admitted (допущен)"),
            "result": ("string|null", "Result on the statement"),
            "final_result": ("string|null", "Result after retakes"),
        },
    ),
    "orders": (
        "A line of a contingent order (приказ) of the year's students.",
        {
            "order_id": ("integer", "Order id"),
            "number": ("string|null", "Order number"),
            "date": ("date", "Order date"),
            "order_type": ("string", "Order type"),
            "state": ("string", "Order state"),
            "student_id": ("integer", "students.id"),
            "from_group": ("string|null", "Group left"),
            "to_group": ("string|null", "Group joined"),
            "effective_date": ("date|null", "In force from"),
        },
    ),
}

BATCH = 5000


def _value(value):
    if value is False:
        return None
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


class EduArchiveExport(models.AbstractModel):
    _name = "edu.archive.export"
    _description = "Archive Data Export"

    @api.model
    def _tables(self):
        return list(SCHEMA)

    @api.model
    def _schema_json(self):
        schema = {
            "format": "JSON Lines (UTF-8): one JSON object per line, one file per table",
            "tables": {
                table: {
                    "file": f"data/{table}.jsonl",
                    "line": line,
                    "columns": {
                        column: {"type": kind, "meaning": meaning}
                        for column, (kind, meaning) in columns.items()
                    },
                }
                for table, (line, columns) in SCHEMA.items()
            },
        }
        return json.dumps(schema, ensure_ascii=False, indent=2).encode()

    @api.model
    def _jsonl(self, table, year):
        """The table's lines for the year, as bytes: read in batches and
        written to a temporary file as they come, so that the process holds
        the file once (a large college's cells are half a gigabyte), not its
        lines as well."""
        rows = getattr(self, f"_rows_{table}")(year)
        columns = list(SCHEMA[table][1])
        with tempfile.TemporaryFile() as spool:
            for row in rows:
                spool.write(
                    json.dumps(
                        {column: _value(row.get(column)) for column in columns},
                        ensure_ascii=False,
                    ).encode()
                )
                spool.write(b"\n")
            spool.seek(0)
            return spool.read()

    def _journals(self, year):
        return (
            self.env["edu.teaching.assignment"]
            .sudo()
            .with_context(active_test=False)
            .search([("term_id", "in", year.term_ids.ids)], order="id")
        )

    def _memberships(self, year):
        Membership = self.env["edu.group.membership"].sudo()
        return Membership.search(
            [
                ("group_id", "in", self._journals(year).group_id.ids),
                *Membership._period_domain(year.date_start, year.date_end),
            ],
            order="id",
        )

    def _students(self, year):
        return self._memberships(year).student_id.with_context(active_test=False).sorted("id")

    def _rows_students(self, year):
        for student in self._students(year):
            yield {
                "id": student.id,
                "name": student.name,
                "record_book_number": student.record_book_number,
                "program_code": student.program_id.code,
                "program": student.program_id.name,
                "enrollment_date": student.enrollment_date,
                "state": student.state,
            }

    def _rows_memberships(self, year):
        for membership in self._memberships(year):
            yield {
                "id": membership.id,
                "student_id": membership.student_id.id,
                "group": membership.group_id.name,
                "date_from": membership.date_from,
                "date_to": membership.date_to,
            }

    def _rows_journals(self, year):
        for journal in self._journals(year):
            yield {
                "id": journal.id,
                "term": int(journal.term_id.number or 0),
                "group": journal.group_id.name,
                "subgroup": journal.subgroup_id.name,
                "discipline_code": journal.discipline_id.code,
                "discipline": journal.discipline_id.name,
                "teacher": journal.teacher_id.name,
                "attestation_form": journal.attestation_form,
                "planned_hours": journal.planned_hours,
            }

    def _rows_lessons(self, year):
        Lesson = self.env["edu.lesson"].sudo().with_context(active_test=False)
        domain = [("term_id", "in", year.term_ids.ids)]
        offset = 0
        while True:
            lessons = Lesson.search_fetch(
                domain,
                [
                    "assignment_id",
                    "date",
                    "pair_number",
                    "kind",
                    "hours",
                    "practical_number",
                    "topic",
                    "homework",
                    "teacher_id",
                    "planned_teacher_id",
                    "entered_at",
                ],
                order="id",
                limit=BATCH,
                offset=offset,
            )
            if not lessons:
                return
            for lesson in lessons:
                yield {
                    "id": lesson.id,
                    "journal_id": lesson.assignment_id.id,
                    "date": lesson.date,
                    "pair": lesson.pair_number,
                    "kind": lesson.kind,
                    "hours": lesson.hours,
                    "practical_number": lesson.practical_number or None,
                    "topic": lesson.topic,
                    "homework": lesson.homework,
                    "teacher": lesson.teacher_id.name,
                    "planned_teacher": lesson.planned_teacher_id.name,
                    "entered_at": lesson.entered_at
                    and fields.Datetime.to_string(lesson.entered_at),
                }
            offset += BATCH
            lessons.invalidate_recordset()

    def _rows_cells(self, year):
        # the largest table (millions of cells in a big college): straight from SQL
        # a batch after the last one's id: never the whole table in the process
        self.env["edu.lesson.entry"].flush_model()
        self.env["edu.lesson"].flush_model(["term_id"])
        last = 0
        while rows := self.env.execute_query(
            SQL(
                """SELECT entry.id, entry.lesson_id, entry.student_id, entry.absent,
                          entry.mark, entry.comment
                     FROM edu_lesson_entry entry
                     JOIN edu_lesson lesson ON lesson.id = entry.lesson_id
                    WHERE lesson.term_id = ANY(%s) AND entry.id > %s
                 ORDER BY entry.id
                    LIMIT %s""",
                year.term_ids.ids,
                last,
                BATCH,
            )
        ):
            last = rows[-1][0]
            for cell_id, lesson_id, student_id, absent, mark, comment in rows:
                yield {
                    "id": cell_id,
                    "lesson_id": lesson_id,
                    "student_id": student_id,
                    "absent": bool(absent),
                    "mark": mark or None,
                    "comment": comment or None,
                }

    def _rows_statements(self, year):
        lines = (
            self.env["edu.attestation.line"]
            .sudo()
            .search(
                [("attestation_id.term_id", "in", year.term_ids.ids)],
                order="attestation_id, id",
            )
        )
        for line in lines:
            statement = line.attestation_id
            yield {
                "statement_id": statement.id,
                "journal_id": statement.assignment_id.id,
                "date": statement.date,
                "form": statement.form,
                "state": statement.state,
                "student_id": line.student_id.id,
                "admitted": line.admitted,
                "result": line.result,
                "final_result": line.final_result,
            }

    def _rows_orders(self, year):
        lines = (
            self.env["edu.contingent.order.line"]
            .sudo()
            .search(
                [
                    ("student_id", "in", self._students(year).ids),
                    ("order_id.date", ">=", year.date_start),
                    ("order_id.date", "<=", year.date_end),
                ],
                order="order_id, id",
            )
        )
        for line in lines:
            order = line.order_id
            yield {
                "order_id": order.id,
                "number": order.name,
                "date": order.date,
                "order_type": order.order_type,
                "state": order.state,
                "student_id": line.student_id.id,
                "from_group": line.from_group_id.name,
                "to_group": line.to_group_id.name,
                "effective_date": line.effective_date,
            }
