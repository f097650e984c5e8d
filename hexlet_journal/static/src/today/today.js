import { Component, onWillStart, useState } from "@odoo/owl";
import { registry } from "@web/core/registry";
import { useService } from "@web/core/utils/hooks";
import { standardActionServiceProps } from "@web/webclient/actions/action_service";

/** «Сегодня»: the teacher's lessons due today, one click into each. */
export class TeacherToday extends Component {
    static template = "hexlet_journal.TeacherToday";
    static props = { ...standardActionServiceProps };

    setup() {
        this.orm = useService("orm");
        this.action = useService("action");
        this.state = useState({ items: [], loaded: false });
        onWillStart(() => this.load());
    }

    async load() {
        this.state.items = await this.orm.call("edu.lesson", "get_today_lessons", []);
        this.state.loaded = true;
    }

    dayLabel(item) {
        return luxon.DateTime.fromISO(item.date).toFormat("dd.MM");
    }

    async open(item) {
        const action = await this.orm.call("edu.lesson", "action_enter_lesson", [
            item.assignment_id,
            item.date,
            item.pair_number,
        ]);
        await this.action.doAction(action);
    }

    async openJournal(item) {
        const action = await this.orm.call("edu.teaching.assignment", "action_open_grid", [
            [item.assignment_id],
        ]);
        await this.action.doAction(action);
    }
}

registry.category("actions").add("hexlet_journal.today", TeacherToday);
