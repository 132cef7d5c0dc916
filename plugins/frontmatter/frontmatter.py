"""Read Markdown files with a YAML front-matter block, checked field by field with line numbers.

A content file is `content/<scope>/<type>/<name>.<lang>.md`, where scope is `region` or a zone id,
type a content type folder and lang a language of the sites. Its front matter is checked against the
schema of its type, its text against the content policy (zonelib.policy); every problem is logged as
`path:line: what is wrong` and the file is refused. The reader accepts what editors on every system
save: UTF-8 with or without a byte-order mark, any line endings.

Content types: every plugin that owns a type folder answers the signal zonelib.signals.content_types
with its ContentType (schema and check); this one answers for `pages`, and reads the Markdown types
(a tool may send the signal too, to learn every type and its schema). A build tool may answer
zonelib.signals.read_store with a store of what reading each file gave, so that a regional file is
parsed once for the sites of one language, not once per zone; each site unpickles its own copy.

Settings: none of its own. It reads PATH, DEFAULT_LANG, MARKDOWN and the languages of ZONES_DATA.

Each page gets: lang, scope (region or a zone id), translation_key (<type>/<name>), source (the
path as staff see it) and field_lines ({front-matter key: line}) for checks made after reading.

Every content type's front matter may say where its facts come from (`source: …`) or that they are
not confirmed and why (`unconfirmed: …`): such a page is listed for the staff after the build (or
stops it when FACTS_REFUSE_UNCONFIRMED is true), and templates mark it for visitors.
"""

from __future__ import annotations

import logging
import pickle
import re
from pathlib import Path, PurePosixPath

from markdown import Markdown
from pelican import signals
from pelican.readers import BaseReader

from zonelib.messages import say
from zonelib import facts, policy, yamlines
from zonelib import problems as findings
from zonelib import schema as schemas
from zonelib.content import ContentTree, ContentType, inside, read_text
from zonelib.problems import Problem, ProblemsError, did_you_mean, shown
from zonelib.settings import ZONES_DATA
from zonelib.signals import content_types, read_store

logger = logging.getLogger(__name__)

READ = "content files read"  # counted (zonelib.problems.count): files parsed, not taken from the store

FENCE = "---"
NAME = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")  # the name part of a file: it becomes a web address
# Pages with a fixed address: (url, save_as).
FIXED = {"pages/index": ("", "index.html"), "pages/404": ("404.html", "404.html")}
# Files Pelican would otherwise read in another format; refused so that nothing is read half-right.
OTHER_FORMATS = ["markdown", "mkd", "mdown", "rst", "html", "htm"]

PAGE_SCHEMA = {
    "title": say("page"), "x-label": say("Pages"), "type": "object", "additionalProperties": False,
    "required": ["title"],
    "properties": {
        "title": schemas.labelled({"type": "string", "minLength": 1}, say("Title")),
        "slug": schemas.SLUG,
        "summary": schemas.labelled({"type": "string", "minLength": 1}, say("Summary"),
                                    say("One sentence, shown by search engines.")),
        "template": schemas.labelled({"type": "string", "pattern": r"^[a-z_]+$", "x-expected": say("a template name")},
                                     say("Layout"), say("Only for pages that show the zone's data: home, about, "
                                                        "helpdesk, team, contact, zones. Leave it empty.")),
        "menu": schemas.labelled({"type": "integer", "minimum": 1, "maximum": 999}, say("Place in the main menu"),
                                 say("A number: the page appears in the main menu, in the order of these numbers "
                                     "(10, 20, 30…). Left empty, the page is not in the menu.")),
        "status": schemas.STATUS,
        "updated": schemas.labelled({"type": "date"}, say("Last updated"),
                                    say("Shown at the bottom of the page: “Last updated on …”.")),
        "untranslated": schemas.UNTRANSLATED,
        **facts.CONFIRMATION,
    },
}
PAGES = ContentType("pages", PAGE_SCHEMA)


def split(text: str, path: str) -> tuple[str, int, str, int]:
    """Return (front matter, its first line, body, body's first line) of a content file."""
    lines = text.splitlines(keepends=True)
    if not lines or lines[0].strip() != FENCE:
        raise ProblemsError([Problem(path, 1, say("the file must start with a line '---', then the title and "
                                                  "other fields, then another '---' line"))])
    for index, line in enumerate(lines[1:], start=1):
        if line.strip() == FENCE:
            return "".join(lines[1:index]), 2, "".join(lines[index + 1:]), index + 2
    raise ProblemsError([Problem(path, 1, say("the front-matter block opened with '---' on line 1 is never "
                                              "closed; add a line '---' after the last field"))])


def name_problem(relative: PurePosixPath, languages: list[str]) -> str | None:
    """Return what is wrong with the place or name of a content file, or None."""
    if len(relative.parts) < 3:
        return say("content files go in content/<region or zone>/<type>/ and are named <name>.<language>.md "
                   "(like helpdesk.fr.md)")
    pieces = relative.name.split(".")
    if len(pieces) != 3:
        return say("a content file is named <name>.<language>.md, the language being one of %(languages)s "
                   "(like %(example)s)", languages=", ".join(languages),
                   example=f"{schemas.slugify(pieces[0]) or 'name'}.{languages[0]}.md")
    name, lang, _ = pieces
    if lang not in languages:
        return say("'%(lang)s' is not a language of the sites%(suggestion)s; name the file %(names)s",
                   lang=lang, suggestion=did_you_mean(lang, languages),
                   names=" / ".join(f"{name}.{code}.md" for code in languages))
    if not NAME.match(name):
        return say("the name '%(name)s' becomes a web address, which may contain only lowercase letters, digits "
                   "and '-'; rename the file like %(example)s", name=name,
                   example=f"{schemas.slugify(name) or 'name'}.{lang}.md")
    return None


def check_front_matter(data, kind: ContentType, path: str, settings: dict) -> list[Problem]:
    """Return the problems of a file's front matter (read with zonelib.yamlines): those of its type's
    schema, then, when there are none, those of its type's own check."""
    problems = schemas.check(data, kind.schema, path)
    return problems if problems or not kind.check else kind.check(data, path, settings)


def sites_of(zones: dict) -> dict[str, tuple[str, str]]:
    """Return the (zone, language) of each site's domain."""
    return {domain: (zone["id"], lang) for zone in zones["zones"] for lang, domain in zone["domain"].items()}


class FrontMatterReader(BaseReader):
    """Markdown with YAML front matter; the body of other-language twins is not rendered."""

    enabled = True
    file_extensions = ["md"]

    def read(self, source_path: str):
        store, lang = self._store(), self.settings["DEFAULT_LANG"]
        if store and (kept := store.get(source_path, lang)):
            outcome = pickle.loads(kept)  # noqa: S301 (a fresh copy of what this build kept)
        else:
            outcome = self._outcome(source_path)
            findings.count(logger, READ, 1)
            if store:
                store.put(source_path, lang, pickle.dumps(outcome))
        body, metadata, problems = outcome
        for problem in problems:
            findings.log(logger, problem)
        if problems:
            raise ProblemsError(problems)
        if facts.UNCONFIRMED in metadata:
            facts.report(logger, self.settings, metadata["source"], metadata["field_lines"][facts.UNCONFIRMED],
                         say("what this page says"), metadata[facts.UNCONFIRMED])
        return body, metadata

    def _store(self):
        """Return the build tool's store of kept reads, if one answers (asked once per run)."""
        if not hasattr(self, "store"):
            self.store = next((store for _, store in read_store.send(self.settings) if store), None)
        return self.store

    def _tree(self, content: Path) -> ContentTree:
        """Return what the content folder holds (one per run: each fact is read once)."""
        if not hasattr(self, "tree"):
            self.tree = ContentTree(content, {folder: kind.url for folder, kind in self._types().items()},
                                    {key: url for key, (url, _) in FIXED.items()})
        return self.tree

    def _types(self) -> dict[str, ContentType]:
        """Return the content types by folder: pages, and those the plugins of this run answer with."""
        if not hasattr(self, "types"):
            answers = [kind for _, kind in content_types.send(self.settings)]
            self.types = {kind.folder: kind for kind in [PAGES, *answers] if kind.markdown}
        return self.types

    def _outcome(self, source_path: str) -> tuple[str, dict | None, list[Problem]]:
        """Return (HTML body, metadata, []) or ("", None, problems) for one file."""
        content = Path(self.settings["PATH"]).absolute()
        path = shown(source_path, content.parent.resolve())
        try:
            if not inside(source_path, content):
                raise ProblemsError([Problem(path, 1, say("this file is a link to a file outside the content "
                                                          "folder, which is never published; copy the file here "
                                                          "instead of linking to it"))])
            relative = PurePosixPath(Path(source_path).absolute().relative_to(content).as_posix())
            return (*self._read(read_text(source_path, path), relative, path, content), [])
        except ProblemsError as error:
            return "", None, error.problems

    def _read(self, text: str, relative: PurePosixPath, path: str, content: Path):
        languages = list(self.settings[ZONES_DATA]["languages"])
        if problem := name_problem(relative, languages):
            raise ProblemsError([Problem(path, 1, problem)])
        parts, (name, lang, _) = relative.parts, relative.name.split(".")
        kind = self._types().get(parts[1])
        if kind is None:
            known = ", ".join(sorted(self._types()))
            raise ProblemsError([Problem(path, 1, say("'%(folder)s' is not a content type folder%(suggestion)s; "
                                                      "use one of: %(known)s", folder=parts[1], known=known,
                                                      suggestion=did_you_mean(parts[1], self._types())))])
        front, front_line, body, body_line = split(text, path)
        data = yamlines.load(front, path, front_line) if front.strip() else None
        if not isinstance(data, dict):
            raise ProblemsError([Problem(path, front_line, say("the front matter must be 'key: value' lines, "
                                                                "at least 'title: …'"))])
        problems = policy.body_problems(body, body_line, path, relative, self._tree(content),
                                        sites_of(self.settings[ZONES_DATA]))
        problems = [*yamlines.dropped_text(front, path, front_line), *check_front_matter(data, kind, path, self.settings),
                    *problems]
        if problems:
            raise ProblemsError(problems)

        key = "/".join([*parts[1:-1], name])
        metadata = {**data, "lang": lang, "scope": parts[0], "translation_key": key,
                    "source": path, "field_lines": dict(data.lines)}
        if facts.SOURCE in data:  # `source` names the file the page was read from
            metadata["fact_source"] = data[facts.SOURCE]
        metadata.setdefault("slug", name)
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
                          say("only Markdown files named <name>.<language>.md are read; rename this file or "
                              "move it out of content/"))
        findings.log(logger, problem)
        raise ProblemsError([problem])


def add_reader(readers) -> None:
    """Read .md files with FrontMatterReader; refuse the formats of Pelican's other readers."""
    readers.reader_classes["md"] = FrontMatterReader
    readers.reader_classes.update(dict.fromkeys(OTHER_FORMATS, OtherFormatReader))


def page_type(settings: dict) -> ContentType:
    """Return the content type of the pages folder (an answer to zonelib.signals.content_types)."""
    return PAGES


def register() -> None:
    signals.readers_init.connect(add_reader)
    content_types.connect(page_type)
