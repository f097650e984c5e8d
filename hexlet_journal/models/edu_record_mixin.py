from odoo import api, models
from odoo.tools import OrderedSet

from ..tools import college_lang


class EduRecordMixin(models.AbstractModel):
    """What every journal model shares, so that each rule has one owner.

    Reading: the web client reads a form's x2many lines with ``web_read``, and
    Odoo reads a One2many without the comodel's record rules, so one line the
    reader may not see (another teacher's journal in a group's form, a guardian
    of a student one only teaches) made the whole form fail. Here the lines are
    those the reader may read, and the form opens with them.
    """

    _name = "edu.record.mixin"
    _description = "Journal Record"

    @api.model
    def _college_lang(self):
        """The language the college works in: what crons write (activities, chatter)
        when no user is behind them."""
        return college_lang(self.env)

    def _env_for(self, user):
        """An environment speaking the language of the user who will read the text."""
        return self.with_context(lang=user.lang or self._college_lang()).env

    def web_read(self, specification):
        x2many = {
            name: spec
            for name, spec in specification.items()
            if spec
            and name in self._fields
            and self._fields[name].type in ("one2many", "many2many")
        }
        if not x2many or self.env.su:
            return super().web_read(specification)
        values_list = super().web_read(
            {name: ({} if name in x2many else spec) for name, spec in specification.items()}
        )
        for name, spec in x2many.items():
            field = self._fields[name]
            allowed = set(self[name]._filtered_access("read").ids)
            for values in values_list:
                values[name] = [id_ for id_ in values[name] if id_ in allowed]
            if spec.get("order"):
                ordered = (
                    self.env[field.comodel_name]
                    .with_context(active_test=False)
                    .search([("id", "in", list(allowed))], order=spec["order"])
                )
                position = {record.id: index for index, record in enumerate(ordered)}
                for values in values_list:
                    values[name] = sorted(
                        (id_ for id_ in values[name] if id_ in position), key=position.__getitem__
                    )
            if "fields" not in spec:
                continue
            limit = spec.get("limit")
            ids = OrderedSet(
                id_
                for values in values_list
                for id_ in (values[name][:limit] if limit is not None else values[name])
            )
            co_records = self.env[field.comodel_name].browse(ids)
            if "context" in spec:
                co_records = co_records.with_context(**spec["context"])
            data = {vals["id"]: vals for vals in co_records.web_read(spec["fields"])}
            for values in values_list:
                values[name] = [data.get(id_) or {"id": id_} for id_ in values[name]]
        return values_list
