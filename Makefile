# dtplan — `make run` (app on SQLite with demo data), `make test` (layer contract, lint, whole suite) and
# `make test-fast` (tests/unit only: pure, no database, no browser; under a minute).
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8501
# Two workers: the machines have 2 cores; each worker starts its own PostgreSQL cluster and servers.
PYTEST_ARGS ?= -n 2
export DTPLAN_DEMO_PASSWORD ?= demo
# `make run` always uses its own SQLite file, set on its commands below: never the DTPLAN_DATABASE_URL the
# shell exports (the variable production sets), so the demo can never be loaded into a real database.
DEMO_DB := data/dtplan.db
STREAMLIT = $(VENV)/bin/streamlit

.PHONY: run test test-fast setup setup-dev system-deps lint format bench clean cluster cluster-stop

$(VENV)/.runtime: requirements.txt pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip wheel
	$(PY) -m pip install --quiet -r requirements.txt
	@# The editable install of dtplan itself, built with the venv's setuptools (and `wheel`, which the
	@# setuptools of a fresh venv needs for bdist_wheel). Its build chatter goes to a log, shown only on failure.
	@$(PY) -m pip install --no-deps --no-build-isolation -e . >$(VENV)/install.log 2>&1 \
		|| { cat $(VENV)/install.log; echo "dtplan: pip install -e . failed (log: $(VENV)/install.log)"; exit 1; }
	touch $@

$(VENV)/.dev: $(VENV)/.runtime requirements-dev.txt
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $@

setup: $(VENV)/.runtime

setup-dev: $(VENV)/.dev

run: setup
	DTPLAN_DATABASE_URL=sqlite:///$(DEMO_DB) $(PY) -m dtplan init --demo
	@echo ""
	@echo "dtplan: http://localhost:$(PORT)  (dữ liệu mẫu / demo data, CSDL $(DEMO_DB) — không dùng DTPLAN_DATABASE_URL của shell)"
	@echo "Tài khoản demo (mật khẩu: \$$DTPLAN_DEMO_PASSWORD, mặc định 'demo'):"
	@echo "  quantri (quản trị) · lanhdao (lãnh đạo) · sotttt (Sở TT&TT) · nhoquan (UBND huyện Nho Quan)"
	@echo ""
	DTPLAN_DATABASE_URL=sqlite:///$(DEMO_DB) $(STREAMLIT) run serve.py --server.port $(PORT) --server.headless true

system-deps:
	bash scripts/system-deps.sh

test: setup-dev system-deps
	$(VENV)/bin/lint-imports --no-cache
	$(VENV)/bin/ruff check .
	$(PY) -m pytest $(PYTEST_ARGS) --durations=25

# The pure tests only (no database, no Streamlit, no browser): the quick check while editing.
test-fast: setup-dev
	$(PY) -m pytest -n 0 --durations=10 tests/unit

lint: setup-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: setup-dev
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

bench: setup-dev system-deps
	for b in bench/bench_*.py; do $(PY) $$b || exit 1; done

# The deployment of deploy/ on this machine: a throwaway PostgreSQL with the demo data (unless
# DTPLAN_DATABASE_URL is set), REPLICAS Streamlit replicas and nginx on CLUSTER_PORT; returns once nginx
# answers and prints the URL. Logs and process ids in .cluster/.
REPLICAS ?= 2
CLUSTER_PORT ?= 8080

cluster: setup system-deps
	$(PY) scripts/cluster.py up --replicas $(REPLICAS) --port $(CLUSTER_PORT)

cluster-stop:
	$(PYTHON) scripts/cluster.py down

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
