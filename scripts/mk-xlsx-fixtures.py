#!/usr/bin/env python3
"""Writes the .xlsx test fixtures with openpyxl (another program than Headway), so that the
reader is tested against workbooks as a spreadsheet library writes them.

    python3 scripts/mk-xlsx-fixtures.py        # needs openpyxl (Notebooks/requirements.txt)

Writes Tests/HeadwayXLSXTests/Fixtures/*.xlsx and Tests/HeadwayCLITests/Fixtures/messy/*.xlsx.
The 100,000-row workbook for the timing is written to a path given with --large PATH (not committed).
"""
import datetime
import re
import sys
import zipfile
from pathlib import Path

import openpyxl

root = Path(__file__).resolve().parent.parent
xlsx_dir = root / "Tests/HeadwayXLSXTests/Fixtures"
messy_dir = root / "Tests/HeadwayCLITests/Fixtures/messy"


def cells():
    """Every kind of cell: shared strings (openpyxl writes strings to the shared table), numbers,
    booleans, dates (1900 system), date-times, empty cells, an inline string is added below."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Scores"
    ws.append(["client_id", "date", "measure", "score", "flag", "note"])
    ws.append(["Zoë", datetime.date(2025, 2, 3), "PHQ-9", 18, True, "first"])
    ws.append(["Zoé", datetime.datetime(2025, 3, 2, 10, 30), "PHQ-9", 12.5, False, None])
    ws.append(["1001", datetime.date(1900, 1, 1), "GAD-7", 0, None, "id written as text"])
    ws.append([None, None, None, None, None, None])           # an empty row (cells with no value)
    ws.append([1002, datetime.date(1900, 3, 1), "GAD-7", -1.25e-3, None, "last"])
    ws["B6"].number_format = "dd/mm/yyyy"
    second = wb.create_sheet("Second")
    second.append(["a", "b"])
    second.append(["x", 2])
    wb.save(xlsx_dir / "cells.xlsx")

    # 1904 date system.
    wb = openpyxl.Workbook()
    wb.epoch = openpyxl.utils.datetime.CALENDAR_MAC_1904
    ws = wb.active
    ws.append(["client_id", "date", "measure", "score"])
    ws.append(["A", datetime.date(2025, 2, 3), "PHQ-9", 10])
    ws.append(["A", datetime.date(1904, 1, 2), "PHQ-9", 8])
    wb.save(xlsx_dir / "dates-1904.xlsx")


def shared_strings(src, dst):
    """A copy of `src` whose first sheet's inline strings are moved to a shared-string table, as
    Excel writes them (this openpyxl writes inline strings): one string as rich text (two runs)
    with a phonetic run, which a reader must leave out."""
    zin = zipfile.ZipFile(src)
    sheet = zin.read("xl/worksheets/sheet1.xml").decode()
    table = []

    def to_shared(m):
        text = m.group(2)
        if text not in table:
            table.append(text)
        return f'<c r="{m.group(1)}" t="s"><v>{table.index(text)}</v></c>'

    sheet = re.sub(r'<c r="([A-Z]+[0-9]+)" t="inlineStr"><is><t>([^<]*)</t></is></c>', to_shared, sheet)
    items = []
    for t in table:
        if t == "first":
            items.append('<si><r><t>fi</t></r><r><rPr><b/></rPr><t>rst</t></r><rPh sb="0" eb="1"><t>PHONETIC</t></rPh></si>')
        else:
            items.append(f"<si><t>{t}</t></si>")
    sst = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
           f'count="{len(table)}" uniqueCount="{len(table)}">' + "".join(items) + "</sst>")
    zout = zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED)
    for item in zin.infolist():
        data = zin.read(item.filename)
        if item.filename == "xl/worksheets/sheet1.xml":
            data = sheet.encode()
        elif item.filename == "[Content_Types].xml":
            data = data.decode().replace("</Types>", '<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>').encode()
        elif item.filename == "xl/_rels/workbook.xml.rels":
            data = data.decode().replace("</Relationships>", '<Relationship Id="rIdSST" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>').encode()
        zout.writestr(item, data)
    zout.writestr("xl/sharedStrings.xml", sst)
    zout.close()


def messy():
    """The messy fixture an .xlsx export: observations with dates, a blank score, a wide sheet
    on the second sheet, and a goals sheet with review columns."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Observations"
    ws.append(["Client", "Date", "Measure", "Score", "Therapist"])
    rows = [("Zoë", (2025, 1, 6), "PHQ-9", 18), ("Zoë", (2025, 2, 3), "PHQ-9", 9),
            ("Zoé", (2025, 1, 8), "PHQ-9", 17), ("Zoé", (2025, 2, 5), "PHQ-9", 16),
            ("Zoé", (2025, 2, 5), "GAD-7", None)]
    for c, d, m, s in rows:
        ws.append([c, datetime.date(*d), m, s, "T1"])
    wide = wb.create_sheet("Wide")
    wide.append(["Client", "Date", "PHQ-9", "GAD7 score"])
    wide.append(["W1", datetime.date(2025, 1, 6), 18, 15])
    wide.append(["W1", datetime.date(2025, 3, 3), 7, 6])
    goals = wb.create_sheet("Goals")
    goals.append(["client_id", "goal", "importance", "difficulty", "Baseline", "Review 1", "Review 2", "Outcome"])
    goals.append(["G1", 1, 2, 2, -1, -1, 0, 1])
    goals.append(["G1", 2, 1, 2, -2, -1, None, 0])
    goals.append(["G1", 3, 2, 1, -1, 0, 1, 2])
    bad = wb.create_sheet("Bad")
    bad.append(["client_id", "date", "measure", "score"])
    bad.append(["B1", datetime.date(2025, 1, 6), "PHQ-9", 12])
    bad.append(["B1", datetime.date(2025, 2, 3), "PHQ-9", "x"])
    wb.save(messy_dir / "openpyxl-export.xlsx")


def large(path, n=100_000):
    """n observation rows (dates as Excel dates), for the timing in docs/input.md."""
    wb = openpyxl.Workbook(write_only=True)
    ws = wb.create_sheet("Observations")
    ws.append(["client_id", "date", "measure", "score"])
    start = datetime.date(2024, 1, 1)
    for i in range(n):
        client = f"C{i // 10:06d}"
        ws.append([client, start + datetime.timedelta(days=7 * (i % 10) + i // 10 % 300), "PHQ-9", (i * 7) % 28])
    wb.save(path)


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--large":
        large(sys.argv[2])
    else:
        cells()
        shared_strings(xlsx_dir / "cells.xlsx", xlsx_dir / "shared-strings.xlsx")
        messy()
