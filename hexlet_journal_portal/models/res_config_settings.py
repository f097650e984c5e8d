from odoo import fields, models
from odoo.exceptions import ValidationError

from odoo.addons.hexlet_journal.tools import parse_pair_times
from odoo.addons.hexlet_journal.tools.college_time import DEFAULT_PAIR_TIMES


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    journal_absence_notices = fields.Boolean(
        string="Same-day letters",
        config_parameter="hexlet_journal_portal.absence_notices",
        default=True,
        help="A letter to the guardians of a minor on the day he is marked «н» (and, for "
        "those who ask, given marks), after the day's last pair.",
    )
    journal_absence_notice_hour = fields.Integer(
        string="Send same-day letters from",
        config_parameter="hexlet_journal_portal.absence_notice_hour",
        default=17,
        help="The hour (college time) after the last pair.",
    )
    journal_weekly_digest = fields.Boolean(
        string="Weekly digest for families",
        config_parameter="hexlet_journal_portal.weekly_digest",
        default=True,
        help="Every Monday, last week's marks, absences, homework and remarks to each guardian.",
    )
    journal_pair_times = fields.Char(
        string="Bell times",
        config_parameter="hexlet_journal.pair_times",
        default=DEFAULT_PAIR_TIMES,
        help="Расписание звонков: the start and the end of each pair, in order, "
        "separated by commas (08:30-10:00, 10:10-11:40, …). Families see them in the "
        "diary and the timetable.",
    )

    def set_values(self):
        for settings in self:
            if settings.journal_pair_times and not parse_pair_times(settings.journal_pair_times):
                raise ValidationError(
                    self.env._(
                        "Write the bell times as «08:30-10:00, 10:10-11:40»: each pair's start "
                        "and end (hours:minutes), the end after the start, pairs separated by "
                        "commas."
                    )
                )
        return super().set_values()
