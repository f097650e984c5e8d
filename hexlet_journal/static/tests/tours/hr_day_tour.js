import { registry } from "@web/core/registry";

const menu = (xmlid) => `.o_main_navbar [data-menu-xmlid='hexlet_journal.${xmlid}']`;
const menuItem = (xmlid) => `.o-dropdown--menu [data-menu-xmlid='hexlet_journal.${xmlid}']`;
const LINE = ".o_form_view div[name=line_ids] .o_data_row";

/** A transfer order of one student to ``group``, confirmed; dated ``date`` if given. */
function transferOrder(data, group, date) {
    const steps = [
        {
            content: "A new order",
            trigger: ".o_control_panel .o_list_button_add",
            run: "click",
        },
        {
            content: "Of the type «transfer»",
            trigger: ".o_form_view div[name=order_type] .o_select_menu_toggler",
            run: "click",
        },
        {
            trigger: `.o_select_menu_item:contains(${data.transfer})`,
            run: "click",
        },
    ];
    if (date) {
        steps.push(
            {
                content: "Dated yesterday: the line takes effect on the order's date",
                trigger: ".o_form_view div[name=date] .o_input",
                run: "click",
            },
            {
                trigger: ".o_form_view div[name=date] input",
                run: `edit ${date}`,
            },
            {
                trigger: ".o_form_view div[name=date] input",
                run: "press Enter",
            },
            {
                trigger: `.o_form_view div[name=date] button.o_input[data-tooltip='${date}']`,
            }
        );
    }
    steps.push(
        {
            content: "Name the student",
            trigger: ".o_form_view div[name=line_ids] .o_field_x2many_list_row_add a",
            run: "click",
        },
        {
            trigger: `${LINE} td[name=student_id] input`,
            run: `edit ${data.student}`,
        },
        {
            trigger: `.o-autocomplete--dropdown-item:contains(${data.student})`,
            run: "click",
        },
        {
            content: "The group the student goes to",
            trigger: `${LINE} td[name=to_group_id] input`,
            run: `edit ${group}`,
        },
        {
            trigger: `.o-autocomplete--dropdown-item:contains(${group})`,
            run: "click",
        },
        {
            content: "Confirm the order",
            trigger: ".o_form_view .o_statusbar_buttons button[name=action_done]",
            run: "click",
        },
        {
            content: "A confirmed order cannot be changed: yes",
            trigger: ".modal .modal-footer .btn-primary",
            run: "click",
        },
        {
            trigger: ".o_statusbar_status button.o_arrow_button_current[data-value=done]",
        }
    );
    return steps;
}

/**
 * The student records office: a student's card (Students and Groups →
 * Students → the first row), then two transfer orders of one student, to
 * another group yesterday and back today (Students and Groups → Orders → New
 * → transfer → confirm). The test gives the student, the groups and the date
 * as the user types them; the Python side checks the group history.
 */
registry.category("web_tour.tours").add("hexlet_journal_hr_day_tour", {
    steps: () => {
        const data = JSON.parse(sessionStorage.getItem("hexlet_tour_data") || "{}");
        return [
            {
                content: "Students and Groups → Students",
                trigger: menu("menu_groups_root"),
                run: "click",
            },
            {
                trigger: menuItem("menu_students"),
                run: "click",
            },
            {
                content: "Open the first student's card",
                trigger: ".o_list_view .o_data_row:first-child td[name=record_book_number]",
                run: "click",
            },
            {
                content: "The card opens with the guardians",
                trigger: ".o_form_view .o_notebook .nav-link[name=guardians]",
            },
            {
                content: "Students and Groups → Orders",
                trigger: menu("menu_groups_root"),
                run: "click",
            },
            {
                trigger: menuItem("menu_orders"),
                run: "click",
            },
            ...transferOrder(data, data.to_group, data.yesterday),
            {
                content: "Back to the orders",
                trigger: ".o_control_panel .breadcrumb .breadcrumb-item:last-child a",
                run: "click",
            },
            ...transferOrder(data, data.from_group),
        ];
    },
});
