"""Report content files that no site would read, instead of letting them vanish."""

from __future__ import annotations

from pathlib import Path

from .content import content_files
from .problems import Problem, did_you_mean, shown
from .zonefile import REGION_DIR


def layout_problems(content: Path, root: Path, zone_ids: list[str], types: list[str],
                    ignored: list[str]) -> list[Problem]:
    """Return a problem for every file outside content/<region or zone>/<type>/ (but those `ignored`)."""
    scopes = [REGION_DIR, *zone_ids]
    problems = []
    for folder, name in content_files(content, ignored):
        parts = Path(folder).relative_to(content).parts
        if len(parts) < 2:
            message = (f"this file is not in a content folder, so no site shows it; move it to "
                       f"content/<{' or '.join(['region', 'zone id'])}>/<{' or '.join(types)}>/")
        elif parts[0] not in scopes:
            message = (f"'{parts[0]}' is neither 'region' nor a zone of zones.yaml"
                       f"{did_you_mean(parts[0], scopes)}, so no site shows this file; rename the folder")
        elif parts[1] not in types:
            message = (f"'{parts[1]}' is not a content folder{did_you_mean(parts[1], types)}, so no site "
                       f"shows this file; the folders are: {', '.join(types)}")
        else:
            continue
        problems.append(Problem(shown(Path(folder, name), root), 1, message))
    return problems
