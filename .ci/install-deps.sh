#!/usr/bin/env bash
# Installs the Debian 12 packages escalade needs, only those missing.
# Non-interactive and idempotent; works as root, or through sudo otherwise.
# Usage: bash .ci/install-deps.sh        # everything: tests, MPI, Python, notebooks, fuzzing
#        bash .ci/install-deps.sh demo   # only what building the command needs (make demo)
set -euo pipefail

# The command: the toolchain and the libraries it compiles against (Boost is used header-only;
# zlib reads compressed traces; Vega is embedded in the visual report at build time).
demo_packages=(
  g++ make cmake git
  libboost-dev libeigen3-dev libtbb-dev libyaml-cpp-dev
  libcli11-dev nlohmann-json3-dev libsqlite3-dev zlib1g-dev libjs-vega
)

packages=(
  "${demo_packages[@]}"
  pkg-config
  # tests and benchmarks
  libgtest-dev libgmock-dev libbenchmark-dev
  # experiments: the results store's shell, MPI beyond one machine
  sqlite3 libopenmpi-dev openmpi-bin
  # scenario schema check (tests) and drawing the city graph
  python3 python3-yaml python3-jsonschema graphviz
  # the Python module and the notebooks (run headless in CI)
  python3-dev pybind11-dev python3-numpy python3-pandas python3-matplotlib
  jupyter-nbconvert python3-nbconvert python3-ipykernel python3-nbformat
  # the browser tests of the visual report (headless chromium over the DevTools protocol) and
  # Chinese labels in the pages
  chromium fonts-noto-cjk python3-websockets
  # fuzzing (libFuzzer from clang's runtime)
  clang libclang-rt-14-dev
)

if [ "${1:-}" = demo ]; then
  packages=("${demo_packages[@]}")
elif [ $# -gt 0 ]; then
  echo "usage: bash .ci/install-deps.sh [demo]" >&2
  exit 2
fi

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: all ${#packages[@]} packages present"
  exit 0
fi

if [ "$(id -u)" -eq 0 ]; then
  as_root=()
elif command -v sudo >/dev/null 2>&1; then
  as_root=(sudo)
else
  echo "install-deps: these packages are missing and I am neither root nor able to sudo:" >&2
  echo "  ${missing[*]}" >&2
  echo "install them with: apt-get install ${missing[*]}" >&2
  exit 1
fi

echo "install-deps: installing ${missing[*]}"
"${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -qq
"${as_root[@]}" env DEBIAN_FRONTEND=noninteractive \
  apt-get install -y -qq --no-install-recommends "${missing[@]}"
