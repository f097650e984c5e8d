"""The student's record (учебная карточка, §2.1): every discipline of every term
with its attestation result, the average and the absences, and the orders that
moved the student."""

from odoo import api, fields, models
from odoo.exceptions import AccessError

from odoo.addons.hexlet_journal.models.edu_attestation import PASSED
from odoo.addons.hexlet_journal.models.edu_group_membership import period_overlaps

from ..tools import check_staff_reader


class ReportStudentRecord(models.AbstractModel):
    _name = "report.hexlet_journal_reports.report_student_record"
    _inherit = "report.hexlet_journal_reports.document"
    _description = "Student Record"

    def _check_document_reader(self):
        """Checked per student in ``_check_record_reader``."""

    @api.model
    def _check_record_reader(self, students):
        """Staff print the records they may read; a student prints his own (the
        portal's «Учебная карточка»), nobody else's, and a parent none."""
        user = self.env.user
        if user.share and not self.env.su:
            if students.sudo().user_id != user or len(students) != 1:
                raise AccessError(self.env._("A student prints his own record only."))
            return
        check_staff_reader(self.env)
        students.check_access("read")

    @api.model
    def _records(self, students, until=None):
        """Per student: terms in order, each with its disciplines (form, result,
        average, absences), and the orders — read for all the students at once.
        ``until`` (a date): the record as it stood then — the terms begun and the
        orders given by that day (an archived year's record)."""
        env = self.env
        students = students.sudo()
        memberships = (
            env["edu.group.membership"]
            .sudo()
            .search_fetch(
                [("student_id", "in", students.ids)],
                ["student_id", "group_id", "date_from", "date_to"],
            )
        )
        journals = (
            env["edu.teaching.assignment"]
            .sudo()
            .with_context(active_test=False)
            .search([("group_id", "in", memberships.group_id.ids)])
        )
        entries = (
            env["edu.lesson.entry"]
            .sudo()
            .search_fetch(
                [
                    ("student_id", "in", students.ids),
                    ("assignment_id", "in", journals.ids),
                    "|",
                    ("absent", "=", True),
                    ("mark", "!=", False),
                ],
                ["student_id", "date", "absent", "mark", "assignment_id"],
                order="date, id",
            )
        )
        tallies = entries._tally(key=lambda entry: (entry.student_id.id, entry.assignment_id.id))
        lines = (
            env["edu.attestation.line"]
            .sudo()
            .search_fetch(
                [
                    ("student_id", "in", students.ids),
                    ("attestation_id.assignment_id", "in", journals.ids),
                ],
                ["student_id", "attestation_id", "final_result", "state"],
            )
        )
        results = {
            (line.student_id.id, line.attestation_id.assignment_id.id): line for line in lines
        }
        labels = dict(
            env["edu.attestation.line"]._fields["final_result"]._description_selection(env)
        )
        forms = dict(
            env["edu.teaching.assignment"]._fields["attestation_form"]._description_selection(env)
        )
        order_types = dict(
            env["edu.contingent.order"]._fields["order_type"]._description_selection(env)
        )
        order_lines = (
            env["edu.contingent.order.line"]
            .sudo()
            .search(
                [
                    ("student_id", "in", students.ids),
                    ("order_id.state", "=", "done"),
                    *([("order_id.date", "<=", until)] if until else []),
                ],
                order="effective_date, id",
            )
        )
        # a split journal is the student's only for the terms he was in its subgroup
        split = (
            journals.filtered("subgroup_id")
            .sudo()
            ._member_periods(
                min(journals.term_id.mapped("date_start")),
                max(journals.term_id.mapped("date_end")),
            )
            if journals.filtered("subgroup_id")
            else {}
        )
        records = []
        for student in students:
            mine = memberships.filtered(lambda membership, s=student: membership.student_id == s)
            terms = []
            for term in journals.term_id.sorted("date_start"):
                if until and term.date_start > until:
                    continue
                rows = []
                for journal in journals.filtered(lambda j, t=term: j.term_id == t).sorted(
                    lambda j: (j.discipline_id.code or "", j.discipline_id.name or "")
                ):
                    if not any(
                        membership.group_id == journal.group_id
                        and membership._overlaps(term.date_start, term.date_end)
                        for membership in mine
                    ):
                        continue
                    if journal.subgroup_id and not any(
                        period_overlaps(start, end, term.date_start, term.date_end)
                        for start, end in split[journal.id].get(student.id, ())
                    ):
                        continue
                    tally = tallies.get((student.id, journal.id), {})
                    line = results.get((student.id, journal.id))
                    done = line and line.state == "done" and line.final_result
                    rows.append(
                        {
                            "code": journal.discipline_id.code or "",
                            "name": journal.discipline_id.name or "",
                            "form": forms.get(journal.attestation_form, ""),
                            "result": labels.get(line.final_result, "") if done else "",
                            "debt": bool(done and line.final_result not in PASSED),
                            "average": tally.get("average") or None,
                            "absences": tally.get("absences", 0),
                            "unexcused": tally.get("unexcused", 0),
                        }
                    )
                if rows:
                    terms.append({"name": term.display_name, "rows": rows})
            records.append(
                {
                    "student": student,
                    "group": student.group_id.name or "",
                    "program": student.group_id.program_id.display_name or "",
                    "terms": terms,
                    "orders": [
                        {
                            "number": line.order_id.name,
                            "date": line.order_id.date,
                            "effective": line.effective_date,
                            "kind": order_types.get(line.order_type, ""),
                            "from": line.from_group_id.name or "",
                            "to": line.to_group_id.name or "",
                        }
                        for line in order_lines
                        if line.student_id == student
                    ],
                }
            )
        return records

    @api.model
    def _until(self, data):
        """The day the record stops at, from the report's data (the archive's)."""
        value = (data or {}).get("until")
        try:
            return fields.Date.to_date(value) if isinstance(value, str) else None
        except ValueError:
            return None

    @api.model
    def _get_report_values(self, docids, data=None):
        students = self.env["edu.student"].browse(docids)
        self._check_record_reader(students)
        return {
            "doc_ids": docids,
            "doc_model": "edu.student",
            "docs": students,
            **self._document_values(),
            **self._head_signature(),
            "records": self._records(students, self._until(data)),
        }
