import { Component, onWillStart, useState } from "@odoo/owl";
import { registry } from "@web/core/registry";
import { useService } from "@web/core/utils/hooks";
import { standardActionServiceProps } from "@web/webclient/actions/action_service";

/** The timetable as a week grid (days × pairs) of a group or of a teacher. */
export class Timetable extends Component {
    static template = "hexlet_journal.Timetable";
    static props = { ...standardActionServiceProps };

    setup() {
        this.orm = useService("orm");
        this.state = useState({ grid: null, weekDate: null, groupId: false, teacherId: false });
        onWillStart(() => this.load());
    }

    async load() {
        this.state.grid = await this.orm.call("edu.schedule.slot", "get_week_grid", [], {
            week_date: this.state.weekDate,
            group_id: this.state.groupId,
            teacher_id: this.state.teacherId,
        });
        this.state.weekDate = this.state.grid.monday;
    }

    cell(day, pair) {
        return this.state.grid.cells[`${day.date}:${pair}`] || [];
    }

    async shiftWeek(weeks) {
        this.state.weekDate = luxon.DateTime.fromISO(this.state.weekDate)
            .plus({ weeks })
            .toISODate();
        await this.load();
    }

    async onGroup(ev) {
        this.state.groupId = parseInt(ev.target.value) || false;
        this.state.teacherId = false;
        await this.load();
    }

    async onTeacher(ev) {
        this.state.teacherId = parseInt(ev.target.value) || false;
        this.state.groupId = false;
        await this.load();
    }
}

registry.category("actions").add("hexlet_journal.timetable", Timetable);
