"""The benchmark's generator (``tools/bench_college.py``) writes lessons, cells,
their history, the timetable and statements with set-based SQL; this test runs
the very same generator on a tiny college and checks that every row it wrote
is what the ORM would have written — so a model that changes a computed
column, a constraint or a required field makes this test fail, naming the
model and the field, instead of the benchmark drifting silently.

It lives in the portal addon because the generator uses the three addons
(guardians with portal users, the archive of the earlier years). The generator
is a file of the repository's ``tools/``, not of the addon: where the addon is
installed without the repository (its wheel), the test is skipped."""

import importlib.util
from datetime import date
from pathlib import Path

from odoo.exceptions import UserError, ValidationError
from odoo.tests import TransactionCase, tagged
from odoo.tools import SQL

GENERATOR = Path(__file__).resolve().parents[2] / "tools" / "bench_college.py"
# the rules a model checks in ``create`` rather than in ``@api.constrains``
CREATE_CHECKS = {
    "edu.lesson": ("_check_topic_not_repeated",),
    "edu.lesson.entry": ("_check_entries",),
    "edu.attestation.line": ("_check_members",),
}
# a fixed day long before any demo year: the test does not depend on today
TODAY = date(2003, 6, 20)


def load_generator():
    spec = importlib.util.spec_from_file_location("hexlet_bench_college", GENERATOR)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def comparable(field, record):
    value = field.convert_to_write(record[field.name], record)
    if isinstance(value, float):
        return round(value, 6)
    return value


@tagged("post_install", "-at_install")
class TestBenchGenerator(TransactionCase):
    def test_generated_rows_are_what_the_orm_writes(self):
        if not GENERATOR.is_file():
            self.skipTest("tools/bench_college.py is not beside the addon (installed as a wheel)")
        college = load_generator()
        last_ids = {}
        for model in college.SQL_MODELS:
            self.env.cr.execute(
                SQL("SELECT COALESCE(max(id), 0) FROM %s", SQL.identifier(self.env[model]._table))
            )
            last_ids[model] = self.env.cr.fetchone()[0]
        generated = college.generate(
            self.env, "tiny", TODAY, full_year=True, prefix="gentest", log=lambda line: None
        )
        self.assertEqual(generated["years"], 3)
        self.env.invalidate_all()
        problems = []
        written = {}
        for model, last_id in last_ids.items():
            records = self.env[model].search([("id", ">", last_id)])
            written[model] = records
            if not records:
                problems.append(f"{model}: the generator wrote no row")
                continue
            problems += self.required_problems(records)
            problems += self.compute_problems(records)
            problems += self.constraint_problems(records)
        problems += self.history_problems(written["edu.lesson.entry"])
        self.assertFalse(
            problems,
            "The benchmark generator's SQL drifted from the models:\n" + "\n".join(problems),
        )
        # the statements of the finished terms are closed, each with a result per student
        self.assertEqual(set(written["edu.attestation"].mapped("state")), {"done"})
        self.assertTrue(all(written["edu.attestation.line"].mapped("final_result")))
        # the earlier years are archived, the weekly checks built, families can log in
        years = self.env["edu.academic.year"].search([("name", "like", "gentest")])
        self.assertEqual(sorted(years.mapped("state")), ["archived", "archived", "open"])
        self.assertTrue(generated["weekly_checks"])
        guardians = self.env["edu.guardian"].search([("partner_id.name", "like", "Родитель")])
        self.assertTrue(guardians.partner_id.user_ids)

    def required_problems(self, records):
        """A required stored field is set on every row."""
        problems = []
        for name, field in records._fields.items():
            if not (field.required and field.store and field.column_type) or name == "id":
                continue
            self.env.cr.execute(
                SQL(
                    "SELECT count(*) FROM %s WHERE id = ANY(%s) AND %s IS NULL",
                    SQL.identifier(records._table),
                    records.ids,
                    SQL.identifier(name),
                )
            )
            missing = self.env.cr.fetchone()[0]
            if missing:
                problems.append(f"{records._name}.{name}: required, empty on {missing} rows")
        return problems

    def compute_problems(self, records):
        """Every stored computed or related field, computed again by the ORM,
        equals what the SQL stored."""
        fields = [field for field in records._fields.values() if field.store and field.compute]
        records.invalidate_recordset()
        stored = {
            field.name: {record.id: comparable(field, record) for record in records}
            for field in fields
        }
        problems = []
        for field in fields:
            records.invalidate_recordset([field.name])
            self.env.add_to_compute(field, records)
            try:
                # computing checks the constraints on the computed value
                records._recompute_field(field)
            except (ValidationError, UserError) as error:
                problems.append(f"{records._name}.{field.name}: computing it fails: {error}")
                records.invalidate_recordset()
                continue
            wrong = [
                (record.id, stored[field.name][record.id], comparable(field, record))
                for record in records
                if comparable(field, record) != stored[field.name][record.id]
            ]
            if wrong:
                record_id, sql_value, orm_value = wrong[0]
                problems.append(
                    f"{records._name}.{field.name}: {len(wrong)} of {len(records)} rows differ "
                    f"from the ORM's computation (id {record_id}: SQL {sql_value!r}, "
                    f"ORM {orm_value!r})"
                )
        # what the test computed is not written: the rows stay as the SQL wrote them
        records.invalidate_recordset()
        return problems

    def constraint_problems(self, records):
        """Every ``@api.constrains`` and every rule the model checks on creation
        holds (SQL constraints and unique indexes held when the rows went in)."""
        problems = []
        try:
            records._validate_fields(list(records._fields))
        except (ValidationError, UserError) as error:
            problems.append(f"{records._name}: a constraint fails: {error}")
        for method in CREATE_CHECKS.get(records._name, ()):
            try:
                getattr(records, method)()
            except (ValidationError, UserError) as error:
                problems.append(f"{records._name}.{method}: fails: {error}")
        return problems

    def history_problems(self, entries):
        """Every filled cell has its history row, as ``_log_changes`` writes it:
        the last row of the cell shows its value, names its journal, group and
        lesson day, and the user who entered the lesson."""
        logs = self.env["edu.lesson.entry.log"].search_fetch(
            [("lesson_id", "in", entries.lesson_id.ids)],
            ["lesson_id", "assignment_id", "group_id", "lesson_date", "student_id", "user_id"]
            + ["new_value", "changed_at"],
            order="changed_at, id",
        )
        last = {(log.lesson_id.id, log.student_id.id): log for log in logs}
        problems = []
        for entry in entries:
            log = last.get((entry.lesson_id.id, entry.student_id.id))
            lesson = entry.lesson_id
            if not entry.value:
                if log:
                    problems.append(f"edu.lesson.entry.log: a blank cell has history ({log.id})")
                continue
            if not log:
                problems.append(f"edu.lesson.entry.log: the cell {entry.id} has no history row")
            elif (
                log.new_value,
                log.assignment_id,
                log.group_id,
                log.lesson_date,
                log.user_id,
            ) != (
                entry.value,
                lesson.assignment_id,
                lesson.group_id,
                lesson.date,
                lesson.entered_by_id,
            ):
                problems.append(
                    f"edu.lesson.entry.log: the row {log.id} does not match the cell {entry.id}"
                )
        return problems[:20]
