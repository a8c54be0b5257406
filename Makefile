# fydesk: `make run` starts the app, `make test` runs every test; both set up .venv first.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp

.PHONY: run test bench screenshots translations clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/fydesk

test: $(STAMP)
	$(BIN)/python -m pytest -n 2 --dist loadfile

bench: $(STAMP)
	$(BIN)/python -m bench

# A PNG of the first-run screen and of every built page, on fresh demo data, drawn offscreen
# (FYDESK_LANG=en: in English, as en-*.png).
screenshots: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m fydesk.ui.screenshots docs/screenshots 2000

# After changing a UI string: mark the domain's words, update resources/fydesk_en.ts with
# lupdate, translate what it marks unfinished (Qt Linguist or by hand), run this again for the .qm.
translations: $(STAMP)
	$(BIN)/python -m fydesk.ui.translations

clean:
	rm -rf $(VENV) build *.egg-info src/*.egg-info .pytest_cache
