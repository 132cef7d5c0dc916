"""Report content files that no site would read, and links or special files in the content folder,
before any site is built."""

from __future__ import annotations

import fnmatch
import os
import stat
from pathlib import Path

from zonelib.content import content_files, inside
from zonelib.messages import say
from zonelib.problems import Problem, did_you_mean, shown
from zonelib.zonefile import REGION_DIR


def layout_problems(content: Path, root: Path, zone_ids: list[str], types: list[str],
                    ignored: list[str]) -> list[Problem]:
    """Return a problem for every file outside content/<region or zone>/<type>/ (but those `ignored`)."""
    scopes = [REGION_DIR, *zone_ids]
    problems = entry_problems(content, root, ignored)
    for folder, name in content_files(content, ignored):
        parts = Path(folder).relative_to(content).parts
        if len(parts) < 2:
            message = say("this file is not in a content folder, so no site shows it; move it to "
                          "content/<region or zone id>/<%(types)s>/", types=" | ".join(types))
        elif parts[0] not in scopes:
            message = say("'%(folder)s' is neither 'region' nor a zone of zones.yaml%(suggestion)s, so no site shows "
                          "this file; rename the folder", folder=parts[0], suggestion=did_you_mean(parts[0], scopes))
        elif parts[1] not in types:
            message = say("'%(folder)s' is not a content folder%(suggestion)s, so no site shows this file; the "
                          "folders are: %(types)s", folder=parts[1], suggestion=did_you_mean(parts[1], types),
                          types=", ".join(types))
        else:
            continue
        problems.append(Problem(shown(Path(folder, name), root), 1, message))
    return problems


def unnamed_files(content: Path, root: Path, ignored: list[str]) -> list[Problem]:
    """Return a problem for each file of a type folder that is not Markdown and that no Markdown file
    of its folder names (a download lists its file; anything else would never be published)."""
    problems, texts = [], {}
    for folder, name in content_files(content, ignored):
        parts = Path(folder).relative_to(content).parts
        if len(parts) != 2 or name.endswith(".md"):
            continue
        if folder not in texts:
            texts[folder] = "\n".join(path.read_text("utf-8", "replace") for path in Path(folder).glob("*.md"))
        if name not in texts[folder]:
            problems.append(Problem(shown(Path(folder, name), root), 1, say(
                "no page of this folder names this file, so it is not published: list a document to download under "
                "'downloads:' of its report, put a photo in a gallery, or move the file out of content/")))
    return problems


def entry_problems(content: Path, root: Path, ignored: list[str]) -> list[Problem]:
    """Return a problem for each link to a folder or to a file outside the content folder, and each
    entry that is neither a file nor a folder (a pipe, a device: reading one would never end).
    Pelican follows links, so a link to a parent folder would make it read forever, and a link to
    a file elsewhere would publish that file."""
    problems = []
    for folder, folders, files in os.walk(content):
        folders[:] = [name for name in folders if not any(fnmatch.fnmatch(name, p) for p in ignored)]
        for name in sorted(folders + files):
            path = Path(folder, name)
            if any(fnmatch.fnmatch(name, pattern) for pattern in ignored):
                continue
            if path.is_symlink() and path.is_dir():
                message = say("this folder is a link to another folder; put the files themselves here")
            elif path.is_symlink() and not inside(path, content):
                message = say("this file is a link to a file outside the content folder, which is never "
                              "published; copy the file here instead of linking to it")
            elif not path.is_symlink() and not (stat.S_ISREG(path.lstat().st_mode) or path.is_dir()):
                message = say("this is not an ordinary file (a device or a pipe); remove it")
            else:
                continue
            problems.append(Problem(shown(path, root), 1, message))
    return problems
