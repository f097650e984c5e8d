from . import test_academic_structure
from . import test_contingent_order
from . import test_curriculum
from . import test_topic_plan
from . import test_schedule
from . import test_security
from . import test_jsonrpc
from . import test_demo
