"""The small college of ``hexlet_journal`` with a filled week, for the portal."""

import re
from datetime import timedelta

from odoo.tests import HttpCase, new_test_user

from odoo.addons.hexlet_journal.tests.common import LessonCase


class PortalCase(LessonCase, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # an adult student with a login of his own (his father reads only with consent)
        cls.student_a2_user = new_test_user(
            cls.env,
            login="t_student_a2",
            groups="hexlet_journal.group_student",
            name="Борисова Анна",
            email="t_student_a2@example.com",
        )
        cls.student_a2.user_id = cls.student_a2_user

    def login(self, user):
        self.authenticate(
            user.login, user.login if len(user.login) >= 8 else user.login.ljust(8, "x")
        )

    def csrf_token(self, url="/my/journal"):
        """The CSRF token of the session, read from a page's form as a browser has it."""
        page = self.url_open(url).text
        match = re.search(r'name="csrf_token" value="([^"]+)"', page) or re.search(
            r'csrf_token: "([^"]+)"', page
        )
        self.assertTrue(match, "no CSRF token on the page")
        return match.group(1)

    def fill_week(self):
        """Two lessons: yesterday's (a1 «5», a2 «н») and today's with homework (a1 «4»)."""
        yesterday = max(self.first_day, self.today - timedelta(days=1))
        first = self.lesson(date=yesterday, line=self.lines[0])
        first.set_cells(
            [
                {"student_id": self.student_a1.id, "value": "5"},
                {"student_id": self.student_a2.id, "value": "н"},
            ]
        )
        second = self.lesson(line=self.lines[1], pair_number=2, homework="Нарисовать блок-схему")
        second.set_cells([{"student_id": self.student_a1.id, "value": "4"}])
        return first, second
