{
    "name": "Hexlet College Journal: Families",
    "summary": "The journal for students and parents: the week's diary, marks, attendance, "
    "timetable and results on Odoo's portal, phone-first",
    "version": "19.0.1.1.0",
    "category": "Education",
    "author": "Hexlet",
    "website": "https://github.com/hexlet/hexlet-college-journal",
    "license": "LGPL-3",
    "depends": ["hexlet_journal", "hexlet_journal_reports", "portal", "auth_signup"],
    "data": [
        "security/ir.model.access.csv",
        "security/edu_portal_rules.xml",
        "data/mail_template_data.xml",
        "data/ir_cron_data.xml",
        "data/auditlog_rule_data.xml",
        "report/report_family_invitations.xml",
        "wizard/edu_family_access_views.xml",
        "views/edu_family_thread_views.xml",
        "views/edu_family_notice_views.xml",
        "views/edu_absence_report_views.xml",
        "views/res_config_settings_views.xml",
        "views/portal_templates.xml",
    ],
    "demo": ["demo/portal_demo.xml"],
    "assets": {
        "web.assets_frontend": [
            "hexlet_journal_portal/static/src/scss/**/*",
            "hexlet_journal_portal/static/src/js/**/*",
        ],
        "web.assets_tests": ["hexlet_journal_portal/static/tests/tours/**/*"],
    },
    "installable": True,
}
