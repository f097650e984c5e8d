from . import edu_absence_report
from . import edu_demo_loader
from . import edu_family_notice
from . import edu_family_thread
from . import edu_guardian
from . import edu_student
from . import ir_actions_report
from . import res_config_settings
