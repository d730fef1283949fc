# The two commands: `make build` builds the dataset from seeds/ into outputs/;
# `make test` runs the test suite. Both create or reuse .venv by themselves:
# uv is bootstrapped into .tools/ with pip, then installs the locked stack.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
UV_VERSION := 0.13.8
UV := .tools/bin/uv
VENV := .venv
# Never let uv fetch an interpreter: Python 3.11 comes from the machine.
export UV_PYTHON_DOWNLOADS := never
# Dagster keeps everything it writes (storage, logs, .nux, .logs_queue) here.
export DAGSTER_HOME ?= $(CURDIR)/.dagster_home
UI_PORT ?= 3000

.PHONY: build test eval ui release clean

$(UV):
	$(PYTHON) -m venv .tools
	.tools/bin/pip install --quiet --disable-pip-version-check uv==$(UV_VERSION)

$(VENV)/.synced: pyproject.toml uv.lock | $(UV)
	$(UV) sync --frozen --compile-bytecode --python $(PYTHON)
	@touch $@

build: $(VENV)/.synced
	$(VENV)/bin/probation-data build

test: $(VENV)/.synced
	$(VENV)/bin/python -m pytest

# Builds the seeds and the development set (tests/gold/dev) each into .eval/
# and prints one table of scores per set; `probation-data eval --errors` lists
# what was missed, what was extra and which speakers are wrong.
eval: $(VENV)/.synced
	$(VENV)/bin/probation-data eval

# exec: make's shell is replaced, so a signal to make's process group (Ctrl-C,
# `kill %1`) reaches dagster dev directly; pipelines/ui.py says why it also
# stops on SIGTERM.
ui: $(VENV)/.synced
	exec $(VENV)/bin/python -m pipelines.ui --host 127.0.0.1 --port $(UI_PORT)

# `make release VERSION=1.0.0` publishes the latest build as outputs/releases/1.0.0.
release: $(VENV)/.synced
	@test -n "$(VERSION)" || { echo "usage: make release VERSION=X.Y.Z (after make build)" >&2; exit 2; }
	$(VENV)/bin/probation-data release --version $(VERSION)

clean:
	rm -rf outputs/current outputs/parquet outputs/.builds outputs/probation.duckdb .dagster_home .eval
