from . import report_document
from . import report_attestation
from . import report_memo
from . import report_inspection
from . import report_activity
from . import report_council
from . import report_xlsx_documents
from . import report_journal_book
