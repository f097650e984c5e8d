from . import ir_actions_report
from . import ir_attachment
from . import res_users
from . import edu_inspection
from . import edu_academic_year
from . import edu_archive
from . import edu_archive_document
from . import edu_archive_export
