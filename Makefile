# Ungegaranti: `make run` serves the demo municipality, `make test` runs the whole suite.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: run test test-dates mutate lint setup clean drill

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.runtime-installed: requirements.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.dev-installed: requirements.txt requirements-dev.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $@ $(VENV)/.runtime-installed

setup: $(VENV)/.runtime-installed
	$(BIN)/python manage.py migrate --noinput

run: setup
	$(BIN)/python manage.py demo_municipality --seed 860 --if-empty
	$(BIN)/python manage.py demo_marketplace --seed 860 --if-empty
	$(BIN)/python manage.py demo_calendar --if-empty
	$(BIN)/python manage.py demo_records --seed 860 --if-empty
	$(BIN)/python manage.py demo_rounds --seed 860 --if-empty
	$(BIN)/python manage.py demo_plans --seed 860 --if-empty
	@# A second, smaller municipality (Frederikshavn, 813; logins frh-...), walled off from Hjørring.
	$(BIN)/python manage.py demo_frederikshavn --seed 813 --if-empty
	$(BIN)/python manage.py demo_identities
	@# The demo's own e-mails go out first, so the logins are the last thing printed.
	$(BIN)/python manage.py worker --until-idle
	$(BIN)/python manage.py demo_logins
	@# The web server and a worker (background jobs and the schedule), stopped together.
	@trap 'kill $$worker 2>/dev/null; wait $$worker 2>/dev/null' EXIT INT TERM; \
	$(BIN)/python manage.py worker & worker=$$!; \
	$(BIN)/python manage.py runserver 127.0.0.1:8000

test: $(VENV)/.dev-installed
	DJANGO_SETTINGS_MODULE=config.settings.test $(BIN)/python -m pytest -q -n auto $(PYTEST_ARGS)

# The suite (without the browser tests) with the clock at the edges of the school year: a
# birthday before its day, the last day of a school year and the first of the next, a leap day.
TEST_DATES ?= 2027-02-01 2027-07-31 2027-08-01 2028-02-29
test-dates: $(VENV)/.dev-installed
	@set -e; for day in $(TEST_DATES); do \
	  echo "== the suite on $$day"; \
	  UNGEGARANTI_TEST_DATE=$$day DJANGO_SETTINGS_MODULE=config.settings.test \
	    $(BIN)/python -m pytest -q -n auto -m 'not browser' $(PYTEST_ARGS); \
	done

# Mutation testing (mutmut, configured in pyproject.toml): the rules for minors, eligibility,
# disclosure control and CPR handling. Slow, not in CI; its last result is in docs/testing.md.
mutate: $(VENV)/.dev-installed
	rm -rf mutants
	DJANGO_SETTINGS_MODULE=config.settings.test $(BIN)/mutmut run --max-children 2 || true
	$(BIN)/mutmut export-cicd-stats
	@$(BIN)/python -c "import json; s = json.load(open('mutants/mutmut-cicd-stats.json')); \
	print('killed', s['killed'], 'survived', s['survived'], 'no tests', s['no_tests'], \
	'timeout', s['timeout'], 'of', s['total'])"
	@echo "the survivors: $(BIN)/mutmut results; one of them: $(BIN)/mutmut show NAME"

lint: $(VENV)/.dev-installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	DJANGO_SETTINGS_MODULE=config.settings.test $(BIN)/mypy ungegaranti config
	$(BIN)/lint-imports

# The fault and restore drills on a throwaway PostgreSQL cluster (root; not part of test or CI).
drill: $(VENV)/.runtime-installed
	$(BIN)/python ops/drill.py

clean:
	rm -rf $(VENV) var
