from odoo import models

from ..tools import short_name

# The journal roles that sign documents, most senior first (see _journal_positions).
SIGNING_GROUPS = (
    "hexlet_journal.group_director",
    "hexlet_journal.group_deputy_director",
    "hexlet_journal.group_admin",
    "hexlet_journal.group_academic_head",
    "hexlet_journal.group_curator",
    "hexlet_journal.group_teacher",
)


class ResUsers(models.Model):
    _inherit = "res.users"

    def _journal_positions(self):
        """The journal roles that sign documents, most senior first, with the position."""
        env = self.env
        positions = [
            env._("Director"),
            env._("Deputy Director for Academic Affairs"),
            env._("Head of the DO and PO Department"),
            env._("Head of the Academic Department"),
            env._("Curator"),
            env._("Teacher"),
        ]
        return list(zip(SIGNING_GROUPS, positions, strict=True))

    def _journal_position(self):
        """The position of the user in the college, from their own journal
        role (not the roles it implies), in the language of the env."""
        self.ensure_one()
        groups = self.sudo().group_ids
        for xmlid, position in self._journal_positions():
            if self.env.ref(xmlid) in groups:
                return position
        return ""

    def _journal_short_name(self):
        """«И.О. Фамилия» of the user (see tools.short_name)."""
        return short_name(self.sudo().name) if self else ""
