"""What page text may hold: the content policy, as pure functions.

Staff write Markdown. Raw HTML is limited to a few inline tags, with no attribute but `title` and
`lang`; scripts, `javascript:` links and plain links to local addresses are refused (a `{filename}`
link follows the page it names, a plain one breaks when an address changes); images in page text are
refused (photos go in galleries, which resize them and remove their camera data); a single `#`
heading would make a second page title.

`lookup(path)` tells what a file of the content folder is: PUBLISHED, DRAFT or None (no such file);
it is the only contact with the file system, so every function here can be tested on its own.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from pathlib import PurePosixPath

from .problems import Problem
from .zonefile import REGION_DIR

PUBLISHED, DRAFT = "published", "draft"
Lookup = Callable[[str], str | None]

FILENAME = re.compile(r"^(?P<name>[^.]+)\.(?P<lang>[a-z]{2})\.md$")
H1 = re.compile(r"^#(?!#)\s")
CODE_FENCE = re.compile(r"^(```|~~~)")
INTERNAL_LINK = re.compile(r"\{filename\}([^)\s\"'#]+)")
RAW_TAG = re.compile(r"<(/?)([A-Za-z][\w-]*)([^>]*)>")
ALLOWED_TAGS = {"abbr", "br", "small", "sub", "sup", "span"}  # raw HTML staff may need; the rest is Markdown
ALLOWED_ATTRIBUTES = re.compile(r"""^(\s+(title|lang)\s*=\s*("[^"]*"|'[^']*'))*\s*/?$""")
IMAGE_WITHOUT_ALT = re.compile(r"!\[\s*\]\(")
PLAIN_LINK = re.compile(r"(?<!!)\[[^\]]*\]\((?!https?://|mailto:|tel:|#|\{filename\})([^)\s]*)")
LOCAL_IMAGE = re.compile(r"!\[[^\]]*\]\((?!https://)")
JAVASCRIPT_URL = re.compile(r"\]\(\s*javascript:|href\s*=\s*[\"']?\s*javascript:", re.IGNORECASE)


def link_target(target: str, source: PurePosixPath) -> PurePosixPath | None:
    """Return the content-relative path a {filename} link names from source, or None when it
    leads out of the content folder."""
    joined = target[1:] if target.startswith("/") else f"{source.parent}/{target}"
    resolved = PurePosixPath(os.path.normpath(joined))
    return None if not resolved.parts or resolved.parts[0] == ".." or resolved.is_absolute() else resolved


def link_problem(target: str, source: PurePosixPath, lookup: Lookup) -> str | None:
    """Return what is wrong with a {filename} link from source (relative to content), or None."""
    resolved = link_target(target, source)
    state = lookup(resolved.as_posix()) if resolved else None
    if state is None:
        return f"the link to '{target}' leads to no file; check the spelling and the folder"
    if state == DRAFT:
        return f"the link to '{target}' goes to a draft, which is not published; remove the link or publish the page"
    wanted, own = FILENAME.match(resolved.name), FILENAME.match(source.name)
    if wanted and own and wanted["lang"] != own["lang"]:
        return (f"the link to '{target}' goes to the '{wanted['lang']}' version; link to the '{own['lang']}' file "
                "(the language switch takes readers to the other language)")
    if source.parts[0] == REGION_DIR and resolved.parts[0] != REGION_DIR:
        return (f"the link to '{target}' goes to one zone's page, but this regional page is shown on every "
                "zone; link to a page under content/region/")
    return None


def html_problems(line: str) -> list[str]:
    """Return what is not allowed in one line of Markdown: raw HTML beyond a few tags, scripts,
    unchecked links, images."""
    problems = []
    for closing, tag, attributes in RAW_TAG.findall(line):
        if closing:
            continue
        if tag.lower() not in ALLOWED_TAGS:
            problems.append(f"<{tag}> is not allowed in page text (only {', '.join(sorted(ALLOWED_TAGS))}); "
                            "write it in Markdown, or ask for a template")
        elif not ALLOWED_ATTRIBUTES.match(attributes):
            problems.append(f"<{tag}{attributes}> has attributes that are not allowed (only title and lang): "
                            "no style, no on… event handlers")
    if JAVASCRIPT_URL.search(line):
        problems.append("a 'javascript:' link is not allowed; link to a page or an address")
    else:
        problems += [f"the link to '{target}' is not checked and breaks when an address changes; link to the "
                     "page's file instead: [text]({filename}/region/pages/contact.fr.md)"
                     for target in PLAIN_LINK.findall(line)]
    if IMAGE_WITHOUT_ALT.search(line):
        problems.append("an image without alt text: describe it between the brackets, ![what it shows](…)")
    elif LOCAL_IMAGE.search(line):
        problems.append("images in page text are not published (they would not be resized nor cleaned of "
                        "their camera data); put photos in a gallery (content/<zone>/galleries/)")
    return problems


def body_problems(body: str, first_line: int, path: str, source: PurePosixPath, lookup: Lookup) -> list[Problem]:
    """Return the problems of a Markdown body, line by line (code blocks are left alone)."""
    problems, in_code = [], False
    for number, line in enumerate(body.splitlines(), start=first_line):
        if CODE_FENCE.match(line):
            in_code = not in_code
            continue
        if in_code:
            continue
        if H1.match(line):
            problems.append(Problem(path, number, "a heading starting with a single '#' makes a second page "
                                                  "title; use '##' (the title comes from 'title:')"))
        problems += [Problem(path, number, message) for message in html_problems(line)]
        for target in INTERNAL_LINK.findall(line):
            if message := link_problem(target, source, lookup):
                problems.append(Problem(path, number, message))
    return problems


DOWNLOADS = {  # what a report may offer for download: extension -> how such a file starts
    "pdf": b"%PDF-", "docx": b"PK\x03\x04", "xlsx": b"PK\x03\x04", "pptx": b"PK\x03\x04",
    "odt": b"PK\x03\x04", "ods": b"PK\x03\x04", "odp": b"PK\x03\x04",
}
MAX_DOWNLOAD = 30_000_000  # bytes: what a visitor on a phone can still fetch


def download_problem(name: str, head: bytes, size: int) -> str | None:
    """Return what is wrong with a file offered for download (its name, first bytes and size), or None."""
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if extension not in DOWNLOADS:
        return (f"'{name}' cannot be offered for download: only {', '.join(f'.{e}' for e in DOWNLOADS)} "
                "files can (export it as PDF)")
    if not head.startswith(DOWNLOADS[extension]):
        return f"'{name}' is not a .{extension} file inside, whatever its name says; export it again as .{extension}"
    if size > MAX_DOWNLOAD:
        return (f"'{name}' weighs {size / 1e6:.0f} MB, too much for visitors on a phone (at most "
                f"{MAX_DOWNLOAD / 1e6:.0f} MB); export it smaller")
    return None
