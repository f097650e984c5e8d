import { registry } from "@web/core/registry";

/**
 * A teacher types in the journal grid: «н», a 5, the Latin «y» (the key of «н»
 * on a Russian layout), a forbidden letter, moving with the arrows.
 * The Python side checks what was stored.
 */
registry.category("web_tour.tours").add("hexlet_journal_grid_tour", {
    steps: () => [
        {
            content: "Open the journal from its card",
            trigger: "button[name=action_open_grid]",
            run: "click",
        },
        {
            content: "The grid shows the class list",
            trigger: ".o_hj_table td.o_hj_cell:not(.o_hj_readonly)",
        },
        {
            content: "Select the first student's cell",
            trigger: ".o_hj_table tbody tr:nth-child(1) td.o_hj_cell",
            run: "click",
        },
        {
            content: "Type «н»",
            trigger: ".o_hj_table:focus",
            run: "press н",
        },
        {
            content: "Saved, the cursor moved down to the second student",
            trigger: ".o_hj_table tbody tr:nth-child(1) td.o_hj_cell:contains(н)",
        },
        {
            content: "Type 5 for the second student",
            trigger: ".o_hj_table tbody tr:nth-child(2) td.o_hj_selected",
            run: "press 5",
        },
        {
            trigger: ".o_hj_table tbody tr:nth-child(2) td.o_hj_cell:contains(5)",
        },
        {
            content: "The Latin y of a Russian keyboard means «н» for the third student",
            trigger: ".o_hj_table tbody tr:nth-child(3) td.o_hj_selected",
            run: "press y",
        },
        {
            trigger: ".o_hj_table tbody tr:nth-child(3) td.o_hj_cell:contains(н)",
        },
        {
            content: "Move up with the arrow",
            trigger: ".o_hj_table:focus",
            run: "press ArrowUp",
        },
        {
            content: "A forbidden letter changes nothing and says why",
            trigger: ".o_hj_table tbody tr:nth-child(2) td.o_hj_selected",
            run: "press б",
        },
        {
            content: "The message names the allowed values",
            trigger: ".o_hj_message.alert-danger:contains(«б»)",
        },
        {
            content: "The second student's cell still holds the 5",
            trigger: ".o_hj_table tbody tr:nth-child(2) td.o_hj_selected:contains(5)",
        },
    ],
});
