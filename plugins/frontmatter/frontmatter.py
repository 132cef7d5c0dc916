"""Read Markdown files with a YAML front-matter block, checked field by field with line numbers.

A content file is `content/<scope>/<type>/<name>.<lang>.md`, where scope is `region` or a zone id
and type a content type folder (`pages`, …). Its front matter is checked against the schema of its
type; every problem is logged as `path:line: what is wrong` and the file is refused.

Settings:
  FRONTMATTER_SCHEMAS   {type folder: JSON Schema of its front matter}; content-type plugins add theirs
  FRONTMATTER_CHECKS    {type folder: check(data, path, settings) -> [Problem]} for what a schema
                        cannot say (an end before its start…); `data` keeps the line of every key
  FRONTMATTER_READS     optional store of what reading each file gave, with get(path, lang) and
                        put(path, lang, pickled result) (zonesites.reads.Reads: shared by the sites
                        one process builds and kept between builds), so that a regional file is parsed
                        once, not once per zone; each site unpickles its own copy

Each page gets: lang, scope (region or a zone id), translation_key (<type>/<name>), source (the
path as staff see it) and field_lines ({front-matter key: line}) for checks made after reading.
"""

from __future__ import annotations

import logging
import os
import pickle
import re
from pathlib import Path

from markdown import Markdown
from pelican import signals
from pelican.readers import BaseReader

from zonesites.settings import FRONTMATTER_CHECKS, FRONTMATTER_READS, FRONTMATTER_SCHEMAS
from zonesites import schema as schemas
from zonesites import yamlines
from zonesites import problems as findings
from zonesites.content import is_draft
from zonesites.problems import Problem, ProblemsError, shown
from zonesites.zonefile import REGION_DIR

logger = logging.getLogger(__name__)

READ = "content files read"  # counted (zonesites.problems.count): files parsed, not taken from FRONTMATTER_READS

FENCE = "---"
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
# Pages with a fixed address: (url, save_as).
FIXED = {"pages/index": ("", "index.html"), "pages/404": ("404.html", "404.html")}
# Files Pelican would otherwise read in another format; refused so that nothing is read half-right.
OTHER_FORMATS = ["markdown", "mkd", "mdown", "rst", "html", "htm"]

UNTRANSLATED = {"type": "boolean"}  # true: may be published before its twin, with a notice on the other site
PAGE_SCHEMA = {
    "title": "page", "type": "object", "additionalProperties": False, "required": ["title"],
    "properties": {
        "title": {"type": "string", "minLength": 1},
        "slug": schemas.SLUG,
        "summary": {"type": "string", "minLength": 1},
        "template": {"type": "string", "pattern": r"^[a-z_]+$", "x-expected": "a template name"},
        "menu": {"type": "integer", "minimum": 1, "maximum": 999},
        "status": {"enum": ["published", "draft"]},
        "updated": {"type": "date"},
        "untranslated": UNTRANSLATED,
    },
}
DEFAULT_SCHEMAS = {"pages": PAGE_SCHEMA}

def split(text: str, path: str) -> tuple[str, int, str, int]:
    """Return (front matter, its first line, body, body's first line) of a content file."""
    lines = text.splitlines(keepends=True)
    if not lines or lines[0].strip() != FENCE:
        raise ProblemsError([Problem(path, 1, "the file must start with a line '---', then the title and "
                                              "other fields, then another '---' line")])
    for index, line in enumerate(lines[1:], start=1):
        if line.strip() == FENCE:
            return "".join(lines[1:index]), 2, "".join(lines[index + 1:]), index + 2
    raise ProblemsError([Problem(path, 1, "the front-matter block opened with '---' on line 1 is never "
                                          "closed; add a line '---' after the last field")])


def link_problem(target: str, source: Path, content: Path) -> str | None:
    """Return what is wrong with a {filename} link from source (relative to content), or None."""
    resolved = Path(os.path.normpath(target[1:] if target.startswith("/") else source.parent / target))
    wanted = FILENAME.match(resolved.name)
    if resolved.parts[0] == ".." or not (content / resolved).is_file():
        return f"the link to '{target}' leads to no file; check the spelling and the folder"
    if is_draft(content / resolved):
        return f"the link to '{target}' goes to a draft, which is not published; remove the link or publish the page"
    lang = FILENAME.match(source.name)["lang"]
    if wanted and wanted["lang"] != lang:
        return (f"the link to '{target}' goes to the '{wanted['lang']}' version; link to the '{lang}' file "
                "(the language switch takes readers to the other language)")
    if source.parts[0] == REGION_DIR and resolved.parts[0] != REGION_DIR:
        return (f"the link to '{target}' goes to one zone's page, but this regional page is shown on every "
                "zone; link to a page under content/region/")
    return None


def html_problems(line: str) -> list[str]:
    """Return what is not allowed in one line of Markdown: raw HTML beyond a few tags, scripts."""
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


def body_problems(body: str, first_line: int, path: str, source: Path, content: Path) -> list[Problem]:
    """Return problems of the Markdown body that the reader can see line by line."""
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
            if message := link_problem(target, source, content):
                problems.append(Problem(path, number, message))
    return problems


class FrontMatterReader(BaseReader):
    """Markdown with YAML front matter; the body of other-language twins is not rendered."""

    enabled = True
    file_extensions = ["md"]

    def read(self, source_path: str):
        reads, lang = self.settings.get(FRONTMATTER_READS), self.settings["DEFAULT_LANG"]
        if reads and (kept := reads.get(source_path, lang)):
            outcome = pickle.loads(kept)  # noqa: S301 (a fresh copy of what this build kept)
        else:
            outcome = self._outcome(source_path)
            findings.count(logger, READ, 1)
            if reads:
                reads.put(source_path, lang, pickle.dumps(outcome))
        body, metadata, problems = outcome
        for problem in problems:
            findings.log(logger, problem)
        if problems:
            raise ProblemsError(problems)
        return body, metadata

    def _outcome(self, source_path: str) -> tuple[str, dict | None, list[Problem]]:
        """Return (HTML body, metadata, []) or ("", None, problems) for one file."""
        content = Path(self.settings["PATH"]).resolve()
        relative = Path(source_path).resolve().relative_to(content)
        try:
            return (*self._read(Path(source_path).read_text(encoding="utf-8"), relative,
                                shown(source_path, content.parent), content), [])
        except ProblemsError as error:
            return "", None, error.problems

    def _read(self, text: str, relative: Path, path: str, content: Path):
        parts = relative.parts
        name = FILENAME.match(relative.name)
        if len(parts) < 3 or not name:
            raise ProblemsError([Problem(path, 1, "content files go in content/<region or zone>/<type>/ and "
                                                   "are named <name>.<language>.md (like helpdesk.fr.md)")])
        front, front_line, body, body_line = split(text, path)
        data = yamlines.load(front, path, front_line) if front.strip() else None
        if not isinstance(data, dict):
            raise ProblemsError([Problem(path, front_line, "the front matter must be 'key: value' lines, "
                                                            "at least 'title: …'")])
        schema = self.settings[FRONTMATTER_SCHEMAS].get(parts[1])
        if schema is None:
            known = ", ".join(sorted(self.settings[FRONTMATTER_SCHEMAS]))
            raise ProblemsError([Problem(path, 1, f"'{parts[1]}' is not a content type folder; use one of: {known}")])
        problems = schemas.check(data, schema, path) + body_problems(body, body_line, path, relative, content)
        if not problems and (check := self.settings[FRONTMATTER_CHECKS].get(parts[1])):
            problems = check(data, path, self.settings)
        if problems:
            raise ProblemsError(problems)

        lang = name["lang"]
        key = "/".join([*parts[1:-1], name["name"]])
        metadata = {**data, "lang": lang, "scope": parts[0], "translation_key": key,
                    "source": path, "field_lines": dict(data.lines)}
        metadata.setdefault("slug", name["name"])
        if key in FIXED:
            metadata["url"], metadata["save_as"] = FIXED[key]
        if lang != self.settings["DEFAULT_LANG"]:
            return "", metadata  # a twin: only its metadata is needed on this site
        return self._markdown().reset().convert(body), metadata

    def _markdown(self) -> Markdown:
        """Return this reader's converter (made once: making one costs as much as converting a page),
        with exactly the configured extensions.

        Pelican's own MarkdownReader adds its `meta` extension to the MARKDOWN setting, which would
        swallow a first line like 'Note: …' of the text; the front matter is ours, so it is left out.
        """
        if not hasattr(self, "converter"):
            options = self.settings["MARKDOWN"]
            configs = options.get("extension_configs", {})
            self.converter = Markdown(extensions=list(configs), extension_configs=configs,
                                      output_format=options.get("output_format", "html5"))
        return self.converter


class OtherFormatReader(BaseReader):
    """Refuse content files in formats other than .md, with a message that says what to do."""

    enabled = True
    file_extensions = OTHER_FORMATS

    def read(self, source_path: str):
        problem = Problem(shown(source_path, Path(self.settings["PATH"]).resolve().parent), 1,
                          "only Markdown files named <name>.<language>.md are read; "
                          "rename this file or move it out of content/")
        findings.log(logger, problem)
        raise ProblemsError([problem])


def unique_addresses(generators) -> None:
    """Report two pages written to the same address of a site, naming both files."""
    seen = {}
    for generator in generators:
        for page in [*getattr(generator, "pages", []), *getattr(generator, "hidden_pages", [])]:
            if page.save_as in seen:
                first = seen[page.save_as]
                findings.log(logger, Problem(page.source, page.field_lines.get("slug", 1),
                                             f"this page has the same address ({page.url or '/'}) as "
                                             f"{first.source}; give one of them another 'slug'"))
            else:
                seen[page.save_as] = page


def freeze_urls(generator) -> None:
    """Keep each page's URL once computed: Pelican computes it again on every use, and templates use
    it many times per page (menus, language links)."""
    for page in [*generator.pages, *generator.hidden_pages, *generator.translations,
                 *generator.hidden_translations, *generator.draft_pages, *generator.draft_translations]:
        page.override_url = page.url


def add_reader(readers) -> None:
    """Read .md files with FrontMatterReader; refuse the formats of Pelican's other readers."""
    readers.reader_classes["md"] = FrontMatterReader
    readers.reader_classes.update(dict.fromkeys(OTHER_FORMATS, OtherFormatReader))


def add_default_schemas(pelican) -> None:
    """Start FRONTMATTER_SCHEMAS with the page schema; other content types add theirs."""
    pelican.settings[FRONTMATTER_SCHEMAS] = {**DEFAULT_SCHEMAS, **pelican.settings.get(FRONTMATTER_SCHEMAS, {})}
    pelican.settings.setdefault(FRONTMATTER_CHECKS, {})


def register() -> None:
    signals.initialized.connect(add_default_schemas)
    signals.readers_init.connect(add_reader)
    signals.page_generator_finalized.connect(freeze_urls)
    signals.all_generators_finalized.connect(unique_addresses)
