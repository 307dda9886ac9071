"""Which interpreter and packages the analysis needs, said in one line when an import fails.

The `python3` first on a user's PATH may be a conda or virtualenv interpreter without h5py or
xarray; a bare ImportError traceback does not say what to do. The analysis is tested with
Debian 12's /usr/bin/python3 and its packages (scripts/install-deps.sh installs them).
"""

from __future__ import annotations

import importlib
import sys

# Import name -> Debian package.
PACKAGES = {
    "numpy": "python3-numpy",
    "h5py": "python3-h5py",
    "xarray": "python3-xarray",
    "matplotlib": "python3-matplotlib",
    "scipy": "python3-scipy",
}
LOADER = ("numpy", "h5py")
REPORT = ("numpy", "h5py", "xarray", "matplotlib", "scipy")


class MissingPackages(ImportError):
    """An import the analysis needs failed; the message is one line saying what to do."""


def message(missing: list[str]) -> str:
    """The one-line explanation for the import names in `missing`."""
    debs = " ".join(PACKAGES.get(m, m) for m in missing)
    return (f"coalesce analysis: {sys.executable} (Python {sys.version.split()[0]}) cannot import "
            f"{', '.join(missing)}; run it with Debian's /usr/bin/python3 after "
            f"'apt-get install {debs}' (scripts/install-deps.sh installs them all)")


def _importable(name: str) -> bool:
    try:
        importlib.import_module(name)
    except ImportError:
        return False
    return True


def load(name: str):
    """Imports the module `name` (e.g. "xarray", "scipy.special") where it is first needed, as
    the loader does with xarray (a second to import): a failure is MissingPackages with the
    one-line message, never a bare ModuleNotFoundError traceback."""
    try:
        return importlib.import_module(name)
    except ImportError:
        require((name.split(".")[0],))
        raise


def require(names=REPORT) -> None:
    """Imports each module of `names`; when one fails, raises MissingPackages naming every
    package the analysis lacks (so that one install fixes loader and report alike)."""
    if all(_importable(n) for n in names):
        return
    missing = [n for n in dict.fromkeys((*names, *REPORT)) if not _importable(n)]
    raise MissingPackages(message(missing))
