# Kandinsky Studio. Two commands do all the set-up on a fresh Debian/Ubuntu machine:
#   make run    serve the product (daphne, a Celery worker, celery beat) on http://127.0.0.1:8000/ (PORT=...)
#   make test   run the whole test suite (PYTEST_ARGS="tests/ops -x" to pass pytest arguments)
# Both create .venv, install the project, compile the translations and ensure a Redis answers.
# PYTHON: the interpreter for the venv (default: python3.11, else python3).
PYTHON ?=
VENV := .venv
BIN := $(VENV)/bin
# Reinstall only when the dependencies or the installer change: a second `make run` calls no pip.
STAMP := $(VENV)/.installed-stamp
PYTEST_ARGS ?=
export PYTHONUNBUFFERED := 1

.PHONY: run test venv messages migrate superuser bench chaos train-nano download-models stop-redis clean-var

$(STAMP): pyproject.toml scripts/install_python_deps.sh
	bash scripts/install_python_deps.sh "$(PYTHON)" $(VENV)
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
	bash scripts/test.sh $(PYTEST_ARGS)

# An admin account for /admin/: interactive, or DJANGO_SUPERUSER_USERNAME/_EMAIL/_PASSWORD with
# ARGS=--noinput.
superuser: migrate
	$(BIN)/python manage.py createsuperuser $(ARGS)

bench: messages migrate
	bash scripts/bench.sh

# The fault suite (docs/reliability.md): its own Redis, PostgreSQL, daphne, worker and beat on
# 127.0.0.1, killed and restarted under load. ARGS e.g. "--full --record" (20 kills each).
chaos: messages
	$(BIN)/python bench/chaos.py $(ARGS)

# Retrain the shipped nano weights (weights/nano/) from nothing; resumes from var/nano/. ARGS e.g.
# "--device cuda --scale 10" or "--max-minutes 16" (a wall budget shared out over the stages).
train-nano: $(STAMP)
	$(BIN)/python scripts/train_nano.py $(ARGS)

# Real Kandinsky weights into KANDINSKY_MODELS_DIR (needs internet); ARGS go to the script.
download-models: $(STAMP)
	$(BIN)/python scripts/download_models.py $(ARGS)

# The private redis-server scripts/ensure_redis.sh starts when no Redis answers (make test leaves it up).
stop-redis:
	@pid=$$(cat $${VAR_DIR:-var}/redis/redis.pid 2>/dev/null); \
	bash scripts/stop_redis.sh "$$pid" && echo "Stopped redis-server $$pid." || echo "No private redis-server running."

clean-var:
	rm -rf var
