# `make run` and `make test` set everything up on a fresh machine, then do their job.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# apt-get needs root; elsewhere it goes through sudo.
SUDO := $(shell [ "$$(id -u)" -eq 0 ] || echo sudo)

.PHONY: setup setup-test run index test test-fast gate bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --upgrade pip

# torch first and pinned: an unpinned torch pulls a multi-GB CUDA build.
$(VENV)/.installed: $(BIN)/python pyproject.toml
	$(BIN)/pip install torch==2.13.0
	$(BIN)/pip install -e .
	touch $@

# The test extras add the local LLM (llama-cpp-python builds from source once, ~7 min on 2 cores), Milvus Lite,
# the web-chat test clients, and Debian's Chromium with a CJK font for the browser test.
# llama.cpp is built portably, not for this CPU (GGML_NATIVE=OFF): a virtual machine may report AMX tiles
# that it does not let a process use, and a build for them then dies of an illegal instruction.
$(VENV)/.installed-test: $(VENV)/.installed
	CMAKE_ARGS="-DGGML_NATIVE=OFF $${CMAKE_ARGS:-}" $(BIN)/pip install -e '.[test,llm,milvus]'
	command -v chromium >/dev/null && fc-list :lang=zh | grep -q . || \
		{ $(SUDO) apt-get update && $(SUDO) apt-get install -y chromium fonts-noto-cjk; }
	touch $@

setup: $(VENV)/.installed

setup-test: $(VENV)/.installed-test

run: setup
	GRADIO_ANALYTICS_ENABLED=False $(BIN)/python app.py

index: setup
	$(BIN)/rag index

test: setup-test
	$(BIN)/python -m pytest -q

test-fast: setup-test
	$(BIN)/python -m pytest -q -m "not slow"

bench: setup
	$(BIN)/python bench/retrieval.py

clean:
	rm -rf $(VENV) index/default .pytest_cache
