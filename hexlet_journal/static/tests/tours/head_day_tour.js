import { registry } from "@web/core/registry";

const menu = (xmlid) => `.o_main_navbar [data-menu-xmlid='hexlet_journal.${xmlid}']`;
const menuItem = (xmlid) => `.o-dropdown--menu [data-menu-xmlid='hexlet_journal.${xmlid}']`;

/** Put ``content`` as the file ``name`` into the dialog's upload field. */
function upload(name, content) {
    return {
        content: `Upload ${name}`,
        trigger: ".modal div[name=file] input[type=file]:not(:visible)",
        run() {
            const input = document.querySelector(".modal div[name=file] input[type=file]");
            const transfer = new DataTransfer();
            transfer.items.add(new File([content], name, { type: "text/csv" }));
            input.files = transfer.files;
            input.dispatchEvent(new Event("change", { bubbles: true }));
        },
    };
}

/** Choose ``label`` in the dialog's many2one ``field`` after typing ``search``. */
function choose(field, search, label) {
    return [
        {
            trigger: `.modal div[name=${field}] input`,
            run: `edit ${search}`,
        },
        {
            trigger: `.o-autocomplete--dropdown-item:contains(${label})`,
            run: "click",
        },
    ];
}

/**
 * The academic department: the next term's load of a group from its
 * curriculum (teachers prefilled from the group's earlier journals) → a КТП
 * for one new journal, imported from a CSV file → the next term's timetable
 * imported from a CSV file. The test gives the group, the term, the files;
 * the Python side checks the journals, the topics and the slots.
 */
registry.category("web_tour.tours").add("hexlet_journal_head_day_tour", {
    steps: () => {
        const data = JSON.parse(sessionStorage.getItem("hexlet_tour_data") || "{}");
        return [
            {
                content: "Planning → Create Load from Curriculum",
                trigger: menu("menu_curricula_root"),
                run: "click",
            },
            {
                trigger: menuItem("menu_load_generate"),
                run: "click",
            },
            ...choose("group_id", data.group, data.group),
            ...choose("term_id", data.year, data.term),
            {
                content: "The curriculum's disciplines, teachers prefilled",
                trigger: `.modal div[name=line_ids] .o_data_row:nth-child(${data.journals}) td[name=teacher_id]:contains(/\\S/)`,
            },
            {
                content: "Create the journals",
                trigger: ".modal .modal-footer button[name=action_generate]",
                run: "click",
            },
            {
                content: "Open a new journal",
                trigger: `body:not(:has(.modal)) .o_list_view .o_data_row td[name=discipline_id]:contains(${data.discipline})`,
                run: "click",
            },
            {
                content: "It has no КТП yet: create one",
                trigger: ".o_form_view button[name=action_create_topic_plan]",
                run: "click",
            },
            {
                content: "Import the topics from a file",
                trigger: ".o_form_view .o_statusbar_buttons button[name=action_import]",
                run: "click",
            },
            upload("ktp.csv", data.ktp_csv),
            {
                content: "The preview lists the topics",
                trigger: `.modal div[name=line_ids] .o_data_row:nth-child(${data.topics})`,
            },
            {
                trigger: ".modal .modal-footer button[name=action_import]",
                run: "click",
            },
            {
                content: "The КТП holds the imported topics",
                trigger: `body:not(:has(.modal)) .o_form_view div[name=line_ids] .o_data_row:contains(${data.first_topic})`,
            },
            {
                content: "Planning → Import Schedule",
                trigger: menu("menu_curricula_root"),
                run: "click",
            },
            {
                trigger: menuItem("menu_schedule_import"),
                run: "click",
            },
            ...choose("term_id", data.year, data.term),
            upload("timetable.csv", data.schedule_csv),
            {
                content: "The preview lists the pairs",
                trigger: `.modal div[name=line_ids] .o_data_row:nth-child(${data.slots})`,
            },
            {
                trigger: ".modal .modal-footer button[name=action_import]",
                run: "click",
            },
            {
                content: "The imported timetable opens",
                trigger: `body:not(:has(.modal)) .o_view_controller.o_list_view .o_data_row:nth-child(${data.slots}) td[name=assignment_id]`,
            },
        ];
    },
});
