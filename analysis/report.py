#!/usr/bin/python3
"""Writes PNG figures and one self-contained index.html for a coalesce result file.

usage: analysis/report.py RESULT.h5 [-o DIR] [-j N] [--quiet]

Works for run files (coalesce run) and experiment files (coalesce experiment). DIR defaults
to the result's path without .h5 (results/default.h5 -> results/default/). Prints the path
of index.html. An experiment whose model records money (the coalition model) also gets
decision.html beside it: cost per unit of outcome per arm, by deprivation quintile, and
break-even values of uncertain parameters (docs/EXPERIMENTS.md, "Decision report"). An
experiment with an [uncertain] section shows, on both pages, how often each arm beats the
baseline (with its interval), its regret, and the PRIM boxes of where its condition holds.
Exit codes: 0 done; 2 bad input (missing or foreign file, unusable output
folder: one line on stderr); 1 failure while writing, or a package missing (one line naming
the interpreter and the Debian packages to install). Needs Debian's /usr/bin/python3 with
python3-numpy, python3-h5py, python3-xarray, python3-matplotlib and python3-scipy.
"""

import argparse
import sys
from pathlib import Path

# The package lives beside this script; no installation step.
sys.path.insert(0, str(Path(__file__).resolve().parent))

try:
    # Every package the report needs, before any work: one line if one is missing
    # (MissingPackages, an ImportError, raised by the package itself or by require).
    from coalesce_analysis.requirements import REPORT, require  # noqa: E402

    require(REPORT)
    # Light imports only (h5py, numpy): bad input is answered before matplotlib and xarray load.
    from coalesce_analysis.loader import ResultError, open_file  # noqa: E402
    from coalesce_analysis.output import default_output, prepare_output  # noqa: E402
except ImportError as missing:
    print(f"report: {missing}", file=sys.stderr)
    sys.exit(1)


class Parser(argparse.ArgumentParser):
    def error(self, message):  # one line and exit code 2, like the C++ command
        print(f"report: {message} (usage: report.py RESULT.h5 [-o DIR] [-j N] [--quiet])", file=sys.stderr)
        sys.exit(2)


def main(argv=None) -> int:
    p = Parser(description="Plots and a self-contained HTML report from a coalesce result file.")
    p.add_argument("result", help="result file written by coalesce run or coalesce experiment")
    p.add_argument("-o", "--out", help="output folder (default: the result path without .h5)")
    p.add_argument("--quiet", action="store_true", help="print only the path of index.html")
    p.add_argument("-j", "--jobs", type=int, default=None,
                   help="processes drawing figures (default: COALESCE_REPORT_JOBS or 1)")
    args = p.parse_args(argv)
    try:
        if args.jobs is not None and args.jobs < 1:
            raise ResultError(f"--jobs {args.jobs}: must be at least 1")
        open_file(args.result).close()  # the input first: no output folder for a bad input
        out = prepare_output(args.out if args.out is not None else default_output(args.result))
        from coalesce_analysis.reporting import write_report

        index = write_report(args.result, out, log=None if args.quiet else lambda m: print(m, file=sys.stderr),
                             workers=args.jobs)
    except ResultError as e:
        print(f"report: {e}", file=sys.stderr)
        return 2
    except (KeyError, RuntimeError, ValueError, IndexError, TypeError) as e:
        # Whatever reading a damaged file raised outside the loader: one line, bad input.
        detail = (str(e).splitlines() or [type(e).__name__])[0][:100]
        print(f"report: '{args.result}' is damaged or incomplete ({detail})", file=sys.stderr)
        return 2
    except OSError as e:
        print(f"report: cannot write the report: {e}", file=sys.stderr)
        return 1
    print(index.resolve())
    return 0


if __name__ == "__main__":
    sys.exit(main())
