from odoo import api, fields, models

from .edu_inspection_line import EduInspectionLine

ISSUE_KINDS = [
    ("topic_not_given", "Planned topic not given"),
    ("out_of_order", "Topic given out of order"),
    ("hours_short", "Hours short of the curriculum"),
    ("no_marks", "Student without marks"),
    ("many_absences", "Student with many unexcused absences"),
]


class EduInspectionIssue(models.Model):
    """One flagged item of an inspected journal (§3.5, §7.3): a КТП topic not
    given by its planned week or given out of order, hours short of the
    curriculum, a student without marks or with many unexcused absences."""

    _name = "edu.inspection.issue"
    _description = "Inspection Finding Item"
    _inherit = ["edu.record.mixin"]
    _year_path = "line_id.assignment_id.term_id.year_id"
    _create_only = ("inspection_id", "line_id")
    _order = "inspection_id, line_id, kind, sequence, id"

    inspection_id = fields.Many2one("edu.inspection", required=True, index=True, ondelete="cascade")
    line_id = fields.Many2one(
        "edu.inspection.line",
        string="Inspected Journal",
        required=True,
        index=True,
        ondelete="cascade",
    )
    assignment_id = fields.Many2one(related="line_id.assignment_id")
    group_id = fields.Many2one(related="line_id.group_id", store=True)
    discipline_id = fields.Many2one(related="line_id.discipline_id", store=True)
    teacher_id = fields.Many2one(related="line_id.teacher_id", store=True, index=True)
    kind = fields.Selection(ISSUE_KINDS, required=True)
    sequence = fields.Integer()
    topic_line_id = fields.Many2one("edu.topic.plan.line", string="Topic")
    lesson_id = fields.Many2one("edu.lesson")
    student_id = fields.Many2one("edu.student")
    value = fields.Float(help="Hours short, or unexcused absences, by kind.")
    note = fields.Char()

    # one owner: the inspection's computed figures, lines and items alike
    _check_computed = EduInspectionLine._check_computed

    # the columns an inspection's computation fills, with their SQL types
    _COMPUTED_COLUMNS = (
        ("inspection_id", "int4"),
        ("line_id", "int4"),
        ("kind", "varchar"),
        ("sequence", "int4"),
        ("topic_line_id", "int4"),
        ("lesson_id", "int4"),
        ("student_id", "int4"),
        ("value", "float8"),
        ("note", "varchar"),
    )

    @api.model
    def _create_computed(self, vals_list):
        """Insert the flagged items of one computation in one statement: at the
        scope of a whole college they are thousands of students, which the ORM's
        create would write a hundred at a time (and update their stored related
        columns after each hundred). The journal's group, discipline and teacher
        come from its inspected line, as the related fields say."""
        self.browse()._check_computed()
        if not vals_list:
            return
        # the inspected lines' group, discipline and teacher are in the database
        self.env["edu.inspection.line"].flush_model()
        names = [name for name, _type in self._COMPUTED_COLUMNS]
        rows = [
            tuple(
                (vals.get(name) or None) if name not in ("value", "sequence") else vals.get(name)
                for name in names
            )
            for vals in vals_list
        ]
        template = "(" + ", ".join(f"%s::{kind}" for _name, kind in self._COMPUTED_COLUMNS) + ")"
        uid = int(self.env.uid)
        self.env.cr.execute_values(
            f"""
            INSERT INTO edu_inspection_issue (
                {", ".join(names)}, group_id, discipline_id, teacher_id,
                create_uid, write_uid, create_date, write_date
            )
            SELECT {", ".join(f"v.{name}" for name in names)},
                   l.group_id, l.discipline_id, l.teacher_id,
                   {uid}, {uid}, now() at time zone 'UTC', now() at time zone 'UTC'
              FROM (VALUES %s) AS v({", ".join(names)})
              JOIN edu_inspection_line l ON l.id = v.line_id
            """,
            rows,
            template=template,
            page_size=len(rows),
        )
        self.invalidate_model()
        self.env["edu.inspection"].invalidate_model(["issue_ids"])
        self.env["edu.inspection.line"].invalidate_model(["issue_ids"])

    @api.model_create_multi
    def create(self, vals_list):
        issues = super().create(vals_list)
        issues._check_computed()
        return issues

    def write(self, vals):
        self._check_computed()
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_done(self):
        self._check_computed()
