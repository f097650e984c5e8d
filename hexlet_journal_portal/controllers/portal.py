from odoo import fields, http
from odoo.exceptions import AccessError, MissingError, UserError, ValidationError
from odoo.http import request
from odoo.tools import consteq, file_open

from odoo.addons.hexlet_journal.tools import college_now, college_today
from odoo.addons.hexlet_journal.tools.arguments import MAX_ID
from odoo.addons.portal.controllers.portal import CustomerPortal


class JournalPortal(CustomerPortal):
    """The family's journal under /my/journal: thin routes over the ORM, read as
    the portal user (``edu.student._portal_*`` builds each page)."""

    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        if "journal_count" in counters:
            values["journal_count"] = len(request.env["edu.student"]._portal_family())
        if "journal_unread_count" in counters:
            threads = request.env["edu.family.thread"].search(
                [("student_id", "in", request.env["edu.student"]._portal_family().ids)]
            )
            values["journal_unread_count"] = sum(threads.mapped("unread_for_family"))
        return values

    @staticmethod
    def _record(model, record_id):
        """The record of an id from a URL, or nothing: an id PostgreSQL cannot hold
        is simply not found (404), not a database error."""
        if not 0 < record_id <= MAX_ID:
            return model.browse()
        return model.browse(record_id).exists()

    def _journal_values(self, student_id, page):
        """The followed students and the one shown; a student id the user does not
        follow is not found (404), whoever's it is."""
        family = request.env["edu.student"]._portal_family()
        if student_id:
            try:
                student_id = int(student_id)
            except ValueError as error:
                raise request.not_found() from error
            student = family.filtered(lambda one: one.id == student_id)
            if not student:
                raise request.not_found()
        else:
            student = family[:1]
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "page_name": "journal",
                "journal_page": page,
                "family": family,
                "student": student,
                "today": college_today(request.env),
                "stamp": college_now(request.env).strftime("%H:%M"),
                "unread": sum(
                    request.env["edu.family.thread"]
                    .search([("student_id", "in", family.ids)])
                    .mapped("unread_for_family")
                )
                if family
                else 0,
                "is_adult_student": bool(
                    student
                    and student.user_id == request.env.user
                    and not student.sudo()._is_minor_on(college_today(request.env))
                ),
            }
        )
        return values

    def _render(self, template, values):
        if not values["student"]:
            return request.render("hexlet_journal_portal.portal_journal_empty", values)
        return request.render(template, values)

    @staticmethod
    def _day(value):
        try:
            day = fields.Date.to_date(value) if value else college_today(request.env)
        except ValueError as error:
            raise request.not_found() from error
        if not 1990 <= day.year <= 2100:
            raise request.not_found()
        return day

    @staticmethod
    def _text(value, size):
        """A text a family typed: no NUL byte (PostgreSQL refuses it), at most ``size``."""
        return (value or "").replace("\x00", "").strip()[:size]

    @http.route(["/my/journal", "/my/journal/diary"], type="http", auth="user", website=True)
    def portal_journal_diary(self, student=None, week=None, **kw):
        values = self._journal_values(student, "diary")
        if values["student"]:
            values["week"] = values["student"]._portal_week(self._day(week))
        return self._render("hexlet_journal_portal.portal_journal_diary", values)

    def _term_values(self, values, term):
        terms, current = values["student"]._portal_terms()
        if term:
            chosen = terms.filtered(lambda one: str(one.id) == str(term))
            if not chosen:
                raise request.not_found()
            current = chosen
        values.update({"terms": terms, "term": current})
        return current

    @http.route("/my/journal/progress", type="http", auth="user", website=True)
    def portal_journal_progress(self, student=None, term=None, **kw):
        values = self._journal_values(student, "progress")
        if values["student"]:
            current = self._term_values(values, term)
            values["rows"] = values["student"]._portal_progress(current) if current else []
        return self._render("hexlet_journal_portal.portal_journal_progress", values)

    @http.route("/my/journal/discipline/<int:journal_id>", type="http", auth="user", website=True)
    def portal_journal_discipline(self, journal_id, student=None, **kw):
        values = self._journal_values(student, "progress")
        if not values["student"]:
            raise request.not_found()
        journal = self._record(request.env["edu.teaching.assignment"], journal_id)
        try:
            values["discipline"] = values["student"]._portal_discipline(journal.exists())
        except (AccessError, MissingError) as error:
            raise request.not_found() from error
        return self._render("hexlet_journal_portal.portal_journal_discipline", values)

    def _attendance_values(self, values, term=None):
        current = self._term_values(values, term)
        values["attendance"] = values["student"]._portal_attendance(current) if current else False
        values["reports"] = values["student"]._portal_absence_reports()
        return values

    @http.route("/my/journal/attendance", type="http", auth="user", website=True)
    def portal_journal_attendance(self, student=None, term=None, reported=None, **kw):
        values = self._journal_values(student, "attendance")
        if values["student"]:
            self._attendance_values(values, term)
            values["reported"] = bool(reported)
        return self._render("hexlet_journal_portal.portal_journal_attendance", values)

    @http.route("/my/journal/results", type="http", auth="user", website=True)
    def portal_journal_results(self, student=None, **kw):
        values = self._journal_values(student, "results")
        if values["student"]:
            values["results"] = values["student"]._portal_results()
        return self._render("hexlet_journal_portal.portal_journal_results", values)

    @http.route("/my/journal/record.pdf", type="http", auth="user", methods=["GET"])
    def portal_journal_record(self, **kw):
        """The student's own record (учебная карточка) as a PDF: a student prints
        his, nobody prints another's (the report checks the reader itself)."""
        student = (
            request.env["edu.student"]
            ._portal_family()
            .filtered(lambda one: one.user_id == request.env.user)
        )
        if not student:
            raise request.not_found()
        pdf, _kind = request.env["ir.actions.report"]._render_qweb_pdf(
            "hexlet_journal_reports.action_report_student_record", student.ids
        )
        return request.make_response(
            pdf,
            [
                ("Content-Type", "application/pdf"),
                ("Content-Length", len(pdf)),
                ("Content-Disposition", 'attachment; filename="record.pdf"'),
            ],
        )

    @http.route("/my/journal/contacts", type="http", auth="user", website=True)
    def portal_journal_contacts(self, student=None, **kw):
        values = self._journal_values(student, "contacts")
        if values["student"]:
            values["contacts"] = values["student"]._portal_contacts()
        return self._render("hexlet_journal_portal.portal_journal_contacts", values)

    @http.route("/my/journal/access", type="http", auth="user", website=True)
    def portal_journal_access(self, **kw):
        """An adult student's page: which guardians read his journal."""
        values = self._journal_values(None, "access")
        student = request.env["edu.student"].search([("user_id", "=", request.env.user.id)])
        if not student or not values["is_adult_student"]:
            raise request.not_found()
        values["guardians"] = student.guardian_ids
        return request.render("hexlet_journal_portal.portal_journal_access", values)

    @http.route(
        "/my/journal/access/<int:guardian_id>",
        type="http",
        auth="user",
        website=True,
        methods=["POST"],
    )
    def portal_journal_access_set(self, guardian_id, grant=None, **kw):
        guardian = self._record(request.env["edu.guardian"], guardian_id)
        if not guardian:
            raise request.not_found()
        try:
            guardian._portal_set_consent(grant == "1")
        except AccessError as error:
            raise request.not_found() from error
        except UserError as error:
            values = self._journal_values(None, "access")
            values.update({"guardians": guardian.student_id.guardian_ids, "error": str(error)})
            return request.render("hexlet_journal_portal.portal_journal_access", values)
        return request.redirect("/my/journal/access")

    # Messages (§2.2, §3.6)

    @http.route("/my/journal/messages", type="http", auth="user", website=True)
    def portal_journal_messages(self, student=None, **kw):
        values = self._journal_values(student, "messages")
        if values["student"]:
            Thread = request.env["edu.family.thread"]
            values["threads"] = Thread.search([("student_id", "=", values["student"].id)])
            values["addressees"] = Thread._family_addressees(values["student"])
        return self._render("hexlet_journal_portal.portal_journal_messages", values)

    @http.route(
        "/my/journal/messages/new", type="http", auth="user", website=True, methods=["POST"]
    )
    def portal_journal_message_new(self, student=None, addressee=None, subject="", body="", **kw):
        subject, body = self._text(subject, 200), self._text(body, 5000)
        values = self._journal_values(student, "messages")
        if not values["student"]:
            raise request.not_found()
        Thread = request.env["edu.family.thread"]
        addressees = Thread._family_addressees(values["student"])
        error = False
        if (
            not addressee
            or not (str(addressee).isascii() and str(addressee).isdigit())
            or int(addressee) not in addressees.ids
        ):
            error = request.env._("Choose the curator or a teacher to write to.")
        elif not subject.strip() or not body.strip():
            error = request.env._("Write a subject and a message.")
        if error:
            values.update(
                {
                    "threads": Thread.search([("student_id", "=", values["student"].id)]),
                    "addressees": addressees,
                    "error": error,
                    "form": {"addressee": addressee, "subject": subject, "body": body},
                }
            )
            return request.render("hexlet_journal_portal.portal_journal_messages", values)
        thread = Thread.create(
            {
                "student_id": values["student"].id,
                "staff_user_id": int(addressee),
                "subject": subject.strip()[:200],
            }
        )
        thread._family_post(body.strip())
        return request.redirect(f"/my/journal/messages/{thread.id}?student={values['student'].id}")

    @http.route("/my/journal/messages/<int:thread_id>", type="http", auth="user", website=True)
    def portal_journal_message(self, thread_id, student=None, **kw):
        thread = self._record(request.env["edu.family.thread"], thread_id)
        try:
            thread.check_access("read")
        except (AccessError, MissingError) as error:
            raise request.not_found() from error
        if not thread:
            raise request.not_found()
        values = self._journal_values(str(thread.student_id.id), "messages")
        thread._mark_read("family")
        values["thread"] = thread
        return request.render("hexlet_journal_portal.portal_journal_message", values)

    @http.route("/my/journal/sw.js", type="http", auth="public", methods=["GET"], readonly=True)
    def portal_journal_service_worker(self, **kw):
        """The service worker that keeps the last diary readable offline (its scope
        is /my/journal, where the script is served)."""
        with file_open("hexlet_journal_portal/static/src/sw/journal_sw.js") as script:
            body = script.read()
        return request.make_response(
            body,
            [("Content-Type", "text/javascript"), ("Cache-Control", "no-cache")],
        )

    # Letters (§2.2, §3.3)

    @http.route("/my/journal/notice/<int:notice_id>/read", type="http", auth="public", website=True)
    def portal_journal_notice_read(self, notice_id, token=None, **kw):
        """The «Прочитано» link of a letter: its token proves the letter, no login
        needed; nothing but the reading time is written."""
        # sudo: one notice, found by its id and checked against its secret token
        notice = self._record(request.env["edu.family.notice"].sudo(), notice_id)
        if not notice or not token or not consteq(notice.access_token or "", str(token)):
            raise request.not_found()
        recorded = notice.with_user(request.env.user)._mark_read()
        return request.render(
            "hexlet_journal_portal.portal_journal_notice_read", {"recorded": recorded}
        )

    @http.route("/my/journal/letters", type="http", auth="user", website=True)
    def portal_journal_letters(self, student=None, **kw):
        values = self._journal_values(student, "letters")
        values["guardians"] = request.env["edu.guardian"].search(
            [("partner_id", "=", request.env.user.partner_id.id)]
        )
        values["saved"] = kw.get("saved")
        return self._render("hexlet_journal_portal.portal_journal_letters", values)

    @http.route(
        "/my/journal/letters/<int:guardian_id>",
        type="http",
        auth="user",
        website=True,
        methods=["POST"],
    )
    def portal_journal_letters_set(self, guardian_id, **post):
        guardian = self._record(request.env["edu.guardian"], guardian_id)
        if not guardian:
            raise request.not_found()

        def hour(name, default):
            value = post.get(name, default)
            return int(value) if str(value).isascii() and str(value).isdigit() else -1

        try:
            with request.env.cr.savepoint():
                guardian._portal_set_notifications(
                    {
                        "notify_absence": bool(post.get("notify_absence")),
                        "notify_marks": bool(post.get("notify_marks")),
                        "notify_digest": bool(post.get("notify_digest")),
                        "quiet_from": hour("quiet_from", 22),
                        "quiet_to": hour("quiet_to", 8),
                    }
                )
        except AccessError as error:
            raise request.not_found() from error
        except ValidationError as error:
            values = self._journal_values(None, "letters")
            values.update(
                {
                    "guardians": request.env["edu.guardian"].search(
                        [("partner_id", "=", request.env.user.partner_id.id)]
                    ),
                    "error": str(error),
                }
            )
            return self._render("hexlet_journal_portal.portal_journal_letters", values)
        return request.redirect("/my/journal/letters?saved=1")

    @http.route("/my/journal/schedule", type="http", auth="user", website=True)
    def portal_journal_schedule(self, student=None, week=None, **kw):
        values = self._journal_values(student, "schedule")
        if values["student"]:
            values["timetable"] = values["student"]._portal_timetable(self._day(week))
        return self._render("hexlet_journal_portal.portal_journal_schedule", values)

    @http.route("/my/journal/outlook", type="http", auth="user", website=True)
    def portal_journal_outlook(self, student=None, term=None, **kw):
        values = self._journal_values(student, "outlook")
        if values["student"]:
            current = self._term_values(values, term)
            values["outlook"] = values["student"]._portal_outlook(current) if current else False
        return self._render("hexlet_journal_portal.portal_journal_outlook", values)

    @http.route("/my/journal/absence", type="http", auth="user", website=True, methods=["POST"])
    def portal_journal_absence(self, student=None, date_from=None, date_to=None, reason="", **kw):
        """A family reports an absence, ahead or with a medical note."""
        values = self._journal_values(student, "attendance")
        if not values["student"]:
            raise request.not_found()
        uploads = [
            upload for upload in request.httprequest.files.getlist("scan") if upload.filename
        ]
        try:
            with request.env.cr.savepoint():
                report = request.env["edu.absence.report"].create(
                    {
                        "student_id": values["student"].id,
                        "date_from": self._day(date_from),
                        "date_to": self._day(date_to or date_from),
                        "reason": self._text(reason, 1000),
                    }
                )
                report._portal_attach(uploads)
        except (UserError, ValidationError) as error:
            values = self._attendance_values(values)
            values["report_error"] = str(error)
            return self._render("hexlet_journal_portal.portal_journal_attendance", values)
        return request.redirect(f"/my/journal/attendance?student={values['student'].id}&reported=1")
