from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools.mimetypes import guess_mimetype

from odoo.addons.hexlet_journal.tools import college_today, format_day

MAX_SCAN_BYTES = 10 * 1024 * 1024
SCAN_TYPES = ("application/pdf", "image/jpeg", "image/png", "image/heic", "image/webp")


class EduAbsenceReport(models.Model):
    """A family tells the college of an absence (ahead, or with a medical note):
    the curator confirms it into an ``edu.absence.excuse`` with one click, or
    declines it with a reason the family reads."""

    _name = "edu.absence.report"
    _description = "Absence Report from a Family"
    _inherit = ["edu.record.mixin", "mail.thread", "mail.activity.mixin"]
    _create_only = ("student_id",)
    _order = "create_date desc, id desc"

    student_id = fields.Many2one("edu.student", required=True, index=True, ondelete="restrict")
    group_id = fields.Many2one(related="student_id.group_id", store=True, index=True)
    partner_id = fields.Many2one(
        "res.partner",
        string="Reported By",
        readonly=True,
        default=lambda self: self.env.user.partner_id,
    )
    date_from = fields.Date(string="From", required=True)
    date_to = fields.Date(string="To", required=True)
    reason = fields.Text(required=True, size=1000)
    attachment_ids = fields.Many2many("ir.attachment", string="Medical Note or Document")
    state = fields.Selection(
        [("new", "To confirm"), ("confirmed", "Confirmed"), ("declined", "Declined")],
        default="new",
        required=True,
        readonly=True,
        tracking=True,
    )
    decline_reason = fields.Char(help="Why the curator declines it; the family reads it.")
    excuse_id = fields.Many2one("edu.absence.excuse", readonly=True)

    @api.depends("student_id", "date_from", "date_to")
    def _compute_display_name(self):
        for report in self:
            report.display_name = (
                f"{report.student_id.sudo().name}: {format_day(self.env, report.date_from)} – "
                f"{format_day(self.env, report.date_to)}"
            )

    @api.constrains("reason")
    def _check_reason(self):
        for report in self:
            if not (report.reason or "").strip():
                raise ValidationError(
                    self.env._("Say why the student is absent (a few words are enough).")
                )

    @api.constrains("date_from", "date_to")
    def _check_dates(self):
        today = college_today(self.env)
        for report in self:
            if report.date_from > report.date_to:
                raise ValidationError(self.env._("The absence ends before it starts."))
            if (report.date_to - report.date_from).days > 62:
                raise ValidationError(
                    self.env._("An absence is reported for two months at most at a time.")
                )
            if (today - report.date_to).days > 62:
                raise ValidationError(self.env._("This absence is too long ago to report."))

    @api.model_create_multi
    def create(self, vals_list):
        reports = super(EduAbsenceReport, self.with_context(mail_create_nolog=True)).create(
            vals_list
        )
        for report in reports.sudo():
            curator = report.student_id.group_id.curator_id
            if curator:
                report.activity_schedule(
                    "mail.mail_activity_data_todo",
                    user_id=curator.id,
                    summary=report._env_for(curator)._(
                        "The family reports an absence of %(student)s",
                        student=report.student_id.name,
                    ),
                )
        return reports

    def _portal_attach(self, uploads):
        """Scans the family uploaded with the report: PDF or pictures up to 10 MB each,
        attached to this report only."""
        self.ensure_one()
        attachments = self.env["ir.attachment"]
        for upload in uploads:
            data = upload.read()
            if len(data) > MAX_SCAN_BYTES:
                raise UserError(self.env._("A scan may be 10 MB at most."))
            # the type the bytes tell, not the one the browser claims
            mimetype = guess_mimetype(data)
            if mimetype not in SCAN_TYPES:
                raise UserError(self.env._("Attach a PDF or a photo (JPEG, PNG, HEIC)."))
            # sudo: a file of this report only, created for the family that wrote it
            attachments |= (
                self.env["ir.attachment"]
                .sudo()
                .create(
                    {
                        "name": (upload.filename or "scan").replace("\x00", "")[:200],
                        "raw": data,
                        "res_model": self._name,
                        "res_id": self.id,
                        "mimetype": mimetype,
                    }
                )
            )
        if attachments:
            self.sudo().attachment_ids = [fields.Command.link(a.id) for a in attachments]
        return attachments

    def action_confirm(self):
        """The curator turns the report into an excuse: a medical note when a scan
        came with it, the parent's application otherwise."""
        for report in self:
            if report.state != "new":
                raise UserError(self.env._("This report is already answered."))
            excuse = self.env["edu.absence.excuse"].create(
                {
                    "student_id": report.student_id.id,
                    "kind": "medical" if report.attachment_ids else "application",
                    "date_from": report.date_from,
                    "date_to": report.date_to,
                    "note": report.reason,
                    "attachment_ids": [fields.Command.set(report.attachment_ids.ids)],
                }
            )
            # sudo: the answer of the report (its state), after the excuse checked the rights
            report.sudo().write({"state": "confirmed", "excuse_id": excuse.id})
            report.activity_feedback(["mail.mail_activity_data_todo"])
        return True

    def action_decline(self):
        for report in self:
            if report.state != "new":
                raise UserError(self.env._("This report is already answered."))
            if not (report.decline_reason or "").strip():
                raise UserError(
                    self.env._("Write why the report is declined: the family reads it.")
                )
            report.check_access("write")
            report.sudo().write({"state": "declined"})
            report.activity_feedback(["mail.mail_activity_data_todo"])
        return True
