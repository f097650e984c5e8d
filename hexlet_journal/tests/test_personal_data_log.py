"""The personal-data log (152-ФЗ): who read or changed a student's or a family
member's details, kept by the OCA's auditlog and read by the journal
administrator only."""

from datetime import timedelta

from lxml import etree

from odoo import fields
from odoo.exceptions import AccessError
from odoo.tests import HttpCase, tagged

from ..models.auditlog_rule import DEFAULT_LOG_DAYS
from .common import JournalCase
from .test_client_screens import field_spec
from .test_jsonrpc import JsonRpcMixin


@tagged("post_install", "-at_install")
class TestPersonalDataLog(JournalCase):
    def _logs(self, record, method):
        return (
            self.env["auditlog.log"]
            .sudo()
            .search(
                [
                    ("model_model", "=", record._name),
                    ("res_id", "=", record.id),
                    ("method", "=", method),
                ]
            )
        )

    def _fresh(self, record):
        """The record as a request browses it: the records a test created carry
        auditlog's own context of their creation, which silences its read log."""
        return self.env[record._name].browse(record.ids)

    def _open_form(self, user, record):
        """What the web client reads when the user opens the record's form."""
        Model = self._fresh(record).with_user(user)
        views = Model.get_views([(False, "form")])
        arch = etree.fromstring(views["views"]["form"]["arch"])
        fields_info = dict(views["models"][record._name]["fields"])
        return Model.web_read(field_spec(arch, fields_info))

    def test_rules_are_set_up_by_the_addon(self):
        rules = self.env["auditlog.rule"].search(
            [("model_id.model", "in", ["edu.student", "edu.guardian"])]
        )
        self.assertEqual(len(rules), 2)
        self.assertEqual(set(rules.mapped("state")), {"confirmed"})
        self.assertTrue(all(rules.mapped("log_read")))
        student_rule = rules.filtered(lambda rule: rule.model_id.model == "edu.student")
        # identity and contacts are logged; the rest (group, state, …) is not
        self.assertNotIn("birthdate", student_rule.fields_to_exclude_ids.mapped("name"))
        self.assertIn("state", student_rule.fields_to_exclude_ids.mapped("name"))

    def test_opening_a_card_is_logged_with_who_and_what(self):
        self._open_form(self.curator_a, self.student_a1)
        log = self._logs(self.student_a1, "read").filtered(
            lambda entry: entry.user_id == self.curator_a
        )
        self.assertEqual(len(log), 1)
        read = set(log.line_ids.mapped("field_name"))
        # the curator reads the curator's copy of the birth date and contacts
        self.assertIn("curator_birthdate", read)
        self.assertIn("record_book_number", read)
        self.assertNotIn("state", read)

    def test_a_list_of_names_is_not_a_read_of_details(self):
        self.env["edu.student"].with_user(self.curator_a).web_search_read(
            [("id", "=", self.student_a1.id)],
            {"name": {}, "group_id": {"fields": {"display_name": {}}}, "state": {}},
        )
        self.assertFalse(self._logs(self.student_a1, "read"))

    def test_a_change_is_logged_with_old_and_new_value(self):
        self._fresh(self.student_a1).with_user(self.hr).write({"record_book_number": "T-9101"})
        log = self._logs(self.student_a1, "write")
        self.assertEqual(log.user_id, self.hr)
        line = log.line_ids.filtered(lambda item: item.field_name == "record_book_number")
        self.assertEqual((line.old_value, line.new_value), ("T-001", "T-9101"))

    def test_only_the_journal_administrator_reads_the_log(self):
        self._open_form(self.curator_a, self.student_a1)
        logs = (
            self.env["auditlog.log"]
            .with_user(self.jadmin)
            .search([("model_model", "=", "edu.student"), ("res_id", "=", self.student_a1.id)])
        )
        self.assertTrue(logs)
        for user in (self.curator_a, self.hr, self.head, self.director, self.teacher_a):
            with self.assertRaises(AccessError):
                self.env["auditlog.log"].with_user(user).search([]).read(["name"])
        # the rest of the database's audit log is not his to read
        other = (
            self.env["auditlog.log"]
            .sudo()
            .create(
                {
                    "name": "x",
                    "model_id": self.env["ir.model"]._get_id("res.partner"),
                    "res_id": self.hr.partner_id.id,
                    "method": "read",
                    "user_id": self.hr.id,
                }
            )
        )
        self.assertFalse(
            self.env["auditlog.log"].with_user(self.jadmin).search([("id", "=", other.id)])
        )
        # nobody covers their tracks, the administrator included
        with self.assertRaises(AccessError):
            logs.with_user(self.jadmin).unlink()
        with self.assertRaises(AccessError):
            logs.with_user(self.jadmin).write({"user_id": self.hr.id})
        # nor switches the logging off
        rule = self.env.ref("hexlet_journal.auditlog_rule_edu_student")
        with self.assertRaises(AccessError):
            rule.with_user(self.jadmin).write({"log_read": False})
        self.assertTrue(rule.log_read)

    def test_the_log_is_kept_for_its_retention_period(self):
        self._open_form(self.curator_a, self.student_a1)
        logs = self._logs(self.student_a1, "read")
        days = int(
            self.env["ir.config_parameter"].get_param(
                "hexlet_journal.personal_data_log_days", DEFAULT_LOG_DAYS
            )
        )
        self.assertGreaterEqual(days, 5 * 365)
        old = fields.Datetime.now() - timedelta(days=days + 1)
        recent = fields.Datetime.now() - timedelta(days=days - 1)
        self.env.cr.execute(
            "UPDATE auditlog_log SET create_date = %s WHERE id = %s", [old, logs[0].id]
        )
        self._open_form(self.curator_a, self.student_a2)
        kept = self._logs(self.student_a2, "read")
        self.env.cr.execute(
            "UPDATE auditlog_log SET create_date = %s WHERE id IN %s", [recent, tuple(kept.ids)]
        )
        self.env.invalidate_all()
        self.env["auditlog.rule"]._cron_vacuum_personal_data_log()
        self.assertFalse(logs[0].exists())
        self.assertTrue(kept.exists())


@tagged("post_install", "-at_install")
class TestPersonalDataLogOverRpc(JsonRpcMixin, JournalCase, HttpCase):
    """The web client reads in Odoo's read-only requests: the read is logged
    all the same, at once, without a failed write replayed."""

    def test_a_read_over_json_rpc_is_logged(self):
        self.login(self.curator_a)
        with self.assertNoLogs("odoo.sql_db", "ERROR"):
            self.call(
                "edu.student",
                "web_read",
                self.student_a1.ids,
                specification={"record_book_number": {}, "curator_phone": {}},
            )
        logs = (
            self.env["auditlog.log"]
            .sudo()
            .search(
                [
                    ("model_model", "=", "edu.student"),
                    ("res_id", "=", self.student_a1.id),
                    ("method", "=", "read"),
                    ("user_id", "=", self.curator_a.id),
                ]
            )
        )
        self.assertEqual(len(logs), 1)
        self.assertIn("record_book_number", logs.line_ids.mapped("field_name"))
