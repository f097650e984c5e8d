"""Every staff role opens every screen of its menus the way the web client does.

Green ORM tests once hid six daily paths that crashed in the browser, because
the client does not call what the tests called: it asks ``get_views`` for the
arch the user receives (``groups=`` already filtered), reads a list with
``web_search_read`` and a record with ``web_read`` using the specification
built from that arch (every x2many with its subview's fields), and opens a new
record or a wizard with ``onchange``. This test does the same for every menu
action of every demo staff login, and fails on any error.
"""

from lxml import etree

from odoo import fields as odoo_fields
from odoo.tests import TransactionCase, tagged
from odoo.tools.safe_eval import (
    datetime as safe_eval_datetime,
    safe_eval,
)

STAFF_LOGINS = ("teacher", "curator", "hr", "head", "deputy", "director", "jadmin")


def field_spec(node, fields):
    """The web client's specification for the fields of one view arch node."""
    spec = {}
    for child in node.iterchildren():
        if not isinstance(child.tag, str):
            continue
        if child.tag == "field":
            name = child.get("name")
            info = fields.get(name)
            if info is None:
                continue
            sub = {}
            if info["type"] in ("one2many", "many2many"):
                subviews = [view for view in child.iterchildren() if view.tag in ("list", "kanban")]
                sub_fields = {}
                for view in subviews:
                    sub_fields.update(field_spec(view, info.get("_sub_fields", {})))
                sub = {"fields": sub_fields or {"display_name": {}}}
                if info["type"] == "one2many":
                    sub["limit"] = 40
            elif info["type"] == "many2one":
                sub = {"fields": {"display_name": {}}}
            spec[name] = sub
        elif child.tag in ("list", "kanban", "form") and child.getparent().tag == "field":
            continue
        else:
            spec.update(field_spec(child, fields))
    return spec


def client_sends(arch, fields):
    """Names of the fields the web client sends when saving a new record: the arch's
    fields that are not readonly there (``readonly`` attribute, else the model's),
    or that are ``force_save``; x2many lines keep theirs by the same rule."""
    sends = {}
    for node in arch.iter("field"):
        ancestor = node.getparent()
        nested = False
        while ancestor is not None and ancestor is not arch:
            nested = nested or ancestor.tag == "field"
            ancestor = ancestor.getparent()
        if nested:
            continue  # a subview's field: judged with its own model
        name = node.get("name")
        info = fields.get(name)
        if info is None:
            continue
        readonly = node.get("readonly")
        if readonly is None:
            is_readonly = bool(info.get("readonly"))
        else:
            # expressions over the record are false on a new record (no id, nothing locked)
            is_readonly = readonly.strip() in ("1", "True", "true")
        if not is_readonly or node.get("force_save") in ("1", "True"):
            sends[name] = None
            if info["type"] in ("one2many", "many2many"):
                sub = {}
                for view in node.iterchildren():
                    if view.tag in ("list", "kanban"):
                        sub.update(client_sends(view, info.get("_sub_fields", {})))
                sends[name] = sub
    return sends


@tagged("post_install", "-at_install")
class TestClientScreens(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.users = cls.env["res.users"].search([("login", "in", STAFF_LOGINS)])
        if len(cls.users) != len(STAFF_LOGINS):
            # the suite runs on the demo college (README, make test)
            raise AssertionError("the demo college's staff logins are missing")

    def _arch_and_fields(self, Model, views, view_type):
        view = views["views"][view_type]
        arch = etree.fromstring(view["arch"])
        models = views["models"]
        fields = dict(models[Model._name]["fields"])
        # attach the comodels' field descriptions for x2many subviews
        for info in fields.values():
            if info.get("relation") in models:
                info["_sub_fields"] = models[info["relation"]]["fields"]
        return arch, fields

    def _open_action(self, user, action):
        eval_context = {
            "uid": user.id,
            "context_today": lambda: odoo_fields.Date.context_today(user),
            "datetime": safe_eval_datetime,
        }
        context = safe_eval(action.context or "{}", eval_context)
        domain = safe_eval(action.domain or "[]", eval_context)
        Model = self.env[action.res_model].with_user(user).with_context(**context, lang="ru_RU")
        modes = [mode for mode in (action.view_mode or "list,form").split(",") if mode]
        view_types = [mode for mode in modes if mode in ("list", "form", "kanban")]
        if "form" not in view_types:
            view_types.append("form")
        views = Model.get_views(
            [(False, view_type) for view_type in view_types] + [(False, "search")]
        )
        if action.target == "new" or modes == ["form"]:
            arch, fields = self._arch_and_fields(Model, views, "form")
            Model.onchange({}, [], field_spec(arch, fields))
            return
        list_type = "list" if "list" in views["views"] else view_types[0]
        arch, fields = self._arch_and_fields(Model, views, list_type)
        result = Model.web_search_read(domain, field_spec(arch, fields), limit=80)
        arch, fields = self._arch_and_fields(Model, views, "form")
        spec = field_spec(arch, fields)
        if result["records"]:
            Model.browse(result["records"][0]["id"]).with_context(bin_size=True).web_read(spec)
        if Model.has_access("create"):
            Model.onchange({}, [], spec)

    def test_every_role_opens_every_screen(self):
        root = self.env.ref("hexlet_journal.menu_root")
        for user in self.users:
            Menu = self.env["ir.ui.menu"].with_user(user)
            menus = Menu.browse(Menu._visible_menu_ids()).filtered(
                lambda menu: menu.parent_path.startswith(root.parent_path) and menu.action
            )
            self.assertTrue(menus, f"{user.login} sees no journal menu")
            for menu in menus:
                action = menu.action.sudo()
                if action._name != "ir.actions.act_window":
                    continue
                with self.subTest(user=user.login, menu=menu.complete_name):
                    self._open_action(user, action)
