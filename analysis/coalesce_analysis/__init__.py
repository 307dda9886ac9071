"""Analysis of coalesce result files: an xarray loader, figures and a self-contained HTML report.

    from coalesce_analysis import open_result
    ds = open_result("results/default.h5")      # xarray.Dataset with named dimensions

    from coalesce_analysis.reporting import write_report
    write_report("results/default.h5", "results/default")   # PNGs + index.html

The command-line entry point is analysis/report.py. Run it with Debian's /usr/bin/python3.
"""

from .requirements import LOADER, require

require(LOADER)  # one line naming the interpreter and packages, not a traceback

from .loader import (ResultError, open_agents, open_result, read_comparisons, read_sensitivity, read_uncertainty,
                     result_kind)

__all__ = ["ResultError", "open_agents", "open_result", "read_comparisons", "read_sensitivity", "read_uncertainty",
           "result_kind"]
