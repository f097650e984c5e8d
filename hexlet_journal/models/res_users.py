from odoo import api, models


class ResUsers(models.Model):
    _inherit = "res.users"

    @api.model
    def _journal_group_domain(self, group_xmlid):
        """Users holding a journal role (directly or through an implying group)."""
        return [("all_group_ids", "in", self.env.ref(group_xmlid).ids)]
