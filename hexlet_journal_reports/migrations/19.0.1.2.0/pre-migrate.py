"""The dashboards (their menus, actions and pivot/graph views) moved from
hexlet_journal to hexlet_journal_reports in 19.0.1.2.0: their xml ids change
module here, before this addon's data loads, so the records (and the menus'
and actions' ids, paths and the users' favourites pointing at them) are
updated in place instead of being deleted with hexlet_journal's obsolete data
and created again."""

MOVED = (
    "edu_inspection_line_view_pivot",
    "edu_inspection_line_view_graph",
    "edu_inspection_line_action",
    "edu_lesson_view_pivot",
    "edu_weekly_check_view_graph_timeliness",
    "edu_weekly_check_view_pivot_timeliness",
    "edu_lesson_action_dashboard",
    "menu_dashboard_figures",
    "menu_dashboard_timeliness",
)


def migrate(cr, version):
    if not version:
        return
    cr.execute(
        """
        UPDATE ir_model_data
           SET module = 'hexlet_journal_reports'
         WHERE module = 'hexlet_journal' AND name IN %s
           AND NOT EXISTS (
               SELECT 1 FROM ir_model_data other
                WHERE other.module = 'hexlet_journal_reports' AND other.name = ir_model_data.name)
        """,
        [MOVED],
    )
