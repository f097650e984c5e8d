"""The demo college, dated relative to the day it is loaded.

A demo that shows the year 2023 looks dead a year later, so nothing here is
a fixed date: the current academic year is the one containing the load day
(in July and August, the coming one), and the year before it is closed.
"""

import json
import random
from datetime import date, datetime, time, timedelta

from odoo import api, fields, models
from odoo.fields import Command
from odoo.tools.misc import file_open

from ..tools import college_day_bounds, college_today
from .edu_lesson_entry import MARK_SCALES, cell_value

DEMO_FILE = "hexlet_journal/demo/college.json"
# discipline code -> demo teacher xml id; English is split between two teachers
TEACHERS = {
    "ОГСЭ.01": "user_teacher_9",
    "ОГСЭ.03": ("user_teacher_7", "user_teacher_10"),
    "ОГСЭ.04": "user_teacher_8",
    "ЕН.01": "user_teacher_5",
    "ЕН.02": "user_teacher_5",
    "ОП.01": "user_curator",
    "ОП.02": "user_teacher_4",
    "ОП.04": "user_teacher",
    "ОП.08": "user_teacher_3",
    "ОП.11": "user_curator",
    "МДК.01.01": "user_teacher_6",
    "МДК.02.01": "user_teacher_4",
}
# (program index, years since admission, curator xml id, number of students)
GROUPS = [
    (0, 0, "user_curator", 22),
    (0, 1, "user_teacher_3", 20),
    (1, 0, "user_teacher_4", 24),
    (1, 1, "user_teacher_5", 19),
]
PAIRS_PER_DAY = 4


class EduDemoLoader(models.AbstractModel):
    _name = "edu.demo.loader"
    _description = "Demo College Loader"

    @api.model
    def _load_demo_college(self):
        with file_open(DEMO_FILE, "rb") as demo_file:
            data = json.load(demo_file)
        rng = random.Random(20230831)
        today = college_today(self.env)
        self.env.company.write(
            {
                "name": data["college"],
                "street": "Невский проспект, д. 1",
                "city": "Санкт-Петербург",
                "zip": "191186",
                "country_id": self.env.ref("base.ru").id,
            }
        )
        self = self.with_context(tracking_disable=True, mail_create_nolog=True)  # noqa: PLW0642
        # the staff read in Russian from the start: what the journal tells them too
        self._set_demo_language()
        years = self._create_years(today)
        current_year = years[0]
        term = self._current_term(current_year, today)
        programs = self._create_programs(data)
        disciplines = self._create_disciplines(data)
        groups = self._create_groups(data, programs, current_year, rng)
        self._create_curricula(data, programs, disciplines, current_year)
        assignments = self._create_assignments(groups, term, disciplines)
        self._create_schedule(data, assignments, term)
        self._create_topic_plans(data, assignments)
        self._create_movements(groups, term, today)
        self._create_family_accounts(groups)
        self._create_lessons(assignments, term, today, rng)
        self._create_previous_year(data, groups, years[1], disciplines, today, rng)
        self._close_previous_year(years[1])
        self._create_control(groups, term, today)
        self._create_logins(today, rng)
        self._set_demo_language()
        # the calendar of checks as its daily cron leaves it: the checks due now,
        # and the deputy director's check of the term's first half, planned in its
        # time and not done yet (overdue, as the director sees it)
        Inspection = self.env["edu.inspection"]
        Inspection._cron_plan_checks()
        Inspection._plan_checks(
            [
                check
                for check in Inspection._planned_checks(term.year_id)
                if check[0] == "semester" and term.date_start <= check[1] and check[3] < today
            ][:1]
        )
        # stored names written in the college's language, now that Russian is set up
        self.env["edu.inspection"].sudo().search([])._compute_name()
        return True

    # Last year: a filled spring term, closed statements, the year closed

    def _create_previous_year(self, data, groups, year, disciplines, today, rng):
        term = year.term_ids.filtered(lambda term: term.number == "2")
        old_groups = groups.filtered(lambda group: group.admission_year == year.date_start.year)
        assignments = self._create_assignments(old_groups, term, disciplines)
        self._create_schedule(data, assignments, term)
        self._create_topic_plans(data, assignments)
        self._create_lessons(assignments, term, today, rng)
        self._create_statements(assignments, term.date_end - timedelta(days=10), rng)

    def _create_statements(self, assignments, day, rng):
        """Each journal's statement, filled and closed by its teacher."""
        Statement = self.env["edu.attestation"]
        for assignment in assignments:
            if assignment.attestation_form in (False, "none"):
                continue
            statement = (
                Statement.with_user(assignment.teacher_id)
                .sudo()
                .create({"assignment_id": assignment.id, "date": day})
            )
            for line in statement.line_ids:
                line.write({"result": self._demo_result(statement.form, line, rng)})
            statement.action_done()

    def _demo_result(self, form, line, rng):
        if not line.admitted:
            return "not_admitted"
        if form == "credit":
            return "pass" if rng.random() < 0.93 else "fail"
        average = line.current_average or 3.6
        mark = min(5, max(2, round(average + rng.choice((-1, 0, 0, 0, 1)) * 0.6)))
        return str(mark)

    def _close_previous_year(self, year):
        for term in year.term_ids:
            term.lock_date = term.date_end
        year.action_close()

    def _create_logins(self, today, rng):
        """Logins of the demo staff on the working days of the last four weeks
        (Odoo's res.users.log, which the activity report counts, §6.1): most
        come every day, one teacher rarely."""
        staff = (
            self.env["res.users"]
            .union(*(role.all_user_ids for role in self.env["res.users"]._staff_roles()))
            .filtered(lambda user: not user.share and user.id != api.SUPERUSER_ID)
        )
        staff -= self.env.ref("base.user_admin")
        rows = []
        for index, user in enumerate(staff.sorted("id")):
            rate = 0.3 if index % 11 == 5 else 0.9
            for back in range(28, 0, -1):
                day = today - timedelta(days=back)
                if day.weekday() < 6 and rng.random() < rate:
                    start = college_day_bounds(self.env, day, day)[0]
                    moment = start + timedelta(hours=8, minutes=rng.randrange(0, 600))
                    rows.append((user.id, moment))
        if rows:
            self.env.cr.execute_values(
                "INSERT INTO res_users_log (create_uid, create_date, write_uid, write_date) "
                "VALUES %s",
                [(uid, moment, uid, moment) for uid, moment in rows],
            )

    # Control: weekly checks of the last weeks, last month's inspection

    def _create_control(self, groups, term, today):
        Check = self.env["edu.weekly.check"]
        monday = today - timedelta(days=today.weekday())
        for weeks_back in (3, 2, 1):
            week_start = monday - timedelta(days=7 * weeks_back)
            if week_start < term.date_start:
                continue
            checks = Check._cron_create_weekly_checks(week_start)
            if weeks_back > 1:
                for check in checks:
                    check.student_line_ids.write({"parents_informed": True})
                    check.with_user(check.curator_id).sudo().action_confirm()
                    # confirmed when a curator would have: the Tuesday after the week
                    tuesday = check.week_end + timedelta(days=2)
                    check.write(
                        {
                            "confirmed_at": college_day_bounds(self.env, tuesday, tuesday)[0]
                            + timedelta(hours=10)
                        }
                    )
        head = self.env.ref("hexlet_journal.user_academic_head")
        Inspection = self.env["edu.inspection"].with_user(head).sudo()
        period = Inspection._default_period()
        if period[0] >= term.date_start:
            inspection = Inspection.create({"kind": "monthly", "scope": "college"})
            inspection.action_compute()
            inspection.findings = (
                "<p>Журналы заполняются в основном своевременно; по отдельным дисциплинам "
                "есть занятия, внесённые с опозданием.</p>"
            )
            inspection.conclusion = (
                "<p>Преподавателям, допустившим опоздания, вносить занятия в день проведения "
                "(п. 4.3 Положения).</p>"
            )
            inspection.action_done()

    # Calendar

    def _year_bounds(self, start_year):
        return date(start_year, 9, 1), date(start_year + 1, 6, 30)

    def _create_years(self, today):
        start_year = today.year if today.month >= 7 else today.year - 1
        Year = self.env["edu.academic.year"]
        years = Year
        for offset in (0, 1):
            first = start_year - offset
            date_start, date_end = self._year_bounds(first)
            winter = date(first + 1, 1, 1)
            years |= Year.create(
                {
                    "name": f"{first}/{first + 1}",
                    "date_start": date_start,
                    "date_end": date_end,
                    "term_ids": [
                        Command.create(
                            {
                                "number": "1",
                                "date_start": date_start,
                                "date_end": date(first, 12, 31),
                                "lock_date": False,
                            }
                        ),
                        Command.create(
                            {
                                "number": "2",
                                "date_start": winter,
                                "date_end": date_end,
                                "lock_date": False,
                            }
                        ),
                    ],
                }
            )
        self._demo_xmlid(years[0], "demo_year_current")
        self._demo_xmlid(years[1], "demo_year_previous")
        return years

    def _current_term(self, year, today):
        terms = year.term_ids.sorted("date_start")
        current = terms.filtered(lambda term: term.date_start <= today)[-1:] or terms[:1]
        self._demo_xmlid(current, "demo_term_current")
        return current

    # Structure

    def _create_programs(self, data):
        return self.env["edu.program"].create(
            [
                {
                    "code": program["code"],
                    "name": program["name"],
                    "qualification": program["qualification"],
                    "term_count": 8,
                }
                for program in data["programs"]
            ]
        )

    def _create_disciplines(self, data):
        Discipline = self.env["edu.discipline"]
        by_code = {}
        for vals in data["disciplines"]:
            module = by_code.get(vals.get("module"), Discipline)
            by_code[vals["code"]] = Discipline.create(
                {
                    "code": vals["code"],
                    "name": vals["name"],
                    "kind": vals["kind"],
                    "module_id": module.id,
                }
            )
        return by_code

    def _person(self, data, rng, female):
        names = data["names"]
        if female:
            return (
                rng.choice(names["female_last"]),
                rng.choice(names["female_first"]),
                rng.choice(names["female_patronymic"]),
            )
        return (
            rng.choice(names["male_last"]),
            rng.choice(names["male_first"]),
            rng.choice(names["male_patronymic"]),
        )

    def _create_groups(self, data, programs, year, rng):
        Group = self.env["edu.group"]
        Student = self.env["edu.student"]
        groups = Group
        first_year = year.date_start.year
        for index, (program_index, age, curator_xmlid, size) in enumerate(GROUPS, start=1):
            program = programs[program_index]
            admission = first_year - age
            prefix = data["programs"][program_index]["prefix"]
            group = Group.create(
                {
                    "name": f"{prefix}-{admission % 100:02d}",
                    "program_id": program.id,
                    "admission_year": admission,
                    "curator_id": self.env.ref(f"hexlet_journal.{curator_xmlid}").id,
                }
            )
            self._demo_xmlid(group, f"demo_group_{index}")
            students_vals = []
            seen = set()
            while len(students_vals) < size:
                female = rng.random() < 0.4
                last, first, patronymic = self._person(data, rng, female)
                if (last, first) in seen:
                    continue
                seen.add((last, first))
                birth_year = admission - 15 - (1 if rng.random() < 0.2 else 0)
                students_vals.append(
                    {
                        "last_name": last,
                        "first_name": first,
                        "patronymic": patronymic,
                        "birthdate": date(birth_year, rng.randint(1, 12), rng.randint(1, 28)),
                        "record_book_number": (
                            f"{admission % 100:02d}{program_index + 1}{len(students_vals) + 1:03d}"
                        ),
                    }
                )
            students = Student.create(sorted(students_vals, key=lambda vals: vals["last_name"]))
            order = self.env["edu.contingent.order"].create(
                {
                    "date": date(admission, 8, 25),
                    "order_type": "enroll",
                    "note": "Приказ о зачислении по результатам приёмной кампании",
                    "line_ids": [
                        Command.create(
                            {
                                "student_id": student.id,
                                "to_group_id": group.id,
                                "effective_date": date(admission, 9, 1),
                            }
                        )
                        for student in students
                    ],
                }
            )
            order.action_done()
            half = len(students) // 2
            self.env["edu.subgroup"].create(
                [
                    {
                        "name": "1 подгруппа",
                        "group_id": group.id,
                        "student_ids": [Command.set(students[:half].ids)],
                    },
                    {
                        "name": "2 подгруппа",
                        "group_id": group.id,
                        "student_ids": [Command.set(students[half:].ids)],
                    },
                ]
            )
            self._create_guardians(data, rng, students)
            groups |= group
        return groups

    def _create_guardians(self, data, rng, students):
        today = college_today(self.env)
        vals_list = []
        for student in students:
            minor = student._is_minor_on(today)
            mother_last = (
                student.last_name if student.last_name.endswith("а") else student.last_name + "а"
            )
            _last, mother_first, mother_patronymic = self._person(data, rng, True)
            phone_digits = (
                rng.randint(10, 99),
                rng.randint(100, 999),
                rng.randint(10, 99),
                rng.randint(10, 99),
            )
            mother = self.env["res.partner"].create(
                {
                    "name": f"{mother_last} {mother_first} {mother_patronymic}",
                    "phone": "+7 9{} {}-{}-{}".format(*phone_digits),
                }
            )
            vals_list.append(
                {
                    "student_id": student.id,
                    "partner_id": mother.id,
                    "relation": "mother",
                    "is_legal_representative": True,
                    "pd_consent": minor,
                    "pd_consent_date": student.enrollment_date if minor else False,
                }
            )
            if minor and rng.random() < 0.4:
                father_last = mother_last.removesuffix("а")
                _last, father_first, father_patronymic = self._person(data, rng, False)
                father = self.env["res.partner"].create(
                    {"name": f"{father_last} {father_first} {father_patronymic}"}
                )
                vals_list.append(
                    {
                        "student_id": student.id,
                        "partner_id": father.id,
                        "relation": "father",
                        "is_legal_representative": True,
                    }
                )
        self.env["edu.guardian"].create(vals_list)

    # Curricula and load

    def _create_curricula(self, data, programs, disciplines, year):
        first_year = year.date_start.year
        for program in programs:
            template = data["curricula"][program.code]
            for age in (0, 1):
                lines = []
                for term_number in range(1, 5):
                    parity = "odd" if term_number % 2 else "even"
                    for code, hours, form in template[parity]:
                        practice = round(hours * 0.4 / 2) * 2
                        lines.append(
                            Command.create(
                                {
                                    "term_number": term_number,
                                    "discipline_id": disciplines[code].id,
                                    "hours_total": hours,
                                    "hours_theory": hours - practice,
                                    "hours_practice": practice,
                                    "attestation_form": form,
                                }
                            )
                        )
                curriculum = self.env["edu.curriculum"].create(
                    {
                        "program_id": program.id,
                        "admission_year": first_year - age,
                        "line_ids": lines,
                    }
                )
                curriculum.action_approve()

    def _create_assignments(self, groups, term, disciplines):
        Assignment = self.env["edu.teaching.assignment"]
        vals_list = []
        for group in groups:
            curriculum = self.env["edu.curriculum"].search(
                [
                    ("program_id", "=", group.program_id.id),
                    ("admission_year", "=", group.admission_year),
                ]
            )
            term_number = term._semester_index(group.admission_year)
            for line in curriculum.line_ids:
                if line.term_number != term_number:
                    continue
                teacher = TEACHERS[line.discipline_id.code]
                base = {
                    "term_id": term.id,
                    "group_id": group.id,
                    "discipline_id": line.discipline_id.id,
                    "curriculum_line_id": line.id,
                }
                if isinstance(teacher, tuple):
                    for subgroup, xmlid in zip(
                        group.subgroup_ids.sorted("name"), teacher, strict=True
                    ):
                        vals_list.append(
                            dict(
                                base,
                                subgroup_id=subgroup.id,
                                teacher_id=self.env.ref(f"hexlet_journal.{xmlid}").id,
                            )
                        )
                else:
                    vals_list.append(
                        dict(base, teacher_id=self.env.ref(f"hexlet_journal.{teacher}").id)
                    )
        return Assignment.create(vals_list)

    def _topic_kind(self, topic, index, practical_every):
        lowered = topic.lower()
        if lowered.startswith("экзамен"):
            return "exam"
        if lowered.startswith("консультация"):
            return "consultation"
        if lowered.startswith("контрольная"):
            return "test"
        if lowered.startswith(("дифференцированный зачёт", "подготовка к зачёту")):
            return "test"
        return "practical" if index % practical_every == practical_every - 1 else "theory"

    def _create_topic_plans(self, data, assignments):
        Plan = self.env["edu.topic.plan"]
        plans = {}
        due = {}
        term = assignments.term_id[:1]
        for item in self.env["edu.schedule.slot"]._lessons_due_between(
            term.date_start, term.date_end, assignments=assignments
        ):
            due[item["assignment"].id] = due.get(item["assignment"].id, 0) + 1
        for assignment in assignments:
            key = (assignment.group_id, assignment.discipline_id)
            if key not in plans:
                topics = data["topics"][assignment.discipline_id.code]
                # the КТП covers every pair the timetable asks for in the term
                lessons = max(len(topics), due.get(assignment.id, 0))
                finals = [
                    topic
                    for topic in topics
                    if topic.lower().startswith(("консультация", "экзамен"))
                ]
                body = [topic for topic in topics if topic not in finals]
                body_lessons = lessons - len(finals)
                lines = []
                for index in range(body_lessons):
                    topic = body[index * len(body) // body_lessons]
                    kind = self._topic_kind(topic, index, data["practical_every"])
                    if kind == "practical":
                        # «IP-адресация» keeps its capitals; «Основы …» becomes «основы …»
                        head = topic[0].lower() if topic[1:2].islower() else topic[0]
                        topic = f"Практическое занятие: {head}{topic[1:]}"
                    lines.append((topic, kind))
                lines += [
                    (topic, self._topic_kind(topic, 0, data["practical_every"])) for topic in finals
                ]
                weeks = 17
                discipline, group = assignment.discipline_id, assignment.group_id
                plans[key] = Plan.create(
                    {
                        "name": f"КТП {discipline.code} {discipline.name}, {group.name}",
                        "discipline_id": assignment.discipline_id.id,
                        "term_id": assignment.term_id.id,
                        "program_id": assignment.group_id.program_id.id,
                        "line_ids": [
                            Command.create(
                                {
                                    "sequence": number,
                                    "topic": topic,
                                    "kind": kind,
                                    "hours": 2,
                                    "planned_week": min(
                                        weeks, (number - 1) * weeks // len(lines) + 1
                                    ),
                                }
                            )
                            for number, (topic, kind) in enumerate(lines, start=1)
                        ],
                    }
                )
            assignment.topic_plan_id = plans[key]
        Plan.browse([plan.id for plan in plans.values()]).sudo().write(
            {
                "state": "approved",
                "approved_by_id": self.env.ref("hexlet_journal.user_academic_head").id,
                "approved_at": fields.Datetime.now(),
            }
        )

    def _create_schedule(self, data, assignments, term):
        """A plain five-day timetable: pairs 1–4, no teacher in two places."""
        busy_teacher = set()
        vals_list = []
        rooms = data["rooms"]
        for group_index, group in enumerate(assignments.group_id):
            free = [(day, pair) for pair in range(1, PAIRS_PER_DAY + 1) for day in range(5)]
            journals = assignments.filtered(
                lambda assignment, group=group: assignment.group_id == group
            )
            by_discipline = {}
            for journal in journals:
                by_discipline.setdefault(journal.discipline_id, []).append(journal)
            for discipline, parallel in by_discipline.items():
                weekly = max(1, round(parallel[0].planned_hours / 2 / 16))
                for _repeat in range(weekly):
                    for day, pair in list(free):
                        if all(
                            (journal.teacher_id.id, day, pair) not in busy_teacher
                            for journal in parallel
                        ):
                            free.remove((day, pair))
                            for offset, journal in enumerate(parallel):
                                busy_teacher.add((journal.teacher_id.id, day, pair))
                                vals_list.append(
                                    {
                                        "assignment_id": journal.id,
                                        "weekday": str(day),
                                        "pair_number": pair,
                                        "room": self._demo_room(
                                            rooms, discipline, group_index * 2 + offset + day
                                        ),
                                    }
                                )
                            break
        self.env["edu.schedule.slot"].create(vals_list)

    def _demo_room(self, rooms, discipline, index):
        if discipline.code == "ОГСЭ.04":
            return "Спортзал"
        return rooms[index % (len(rooms) - 1)]

    # Movements and families

    def _create_movements(self, groups, term, today):
        """A transfer between the two first-course groups (the curator puts the newcomer
        in a subgroup), an academic leave, a student who changed subgroup mid-term."""
        effective = term.date_start + timedelta(days=28)
        if effective > today:
            return
        self._create_subgroup_change(groups[1], effective - timedelta(days=7))
        source, target = groups[2], groups[0]
        student = source.student_ids.sorted("name")[-1]
        order = self.env["edu.contingent.order"].create(
            {
                "date": effective - timedelta(days=3),
                "order_type": "transfer",
                "note": "Заявление студента о переводе на другую специальность",
                "line_ids": [
                    Command.create(
                        {
                            "student_id": student.id,
                            "to_group_id": target.id,
                            "effective_date": effective,
                        }
                    )
                ],
            }
        )
        order.action_done()
        # the curator puts the newcomer in a subgroup: from the day he joined the group
        target.subgroup_ids.sorted("name")[-1:].student_ids = [Command.link(student.id)]
        leave = groups[3].student_ids.sorted("name")[0]
        self.env["edu.contingent.order"].create(
            {
                "date": effective,
                "order_type": "academic_leave",
                "note": "Медицинское заключение",
                "line_ids": [
                    Command.create(
                        {"student_id": leave.id, "effective_date": effective + timedelta(days=7)}
                    )
                ],
            }
        ).action_done()

    def _create_subgroup_change(self, group, day):
        """The last student of the first subgroup moves to the second one on ``day``:
        the first subgroup's journals keep his lessons before it."""
        first, second = group.subgroup_ids.sorted("name")[:2]
        period = first.membership_ids.sorted(lambda membership: membership.student_id.name)[-1:]
        period.write({"date_to": day - timedelta(days=1)})
        self.env["edu.subgroup.membership"].create(
            {"subgroup_id": second.id, "student_id": period.student_id.id, "date_from": day}
        )

    def _create_family_accounts(self, groups):
        """Portal accounts of one student and her mother (logins in README).

        Created as data loading (``install_mode``), like the demo's XML accounts,
        so the password rules (password_security) let the demo's passwords equal
        the logins."""
        student = (
            groups[0]
            .student_ids.filtered(lambda student: any(student.guardian_ids.mapped("pd_consent")))
            .sorted("name")[:1]
        )
        portal_user = (
            self.env["res.users"]
            .with_context(no_reset_password=True, install_mode=True)
            .create(
                {
                    "name": student.name,
                    "login": "student",
                    "password": "student",
                    "partner_id": student.partner_id.id,
                    "group_ids": [Command.set([self.env.ref("hexlet_journal.group_student").id])],
                }
            )
        )
        student.sudo().user_id = portal_user
        self._demo_xmlid(student, "demo_student_portal")
        mother = student.guardian_ids.filtered(lambda guardian: guardian.relation == "mother")
        parent_user = (
            self.env["res.users"]
            .with_context(no_reset_password=True, install_mode=True)
            .create(
                {
                    "name": mother.partner_id.name,
                    "login": "parent",
                    "password": "parent",
                    "partner_id": mother.partner_id.id,
                    "group_ids": [Command.set([self.env.ref("hexlet_journal.group_parent").id])],
                }
            )
        )
        mother.portal_access = True
        self._demo_xmlid(parent_user, "demo_user_parent")
        self._demo_xmlid(portal_user, "demo_user_student")

    # The journal up to today

    def _create_lessons(self, assignments, term, today, rng):
        """Lessons of every scheduled pair from the term's start to today, with
        realistic marks and absences, a few late entries and substitutions."""
        Lesson = self.env["edu.lesson"]
        Slot = self.env["edu.schedule.slot"]
        substitutes = [self.env.ref(f"hexlet_journal.user_teacher_{n}") for n in (6, 9, 10)]
        demo_teacher = self.env.ref("hexlet_journal.user_teacher")
        now = datetime.now()
        last = min(today, term.date_end)
        lessons_by_journal = {}
        for item in Slot._lessons_due_between(term.date_start, last, assignments=assignments):
            day = item["date"]
            journal = item["assignment"]
            done = lessons_by_journal.setdefault(journal, [])
            lines = journal.topic_plan_id.line_ids.sorted(lambda line: (line.sequence, line.id))
            if len(done) >= len(lines):
                continue
            line = lines[len(done)]
            late_days = 0
            roll = rng.random()
            if day == today and journal.teacher_id == demo_teacher:
                continue  # the demo teacher enters today's lessons herself
            if day < today and 0.955 < roll <= 0.975:
                continue  # now and then a lesson is not entered: the weekly check finds it
            if day < today and roll < 0.06:
                late_days = min(rng.randint(1, 3), (today - day).days)
            teacher = journal.teacher_id
            if roll > 0.975:
                teacher = next(sub for sub in substitutes if sub != journal.teacher_id)
                self.env["edu.substitution"].create(
                    {"assignment_id": journal.id, "date": day, "substitute_id": teacher.id}
                )
            # entered at 17:00 in Moscow on the lesson day, or days later
            entered = min(datetime.combine(day + timedelta(days=late_days), time(14, 0)), now)
            lesson = (
                Lesson.with_user(teacher)
                .sudo()
                .create(
                    {
                        "assignment_id": journal.id,
                        "date": day,
                        "pair_number": item["pair_number"],
                        "topic_line_id": line.id,
                        "teacher_id": teacher.id,
                        "entered_at": entered,
                        "homework": line.homework or self._demo_homework(line, rng),
                    }
                )
            )
            done.append(lesson)
            values = self._demo_cells(lesson, journal, rng)
            if values:
                # the teacher types them, so the change log names the teacher
                lesson.with_user(teacher).sudo().set_cells(values)
        # the history of a backfilled demo reads as if each lesson was typed when entered
        self.env.flush_all()
        self.env.cr.execute(
            """
            UPDATE edu_lesson_entry_log log
               SET changed_at = lesson.entered_at, after_lesson_day = lesson.is_late
              FROM edu_lesson lesson
             WHERE log.lesson_id = lesson.id AND lesson.assignment_id IN %s
            """,
            (tuple(assignments.ids),),
        )
        self.env["edu.lesson.entry.log"].invalidate_model()
        self._create_excuse(assignments, term, today)

    def _demo_homework(self, line, rng):
        if line.kind in ("exam", "consultation", "test") or rng.random() < 0.4:
            return False
        return rng.choice(
            [
                "Конспект лекции, ответить на контрольные вопросы",
                "Подготовить отчёт по практической работе",
                "Решить задачи из методички, стр. 12–14",
                "Повторить материал, подготовиться к опросу",
                "Выполнить индивидуальное задание в системе",
            ]
        )

    def _demo_cells(self, lesson, journal, rng):
        """What the teacher types in the lesson's column: «н» and marks."""
        students = journal._students_on(lesson.date)
        cells = []
        scale = [cell_value(False, mark) for mark in MARK_SCALES[lesson.mark_scale]]
        weights = {"five": (25, 40, 25, 10), "pass_fail": (85, 15), "none": ()}[lesson.mark_scale]
        mark_share = 0.6 if lesson.kind in ("practical", "lab", "test", "exam") else 0.25
        for student in students.sorted("name"):
            roll = rng.random()
            if roll < 0.08:
                value = "н"
            elif scale and roll < 0.08 + mark_share:
                value = rng.choices(scale, weights=weights)[0]
            else:
                continue
            cells.append({"student_id": student.id, "value": value})
        return cells

    def _create_excuse(self, assignments, term, today):
        """A medical certificate for the first absence of the first group."""
        absent = self.env["edu.lesson.entry"].search(
            [("absent", "=", True), ("lesson_id.assignment_id", "in", assignments.ids)],
            order="date, id",
            limit=1,
        )
        if absent:
            self.env["edu.absence.excuse"].create(
                {
                    "student_id": absent.student_id.id,
                    "kind": "medical",
                    "document_number": "095/у № 117",
                    "date_from": absent.date,
                    "date_to": min(absent.date + timedelta(days=4), today),
                    "note": "Справка из поликлиники",
                }
            )

    def _set_demo_language(self):
        lang = self.env["res.lang"]._lang_get("ru_RU")
        if lang and lang.active:
            users = self.env["res.users"].search(
                [
                    (
                        "login",
                        "in",
                        (
                            "teacher",
                            "curator",
                            "hr",
                            "head",
                            "deputy",
                            "director",
                            "jadmin",
                            "student",
                            "parent",
                        ),
                    )
                ]
            )
            users.write({"lang": "ru_RU"})
        # Odoo's own demo administrator, named in the college's language
        admin = self.env.ref("base.user_admin", raise_if_not_found=False)
        if admin and admin.name == "Mitchell Admin":
            admin.name = "Администратор Odoo"

    def _demo_xmlid(self, record, name):
        """Give a demo record an xml id, so tests and docs can point at it."""
        self.env["ir.model.data"].create(
            {
                "module": "hexlet_journal",
                "name": name,
                "model": record._name,
                "res_id": record.id,
                "noupdate": True,
            }
        )
