from . import test_documents
from . import test_tools
from . import test_security
