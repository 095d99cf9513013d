# SPDX-License-Identifier: Apache-2.0
# The structure of a vigil HTML report, for CLI snapshot tests that do not
# depend on bytes: well-formed nesting of the elements that must close,
# headings, the SVG charts, table sizes, and no external resource.
import sys
from html.parser import HTMLParser

VOID = {"meta", "br", "img", "link", "input", "hr", "rect", "line", "path",
        "circle"}


class P(HTMLParser):
    def __init__(self):
        super().__init__()
        self.stack, self.out, self.errors = [], [], []
        self.svg = self.tables = self.rows = 0
        self.text_of = None
        self.buf = ""

    def handle_starttag(self, tag, attrs):
        for k, v in attrs:
            if k in ("src", "href") and v and (v.startswith("http") or
                                               v.startswith("//")):
                self.errors.append("external resource: %s" % v)
        if tag == "svg":
            self.svg += 1
        if tag == "table":
            self.tables += 1
        if tag == "tr":
            self.rows += 1
        if tag in ("h1", "h2"):
            self.text_of, self.buf = tag, ""
        if tag not in VOID:
            self.stack.append(tag)

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in VOID:
            self.stack.pop()

    def handle_endtag(self, tag):
        if tag in VOID:
            return
        if not self.stack or self.stack[-1] != tag:
            self.errors.append("unbalanced </%s>" % tag)
            return
        self.stack.pop()
        if tag == self.text_of:
            self.out.append("%s %s" % (tag, self.buf.strip()))
            self.text_of = None

    def handle_data(self, data):
        if self.text_of:
            self.buf += data


p = P()
p.feed(open(sys.argv[1], encoding="utf-8").read())
p.close()
for line in p.out:
    print(line)
print("svg %d, tables %d, rows %d" % (p.svg, p.tables, p.rows))
if p.stack:
    p.errors.append("unclosed: %s" % " ".join(p.stack))
for e in p.errors:
    print("ERROR", e)
sys.exit(1 if p.errors else 0)
