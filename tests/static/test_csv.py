"""Access rights: every row names a model of the addon and an existing group."""

import csv
import re

import pytest
from helpers import ADDONS, ROOT, addon_files, manifest
from lxml import etree


def defined_models(stored_only=False):
    """Model names (``_name = "..."``) of every project addon, as ids model_x_y;
    with ``stored_only``, without abstract models (they hold no records)."""
    models = {}
    for addon in ADDONS:
        for path in addon_files(addon, "*.py"):
            for block in path.read_text(encoding="utf-8").split("\nclass ")[1:]:
                if stored_only and "models.AbstractModel" in block.split("\n", 1)[0]:
                    continue
                for name in re.findall(r'^\s+_name = "([a-z0-9_.]+)"', block, re.MULTILINE):
                    models["model_" + name.replace(".", "_")] = addon
    return models


def defined_groups():
    groups = set()
    for addon in ADDONS:
        for path in addon_files(addon, "*.xml"):
            if "static" in path.parts:
                continue
            for node in etree.parse(str(path)).xpath("//record[@model='res.groups']"):
                xmlid = node.get("id")
                groups.add(xmlid if "." in xmlid else f"{addon}.{xmlid}")
    return groups


CORE_GROUPS = {"base.group_user", "base.group_portal", "base.group_public", "base.group_system"}


@pytest.mark.parametrize("addon", ADDONS)
def test_access_rows(addon):
    path = ROOT / addon / "security" / "ir.model.access.csv"
    assert path.is_file()
    models = defined_models()
    groups = defined_groups() | CORE_GROUPS
    with path.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert rows
    ids = [row["id"] for row in rows]
    assert len(ids) == len(set(ids)), "duplicate ACL ids"
    for row in rows:
        model = row["model_id:id"].split(".")[-1]
        assert model in models, f"{row['id']}: unknown model {model}"
        group = row["group_id:id"]
        full = group if "." in group else f"{addon}.{group}"
        assert full in groups, f"{row['id']}: unknown group {group}"
        for perm in ("perm_read", "perm_write", "perm_create", "perm_unlink"):
            assert row[perm] in ("0", "1")


@pytest.mark.parametrize("addon", ADDONS)
def test_every_model_has_access(addon):
    path = ROOT / addon / "security" / "ir.model.access.csv"
    with path.open(encoding="utf-8") as handle:
        covered = {row["model_id:id"].split(".")[-1] for row in csv.DictReader(handle)}
    own = {model for model, owner in defined_models(stored_only=True).items() if owner == addon}
    assert not (own - covered), f"models without ACL: {sorted(own - covered)}"


@pytest.mark.parametrize("addon", ADDONS)
def test_security_files_in_manifest(addon):
    assert "security/ir.model.access.csv" in manifest(addon)["data"]
