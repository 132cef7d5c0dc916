"""Small facts about content files that several plugins need before Pelican has read them."""

from __future__ import annotations

import datetime as dt
import fnmatch
import glob
import os
import re
from pathlib import Path

DRAFT = re.compile(r"""^status:\s*["']?draft["']?\s*$""", re.MULTILINE)
AGENDA = "agenda"  # the type folder of events


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
    """Return whether a content file's front matter says `status: draft`."""
    return says_draft(Path(path).read_text(encoding="utf-8"))


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
