"""What page text may hold: the content policy, as pure functions.

Staff write Markdown. Raw HTML is limited to a few inline tags, with no attribute but `title` and
`lang`; scripts, `javascript:` links and plain links to local addresses are refused (a `{filename}`
link follows the page it names, a plain one breaks when an address changes); images in page text are
refused (photos go in galleries, which resize them and remove their camera data); a single `#`
heading would make a second page title.

A `tree` (zonelib.content.ContentTree, or any object with the same three methods) tells what the
content folder holds: `state(path)` is PUBLISHED, DRAFT or None (no such file), `names()` every
content-relative Markdown path, `page_at(zone, lang, address)` the file whose page is at that
address of the zone's site in lang. It is the only contact with the file system, so every function here can be tested on
its own. Links to the sites' own domains, or to the preview server, are refused with the file link
that replaces them: a page's address may change, its file link follows it. So are such addresses
written as they are (<https://…>, or bare in the text), and a domain that differs from a site's by
a typo.
"""

from __future__ import annotations

import difflib
import os
import re
from pathlib import PurePosixPath
from urllib.parse import urlsplit

from .messages import say
from .problems import Problem, did_you_mean
from .zonefile import REGION_DIR

PUBLISHED, DRAFT = "published", "draft"

FILENAME = re.compile(r"^(?P<name>[^.]+)\.(?P<lang>[a-z]{2})\.md$")
H1 = re.compile(r"^#(?!#)\s")
CODE_FENCE = re.compile(r"^(```|~~~)")
INTERNAL_LINK = re.compile(r"\{filename\}([^)\s\"'#]+)")
RAW_TAG = re.compile(r"<(/?)([A-Za-z][\w-]*)([^>]*)>")
ALLOWED_TAGS = {"abbr", "br", "small", "sub", "sup", "span"}  # raw HTML staff may need; the rest is Markdown
ALLOWED_ATTRIBUTES = re.compile(r"""^(\s+(title|lang)\s*=\s*("[^"]*"|'[^']*'))*\s*/?$""")
IMAGE_WITHOUT_ALT = re.compile(r"!\[\s*\]\(")
PLAIN_LINK = re.compile(r"(?<!!)\[[^\]]*\]\((?!https?://|mailto:|tel:|#|\{filename\})([^)\s]*)")
WEB_LINK = re.compile(r"(?<!!)\[[^\]]*\]\((https?://[^)\s]*)")
# An address written as it is, <https://…> or bare in the text (not inside a link's parentheses).
PLAIN_ADDRESS = re.compile(r"(?<![(\w/])<?(https?://[^\s<>)\]]*[^\s<>)\].,;:!?'\"»])")
AUTOLINK = re.compile(r"^(:|[^\s>]*@)")  # what follows '<' + word in <https://…> or <info@x.brussels>
TYPO = 0.85  # how close to a site's domain a domain must be to be taken for a typo of it
LOCAL_IMAGE = re.compile(r"!\[[^\]]*\]\((?!https://)")
JAVASCRIPT_URL = re.compile(r"\]\(\s*javascript:|href\s*=\s*[\"']?\s*javascript:", re.IGNORECASE)


def link_target(target: str, source: PurePosixPath) -> PurePosixPath | None:
    """Return the content-relative path a {filename} link names from source, or None when it
    leads out of the content folder."""
    joined = target[1:] if target.startswith("/") else f"{source.parent}/{target}"
    resolved = PurePosixPath(os.path.normpath(joined))
    return None if not resolved.parts or resolved.parts[0] == ".." or resolved.is_absolute() else resolved


def link_problem(target: str, source: PurePosixPath, tree) -> str | None:
    """Return what is wrong with a {filename} link from source (relative to content), or None."""
    resolved = link_target(target, source)
    state = tree.state(resolved.as_posix()) if resolved else None
    if state is None:
        names = tree.names()
        close = did_you_mean(resolved.as_posix() if resolved else target, names) if names else ""
        return say("the link to '%(target)s' leads to no file%(suggestion)s; check the spelling and the folder",
                   target=target, suggestion=close)
    if state == DRAFT:
        return say("the link to '%(target)s' goes to a draft, which is not published; remove the link or "
                   "publish the page", target=target)
    wanted, own = FILENAME.match(resolved.name), FILENAME.match(source.name)
    if wanted and own and wanted["lang"] != own["lang"]:
        return say("the link to '%(target)s' goes to the '%(lang)s' version; link to the '%(own)s' file (the "
                   "language switch takes readers to the other language)", target=target, lang=wanted["lang"],
                   own=own["lang"])
    if source.parts[0] == REGION_DIR and resolved.parts[0] != REGION_DIR:
        return say("the link to '%(target)s' goes to one zone's page, but this regional page is shown on "
                   "every zone; link to a page under content/region/", target=target)
    return None


def web_link_problem(url: str, source: PurePosixPath, sites: dict[str, tuple[str, str]], tree) -> str | None:
    """Return what is wrong with a link to an address of one of the zone sites or of the preview
    server, or None. `sites` gives the (zone, language) of each site's domain. A link that a file
    link can replace is refused with that file link (a page's address may change, its file link
    follows it); a link to another zone's page must lead to a page; the preview is never linked."""
    parsed = urlsplit(url)
    host = (parsed.hostname or "").removesuffix(".localhost")
    preview = host in ("localhost", "127.0.0.1") or parsed.hostname != host
    parts = [part for part in parsed.path.split("/") if part]
    if preview and parts and parts[0] in sites:  # the preview server's /<domain>/…
        host, parts = parts[0], parts[1:]
    if host not in sites:
        if preview:
            return say("the link to '%(url)s' goes to the preview on this computer, which visitors cannot reach; "
                       "link to the page's file instead: [text]({filename}/region/pages/…)", url=url)
        if close := difflib.get_close_matches(host, list(sites), n=1, cutoff=TYPO):
            return say("the link to '%(url)s' goes to '%(host)s', which is none of the sites (did you mean "
                       "'%(domain)s'?); correct it, or better, link to the page's file: [text]({filename}/…)",
                       url=url, host=host, domain=close[0])
        return None
    zone, lang = sites[host]
    found = tree.page_at(zone, lang, "/".join(parts))
    reachable = found and found.split("/")[0] in (source.parts[0], REGION_DIR)
    if reachable:
        return say("the link to '%(url)s' goes to the page of %(file)s by its address, which breaks when the "
                   "address changes; link to its file instead: [text]({filename}/%(file)s)", url=url, file=found)
    if preview:
        return say("the link to '%(url)s' goes to the preview on this computer, which visitors cannot reach; "
                   "write the address of the page on its site", url=url)
    if not found:
        return say("the link to '%(url)s' leads to no page of that site; check the address", url=url)
    return None


def html_problems(line: str) -> list[str]:
    """Return what is not allowed in one line of Markdown: raw HTML beyond a few tags, scripts,
    unchecked links, images."""
    problems = []
    for closing, tag, attributes in RAW_TAG.findall(line):
        if closing or AUTOLINK.match(attributes):  # a closing tag, or an address: <https://…>, <info@…>
            continue
        if tag.lower() not in ALLOWED_TAGS:
            problems.append(say("<%(tag)s> is not allowed in page text (only %(allowed)s); write it in Markdown, "
                                "or ask for a template", tag=tag, allowed=", ".join(sorted(ALLOWED_TAGS))))
        elif not ALLOWED_ATTRIBUTES.match(attributes):
            problems.append(say("<%(tag)s> has attributes that are not allowed (only title and lang): no style, "
                                "no on… event handlers", tag=f"{tag}{attributes}"))
    if JAVASCRIPT_URL.search(line):
        problems.append(say("a 'javascript:' link is not allowed; link to a page or an address"))
    else:
        problems += [say("the link to '%(target)s' is not checked and breaks when an address changes; link to "
                         "the page's file instead: [text]({filename}/region/pages/contact.fr.md)", target=target)
                     for target in PLAIN_LINK.findall(line)]
    if IMAGE_WITHOUT_ALT.search(line):
        problems.append(say("an image without alt text: describe it between the brackets, ![what it shows](…)"))
    elif LOCAL_IMAGE.search(line):
        problems.append(say("images in page text are not published (they would not be resized nor cleaned of "
                            "their camera data); put photos in a gallery (content/<zone>/galleries/)"))
    return problems


def body_problems(body: str, first_line: int, path: str, source: PurePosixPath, tree,
                  sites: dict[str, tuple[str, str]]) -> list[Problem]:
    """Return the problems of a Markdown body, line by line (code blocks are left alone)."""
    problems, in_code = [], False
    for number, line in enumerate(body.splitlines(), start=first_line):
        if CODE_FENCE.match(line):
            in_code = not in_code
            continue
        if in_code:
            continue
        if H1.match(line):
            problems.append(Problem(path, number, say("a heading starting with a single '#' makes a second page "
                                                      "title; use '##' (the title comes from 'title:')")))
        problems += [Problem(path, number, message) for message in html_problems(line)]
        for target in INTERNAL_LINK.findall(line):
            if message := link_problem(target, source, tree):
                problems.append(Problem(path, number, message))
        for url in [*WEB_LINK.findall(line), *PLAIN_ADDRESS.findall(line)]:
            if message := web_link_problem(url, source, sites, tree):
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
        return say("'%(file)s' cannot be offered for download: only %(kinds)s files can (export it as PDF)",
                   file=name, kinds=", ".join(f".{kind}" for kind in DOWNLOADS))
    if not head.startswith(DOWNLOADS[extension]):
        return say("despite its name, '%(file)s' is not really a .%(kind)s file; export it again as .%(kind)s",
                   file=name, kind=extension)
    if size > MAX_DOWNLOAD:
        return say("'%(file)s' weighs %(size).0f MB, too much for visitors on a phone (at most %(most).0f MB); "
                   "export it smaller", file=name, size=size / 1e6, most=MAX_DOWNLOAD / 1e6)
    return None
