from odoo import api, models
from odoo.tools import SQL

# Days of logins kept: Odoo keeps only each user's last login, and the activity
# report (§6.1) counts the logins of a month, a term or a year.
LOGIN_LOG_DAYS = 400


class ResUsersLog(models.Model):
    _inherit = "res.users.log"

    @api.autovacuum
    def _gc_user_logs(self):
        """Like Odoo's, but a login of the last ``LOGIN_LOG_DAYS`` days is kept:
        the activity report counts them (each user's last login is kept anyway)."""
        self.env.cr.execute(
            SQL(
                """
                DELETE FROM res_users_log log1
                 WHERE log1.create_date < (now() at time zone 'UTC') - %s * interval '1 day'
                   AND EXISTS (
                        SELECT 1 FROM res_users_log log2
                         WHERE log1.create_uid = log2.create_uid
                           AND log1.create_date < log2.create_date
                   )
                """,
                LOGIN_LOG_DAYS,
            )
        )
