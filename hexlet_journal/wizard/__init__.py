from . import edu_assignment_generate
from . import edu_assignment_generate_line
from . import edu_import_mixin
from . import edu_topic_plan_import
from . import edu_topic_plan_import_line
from . import edu_schedule_import
from . import edu_schedule_import_line
from . import edu_staff_account
