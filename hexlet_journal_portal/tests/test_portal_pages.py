"""The families' pages, through the portal URL as each family member."""

from datetime import timedelta

from odoo.fields import Command
from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import PortalCase


@tagged("post_install", "-at_install")
class TestPortalPages(PortalCase):
    def get(self, url, status=200):
        with mute_logger("odoo.http", "werkzeug"):
            response = self.url_open(url, allow_redirects=False)
        self.assertEqual(response.status_code, status, f"{url}: {response.status_code}")
        return response.text

    def test_home_tile(self):
        self.login(self.student_a1_user)
        page = self.get("/my/home")
        self.assertIn("/my/journal", page)
        counters = self.make_jsonrpc_request("/my/counters", {"counters": ["journal_count"]})
        self.assertEqual(counters["journal_count"], 1)

    def test_student_reads_his_week(self):
        self.fill_week()
        self.login(self.student_a1_user)
        page = self.get("/my/journal")
        self.assertIn("Основы алгоритмизации и программирования", page)
        self.assertIn("Понятие алгоритма", page)
        self.assertIn("Нарисовать блок-схему", page)
        self.assertIn("Смирнова Ольга", page, "the teacher of the lesson")
        self.assertIn(">5<", page.replace(" ", "").replace("\n", ""))
        # nobody else's cells, names or personal data
        self.assertNotIn("Борисова", page)
        self.assertNotIn("Васильев", page)

    def test_previous_and_next_week(self):
        first, _second = self.fill_week()
        self.login(self.student_a1_user)
        earlier = first.date - timedelta(days=7)
        page = self.get(f"/my/journal/diary?week={earlier}")
        self.assertNotIn("Понятие алгоритма", page)
        self.get("/my/journal/diary?week=not-a-date", status=404)

    def test_parent_switches_only_between_own_children(self):
        self.fill_week()
        # a second child of the same mother
        self.env["edu.guardian"].create(
            {
                "student_id": self.student_a3.id,
                "partner_id": self.parent_a1_user.partner_id.id,
                "relation": "mother",
                "pd_consent": True,
                "pd_consent_date": self.enrolled_on,
                "portal_access": True,
            }
        )
        self.login(self.parent_a1_user)
        page = self.get(f"/my/journal?student={self.student_a3.id}")
        self.assertIn("Васильев Пётр", page)
        self.assertIn(f"student={self.student_a1.id}", page, "the switch to the other child")
        page = self.get(f"/my/journal/progress?student={self.student_a1.id}")
        self.assertIn("Основы алгоритмизации и программирования", page)
        # another family's child, by id, on every page
        for url in (
            "/my/journal",
            "/my/journal/diary",
            "/my/journal/progress",
            "/my/journal/attendance",
            "/my/journal/results",
            "/my/journal/contacts",
        ):
            self.get(f"{url}?student={self.student_b1.id}", status=404)
            self.get(f"{url}?student=abc", status=404)

    def test_parent_of_adult_sees_nothing_without_consent(self):
        self.fill_week()
        self.login(self.parent_a2_user)
        page = self.get("/my/journal")
        self.assertIn("o_hj_no_journal", page)
        self.assertNotIn("Борисова", page)
        self.get(f"/my/journal?student={self.student_a2.id}", status=404)

    def test_adult_student_grants_and_revokes_consent(self):
        self.login(self.student_a2_user)
        page = self.get("/my/journal/access")
        self.assertIn("Борисов Сергей", page)
        response = self.url_open(
            f"/my/journal/access/{self.guardian_a2.id}",
            data={"grant": "1", "csrf_token": self.csrf_token()},
            allow_redirects=False,
        )
        self.assertEqual(response.status_code, 303)
        self.assertTrue(self.guardian_a2.adult_consent)
        self.assertEqual(self.guardian_a2.adult_consent_date, self.today)
        self.assertTrue(self.guardian_a2.can_see_journal)
        log = self.student_a2.message_ids[:1]
        self.assertIn("Борисов Сергей", log.body)
        self.assertEqual(log.author_id, self.student_a2_user.partner_id)
        # the father reads it now
        self.login(self.parent_a2_user)
        self.assertIn("Борисова Анна", self.get("/my/journal"))
        # the student withdraws it: the father reads nothing again
        self.login(self.student_a2_user)
        self.url_open(
            f"/my/journal/access/{self.guardian_a2.id}",
            data={"grant": "0", "csrf_token": self.csrf_token()},
        )
        self.assertFalse(self.guardian_a2.can_see_journal)
        self.login(self.parent_a2_user)
        self.assertIn("o_hj_no_journal", self.get("/my/journal"))

    def test_consent_is_the_adult_students_own(self):
        # a minor has no such page; a parent cannot give himself access
        self.login(self.student_a1_user)
        self.get("/my/journal/access", status=404)
        self.login(self.parent_a2_user)
        self.get("/my/journal/access", status=404)
        with mute_logger("odoo.http"):
            response = self.url_open(
                f"/my/journal/access/{self.guardian_a2.id}",
                data={"grant": "1", "csrf_token": self.csrf_token()},
                allow_redirects=False,
            )
        self.assertEqual(response.status_code, 404)
        self.assertFalse(self.guardian_a2.adult_consent)
        # another student cannot decide for a2's father either
        self.login(self.student_a1_user)
        with mute_logger("odoo.http"):
            response = self.url_open(
                f"/my/journal/access/{self.guardian_a2.id}",
                data={"grant": "1", "csrf_token": self.csrf_token()},
                allow_redirects=False,
            )
        self.assertEqual(response.status_code, 404)
        self.assertFalse(self.guardian_a2.adult_consent)

    def test_progress_and_discipline(self):
        self.fill_week()
        self.login(self.student_a1_user)
        page = self.get("/my/journal/progress")
        self.assertIn("4,50", page)
        self.assertIn(f"/my/journal/discipline/{self.assignment_a.id}", page)
        page = self.get(
            f"/my/journal/discipline/{self.assignment_a.id}?student={self.student_a1.id}"
        )
        self.assertIn("Понятие алгоритма", page)
        self.assertIn("Блок-схемы", page)
        self.assertIn("4,50", page)
        # another group's journal, or one that does not exist
        self.get(f"/my/journal/discipline/{self.assignment_b.id}", status=404)
        self.get("/my/journal/discipline/999999", status=404)

    def test_attendance(self):
        self.fill_week()
        self.login(self.student_a2_user)
        page = self.get("/my/journal/attendance")
        self.assertIn("Основы алгоритмизации и программирования", page)
        self.assertIn("o_hj_attendance", page)

    def test_anonymous_is_sent_to_login(self):
        with mute_logger("odoo.http"):
            response = self.url_open("/my/journal", allow_redirects=False)
        self.assertIn(response.status_code, (302, 303))
        self.assertIn("/web/login", response.headers["Location"])

    def test_pages_render_for_each_family_member(self):
        self.fill_week()
        for user in (self.student_a1_user, self.parent_a1_user, self.student_a2_user):
            self.login(user)
            for url in (
                "/my/journal/diary",
                "/my/journal/progress",
                "/my/journal/attendance",
                "/my/journal/results",
                "/my/journal/contacts",
            ):
                self.get(url)

    def test_a_blocked_family_reads_nothing(self):
        """Expelled: the student's and the parent's logins are blocked (existing
        order logic), and an open session of theirs stops working."""
        self.login(self.parent_a1_user)
        self.get("/my/journal")
        order = (
            self.env["edu.contingent.order"]
            .with_user(self.hr)
            .create(
                {
                    "order_type": "expel",
                    "line_ids": [
                        Command.create(
                            {"student_id": self.student_a1.id, "effective_date": self.today}
                        )
                    ],
                }
            )
        )
        order.action_done()
        self.assertFalse(self.parent_a1_user.active)
        with mute_logger("odoo.http", "werkzeug"):
            response = self.url_open("/my/journal", allow_redirects=False)
        self.assertIn(response.status_code, (302, 303))
        self.assertIn("/web/login", response.headers.get("Location", ""))
