from datetime import timedelta

from odoo import api, models
from odoo.exceptions import AccessError
from odoo.tools.misc import format_date

from odoo.addons.hexlet_journal.models.edu_absence_excuse import is_excused
from odoo.addons.hexlet_journal.models.edu_attestation import PASSED
from odoo.addons.hexlet_journal.models.edu_lesson_entry import cell_value
from odoo.addons.hexlet_journal.tools import college_now, college_today, pair_times

from ..tools import day_label, week_frame

# a cell written this soon after its lesson was typed with it (seconds)
TYPED_WITH_LESSON = 15 * 60
# a pair is two academic hours (how colleges report absences)
HOURS_PER_PAIR = 2


class EduStudent(models.Model):
    """What a family reads in the portal, built as the portal user.

    Every method reads through the ORM as the current user: the record rules
    of ``hexlet_journal`` decide what a student or a parent sees (own cells,
    the lessons of own groups, own attestation lines), and each method reads
    in a number of queries that does not grow with lessons or years.
    """

    _inherit = "edu.student"

    @api.model
    def _portal_family(self):
        """The students the current user follows in the portal: himself, and the
        children whose journal he may see (a guardian with ``can_see_journal``)."""
        user = self.env.user
        return self.search(
            [
                "|",
                ("user_id", "=", user.id),
                (
                    "guardian_ids",
                    "any",
                    [("partner_id", "=", user.partner_id.id), ("can_see_journal", "=", True)],
                ),
            ],
            order="name, id",
        )

    def _portal_check(self):
        """Refuse a student the current user does not follow (a guessed id)."""
        self.ensure_one()
        if self not in self._portal_family():
            raise AccessError(self.env._("This student's journal is not yours to read."))

    def _portal_journals(self, date_from, date_to):
        """The student's memberships and journals over a period: the journals of the
        groups he was in, without the subgroups he is not in."""
        self.ensure_one()
        Membership = self.env["edu.group.membership"]
        memberships = Membership.search_fetch(
            [("student_id", "=", self.id), *Membership._period_domain(date_from, date_to)],
            ["group_id", "date_from", "date_to"],
        )
        journals = self.env["edu.teaching.assignment"].search_fetch(
            [
                ("group_id", "in", memberships.group_id.ids),
                ("term_id.date_start", "<=", date_to),
                ("term_id.date_end", ">=", date_from),
                "|",
                ("subgroup_id", "=", False),
                (
                    "subgroup_id.membership_ids",
                    "any",
                    [
                        ("student_id", "=", self.id),
                        *self.env["edu.subgroup.membership"]._period_domain(date_from, date_to),
                    ],
                ),
            ],
            ["discipline_id", "teacher_id", "term_id", "group_id", "subgroup_id"],
        )
        return memberships, journals

    @api.model
    def _portal_people(self, users):
        """Names of the staff a family meets (teachers, the curator), read only for
        the users the family's own journals name."""
        return {user.id: user.name for user in users.sudo()}

    def _portal_member_on(self, memberships, day, journal):
        """Whether the student sat in the journal's class on ``day``: a member of
        its group that day (``memberships``: his group periods), and for a
        subgroup journal of the subgroup too (dated, as the teacher's grid)."""
        if not any(
            membership.group_id == journal.group_id and membership._covers(day)
            for membership in memberships
        ):
            return False
        return not journal.subgroup_id or any(
            membership.subgroup_id == journal.subgroup_id and membership._covers(day)
            for membership in self.subgroup_membership_ids
        )

    def _portal_cell(self, entry, lesson_date, excused):
        """One of the student's cells as the diary shows it, with the day it was
        entered: the lesson's entry time for a cell typed with the lesson, the
        cell's own change time for one changed afterwards."""
        if not entry:
            return {
                "value": "",
                "excused": False,
                "late": False,
                "entered_on": False,
                "comment": "",
            }
        lesson = entry.lesson_id
        moment = entry.write_date
        typed_with_lesson = (
            lesson.entered_at
            and lesson.create_date
            and moment
            and (moment - lesson.create_date).total_seconds() < TYPED_WITH_LESSON
        )
        if typed_with_lesson:
            moment = lesson.entered_at
        entered_day = college_now(self.env, moment).date() if moment else lesson_date
        return {
            "value": cell_value(entry.absent, entry.mark),
            "excused": bool(entry.absent and is_excused(excused, self.id, lesson_date)),
            "late": entered_day > lesson_date,
            "entered_on": entered_day,
            "comment": entry.comment or "",
        }

    # The week (Дневник)

    def _portal_week(self, day):
        """The week of ``day``, day by day: the lessons entered (topic, homework, the
        student's mark or «н») and those the timetable still plans."""
        self.ensure_one()
        frame = week_frame(self.env, day)
        monday, sunday = frame["monday"], frame["sunday"]
        memberships, journals = self._portal_journals(monday, sunday)
        lessons = self.env["edu.lesson"].search_fetch(
            [
                ("assignment_id", "in", journals.ids),
                ("date", ">=", monday),
                ("date", "<=", sunday),
            ],
            [
                "assignment_id",
                "date",
                "pair_number",
                "topic",
                "homework",
                "kind",
                "practical_number",
                "teacher_id",
                "planned_teacher_id",
                "is_substitution",
            ],
            order="date, pair_number, id",
        )
        lessons = lessons.filtered(
            lambda lesson: self._portal_member_on(memberships, lesson.date, lesson.assignment_id)
        )
        entries = {
            entry.lesson_id.id: entry
            for entry in self.env["edu.lesson.entry"].search_fetch(
                [("student_id", "=", self.id), ("lesson_id", "in", lessons.ids)],
                ["lesson_id", "absent", "mark", "comment", "write_date"],
            )
        }
        excused = self.env["edu.absence.excuse"]._excused_days(self, monday, sunday)
        due = self.env["edu.schedule.slot"]._lessons_due_between(
            monday, sunday, assignments=journals
        )
        people = self._portal_people(
            journals.teacher_id | lessons.teacher_id | lessons.planned_teacher_id
        )
        kinds = dict(self.env["edu.lesson"]._fields["kind"]._description_selection(self.env))
        today = college_today(self.env)
        times = pair_times(self.env)
        items = {}
        for lesson in lessons:
            items.setdefault(lesson.date, []).append(
                {
                    "lesson": lesson,
                    "pair": lesson.pair_number,
                    "time": times.get(lesson.pair_number, ""),
                    "discipline": lesson.assignment_id.discipline_id.display_name,
                    "teacher": people.get(lesson.teacher_id.id, ""),
                    "planned_teacher": people.get(lesson.planned_teacher_id.id, "")
                    if lesson.is_substitution
                    else "",
                    "kind": kinds.get(lesson.kind, ""),
                    "practical_number": lesson.practical_number,
                    "topic": lesson.topic or "",
                    "homework": lesson.homework or "",
                    "room": "",
                    "planned": False,
                    **self._portal_cell(entries.get(lesson.id), lesson.date, excused),
                }
            )
        entered = {(lesson.assignment_id.id, lesson.date, lesson.pair_number) for lesson in lessons}
        for item in due:
            journal = item["assignment"]
            key = (journal.id, item["date"], item["pair_number"])
            if key in entered or not self._portal_member_on(memberships, item["date"], journal):
                continue
            items.setdefault(item["date"], []).append(
                {
                    "lesson": False,
                    "pair": item["pair_number"],
                    "time": times.get(item["pair_number"], ""),
                    "discipline": journal.discipline_id.display_name,
                    "teacher": people.get(journal.teacher_id.id, ""),
                    "planned_teacher": "",
                    "kind": "",
                    "practical_number": 0,
                    "topic": "",
                    "homework": "",
                    "room": item["room"] or "",
                    "planned": True,
                    "value": "",
                    "excused": False,
                    "late": False,
                    "entered_on": False,
                    "not_entered": item["date"] < today,
                }
            )
        days = []
        for offset in range(7):
            date = monday + timedelta(days=offset)
            day_items = sorted(items.get(date, []), key=lambda item: item["pair"])
            if offset == 6 and not day_items:
                continue
            days.append(
                {
                    "date": date,
                    "label": day_label(self.env, date),
                    "is_today": date == today,
                    "items": day_items,
                }
            )
        return {**frame, "days": days}

    # The timetable of the week (Расписание)

    def _portal_timetable(self, day):
        """The week's timetable of the student's journals: days × pairs, with the
        room, and the substitutions already entered."""
        self.ensure_one()
        frame = week_frame(self.env, day)
        monday, sunday = frame["monday"], frame["sunday"]
        memberships, journals = self._portal_journals(monday, sunday)
        due = self.env["edu.schedule.slot"]._lessons_due_between(
            monday, sunday, assignments=journals
        )
        substitutes = {
            (lesson.assignment_id.id, lesson.date, lesson.pair_number): lesson.teacher_id
            for lesson in self.env["edu.lesson"].search_fetch(
                [
                    ("assignment_id", "in", journals.ids),
                    ("date", ">=", monday),
                    ("date", "<=", sunday),
                    ("is_substitution", "=", True),
                ],
                ["assignment_id", "date", "pair_number", "teacher_id"],
            )
        }
        people = self._portal_people(
            journals.teacher_id | self.env["res.users"].concat(*substitutes.values())
        )
        today = college_today(self.env)
        times = pair_times(self.env)
        days = []
        for offset in range(7):
            date = monday + timedelta(days=offset)
            items = sorted(
                (
                    {
                        "pair": item["pair_number"],
                        "time": times.get(item["pair_number"], ""),
                        "discipline": item["assignment"].discipline_id.display_name,
                        "teacher": people.get(item["assignment"].teacher_id.id, ""),
                        "substitute": people.get(
                            substitutes.get(
                                (item["assignment"].id, date, item["pair_number"]),
                                self.env["res.users"],
                            ).id,
                            "",
                        ),
                        "room": item["room"] or "",
                        "subgroup": item["assignment"].subgroup_id.name or "",
                    }
                    for item in due
                    if item["date"] == date
                    and self._portal_member_on(memberships, date, item["assignment"])
                ),
                key=lambda item: item["pair"],
            )
            if offset >= 5 and not items:
                continue
            days.append(
                {
                    "date": date,
                    "label": day_label(self.env, date),
                    "is_today": date == today,
                    "items": items,
                }
            )
        return {**frame, "days": days}

    # What is left to pass (Что осталось сдать)

    def _portal_outlook(self, term):
        """Per discipline of a term: its attestation form, the admission outlook by
        the statement's own criteria (average, unexcused share, an unresolved 2),
        the practical lessons missed without a mark, and the debts: failed or
        missed attestations with their retakes."""
        self.ensure_one()
        _memberships, journals = self._portal_journals(term.date_start, term.date_end)
        journals = journals.filtered(lambda journal: journal.term_id == term)
        today = min(college_today(self.env), term.date_end)
        limit = float(
            self.env["ir.config_parameter"]
            .sudo()
            .get_param("hexlet_journal.admission_max_unexcused", 30)
        )
        forms = dict(
            self.env["edu.teaching.assignment"]
            ._fields["attestation_form"]
            ._description_selection(self.env)
        )
        practicals = self.env["edu.lesson"].search_fetch(
            [
                ("assignment_id", "in", journals.ids),
                ("practical_number", ">", 0),
                ("date", "<=", today),
            ],
            ["assignment_id", "date", "practical_number"],
            order="date",
        )
        missed = {
            entry.lesson_id.id
            for entry in self.env["edu.lesson.entry"].search_fetch(
                [
                    ("student_id", "=", self.id),
                    ("lesson_id", "in", practicals.ids),
                    ("absent", "=", True),
                ],
                ["lesson_id"],
            )
        }
        lines = self.env["edu.attestation.line"].search_fetch(
            [("student_id", "=", self.id), ("attestation_id.assignment_id", "in", journals.ids)],
            ["attestation_id", "final_result", "state", "retake_ids"],
        )
        results = dict(
            self.env["edu.attestation.line"]
            ._fields["final_result"]
            ._description_selection(self.env)
        )
        by_journal = {line.attestation_id.assignment_id.id: line for line in lines}
        all_figures = journals._results_by_journal(self, today)
        rows = []
        for journal in journals.sorted(lambda journal: journal.discipline_id.display_name):
            figures = all_figures[journal.id].get(self.id, {})
            line = by_journal.get(journal.id)
            closed = line and line.state == "done"
            debt = closed and line.final_result not in PASSED
            share = figures.get("unexcused_share", 0.0)
            rows.append(
                {
                    "journal": journal,
                    "discipline": journal.discipline_id.display_name,
                    "form": forms.get(journal.attestation_form, ""),
                    "average": figures.get("average") or None,
                    "unexcused_share": share,
                    "unresolved_fail": figures.get("unresolved_fail", False),
                    "admitted_outlook": share <= limit
                    and not figures.get("unresolved_fail", False),
                    "result": results.get(line.final_result, "") if closed else "",
                    "debt": bool(debt),
                    "retakes": [
                        {"date": retake.date, "result": results.get(retake.result, "")}
                        for retake in (line.sudo().retake_ids if line else [])
                    ],
                    "missed_practicals": [
                        {"number": lesson.practical_number, "date": lesson.date}
                        for lesson in practicals
                        if lesson.assignment_id == journal and lesson.id in missed
                    ],
                }
            )
        return {"rows": rows, "limit": limit}

    def _portal_absence_reports(self):
        """The absences the family reported, with the curator's answer."""
        self.ensure_one()
        return self.env["edu.absence.report"].search([("student_id", "=", self.id)], limit=20)

    # Progress of a term (Успеваемость)

    def _portal_terms(self):
        """The terms the student studied in, latest first, and the current one."""
        self.ensure_one()
        Membership = self.env["edu.group.membership"]
        memberships = Membership.search_fetch(
            [("student_id", "=", self.id)], ["group_id", "date_from", "date_to"]
        )
        if not memberships:
            return self.env["edu.term"], self.env["edu.term"]
        start = min(memberships.mapped("date_from"))
        today = college_today(self.env)
        terms = self.env["edu.term"].search(
            [("date_end", ">=", start), ("date_start", "<=", today)], order="date_start desc"
        )
        current = terms.filtered(lambda term: term.date_start <= today <= term.date_end)[:1]
        return terms, current or terms[:1]

    def _portal_progress(self, term):
        """Per discipline of a term: the marks with their dates, the average, the
        absences (total and unexcused) and, once the statement is closed, the
        student's own attestation result."""
        self.ensure_one()
        _memberships, journals = self._portal_journals(term.date_start, term.date_end)
        journals = journals.filtered(lambda journal: journal.term_id == term)
        entries = self.env["edu.lesson.entry"].search_fetch(
            [("student_id", "=", self.id), ("assignment_id", "in", journals.ids)],
            ["assignment_id", "lesson_id", "absent", "mark", "date"],
            order="date, id",
        )
        tallies = entries._tally(key=lambda entry: entry.assignment_id.id)
        results = self._portal_attestation_results(journals)
        people = self._portal_people(journals.teacher_id)
        marks = {}
        for entry in entries:
            if entry.mark:
                marks.setdefault(entry.assignment_id.id, []).append(
                    {"value": cell_value(False, entry.mark), "date": entry.date}
                )
        rows = []
        for journal in journals.sorted(lambda journal: journal.discipline_id.display_name):
            tally = tallies.get(journal.id, {})
            rows.append(
                {
                    "journal": journal,
                    "discipline": journal.discipline_id.display_name,
                    "teacher": people.get(journal.teacher_id.id, ""),
                    "subgroup": journal.subgroup_id.name or "",
                    "marks": marks.get(journal.id, []),
                    "average": tally.get("average"),
                    "absences": tally.get("absences", 0),
                    "unexcused": tally.get("unexcused", 0),
                    "result": results.get(journal.id),
                }
            )
        return rows

    def _portal_attestation_results(self, journals):
        """{journal id: the student's final result} of the closed statements."""
        lines = self.env["edu.attestation.line"].search_fetch(
            [
                ("student_id", "=", self.id),
                ("attestation_id.assignment_id", "in", journals.ids),
                ("state", "=", "done"),
            ],
            ["attestation_id", "final_result"],
        )
        labels = dict(
            self.env["edu.attestation.line"]
            ._fields["final_result"]
            ._description_selection(self.env)
        )
        return {
            line.attestation_id.assignment_id.id: labels.get(line.final_result, "")
            for line in lines
            if line.final_result
        }

    def _portal_discipline(self, journal):
        """One discipline of the student: every lesson held, with the student's cell
        (and when it was entered), the figures, and when the journal was last filled."""
        self.ensure_one()
        _memberships, journals = self._portal_journals(
            journal.term_id.date_start, journal.term_id.date_end
        )
        if journal not in journals:
            raise AccessError(self.env._("This discipline is not in the student's journal."))
        today = college_today(self.env)
        lessons = self.env["edu.lesson"].search_fetch(
            [("assignment_id", "=", journal.id), ("date", "<=", today)],
            [
                "date",
                "pair_number",
                "topic",
                "homework",
                "kind",
                "practical_number",
                "teacher_id",
                "is_substitution",
                "entered_at",
            ],
            order="date desc, pair_number desc, id desc",
        )
        entries = self.env["edu.lesson.entry"].search_fetch(
            [("student_id", "=", self.id), ("lesson_id", "in", lessons.ids)],
            ["lesson_id", "absent", "mark", "comment", "date", "write_date"],
        )
        by_lesson = {entry.lesson_id.id: entry for entry in entries}
        excused = (
            self.env["edu.absence.excuse"]._excused_days(
                self, min(lessons.mapped("date")), max(lessons.mapped("date"))
            )
            if lessons
            else {}
        )
        kinds = dict(self.env["edu.lesson"]._fields["kind"]._description_selection(self.env))
        people = self._portal_people(journal.teacher_id | lessons.teacher_id)
        tally = entries._tally(excused=excused).get(self.id, {})
        last = max(lessons.mapped("entered_at"), default=False)
        return {
            "journal": journal,
            "discipline": journal.discipline_id.display_name,
            "teacher": people.get(journal.teacher_id.id, ""),
            "term": journal.term_id,
            "average": tally.get("average"),
            "absences": tally.get("absences", 0),
            "unexcused": tally.get("unexcused", 0),
            "last_filled": college_now(self.env, last).date() if last else False,
            "result": self._portal_attestation_results(journal).get(journal.id),
            "lessons": [
                {
                    "date": lesson.date,
                    "pair": lesson.pair_number,
                    "kind": kinds.get(lesson.kind, ""),
                    "practical_number": lesson.practical_number,
                    "topic": lesson.topic or "",
                    "homework": lesson.homework or "",
                    "teacher": people.get(lesson.teacher_id.id, "")
                    if lesson.is_substitution
                    else "",
                    **self._portal_cell(by_lesson.get(lesson.id), lesson.date, excused),
                }
                for lesson in lessons
            ],
        }

    # Attendance (Посещаемость)

    def _portal_attendance(self, term):
        """The student's absences of a term by month and by discipline, excused or
        not, in pairs and in academic hours."""
        self.ensure_one()
        entries = self.env["edu.lesson.entry"].search_fetch(
            [
                ("student_id", "=", self.id),
                ("absent", "=", True),
                ("date", ">=", term.date_start),
                ("date", "<=", term.date_end),
            ],
            ["assignment_id", "date", "absent", "mark"],
            order="date, id",
        )
        excused = (
            self.env["edu.absence.excuse"]._excused_days(self, term.date_start, term.date_end)
            if entries
            else {}
        )
        by_month = entries._tally(key=lambda entry: entry.date.replace(day=1), excused=excused)
        by_discipline = entries._tally(
            key=lambda entry: entry.assignment_id.discipline_id.display_name, excused=excused
        )

        def row(label, tally):
            return {
                "label": label,
                "absences": tally["absences"],
                "unexcused": tally["unexcused"],
                "excused": tally["absences"] - tally["unexcused"],
                "hours": tally["absences"] * HOURS_PER_PAIR,
                "unexcused_hours": tally["unexcused"] * HOURS_PER_PAIR,
            }

        total = {"absences": len(entries), "unexcused": 0}
        total["unexcused"] = sum(tally["unexcused"] for tally in by_month.values())
        return {
            "months": [
                row(format_date(self.env, month, date_format="LLLL yyyy").capitalize(), tally)
                for month, tally in sorted(by_month.items())
            ],
            "disciplines": [row(name, tally) for name, tally in sorted(by_discipline.items())],
            "total": row(self.env._("Total"), total),
            "days": [
                {
                    "date": entry.date,
                    "discipline": entry.assignment_id.discipline_id.display_name,
                    "excused": is_excused(excused, self.id, entry.date),
                }
                for entry in entries.sorted(lambda entry: entry.date, reverse=True)
            ],
        }

    # Results of all terms (Итоги)

    def _portal_results(self):
        """Every closed attestation of the student, term by term."""
        self.ensure_one()
        lines = self.env["edu.attestation.line"].search_fetch(
            [("student_id", "=", self.id), ("state", "=", "done")],
            ["attestation_id", "final_result", "form"],
        )
        labels = dict(
            self.env["edu.attestation.line"]
            ._fields["final_result"]
            ._description_selection(self.env)
        )
        forms = dict(
            self.env["edu.attestation.line"]._fields["form"]._description_selection(self.env)
        )
        terms = {}
        for line in lines:
            statement = line.attestation_id
            terms.setdefault(statement.term_id, []).append(
                {
                    "discipline": statement.discipline_id.display_name,
                    "form": forms.get(line.form, ""),
                    "date": statement.date,
                    "result": labels.get(line.final_result, ""),
                    "passed": line.final_result in PASSED,
                }
            )
        return [
            {"term": term, "lines": sorted(rows, key=lambda row: row["discipline"])}
            for term, rows in sorted(
                terms.items(), key=lambda item: item[0].date_start, reverse=True
            )
        ]

    # Who teaches and how to reach them (Контакты)

    def _portal_contacts(self):
        """The curator of the student's group and the teachers of the current term."""
        self.ensure_one()
        today = college_today(self.env)
        memberships, journals = self._portal_journals(today, today)
        group = memberships.group_id[:1]
        staff = (group.curator_id | journals.teacher_id).sudo()

        def card(user, role):
            return {
                "name": user.name,
                "role": role,
                "email": user.partner_id.email or "",
                "phone": user.partner_id.phone or "",
            }

        teachers = {}
        for journal in journals:
            teachers.setdefault(journal.teacher_id.id, []).append(
                journal.discipline_id.display_name
            )
        by_id = {user.id: user for user in staff}
        return {
            "group": group,
            "curator": card(by_id[group.curator_id.id], self.env._("Curator"))
            if group.curator_id
            else False,
            "teachers": [
                card(by_id[teacher_id], ", ".join(sorted(disciplines)))
                for teacher_id, disciplines in sorted(
                    teachers.items(), key=lambda item: by_id[item[0]].name
                )
            ],
        }

    def _check_family_access_manager(self):
        """Who gives families their logins (§3.1): the curator of the students' group,
        the Student Records Office or the journal administrator."""
        user = self.env.user
        if user.has_group("hexlet_journal.group_hr") or user.has_group(
            "hexlet_journal.group_admin"
        ):
            return
        self.check_access("read")
        foreign = self.sudo().filtered(lambda student: student.group_id.curator_id != user)
        if foreign or not user.has_group("hexlet_journal.group_curator"):
            groups = (foreign or self).sudo().group_id
            raise AccessError(
                self.env._(
                    "Portal logins of the students of %(groups)s are given by the curator of "
                    "the group (%(curators)s) or by the Student Records Office.",
                    groups=", ".join(groups.mapped("name")) or "—",
                    curators=", ".join(groups.curator_id.mapped("name")) or "—",
                )
            )
