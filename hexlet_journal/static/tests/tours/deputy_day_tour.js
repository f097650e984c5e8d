import { registry } from "@web/core/registry";

const menu = (xmlid) => `.o_main_navbar [data-menu-xmlid='hexlet_journal.${xmlid}']`;
const menuItem = (xmlid) => `.o-dropdown--menu [data-menu-xmlid='hexlet_journal.${xmlid}']`;

/**
 * The deputy director's day: close the term up to a past date (Settings →
 * Terms) → reopen one journal for a stated reason (Planning → Teaching Load →
 * a journal → «Открыть журнал») → the monthly inspection (Control →
 * Inspections → New: the previous month by default → compute → done), whose
 * справка can be printed. The test gives the lock date as the user types it
 * and the reason; the Python side checks what was recorded.
 */
registry.category("web_tour.tours").add("hexlet_journal_deputy_day_tour", {
    steps: () => {
        const data = JSON.parse(sessionStorage.getItem("hexlet_tour_data") || "{}");
        const steps = [
            {
                content: "Settings → Terms",
                trigger: menu("menu_config"),
                run: "click",
            },
            {
                trigger: menuItem("menu_terms"),
                run: "click",
            },
            {
                content: "Open the current term",
                trigger: `.o_list_view .o_data_row td[name=display_name]:contains(${data.term})`,
                run: "click",
            },
            {
                content: "Close the journals up to a past date",
                trigger: ".o_form_view div[name=lock_date] input",
                run: `edit ${data.lock_date}`,
            },
            {
                trigger: ".o_form_button_save",
                run: "click",
            },
            {
                trigger: ".o_form_saved",
            },
            {
                content: "Planning → Teaching Load",
                trigger: menu("menu_curricula_root"),
                run: "click",
            },
            {
                trigger: menuItem("menu_load"),
                run: "click",
            },
            {
                content: "Open a journal of the current term",
                trigger: ".o_list_view .o_data_row:first-child td[name=discipline_id]",
                run: "click",
            },
            {
                content: "Reopen the closed journal",
                trigger: ".o_form_view .o_statusbar_buttons button[name=action_unlock]",
                run: "click",
            },
            {
                content: "State the reason; the unlock lasts two days by default",
                trigger: ".modal div[name=reason] textarea",
                run: `edit ${data.reason}`,
            },
            {
                trigger: ".modal div[name=valid_until] .o_input:contains(/\\d/)",
            },
            {
                trigger: ".modal .modal-footer .btn-primary",
                run: "click",
            },
            {
                content: "The dialog closed: back on the journal",
                trigger: "body:not(:has(.modal)) .o_form_view button[name=action_unlock]",
            },
            {
                content: "Control → Inspections",
                trigger: menu("menu_control"),
                run: "click",
            },
            {
                trigger: menuItem("menu_inspections"),
                run: "click",
            },
            {
                content: "A new inspection",
                trigger: ".o_control_panel .o_list_button_add",
                run: "click",
            },
            {
                content: "The period is the previous month by default",
                trigger: ".o_form_view div[name=date_from] .o_input:contains(/\\d/)",
            },
            {
                content: "Compute the figures",
                trigger: ".o_statusbar_buttons button[name=action_compute]",
                run: "click",
            },
            {
                content: "One row per journal",
                trigger: ".o_form_view div[name=line_ids] .o_data_row",
            },
            {
                content: "Close the inspection",
                trigger: ".o_statusbar_buttons button[name=action_done]",
                run: "click",
            },
            {
                trigger: ".o_statusbar_status button.o_arrow_button_current[data-value=done]",
            },
        ];
        if (data.printable) {
            steps.push(
                {
                    content: "The справка can be printed",
                    trigger: ".o_control_panel .o_cp_action_menus button:has(.fa-cog)",
                    run: "click",
                },
                {
                    trigger: ".o-dropdown--menu :has(> .fa-print)",
                }
            );
        }
        return steps;
    },
});
