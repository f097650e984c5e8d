from odoo.tests import tagged

from odoo.addons.hexlet_journal.tests.role_tour import RoleTourCase


@tagged("post_install", "-at_install", "role_tours")
class TestDirectorDayTour(RoleTourCase):
    def _journal_state(self):
        """How many records each model of the journal holds, and the last write."""
        state = {}
        for name, model in self.env.registry.models.items():
            if not name.startswith("edu.") or model._abstract or model._transient:
                continue
            Model = self.env[name].sudo().with_context(active_test=False)
            order = "write_date desc, id desc" if "write_date" in Model._fields else "id desc"
            last = Model.search([], order=order, limit=1)
            state[name] = (
                Model.search_count([]),
                last.id,
                last.write_date if "write_date" in Model._fields else None,
            )
        return state

    def test_director_day(self):
        director = self.demo_user("user_director")
        if not (
            self.env["edu.inspection.line"].search_count([])
            and self.env["edu.weekly.check"].search_count([])
        ):
            self.skipTest("early in the term the demo has no inspection or weekly check to show")
        before = self._journal_state()
        self.start_role_tour("hexlet_journal_director_day_tour", director.login)
        self.env.invalidate_all()
        self.assertEqual(self._journal_state(), before, "the director wrote nothing")
