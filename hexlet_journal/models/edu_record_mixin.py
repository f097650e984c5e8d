import contextvars
from contextlib import contextmanager

from odoo import api, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import OrderedSet

from ..tools import college_lang
from ..tools.arguments import check_field_values

# Set while the journal's own code records facts (a lesson's entry time, a state
# changed by a button): a Python context variable, which no RPC payload can reach.
_RECORDING_FACTS = contextvars.ContextVar("hexlet_journal_recording_facts", default=False)


def facts_being_recorded():
    """Whether the journal's own code is recording facts right now."""
    return _RECORDING_FACTS.get()


@contextmanager
def recording_facts():
    """Let the model's own code write the facts users may not write."""
    token = _RECORDING_FACTS.set(True)
    try:
        yield
    finally:
        _RECORDING_FACTS.reset(token)


class EduRecordMixin(models.AbstractModel):
    """What every journal model shares, so that each rule has one owner.

    Writing (one guard for every journal model, SECURITY-REVIEW.md): Odoo stores
    whatever a ``write`` or ``create`` receives, readonly and computed fields
    included, and checks record rules before a write, not after. So the facts of
    a record — every stored related or computed field, every field declared
    ``readonly`` (set by the model's code: when a lesson was entered, a state
    changed by a button) and the model's ``_create_only`` fields (the parent it
    belongs to: a cell's lesson, a guardian's student) — are refused to everyone
    but the superuser, with a clear error; the model's own code records them
    inside ``recording_facts()``.

    Reading: the web client reads a form's x2many lines with ``web_read``, and
    Odoo reads a One2many without the comodel's record rules, so one line the
    reader may not see (another teacher's journal in a group's form, a guardian
    of a student one only teaches) made the whole form fail. Here the lines are
    those the reader may read, and the form opens with them.
    """

    _name = "edu.record.mixin"
    _description = "Journal Record"

    # fields given when the record is created and never changed afterwards
    _create_only = ()
    # readonly fields a user may give at creation (a reason, a period)
    _user_given = ()
    # the path to the academic year whose archiving freezes the record (§7.4)
    _year_path = None

    @api.model
    def _fact_fields(self):
        """Fields no user writes: stored related/computed and declared readonly ones."""
        facts = set()
        for name, field in self._fields.items():
            if not field.store or name in self._user_given:
                continue
            if name in models.MAGIC_COLUMNS or name.startswith(("message_", "activity_")):
                continue
            if (
                field.related
                or (field.compute and field.readonly)
                or (field.readonly and not field.compute)
            ):
                facts.add(name)
        return facts

    def _check_guarded_vals(self, vals, creating=False):
        """Refuse what a user may not write; recurses into x2many commands."""
        if self.env.su or _RECORDING_FACTS.get():
            return
        facts = self._fact_fields()
        refused = [name for name in vals if name in facts]
        if not creating:
            refused += [name for name in vals if name in self._create_only and name not in facts]
        if refused:
            # who may not write the record at all learns that first
            if creating:
                self.browse().check_access("create")
            else:
                self.check_access("write")
            labels = ", ".join(
                f"«{self._fields[name]._description_string(self.env)}»" for name in refused
            )
            if creating or all(name in facts for name in refused):
                message = self.env._(
                    "%(fields)s of %(model)s cannot be written: the journal records it itself.",
                    fields=labels,
                    model=self._description_for_user(),
                )
            else:
                message = self.env._(
                    "%(fields)s of %(model)s is fixed when the record is created and cannot be "
                    "changed afterwards.",
                    fields=labels,
                    model=self._description_for_user(),
                )
            raise UserError(message)
        check_field_values(self, vals)
        for name, value in vals.items():
            field = self._fields.get(name)
            if not field or field.type not in ("one2many", "many2many") or not value:
                continue
            comodel = self.env[field.comodel_name]
            if not hasattr(comodel, "_check_guarded_vals"):
                continue
            if (
                field.type == "one2many"
                and field.inverse_name in (set(comodel._create_only) | comodel._fact_fields())
                and any(
                    isinstance(command, (list, tuple)) and command and command[0] in (3, 4, 5, 6)
                    for command in value
                )
            ):
                # linking or unlinking a line moves it to or from another parent
                raise UserError(
                    self.env._(
                        "The lines of «%(field)s» belong to their %(model)s: they are added "
                        "and removed one by one, never moved from another one.",
                        field=field._description_string(self.env),
                        model=self._description_for_user(),
                    )
                )
            for command in value:
                if not isinstance(command, (list, tuple)) or len(command) < 3:
                    continue
                if command[0] == 0 and isinstance(command[2], dict):
                    comodel._check_guarded_vals(command[2], creating=True)
                elif command[0] == 1 and isinstance(command[2], dict):
                    comodel.browse(command[1])._check_guarded_vals(command[2])

    def onchange(self, values, field_names, fields_spec):
        # the form's values as a client sends them: a wrong one answers clearly
        check_field_values(self, values, onchange=True)
        return super().onchange(values, field_names, fields_spec)

    @api.model
    def _read_rows(self, domain, field_names, order=None):
        """A search read as tuples: the values of ``field_names`` (stored fields; a
        many2one as its id) of the records matching ``domain``, in one query and
        without building records — for reads of thousands of rows, as the grid's
        matrix. Access rights and record rules apply as in a search, unless in sudo."""
        query = self._search(domain, order=order)
        if query.is_empty():
            return []
        return self.env.execute_query(
            query.select(*(self._field_to_sql(self._table, name, query) for name in field_names))
        )

    @api.model
    def _description_for_user(self):
        return self.env["ir.model"].sudo()._get(self._name).name

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._check_guarded_vals(vals, creating=True)
        records = super().create(vals_list)
        records._check_year_not_archived()
        return records

    def _check_year_not_archived(self):
        """Nothing of an archived year changes (rule 10), whoever asks."""
        if self._year_path and self:
            self.sudo().mapped(self._year_path)._check_not_archived()

    @api.ondelete(at_uninstall=False)
    def _unlink_except_archived_year(self):
        self._check_year_not_archived()

    def _add_missing_default_values(self, values):
        """Defaults come from the field, but also from ``default_*`` context keys and
        ``ir.default``, which any user sets: a fact takes its field's own default only
        (a new memo's author is its writer); any other default is ignored, and a
        computed fact is computed."""
        given = set(values)
        result = super()._add_missing_default_values(values)
        # not even while the model's own code records facts: a default is the user's
        if self.env.su:
            return result
        facts = self._fact_fields()
        for name in set(result) - given:
            if name not in facts:
                continue
            field = self._fields[name]
            own = field.default(self) if field.default else False
            if self._comparable(field, own) == self._comparable(field, result[name]):
                continue
            if field.default and not field.compute:
                result[name] = field.convert_to_write(
                    field.convert_to_cache(own, self.browse(), validate=False), self.browse()
                )
            else:
                del result[name]
        return result

    def _comparable(self, field, value):
        """A value in one comparable form (a record, an id and a command alike)."""
        if isinstance(value, models.BaseModel):
            value = value.ids if field.type in ("one2many", "many2many") else value.id
        try:
            return field.convert_to_cache(value, self.browse(), validate=False)
        except (TypeError, ValueError):
            return value

    def write(self, vals):
        self._check_guarded_vals(vals)
        self._check_year_not_archived()
        result = super().write(vals)
        if self._year_path and self._year_path.split(".")[0] in vals:
            self._check_year_not_archived()
        return result

    @api.model
    def _mail_get_partner_fields(self, introspect_fields=False):
        """The chatter looks up a record's contacts (suggested recipients): only in the
        fields the reader may read — a teacher has no access to a student's contact."""
        names = super()._mail_get_partner_fields(introspect_fields=introspect_fields)
        # the chatter asks in sudo: the reader's own rights decide
        reader = self.sudo(False)
        return [name for name in names if reader._has_field_access(self._fields[name], "read")]

    def _mail_get_partners(self, introspect_fields=False):
        """…and only the contacts the reader may read: a family's contact on a
        record the academic department reads (an absence reported) is not its."""
        partners = super()._mail_get_partners(introspect_fields=introspect_fields)
        if self.env.su:
            return partners
        return {
            record_id: found.sudo(False)._filtered_access("read")
            for record_id, found in partners.items()
        }

    @api.model
    def _mail_get_primary_email_field(self):
        name = super()._mail_get_primary_email_field()
        if name and not self.sudo(False)._has_field_access(self._fields[name], "read"):
            return None
        return name

    def _mail_get_primary_email(self):
        name = getattr(self, "_primary_email", None)
        if name in self._fields and not self.sudo(False)._has_field_access(
            self._fields[name], "read"
        ):
            return dict.fromkeys(self.ids, False)
        return super()._mail_get_primary_email()

    def _message_get_suggested_recipients_batch(self, **kwargs):
        """The chatter suggests recipients from the contacts of the followers and
        of the last message's author: where one is not the reader's to read (a
        family's, for the academic department), it suggests nobody instead of
        failing, and whatever was begun is undone."""
        try:
            with self.env.cr.savepoint():
                return super()._message_get_suggested_recipients_batch(**kwargs)
        except AccessError:
            return {record.id: [] for record in self}

    def _message_add_default_recipients(self):
        """Mail falls back on a record's ``email`` field when it has no primary e-mail
        for the reader: a reader who may not read that field gets no address from it
        (the academic department on a student card)."""
        reader = self.sudo(False)
        hidden = [
            name
            for name in ("email_from", "email", "partner_email", "email_normalized", "email_cc")
            if name in self._fields and not reader._has_field_access(self._fields[name], "read")
        ]
        if not hidden:
            return super()._message_add_default_recipients()
        partners = self._mail_get_partners()
        return {
            record.id: {
                "email_cc_lst": [],
                "email_to_lst": [],
                "partners": partners.get(record.id, self.env["res.partner"]),
            }
            for record in self
        }

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
