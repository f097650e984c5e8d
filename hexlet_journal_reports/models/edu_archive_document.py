"""One file of a year's archive, produced by one background job."""

from odoo import api, fields, models
from odoo.exceptions import UserError

from odoo.addons.hexlet_journal.models.edu_record_mixin import recording_facts

from .edu_archive import sha256

FOLDERS = {
    "journal_book": "journals",
    "summary_term": "summaries",
    "summary_year": "summaries",
    "student_record": "records",
    "export": "data",
    "export_schema": "data",
}


class EduArchiveDocument(models.Model):
    _name = "edu.archive.document"
    _description = "Archive Document"
    _inherit = ["edu.record.mixin"]
    _order = "archive_id, sequence, id"
    _create_only = ("archive_id",)

    archive_id = fields.Many2one("edu.archive", required=True, index=True, ondelete="cascade")
    sequence = fields.Integer(readonly=True)
    kind = fields.Selection(
        [
            ("journal_book", "Printed Journal"),
            ("summary_term", "Summary Statement (Term)"),
            ("summary_year", "Summary Statement (Year)"),
            ("student_record", "Student Record"),
            ("export", "Data (JSON Lines)"),
            ("export_schema", "Data Schema"),
        ],
        required=True,
        readonly=True,
    )
    group_id = fields.Many2one("edu.group", readonly=True, index=True)
    term_id = fields.Many2one("edu.term", readonly=True)
    student_id = fields.Many2one("edu.student", readonly=True, index=True)
    table = fields.Char(readonly=True, help="The table of the data export.")
    # set once when planned: a group renamed later renames nothing in the archive
    name = fields.Char(string="File", readonly=True, help="The path in the archive.")
    covers = fields.Char(readonly=True, help="What the document covers.")
    state = fields.Selection(
        [("pending", "To Produce"), ("done", "Produced"), ("failed", "Failed")],
        default="pending",
        required=True,
        readonly=True,
    )
    error = fields.Text(readonly=True)
    attachment_id = fields.Many2one("ir.attachment", readonly=True)
    file_size = fields.Integer(string="Size (bytes)", readonly=True)
    sha256 = fields.Char(string="SHA-256", readonly=True)
    mimetype = fields.Char(readonly=True)
    produced_on = fields.Datetime(readonly=True)

    @api.model_create_multi
    def create(self, vals_list):
        documents = super().create(vals_list)
        with recording_facts():
            for document in documents:
                name, covers = document._file_name_and_cover()
                document.write({"name": name, "covers": covers})
        return documents

    def _file_name_and_cover(self):
        """The path in the archive (one folder per kind) and what it covers, in
        the college's language."""
        env = self.env
        year = (self.archive_id.year_id.name or "").replace("/", "-")
        group_name = self.group_id.name or ""
        extension = "pdf"
        if self.kind == "journal_book":
            name = env._("Journal %(group)s %(year)s", group=group_name, year=year)
            cover = env._("Printed journal of the group %(group)s for the year", group=group_name)
        elif self.kind == "summary_term":
            term = self.term_id.number or ""
            name = env._(
                "Summary %(group)s %(year)s term %(term)s", group=group_name, year=year, term=term
            )
            cover = env._(
                "Summary statement of the group %(group)s for term %(term)s",
                group=group_name,
                term=term,
            )
        elif self.kind == "summary_year":
            name = env._("Summary %(group)s %(year)s", group=group_name, year=year)
            cover = env._("Summary statement of the group %(group)s for the year", group=group_name)
        elif self.kind == "student_record":
            student = self.student_id
            number = student.record_book_number or str(student.id)
            name = f"{student.name} ({number})".replace("/", "-")
            cover = env._("Record of the student %(student)s", student=student.name)
        elif self.kind == "export":
            name, extension = self.table, "jsonl"
            cover = env._("Data of the year: %(table)s", table=self.table)
        else:
            name, extension = "schema", "json"
            cover = env._("Schema of the data files")
        return f"{FOLDERS.get(self.kind, 'other')}/{name}.{extension}", cover

    @api.ondelete(at_uninstall=False)
    def _unlink_never(self):
        if not self.env.su:
            raise UserError(self.env._("An archive is kept: nobody deletes its documents."))

    # The job

    def _render(self):
        """(content, kind of content) of the document: «pdf», or «html» where the
        test mode renders no PDF, «jsonl», «json»."""
        self.ensure_one()
        Report = self.env["ir.actions.report"]
        year = self.archive_id.year_id
        if self.kind == "journal_book":
            return Report._render_journal_book(self.group_id, year, with_kind=True)
        if self.kind in ("summary_term", "summary_year"):
            terms = self.term_id if self.kind == "summary_term" else year.term_ids
            return Report._render_qweb_pdf(
                "hexlet_journal_reports.action_report_summary",
                [],
                data={"group_ids": self.group_id.ids, "term_ids": terms.sorted("number").ids},
            )
        if self.kind == "student_record":
            # the record as it stood at the end of the archived year
            return Report._render_qweb_pdf(
                "hexlet_journal_reports.action_report_student_record",
                self.student_id.ids,
                data={"until": fields.Date.to_string(year.date_end)},
            )
        Export = self.env["edu.archive.export"]
        if self.kind == "export":
            return Export._jsonl(self.table, year), "jsonl"
        return Export._schema_json(), "json"

    def _produce(self):
        """Render the document and keep it with its hash. Run again after a
        crash, it does nothing for a document already produced."""
        self.ensure_one()
        if self.state == "done" and self.attachment_id:
            return
        self.archive_id._check_administrator()
        content, content_kind = self._render()
        if isinstance(content, str):
            content = content.encode()
        mimetypes = {
            "pdf": "application/pdf",
            "html": "text/html",
            "jsonl": "application/jsonl",
            "json": "application/json",
        }
        mimetype = mimetypes.get(content_kind, "application/octet-stream")
        name = self.name
        if content_kind == "html":  # the test mode renders no PDF
            name = name.removesuffix(".pdf") + ".html"
        with recording_facts():
            attachment = self.env["ir.attachment"].create(
                {
                    "name": name.rsplit("/", 1)[-1],
                    "raw": content,
                    "mimetype": mimetype,
                    # on the document, not in the archive's chatter (whose
                    # attachment box would ask readers to make PDF thumbnails)
                    "res_model": self._name,
                    "res_id": self.id,
                }
            )
            self.write(
                {
                    "name": name,
                    "mimetype": mimetype,
                    "attachment_id": attachment.id,
                    "file_size": len(content),
                    "sha256": sha256(content),
                    "state": "done",
                    "error": False,
                    "produced_on": fields.Datetime.now(),
                }
            )

    def _on_produce_failed(self, exc_info=None, exc_name=None, exc_message=None):
        """queue_job calls this once a document's job has failed for good."""
        with recording_facts():
            self.write({"state": "failed", "error": exc_message or exc_name or ""})

    def _manifest_entry(self):
        self.ensure_one()
        return {
            "file": self.name,
            "size": self.file_size,
            "sha256": self.sha256,
            "kind": self.kind,
            "covers": self.covers,
        }

    def action_download(self):
        self.ensure_one()
        if not self.attachment_id:
            raise UserError(self.env._("This document is not produced yet."))
        return {
            "type": "ir.actions.act_url",
            "url": f"/web/content/{self.attachment_id.id}?download=true",
            "target": "download",
        }
