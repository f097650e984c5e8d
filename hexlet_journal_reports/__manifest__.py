{
    "name": "Hexlet College Journal: Documents",
    "summary": "Printed documents of the college journal (statements, memos, справки, "
    "activity and council reports) in PDF and XLSX",
    "version": "19.0.1.0.0",
    "category": "Education",
    "author": "Hexlet",
    "website": "https://github.com/hexlet/hexlet-college-journal",
    "license": "LGPL-3",
    "depends": ["hexlet_journal", "report_xlsx"],
    "data": [
        "security/ir.model.access.csv",
        "data/ir_sequence_data.xml",
        "report/report_layout.xml",
        "report/report_attestation.xml",
        "report/report_memo.xml",
        "report/report_inspection.xml",
        "report/report_activity.xml",
        "report/report_council.xml",
        "report/report_journal_book.xml",
        "report/report_actions.xml",
        "wizard/edu_journal_report_wizard_views.xml",
        "views/edu_inspection_views.xml",
    ],
    "assets": {
        "web.assets_tests": ["hexlet_journal_reports/static/tests/tours/**/*"],
    },
    "installable": True,
}
