from . import edu_journal_report_wizard
from . import edu_archive_wizard
from . import edu_archive_wizard_issue
