from collections import defaultdict

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from ..tools import format_day
from .edu_attestation import FORM_RESULTS, PASSED, RESULTS


class EduAttestationLine(models.Model):
    _name = "edu.attestation.line"
    _description = "Attestation Result"
    _inherit = ["edu.record.mixin"]
    _year_path = "attestation_id.term_id.year_id"
    _create_only = ("attestation_id", "student_id")
    _order = "attestation_id, student_name, id"

    attestation_id = fields.Many2one(
        "edu.attestation", string="Statement", required=True, index=True, ondelete="cascade"
    )
    student_id = fields.Many2one("edu.student", required=True, index=True)
    student_name = fields.Char(related="student_id.name", store=True)
    form = fields.Selection(related="attestation_id.form")
    state = fields.Selection(related="attestation_id.state")
    current_average = fields.Float(
        compute="_compute_admission_data",
        store=True,
        help="Average of the student's 5-point marks in the journal up to the statement date.",
    )
    unexcused_share = fields.Float(
        string="Unexcused Absences (%)", compute="_compute_admission_data", store=True
    )
    unresolved_fail = fields.Boolean(
        string="Unresolved 2",
        compute="_compute_admission_data",
        store=True,
        help="A 2 in the journal not followed by a better mark.",
    )
    suggested_admission = fields.Boolean(compute="_compute_admission_data", store=True)
    admitted = fields.Boolean(
        compute="_compute_admitted",
        store=True,
        readonly=False,
        help="Допуск: suggested by the rule, confirmed by the teacher.",
    )
    admission_note = fields.Char(
        string="Override Reason",
        help="Why a student the rule does not admit gets a result all the same.",
    )
    result = fields.Selection(RESULTS)
    allowed_results = fields.Char(
        compute="_compute_allowed_results",
        help="The results of the statement's form, for the picker: an exam offers no «зачтено».",
    )
    retake_ids = fields.One2many("edu.attestation.retake", "line_id", string="Retakes")
    final_result = fields.Selection(RESULTS, compute="_compute_final_result", store=True)
    passed = fields.Boolean(compute="_compute_final_result", store=True)

    _statement_student_uniq = models.UniqueIndex(
        "(attestation_id, student_id)",
        lambda env, diag: env._("A student has one line in a statement."),
    )

    @api.depends("attestation_id.form")
    def _compute_allowed_results(self):
        for line in self:
            allowed = FORM_RESULTS.get(line.attestation_id.form) or ()
            line.allowed_results = ",".join((*allowed, "no_show", "not_admitted"))

    @api.depends("attestation_id.date", "attestation_id.max_unexcused_share", "student_id")
    def _compute_admission_data(self):
        """The figures of every statement's students on its date: the statements
        of one date (a term's, created together) are read at once, in the three
        queries of ``_results_by_journal``, whatever their number."""
        by_date = defaultdict(list)
        for line in self:
            by_date[line.attestation_id.date].append(line)
        for day, lines in by_date.items():
            lines = self.browse().concat(*lines)
            data = lines.attestation_id.assignment_id.sudo()._results_by_journal(
                lines.student_id, day
            )
            for line in lines:
                statement = line.attestation_id
                stats = data.get(statement.assignment_id.id, {}).get(line.student_id.id, {})
                line.current_average = stats.get("average", 0.0)
                line.unexcused_share = stats.get("unexcused_share", 0.0)
                line.unresolved_fail = stats.get("unresolved_fail", False)
                line.suggested_admission = (
                    line.unexcused_share <= statement.max_unexcused_share
                    and not line.unresolved_fail
                )

    @api.depends("suggested_admission")
    def _compute_admitted(self):
        for line in self:
            line.admitted = line.suggested_admission

    @api.depends("result", "retake_ids.result", "retake_ids.date")
    def _compute_final_result(self):
        for line in self:
            retakes = line.retake_ids.filtered("result").sorted(
                lambda retake: (retake.date, retake.id)
            )
            line.final_result = retakes[-1:].result or line.result
            line.passed = line.final_result in PASSED

    @api.constrains("result", "admitted", "admission_note")
    def _check_result(self):
        for line in self:
            if not line.result:
                continue
            allowed = FORM_RESULTS[line.attestation_id.form]
            if line.result not in (*allowed, "no_show", "not_admitted"):
                labels = dict(self._fields["result"]._description_selection(self.env))
                raise ValidationError(
                    self.env._(
                        "«%(result)s» is not on the scale of this attestation form; allowed: "
                        "%(allowed)s.",
                        result=labels[line.result],
                        allowed=", ".join(
                            labels[key] for key in (*allowed, "no_show", "not_admitted")
                        ),
                    )
                )
            if (
                not line.admitted
                and line.result != "not_admitted"
                and not (line.admission_note or "").strip()
            ):
                raise ValidationError(
                    self.env._(
                        "%(student)s is not admitted: give the reason for overriding the "
                        "admission before recording a result.",
                        student=line.student_id.sudo().name,
                    )
                )

    def _check_statement_open(self, statements):
        """A closed statement stays closed through its lines (rule 10)."""
        if statements.filtered(lambda statement: statement.state == "done") and not self.env.su:
            raise UserError(self.env._("A done attestation statement is read-only."))

    @api.model_create_multi
    def create(self, vals_list):
        self._check_statement_open(
            self.env["edu.attestation"].browse(
                [vals["attestation_id"] for vals in vals_list if vals.get("attestation_id")]
            )
        )
        lines = super().create(vals_list)
        # the final statement, whichever way it was given (values, context defaults)
        self._check_statement_open(lines.attestation_id)
        lines._check_members()
        return lines

    def write(self, vals):
        self._check_statement_open(self.attestation_id)
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_done(self):
        self._check_statement_open(self.attestation_id)

    def _check_members(self):
        """A statement lists the students of its journal on its date, nobody else."""
        for statement in self.attestation_id:
            members = statement.assignment_id.sudo()._students_on(statement.date)
            strangers = self.filtered(
                lambda line, statement=statement, members=members: (
                    line.attestation_id == statement and line.student_id not in members
                )
            )
            if strangers:
                raise ValidationError(
                    self.env._(
                        "%(student)s is not a student of %(journal)s on %(date)s.",
                        student=strangers[0].student_id.sudo().name,
                        journal=statement.assignment_id.sudo().name,
                        date=format_day(self.env, statement.date),
                    )
                )
