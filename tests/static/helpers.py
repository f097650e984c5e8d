import ast
from pathlib import Path

from addons import ROOT, project_addons

ADDONS = project_addons()


def manifest(addon):
    return ast.literal_eval((ROOT / addon / "__manifest__.py").read_text(encoding="utf-8"))


def addon_files(addon, pattern):
    return sorted((ROOT / addon).rglob(pattern))


def relative(path):
    return Path(path).relative_to(ROOT)
