#!/usr/bin/env bash
# `cmake --install` into a temporary prefix, then use only what it put there: the command runs
# (--version, validate of an installed scenario), the scenarios, mappings and schema are in
# share/escalade/, and the Python package imports with nothing but the prefix's site directory
# on PYTHONPATH, from a directory outside the source and build trees.
#
# Usage: install_test.sh CMAKE BUILD_DIR PYTHON PYTHON_SITE_REL
#   PYTHON_SITE_REL: the package's directory relative to the prefix; empty when the build has no
#   Python module (then only the command and the data are checked).
set -u
cmake=$1
build=$2
python=$3
site_rel=${4:-}

fail() { echo "FAIL: $*" >&2; exit 1; }

prefix=$(mktemp -d "${TMPDIR:-/tmp}/escalade-install.XXXXXX")
trap 'rm -rf "$prefix"' EXIT

"$cmake" --install "$build" --prefix "$prefix" > "$prefix/install.log" 2>&1 \
  || { cat "$prefix/install.log" >&2; fail "cmake --install exited $?"; }
cd "$prefix" || fail "cannot enter $prefix"

# The command.
[ -x bin/escalade ] || fail "bin/escalade not installed"
version=$(bin/escalade --version) || fail "bin/escalade --version exited $?"
case "$version" in escalade*) ;; *) fail "unexpected --version output: $version" ;; esac

# The data.
share=share/escalade/scenarios
for f in guangming.yaml teaching_community.yaml FORMAT.md schema/scenario.schema.json \
         traces/boston311.mapping.yaml traces/nyc311.mapping.yaml; do
  [ -f "$share/$f" ] || fail "$share/$f not installed"
done
bin/escalade validate "$share/teaching_community.yaml" > validate.out 2>&1 \
  || { cat validate.out >&2; fail "installed escalade cannot validate the installed teaching scenario"; }
"$python" -c "import json, sys; json.load(open(sys.argv[1]))" "$share/schema/scenario.schema.json" \
  || fail "the installed schema is not JSON"
[ -f share/doc/escalade/docs/domain.md ] || fail "docs not installed"

# The Python package, from the prefix alone.
if [ -n "$site_rel" ]; then
  [ -d "$site_rel/escalade" ] || fail "$site_rel/escalade not installed"
  PYTHONPATH="$prefix/$site_rel" PYTHONNOUSERSITE=1 PYTHONDONTWRITEBYTECODE=1 "$python" -c '
import os, sys
import escalade
prefix = os.path.realpath(sys.argv[1])
where = os.path.realpath(escalade.__file__)
assert where.startswith(prefix + os.sep), f"imported {where}, not from {prefix}"
print(escalade.validate(os.path.join(prefix, "share/escalade/scenarios/teaching_community.yaml")))
' "$prefix" > python.out 2>&1 || { cat python.out >&2; fail "import escalade from the prefix failed"; }
  # The directory is one the interpreter searches when the prefix is its own or /usr/local.
  "$python" -c '
import os, sys
rel = sys.argv[1]
ok = any(os.path.join(p, rel) in sys.path for p in (sys.prefix, "/usr/local"))
sys.exit(0 if ok else 1)
' "$site_rel" || fail "$site_rel is not on the sys.path of $python under its prefix or /usr/local"
fi
echo "install: ok ($prefix)"
