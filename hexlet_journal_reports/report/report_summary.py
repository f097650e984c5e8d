"""Сводная ведомость: a group's students × disciplines of a term or a year, with
the attestation results, the averages and the absences, and the group's
успеваемость and качество counted as the council report counts them."""

from odoo import api, models

from odoo.addons.hexlet_journal.tools.arguments import MAX_ID

from ..tools import check_staff_reader


def ids_argument(value):
    """Record ids a client sent in a report's data, the others dropped."""
    if not isinstance(value, (list, tuple)):
        return []
    return [one for one in value if type(one) is int and 0 < one <= MAX_ID]


class ReportSummary(models.AbstractModel):
    _name = "report.hexlet_journal_reports.report_summary"
    _inherit = "report.hexlet_journal_reports.document"
    _description = "Summary Statement"

    @api.model
    def _short_results(self):
        env = self.env
        return {
            "5": "5",
            "4": "4",
            "3": "3",
            "2": "2",
            "pass": env._("pass"),
            "fail": env._("fail"),
            "no_show": env._("no-show"),
            "not_admitted": env._("not adm."),
        }

    @api.model
    def _summaries(self, groups, terms):
        """Per group: the journals of the terms (columns), its students of the
        period (rows) with each journal's final result, the average of their
        5-point marks, their absences (unexcused apart), and the group's totals."""
        env = self.env
        groups.check_access("read")
        Journal = env["edu.teaching.assignment"].with_context(active_test=False)
        journals = Journal.search(
            [("group_id", "in", groups.ids), ("term_id", "in", terms.ids)]
        ).sorted(
            lambda journal: (
                journal.term_id.date_start,
                journal.discipline_id.code or "",
                journal.subgroup_id.name or "",
            )
        )
        date_from, date_to = min(terms.mapped("date_start")), max(terms.mapped("date_end"))
        Membership = env["edu.group.membership"].sudo()
        memberships = Membership.search_fetch(
            [("group_id", "in", groups.ids), *Membership._period_domain(date_from, date_to)],
            ["student_id", "group_id"],
        )
        lines = (
            env["edu.attestation.line"]
            .sudo()
            .search_fetch(
                [("attestation_id.assignment_id", "in", journals.ids)],
                ["attestation_id", "student_id", "final_result", "state"],
            )
        )
        results = {
            (line.attestation_id.assignment_id.id, line.student_id.id): line.final_result
            for line in lines
            if line.state == "done" and line.final_result
        }
        entries = (
            env["edu.lesson.entry"]
            .sudo()
            .search_fetch(
                [
                    ("assignment_id", "in", journals.ids),
                    "|",
                    ("absent", "=", True),
                    ("mark", "!=", False),
                ],
                ["student_id", "date", "absent", "mark", "assignment_id"],
                order="date, id",
            )
        )
        tallies = entries._tally(
            key=lambda entry: (entry.assignment_id.group_id.id, entry.student_id.id)
        )
        totals = env["edu.journal.metrics"].sudo()._council_results(terms, "group_id", groups)
        short = self._short_results()
        summaries = []
        for group in groups:
            columns = journals.filtered(lambda journal, group=group: journal.group_id == group)
            students = (
                memberships.filtered(lambda membership, group=group: membership.group_id == group)
                .student_id.sudo()
                .sorted(lambda student: (student.name, student.id))
            )
            rows = []
            for student in students:
                tally = tallies.get((group.id, student.id), {})
                rows.append(
                    {
                        "name": student.name,
                        "record_book": student.record_book_number or "",
                        "cells": [
                            short.get(results.get((journal.id, student.id)), "")
                            for journal in columns
                        ],
                        "average": tally.get("average") or None,
                        "absences": tally.get("absences", 0),
                        "unexcused": tally.get("unexcused", 0),
                    }
                )
            figures = totals.get(group, {})
            summaries.append(
                {
                    "group": group,
                    "period": ", ".join(terms.sorted("date_start").mapped("display_name")),
                    "columns": [
                        {
                            "code": journal.discipline_id.code or "",
                            "name": journal.discipline_id.name or "",
                            "subgroup": journal.subgroup_id.name or "",
                            "term": journal.term_id.number,
                        }
                        for journal in columns
                    ],
                    "rows": rows,
                    "progress_pct": figures.get("progress_pct"),
                    "quality_pct": figures.get("quality_pct"),
                    "attendance_pct": figures.get("attendance_pct"),
                }
            )
        return summaries

    @api.model
    def _period(self, data):
        data = data or {}
        groups = self.env["edu.group"].browse(ids_argument(data.get("group_ids"))).exists()
        terms = self.env["edu.term"].browse(ids_argument(data.get("term_ids"))).exists()
        return groups, terms

    @api.model
    def _get_report_values(self, docids, data=None):
        check_staff_reader(self.env)
        groups, terms = self._period(data)
        return {
            "doc_ids": docids,
            "docs": self.env["edu.journal.report.wizard"].browse(docids),
            **self._document_values(),
            **self._head_signature(),
            "summaries": self._summaries(groups, terms) if groups and terms else [],
        }
