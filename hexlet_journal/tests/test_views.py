"""Every role opens the screens of its menus without a view or access error."""

from odoo.tests import tagged

from .common import JournalCase

MODELS = (
    "edu.academic.year",
    "edu.term",
    "edu.program",
    "edu.group",
    "edu.subgroup",
    "edu.group.membership",
    "edu.student",
    "edu.guardian",
    "edu.contingent.order",
    "edu.discipline",
    "edu.curriculum",
    "edu.teaching.assignment",
    "edu.topic.plan",
    "edu.schedule.slot",
)


@tagged("post_install", "-at_install")
class TestViews(JournalCase):
    def test_every_role_opens_its_screens(self):
        users = (
            self.teacher_a,
            self.curator_a,
            self.hr,
            self.head,
            self.deputy,
            self.director,
            self.jadmin,
        )
        for user in users:
            for model in MODELS:
                Model = self.env[model].with_user(user)
                if not Model.has_access("read"):
                    continue
                with self.subTest(user=user.login, model=model):
                    views = Model.get_views([(False, "list"), (False, "form"), (False, "search")])
                    self.assertIn("list", views["views"])
                    fields = [
                        name
                        for name, field in views["models"][model]["fields"].items()
                        if field.get("type") not in ("one2many", "many2many")
                    ]
                    records = Model.search([], limit=5)
                    records.read([name for name in fields if name in Model._fields])

    def test_menus_by_role(self):
        root = self.env.ref("hexlet_journal.menu_root")

        def menus(user):
            Menu = self.env["ir.ui.menu"].with_context(lang="en_US")
            visible = Menu.with_user(user)._visible_menu_ids()
            menus = Menu.browse(visible).filtered(
                lambda menu: menu.parent_path.startswith(root.parent_path)
            )
            return set(menus.mapped("name"))

        self.assertIn("My Journals", menus(self.teacher_a))
        self.assertNotIn("Orders", menus(self.teacher_a))
        self.assertIn("Orders", menus(self.hr))
        self.assertIn("Create Load from Curriculum", menus(self.head))
        self.assertNotIn("Create Load from Curriculum", menus(self.director))
        # families never reach the backend menus
        for user in (self.student_a1_user, self.parent_a1_user):
            self.assertFalse(root.group_ids & user.all_group_ids)
