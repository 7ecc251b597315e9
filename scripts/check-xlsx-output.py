#!/usr/bin/env python3
"""Reads workbooks written by `headway ... --format xlsx` back with openpyxl and pandas, and
compares every cell with the command's CSV output (the same text; numbers as numbers).

    swift build && python3 scripts/check-xlsx-output.py [path/to/headway]
"""
import io
import subprocess
import sys
import tempfile
from pathlib import Path

import openpyxl
import pandas as pd

root = Path(__file__).resolve().parent.parent
headway = sys.argv[1] if len(sys.argv) > 1 else str(root / ".build/debug/headway")
fx = root / "Tests/HeadwayCLITests/Fixtures"
cases = [
    ["change", str(fx / "flags-small.csv")],
    ["gas", str(fx / "gas-goals.csv")],
    ["report", str(fx / "flags-small.csv")],
    ["check", str(fx / "messy/openpyxl-export.xlsx")],
]
failures = 0
for args in cases:
    csv = subprocess.run([headway, *args, "--format", "csv"], capture_output=True, check=False).stdout.decode()
    with tempfile.NamedTemporaryFile(suffix=".xlsx") as f:
        subprocess.run([headway, *args, "--format", "xlsx"], stdout=f, check=False)
        f.flush()
        book = openpyxl.load_workbook(f.name)
        frames = pd.read_excel(f.name, sheet_name=None, dtype=str, keep_default_na=False)
    expected = pd.read_csv(io.StringIO(csv), dtype=str, keep_default_na=False)
    if "section" in expected.columns and args[0] == "report":
        parts = {s: g.reset_index(drop=True) for s, g in expected.groupby("section", sort=False)}
    else:
        parts = {args[0]: expected}
    ok = list(frames) == list(parts)
    for name, want in parts.items():
        got = frames.get(name)
        if got is None or list(got.columns) != list(want.columns) or len(got) != len(want):
            ok = False
            continue
        for col in want.columns:
            for a, b in zip(got[col], want[col]):
                if a != b:
                    try:
                        same = float(a) == float(b)
                    except ValueError:
                        same = False
                    if not same:
                        ok = False
                        print(f"  {args[0]} {name} {col}: workbook {a!r} csv {b!r}")
    print(f"{' '.join(args[:1])}: sheets {book.sheetnames}, rows {[len(v) for v in frames.values()]}: {'ok' if ok else 'DIFFERENT'}")
    failures += not ok
sys.exit(1 if failures else 0)
