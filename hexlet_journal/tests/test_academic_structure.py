from datetime import date, timedelta

from dateutil.relativedelta import relativedelta
from psycopg2 import IntegrityError

from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import JournalCase


@tagged("post_install", "-at_install")
class TestAcademicStructure(JournalCase):
    def _future_year(self, first=2090):
        return self.env["edu.academic.year"].create(
            {
                "name": f"{first}/{first + 1}",
                "date_start": date(first, 9, 1),
                "date_end": date(first + 1, 6, 30),
            }
        )

    def test_year_dates_reversed(self):
        with self.assertRaisesRegex(ValidationError, "must start before it ends"):
            self.env["edu.academic.year"].create(
                {"name": "2091/2092", "date_start": date(2092, 6, 30), "date_end": date(2091, 9, 1)}
            )
        self.assertFalse(self.env["edu.academic.year"].search([("name", "=", "2091/2092")]))

    def test_year_overlap(self):
        self._future_year()
        with self.assertRaisesRegex(ValidationError, "overlaps"):
            self.env["edu.academic.year"].create(
                {
                    "name": "2091/2092 bis",
                    "date_start": date(2091, 3, 1),
                    "date_end": date(2091, 12, 31),
                }
            )

    def test_term_outside_year(self):
        year = self._future_year()
        with self.assertRaisesRegex(ValidationError, "must lie inside the academic year"):
            self.env["edu.term"].create(
                {
                    "year_id": year.id,
                    "number": "1",
                    "date_start": date(2090, 8, 1),
                    "date_end": date(2090, 12, 31),
                }
            )
        self.assertFalse(year.term_ids)

    def test_term_overlap(self):
        year = self._future_year()
        self.env["edu.term"].create(
            {
                "year_id": year.id,
                "number": "1",
                "date_start": date(2090, 9, 1),
                "date_end": date(2090, 12, 31),
            }
        )
        with self.assertRaisesRegex(ValidationError, "overlaps the term"):
            self.env["edu.term"].create(
                {
                    "year_id": year.id,
                    "number": "2",
                    "date_start": date(2090, 12, 1),
                    "date_end": date(2091, 6, 30),
                }
            )
        self.assertEqual(len(year.term_ids), 1)

    def test_term_lock_date_inside_term(self):
        year = self._future_year()
        with self.assertRaisesRegex(ValidationError, "lock date"):
            self.env["edu.term"].create(
                {
                    "year_id": year.id,
                    "number": "1",
                    "date_start": date(2090, 9, 1),
                    "date_end": date(2090, 12, 31),
                    "lock_date": date(2091, 2, 1),
                }
            )

    def test_term_display_name(self):
        year = self._future_year()
        term = self.env["edu.term"].create(
            {
                "year_id": year.id,
                "number": "2",
                "date_start": date(2091, 1, 1),
                "date_end": date(2091, 6, 30),
            }
        )
        self.assertEqual(term.with_context(lang="en_US").display_name, "2090/2091, term 2")
        self.assertEqual(self.env["edu.term"].name_search("2090/2091")[0][0], term.id)

    def test_archived_year_is_read_only(self):
        year = self._future_year()
        term = self.env["edu.term"].create(
            {
                "year_id": year.id,
                "number": "1",
                "date_start": date(2090, 9, 1),
                "date_end": date(2090, 12, 31),
            }
        )
        year.state = "archived"
        with self.assertRaisesRegex(UserError, "archived and read-only"):
            year.name = "renamed"
        with self.assertRaisesRegex(UserError, "archived and read-only"):
            term.lock_date = date(2090, 10, 1)
        with self.assertRaisesRegex(UserError, "archived and read-only"):
            self.env["edu.term"].create(
                {
                    "year_id": year.id,
                    "number": "2",
                    "date_start": date(2091, 1, 1),
                    "date_end": date(2091, 6, 30),
                }
            )
        with self.assertRaisesRegex(UserError, "archived and read-only"):
            year.unlink()
        self.assertEqual(year.name, "2090/2091")

    def test_current_year_and_term(self):
        self.assertTrue(self.year.is_current)
        self.assertIn(self.year, self.env["edu.academic.year"].search([("is_current", "=", True)]))
        self.assertEqual(self.env["edu.term"].search([("is_current", "=", True)]), self.term)

    def test_program_code_format(self):
        with self.assertRaisesRegex(ValidationError, "not a specialty code"):
            self.env["edu.program"].create({"code": "0902.07", "name": "Broken"})

    def test_group_course(self):
        first = self.env["edu.academic.year"]._get_current().date_start.year
        group = self.env["edu.group"].create(
            {"name": "Т-КСК-3", "program_id": self.program.id, "admission_year": first - 2}
        )
        self.assertEqual(group.course, 3)
        self.assertEqual(self.group_a.student_count, 3)

    def test_student_name_and_partner(self):
        student = self.student_a1
        self.assertEqual(student.name, "Алексеев Иван Петрович")
        self.assertEqual(student.partner_id.name, "Алексеев Иван Петрович")
        student.patronymic = "Сергеевич"
        self.assertEqual(student.partner_id.name, "Алексеев Иван Сергеевич")
        self.assertEqual(student.group_id, self.group_a)
        self.assertEqual(student.enrollment_date, self.enrolled_on)

    def test_record_book_number_unique(self):
        with self.assertRaisesRegex(ValidationError, "already given to Алексеев Иван Петрович"):
            self.env["edu.student"].create(
                {"last_name": "Дубль", "first_name": "Иван", "record_book_number": " T-001 "}
            )
        self.assertFalse(self.env["edu.student"].search([("last_name", "=", "Дубль")]))

    def test_record_book_number_unique_in_database(self):
        with mute_logger("odoo.sql_db"), self.assertRaises(IntegrityError), self.cr.savepoint():
            self.cr.execute(
                "UPDATE edu_student SET record_book_number = 'T-001' WHERE id = %s",
                [self.student_a2.id],
            )

    def test_student_birthdate_plausible(self):
        with self.assertRaisesRegex(ValidationError, "not plausible"):
            self.student_a1.birthdate = self.today + timedelta(days=3)

    def test_minor(self):
        self.assertTrue(self.student_a1.is_minor)
        self.assertFalse(self.student_a2.is_minor)
        almost = self.today - relativedelta(years=18) + timedelta(days=1)
        self.student_a3.birthdate = almost
        self.assertTrue(self.student_a3.is_minor)
        self.student_a3.birthdate = almost - timedelta(days=1)
        self.assertFalse(self.student_a3.is_minor)

    def test_membership_overlap(self):
        with self.assertRaisesRegex(ValidationError, "one group at a time"):
            self.env["edu.group.membership"].create(
                {
                    "student_id": self.student_a1.id,
                    "group_id": self.group_b.id,
                    "date_from": self.today,
                }
            )
        with self.assertRaisesRegex(ValidationError, "before joining"):
            self.env["edu.group.membership"].create(
                {
                    "student_id": self.env["edu.student"]
                    .create(
                        {"last_name": "Новый", "first_name": "Н", "record_book_number": "T-900"}
                    )
                    .id,
                    "group_id": self.group_b.id,
                    "date_from": self.today,
                    "date_to": self.today - timedelta(days=1),
                }
            )

    def test_members_on_date(self):
        self.assertEqual(
            self.group_a._members_on(self.today),
            self.student_a1 | self.student_a2 | self.student_a3,
        )
        self.assertFalse(self.group_a._members_on(self.enrolled_on - timedelta(days=1)))

    def test_subgroup_only_group_students(self):
        with self.assertRaisesRegex(ValidationError, "never studied in the group"):
            self.subgroup_a1.student_ids = [(4, self.student_b1.id)]
        self.assertNotIn(self.student_b1, self.subgroup_a1.student_ids)

    def test_guardian_consent_needs_date(self):
        with self.assertRaisesRegex(ValidationError, "Record the date"):
            self.env["edu.guardian"].create(
                {
                    "student_id": self.student_a3.id,
                    "partner_id": self.env["res.partner"].create({"name": "Васильева Ирина"}).id,
                    "pd_consent": True,
                }
            )
        with self.assertRaisesRegex(ValidationError, "in the future"):
            self.guardian_a1.pd_consent_date = self.today + timedelta(days=1)

    def test_family_access_rule(self):
        # a minor's legal representative with a consent and portal access
        self.assertTrue(self.guardian_a1.can_see_journal)
        self.guardian_a1.pd_consent = False
        self.assertFalse(self.guardian_a1.can_see_journal)
        # an adult student's guardian only with the student's consent
        self.assertFalse(self.guardian_a2.can_see_journal)
        self.student_a2.write({"guardian_consent": True, "guardian_consent_date": self.today})
        self.assertTrue(self.guardian_a2.can_see_journal)
        with self.assertRaisesRegex(ValidationError, "date of the student's consent"):
            self.student_b2.guardian_consent = True

    def test_student_cannot_be_own_guardian(self):
        with self.assertRaisesRegex(ValidationError, "own guardian"):
            self.env["edu.guardian"].create(
                {"student_id": self.student_a3.id, "partner_id": self.student_a3.partner_id.id}
            )

    def test_coming_of_age_cron(self):
        self.student_a1.birthdate = self.today - relativedelta(years=18) + timedelta(days=1)
        self.assertTrue(self.guardian_a1.can_see_journal)
        # the next day the student is an adult: the cron withdraws family access
        self.env.flush_all()
        self.env.cr.execute(
            "UPDATE edu_student SET birthdate = birthdate - 1 WHERE id = %s", [self.student_a1.id]
        )
        self.student_a1.invalidate_recordset(["birthdate"])
        self.env["edu.guardian"]._cron_recompute_journal_access()
        self.assertFalse(self.guardian_a1.can_see_journal)

    def test_errors_and_menus_in_russian(self):
        if not self.env["res.lang"]._lang_get("ru_RU").active:
            self.skipTest("Russian is not loaded (the test command loads it)")
        Student = self.env["edu.student"].with_context(lang="ru_RU")
        with self.assertRaisesRegex(
            ValidationError,
            "Номер зачётной книжки T-001 уже присвоен студенту Алексеев Иван Петрович",
        ):
            Student.create(
                {"last_name": "Дубль", "first_name": "Иван", "record_book_number": "T-001"}
            )
        root = self.env.ref("hexlet_journal.menu_root").with_context(lang="ru_RU")
        self.assertEqual(root.name, "Электронный журнал")
        selection = dict(
            self.env["edu.student"]
            ._fields["state"]
            ._description_selection(self.env(context={"lang": "ru_RU"}))
        )
        self.assertEqual(selection["expelled"], "Отчислен")
