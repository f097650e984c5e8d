import { registry } from "@web/core/registry";

/** «Сегодня»: a teacher sees today's scheduled lesson and enters it in one click. */
registry.category("web_tour.tours").add("hexlet_journal_today_tour", {
    steps: () => [
        {
            content: "Today's pair is listed as not entered",
            trigger: ".o_hj_today_item:contains(Т-ИСП-1) .badge.text-bg-warning",
        },
        {
            content: "One click into the lesson",
            trigger: ".o_hj_today_item:has(.badge.text-bg-warning):contains(Т-ИСП-1) .o_hj_enter",
            run: "click",
        },
        {
            content: "The lesson form opens with the next КТП topic",
            trigger: ".o_form_view .o_field_widget[name=topic] input:value(Понятие алгоритма)",
        },
        {
            content: "The class list is ready for «н» and marks",
            trigger: ".o_field_widget[name=entry_ids] .o_data_row:contains(Алексеев Иван Петрович)",
        },
        {
            content: "Save the lesson",
            trigger: ".o_form_button_save",
            run: "click",
        },
        {
            trigger: ".o_form_saved",
        },
    ],
});
