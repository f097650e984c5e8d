from . import ir_actions_report
from . import res_users
from . import edu_inspection
