import { describe, expect, test } from "@odoo/hoot";
import { press, queryAllTexts, queryOne } from "@odoo/hoot-dom";
import { animationFrame, delay, mockTouch } from "@odoo/hoot-mock";
import {
    contains,
    getService,
    makeServerError,
    mountWithCleanup,
    onRpc,
    patchWithCleanup,
} from "@web/../tests/web_test_helpers";
import { defineMailModels } from "@mail/../tests/mail_test_helpers";
import { localization } from "@web/core/l10n/localization";
import { WebClient } from "@web/webclient/webclient";

import "@hexlet_journal/journal_grid/journal_grid";

describe.current.tags("desktop");
defineMailModels();

const STUDENTS = [
    "Алексеев Иван Петрович",
    "Борисова Анна",
    "Васильев Пётр",
    "Григорьев Олег",
    "Дмитриева Ольга",
    "Егоров Павел",
    "Жукова Мария",
    "Зайцев Кирилл",
    "Ильина Вера",
    "Козлов Артём",
    "Лебедева Нина",
    "Морозов Глеб",
].map((name, index) => ({
    id: 101 + index,
    name,
    record_book_number: `T-${index}`,
    member_lesson_ids: [1, 2, 3],
    excused: index === 1 ? [["2026-12-15", "2026-12-15"]] : [],
}));

function lesson(id, date, pair, extra = {}) {
    return {
        id,
        date,
        pair_number: pair,
        topic: `Тема ${id}`,
        kind: "theory",
        practical_number: 0,
        mark_scale: "five",
        is_late: false,
        delay_days: 0,
        is_substitution: false,
        homework: "",
        readonly: false,
        locked_until: false,
        ...extra,
    };
}

/** A month of one journal: an older lesson, then two pairs today (the grid starts on today's first). */
function makeGrid() {
    return {
        assignment: { id: 7, name: "ИСП-26 · ОП.04", editable: true },
        today: "2026-12-15",
        date_from: "2026-12-01",
        date_to: "2026-12-31",
        term: { date_start: "2026-09-01", date_end: "2026-12-31" },
        students: STUDENTS,
        lessons: [
            lesson(1, "2026-12-03", 1, { readonly: true, locked_until: "2026-12-05" }),
            lesson(2, "2026-12-15", 1),
            lesson(3, "2026-12-15", 2),
        ],
        cells: { "1:101": "4", "1:102": "н", "2:103": "3" },
        stats: {
            101: { absences: 0, unexcused: 0, average: 4 },
            102: { absences: 1, unexcused: 1, average: null },
        },
        scales: { five: ["5", "4", "3", "2"], pass_fail: ["зач", "незач"], none: [] },
        keys: { н: "н", 5: "5", 4: "4", 3: "3", 2: "2", y: "н", Y: "н", Н: "н", "+": "зач", "-": "незач" },
    };
}

/** A row's figures as the server answers them (its own counting is tested in Python). */
function rowFigures(server, studentId) {
    const grid = makeGrid();
    const cells = { ...grid.cells, ...server.stored };
    const student = grid.students.find((one) => one.id === studentId);
    const marks = [];
    let absences = 0;
    let unexcused = 0;
    for (const lesson of grid.lessons) {
        const value = cells[`${lesson.id}:${studentId}`];
        if (value === "н") {
            absences++;
            unexcused += student.excused.some(([start, end]) => start <= lesson.date && lesson.date <= end) ? 0 : 1;
        } else if (["5", "4", "3", "2"].includes(value)) {
            marks.push(Number(value));
        }
    }
    const average = marks.length ? marks.reduce((sum, mark) => sum + mark, 0) / marks.length : null;
    return { absences, unexcused, average };
}

/** The server: journal_grid once, set_cells answering after 300 ms. */
function mockServer({ refuse = () => false } = {}) {
    const server = { gridCalls: 0, saves: [], stored: {}, inFlight: 0, maxInFlight: 0 };
    onRpc("edu.teaching.assignment", "journal_grid", () => {
        server.gridCalls++;
        return makeGrid();
    });
    onRpc("edu.lesson", "set_cells", async ({ args, kwargs }) => {
        const [[lessonId], cells] = args;
        expect(kwargs.period).toEqual(["2026-12-01", "2026-12-31"]);
        server.saves.push({ lessonId, cells: cells.map((cell) => [cell.student_id, cell.value]) });
        server.maxInFlight = Math.max(server.maxInFlight, ++server.inFlight);
        await delay(300);
        server.inFlight--;
        const refused = cells.find((cell) => refuse(lessonId, cell));
        if (refused) {
            throw makeServerError({ message: `Refused for ${refused.student_id}` });
        }
        for (const cell of cells) {
            server.stored[`${lessonId}:${cell.student_id}`] = cell.value;
        }
        return {
            cells: Object.fromEntries(cells.map((cell) => [cell.student_id, cell.value])),
            stats: Object.fromEntries(cells.map((cell) => [cell.student_id, rowFigures(server, cell.student_id)])),
        };
    });
    return server;
}

async function openGrid() {
    await mountWithCleanup(WebClient);
    await getService("action").doAction({
        type: "ir.actions.client",
        tag: "hexlet_journal.journal_grid",
        name: "ИСП-26 · ОП.04",
        params: { assignment_id: 7 },
    });
    await animationFrame();
}

const cell = (row, lessonId) => `.o_hj_table tbody tr:nth-child(${row}) td.o_hj_cell[data-lesson="${lessonId}"]`;

async function typeFast(keys) {
    for (const key of keys) {
        await press(key);
        await delay(50);
    }
}

async function waitForSaves() {
    for (let i = 0; i < 60 && document.querySelector(".o_hj_pending"); i++) {
        await delay(100);
    }
    await animationFrame();
}

test("10 keys typed 50 ms apart against a 300 ms server land in their cells, in order", async () => {
    const server = mockServer();
    await openGrid();
    // the Russian separator (set after the web client read the user's language)
    patchWithCleanup(localization, { decimalPoint: "," });
    // the cursor starts on today's first lesson, not on the first column
    expect(cell(1, 2)).toHaveClass("o_hj_selected");
    expect(".o_hj_table thead th.o_hj_lesson .o_hj_pair").toHaveCount(2);
    await contains(cell(1, 2)).click();

    const keys = ["5", "4", "3", "y", "5", "2", "н", "4", "5", "3"];
    const values = ["5", "4", "3", "н", "5", "2", "н", "4", "5", "3"];
    await typeFast(keys);
    await animationFrame();
    // every value shows at once, in its own row; the cursor went down with the keys
    expect(queryAllTexts(`.o_hj_table tbody td.o_hj_cell[data-lesson="2"]`).slice(0, 10)).toEqual(values);
    expect(cell(11, 2)).toHaveClass("o_hj_selected");
    expect(".o_hj_pending").not.toHaveCount(0);

    await waitForSaves();
    expect(".o_hj_pending").toHaveCount(0);
    expect(".o_hj_error").toHaveCount(0);
    expect(queryAllTexts(`.o_hj_table tbody td.o_hj_cell[data-lesson="2"]`).slice(0, 10)).toEqual(values);
    // the calls went one after the other, for the right students, in the typed order
    const sent = server.saves.flatMap((save) => save.cells);
    expect(sent).toEqual(values.map((value, index) => [101 + index, value]));
    expect(server.saves.every((save) => save.lessonId === 2)).toBe(true);
    expect(server.maxInFlight).toBe(1, { message: "one save at a time, in turn" });
    expect(server.saves.length).toBeLessThan(10, { message: "consecutive cells share a call" });
    for (const [index, value] of values.entries()) {
        expect(server.stored[`2:${101 + index}`]).toBe(value);
    }
    // no reload of the grid; the row figures follow the saves
    expect(server.gridCalls).toBe(1);
    expect(".o_hj_table tbody tr:nth-child(1) .o_hj_avg").toHaveText("4,50");
    // Борисова's «н» today is excused: 2 absences, 1 unexcused
    expect(".o_hj_table tbody tr:nth-child(2) .o_hj_abs").toHaveText("1 / 1");
    expect(".o_hj_table tbody tr:nth-child(4) .o_hj_abs").toHaveText("1 / 1");
    expect(".o_hj_message").toHaveText(/Морозов|Козлов|Лебедева|Ильина/);
});

test("a refused save puts its cell back and says why; the others are kept", async () => {
    const server = mockServer({ refuse: (lessonId, cell) => cell.student_id === 103 });
    await openGrid();
    await contains(cell(1, 2)).click();
    await typeFast(["5", "4", "2", "5"]);
    expect(queryAllTexts(`.o_hj_table tbody td.o_hj_cell[data-lesson="2"]`).slice(0, 4)).toEqual([
        "5",
        "4",
        "2",
        "5",
    ]);
    await waitForSaves();
    // Васильев had a 3: it is back, outlined, with the server's message
    expect(cell(3, 2)).toHaveText("3");
    expect(cell(3, 2)).toHaveClass("o_hj_error");
    expect(cell(3, 2)).toHaveAttribute("title", "Refused for 103");
    expect(".o_hj_message.alert-danger").toHaveText("Refused for 103");
    expect([cell(1, 2), cell(2, 2), cell(4, 2)].map((selector) => queryOne(selector).textContent)).toEqual([
        "5",
        "4",
        "5",
    ]);
    expect(server.stored).toEqual({ "2:101": "5", "2:102": "4", "2:104": "5" });
    // typing over it again clears the mark once saved
    await contains(cell(3, 2)).click();
    await press("4");
    await waitForSaves();
    expect(cell(3, 2)).not.toHaveClass("o_hj_error");
});

test("a locked cell says until when it is locked; an off-scale value is refused before any call", async () => {
    const server = mockServer();
    await openGrid();
    await contains(cell(1, 1)).click();
    expect(cell(1, 1)).toHaveAttribute("title", /05\.12\.2026|12\/05\/2026/);
    await press("5");
    await animationFrame();
    expect(".o_hj_message.alert-warning").toHaveText(/05\.12\.2026|12\/05\/2026/);
    expect(server.saves).toEqual([]);
    await contains(cell(1, 3)).click();
    await press("+");
    await animationFrame();
    expect(".o_hj_message.alert-danger").toHaveText(/«зач»/);
    expect(server.saves).toEqual([]);
    expect(cell(1, 3)).toHaveText("");
});

test("the phone picker types the lesson's values", async () => {
    const server = mockServer();
    await openGrid();
    mockTouch(true);
    await contains(cell(1, 2)).click();
    expect(".o_hj_picker").toHaveCount(1);
    expect(queryAllTexts(".o_hj_picker .o_hj_pick")).toEqual(["н", "5", "4", "3", "2", "✕"]);
    await contains(".o_hj_picker .o_hj_pick[data-value='н']").click();
    await contains(".o_hj_picker .o_hj_pick[data-value='5']").click();
    expect(cell(3, 2)).toHaveClass("o_hj_selected");
    await waitForSaves();
    expect(server.stored).toEqual({ "2:101": "н", "2:102": "5" });
});
