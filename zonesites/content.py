"""Small facts about content files that several plugins need before Pelican has read them."""

from __future__ import annotations

import re
from pathlib import Path

DRAFT = re.compile(r"""^status:\s*["']?draft["']?\s*$""", re.MULTILINE)
AGENDA = "agenda"  # the type folder of events


def is_draft(path: Path) -> bool:
    """Return whether a content file's front matter says `status: draft`."""
    parts = Path(path).read_text(encoding="utf-8").split("---", 2)
    return len(parts) == 3 and bool(DRAFT.search(parts[1]))


def events_of(content: Path, scope: str) -> list[str]:
    """Return the names of the published events of a scope (file names without the language)."""
    return sorted({path.name.split(".")[0] for path in (content / scope / AGENDA).glob("*.md")
                   if not is_draft(path)})
