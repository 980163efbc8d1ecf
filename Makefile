# The README's Quick start. Each target installs the Debian packages it needs first.
#   make demo   - install the build packages, build only the command, run the main job
#   make test   - install everything, build the rest (tests, MPI, Python module), run the suite
# Both use build/ with the same compiler flags, so `make test` after `make demo` compiles only
# what the demo did not need.
# Also: make build, make install PREFIX=DIR, make test-asan (AddressSanitizer + UBSan),
# make test-tsan (ThreadSanitizer), make bench (link-time optimised, in build-lto/), make clean.
JOBS ?= $(shell nproc)
PREFIX ?= /usr/local
ESCALADE := build/escalade

.PHONY: deps deps-demo build demo test install test-asan test-tsan bench clean

deps:
	@bash .ci/install-deps.sh

deps-demo:
	@bash .ci/install-deps.sh demo

# The demo configures build/ only when it is new (the `demo` preset: no tests, MPI or Python);
# a build/ that `make test` configured is used as it is.
demo: deps-demo
	@[ -f build/CMakeCache.txt ] || cmake --preset demo
	cmake --build build --target escalade -j $(JOBS)
	$(ESCALADE) run scenarios/guangming.yaml

build: deps
	cmake --preset release
	cmake --build --preset release -j $(JOBS)

test: build
	ctest --preset release -j $(JOBS)

# The command, the scenarios and schema (PREFIX/share/escalade), the docs and the Python
# package (the interpreter's site directory under PREFIX); builds only what it installs.
install: deps
	cmake --preset release
	cmake --build build --target escalade escalade_python -j $(JOBS)
	cmake --install build --prefix "$(PREFIX)"

test-asan: deps
	cmake --preset asan
	cmake --build --preset asan -j $(JOBS)
	ctest --preset asan -j $(JOBS)

# ThreadSanitizer on the parallel tests (runner, sweeps, resume, interruption).
test-tsan: deps
	cmake --preset tsan
	cmake --build --preset tsan -j $(JOBS)
	ctest --preset tsan -j $(JOBS)

bench: deps
	bash bench/run.sh

clean:
	rm -rf build build-lto build-asan build-tsan build-fuzz
