from . import edu_family_access
from . import edu_family_access_line
