from odoo import api, models
from odoo.exceptions import UserError

from odoo.addons.hexlet_journal.models.edu_record_mixin import facts_being_recorded

ARCHIVE_MODELS = ("edu.archive", "edu.archive.document")


class IrAttachment(models.Model):
    _inherit = "ir.attachment"

    def _check_not_archive_file(self):
        """The files of a year's archive are kept 75 years (DESIGN.md §8): nobody
        but the superuser deletes or replaces them."""
        if self.env.su:
            return
        if any(attachment.res_model in ARCHIVE_MODELS for attachment in self.sudo()):
            raise UserError(
                self.env._("The files of an archive are kept: nobody replaces or deletes them.")
            )

    @api.model_create_multi
    def create(self, vals_list):
        # only the archive's own production adds files to it
        if not (self.env.su or facts_being_recorded()) and any(
            vals.get("res_model") in ARCHIVE_MODELS for vals in vals_list
        ):
            raise UserError(self.env._("Files are added to an archive by its production only."))
        return super().create(vals_list)

    def write(self, vals):
        self._check_not_archive_file()
        if not self.env.su and vals.get("res_model") in ARCHIVE_MODELS:
            raise UserError(self.env._("Files are added to an archive by its production only."))
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_archive_file(self):
        self._check_not_archive_file()
