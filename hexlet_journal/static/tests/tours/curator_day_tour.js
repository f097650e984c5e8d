import { registry } from "@web/core/registry";

const STUDENT_LINE = "div[name=student_line_ids] .o_data_row:first-child";

/**
 * The curator's week: Control → Weekly Checks → the latest check of his group
 * (still to check) → «parents informed» on a student (the date fills itself)
 * → memo to the deputy director → send it → back to the check → confirm it.
 * The Python side checks the memo, the check and the date.
 */
registry.category("web_tour.tours").add("hexlet_journal_curator_day_tour", {
    steps: () => [
        {
            content: "Control",
            trigger: ".o_main_navbar [data-menu-xmlid='hexlet_journal.menu_control']",
            run: "click",
        },
        {
            content: "Weekly Checks",
            trigger: ".o-dropdown--menu [data-menu-xmlid='hexlet_journal.menu_weekly_checks']",
            run: "click",
        },
        {
            content: "The latest week comes first: open it",
            trigger: ".o_list_view .o_data_row:first-child td[name=week_start]",
            run: "click",
        },
        {
            content: "It is still to check",
            trigger: ".o_form_view .o_statusbar_buttons button[name=action_confirm]",
        },
        {
            content: "The students to report to their families",
            trigger: ".o_notebook .nav-link[name=students]",
            run: "click",
        },
        {
            content: "The parents of the first one are informed",
            trigger: `${STUDENT_LINE} td[name=parents_informed] input[type=checkbox]:not(:checked)`,
            run: "click",
        },
        {
            content: "The date of informing fills itself",
            trigger: [
                `${STUDENT_LINE} td[name=informed_on]:contains(/\\d/)`,
                `${STUDENT_LINE} td[name=informed_on] input:value(/\\d/)`,
            ].join(", "),
        },
        {
            content: "Violations were found: a memo to the deputy director",
            trigger: ".o_statusbar_buttons button[name=action_create_memo]",
            run: "click",
        },
        {
            content: "The memo is a draft: send it",
            trigger: ".o_form_view .o_statusbar_buttons button[name=action_send]",
            run: "click",
        },
        {
            content: "Sent",
            trigger: ".o_form_view .o_statusbar_status button.o_arrow_button_current[data-value=sent]",
        },
        {
            content: "Back to the check",
            trigger: ".o_control_panel .breadcrumb .breadcrumb-item:last-child a",
            run: "click",
        },
        {
            content: "The memo is listed on the check; the memo button is gone",
            trigger: ".o_form_view:not(:has(button[name=action_create_memo])) .o_notebook .nav-link[name=memos]",
        },
        {
            content: "Confirm the check",
            trigger: ".o_statusbar_buttons button[name=action_confirm]",
            run: "click",
        },
        {
            trigger: ".o_statusbar_status button.o_arrow_button_current[data-value=confirmed]",
        },
    ],
});
