#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Execute Headway's notebooks headlessly, each in a fresh kernel, and report.

    python3 scripts/execute_notebooks.py [--timeout SECONDS] [--clear] [NOTEBOOK ...]

Without NOTEBOOK arguments, runs every Notebooks/*.ipynb in name order. Each notebook is
first checked to be committed without outputs (no outputs, no execution counts); it is then
executed in memory (the file is not modified) with its working directory set to Notebooks/,
so a failing cell or assertion fails that notebook. Prints one line per notebook and a closing
line `notebooks: N passed, M failed`; the exit status is 1 if any failed.

--clear strips outputs and execution counts from the given (or all) notebooks in place and
exits; run it before committing a notebook that was run in Jupyter.
"""
import argparse
import os
import re
import sys
import time
import traceback
from pathlib import Path

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError, CellTimeoutError

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = ROOT / "Notebooks"
ANSI = re.compile(r"\x1b\[[0-9;]*m")


def stored_outputs(nb) -> list[int]:
    """Indices of code cells that carry outputs or an execution count."""
    return [i for i, c in enumerate(nb.cells)
            if c.cell_type == "code" and (c.get("outputs") or c.get("execution_count") is not None)]


def clear(nb) -> None:
    for c in nb.cells:
        if c.cell_type == "code":
            c.outputs = []
            c.execution_count = None


def run(path: Path, timeout: int) -> str | None:
    """Returns None on success, else a short reason."""
    nb = nbformat.read(path, as_version=4)
    dirty = stored_outputs(nb)
    if dirty:
        return (f"committed with outputs in code cell(s) {dirty}: "
                f"clear them with `python3 scripts/execute_notebooks.py --clear {path.relative_to(ROOT)}`")
    client = NotebookClient(nb, timeout=timeout, kernel_name="python3", allow_errors=False,
                            resources={"metadata": {"path": str(path.parent)}})
    try:
        client.execute()
    except CellTimeoutError as e:
        return f"cell timed out after {timeout} s: {e}"
    except CellExecutionError as e:
        return ANSI.sub("", str(e))
    except Exception:  # kernel death, missing kernel, ...
        return traceback.format_exc()
    return None


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("notebooks", nargs="*", type=Path)
    ap.add_argument("--timeout", type=int, default=int(os.environ.get("HEADWAY_CELL_TIMEOUT", "600")),
                    help="seconds per cell (default 600, or HEADWAY_CELL_TIMEOUT)")
    ap.add_argument("--clear", action="store_true", help="strip outputs in place and exit")
    args = ap.parse_args()
    paths = [p.resolve() for p in args.notebooks] or sorted(NOTEBOOKS.glob("*.ipynb"))
    if args.clear:
        for p in paths:
            nb = nbformat.read(p, as_version=4)
            clear(nb)
            nbformat.write(nb, p)
            print(f"cleared {p.relative_to(ROOT)}")
        return 0
    os.environ.setdefault("HEADWAY_BIN", str(ROOT / ".build" / "release" / "headway"))
    os.environ["MPLBACKEND"] = "Agg"
    passed = failed = 0
    for p in paths:
        start = time.monotonic()
        error = run(p, args.timeout)
        took = time.monotonic() - start
        name = p.relative_to(ROOT)
        if error is None:
            passed += 1
            print(f"ok     {name} ({took:.1f} s)", flush=True)
        else:
            failed += 1
            print(f"FAILED {name} ({took:.1f} s)\n{error}", flush=True)
    print(f"notebooks: {passed} passed, {failed} failed")
    return 1 if failed or not paths else 0


if __name__ == "__main__":
    sys.exit(main())
