"""The year-end archive (§7.4): the completeness check, the freeze, the
production by queue_job's own runner code, the manifest, the integrity check,
the ZIP, and what nobody may do to an archive."""

import hashlib
import io
import json
import zipfile
from datetime import timedelta
from unittest.mock import patch

from odoo import fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import HttpCase, TransactionCase, tagged
from odoo.tools import mute_logger

from odoo.addons.hexlet_journal_reports.models.edu_archive_document import EduArchiveDocument
from odoo.addons.hexlet_journal_reports.models.edu_archive_export import EduArchiveExport
from odoo.addons.queue_job.controllers.main import RunJobController
from odoo.addons.queue_job.job import Job
from odoo.addons.queue_job.jobrunner.runner import Database

from .common import DocumentCase

ARCHIVE_MODELS = ("edu.archive", "edu.archive.document")
REASON = "Практика ведётся в дневниках практики."


class ArchiveJobs:
    """Jobs of the archive, run as queue_job's runner runs them."""

    def setUp(self):
        super().setUp()
        # the jobs of this test only (the demo's archive has its own)
        self.env.cr.execute("SELECT COALESCE(MAX(id), 0) FROM queue_job")
        self.job_floor = self.env.cr.fetchone()[0]

    def _jobs(self, states=None):
        domain = [("model_name", "in", ARCHIVE_MODELS), ("id", ">", self.job_floor)]
        if states:
            domain.append(("state", "in", states))
        return self.env["queue.job"].sudo().search(domain)

    def _run_jobs(self, crash=None):
        """What queue_job's runner does for each job it hands a worker: mark it
        started, perform it, mark it done, release the jobs waiting on it.
        ``crash(job)``: that job's worker dies in the middle (the exception
        leaves the job started, as a killed worker does)."""
        for _round in range(10):
            records = self._jobs(("pending", "enqueued"))
            if not records:
                return
            for record in records:
                job = Job.load(self.env, record.uuid)
                job.set_started()
                job.store()
                if crash and crash(job):
                    killed = patch.object(
                        EduArchiveDocument, "_render", side_effect=RuntimeError("worker killed")
                    )
                    with self.assertRaises(RuntimeError), mute_logger("odoo.sql_db"), killed:
                        RunJobController._try_perform_job(self.env, job)
                    continue
                RunJobController._try_perform_job(self.env, job)
                RunJobController._enqueue_dependent_jobs(self.env, job)
            self.env.invalidate_all()


class ArchiveCase(ArchiveJobs, DocumentCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.year.with_user(cls.jadmin).action_close()

    def _wizard(self, user=None):
        return (
            self.env["edu.archive.wizard"]
            .with_user(user or self.jadmin)
            .create({"year_id": self.year.id})
        )

    def _archive(self):
        wizard = self._wizard()
        wizard.reason = REASON
        wizard.action_archive()
        return self.year.archive_id


@tagged("post_install", "-at_install")
class TestArchiveProcedure(ArchiveCase):
    def test_the_completeness_check_lists_with_links(self):
        wizard = self._wizard()
        missing = wizard.issue_ids.filtered(
            lambda issue: issue.kind == "missing" and self.assignment_a.name in issue.name
        )
        self.assertEqual(len(missing), 1, "the timetable's lessons not entered are listed")
        self.assertFalse(wizard.blocking_count)
        action = missing.action_open()
        self.assertEqual(
            (action["res_model"], action["res_id"]),
            ("edu.teaching.assignment", self.assignment_a.id),
        )

    def test_a_journal_without_an_approved_ktp_is_named(self):
        def unapproved(wizard):
            return wizard.issue_ids.filtered(lambda issue: issue.kind == "ktp_unapproved")

        # journal B has no КТП at all; journal A teaches from its approved one
        wizard = (
            self.env["edu.archive.wizard"]
            .with_user(self.jadmin)
            .with_context(lang="ru_RU")
            .create({"year_id": self.year.id})
        )
        flagged = unapproved(wizard)
        self.assertEqual(flagged.mapped("res_id"), [self.assignment_b.id])
        self.assertEqual(flagged.name, f"{self.assignment_b.name}: нет утверждённого КТП")
        self.assertEqual(
            dict(
                flagged._fields["kind"]._description_selection(self.env(context={"lang": "ru_RU"}))
            )["ktp_unapproved"],
            "КТП не утверждён",
        )
        self.assertFalse(flagged.blocking, "a warning the administrator may override")
        # a КТП in draft is not yet one the journal may teach from
        plan_b = self.plan_a.copy({"name": "КТП ОП.04 Т-ИСП-2"})
        self.assignment_b.topic_plan_id = plan_b
        self.assertEqual(unapproved(self._wizard()).mapped("res_id"), [self.assignment_b.id])
        plan_b.with_user(self.head).action_approve()
        self.assertFalse(unapproved(self._wizard()))

    def test_warnings_need_a_reason(self):
        wizard = self._wizard()
        with self.assertRaisesRegex(UserError, "reason"):
            wizard.action_archive()
        self.assertEqual(self.year.state, "closed")
        self.assertFalse(self.env["edu.archive"].search([("year_id", "=", self.year.id)]))
        self.assertFalse(self._jobs())

    def test_an_open_statement_blocks_even_with_a_reason(self):
        statement = self.env["edu.attestation"].create(
            {"assignment_id": self.assignment_b.id, "date": self.today}
        )
        self.assertEqual(statement.state, "draft")
        wizard = self._wizard()
        self.assertTrue(wizard.blocking_count)
        blocking = wizard.issue_ids.filtered("blocking")
        self.assertEqual((blocking.res_model, blocking.res_id), ("edu.attestation", statement.id))
        wizard.reason = REASON
        with self.assertRaisesRegex(UserError, "statements are open"):
            wizard.action_archive()
        self.assertEqual(self.year.state, "closed")
        self.assertFalse(self.year.archive_id)
        self.assertFalse(self._jobs())

    def test_a_year_not_closed_is_not_archived(self):
        self.year.with_user(self.jadmin).action_reopen()
        wizard = self._wizard()
        wizard.reason = REASON
        with self.assertRaisesRegex(UserError, "Close the year"):
            wizard.action_archive()
        self.assertEqual(self.year.state, "open")
        self.assertFalse(self.year.archive_id)

    def test_only_the_administrator_archives(self):
        for user in (self.head, self.deputy, self.director, self.curator_a):
            with self.assertRaises(UserError):
                self._wizard(user)
            with self.assertRaises(UserError):
                self.env["edu.archive"].with_user(user)._archive_year(self.year)
        self.assertEqual(self.year.state, "closed")

    def test_the_state_is_written_by_the_procedure_only(self):
        with self.assertRaisesRegex(UserError, "cannot be written"):
            self.year.with_user(self.jadmin).write({"state": "archived"})
        self.assertEqual(self.year.state, "closed")

    def test_archive_produce_check_and_download(self):
        archive = self._archive()
        self.assertEqual(self.year.state, "archived")
        self.assertEqual(archive.reason, REASON)
        self.assertIn(self.assignment_a.name, archive.warnings)
        self.assertEqual(archive.state, "producing")
        documents = archive.document_ids
        kinds = documents.mapped("kind")
        self.assertIn("journal_book", kinds)
        self.assertIn("summary_term", kinds)
        self.assertIn("summary_year", kinds)
        groups = documents.filtered(lambda d: d.kind == "journal_book").group_id
        self.assertIn(self.group_a, groups)
        members = self.env["edu.group.membership"].search([("group_id", "in", groups.ids)])
        self.assertEqual(
            documents.filtered(lambda d: d.kind == "student_record").student_id,
            members.student_id,
        )
        self.assertIn(self.student_a1, members.student_id)
        self.assertEqual(
            set(documents.filtered(lambda d: d.kind == "export").mapped("table")),
            {"students", "memberships", "journals", "lessons", "cells", "statements", "orders"},
        )
        # one job per document, and the manifest waiting for them all
        self.assertEqual(len(self._jobs(("pending",))), len(documents))
        self.assertEqual(len(self._jobs(("wait_dependencies",))), 1)

        self._run_jobs()
        archive.invalidate_recordset()
        self.assertEqual(archive.state, "done")
        self.assertEqual(archive.progress, 100.0)
        self.assertFalse(
            self._jobs(("pending", "enqueued", "started", "wait_dependencies", "failed"))
        )

        # the chatter of the archive shows the manifest only: the documents'
        # files belong to their documents (a PDF in the chatter's attachment box
        # makes the reader's browser ask to write its thumbnail)
        chatter_files = self.env["ir.attachment"].search(
            [("res_model", "=", "edu.archive"), ("res_id", "=", archive.id)]
        )
        self.assertEqual(chatter_files, archive.manifest_id)
        manifest_bytes = archive.manifest_id.raw
        self.assertEqual(hashlib.sha256(manifest_bytes).hexdigest(), archive.manifest_sha256)
        manifest = json.loads(manifest_bytes)
        self.assertEqual(len(manifest["files"]), len(documents))
        for document in documents:
            entry = next(item for item in manifest["files"] if item["file"] == document.name)
            self.assertEqual(
                entry["sha256"], hashlib.sha256(document.attachment_id.raw).hexdigest()
            )
            self.assertEqual(entry["size"], len(document.attachment_id.raw))

        # the data: every line parses, the year's cells are there, the schema documents it
        data = {d.table: d.attachment_id.raw.decode() for d in documents if d.kind == "export"}
        cells = [json.loads(line) for line in data["cells"].splitlines()]
        lesson = self.env["edu.lesson"].search(
            [("assignment_id", "=", self.assignment_a.id)], limit=1
        )
        self.assertEqual(
            {cell["student_id"] for cell in cells if cell["lesson_id"] == lesson.id},
            set(lesson.entry_ids.student_id.ids),
        )
        students = [json.loads(line) for line in data["students"].splitlines()]
        self.assertIn("Алексеев Иван Петрович", {student["name"] for student in students})
        self.assertNotIn("email", students[0])
        schema = json.loads(
            documents.filtered(lambda d: d.kind == "export_schema").attachment_id.raw
        )
        self.assertEqual(set(schema["tables"]), set(data))
        for table, text in data.items():
            columns = set(schema["tables"][table]["columns"])
            for line in text.splitlines():
                self.assertEqual(set(json.loads(line)), columns, table)

        # the integrity check passes (an empty table included), then names a file
        # altered afterwards
        archive.with_user(self.jadmin).action_check_integrity()
        self.assertEqual(archive.integrity_state, "ok", archive.integrity_report)
        record = documents.filtered(lambda d: d.student_id == self.student_a1)
        record.attachment_id.sudo().write({"raw": b"forged"})
        result = archive.with_user(self.jadmin).action_check_integrity()
        self.assertEqual(archive.integrity_state, "altered")
        self.assertIn(record.name, archive.integrity_report)
        self.assertEqual(result["params"]["type"], "danger")
        self.assertNotIn(
            documents.filtered(lambda d: d.kind == "journal_book")[0].name, archive.integrity_report
        )

        # the ZIP holds the manifest and every file
        with zipfile.ZipFile(archive.with_user(self.director)._zip_file()) as archive_zip:
            names = archive_zip.namelist()
            self.assertEqual(names[0], "manifest.json")
            self.assertEqual(set(names[1:]), set(documents.mapped("name")))

    def test_an_empty_table_is_intact(self):
        """A year without orders has an empty orders file, which is no missing file."""
        archive = self._archive()
        with patch.object(EduArchiveExport, "_rows_orders", lambda self, year: iter(())):
            self._run_jobs()
        orders = archive.document_ids.filtered(lambda d: d.table == "orders")
        self.assertEqual((orders.state, orders.file_size), ("done", 0))
        archive.with_user(self.jadmin).action_check_integrity()
        self.assertEqual(archive.integrity_state, "ok", archive.integrity_report)

    def test_archived_twice(self):
        self._archive()
        wizard = self._wizard()
        wizard.reason = REASON
        with self.assertRaisesRegex(UserError, "already archived"):
            wizard.action_archive()
        self.assertEqual(len(self.env["edu.archive"].search([("year_id", "=", self.year.id)])), 1)

    def test_nothing_of_an_archived_year_changes(self):
        self._archive()
        lesson = self.env["edu.lesson"].search(
            [("assignment_id", "=", self.assignment_a.id)], limit=1
        )
        line = self.statement.line_ids[:1]
        attempts = [
            lambda: lesson.sudo().write({"topic": "Другая тема"}),
            lambda: lesson.entry_ids[:1].sudo().write({"comment": "x"}),
            lambda: line.sudo().write({"admission_note": "x"}),
            lambda: self.env["edu.journal.unlock"].create(
                {
                    "assignment_id": self.assignment_a.id,
                    "reason": "Исправление",
                    "valid_until": fields.Datetime.now() + timedelta(days=1),
                }
            ),
            lambda: self.term.sudo().write({"lock_date": self.term.date_end}),
            lambda: self.year.sudo().write({"name": "Другой год"}),
        ]
        for attempt in attempts:
            with self.assertRaisesRegex(UserError, "archived"):
                attempt()
        self.assertEqual(self.year.state, "archived")

    def test_crash_and_resume(self):
        archive = self._archive()
        victim = archive.document_ids.filtered(lambda d: d.kind == "student_record")[0]
        self._run_jobs(crash=lambda job: job.recordset == victim and not victim.attachment_id)
        stuck = self._jobs(("started",))
        self.assertEqual(stuck.mapped("records"), [victim])
        self.assertEqual(victim.state, "pending")
        self.assertFalse(archive.manifest_id, "the manifest waits for the document")
        self.assertEqual(archive.state, "producing")
        # the runner's own requeue of dead jobs, once the worker is gone
        self.env.cr.execute(
            "UPDATE queue_job SET date_enqueued = now() at time zone 'utc' - interval '1 minute' "
            "WHERE id = %s",
            [stuck.id],
        )
        self.env.cr.execute(Database._query_requeue_dead_jobs(None))
        self.env.invalidate_all()
        self.assertEqual(stuck.state, "pending")
        self._run_jobs()
        archive.invalidate_recordset()
        self.assertEqual(archive.state, "done")
        self.assertEqual(victim.state, "done")
        # each document once, never twice
        attachments = (
            self.env["ir.attachment"]
            .sudo()
            .search(
                [
                    ("res_model", "=", "edu.archive.document"),
                    ("res_id", "in", archive.document_ids.ids),
                ]
            )
        )
        self.assertEqual(len(attachments), len(archive.document_ids))

    def test_a_failed_document_is_resumed(self):
        archive = self._archive()
        victim = archive.document_ids.filtered(lambda d: d.kind == "summary_year")[0]
        # queue_job's hook once the job has failed for good
        victim._on_produce_failed(exc_message="wkhtmltopdf is not installed")
        self.assertEqual(archive.state, "failed")
        self.assertEqual(victim.error, "wkhtmltopdf is not installed")
        with self.assertRaises(UserError):
            archive.with_user(self.director).action_resume()
        archive.with_user(self.jadmin).action_resume()
        self._run_jobs()
        archive.invalidate_recordset()
        self.assertEqual(archive.state, "done")
        self.assertEqual(victim.state, "done")

    def test_the_archive_is_kept(self):
        archive = self._archive()
        self._run_jobs()
        document = archive.document_ids[0]
        attachment = document.attachment_id
        for user in (self.jadmin, self.director):
            with self.assertRaises(UserError):
                attachment.with_user(user).unlink()
            with self.assertRaises(UserError):
                attachment.with_user(user).write({"raw": b"replaced"})
            with self.assertRaises(UserError):
                document.with_user(user).unlink()
            with self.assertRaises(UserError):
                archive.with_user(user).unlink()
            with self.assertRaises(UserError):
                document.with_user(user).write({"sha256": "0" * 64})
            with self.assertRaises(UserError):
                self.env["ir.attachment"].with_user(user).create(
                    {
                        "name": "forged.pdf",
                        "raw": b"%PDF",
                        "res_model": "edu.archive",
                        "res_id": archive.id,
                    }
                )
            # nor an attachment of elsewhere moved into the archive
            own = (
                self.env["ir.attachment"].with_user(user).create({"name": "note.txt", "raw": b"x"})
            )
            with self.assertRaises(UserError):
                own.write({"res_model": "edu.archive", "res_id": archive.id})
        self.assertEqual(attachment.raw, attachment.sudo().raw)
        self.assertEqual(hashlib.sha256(attachment.raw).hexdigest(), document.sha256)
        # teachers and families do not read it at all
        for user in (self.teacher_a, self.curator_a, self.student_a1_user, self.parent_a1_user):
            with self.assertRaises(AccessError):
                archive.with_user(user).read(["name"])
            with self.assertRaises(AccessError):
                attachment.with_user(user).read(["raw"])

    def test_real_pdfs(self):
        archive = self._archive()
        record = archive.document_ids.filtered(lambda d: d.student_id == self.student_a1)
        with self.allow_pdf_render():
            record.with_context(force_report_rendering=True)._produce()
        self.assertEqual(record.mimetype, "application/pdf")
        self.assertTrue(record.name.endswith(".pdf"))
        text = " ".join(self.pdf_bytes_pages(record.attachment_id.raw))
        self.assertIn("Алексеев Иван Петрович", text)
        self.assertEqual(record.sha256, hashlib.sha256(record.attachment_id.raw).hexdigest())


@tagged("post_install", "-at_install")
class TestArchiveDownload(ArchiveJobs, DocumentCase, HttpCase):
    @mute_logger("odoo.http")
    def test_the_zip_for_readers_only(self):
        self.year.with_user(self.jadmin).action_close()
        wizard = (
            self.env["edu.archive.wizard"].with_user(self.jadmin).create({"year_id": self.year.id})
        )
        wizard.reason = REASON
        wizard.action_archive()
        archive = self.year.archive_id
        url = f"/hexlet_journal/archive/{archive.id}/zip"
        self.authenticate("t_director", "t_director")
        response = self.url_open(url)
        # still being produced: a clear refusal, no file
        self.assertNotEqual(response.headers.get("Content-Type"), "application/zip")
        self._run_jobs()
        response = self.url_open(url)
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.headers["Content-Type"], "application/zip")
        with zipfile.ZipFile(io.BytesIO(response.content)) as archive_zip:
            self.assertIn("manifest.json", archive_zip.namelist())
        for login in ("t_teacher_a", "t_curator_a"):
            self.authenticate(login, login)
            response = self.url_open(url)
            self.assertIn(response.status_code, (403, 404))
            self.assertNotIn(b"manifest.json", response.content)
        self.authenticate(None, None)
        response = self.url_open(url, allow_redirects=False)
        self.assertIn(response.status_code, (303, 302))


@tagged("post_install", "-at_install")
class TestDemoArchive(TransactionCase):
    def test_last_year_went_through_the_procedure(self):
        year = self.env.ref("hexlet_journal.demo_year_previous", raise_if_not_found=False)
        if not year:
            self.skipTest("installed without the demo college")
        self.assertEqual(year.state, "archived")
        archive = year.archive_id
        self.assertEqual(archive.archived_by_id, self.env.ref("hexlet_journal.user_journal_admin"))
        self.assertTrue(archive.reason and archive.warnings is not None)
        # written in the college's language, as its administrator would
        self.assertIn("семестр", archive.reason)
        self.assertIn("Архив", archive.name)
        kinds = set(archive.document_ids.mapped("kind"))
        self.assertEqual(
            kinds,
            {
                "journal_book",
                "summary_term",
                "summary_year",
                "student_record",
                "export",
                "export_schema",
            },
        )
        # produced by queue_job's runner once the server runs; here they wait for it
        jobs = self.env["queue.job"].search([("model_name", "=", "edu.archive.document")])
        self.assertGreaterEqual(len(jobs), len(archive.document_ids))
