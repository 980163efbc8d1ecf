# The README's Quick start. Each target installs what is missing first.
#   make demo   - install, build, run the main job
#   make test   - install, build, run the whole test suite
# Also: make build, make test-asan (AddressSanitizer + UBSan), make bench, make clean.
JOBS ?= $(shell nproc)
ESCALADE := build/escalade

.PHONY: deps build demo test test-asan bench clean

deps:
	@bash .ci/install-deps.sh

build: deps
	cmake --preset release
	cmake --build --preset release -j $(JOBS)

demo: build
	$(ESCALADE) run scenarios/guangming.yaml

test: build
	ctest --preset release -j $(JOBS)

test-asan: deps
	cmake --preset asan
	cmake --build --preset asan -j $(JOBS)
	ctest --preset asan -j $(JOBS)

bench: build
	bash bench/run.sh

clean:
	rm -rf build build-asan
