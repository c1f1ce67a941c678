# Kandinsky Studio. Two commands do all the set-up on a fresh Debian/Ubuntu machine:
#   make run    serve the product (daphne + a Celery worker) on http://127.0.0.1:8000
#   make test   run the whole test suite
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
export DJANGO_SETTINGS_MODULE ?= config.settings

.PHONY: run test venv messages migrate bench download-models clean-var

$(STAMP): pyproject.toml scripts/install_python_deps.sh
	bash scripts/install_python_deps.sh $(PYTHON) $(VENV)
	touch $@

venv: $(STAMP)

messages: $(STAMP)
	bash scripts/ensure_system_packages.sh gettext
	$(BIN)/python manage.py compilemessages --ignore '.venv/*' --ignore 'var/*' -v 0

migrate: $(STAMP)
	$(BIN)/python manage.py migrate --noinput -v 0

run: messages migrate
	bash scripts/run.sh

test: messages
	bash scripts/ensure_system_packages.sh chromium
	bash scripts/test.sh

bench: messages migrate
	bash scripts/bench.sh

download-models: $(STAMP)
	$(BIN)/python scripts/download_models.py

clean-var:
	rm -rf var
