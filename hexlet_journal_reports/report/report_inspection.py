from odoo import api, models

KINDS = {
    "monthly": "ежемесячная проверка учебного отдела",
    "semester": "проверка заместителя директора по УВР",
    "technical": "ежемесячный технический контроль отдела ДО и ПО",
    "year_end": "итоговая проверка за учебный год",
}


class ReportInspection(models.AbstractModel):
    _name = "report.hexlet_journal_reports.report_inspection"
    _description = "Inspection Справка"

    @api.model
    def _get_report_values(self, docids, data=None):
        docs = self.env["edu.inspection"].browse(docids)
        docs.check_access("read")
        return {
            "doc_ids": docids,
            "doc_model": "edu.inspection",
            "docs": docs,
            "company": self.env.company,
            "kinds": KINDS,
        }
