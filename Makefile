# The two commands a newcomer needs (Python 3.11, git and apt are enough):
#   make run    serve the course on http://localhost:8501
#   make test   run every test, browser tests included (installs Debian's chromium)
# and `make bench` prints how long each page takes to rerun and each transfer method
# takes to fit, beside SKADA's version of it
# (options: make bench BENCH_ARGS="--gc-compare --by-control --rounds 5 --cold 3"),
# and `make load` serves the course and sends it a simulated class of students over
# websockets, then prints latencies, server CPU and memory, and PASS/FAIL
# (options: make load LOAD_ARGS="--students 30 --minutes 2 --stress").

PYTHON := $(shell command -v python3.11 || command -v python3)
VENV   := .venv
PY     := $(VENV)/bin/python
SUDO   := $(if $(filter 0,$(shell id -u)),,sudo)

.PHONY: run test bench load chromium nginx

run: $(VENV)/.installed-runtime
	scripts/serve.sh 8501

test: $(VENV)/.installed-test chromium nginx
	$(PY) -m pytest

bench: $(VENV)/.installed-test
	$(PY) bench/rerun.py $(BENCH_ARGS)
	$(PY) bench/methods.py

load: $(VENV)/.installed-test
	$(PY) bench/load.py --start-server $(LOAD_ARGS)

$(PY):
	$(PYTHON) -m venv $(VENV)

# Stamp files: pip runs again only when a requirements file changes.
$(VENV)/.installed-runtime: requirements.txt | $(PY)
	$(PY) -m pip install --disable-pip-version-check -r requirements.txt
	touch $@

$(VENV)/.installed-test: requirements-test.txt $(VENV)/.installed-runtime
	$(PY) -m pip install --disable-pip-version-check -r requirements-test.txt
	touch $@

# Playwright cannot download its own browser here: the tests drive Debian's.
chromium:
	@command -v chromium >/dev/null || { \
	  $(SUDO) apt-get update && \
	  $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y chromium; }

# nginx in front of several app processes (scripts/replicas.sh; tests/browser/test_nginx.py).
# Debian puts it in /usr/sbin, often not on a user's PATH.
nginx:
	@command -v nginx >/dev/null || test -x /usr/sbin/nginx || { \
	  $(SUDO) apt-get update && \
	  $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y nginx; }
