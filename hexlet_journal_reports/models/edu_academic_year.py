from odoo import fields, models
from odoo.exceptions import UserError

from odoo.addons.hexlet_journal.tools import college_today

from ..tools import format_number


class EduAcademicYear(models.Model):
    _inherit = "edu.academic.year"

    archive_id = fields.One2many("edu.archive", "year_id")

    @staticmethod
    def _archive_issue(kind, label, record, blocking=False):
        """One finding of the completeness check, with the record it links to."""
        return {
            "blocking": blocking,
            "kind": kind,
            "label": label,
            "model": record._name,
            "res_id": record.id,
        }

    def _archive_issues(self):
        """What the completeness check finds before the year is archived (§7.4):
        a list of {blocking, kind, label, model, res_id}. Only open statements
        block; the rest may be overridden with a recorded reason."""
        self.ensure_one()
        env = self.env
        issues = []
        terms = self.term_ids
        journals = (
            env["edu.teaching.assignment"]
            .sudo()
            .with_context(active_test=False)
            .search([("term_id", "in", terms.ids)], order="name")
        )
        open_statements = (
            env["edu.attestation"]
            .sudo()
            .search([("term_id", "in", terms.ids), ("state", "!=", "done")], order="date, id")
        )
        issues += [
            self._archive_issue(
                "statement",
                env._("Statement not closed: %(statement)s", statement=statement.display_name),
                statement,
                blocking=True,
            )
            for statement in open_statements
        ]
        unlocks = (
            env["edu.journal.unlock"]
            .sudo()
            .search(
                [
                    ("assignment_id", "in", journals.ids),
                    ("valid_until", ">", fields.Datetime.now()),
                ]
            )
        )
        issues += [
            self._archive_issue(
                "unlock",
                env._("Journal still unlocked: %(journal)s", journal=unlock.assignment_id.name),
                unlock,
            )
            for unlock in unlocks
        ]
        today = college_today(env)
        Figures = env["edu.inspection.line"]
        for term in terms.sorted("number"):
            term_journals = journals.filtered(lambda journal, t=term: journal.term_id == t)
            if not term_journals:
                continue
            metrics = Figures._journal_metrics(
                term_journals, term.date_start, min(term.date_end, max(today, term.date_start))
            )
            for journal in term_journals:
                figures = metrics[journal.id]
                if figures["lessons_missing"]:
                    issues.append(
                        self._archive_issue(
                            "missing",
                            env._(
                                "%(journal)s: %(count)s lessons due by the timetable not entered",
                                journal=journal.name,
                                count=figures["lessons_missing"],
                            ),
                            journal,
                        )
                    )
                if figures["empty_topics"]:
                    issues.append(
                        self._archive_issue(
                            "topic",
                            env._(
                                "%(journal)s: %(count)s lessons without a topic",
                                journal=journal.name,
                                count=figures["empty_topics"],
                            ),
                            journal,
                        )
                    )
                planned = journal.planned_hours
                if planned and journal.topic_plan_hours < planned:
                    issues.append(
                        self._archive_issue(
                            "ktp",
                            env._(
                                "%(journal)s: the topic plan has %(ktp)s hours of the "
                                "%(planned)s of the curriculum",
                                journal=journal.name,
                                ktp=format_number(env, journal.topic_plan_hours, None),
                                planned=format_number(env, planned, None),
                            ),
                            journal,
                        )
                    )
                if journal.topic_plan_id.state != "approved":
                    # the journal's КТП, as its lessons see it (_uncovered_topic_lines):
                    # topics come from an approved one (§4.6), checked at year end (§7.3)
                    issues.append(
                        self._archive_issue(
                            "ktp_unapproved",
                            env._(
                                "%(journal)s: no approved topic plan",
                                journal=journal.name,
                            ),
                            journal,
                        )
                    )
        return issues

    def action_open_archive_wizard(self):
        self.ensure_one()
        self._check_administrator()
        wizard = self.env["edu.archive.wizard"].create({"year_id": self.id})
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Archive the Year %(year)s", year=self.name),
            "res_model": "edu.archive.wizard",
            "res_id": wizard.id,
            "view_mode": "form",
            "target": "new",
        }

    def action_open_archive(self):
        self.ensure_one()
        if not self.archive_id:
            raise UserError(self.env._("The year %(year)s has no archive.", year=self.name))
        return {
            "type": "ir.actions.act_window",
            "res_model": "edu.archive",
            "res_id": self.archive_id[:1].id,
            "view_mode": "form",
        }
