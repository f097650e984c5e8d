from datetime import date, datetime

from odoo import fields, models

from ..models.edu_schedule_slot import pair_error

WEEKDAY_ALIASES = {
    "пн": "0", "понедельник": "0", "monday": "0", "mon": "0", "1": "0",
    "вт": "1", "вторник": "1", "tuesday": "1", "tue": "1", "2": "1",
    "ср": "2", "среда": "2", "wednesday": "2", "wed": "2", "3": "2",
    "чт": "3", "четверг": "3", "thursday": "3", "thu": "3", "4": "3",
    "пт": "4", "пятница": "4", "friday": "4", "fri": "4", "5": "4",
    "сб": "5", "суббота": "5", "saturday": "5", "sat": "5", "6": "5",
}  # fmt: skip
PARITY_ALIASES = {
    "": "every", "все": "every", "каждая": "every", "every": "every",
    "нечёт": "odd", "нечет": "odd", "нечётная": "odd", "нечетная": "odd", "odd": "odd",
    "чёт": "even", "чет": "even", "чётная": "even", "четная": "even", "even": "even",
}  # fmt: skip

PREVIEW_KEYS = (
    "row_number", "assignment_id", "slot_type", "weekday",
    "date", "pair_number", "week_parity", "room",
)  # fmt: skip


class EduScheduleImport(models.TransientModel):
    """Columns: group, discipline code, subgroup, weekday or date, pair, week, room."""

    _name = "edu.schedule.import"
    _inherit = ["edu.import.mixin"]
    _description = "Import Schedule"

    _header_words = ("группа", "group", "пара", "pair", "дисциплина", "discipline")

    term_id = fields.Many2one("edu.term", required=True, ondelete="cascade")
    line_ids = fields.One2many(
        "edu.schedule.import.line",
        "wizard_id",
        string="Preview",
        compute="_compute_preview",
        store=True,
    )

    def _parse_row(self, cells):
        errors = []
        group_name = self._cell_text(cells, 0)
        discipline_code = self._cell_text(cells, 1)
        subgroup_name = self._cell_text(cells, 2)
        day_cell = cells[3] if len(cells) > 3 else ""
        pair_text = self._cell_text(cells, 4)
        parity_text = self._cell_text(cells, 5).lower()
        room = self._cell_text(cells, 6)
        values = {"room": room or False, "slot_type": "weekly", "week_parity": "every"}

        assignment = self.env["edu.teaching.assignment"]
        group = (
            self.env["edu.group"].search([("name", "=", group_name)], limit=1)
            if group_name
            else None
        )
        if not group:
            errors.append(self.env._("unknown group «%(value)s»", value=group_name))
        discipline = self.env["edu.discipline"].search([("code", "=", discipline_code)], limit=1)
        if not discipline:
            errors.append(self.env._("unknown discipline code «%(value)s»", value=discipline_code))
        if group and discipline:
            domain = [
                ("term_id", "=", self.term_id.id),
                ("group_id", "=", group.id),
                ("discipline_id", "=", discipline.id),
            ]
            if subgroup_name:
                domain.append(("subgroup_id.name", "=", subgroup_name))
            else:
                domain.append(("subgroup_id", "=", False))
            assignment = assignment.search(domain, limit=1)
            if not assignment:
                errors.append(
                    self.env._(
                        "%(group)s has no journal of %(discipline)s in this term",
                        group=group_name + (f" / {subgroup_name}" if subgroup_name else ""),
                        discipline=discipline_code,
                    )
                )
        values["assignment_id"] = assignment.id

        if isinstance(day_cell, (datetime, date)):
            day = day_cell.date() if isinstance(day_cell, datetime) else day_cell
            values.update(slot_type="dated", date=day)
        else:
            day_text = self._cell_text(cells, 3).lower()
            parsed_date = self._parse_date(day_text)
            if parsed_date:
                values.update(slot_type="dated", date=parsed_date)
            elif day_text in WEEKDAY_ALIASES:
                values["weekday"] = WEEKDAY_ALIASES[day_text]
            else:
                errors.append(
                    self.env._(
                        "«%(value)s» is neither a day of the week nor a date", value=day_text
                    )
                )
        try:
            values["pair_number"] = int(float(pair_text))
        except ValueError:
            errors.append(self.env._("pair «%(value)s» is not a number", value=pair_text))
        else:
            if error := pair_error(self.env, values["pair_number"]):
                errors.append(error)
        if parity_text in PARITY_ALIASES:
            values["week_parity"] = PARITY_ALIASES[parity_text]
        else:
            errors.append(self.env._("week «%(value)s» is not all, odd or even", value=parity_text))
        if values.get("date") and not (
            self.term_id.date_start <= values["date"] <= self.term_id.date_end
        ):
            errors.append(
                self.env._("the date %(value)s is outside the term", value=values["date"])
            )
        return values, errors

    @staticmethod
    def _parse_date(text):
        for pattern in ("%d.%m.%Y", "%Y-%m-%d"):
            try:
                return datetime.strptime(text, pattern).date()
            except ValueError:
                continue
        return None

    def _set_preview(self, values):
        self.line_ids = [fields.Command.clear()] + [
            fields.Command.create({key: vals.get(key) or False for key in PREVIEW_KEYS})
            for vals in values
        ]

    def _import_values(self, values):
        slots = self.env["edu.schedule.slot"].create(
            [{key: value for key, value in vals.items() if key != "row_number"} for vals in values]
        )
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Imported Schedule"),
            "res_model": "edu.schedule.slot",
            "view_mode": "list",
            "domain": [("id", "in", slots.ids)],
        }
