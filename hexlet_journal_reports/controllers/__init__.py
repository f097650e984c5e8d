from . import archive
