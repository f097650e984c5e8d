from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    journal_absence_notices = fields.Boolean(
        string="Same-day absence notices",
        config_parameter="hexlet_journal_portal.absence_notices",
        default=True,
        help="A letter to the guardians of a minor marked «н», after the day's last pair.",
    )
    journal_absence_notice_hour = fields.Integer(
        string="Send absence notices from",
        config_parameter="hexlet_journal_portal.absence_notice_hour",
        default=17,
        help="The hour (college time) after the last pair.",
    )
    journal_weekly_digest = fields.Boolean(
        string="Weekly digest for families",
        config_parameter="hexlet_journal_portal.weekly_digest",
        default=True,
        help="Every Monday, last week's marks and absences to each guardian.",
    )
