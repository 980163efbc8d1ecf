#!/usr/bin/env bash
# Installs the Debian 12 packages escalade needs, only those missing.
# Non-interactive and idempotent; works as root, or through sudo otherwise.
# Usage: bash .ci/install-deps.sh
set -euo pipefail

packages=(
  # toolchain
  g++ make cmake git pkg-config
  # the fixed stack
  libboost-graph-dev libeigen3-dev libtbb-dev libyaml-cpp-dev
  libgtest-dev libgmock-dev libbenchmark-dev
  # compressed traces (*.csv.gz)
  zlib1g-dev
  # command line and outputs
  libcli11-dev nlohmann-json3-dev
  # experiments: results store, MPI beyond one machine
  libsqlite3-dev sqlite3 libopenmpi-dev openmpi-bin
  # scenario schema check (tests) and drawing the city graph
  python3 python3-yaml python3-jsonschema graphviz
  # the Python module and the notebooks (run headless in CI)
  python3-dev pybind11-dev python3-numpy python3-pandas python3-matplotlib
  jupyter-nbconvert python3-nbconvert python3-ipykernel python3-nbformat
  # fuzzing (libFuzzer from clang's runtime)
  clang libclang-rt-14-dev
)

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
