"""How staff log in (DESIGN rule 11, regulation §5.3): a second factor for every
internal user, password rules; the demo college switches the factor off."""

from unittest import mock

from odoo import http
from odoo.tests import HttpCase, get_db_name, tagged
from odoo.tools import convert_file

from .common import JournalCase


@tagged("post_install", "-at_install")
class TestLoginSecurity(JournalCase, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.params = cls.env["ir.config_parameter"].sudo()

    def _require_second_factor(self):
        self.params.set_param("auth_totp.policy", "employee_required")

    def _web_login(self, user):
        """Log in through the login page, as a person does (no test shortcut)."""
        self.authenticate(None, None)
        password = user.login if len(user.login) >= 8 else user.login.ljust(8, "x")
        with mock.patch("odoo.http.db_filter", side_effect=lambda dbs, host=None: [get_db_name()]):
            return self.url_open(
                "/web/login",
                data={
                    "login": user.login,
                    "password": password,
                    "csrf_token": http.Request.csrf_token(self),
                },
                allow_redirects=False,
            )

    def _server_session(self):
        """The session the server keeps for this browser (its id changes at login)."""
        return http.root.session_store.get(self.opener.cookies["session_id"])

    def test_new_database_requires_second_factor_and_strong_passwords(self):
        """The data file, loaded as on a fresh install without demo."""
        for key in (
            "auth_totp.policy",
            "password_security.expiration_days",
            "auth_signup.invitation_scope",
        ):
            self.params.set_param(key, False)
        convert_file(
            self.env, "hexlet_journal", "data/ir_config_parameter_data.xml", {}, "init", True
        )
        self.assertEqual(self.params.get_param("auth_totp.policy"), "employee_required")
        self.assertEqual(self.params.get_param("auth_password_policy.minlength"), "10")
        self.assertEqual(self.params.get_param("password_security.expiration_days"), "90")
        self.assertEqual(self.env["res.users"].get_password_policy()["minlength"], 10)
        self.assertEqual(self.env["res.users"]._get_signup_invitation_scope(), "b2b")

    def test_strangers_cannot_sign_up(self):
        self.assertEqual(self.env["res.users"]._get_signup_invitation_scope(), "b2b")
        self.authenticate(None, None)
        with mock.patch("odoo.http.db_filter", side_effect=lambda dbs, host=None: [get_db_name()]):
            self.url_open(
                "/web/signup",
                data={
                    "login": "stranger@example.com",
                    "name": "Stranger",
                    "password": "Stranger-2026!",
                    "confirm_password": "Stranger-2026!",
                    "csrf_token": http.Request.csrf_token(self),
                },
            )
        self.assertFalse(
            self.env["res.users"]
            .with_context(active_test=False)
            .search_count([("login", "=", "stranger@example.com")])
        )
        self.assertFalse(self._server_session().uid)

    def test_staff_need_second_factor_families_do_not(self):
        self._require_second_factor()
        for user in (self.teacher_a, self.curator_a, self.hr, self.head):
            self.assertEqual(user._mfa_type(), "totp_mail", user.login)
            self.assertEqual(user._mfa_url(), "/web/login/totp", user.login)
            # scripts need an API key: a password alone no longer opens XML-RPC/JSON-2
            self.assertTrue(user._rpc_api_keys_only(), user.login)
        for user in (self.student_a1_user, self.parent_a1_user):
            self.assertFalse(user._mfa_type(), user.login)

    def test_staff_login_asks_for_the_code(self):
        """A teacher without an authenticator app is asked for the e-mailed code and is
        not logged in before typing it; with the code the journal opens."""
        self._require_second_factor()
        response = self._web_login(self.teacher_a)
        self.assertEqual(response.status_code, 303)
        self.assertIn("/web/login/totp", response.headers["Location"])
        self.assertFalse(self._server_session().uid)
        self.assertEqual(self._server_session().get("pre_uid"), self.teacher_a.id)

        form = self.url_open("/web/login/totp", allow_redirects=False)
        self.assertEqual(form.status_code, 200)
        self.assertIn('name="totp_token"', form.text)
        self.assertFalse(self._server_session().uid)

        self.teacher_a.invalidate_recordset(["login_date"])
        code, _expiry = self.teacher_a._get_totp_mail_code()
        done = self.url_open(
            "/web/login/totp",
            data={"totp_token": code, "csrf_token": http.Request.csrf_token(self)},
            allow_redirects=False,
        )
        self.assertEqual(done.status_code, 303)
        self.assertNotIn("/web/login", done.headers["Location"])
        self.assertEqual(self._server_session().uid, self.teacher_a.id)

    def test_portal_login_without_second_factor(self):
        self._require_second_factor()
        response = self._web_login(self.student_a1_user)
        self.assertEqual(response.status_code, 303)
        self.assertNotIn("/web/login", response.headers["Location"])
        self.assertEqual(self._server_session().uid, self.student_a1_user.id)

    def test_demo_college_logs_in_without_second_factor(self):
        if not self.env.ref("hexlet_journal.user_teacher", raise_if_not_found=False):
            self.skipTest("installed without demo data")
        self.assertFalse(self.params.get_param("auth_totp.policy"))
        self.assertEqual(self.params.get_param("password_security.expiration_days"), "0")
        self.assertFalse(self.teacher_a._mfa_type())
        response = self._web_login(self.teacher_a)
        self.assertEqual(response.status_code, 303)
        self.assertNotIn("/web/login", response.headers["Location"])
        self.assertEqual(self._server_session().uid, self.teacher_a.id)
