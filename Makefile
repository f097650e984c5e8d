# The two commands of the project; see README.md.
PYTHON ?= python3

.PHONY: test static run

test:           ## everything: static checks, then the Odoo 19 integration suite
	$(PYTHON) tools/test.py

static:         ## static checks only (no database)
	$(PYTHON) tools/test.py --static-only

run:            ## a local Odoo 19 with the demo college on http://localhost:8069
	$(PYTHON) tools/run.py
