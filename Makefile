# The README's Quick start. Each target installs what is missing first.
#   make demo   - install, build, run the main job
#   make test   - install, build, run the whole test suite
# Also: make build, make test-asan (AddressSanitizer + UBSan), make test-tsan (ThreadSanitizer),
# make bench, make clean.
JOBS ?= $(shell nproc)
ESCALADE := build/escalade

.PHONY: deps build demo test test-asan test-tsan bench clean

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

# ThreadSanitizer on the parallel tests (runner, sweeps, resume, interruption).
test-tsan: deps
	cmake --preset tsan
	cmake --build --preset tsan -j $(JOBS)
	ctest --preset tsan -j $(JOBS)

bench: build
	bash bench/run.sh

clean:
	rm -rf build build-asan build-tsan build-fuzz
