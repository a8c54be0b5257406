# fydesk: `make run` starts the app, `make test` runs every test; both first see to the Debian
# packages they need (packaging/setup-system.sh: installed when this user may, else the one
# apt-get line to run), then set up .venv.
# `make dist` builds the one-folder bundle and its archive, `make deb` the Debian package.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
# The bundle is built from a venv holding only the app's runtime dependencies: whatever else
# sits in the venv (the hub's libraries, pytest) could be swept into it.
DIST_VENV := build/venv-dist
DIST_STAMP := $(DIST_VENV)/.installed-stamp
VERSION := $(shell sed -n 's/^version = "\(.*\)"/\1/p' pyproject.toml)
ARCHIVE := dist/fydesk-$(VERSION)-linux-$(shell uname -m).tar.xz

.PHONY: run test bench screenshots translations clean bundle dist deb deb-check system-run system-test system-dist

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

# Listed before the venv, so the system packages (python3-venv among them) come first.
system-run system-test system-dist:
	PYTHON=$(PYTHON) packaging/setup-system.sh $(@:system-%=%)

run: system-run $(STAMP)
	$(BIN)/fydesk

test: system-test $(STAMP)
	$(BIN)/python -m pytest -n 2 --dist loadfile

bench: $(STAMP)
	$(BIN)/python -m bench

# A PNG of the first-run screen and of every built page, on fresh demo data, drawn offscreen
# (FYDESK_LANG=en: in English, as en-*.png); and of the hub's web console, as its browser
# tests leave each page in headless Chromium, under docs/console.
screenshots: system-test $(STAMP)
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m fydesk.ui.screenshots docs/screenshots 2000
	FYDESK_CONSOLE_SHOTS=1 $(BIN)/python -m pytest -q tests/console/test_browser_*.py

$(DIST_STAMP): pyproject.toml
	rm -rf $(DIST_VENV)
	$(PYTHON) -m venv $(DIST_VENV)
	$(DIST_VENV)/bin/python -m pip install --quiet --upgrade pip
	$(DIST_VENV)/bin/python -m pip install --quiet '.[desktop]' 'pyinstaller>=6.10,<7'
	touch $(DIST_STAMP)

# dist/fydesk: the app and its command line, ready to run without Python (packaging/fydesk.spec).
bundle: system-dist $(DIST_STAMP)
	$(DIST_VENV)/bin/python -m pip install --quiet --no-deps --force-reinstall .
	$(DIST_VENV)/bin/python -m PyInstaller --noconfirm --log-level WARN --distpath dist \
		--workpath build/pyinstaller packaging/fydesk.spec

# The bundle, its archive, and the figures: sizes and the start time of the bundled app.
dist: bundle
	rm -f $(ARCHIVE)
	tar -C dist -cf - fydesk | xz -T2 -6 > $(ARCHIVE)
	$(PYTHON) packaging/measure.py dist/fydesk $(ARCHIVE)

# dist/fydesk_VERSION_ARCH.deb: the bundle under /opt/fydesk, the command, menu entry and icon.
deb: bundle
	packaging/deb/build-deb.sh dist/fydesk $(VERSION) dist

# Installs the .deb on this machine (root only), starts it, removes it: what CI runs.
deb-check: deb
	packaging/deb/check-deb.sh dist/fydesk_$(VERSION)_$$(dpkg --print-architecture).deb

# After changing a UI string: mark the domain's words, update resources/fydesk_en.ts with
# lupdate, translate what it marks unfinished (Qt Linguist or by hand), run this again for the .qm.
translations: $(STAMP)
	$(BIN)/python -m fydesk.ui.translations

clean:
	rm -rf $(VENV) build dist *.egg-info src/*.egg-info .pytest_cache
