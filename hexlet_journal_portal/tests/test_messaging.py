"""Families write to the curator and the teachers; only they and the administration read it."""

from odoo.exceptions import AccessError
from odoo.tests import tagged
from odoo.tests.common import JsonRpcException
from odoo.tools import mute_logger

from .common import PortalCase


@tagged("post_install", "-at_install")
class TestMessaging(PortalCase):
    @property
    def ours(self):
        """The test college's conversations (the demo college has its own)."""
        return [("student_id.record_book_number", "=like", "T-%")]

    def post_new(self, **data):
        with mute_logger("odoo.http", "werkzeug"):
            return self.url_open(
                "/my/journal/messages/new",
                data={"csrf_token": self.csrf_token(), **data},
                allow_redirects=False,
            )

    def test_parent_writes_to_the_curator_and_reads_the_answer(self):
        self.login(self.parent_a1_user)
        page = self.url_open(f"/my/journal/messages?student={self.student_a1.id}").text
        self.assertIn("Кузнецов Андрей", page, "the curator is offered")
        self.assertIn("Смирнова Ольга", page, "and the group's teacher")
        self.assertNotIn("Егоров Павел", page, "not another group's teacher")
        response = self.post_new(
            student=self.student_a1.id,
            addressee=self.curator_a.id,
            subject="Пропуск в четверг",
            body="Иван будет у врача в четверг, справку принесём.",
        )
        self.assertEqual(response.status_code, 303)
        thread = self.env["edu.family.thread"].search([("student_id", "=", self.student_a1.id)])
        self.assertEqual(len(thread), 1)
        self.assertEqual(thread.partner_id, self.parent_a1_user.partner_id)
        first = thread.message_ids.filtered(lambda message: message.message_type == "comment")
        self.assertEqual(first.author_id, self.parent_a1_user.partner_id)
        self.assertIn("у врача", first.body)
        self.assertIn(self.curator_a.partner_id, thread.message_partner_ids)
        # the curator answers from the backend: the family counts it unread, then reads it
        thread.with_user(self.curator_a).message_post(
            body="Хорошо, спасибо.", message_type="comment", subtype_xmlid="mail.mt_comment"
        )
        counters = self.make_jsonrpc_request("/my/counters", {"counters": ["journal_unread_count"]})
        self.assertEqual(counters["journal_unread_count"], 1)
        page = self.url_open(f"/my/journal/messages/{thread.id}").text
        self.assertIn("Пропуск в четверг", page)
        counters = self.make_jsonrpc_request("/my/counters", {"counters": ["journal_unread_count"]})
        self.assertEqual(counters["journal_unread_count"], 0)
        # the curator's opening is shown to the family
        thread.with_user(self.curator_a).web_read({"subject": {}})
        self.assertTrue(thread.staff_read_at)

    def test_only_the_groups_staff_can_be_addressed(self):
        self.login(self.parent_a1_user)
        response = self.post_new(
            student=self.student_a1.id,
            addressee=self.teacher_b.id,
            subject="Вопрос",
            body="Текст",
        )
        self.assertEqual(response.status_code, 200)
        self.assertIn("alert-danger", response.text)
        self.assertFalse(self.env["edu.family.thread"].search(self.ours))
        # nor for another family's child
        response = self.post_new(
            student=self.student_b1.id, addressee=self.curator_b.id, subject="x", body="y"
        )
        self.assertEqual(response.status_code, 404)
        self.assertFalse(self.env["edu.family.thread"].search(self.ours))

    def test_a_conversation_is_read_by_its_people_only(self):
        thread = (
            self.env["edu.family.thread"]
            .with_user(self.parent_a1_user)
            .create(
                {
                    "student_id": self.student_a1.id,
                    "staff_user_id": self.teacher_a.id,
                    "subject": "Домашнее задание",
                }
            )
        )
        thread._family_post("Не понятно задание")
        # the addressee, the curator and the administration read it
        for user in (self.teacher_a, self.curator_a, self.deputy, self.director):
            self.assertEqual(
                self.env["edu.family.thread"].with_user(user).search(self.ours), thread, user.login
            )
        # another family, another group's curator or teacher: nothing
        for user in (self.parent_b1_user, self.student_b1_user, self.curator_b, self.teacher_b):
            threads = self.env["edu.family.thread"].with_user(user).search(self.ours)
            self.assertFalse(threads, user.login)
            with self.assertRaises(AccessError):
                thread.with_user(user).message_post(body="Чужой", message_type="comment")
        self.login(self.parent_b1_user)
        with mute_logger("odoo.http", "werkzeug"):
            response = self.url_open(f"/my/journal/messages/{thread.id}", allow_redirects=False)
        self.assertEqual(response.status_code, 404)
        # facts of the conversation are not written by anybody
        with self.assertRaises(AccessError):
            thread.with_user(self.parent_a1_user).write({"staff_user_id": self.curator_a.id})
        with self.assertRaises(AccessError):
            thread.with_user(self.parent_a1_user).write({"family_read_at": "2020-01-01"})
        with self.assertRaises(AccessError):
            thread.with_user(self.curator_a).write({"last_message_at": "2020-01-01"})
        self.assertFalse(thread.family_read_at)
        self.assertEqual(thread.staff_user_id, self.teacher_a)

    def test_the_teacher_answers_by_replying_to_the_email(self):
        thread = (
            self.env["edu.family.thread"]
            .with_user(self.parent_a1_user)
            .create(
                {
                    "student_id": self.student_a1.id,
                    "staff_user_id": self.teacher_a.id,
                    "subject": "Контрольная",
                }
            )
        )
        thread._family_post("Когда пересдача?")
        raw = (
            f"From: {self.teacher_a.name} <{self.teacher_a.email}>\r\n"
            f"To: journal@college.example\r\n"
            f"Subject: Re: Контрольная\r\n"
            f"Message-Id: <reply-1@college.example>\r\n"
            f"Content-Type: text/plain; charset=utf-8\r\n\r\n"
            f"Пересдача в четверг, 3 пара.\r\n"
        )
        self.env["mail.thread"].message_process(
            "edu.family.thread", raw.encode(), thread_id=thread.id
        )
        answer = thread.message_ids.filtered(lambda message: "четверг" in (message.body or ""))
        self.assertEqual(answer.author_id, self.teacher_a.partner_id)
        self.login(self.parent_a1_user)
        counters = self.make_jsonrpc_request("/my/counters", {"counters": ["journal_unread_count"]})
        self.assertEqual(counters["journal_unread_count"], 1)

    def test_a_family_posts_comments_only(self):
        """The chatter's own post route lets a client ask for an internal note: a
        family's message stays a comment the family reads."""
        thread = (
            self.env["edu.family.thread"]
            .with_user(self.parent_a1_user)
            .create(
                {
                    "student_id": self.student_a1.id,
                    "staff_user_id": self.curator_a.id,
                    "subject": "Справка",
                }
            )
        )
        self.login(self.parent_a1_user)
        result = self.make_jsonrpc_request(
            "/mail/message/post",
            {
                "thread_model": "edu.family.thread",
                "thread_id": thread.id,
                "post_data": {
                    "body": "Скрытая заметка",
                    "message_type": "notification",
                    "subtype_xmlid": "mail.mt_note",
                },
            },
        )
        message = self.env["mail.message"].browse(result["message_id"])
        self.assertEqual(message.message_type, "comment")
        self.assertEqual(message.subtype_id, self.env.ref("mail.mt_comment"))
        self.assertFalse(message.is_internal)
        self.assertEqual(message.author_id, self.parent_a1_user.partner_id)
        # staff keep their internal notes
        note = thread.with_user(self.curator_a).message_post(
            body="Для себя", message_type="comment", subtype_xmlid="mail.mt_note"
        )
        self.assertEqual(note.subtype_id, self.env.ref("mail.mt_note"))

    def test_what_was_said_stays_said(self):
        """Odoo lets every notified partner write a message: in a family
        conversation nobody rewrites or deletes the other side's words, and no
        token lets staff post in the family's name."""
        thread = (
            self.env["edu.family.thread"]
            .with_user(self.parent_a1_user)
            .create(
                {
                    "student_id": self.student_a1.id,
                    "staff_user_id": self.teacher_a.id,
                    "subject": "Оценка",
                }
            )
        )
        question = thread._family_post("Почему 2?")
        answer = thread.with_user(self.teacher_a).message_post(
            body="За невыполненное задание.",
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
        )
        for user, message in ((self.parent_a1_user, answer), (self.teacher_a, question)):
            self.login(user)
            for values in (
                {"body": "Подделка"},
                {"author_id": user.partner_id.id},
                {"subtype_id": self.env.ref("mail.mt_note").id},
            ):
                with self.assertRaises(JsonRpcException):
                    self.call("mail.message", "write", [message.id], values)
            with self.assertRaises(JsonRpcException):
                self.call("mail.message", "unlink", [message.id])
        self.assertIn("За невыполненное", answer.body)
        self.assertIn("Почему 2?", question.body)
        # the family still stars a message of theirs
        self.login(self.parent_a1_user)
        self.call("mail.message", "toggle_message_starred", [answer.id])
        self.assertIn(self.parent_a1_user.partner_id, answer.sudo().starred_partner_ids)
        # no token: staff read none, and a guessed one opens nothing
        self.login(self.teacher_a)
        rows = self.call("edu.family.thread", "read", [thread.id], fields=["access_token"])
        self.assertFalse(rows[0]["access_token"])
        self.login(self.parent_a1_user)
        with self.assertRaises(JsonRpcException):
            self.call(
                "edu.family.thread",
                "create",
                [
                    {
                        "student_id": self.student_a1.id,
                        "staff_user_id": self.teacher_a.id,
                        "subject": "С токеном",
                        "access_token": "abc",
                    }
                ],
            )
        self.assertFalse(thread.sudo().access_token)
        self.authenticate(None, None)
        with self.assertRaises(JsonRpcException), mute_logger("odoo.http"):
            self.make_jsonrpc_request(
                "/mail/message/post",
                {
                    "thread_model": "edu.family.thread",
                    "thread_id": thread.id,
                    "token": "False",
                    "post_data": {"body": "От имени мамы"},
                },
            )
        self.assertFalse(
            thread.message_ids.filtered(lambda message: "От имени мамы" in (message.body or ""))
        )

    def call(self, model, method, *args, **kwargs):
        with mute_logger("odoo.http"):
            return self.make_jsonrpc_request(
                f"/web/dataset/call_kw/{model}/{method}",
                {"model": model, "method": method, "args": list(args), "kwargs": kwargs},
            )
