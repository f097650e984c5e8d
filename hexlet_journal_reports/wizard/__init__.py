from . import edu_journal_report_wizard
