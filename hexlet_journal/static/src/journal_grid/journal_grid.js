import { Component, onWillStart, useRef, useState } from "@odoo/owl";
import { _t } from "@web/core/l10n/translation";
import { registry } from "@web/core/registry";
import { useService } from "@web/core/utils/hooks";
import { standardActionServiceProps } from "@web/webclient/actions/action_service";

/** Keys a teacher types, to the value stored in the cell. */
const KEY_VALUES = {
    н: "н",
    Н: "н",
    // the Latin key under «н» on a Russian keyboard layout
    y: "н",
    Y: "н",
    5: "5",
    4: "4",
    3: "3",
    2: "2",
    "+": "зач",
    "-": "незач",
};
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

export class JournalGrid extends Component {
    static template = "hexlet_journal.JournalGrid";
    static props = { ...standardActionServiceProps };

    setup() {
        this.orm = useService("orm");
        this.action = useService("action");
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
        });
        onWillStart(() => this.load());
    }

    async load() {
        if (!this.assignmentId) {
            this.say(_t("Open a journal from «My Journals»."), "warning");
            return;
        }
        const grid = await this.orm.call(
            "edu.teaching.assignment",
            "journal_grid",
            [[this.assignmentId]],
            this.state.month ? { date_from: this.state.month } : {}
        );
        this.state.grid = grid;
        this.state.month = grid.date_from.slice(0, 8) + "01";
        this.state.row = Math.min(this.state.row, Math.max(grid.students.length - 1, 0));
        this.state.col = Math.min(this.state.col, Math.max(grid.lessons.length - 1, 0));
    }

    get monthLabel() {
        return luxon.DateTime.fromISO(this.state.month).toFormat("LLLL yyyy");
    }

    kindShort(lesson) {
        return KIND_SHORT[lesson.kind] || "";
    }

    dayLabel(lesson) {
        return luxon.DateTime.fromISO(lesson.date).toFormat("dd.MM");
    }

    lessonTitle(lesson) {
        const parts = [lesson.date, lesson.topic];
        if (lesson.practical_number) {
            parts.splice(1, 0, _t("ПЗ №%(number)s", { number: lesson.practical_number }));
        }
        if (lesson.is_late) {
            parts.push(_t("entered %(days)s day(s) late", { days: lesson.delay_days }));
        }
        if (lesson.is_substitution) {
            parts.push(_t("substitution"));
        }
        return parts.join(" · ");
    }

    cellValue(student, lesson) {
        return this.state.grid.cells[`${lesson.id}:${student.id}`] || "";
    }

    isMember(student, lesson) {
        return student.periods.some(
            ([start, end]) => start <= lesson.date && (!end || lesson.date <= end)
        );
    }

    isReadonly(student, lesson) {
        return lesson.readonly || !this.isMember(student, lesson);
    }

    stat(student, key) {
        const stat = this.state.grid.stats[String(student.id)];
        const value = stat ? stat[key] : null;
        return value === null || value === undefined ? "" : value;
    }

    cellClass(student, lesson, rowIndex, colIndex) {
        const value = this.cellValue(student, lesson);
        return {
            o_hj_cell: true,
            o_hj_selected: rowIndex === this.state.row && colIndex === this.state.col,
            o_hj_readonly: this.isReadonly(student, lesson),
            o_hj_absent: value === "н",
            o_hj_low: value === "2" || value === "незач",
        };
    }

    select(rowIndex, colIndex) {
        this.state.row = rowIndex;
        this.state.col = colIndex;
        this.table.el?.focus();
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

    async onKeydown(ev) {
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
        } else if (ev.key in KEY_VALUES) {
            value = KEY_VALUES[ev.key];
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
        await this.saveCell(value);
    }

    async saveCell(value) {
        const grid = this.state.grid;
        const student = grid.students[this.state.row];
        const lesson = grid.lessons[this.state.col];
        if (this.isReadonly(student, lesson)) {
            this.say(_t("This cell is read-only."), "warning");
            return;
        }
        try {
            await this.orm.call("edu.lesson", "set_cells", [[lesson.id], [{ student_id: student.id, value }]]);
        } catch (error) {
            this.say(error.data?.message || error.message || String(error), "danger");
            return;
        }
        this.say(_t("Saved: %(student)s, %(date)s — «%(value)s»", {
            student: student.name,
            date: this.dayLabel(lesson),
            value: value || _t("present"),
        }), "success");
        await this.load();
        this.move([1, 0]);
    }

    async shiftMonth(delta) {
        const date = luxon.DateTime.fromISO(this.state.month).plus({ months: delta }).startOf("month");
        const term = this.state.grid.term;
        if (date.endOf("month").toISODate() < term.date_start || date.toISODate() > term.date_end) {
            return;
        }
        this.state.month = date.toISODate();
        this.state.col = 0;
        await this.load();
    }

    openLesson(lesson) {
        this.action.doAction({
            type: "ir.actions.act_window",
            res_model: "edu.lesson",
            res_id: lesson.id,
            views: [[false, "form"]],
        });
    }
}

registry.category("actions").add("hexlet_journal.journal_grid", JournalGrid);
