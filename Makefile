# MusicAtlas — make setup | test | demo | bench
# `make demo` and `make test` work on a fresh Debian 12 machine: both run `setup` first.

SHELL := /bin/bash
VENV := .venv
PYTHON := $(VENV)/bin/python
SWIFT ?= swift
APT_PACKAGES := pkg-config libavformat-dev libavcodec-dev libswresample-dev libavutil-dev \
	libfftw3-dev libsndfile1-dev libxml2-dev libpq-dev libpng-dev zlib1g-dev libchromaprint-dev ffmpeg postgresql python3-venv python3-pip sox time \
	iproute2 util-linux
DOC_TARGETS := MelSpectrogram KworbScraper SpotifyClient MusicGraph YTFetch FalkorDBClient SimilarArtists
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: setup apt venv update-ytdlp build build-release test docs demo bench clean

## setup: install system packages and the project's Python venv (idempotent)
setup: apt venv

apt:
	@missing=""; for p in $(APT_PACKAGES); do \
		dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "install ok installed" || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
		echo "setup: installing$$missing"; \
		$(SUDO) apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq --no-install-recommends $$missing; \
	else echo "setup: system packages present"; fi

venv: $(VENV)/.requirements-installed

$(VENV)/.requirements-installed: python-requirements.txt
	@[ -x $(PYTHON) ] || python3 -m venv $(VENV)
	$(PYTHON) -m pip install -q --upgrade pip
	$(PYTHON) -m pip install -q -r python-requirements.txt
	@touch $@

## update-ytdlp: the newest yt-dlp, its challenge solver and Deno (YouTube breaks old versions
## within weeks; `atlas doctor` flags a yt-dlp older than 60 days)
update-ytdlp: venv
	$(PYTHON) -m pip install -q --upgrade "yt-dlp[default]" yt-dlp-ejs deno
	@$(VENV)/bin/yt-dlp --version

build: setup
	$(SWIFT) build

build-release: setup
	$(SWIFT) build -c release

## test: setup, build (libraries, tools, tests and Snippets/), check the DocC catalogs, run every
## test (goldens from librosa are made on first run and cached)
test: setup
	python3 scripts/check-architecture.py
	$(SWIFT) build --build-tests
	$(MAKE) --no-print-directory docs
	scripts/run-tests.sh

## docs: build each library's DocC catalog; a broken link or undocumented parameter fails
docs:
	@for target in $(DOC_TARGETS); do \
		$(SWIFT) package generate-documentation --target $$target --warnings-as-errors > .build/docs-$$target.log 2>&1 \
			|| { cat .build/docs-$$target.log; echo "docs: $$target failed"; exit 1; }; \
		echo "docs: $$target ok (.build/plugins/Swift-DocC/outputs/$$target.doccarchive)"; \
	done

## demo: the main job on embedded defaults, offline
demo: build-release
	.build/release/atlas demo

## bench: side-by-side benchmarks against the Python anchors (figures → Docs/performance.md)
bench: build-release
	Benchmarks/melspectrogram.sh
	Benchmarks/kworb.sh
	Benchmarks/musicgraph.sh
	command -v nginx >/dev/null || $(SUDO) apt-get install -y -qq nginx
	Benchmarks/spotify.sh
	Benchmarks/import_seed.sh
	Benchmarks/queue.sh
	Benchmarks/graph_load.sh
	Benchmarks/evaluate.sh
	Benchmarks/dataset_export.sh
	Benchmarks/object_storage.sh
	Benchmarks/worker.sh

clean:
	rm -rf .build atlas-data
