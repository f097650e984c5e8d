import { Component, onMounted, onWillStart, onWillUnmount, useEffect, useRef, useState } from "@odoo/owl";
import { formatDate } from "@web/core/l10n/dates";
import { _t } from "@web/core/l10n/translation";
import { registry } from "@web/core/registry";
import { useService } from "@web/core/utils/hooks";
import { formatFloat } from "@web/core/utils/numbers";
import { Layout } from "@web/search/layout";
import { standardActionServiceProps } from "@web/webclient/actions/action_service";

const MOVES = {
    ArrowLeft: [0, -1],
    ArrowRight: [0, 1],
    ArrowUp: [-1, 0],
    ArrowDown: [1, 0],
    Enter: [1, 0],
    Tab: [0, 1],
};
const KIND_SHORT = {
    theory: "Т",
    practical: "ПЗ",
    lab: "ЛР",
    seminar: "С",
    test: "КР",
    consultation: "К",
    exam: "Э",
};
const ABSENT = "н";

function cellKey(lessonId, studentId) {
    return `${lessonId}:${studentId}`;
}

/**
 * The keyboard journal of one teaching assignment, a month at a time.
 *
 * What is typed shows in its cell at once (pending) and the cursor moves on;
 * the saves go to the server strictly in the order typed, each for the cell it
 * was typed in (consecutive cells of one lesson share one ``set_cells`` call).
 * A refused save puts the cell back and marks it with the server's message.
 * Each answer carries the saved rows' figures, counted by the server; no reload.
 */
export class JournalGrid extends Component {
    static template = "hexlet_journal.JournalGrid";
    static components = { Layout };
    static props = { ...standardActionServiceProps };

    setup() {
        // not the protected useService("orm"): queued saves must still reach
        // the server when the teacher leaves the grid before they are sent
        this.orm = this.env.services.orm;
        this.action = useService("action");
        this.ui = useService("ui");
        this.table = useRef("table");
        const params = this.props.action.params || {};
        this.assignmentId = params.assignment_id || this.props.action.context?.active_id;
        this.state = useState({
            grid: null,
            row: 0,
            col: 0,
            message: "",
            messageKind: "info",
            month: params.date_from || null,
            loading: false,
            // pending saves and refused saves, by cell key
            pending: {},
            errors: {},
            picker: false,
        });
        /** what the server holds, by cell key: the base of reverts and figures */
        this.saved = {};
        /** saves not sent yet, in the order typed */
        this.queue = [];
        /** the promise of the running drain, while the queue is worked off */
        this.draining = null;
        /** whether a save of the running drain was refused (its message stays shown) */
        this.refusedInRun = false;
        this.display = { controlPanel: {} };
        onWillStart(() => this.load());
        const onBeforeUnload = (ev) => {
            if (this.draining) {
                ev.preventDefault();
                ev.returnValue = "";
            }
        };
        onMounted(() => window.addEventListener("beforeunload", onBeforeUnload));
        onWillUnmount(() => window.removeEventListener("beforeunload", onBeforeUnload));
        useEffect(
            (row, col) => {
                const cell = this.table.el?.querySelector(
                    `tbody tr:nth-child(${row + 1}) td.o_hj_cell:nth-child(${col + 2})`
                );
                cell?.scrollIntoView?.({ block: "nearest", inline: "nearest" });
            },
            () => [this.state.row, this.state.col]
        );
    }

    // Loading

    async load() {
        if (!this.assignmentId) {
            this.say(_t("Open a journal from «My Journals»."), "warning");
            return;
        }
        this.state.loading = true;
        try {
            const grid = await this.orm.call(
                "edu.teaching.assignment",
                "journal_grid",
                [[this.assignmentId]],
                this.state.month ? { date_from: this.state.month } : {}
            );
            this.saved = { ...grid.cells };
            this.state.pending = {};
            this.state.errors = {};
            this.state.grid = grid;
            this.state.month = grid.date_from.slice(0, 8) + "01";
            this.state.row = Math.min(this.state.row, Math.max(grid.students.length - 1, 0));
            this.state.col = this.startColumn(grid);
        } finally {
            this.state.loading = false;
        }
    }

    /** Today's lesson, else the month's last one. */
    startColumn(grid) {
        const today = grid.today || luxon.DateTime.local().toISODate();
        const todayIndex = grid.lessons.findIndex((lesson) => lesson.date === today);
        if (todayIndex >= 0) {
            return todayIndex;
        }
        let last = -1;
        grid.lessons.forEach((lesson, index) => {
            if (lesson.date <= today) {
                last = index;
            }
        });
        return last >= 0 ? last : Math.max(grid.lessons.length - 1, 0);
    }

    // Labels

    get monthLabel() {
        return luxon.DateTime.fromISO(this.state.month).toFormat("LLLL yyyy");
    }

    get helpText() {
        if (this.ui.isSmall) {
            return _t("Tap a cell, then pick the value below.");
        }
        return _t(
            "Type н (or y), 5, 4, 3, 2, + for зач, - for незач; Delete clears; arrows, Tab and Enter move. Double-click a date to open the lesson."
        );
    }

    kindShort(lesson) {
        return lesson.practical_number ? `ПЗ${lesson.practical_number}` : KIND_SHORT[lesson.kind] || "";
    }

    dayLabel(lesson) {
        return luxon.DateTime.fromISO(lesson.date).toFormat("dd.MM");
    }

    dateLabel(date) {
        return formatDate(luxon.DateTime.fromISO(date));
    }

    /** Whether the lesson's date has other lessons in the month (then the pair tells them apart). */
    sharesDate(lesson) {
        return this.state.grid.lessons.some((other) => other.date === lesson.date && other.id !== lesson.id);
    }

    pairLabel(lesson) {
        return _t("pair %(pair)s", { pair: lesson.pair_number });
    }

    lessonTitle(lesson) {
        const parts = [this.dateLabel(lesson.date), this.pairLabel(lesson), lesson.topic];
        if (lesson.practical_number) {
            parts.splice(2, 0, _t("ПЗ №%(number)s", { number: lesson.practical_number }));
        }
        if (lesson.is_late) {
            parts.push(_t("entered %(days)s day(s) late", { days: lesson.delay_days }));
        }
        if (lesson.is_substitution) {
            parts.push(_t("substitution"));
        }
        return parts.join(" · ");
    }

    /** «Алексеев И. П.» for narrow screens. */
    shortName(student) {
        const [surname, ...rest] = student.name.split(/\s+/);
        return [surname, ...rest.map((part) => `${part[0]}.`)].join(" ");
    }

    // Cells

    cellValue(student, lesson) {
        return this.state.grid.cells[cellKey(lesson.id, student.id)] || "";
    }

    /** Whether the student was in the group on the lesson's date, as the server says. */
    isMember(student, lesson) {
        return student.member_lesson_ids.includes(lesson.id);
    }

    isReadonly(student, lesson) {
        return lesson.readonly || !this.isMember(student, lesson);
    }

    /** Why a cell cannot be typed in, in the teacher's words. */
    readonlyReason(student, lesson) {
        const grid = this.state.grid;
        if (lesson.locked_until) {
            return _t(
                "The journal is closed up to %(date)s: the lesson of %(lesson)s is read-only. The deputy director can unlock the journal for a stated reason.",
                { date: this.dateLabel(lesson.locked_until), lesson: this.dateLabel(lesson.date) }
            );
        }
        if (!grid.assignment.editable) {
            return _t(
                "Only the journal's teacher (or today's substitute) types in it: this journal is read-only for you."
            );
        }
        if (!this.isMember(student, lesson)) {
            return _t("%(student)s was not in the group on %(date)s.", {
                student: student.name,
                date: this.dateLabel(lesson.date),
            });
        }
        return "";
    }

    cellTitle(student, lesson) {
        const key = cellKey(lesson.id, student.id);
        if (this.state.errors[key]) {
            return this.state.errors[key];
        }
        if (this.state.pending[key]) {
            return _t("Saving…");
        }
        return this.isReadonly(student, lesson) ? this.readonlyReason(student, lesson) : "";
    }

    cellClass(student, lesson, rowIndex, colIndex) {
        const value = this.cellValue(student, lesson);
        const key = cellKey(lesson.id, student.id);
        return {
            o_hj_cell: true,
            o_hj_selected: rowIndex === this.state.row && colIndex === this.state.col,
            o_hj_readonly: this.isReadonly(student, lesson),
            o_hj_absent: value === ABSENT,
            o_hj_low: value === "2" || value === "незач",
            o_hj_pending: Boolean(this.state.pending[key]),
            o_hj_error: Boolean(this.state.errors[key]),
        };
    }

    // Figures of a row

    stat(student, key) {
        const stat = this.state.grid.stats[String(student.id)];
        const value = stat ? stat[key] : null;
        return value === null || value === undefined ? "" : value;
    }

    averageLabel(student) {
        const average = this.stat(student, "average");
        return average === "" ? "" : formatFloat(average, { digits: [0, 2] });
    }

    // Cursor

    select(rowIndex, colIndex, ev) {
        this.state.row = rowIndex;
        this.state.col = colIndex;
        if (this.ui.isSmall || ev?.pointerType === "touch") {
            this.state.picker = true;
        }
        this.table.el?.focus({ preventScroll: true });
    }

    closePicker() {
        this.state.picker = false;
    }

    move([dRow, dCol]) {
        const grid = this.state.grid;
        this.state.row = Math.max(0, Math.min(grid.students.length - 1, this.state.row + dRow));
        this.state.col = Math.max(0, Math.min(grid.lessons.length - 1, this.state.col + dCol));
    }

    say(message, kind = "info") {
        this.state.message = message;
        this.state.messageKind = kind;
    }

    get selectedStudent() {
        return this.state.grid?.students[this.state.row];
    }

    get selectedLesson() {
        return this.state.grid?.lessons[this.state.col];
    }

    /** The marks the lesson's scale takes (besides «н» and an empty cell), as the server defines them. */
    scaleMarks(lesson) {
        return this.state.grid.scales[lesson.mark_scale] || [];
    }

    /** The values the picker offers for the selected cell: «н», the lesson's marks. */
    get pickerValues() {
        const lesson = this.selectedLesson;
        return lesson ? [ABSENT, ...this.scaleMarks(lesson)] : [];
    }

    // Typing

    onKeydown(ev) {
        const grid = this.state.grid;
        if (!grid || !grid.students.length || !grid.lessons.length || ev.ctrlKey || ev.metaKey || ev.altKey) {
            return;
        }
        if (ev.key in MOVES) {
            ev.preventDefault();
            const [dRow, dCol] = MOVES[ev.key];
            this.move(ev.shiftKey ? [-dRow, -dCol] : [dRow, dCol]);
            return;
        }
        let value;
        if (ev.key === "Delete" || ev.key === "Backspace") {
            value = "";
        } else if (ev.key === "Escape") {
            this.state.picker = false;
            return;
        } else if (ev.key in this.state.grid.keys) {
            // the server's keys: digits, «н» and the keys that stand for a value (y, +, -)
            value = this.state.grid.keys[ev.key];
        } else if (ev.key.length === 1) {
            ev.preventDefault();
            this.say(
                _t("«%(key)s» cannot be typed in the journal: use «н» (or y), 5, 4, 3, 2, + (зач), - (незач), Delete.", {
                    key: ev.key,
                }),
                "danger"
            );
            return;
        } else {
            return;
        }
        ev.preventDefault();
        this.type(value);
    }

    /** Put a value in the selected cell: shown at once, saved in turn; the cursor moves down. */
    type(value) {
        if (this.state.loading) {
            return;
        }
        const student = this.selectedStudent;
        const lesson = this.selectedLesson;
        if (!student || !lesson) {
            return;
        }
        if (this.isReadonly(student, lesson)) {
            this.say(this.readonlyReason(student, lesson), "warning");
            return;
        }
        if (value && value !== ABSENT && !this.scaleMarks(lesson).includes(value)) {
            this.say(
                _t("«%(value)s» does not fit the scale of the lesson of %(date)s: use %(allowed)s.", {
                    value,
                    date: this.dayLabel(lesson),
                    allowed: this.pickerValues.map((allowed) => `«${allowed}»`).join(", "),
                }),
                "danger"
            );
            return;
        }
        this.enqueue(lesson, student, value);
        this.move([1, 0]);
    }

    enqueue(lesson, student, value) {
        const key = cellKey(lesson.id, student.id);
        this.queue.push({ key, lesson, student, value });
        this.state.pending[key] = (this.state.pending[key] || 0) + 1;
        delete this.state.errors[key];
        this.state.grid.cells[key] = value;
        if (!this.draining) {
            this.refusedInRun = false;
            this.draining = this.drain();
        }
    }

    /** Send the queue in order; consecutive saves of one lesson go in one call. */
    async drain() {
        try {
            while (this.queue.length) {
                const first = this.queue[0];
                let size = 1;
                if (!first.alone) {
                    while (
                        size < this.queue.length &&
                        !this.queue[size].alone &&
                        this.queue[size].lesson.id === first.lesson.id
                    ) {
                        size++;
                    }
                }
                await this.send(this.queue.splice(0, size));
            }
        } finally {
            this.draining = null;
        }
    }

    /** Resolved once every typed value has its answer from the server. */
    async waitForSaves() {
        while (this.draining) {
            await this.draining;
        }
    }

    async send(batch) {
        const lesson = batch[0].lesson;
        let answer;
        try {
            answer = await this.orm.call(
                "edu.lesson",
                "set_cells",
                [[lesson.id], batch.map((item) => ({ student_id: item.student.id, value: item.value }))],
                { period: [this.state.grid.date_from, this.state.grid.date_to] }
            );
        } catch (error) {
            if (batch.length > 1) {
                // one refused cell refuses its whole call: find it, cell by cell
                this.queue.unshift(...batch.map((item) => ({ ...item, alone: true })));
                return;
            }
            const message = error.data?.message || error.message || String(error);
            this.settle(batch[0], null, message);
            // stays up while the rest of the queue is saved
            this.refusedInRun = true;
            this.say(message, "danger");
            return;
        }
        for (const item of batch) {
            const value = answer.cells[String(item.student.id)] ?? item.value;
            this.settle(item, value, null);
        }
        // the row's figures as the server counts them (edu.lesson.entry._tally)
        for (const student of new Set(batch.map((item) => item.student))) {
            this.state.grid.stats[String(student.id)] = answer.stats[String(student.id)] || {
                absences: 0,
                unexcused: 0,
                average: null,
            };
        }
        if (!this.queue.length && !this.refusedInRun) {
            const last = batch[batch.length - 1];
            const today = this.state.grid.today || luxon.DateTime.local().toISODate();
            const values = {
                student: last.student.name,
                date: this.dayLabel(last.lesson),
                value: this.saved[last.key] || _t("present"),
            };
            if (last.lesson.date < today) {
                // after the lesson's day: a late change, which the curator's weekly check shows
                this.say(
                    _t(
                        "Saved as a late change (after the lesson's day, the curator sees it): %(student)s, %(date)s — «%(value)s»",
                        values
                    ),
                    "warning"
                );
            } else {
                this.say(_t("Saved: %(student)s, %(date)s — «%(value)s»", values), "success");
            }
        }
    }

    /** A save has its answer: the saved value, or the error (then the cell goes back). */
    settle(item, value, error) {
        const key = item.key;
        if (error === null) {
            if (value) {
                this.saved[key] = value;
            } else {
                delete this.saved[key];
            }
            delete this.state.errors[key];
        } else {
            this.state.errors[key] = error;
        }
        const left = (this.state.pending[key] || 1) - 1;
        if (left > 0) {
            // a later value of the same cell is still on its way: it stays shown
            this.state.pending[key] = left;
            return;
        }
        delete this.state.pending[key];
        this.state.grid.cells[key] = this.saved[key] || "";
    }

    // Navigation

    async shiftMonth(delta) {
        const date = luxon.DateTime.fromISO(this.state.month).plus({ months: delta }).startOf("month");
        const term = this.state.grid.term;
        if (date.endOf("month").toISODate() < term.date_start || date.toISODate() > term.date_end) {
            return;
        }
        this.state.loading = true;
        await this.waitForSaves();
        this.say("");
        this.state.month = date.toISODate();
        await this.load();
    }

    async openLesson(lesson) {
        await this.waitForSaves();
        this.action.doAction({
            type: "ir.actions.act_window",
            res_model: "edu.lesson",
            res_id: lesson.id,
            views: [[false, "form"]],
        });
    }
}

registry.category("actions").add("hexlet_journal.journal_grid", JournalGrid);
