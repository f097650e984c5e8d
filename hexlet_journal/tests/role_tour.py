"""Tours of each role's day, run in Chromium on the demo college.

Each tour logs in as a demo login (password = login) and walks its daily flow
through the menus; the test then checks in the database what the flow did.
A tour that needs facts of the day (a name to type, a date in the user's
format, a file to upload) gets them from the test through ``sessionStorage``
(``hexlet_tour_data``), set just before the tour starts.
"""

import json

from odoo.tests import HttpCase

from odoo.addons.hexlet_journal.tools import college_today


class RoleTourCase(HttpCase):
    """Base of the role tours: the demo college, in Russian."""

    def setUp(self):
        super().setUp()
        if not self.env.ref("hexlet_journal.demo_term_current", raise_if_not_found=False):
            self.skipTest("the role tours run on the demo college (install with demo data)")
        self.today = college_today(self.env)
        self.term = self.env.ref("hexlet_journal.demo_term_current")
        if not self.term.date_start <= self.today <= self.term.date_end:
            self.skipTest("the demo's current term has not begun (summer holidays)")

    def demo_user(self, xmlid):
        return self.env.ref(f"hexlet_journal.{xmlid}")

    def seen_by(self, record, user):
        """``record`` as ``user`` reads it, in their language."""
        return record.with_user(user).with_context(lang=user.lang)

    def user_date(self, user, day):
        """``day`` as the user types it (dd.mm.yyyy in Russian)."""
        lang = self.env["res.lang"]._lang_get(user.lang or "en_US")
        return day.strftime(lang.date_format)

    def start_role_tour(self, tour, login, data=None, url="/odoo/journal", timeout=90):
        options = {
            "stepDelay": 0,
            "keepWatchBrowser": False,
            "debug": False,
            "startUrl": url,
            "delayToCheckUndeterminisms": 0,
        }
        code = (
            f"sessionStorage.setItem('hexlet_tour_data', {json.dumps(json.dumps(data or {}))});"
            f" odoo.startTour({json.dumps(tour)}, {json.dumps(options)})"
        )
        self.start_tour(url, tour, login=login, code=code, timeout=timeout)
