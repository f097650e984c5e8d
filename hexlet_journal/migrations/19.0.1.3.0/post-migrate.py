"""The journal cells are indexed by journal and date together (issue 12): the
index of the journal alone, which the new one serves too, is dropped. Odoo
keeps an index a field no longer asks for, so this is done here."""

from odoo.tools import sql


def migrate(cr, version):
    if not version:
        return
    sql.drop_index(cr, "edu_lesson_entry__assignment_id_index", "edu_lesson_entry")
