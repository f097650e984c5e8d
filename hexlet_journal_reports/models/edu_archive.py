"""The archive of an academic year (§7.4): the documents the procedure produced,
a manifest of their SHA-256 hashes that is itself hashed, the integrity check
and one ZIP of it all. Kept 75 years (DESIGN.md §8): nothing in it is deleted
or replaced by anyone but the superuser."""

import hashlib
import json
import tempfile
import zipfile

from odoo import api, fields, models
from odoo.exceptions import UserError

from odoo.addons.hexlet_journal.models.edu_record_mixin import recording_facts
from odoo.addons.queue_job.delay import chain, group

MANIFEST_NAME = "manifest.json"


def sha256(content):
    return hashlib.sha256(content).hexdigest()


class EduArchive(models.Model):
    _name = "edu.archive"
    _description = "Year Archive"
    _inherit = ["edu.record.mixin", "mail.thread"]
    _order = "year_start desc, id desc"

    # written once, in the college's language, when the year is archived
    name = fields.Char(readonly=True)
    year_id = fields.Many2one(
        "edu.academic.year",
        string="Academic Year",
        required=True,
        readonly=True,
        index=True,
        ondelete="restrict",
    )
    year_start = fields.Date(related="year_id.date_start", store=True)
    document_ids = fields.One2many("edu.archive.document", "archive_id", string="Documents")
    state = fields.Selection(
        [("producing", "Producing"), ("failed", "Needs Attention"), ("done", "Complete")],
        compute="_compute_state",
        store=True,
        help="Producing: the documents are being rendered in the background. Needs "
        "attention: a document could not be produced (resume it). Complete: every "
        "document and the manifest are in the archive.",
    )
    document_count = fields.Integer(compute="_compute_progress", string="Documents Planned")
    done_count = fields.Integer(compute="_compute_progress", string="Documents Produced")
    progress = fields.Float(compute="_compute_progress", help="Documents produced, in %.")
    reason = fields.Text(
        readonly=True, help="Why the year was archived despite the completeness check's warnings."
    )
    warnings = fields.Text(
        readonly=True, help="What the completeness check reported when the year was archived."
    )
    archived_by_id = fields.Many2one("res.users", readonly=True)
    archived_on = fields.Datetime(readonly=True)
    manifest_id = fields.Many2one("ir.attachment", readonly=True)
    manifest_sha256 = fields.Char(
        string="Manifest SHA-256",
        readonly=True,
        help="The hash of the manifest, which lists every file with its size and hash.",
    )
    integrity_state = fields.Selection(
        [("ok", "Intact"), ("altered", "Altered")],
        string="Integrity",
        readonly=True,
        help="The result of the last integrity check.",
    )
    integrity_checked_on = fields.Datetime(readonly=True)
    integrity_report = fields.Text(readonly=True)

    _year_uniq = models.UniqueIndex(
        "(year_id)", lambda env, diag: env._("This academic year is already archived.")
    )

    @api.depends("document_ids.state", "manifest_id")
    def _compute_state(self):
        for archive in self:
            states = set(archive.document_ids.mapped("state"))
            if "failed" in states:
                archive.state = "failed"
            elif archive.manifest_id and states <= {"done"}:
                archive.state = "done"
            else:
                archive.state = "producing"

    @api.depends("document_ids.state")
    def _compute_progress(self):
        counts = {
            (archive.id, state): count
            for archive, state, count in self.env["edu.archive.document"]._read_group(
                [("archive_id", "in", self.ids)], ["archive_id", "state"], ["__count"]
            )
        }
        for archive in self:
            done = counts.get((archive.id, "done"), 0)
            total = sum(
                count for (archive_id, _s), count in counts.items() if archive_id == archive.id
            )
            archive.document_count = total
            archive.done_count = done
            archive.progress = 100.0 * done / total if total else 0.0

    @api.ondelete(at_uninstall=False)
    def _unlink_never(self):
        if not self.env.su:
            raise UserError(self.env._("An archive is kept: nobody deletes it."))

    # Production

    @api.model
    def _archive_year(self, year, reason=False, warnings=False):
        """Freeze the year and plan its documents, in one transaction: the
        documents are then produced in the background, one job each, and the
        manifest once they are all there."""
        self._check_administrator()
        # the archive's names, files and notes in the college's language
        self = self.with_context(lang=self._college_lang())  # noqa: PLW0642
        year = year.with_env(self.env)
        with recording_facts():
            year.write({"state": "archived"})
            archive = self.create(
                {
                    "name": self.env._("Archive of %(year)s", year=year.name),
                    "year_id": year.id,
                    "reason": reason or False,
                    "warnings": warnings or False,
                    "archived_by_id": self.env.uid,
                    "archived_on": fields.Datetime.now(),
                }
            )
            self.env["edu.archive.document"].create(archive._document_plan())
        archive._enqueue()
        archive.message_post(
            body=self.env._(
                "The year %(year)s is archived: %(count)s documents are being produced.",
                year=year.name,
                count=len(archive.document_ids),
            )
        )
        return archive

    def _document_plan(self):
        """Every document of the year: each group's printed journal and summary
        statements (each term, the year), each student's record, the data."""
        self.ensure_one()
        year = self.year_id
        env = self.env
        terms = year.term_ids.sorted("number")
        journals = (
            env["edu.teaching.assignment"]
            .sudo()
            .with_context(active_test=False)
            .search_fetch([("term_id", "in", terms.ids)], ["group_id", "term_id"])
        )
        groups = journals.group_id.sorted("name")
        Membership = env["edu.group.membership"].sudo()
        students = (
            Membership.search_fetch(
                [
                    ("group_id", "in", groups.ids),
                    *Membership._period_domain(year.date_start, year.date_end),
                ],
                ["student_id"],
            )
            .student_id.with_context(active_test=False)
            .sorted(lambda student: (student.name or "", student.id))
        )
        plan = []
        for group_ in groups:
            plan.append({"kind": "journal_book", "group_id": group_.id})
            group_terms = journals.filtered(lambda journal, g=group_: journal.group_id == g).term_id
            for term in terms & group_terms:
                plan.append({"kind": "summary_term", "group_id": group_.id, "term_id": term.id})
            plan.append({"kind": "summary_year", "group_id": group_.id})
        plan += [{"kind": "student_record", "student_id": student.id} for student in students]
        export = env["edu.archive.export"]
        plan += [{"kind": "export", "table": table} for table in export._tables()]
        plan.append({"kind": "export_schema"})
        for sequence, values in enumerate(plan, start=1):
            values.update(archive_id=self.id, sequence=sequence)
        return plan

    def _enqueue(self, documents=None):
        """One job per document, then the manifest once they are all done."""
        self.ensure_one()
        documents = documents if documents is not None else self.document_ids
        jobs = [
            document.delayable(
                description=self.env._(
                    "Archive %(year)s: %(file)s", year=self.year_id.name, file=document.name
                ),
                channel="root.archive",
            )._produce()
            for document in documents.sorted("sequence")
        ]
        manifest = self.delayable(
            description=self.env._("Archive %(year)s: manifest", year=self.year_id.name),
            channel="root.archive",
        )._write_manifest()
        if jobs:
            chain(group(*jobs), manifest).delay()
        else:
            manifest.delay()

    def action_resume(self):
        """Produce again what a crash or a failure left undone: a job that
        died is requeued by queue_job itself; this re-plans the documents
        still missing after that, and the manifest."""
        self._check_administrator()
        for archive in self:
            if archive.manifest_id:
                continue
            missing = archive.document_ids.filtered(lambda document: document.state != "done")
            archive._cancel_stale_jobs()
            with recording_facts():
                missing.write({"state": "pending", "error": False})
            archive._enqueue(missing)
            archive.message_post(
                body=self.env._("Production resumed: %(count)s documents.", count=len(missing))
            )
        return True

    def _cancel_stale_jobs(self):
        """The jobs of this archive that failed or wait on a failed one: their
        place is taken by the resumed production (read in sudo: the journal
        administrator is not a queue_job manager; only this archive's jobs)."""
        self.ensure_one()
        jobs = (
            self.env["queue.job"]
            .sudo()
            .search(
                [
                    ("model_name", "in", (self._name, "edu.archive.document")),
                    ("state", "in", ("failed", "wait_dependencies")),
                ]
            )
        )
        mine = jobs.filtered(
            lambda job: (
                job.records.ids
                and (
                    (job.model_name == self._name and job.records.ids == self.ids)
                    or (
                        job.model_name == "edu.archive.document"
                        and set(job.records.ids) <= set(self.document_ids.ids)
                    )
                )
            )
        )
        mine.button_cancelled()

    def _check_administrator(self):
        if not (self.env.su or self.env.user.has_group("hexlet_journal.group_admin")):
            raise UserError(self.env._("The journal administrator runs the archive procedure."))

    def _write_manifest(self):
        """The manifest: every file with its size, SHA-256 and what it covers;
        its own hash is kept on the archive."""
        self.ensure_one()
        if self.manifest_id:
            return
        documents = self.document_ids.sorted("sequence")
        undone = documents.filtered(lambda document: document.state != "done")
        if undone:
            raise UserError(
                self.env._(
                    "The manifest waits for %(count)s documents still to produce.",
                    count=len(undone),
                )
            )
        year = self.year_id
        manifest = {
            "archive": self.name,
            "college": self.env.company.name,
            "academic_year": year.name,
            "period": [
                fields.Date.to_string(year.date_start),
                fields.Date.to_string(year.date_end),
            ],
            "archived_on": fields.Datetime.to_string(self.archived_on),
            "archived_by": self.archived_by_id.name,
            "reason": self.reason or "",
            "hash": "sha256",
            "files": [document._manifest_entry() for document in documents],
        }
        content = json.dumps(manifest, ensure_ascii=False, indent=2).encode()
        with recording_facts():
            attachment = self.env["ir.attachment"].create(
                {
                    "name": MANIFEST_NAME,
                    "raw": content,
                    "mimetype": "application/json",
                    "res_model": self._name,
                    "res_id": self.id,
                }
            )
            self.write({"manifest_id": attachment.id, "manifest_sha256": sha256(content)})
        self.message_post(
            body=self.env._(
                "The archive is complete: %(count)s documents, manifest SHA-256 %(hash)s.",
                count=len(documents),
                hash=self.manifest_sha256,
            )
        )

    # Integrity

    def _integrity_problems(self):
        """What no longer matches: a file whose bytes changed or vanished, the
        manifest itself altered, a file the manifest does not list as it is."""
        self.ensure_one()
        problems = []
        listed = {}
        if self.manifest_id:
            content = self.manifest_id.raw or b""
            if sha256(content) != self.manifest_sha256:
                problems.append(self.env._("%(file)s: altered.", file=MANIFEST_NAME))
            try:
                listed = {item["file"]: item for item in json.loads(content)["files"]}
            except (ValueError, KeyError, TypeError):
                problems.append(self.env._("%(file)s: unreadable.", file=MANIFEST_NAME))
        for document in self.document_ids.sorted("sequence"):
            if document.state != "done":
                problems.append(self.env._("%(file)s: not produced yet.", file=document.name))
                continue
            content = document.attachment_id.raw or b""
            if not document.attachment_id:
                problems.append(self.env._("%(file)s: missing.", file=document.name))
            elif sha256(content) != document.sha256 or len(content) != document.file_size:
                problems.append(self.env._("%(file)s: altered.", file=document.name))
            entry = listed.get(document.name)
            if self.manifest_id and (not entry or entry.get("sha256") != document.sha256):
                problems.append(
                    self.env._("%(file)s: differs from the manifest.", file=document.name)
                )
        return problems

    def action_check_integrity(self):
        """Recompute every hash and say what does not match (Проверить целостность)."""
        self._check_administrator()
        for archive in self:
            problems = archive._integrity_problems()
            report = "\n".join(problems) or self.env._(
                "All %(count)s files and the manifest match their SHA-256 hashes.",
                count=len(archive.document_ids),
            )
            with recording_facts():
                archive.write(
                    {
                        "integrity_state": "altered" if problems else "ok",
                        "integrity_checked_on": fields.Datetime.now(),
                        "integrity_report": report,
                    }
                )
            archive.message_post(
                body=self.env._(
                    "Integrity check by %(user)s: %(report)s",
                    user=self.env.user.name,
                    report=report,
                )
            )
        if len(self) == 1:
            problems = self.integrity_state == "altered"
            return {
                "type": "ir.actions.client",
                "tag": "display_notification",
                "params": {
                    "title": self.env._("Integrity check"),
                    "message": self.integrity_report,
                    "type": "danger" if problems else "success",
                    "sticky": problems,
                    "next": {"type": "ir.actions.act_window_close"},
                },
            }
        return True

    # Download

    def _zip_file(self):
        """The whole archive as one ZIP (a temporary file, read from the start):
        the manifest first, then every document in its folder."""
        self.ensure_one()
        self.check_access("read")
        if not self.manifest_id:
            raise UserError(
                self.env._("The archive is still being produced: download it once it is complete.")
            )
        spool = tempfile.TemporaryFile()  # noqa: SIM115 (handed to the response, which closes it)
        with zipfile.ZipFile(spool, "w", compression=zipfile.ZIP_DEFLATED) as archive_zip:
            archive_zip.writestr(MANIFEST_NAME, self.manifest_id.raw)
            for document in self.document_ids.sorted("sequence"):
                archive_zip.writestr(document.name, document.attachment_id.raw or b"")
        spool.seek(0)
        return spool

    def _zip_name(self):
        return self.env._("Archive %(year)s.zip", year=(self.year_id.name or "").replace("/", "-"))

    def action_download_zip(self):
        self.ensure_one()
        self.check_access("read")
        return {
            "type": "ir.actions.act_url",
            "url": f"/hexlet_journal/archive/{self.id}/zip",
            "target": "download",
        }

    def action_open_documents(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Documents of %(archive)s", archive=self.name),
            "res_model": "edu.archive.document",
            "view_mode": "list,form",
            "domain": [("archive_id", "=", self.id)],
        }

    # Demo

    @api.model
    def _demo_archive_previous_year(self):
        """The demo's last year goes through the procedure as its journal
        administrator would take it: the check, the reason, the freeze; the
        documents follow in the background."""
        year = self.env.ref("hexlet_journal.demo_year_previous", raise_if_not_found=False)
        administrator = self.env.ref("hexlet_journal.user_journal_admin", raise_if_not_found=False)
        if not year or not administrator or year.state != "closed" or year.archive_id:
            return False
        college = self.with_context(lang=self._college_lang())
        wizard = (
            college.env["edu.archive.wizard"].with_user(administrator).create({"year_id": year.id})
        )
        wizard.reason = college.env._(
            "Last year's autumn term was kept on paper: only the spring term is in the "
            "electronic journal."
        )
        wizard.action_archive()
        return True
