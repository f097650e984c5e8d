import { registry } from "@web/core/registry";

/** The keys typed in one burst, from the fourth student down (rows 4–12). */
const BURST = ["5", "4", "3", "2", "н", "5", "4", "3", "2"];

const row = (index) => `.o_hj_table tbody tr:nth-child(${index})`;

/**
 * A teacher types in the journal grid: «н», a 5, the Latin «y» (the key of «н»
 * on a Russian layout) without waiting for the saves, then nine more keys in
 * one burst, a forbidden letter, moving with the arrows.
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
            content: "Two pairs today: their headers tell them apart",
            trigger: ".o_hj_table thead th.o_hj_lesson:nth-child(3) .o_hj_pair",
        },
        {
            content: "The cursor starts in today's first pair",
            trigger: `${row(1)} td.o_hj_cell:nth-child(2).o_hj_selected`,
        },
        {
            content: "The way back: a breadcrumb",
            trigger: ".o_control_panel .breadcrumb-item, .o_control_panel .o_back_button",
        },
        {
            content: "Select the first student's cell",
            trigger: `${row(1)} td.o_hj_cell:nth-child(2)`,
            run: "click",
        },
        {
            content: "Type «н»",
            trigger: ".o_hj_table:focus",
            run: "press н",
        },
        {
            content: "Shown at once, the cursor moved down: type 5 for the second student",
            trigger: `${row(2)} td.o_hj_selected`,
            run: "press 5",
        },
        {
            content: "The Latin y of a Russian keyboard means «н» for the third student",
            trigger: `${row(3)} td.o_hj_selected`,
            run: "press y",
        },
        {
            content: "Nine keys in one burst, without waiting for any save",
            trigger: `${row(4)} td.o_hj_selected`,
            run() {
                const table = document.querySelector(".o_hj_table");
                for (const key of BURST) {
                    table.dispatchEvent(
                        new KeyboardEvent("keydown", { key, bubbles: true, cancelable: true })
                    );
                }
            },
        },
        {
            content: "All saved, each in its own row",
            trigger: ".o_hj_table:not(:has(.o_hj_pending, .o_hj_error)) tbody tr:nth-child(12) td.o_hj_cell:nth-child(2):contains(2)",
        },
        {
            trigger: `${row(1)} td.o_hj_cell:nth-child(2):contains(н)`,
        },
        {
            trigger: `${row(3)} td.o_hj_cell:nth-child(2):contains(н)`,
        },
        {
            content: "The row's absences are counted without a reload",
            trigger: `${row(8)} td.o_hj_abs:contains(1 / 1)`,
        },
        {
            content: "Move up with the arrow",
            trigger: ".o_hj_table:focus",
            run: "press ArrowUp",
        },
        {
            content: "A forbidden letter changes nothing and says why",
            trigger: `${row(11)} td.o_hj_selected`,
            run: "press б",
        },
        {
            content: "The message names the allowed values",
            trigger: ".o_hj_message.alert-danger:contains(«б»)",
        },
        {
            content: "The eleventh student's cell still holds the 3",
            trigger: `${row(11)} td.o_hj_selected:contains(3)`,
        },
    ],
});
