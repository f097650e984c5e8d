import { registry } from "@web/core/registry";

const ENTRIES = ".o_form_view div[name=entry_ids]";
const valueCell = (row) => `${ENTRIES} .o_data_row:nth-child(${row}) td[name=value]`;
const valueInput = (row) => `${valueCell(row)} input:focus`;

/**
 * The teacher's day: «Сегодня» → «Внести занятие» on today's first pair not
 * entered yet → «н» and marks typed from the keyboard only in the class list
 * (the Latin «y» of a Russian layout means «н») → save → back to «Сегодня» →
 * «Журнал»: the grid shows what was typed. The Python side checks the lesson.
 */
registry.category("web_tour.tours").add("hexlet_journal_teacher_day_tour", {
    steps: () => [
        {
            content: "Today's first pair not entered yet: «Внести занятие»",
            trigger: ".o_hj_today_item:has(.badge.text-bg-warning) .o_hj_enter",
            run: "click",
        },
        {
            content: "The new lesson lists the class: click the first student's «н / оценка»",
            trigger: valueCell(1),
            run: "click",
        },
        {
            content: "Type «н»",
            trigger: valueInput(1),
            run: "press н",
        },
        {
            trigger: valueInput(1),
            run: "press Enter",
        },
        {
            content: "Enter moved to the second student: type 5",
            trigger: valueInput(2),
            run: "press 5",
        },
        {
            trigger: valueInput(2),
            run: "press Enter",
        },
        {
            content: "The third student: the Latin y (the key of «н»)",
            trigger: valueInput(3),
            run: "press y",
        },
        {
            trigger: valueInput(3),
            run: "press Enter",
        },
        {
            content: "The fourth student: type 4",
            trigger: valueInput(4),
            run: "press 4",
        },
        {
            trigger: valueInput(4),
            run: "press Enter",
        },
        {
            content: "«y» was read as «н»",
            trigger: `${valueCell(3)}:contains(н)`,
        },
        {
            content: "Save the lesson",
            trigger: ".o_form_button_save",
            run: "click",
        },
        {
            trigger: ".o_form_saved",
        },
        {
            content: "Back to «Сегодня»",
            trigger: ".o_control_panel .breadcrumb-item a",
            run: "click",
        },
        {
            content: "The pair is entered now: open its journal",
            trigger: ".o_hj_today_item:has(.badge.text-bg-success) .o_hj_open_journal",
            run: "click",
        },
        {
            content: "The grid opens on today's lesson and shows the typed values",
            trigger: ".o_hj_table tbody tr:nth-child(1) td.o_hj_selected:contains(н)",
            run() {
                const selected = document.querySelector(".o_hj_table td.o_hj_selected");
                const column = document.querySelectorAll(
                    `.o_hj_table td.o_hj_cell[data-lesson="${selected.dataset.lesson}"]`
                );
                const typed = [...column].slice(0, 4).map((cell) => cell.textContent.trim());
                if (typed.join(" ") !== "н 5 н 4") {
                    throw new Error(`The grid shows ${typed.join(" ")} instead of н 5 н 4`);
                }
            },
        },
    ],
});
