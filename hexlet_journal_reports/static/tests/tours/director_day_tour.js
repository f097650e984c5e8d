import { registry } from "@web/core/registry";

const menu = (xmlid) => `.o_main_navbar [data-menu-xmlid='${xmlid}']`;
const menuItem = (xmlid) => `.o-dropdown--menu [data-menu-xmlid='${xmlid}']`;
const NO_ERROR = "body:not(:has(.o_error_dialog))";

/**
 * The director looks, and changes nothing: Dashboards → Journal Figures (a
 * pivot), Timeliness (a chart), Reports (the documents' wizard, closed
 * without printing). The Python side checks that nothing was written.
 */
registry.category("web_tour.tours").add("hexlet_journal_director_day_tour", {
    steps: () => [
        {
            content: "Dashboards → Journal Figures",
            trigger: menu("hexlet_journal.menu_dashboards"),
            run: "click",
        },
        {
            trigger: menuItem("hexlet_journal_reports.menu_dashboard_figures"),
            run: "click",
        },
        {
            content: "The pivot of the inspections' figures",
            trigger: `${NO_ERROR} .o_pivot_view .o_pivot table .o_pivot_cell_value`,
        },
        {
            content: "Dashboards → Timeliness",
            trigger: menu("hexlet_journal.menu_dashboards"),
            run: "click",
        },
        {
            trigger: menuItem("hexlet_journal_reports.menu_dashboard_timeliness"),
            run: "click",
        },
        {
            content: "Timeliness opens on its pivot: late and missing lessons by group and week",
            trigger: `${NO_ERROR} .o_pivot_view .o_pivot table .o_pivot_cell_value`,
        },
        {
            content: "Switch to the chart",
            trigger: ".o_switch_view.o_graph",
            run: "click",
        },
        {
            content: "The chart of the weekly checks is drawn",
            trigger: `${NO_ERROR} .o_graph_view .o_graph_canvas_container canvas`,
            run: "canvasNotEmpty",
        },
        {
            content: "Dashboards → Reports",
            trigger: menu("hexlet_journal.menu_dashboards"),
            run: "click",
        },
        {
            trigger: menuItem("hexlet_journal_reports.menu_journal_reports"),
            run: "click",
        },
        {
            content: "The documents' wizard offers its reports",
            trigger: ".modal div[name=report] input[type=radio]",
        },
        {
            trigger: ".modal .modal-footer button[name=action_print_pdf]",
        },
        {
            content: "Close it without printing",
            trigger: ".modal .modal-footer button:not([name])",
            run: "click",
        },
        {
            trigger: `${NO_ERROR}:not(:has(.modal)) .o_graph_view`,
        },
    ],
});
