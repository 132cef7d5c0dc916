"""Facts about the content tree that several parts need before Pelican has read it, and content types."""

from __future__ import annotations

import datetime as dt
import fnmatch
import glob
import os
import re
import shutil
import stat
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from .messages import say
from .problems import Problem, ProblemsError

MAX_BYTES = 2_000_000  # a page or data file above this is not text staff wrote; photos and downloads aside
BOM = "\ufeff"
DRAFT = re.compile(r"""^status:\s*["']?draft["']?\s*$""", re.MULTILINE)
AGENDA = "agenda"  # the type folder of events
REGION_DIR = "region"  # content/region/ is shown on every zone; no zone may take this id


def read_text(path: Path, shown: str) -> str:
    """Return the text of a content or data file as editors on Windows, macOS and Linux save it: UTF-8
    with or without a byte-order mark, lines ending in LF, CRLF or CR (all become LF). Raise
    ProblemsError for a file that is too big or not UTF-8, saying where and how to save it again."""
    info = os.stat(path)
    if not stat.S_ISREG(info.st_mode):
        raise ProblemsError([Problem(shown, 1, say("this is not an ordinary file (a device or a pipe); remove it"))])
    size = info.st_size
    if size > MAX_BYTES:
        raise ProblemsError([Problem(shown, 1, say("this file weighs %(size).1f MB, more than the %(most).0f MB "
                                                   "a page or data file may have; it is probably not the file "
                                                   "you meant to save here", size=size / 1e6, most=MAX_BYTES / 1e6))])
    data = Path(path).read_bytes()
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise ProblemsError([Problem(shown, 1, say("this file is saved as UTF-16 ('Unicode'); save it again "
                                                   "with the encoding 'UTF-8'"))])
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data[:error.start].count(b"\n") + 1
        start = data.rfind(b"\n", 0, error.start) + 1
        end = data.find(b"\n", error.start)
        seen = data[start:end if end >= 0 else None].decode("cp1252", "replace").strip()[:60]
        raise ProblemsError([Problem(shown, line, say("this file is not saved as UTF-8 (this line reads “%(text)s” "
                                                      "in another encoding, such as Windows-1252); in your "
                                                      "editor, save it again with the encoding 'UTF-8'",
                                                      text=seen))]) from None
    return text.removeprefix(BOM).replace("\r\n", "\n").replace("\r", "\n")


def files_under(folder: Path | str) -> list[str]:
    """Return the files under a folder as sorted paths relative to it, with "/" (compiled Python
    left out): os.walk, since sorting pathlib paths is slow for a few thousand files."""
    return sorted(os.path.relpath(os.path.join(parent, name), folder).replace(os.sep, "/")
                  for parent, _, names in os.walk(folder) if "__pycache__" not in parent for name in names)


def link_file(source: Path, target: Path) -> None:
    """Put source's file at target as a hard link (no bytes copied; the file must never be changed
    in place, only replaced), or as a copy on another file system. A file already at target goes
    first: writing into it could write into the file it is a link to."""
    target.unlink(missing_ok=True)
    try:
        os.link(source, target)
    except OSError:  # another file system
        shutil.copyfile(source, target)


def inside(path: Path, folder: Path) -> bool:
    """Return whether path, once every link in it is followed, is a file within folder."""
    resolved = Path(path).resolve()
    return resolved.is_relative_to(Path(folder).resolve()) and resolved.is_file()


def content_files(content: Path, ignored: list[str]):
    """Yield (folder, file name) for every file under content/ whose name and folders' names match
    none of the `ignored` patterns (Pelican's IGNORE_FILES), in a stable order."""

    def kept(name: str) -> bool:
        return not any(fnmatch.fnmatch(name, pattern) for pattern in ignored)

    for folder, folders, files in os.walk(content):
        folders[:] = sorted(filter(kept, folders))
        for name in sorted(filter(kept, files)):
            yield folder, name


def visible(paths):
    """Return the paths that are not hidden: an editor's lock (.#name.fr.md) is not content, and may
    be a link to nothing."""
    return [path for path in paths if not path.name.startswith(".")]


def is_draft(path: Path) -> bool:
    """Return whether a content file's front matter says `status: draft` (a file that cannot be
    decoded is not a draft: its reader reports it)."""
    return says_draft(Path(path).read_bytes().decode("utf-8", "replace"))


def front_and_body(text: str) -> tuple[str, str, int] | None:
    """Return (front matter, text, the text's first line) of a content file, or None when it has no
    front-matter block between two '---' lines (its reader says what is wrong)."""
    lines = text.splitlines(keepends=True)
    if not lines or lines[0].strip() != "---":
        return None
    end = next((index for index, line in enumerate(lines[1:], start=1) if line.strip() == "---"), None)
    return None if end is None else ("".join(lines[1:end]), "".join(lines[end + 1:]), end + 2)


def says_draft(text: str) -> bool:
    """Return whether the text of a content file has `status: draft` in its front matter."""
    parts = text.split("---", 2)
    return len(parts) == 3 and bool(DRAFT.search(parts[1]))


def events_of(content: Path, scope: str) -> list[str]:
    """Return the names of the published events of a scope (file names without the language)."""
    return sorted({path.name.split(".")[0] for path in visible((content / scope / AGENDA).glob("*.md"))
                   if not is_draft(path)})


def has_event(content: Path, scope: str, name: str) -> bool:
    """Return whether a scope has a published event of that name, in any language (without reading
    the other events: a check made for every report must not grow with the agenda)."""
    return any(not is_draft(path) for path in (content / scope / AGENDA).glob(f"{glob.escape(name)}.*.md"))


def day_of(moment: dt.date | dt.datetime) -> dt.date:
    """Return the day of a date or of a date and time."""
    return moment.date() if isinstance(moment, dt.datetime) else moment


def events_by_name(pages) -> dict:
    """Return a site's event pages by (scope, file name without language), as reports and votes name them."""
    return {(page.scope, page.translation_key.split("/", 1)[1]): page
            for page in pages if getattr(page, "is_event", False)}


@dataclass(frozen=True)
class ContentType:
    """A content type folder (`pages`, `agenda`, …): the JSON Schema of its files' front matter, a
    check for what a schema cannot say, check(data, path, settings) -> [Problem], where data keeps
    the line of every key (zonelib.yamlines), and the address of its pages on a site ("{slug}/").

    Its files are Markdown, <name>.<lang>.md, one per language; or, when `data_file` names a file
    (galleries: "gallery.yaml"), each item is a folder <name>/ holding that YAML file, whose texts are
    in every language at once, with the files it lists (then `schema` is that file's, and the
    item's slug is the folder's name). `regional`: whether content/region/<folder>/ may hold items
    (galleries belong to one zone each)."""

    folder: str
    schema: dict
    check: Callable | None = None
    url: str = "{slug}/"
    data_file: str | None = None
    regional: bool = True

    @property
    def markdown(self) -> bool:
        """Whether the type's files are Markdown pages with a front-matter block."""
        return self.data_file is None


SLUG_LINE = re.compile(r"""^slug:\s*["']?([^"'\s#]+)""", re.MULTILINE)


class ContentTree:
    """What the content folder holds, for the checks of one run: each fact read once, when first
    asked (zonelib.policy's `tree`)."""

    def __init__(self, content: Path, urls: dict[str, str], fixed: dict[str, str]):
        """urls: the address pattern of each type folder; fixed: addresses of pages that have one
        ("pages/index": "")."""
        self.content, self.urls, self.fixed = Path(content), urls, fixed
        self._states: dict[str, str | None] = {}
        self._names: list[str] | None = None
        self._addresses: dict | None = None

    def state(self, relative: str) -> str | None:
        """Return "published", "draft" or None (no such file, or a link out of the folder)."""
        if relative not in self._states:
            path = self.content / relative
            self._states[relative] = (None if not inside(path, self.content)
                                      else "draft" if path.suffix == ".md" and is_draft(path) else "published")
        return self._states[relative]

    def names(self) -> list[str]:
        """Return the content-relative path of every Markdown file."""
        if self._names is None:
            self._names = [Path(folder, name).relative_to(self.content).as_posix()
                           for folder, name in content_files(self.content, [".*", "#*", "*~"]) if name.endswith(".md")]
        return self._names

    def page_at(self, zone: str, lang: str, address: str) -> str | None:
        """Return the file whose page is at `address` (no leading or trailing '/') on the site of zone
        in lang: the zone's own page, else the regional one."""
        if self._addresses is None:
            self._addresses = {}
            for relative in self.names():
                parts = relative.split("/")
                if len(parts) != 3 or parts[1] not in self.urls or self.state(relative) != "published":
                    continue
                name, file_lang = parts[2].split(".")[0], parts[2].split(".")[1]
                key = f"{parts[1]}/{name}"
                if key in self.fixed:
                    url = self.fixed[key]
                else:
                    text = (self.content / relative).read_bytes().decode("utf-8", "replace").split("---", 2)
                    found = SLUG_LINE.search(text[1]) if len(text) == 3 else None
                    url = self.urls[parts[1]].format(slug=found[1] if found else name)
                self._addresses[parts[0], file_lang, url.strip("/")] = relative
        return self._addresses.get((zone, lang, address)) or self._addresses.get((REGION_DIR, lang, address))
