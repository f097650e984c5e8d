"""XML data: well-formed, one record id once, no removed Odoo constructs."""

import re
from collections import Counter

import pytest
from helpers import ADDONS, addon_files, relative
from lxml import etree

XML_FILES = [
    path for addon in ADDONS for path in addon_files(addon, "*.xml") if "static" not in path.parts
]


@pytest.mark.parametrize("path", XML_FILES, ids=lambda path: str(relative(path)))
def test_well_formed(path):
    etree.parse(str(path))


@pytest.mark.parametrize("addon", ADDONS)
def test_record_ids_unique(addon):
    ids = Counter()
    for path in addon_files(addon, "*.xml"):
        if "static" in path.parts:
            continue
        tree = etree.parse(str(path))
        for node in tree.xpath("//record[@id] | //template[@id] | //menuitem[@id]"):
            ids[node.get("id")] += 1
    twice = [xmlid for xmlid, count in ids.items() if count > 1]
    assert not twice, f"{addon}: ids defined more than once {twice}"


@pytest.mark.parametrize("path", XML_FILES, ids=lambda path: str(relative(path)))
def test_no_pre_17_view_syntax(path):
    text = path.read_text(encoding="utf-8")
    assert "<tree" not in text, "Odoo 19 has no <tree> views: use <list>"
    assert not re.search(r"\battrs=", text), "attrs= is gone since 17.0"
    assert not re.search(r"\bstates=", text), "states= is gone since 17.0"
    assert 'view_mode">tree' not in text and "view_mode'>tree" not in text


@pytest.mark.parametrize("path", XML_FILES, ids=lambda path: str(relative(path)))
def test_xml_header(path):
    assert path.read_text(encoding="utf-8").startswith('<?xml version="1.0" encoding="UTF-8" ?>')
