#!/usr/bin/env bash
# Installs, from Debian 12's own packages, whatever coalesce needs that is missing.
# Idempotent: packages already present are skipped and apt-get is not touched at all
# when nothing is missing. Usage: scripts/install-deps.sh [--test]
#   --test  also installs what only the test suite needs.
set -euo pipefail

want_test=0
for arg in "$@"; do
  case "$arg" in
    --test) want_test=1 ;;
    *) echo "install-deps.sh: unknown option '$arg' (allowed: --test)" >&2; exit 2 ;;
  esac
done

# Build toolchain and libraries the engine links against.
packages=(
  build-essential cmake ninja-build pkg-config git
  libtbb-dev libeigen3-dev libhdf5-dev hdf5-tools
  libboost-program-options-dev librandom123-dev libfmt-dev
  # igraph, plus the -dev packages its CMake config links against but does not depend on
  libigraph-dev libarpack2-dev libglpk-dev libplfit-dev libxml2-dev libgmp-dev libblas-dev liblapack-dev
  libgtest-dev libgmock-dev libbenchmark-dev libbenchmark-tools
  python3 python3-h5py python3-numpy
)
if [ "$want_test" -eq 1 ]; then
  # libbenchmark-tools' compare.py (used to compare CI benchmark runs) needs scipy.
  packages+=(python3-scipy)
fi

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if [ "${#missing[@]}" -eq 0 ]; then
  exit 0
fi

echo "install-deps.sh: installing ${missing[*]}" >&2
sudo_cmd=()
if [ "$(id -u)" -ne 0 ]; then sudo_cmd=(sudo); fi
export DEBIAN_FRONTEND=noninteractive
"${sudo_cmd[@]}" apt-get update -qq
"${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
