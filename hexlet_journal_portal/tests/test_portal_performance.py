"""Each family page reads in a number of queries that does not grow with the
lessons entered (DESIGN §8): measured through the portal URL at two sizes."""

from datetime import timedelta

from odoo.tests import tagged

from .common import PortalCase

PAGES = (
    "/my/journal/diary",
    "/my/journal/schedule",
    "/my/journal/progress",
    "/my/journal/discipline/{journal}",
    "/my/journal/attendance",
    "/my/journal/results",
    "/my/journal/outlook",
    "/my/journal/contacts",
    "/my/journal/messages",
)


@tagged("post_install", "-at_install")
class TestPortalQueries(PortalCase):
    def queries(self, url):
        """Queries of one warm request (caches filled by a first one)."""
        self.url_open(url)
        self.env.invalidate_all()
        before = self.cr.sql_log_count
        response = self.url_open(url)
        self.assertEqual(response.status_code, 200, url)
        return self.cr.sql_log_count - before

    def grow(self, count, start):
        """``count`` more lessons with cells for every student of the journal."""
        # test set-up only: the КТП grows with the lessons (a real change is a revision)
        self.plan_a.state = "draft"
        added = self.env["edu.topic.plan.line"].create(
            [
                {
                    "plan_id": self.plan_a.id,
                    "sequence": 100 + start + index,
                    "topic": f"Тема {start + index}",
                    "kind": "practical" if index % 2 else "theory",
                    "hours": 2,
                }
                for index in range(count)
            ]
        )
        self.plan_a.state = "approved"
        for index, line in enumerate(added):
            lesson = self.lesson(
                date=max(self.first_day, self.today - timedelta(days=(start + index) % 20)),
                line=line,
                pair_number=1 + (start + index) % 8,
            )
            lesson.set_cells(
                [
                    {"student_id": self.student_a1.id, "value": "н" if index % 3 else "5"},
                    {"student_id": self.student_a2.id, "value": "4"},
                ]
            )

    def test_pages_do_not_grow_with_lessons(self):
        self.env["edu.schedule.slot"].create(
            {"assignment_id": self.assignment_a.id, "weekday": "0", "pair_number": 1}
        )
        self.grow(2, 0)
        self.login(self.parent_a1_user)
        urls = [page.format(journal=self.assignment_a.id) for page in PAGES]
        small = {url: self.queries(url) for url in urls}
        self.grow(12, 2)
        large = {url: self.queries(url) for url in urls}
        for url in urls:
            self.assertLessEqual(
                large[url], small[url], f"{url}: {small[url]} queries, then {large[url]}"
            )
            self.assertLess(large[url], 60, f"{url}: {large[url]} queries")
