.PHONY: demo test serve lint
demo:
	bash scripts/demo.sh
test:
	bash scripts/test.sh
serve:
	bash scripts/serve.sh
lint:
	.venv/bin/ruff check . && .venv/bin/ruff format --check . && .venv/bin/mypy . && .venv/bin/lint-imports
