import { registry } from "@web/core/registry";

/**
 * A family's day on a phone: the week's diary, a discipline's marks, a message
 * to the curator. The Python side checks what was sent and that nothing else
 * was written.
 */
function familySteps(discipline, homework) {
    return [
        {
            content: "The diary of the week, day by day",
            trigger: `.o_hj_day .o_hj_discipline:contains('${discipline}')`,
        },
        {
            content: "Today's homework",
            trigger: `.o_hj_lesson:contains('${homework}')`,
        },
        {
            content: "Progress",
            trigger: ".o_hj_sections a[href*='/my/journal/progress']",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "A discipline of the term",
            trigger: `.o_hj_discipline_card a:contains('${discipline}')`,
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "Its lessons with the student's marks and the average",
            trigger: ".o_hj_lesson .o_hj_mark",
        },
        {
            trigger: ".o_hj_average",
        },
        {
            content: "Messages",
            trigger: ".o_hj_sections a[href*='/my/journal/messages']",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "To the curator",
            trigger: ".o_hj_new_message select[name=addressee]",
            run: "selectByIndex 1",
        },
        {
            trigger: ".o_hj_new_message input[name=subject]",
            run: "edit Вопрос о домашнем задании",
        },
        {
            trigger: ".o_hj_new_message textarea[name=body]",
            run: "edit Что задано к четвергу?",
        },
        {
            trigger: ".o_hj_new_message button[type=submit]",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "The conversation is open",
            trigger: "h5:contains('Вопрос о домашнем задании')",
        },
    ];
}

registry.category("web_tour.tours").add("hexlet_journal_portal_student_tour", {
    url: "/my/journal",
    steps: () => familySteps("Основы алгоритмизации", "Нарисовать блок-схему"),
});

registry.category("web_tour.tours").add("hexlet_journal_portal_parent_tour", {
    url: "/my/journal",
    steps: () => familySteps("Основы алгоритмизации", "Нарисовать блок-схему"),
});
