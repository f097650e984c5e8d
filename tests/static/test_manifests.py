"""Manifests: the keys Odoo and the OCA expect, a 19.0 version, files that exist."""

import re

import pytest
from helpers import ADDONS, ROOT, manifest

VERSION = re.compile(r"^19\.0\.\d+\.\d+\.\d+$")
REQUIRED = ("name", "version", "license", "author", "depends", "data", "installable", "summary")


def test_all_addons_found():
    assert "hexlet_journal" in ADDONS


@pytest.mark.parametrize("addon", ADDONS)
def test_manifest_keys(addon):
    values = manifest(addon)
    missing = [key for key in REQUIRED if key not in values]
    assert not missing, f"{addon}: missing {missing}"
    assert VERSION.match(values["version"]), (
        f"{addon}: version {values['version']} is not 19.0.x.y.z"
    )
    assert values["license"] in ("LGPL-3", "AGPL-3", "OPL-1")
    assert "Hexlet" in values["author"]
    assert values["installable"] is True


@pytest.mark.parametrize("addon", ADDONS)
def test_manifest_files_exist(addon):
    values = manifest(addon)
    listed = values.get("data", []) + values.get("demo", [])
    missing = [path for path in listed if not (ROOT / addon / path).is_file()]
    assert not missing, f"{addon}: listed but missing {missing}"


@pytest.mark.parametrize("addon", ADDONS)
def test_every_data_file_listed(addon):
    values = manifest(addon)
    listed = set(values.get("data", []) + values.get("demo", []))
    on_disk = {
        str(path.relative_to(ROOT / addon))
        for folder in ("security", "data", "views", "wizard", "report", "demo")
        for path in (ROOT / addon / folder).glob("*")
        if path.suffix in (".xml", ".csv")
    }
    assert not on_disk - listed, f"{addon}: files not in the manifest {sorted(on_disk - listed)}"


@pytest.mark.parametrize("addon", ADDONS)
def test_security_before_views(addon):
    data = manifest(addon).get("data", [])
    security = [index for index, path in enumerate(data) if path.startswith("security/")]
    views = [index for index, path in enumerate(data) if path.startswith(("views/", "wizard/"))]
    if security and views:
        assert max(security) < min(views), f"{addon}: security files must load before views"


@pytest.mark.parametrize("addon", ADDONS)
def test_depends_are_known(addon):
    for dependency in manifest(addon)["depends"]:
        assert not dependency.startswith("hexlet_journal") or dependency in ADDONS, dependency
