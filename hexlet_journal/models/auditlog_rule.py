from datetime import timedelta

from odoo import api, fields, models

# The personal data of students and families (152-ФЗ) whose reads and changes
# are logged: identity, contacts, record book, consents. Names alone (lists,
# journal rows) are not: the log records who opened whose details.
PERSONAL_DATA = {
    "edu.student": [
        "last_name",
        "first_name",
        "patronymic",
        "birthdate",
        "curator_birthdate",
        "email",
        "phone",
        "curator_email",
        "curator_phone",
        "record_book_number",
        "partner_id",
        "guardian_consent",
        "guardian_consent_date",
    ],
    "edu.guardian": [
        "partner_id",
        "contact_name",
        "phone",
        "email",
        "relation",
        "is_legal_representative",
        "pd_consent",
        "pd_consent_date",
        "adult_consent",
        "adult_consent_date",
    ],
}

# how long the log is kept by default: as the journals (DESIGN.md §8)
DEFAULT_LOG_DAYS = 1830


class AuditlogRule(models.Model):
    """The OCA's audit log, set up for the college's personal data."""

    _inherit = "auditlog.rule"

    @api.model
    def _journal_personal_data_setup(self):
        """Log only the personal-data fields of each model (the others are
        excluded) and subscribe the rules; run on install and on every update."""
        Field = self.env["ir.model.fields"].sudo()
        for model, kept in PERSONAL_DATA.items():
            rule = self.sudo().search([("model_id.model", "=", model)], limit=1)
            if not rule:
                continue
            excluded = Field.search([("model", "=", model), ("name", "not in", kept)])
            rule.write({"fields_to_exclude_ids": [fields.Command.set(excluded.ids)]})
            if rule.state != "confirmed":
                rule.set_to_confirmed()

    def _make_read(self):
        """The logging ``read`` writes its log entry in the request that reads:
        Odoo's RPC route must not run it in a read-only transaction."""
        read = super()._make_read()
        read._readonly = False
        return read

    @api.model
    def _cron_vacuum_personal_data_log(self):
        """Delete the entries of the personal-data log older than the retention
        period (``hexlet_journal.personal_data_log_days``)."""
        value = (
            self.env["ir.config_parameter"]
            .sudo()
            .get_param("hexlet_journal.personal_data_log_days", DEFAULT_LOG_DAYS)
        )
        # a mistyped parameter keeps the log rather than emptying it
        days = int(value) if str(value).strip().isdigit() else DEFAULT_LOG_DAYS
        before = fields.Datetime.now() - timedelta(days=days)
        logs = (
            self.env["auditlog.log"]
            .sudo()
            .search([("model_model", "in", list(PERSONAL_DATA)), ("create_date", "<", before)])
        )
        logs.unlink()
        return len(logs)
