"""A Markdown extension: every table of a page's text in a scroll container of its own.

A data table may be wider than a phone's screen, above all with text enlarged (WCAG 1.4.10 allows
a table to scroll, not the page). The container scrolls sideways when it must, can be reached with
the keyboard to scroll it (tabindex), and is a region named by the heading the table follows.
Listed in the MARKDOWN setting as "zonelib.tables".
"""

from __future__ import annotations

import xml.etree.ElementTree as etree

from markdown import Extension
from markdown.treeprocessors import Treeprocessor

HEADINGS = {"h2", "h3", "h4", "h5", "h6"}
CLASS = "table-scroll"


def wrap_tables(root: etree.Element) -> None:
    """Put each table under `root` in a <div class="table-scroll">, named by the heading before it."""
    heading = None
    for index, child in enumerate(list(root)):
        if child.tag in HEADINGS:
            heading = child
        elif child.tag == "table":
            box = etree.Element("div", {"class": CLASS, "tabindex": "0"})
            if heading is not None and heading.get("id"):
                box.set("role", "region")
                box.set("aria-labelledby", heading.get("id"))
            root.remove(child)
            box.append(child)
            root.insert(index, box)
        elif child.tag not in ("p", "ul", "ol", "pre", "hr", "table"):
            wrap_tables(child)


class TableScroll(Treeprocessor):
    def run(self, root: etree.Element) -> None:
        wrap_tables(root)


class TableScrollExtension(Extension):
    def extendMarkdown(self, md) -> None:  # noqa: N802 (Markdown's name)
        md.treeprocessors.register(TableScroll(md), "table_scroll", 4)  # after "toc" (5) gave headings their ids


def makeExtension(**kwargs) -> TableScrollExtension:  # noqa: N802 (Markdown's name)
    return TableScrollExtension(**kwargs)
