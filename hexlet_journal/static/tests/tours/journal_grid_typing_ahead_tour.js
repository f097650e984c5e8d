import { registry } from "@web/core/registry";

/**
 * What the teacher types, column by column (four lessons), ten students down
 * each: the value of a cell is VALUES[(column + row) % 5]. After the second
 * column the cursor goes back up to its sixth student, whose cell is typed a
 * second time («2», replacing its «4»): the last value typed wins.
 * test_grid_tour.py computes the same values and checks them in the database.
 */
const VALUES = ["5", "4", "3", "2", "н"];
const COLUMNS = 4;
const ROWS = 10;
const RETYPED = { column: 1, row: 5, value: "2" };

function keys() {
    const typed = [];
    for (let column = 0; column < COLUMNS; column++) {
        for (let row = 0; row < ROWS; row++) {
            typed.push(VALUES[(column + row) % VALUES.length]);
        }
        // the cursor stays on the last row once it is reached
        if (column === RETYPED.column) {
            typed.push(...Array(ROWS - 1 - RETYPED.row).fill("ArrowUp"), RETYPED.value);
        }
        typed.push("ArrowRight", ...Array(ROWS).fill("ArrowUp"));
    }
    return typed;
}

const cell = (row, column) =>
    `tbody tr:nth-child(${row + 1}) td.o_hj_cell:nth-child(${column + 2})`;

/**
 * A teacher types forty cells across four lessons as fast as the browser
 * dispatches the keys: no key waits for any save. Every value shows at once,
 * the saves go in the order typed, and nothing is reloaded.
 */
registry.category("web_tour.tours").add("hexlet_journal_grid_typing_ahead_tour", {
    steps: () => [
        {
            content: "Open the journal from its card",
            trigger: "button[name=action_open_grid]",
            run: "click",
        },
        {
            content: "Four lessons today, ten students: every cell can be typed in",
            trigger: `.o_hj_table:not(:has(td.o_hj_readonly)) ${cell(ROWS - 1, COLUMNS - 1)}`,
        },
        {
            content: "Select the first student's cell of the first lesson",
            trigger: `.o_hj_table ${cell(0, 0)}`,
            run: "click",
        },
        {
            content: "Forty-one values and the arrows between the lessons, in one burst",
            trigger: ".o_hj_table:focus",
            run() {
                const table = document.querySelector(".o_hj_table");
                for (const key of keys()) {
                    table.dispatchEvent(
                        new KeyboardEvent("keydown", { key, bubbles: true, cancelable: true })
                    );
                }
            },
        },
        {
            content: "All saved: the last cell shows its value, nothing pending or refused",
            trigger: `.o_hj_table:not(:has(.o_hj_pending, .o_hj_error)) ${cell(ROWS - 1, COLUMNS - 1)}:contains(${
                VALUES[(COLUMNS - 1 + ROWS - 1) % VALUES.length]
            })`,
        },
        {
            content: "The cell typed twice shows the value typed last",
            trigger: `.o_hj_table ${cell(RETYPED.row, RETYPED.column)}:contains(${RETYPED.value})`,
        },
        {
            content: "The first cell kept its value",
            trigger: `.o_hj_table ${cell(0, 0)}:contains(${VALUES[0]})`,
        },
        {
            content: "The rows' absences are counted from the saves' answers, without a reload",
            trigger: ".o_hj_table tbody tr:nth-child(2) td.o_hj_abs:contains(1 / 1)",
        },
    ],
});
