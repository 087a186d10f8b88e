# Two commands: `make run` (set up and serve with demo data) and `make test` (the whole suite).
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test setup lint migrate worker beat bench-list bench-import clean

$(STAMP): requirements.txt requirements-dev.txt package.json package-lock.json
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -r requirements-dev.txt
	npm ci --no-audit --no-fund --loglevel=error
	touch $(STAMP)

setup: $(STAMP)

migrate: setup
	$(BIN)/python manage.py migrate --noinput

run: migrate
	$(BIN)/python manage.py seed_demo
	@echo ""
	@echo "海门区科技创新工作平台: http://127.0.0.1:8000"
	@echo "演示账号（密码 Haimen@2023）：admin 区科技局系统管理员 | staff 区科技局工作人员 | leader 区领导/局领导 | officer 常乐镇 区镇科技网格员"
	# The demo records are the seed's first half of 2023: the KPI pages and the dashboard open on it.
	KPI_DEFAULT_PERIOD=$${KPI_DEFAULT_PERIOD-2023-H1} $(BIN)/python manage.py runserver 127.0.0.1:8000

test: setup
	./scripts/test.sh

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

worker: setup
	$(BIN)/celery -A haimen_sci worker -l info

beat: setup
	$(BIN)/celery -A haimen_sci beat -l info

# The enterprise list at 50,000 enterprises (creates the load data on first run; createdb haimen_bench first).
bench-list: setup
	DATABASE_URL=$${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/haimen_bench} $(BIN)/python scripts/bench_enterprise_list.py

clean:
	rm -rf $(VENV) node_modules staticfiles db.sqlite3
