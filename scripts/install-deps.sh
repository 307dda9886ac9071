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
  # xxHash: the checksum that seals checkpoint files (io/file_seal.cpp)
  libxxhash-dev
  # MPI ensembles (COALESCE_MPI=ON, as ./run.sh and ./test.sh build): Open MPI and the
  # MPI-enabled HDF5, which installs beside the serial one (docs/HPC.md)
  libopenmpi-dev openmpi-bin libhdf5-openmpi-dev
  # igraph, plus the -dev packages its CMake config links against but does not depend on
  libigraph-dev libarpack2-dev libglpk-dev libplfit-dev libxml2-dev libgmp-dev libblas-dev liblapack-dev
  libgtest-dev libgmock-dev libbenchmark-dev libbenchmark-tools
  python3 python3-h5py python3-numpy
  # analysis/report.py (./run.sh ends by writing the report): plots, xarray loader, statistics
  python3-matplotlib python3-xarray python3-h5netcdf python3-scipy
)
if [ "$want_test" -eq 1 ]; then
  # libbenchmark-tools' compare.py (used to compare CI benchmark runs) needs scipy.
  packages+=(python3-scipy)
  # Headless Chromium: tests/analysis/test_browser.py renders the HTML report.
  packages+=(chromium)
  # Fuzzing (scripts/fuzz.sh, cmake --preset fuzz): clang 14, its compiler-rt with libFuzzer
  # and the clang sanitizer runtimes (only recommended by clang, so named here), and llvm for
  # llvm-symbolizer (readable sanitizer stacks).
  packages+=(clang libclang-rt-14-dev llvm)
  # scripts/check-format.sh: the pinned formatter (.clang-format).
  packages+=(clang-format-14)
  # A single-node Slurm for tests/integration/slurm (scripts/slurm-local/ starts its own
  # daemons; the packages' services are not started: no systemd, or policy-rc.d denies it).
  packages+=(slurm-wlm munge)
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
