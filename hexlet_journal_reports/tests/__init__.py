from . import test_documents
from . import test_tools
from . import test_security
from . import test_director_day_tour
from . import test_journal_book
from . import test_summary
from . import test_student_record
from . import test_archive
