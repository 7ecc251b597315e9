#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Checks of a rendered HTML report (used by scripts/render-report-check).

usage: check_report_render.py REPORT.html SCREENSHOT.png PDF_TEXT.txt PAGE.png...

Fails (exit 1) when:
  - the HTML is not valid HTML5 by html5lib in strict mode (any parse error);
  - the HTML references anything outside itself: an http(s) or protocol-relative URL, a
    src/href attribute other than a same-page #fragment, @import, @font-face, url() other
    than url(#id), or a <script>/<link>/<img>/<iframe>/<object>/<embed> element;
  - a client id (C followed by 5 or more digits, the form of the sample and simulated
    practices) appears in the HTML or in the PDF's text;
  - the screenshot or any printed page is blank (fewer than 0.5% non-white pixels);
  - the screenshot has content in its rightmost 4 pixel columns (something overflows the page
    width, i.e. is clipped);
  - the PDF text lacks the report's title.
"""
import re
import sys

import html5lib
from PIL import Image


def fail(msg):
    print(f"render check: FAIL: {msg}", file=sys.stderr)
    sys.exit(1)


def nonwhite_fraction(im):
    g = im.convert("L")
    hist = g.histogram()
    dark = sum(hist[:240])
    return dark / max(1, g.width * g.height)


def main(argv):
    if len(argv) < 5:
        fail(__doc__)
    html_path, shot, pdf_text, pages = argv[1], argv[2], argv[3], argv[4:]
    html = open(html_path, encoding="utf-8").read()
    parser = html5lib.HTMLParser(strict=True, namespaceHTMLElements=False)
    try:
        doc = parser.parse(html)
    except Exception as e:  # html5lib raises ParseError in strict mode
        fail(f"{html_path}: not valid HTML5 (html5lib strict): {e}")
    for tag in ("script", "link", "img", "iframe", "object", "embed"):
        if doc.find(f".//{tag}") is not None:
            fail(f"{html_path}: has a <{tag}> element")
    if re.search(r"https?://|//[a-z0-9.-]+\.[a-z]{2,}", html, re.I):
        fail(f"{html_path}: contains a network URL")
    for m in re.finditer(r'\b(?:src|href|xlink:href)\s*=\s*"([^"]*)"', html):
        if not m.group(1).startswith("#"):
            fail(f"{html_path}: external reference {m.group(0)}")
    if re.search(r"@import|@font-face", html) or re.search(r"url\((?!#)", html):
        fail(f"{html_path}: CSS loads something from outside the page")
    ids = re.compile(r"\bC\d{5,}\b")
    if ids.search(html):
        fail(f"{html_path}: a client id appears in the HTML")
    text = open(pdf_text, encoding="utf-8", errors="replace").read()
    if ids.search(text):
        fail(f"{pdf_text}: a client id appears in the PDF text")
    if "Practice outcome report" not in text:
        fail(f"{pdf_text}: the PDF text lacks the report title")
    im = Image.open(shot)
    if nonwhite_fraction(im) < 0.005:
        fail(f"{shot}: blank screenshot")
    edge = im.convert("L").crop((im.width - 4, 0, im.width, im.height))
    if edge.getextrema()[0] < 200:
        fail(f"{shot}: content reaches the right edge (clipped)")
    for p in pages:
        f = nonwhite_fraction(Image.open(p))
        if f < 0.005:
            fail(f"{p}: blank printed page ({f:.4f} non-white)")
    print(f"render check: ok: {html_path} ({len(pages)} printed pages)")


if __name__ == "__main__":
    main(sys.argv)
