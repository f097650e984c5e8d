# The two commands of the project; see README.md.
PYTHON ?= python3

.PHONY: test static run backup restore

test:           ## everything: static checks, then the Odoo 19 integration suite
	$(PYTHON) tools/test.py

static:         ## static checks only (no database)
	$(PYTHON) tools/test.py --static-only

run:            ## a local Odoo 19 with the demo college on http://localhost:8069
	$(PYTHON) tools/run.py

# The operator's backups (README, "Backups and restore"): Odoo's own format,
# the database and its filestore in one zip.
DB ?= journal
BACKUP_DIR ?= var/backups

backup:         ## back up the database DB (default journal) with its filestore into BACKUP_DIR
	$(PYTHON) tools/backup.py backup $(DB) $(BACKUP_DIR)

restore:        ## restore FILE=… as the database DB (it must not exist)
	@test -n "$(FILE)" || { echo "usage: make restore FILE=var/backups/journal-….zip [DB=journal]"; exit 2; }
	$(PYTHON) tools/backup.py restore $(FILE) $(DB)
