from . import test_bench_generator
from . import test_family_access
from . import test_family_tours
from . import test_messaging
from . import test_notices
from . import test_portal_more
from . import test_portal_pages
from . import test_portal_performance
