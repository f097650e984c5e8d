"""Subgroup membership gets dates (issue 11): the undated list of a subgroup's
students becomes periods in ``edu.subgroup.membership``."""

from odoo import SUPERUSER_ID, api


def migrate(cr, version):
    if not version:
        return
    env = api.Environment(cr, SUPERUSER_ID, {})
    env["edu.subgroup.membership"]._migrate_student_rel()
