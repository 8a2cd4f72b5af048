# Quartier — the two set-up commands of the README, and a few more.
#   make demo   installs missing system packages, builds in release mode, runs the Berlin demo
#   make test   installs missing system packages, builds once (debug) and runs every test
SWIFT ?= swift
OUT ?= out/berlin-demo

.PHONY: demo test deps build bench clean

deps:
	@bash scripts/install-deps.sh

build: deps
	$(SWIFT) build -c release --product quartier
	@bash scripts/vendor-maplibre.sh vendor/maplibre

demo: build
	.build/release/quartier run Config/analyses/berlin-demo.toml --out $(OUT)
	@echo
	@echo "Done. Open $(OUT)/planungsraeume_public.gpkg in QGIS (styled), $(OUT)/planungsraeume_public.csv in Excel,"
	@echo "or serve $(OUT) over HTTP for style.json (MapLibre, pmtiles protocol) and tilejson.json;"
	@echo "The public atlas is $(OUT)/atlas/ (any web server with byte ranges) and /atlas/ of quartier serve;"
	@echo "$(OUT)/manifest.json records inputs, hashes, versions and timings."

test:
	@bash scripts/install-deps.sh --test
	@python3 -c "import mapbox_vector_tile, pmtiles, selenium, maplibre, axe_selenium_python" 2>/dev/null \
		|| pip install -q mapbox-vector-tile pmtiles selenium maplibre axe-selenium-python
	@bash scripts/vendor-maplibre.sh vendor/maplibre
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build --skip DisclosureAttackTests --skip "Atlas.*BrowserTests" --skip ConnectionLimitTests \
		--skip AttackSurvivalTests
	@# The attacks on the served demo and on a live server, the atlas in Chromium and the connection timeouts run on
	@# their own: a live client's 20 s read timeout, a browser's page loads, a server's accept of an idle connection
	@# and its cut of a trickling head (whose timeouts the tests time) are no measure of a process whose other suites
	@# keep every thread busy.
	$(SWIFT) test --skip-build --filter DisclosureAttackTests
	$(SWIFT) test --skip-build --filter AttackSurvivalTests
	$(SWIFT) test --skip-build --filter "Atlas.*BrowserTests"
	$(SWIFT) test --skip-build --filter ConnectionLimitTests

bench: build
	bash scripts/bench-foundation.sh .build/release/quartier
	bash scripts/bench-joins.sh .build/release/quartier
	bash scripts/bench-hotspots.sh .build/release/quartier
	bash scripts/bench-access.sh .build/release/quartier
	bash scripts/bench-io.sh .build/release/quartier
	bash scripts/bench-tiles.sh .build/release/quartier
	bash scripts/bench-serve.sh .build/release/quartier
	bash scripts/bench-atlas.sh .build/release/quartier
	bash scripts/bench-postgis.sh .build/release/quartier

clean:
	rm -rf .build out
