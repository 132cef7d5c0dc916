"""Small facts about content files that several plugins need before Pelican has read them."""

from __future__ import annotations

import re
from pathlib import Path

DRAFT = re.compile(r"^status:\s*draft\s*$", re.MULTILINE)


def is_draft(path: Path) -> bool:
    """Return whether a content file says `status: draft` (read as text, not parsed)."""
    return bool(DRAFT.search(Path(path).read_text(encoding="utf-8")))
