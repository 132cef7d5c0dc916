"""Translations in step: the pages whose text in one language changed after their translation, and the
interface sentences without translation.

Which file of a pair is behind comes from the Git history of the content folder and from what is not
committed yet: each change to a pair's files, oldest first, is either new text (the files it did not
touch are now possibly out of date) or a translation catching up (a change to a file that was
behind, or a file added next to its twin: in step again). A commit that changes every file of a
pair keeps them in step. Changes not committed yet count after the last commit, in the order the
files were saved (their modification times). Nothing is stored in the content files: what the CMS
commits, what a text editor saves and a fresh clone all give the same answer, as long as the
clone has the history (`git clone` does; a shallow clone, `--depth`, is said to be one).
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

from babel.messages.extract import extract_from_file
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po
from babel.util import pathmatch

from zonelib import messages
from zonelib.content import content_files, files_under, front_and_body
from zonelib.messages import Message, say
from zonelib.settings import I18N_CATALOGS, project_path

GIT_SECONDS = 30  # a git command on the history of the content folder ends well before this


@dataclass(frozen=True)
class Change:
    """One change to content files: a commit (its short id and day) or a file saved but not committed."""

    paths: frozenset[str]  # content files changed (relative to the project, like content/sud/pages/x.fr.md)
    deleted: frozenset[str] = frozenset()
    commit: str = ""  # empty: not committed yet
    day: str = ""  # the commit's day, YYYY-MM-DD


@dataclass(frozen=True, order=True)
class Behind:
    """A file that may be out of date: its twin's text changed after it (or it has no text yet, and
    its twin has)."""

    path: str
    twin: str
    commit: str = ""
    day: str = ""
    empty: bool = False

    def when(self) -> Message:
        if not self.commit:
            return say("not committed yet")
        return say("on %(day)s, commit %(commit)s", day=self.day, commit=self.commit)

    @property
    def message(self) -> Message:
        """What the list of a build and `make translations` say."""
        if self.empty:
            return say("has no text yet, unlike %(twin)s: write its translation", twin=Path(self.twin).name)
        return say("may be out of date: %(twin)s changed after it (%(when)s); bring it in step, then save it",
                   twin=Path(self.twin).name, when=self.when())

    @property
    def notice(self) -> Message:
        """What the preview says on the pages of the file behind."""
        if self.empty:
            return say("This page has no text yet, unlike %(twin)s: write its translation.", twin=Path(self.twin).name)
        return say("This text may be out of date: %(twin)s changed after it (%(when)s). Bring it in step, then save "
                   "it.", twin=Path(self.twin).name, when=self.when())

    @property
    def twin_notice(self) -> Message:
        """What the preview says on the pages of the twin that changed."""
        if self.empty:
            return say("Its translation %(file)s has no text yet.", file=Path(self.path).name)
        return say("Its translation %(file)s may now be out of date: this text changed after it (%(when)s).",
                   file=Path(self.path).name, when=self.when())


@dataclass
class History:
    """The changes to the content files, oldest first, and what limits them."""

    changes: list[Change] = field(default_factory=list)
    note: Message | None = None  # why the history is missing or partial


def group_key(path: str, languages: list[str]) -> str | None:
    """Return the name shared by a page's files in every language (content/sud/pages/x), or None."""
    stem, _, rest = path.rpartition("/")[2].partition(".")
    lang, _, suffix = rest.partition(".")
    if suffix != "md" or lang not in languages or not stem:
        return None
    return f"{path.rpartition('/')[0]}/{stem}"


def behind_in(changes: list[Change], group: set[str]) -> dict[str, Change]:
    """Return the files of one group (the files of a page in each language) that are behind, with the
    change that made them so (a pure function of the group's history)."""
    exists: set[str] = set()
    behind: dict[str, Change] = {}
    for change in changes:
        touched = group & change.paths
        gone = group & change.deleted
        exists -= gone
        for path in gone:
            behind.pop(path, None)
        if not touched:
            continue
        added = touched - exists
        exists |= touched
        if touched >= exists:  # every file changed together: in step
            behind.clear()
        elif touched - added - set(behind):  # new text in a file that was in step
            behind = {path: change for path in exists - touched}
        else:  # translations catching up
            for path in touched:
                behind.pop(path, None)
    return behind


def out_of_date(history: History, files: list[str], languages: list[str]) -> list[Behind]:
    """Return the files that may be out of date among `files` (the content's Markdown files now)."""
    groups: dict[str, set[str]] = {}
    for path in files:
        if key := group_key(path, languages):
            groups.setdefault(key, set()).add(path)
    relevant = [change for change in history.changes if any(group_key(p, languages) in groups
                                                             for p in change.paths | change.deleted)]
    found = []
    for group in groups.values():
        if len(group) < 2:
            continue
        for path, change in behind_in(relevant, group).items():
            twin = next(other for other in sorted(group) if other != path and other in change.paths)
            found.append(Behind(path, twin, change.commit, change.day))
    return sorted(found)


def git(root: Path, *args: str) -> str | None:
    """Return the output of a git command run in root, or None when it fails (no git, no repository)."""
    try:
        done = subprocess.run(["git", "-c", "core.quotePath=false", *args], cwd=root, capture_output=True,
                              text=True, timeout=GIT_SECONDS, check=False)
    except (OSError, subprocess.TimeoutExpired):
        return None
    return done.stdout if done.returncode == 0 else None


def history(root: Path, content: Path) -> History:
    """Return the changes to the content folder: its commits, then what is not committed yet."""
    folder = os.path.relpath(content, root)
    if git(root, "rev-parse", "--show-toplevel") is None:
        return History([], say("the project is not a Git repository (or git is missing): which translations "
                               "are out of date cannot be told"))
    note = None
    if (git(root, "rev-parse", "--is-shallow-repository") or "").strip() == "true":
        note = say("this clone has only part of the history (a shallow clone): translations changed before it are "
                   "not seen; run `git fetch --unshallow`")
    changes = commits(git(root, "log", "--reverse", "--topo-order", "--no-renames", "--relative",
                          "--format=%x00%h %cs", "--name-status", "--", folder) or "")
    changes += saved(root, folder)
    return History(changes, note)


def commits(log: str) -> list[Change]:
    """Parse `git log --format=%x00%h %cs --name-status`, oldest commit first."""
    changes = []
    for entry in log.split("\0")[1:]:
        head, *lines = entry.strip("\n").split("\n")
        commit, _, day = head.partition(" ")
        paths, deleted = set(), set()
        for line in lines:
            status, _, path = line.partition("\t")
            if path:
                (deleted if status.startswith("D") else paths).add(path)
        changes.append(Change(frozenset(paths), frozenset(deleted), commit, day))
    return changes


def saved(root: Path, folder: str) -> list[Change]:
    """Return the changes not committed yet, one per file, in the order the files were saved."""
    tracked = git(root, "diff", "--name-status", "--no-renames", "--relative", "HEAD", "--", folder)
    if tracked is None:  # no commit yet: every file is new
        tracked = ""
    untracked = git(root, "ls-files", "--others", "--exclude-standard", "--", folder) or ""
    entries = [line.split("\t", 1) for line in tracked.splitlines() if "\t" in line]
    entries += [["A", line] for line in untracked.splitlines() if line]
    found = []
    for status, path in entries:
        if status.startswith("D"):
            found.append((0, Change(frozenset(), frozenset({path}))))
        else:
            try:
                found.append((os.stat(root / path).st_mtime_ns, Change(frozenset({path}))))
            except OSError:
                continue
    return [change for _, change in sorted(found, key=lambda item: item[0])]


# Interface sentences without translation.

@dataclass(frozen=True, order=True)
class Untranslated:
    """An interface sentence that a language's catalog does not translate."""

    catalog: str  # the .po file
    text: str
    where: str  # the template or code line that writes it, or the catalog's line

    @property
    def message(self) -> Message:
        return say("“%(text)s” has no translation (%(where)s): run `make catalogs-update` and translate it",
                   text=self.text, where=self.where)


def mapped(root: Path, mapping_file: Path) -> list[tuple[Path, str, dict]]:
    """Return (file, extraction method, options) for each file a Babel mapping (babel.cfg) names."""
    with mapping_file.open() as handle:
        methods, options = parse_mapping_cfg(handle)
    found = []
    for pattern, method in methods:
        base = os.path.join(root, pattern.split("*")[0])  # the folder before the first wildcard
        base = base if os.path.isdir(base) else os.path.dirname(base)
        prefix = os.path.relpath(base, root).replace(os.sep, "/")
        names = [name if prefix == "." else f"{prefix}/{name}" for name in files_under(base)]
        found += [(root / name, method, options.get(pattern, {})) for name in names if pathmatch(pattern, name)]
    return found


def sentences(root: Path, mapping_file: Path, keywords: dict | None = None) -> dict[str, str]:
    """Return {sentence: file:line} of what the files named by a Babel mapping write."""
    found: dict[str, str] = {}
    extra = {"keywords": keywords} if keywords else {}
    for path, method, options in mapped(root, mapping_file):
        for line, message, _, _ in extract_from_file(method, str(path), options=options, **extra):
            text = message[0] if isinstance(message, tuple) else message
            found.setdefault(text, f"{path.relative_to(root).as_posix()}:{line}")
    return found


def untranslated(catalog: Path, wanted: dict[str, str], root: Path) -> list[Untranslated]:
    """Return the sentences of `wanted` that the catalog does not translate (missing, empty or fuzzy)."""
    shown = catalog.relative_to(root).as_posix() if catalog.is_relative_to(root) else str(catalog)
    try:
        with catalog.open("rb") as handle:
            messages = {(m.id[0] if isinstance(m.id, tuple) else m.id): m for m in read_po(handle) if m.id}
    except OSError:
        messages = {}
    gaps = []
    for text, where in wanted.items():
        message = messages.get(text)
        strings = message.string if message and isinstance(message.string, tuple) else (message and (message.string,))
        if not message or message.fuzzy or not all(strings):
            gaps.append(Untranslated(shown, text, where))
    return sorted(gaps)


@dataclass(frozen=True)
class Catalogs:
    """Where a kind of interface sentence is written and translated."""

    mapping: Path  # babel.cfg naming the files that write the sentences
    folder: Path  # <domain>.pot, <lang>/LC_MESSAGES/<domain>.po
    keywords: dict | None = None  # the functions that mark a sentence, when not Babel's defaults

    @property
    def domain(self) -> str:
        return next(self.folder.glob("*.pot")).stem


def interface_gaps(root: Path, catalogs: list[Catalogs], languages: list[str], cache: Path | None) -> list[Untranslated]:
    """Return every interface sentence without translation, in each language; kept in `cache` by the
    state of the files involved, since extracting the sentences takes a moment."""
    files = sorted({path for kind in catalogs for path in [
        kind.mapping, *kind.folder.rglob("*.po"), *(found for found, _, _ in mapped(root, kind.mapping))]})
    digest = hashlib.sha256(" ".join(languages).encode())
    for path in files:
        info = path.stat()
        name = os.path.relpath(path, root)  # the same in a copy of the project that links the code
        digest.update(f"{name}\0{info.st_size}\0{info.st_mtime_ns}\0".encode())
    key = digest.hexdigest()
    if cache and cache.is_file():
        try:
            kept = json.loads(cache.read_text("utf-8"))
            if kept.get("key") == key:
                return [Untranslated(*item) for item in kept["gaps"]]
        except (OSError, ValueError, TypeError):
            pass
    gaps = []
    for kind in catalogs:
        wanted = sentences(root, kind.mapping, kind.keywords)
        for lang in languages:
            gaps += untranslated(kind.folder / lang / "LC_MESSAGES" / f"{kind.domain}.po", wanted, root)
    if cache:
        cache.parent.mkdir(parents=True, exist_ok=True)
        cache.write_text(json.dumps({"key": key, "gaps": [[g.catalog, g.text, g.where] for g in gaps]}), "utf-8")
    return gaps



@dataclass
class Report:
    """The state of the translations: files possibly out of date, why that may be incomplete, and
    interface sentences without translation."""

    behind: list[Behind]
    note: Message | None
    untranslated: list[Untranslated]


def catalogs_of(settings: dict) -> list[Catalogs]:
    """Return the catalogs of the sites' interface (the theme's templates) and of the staff's messages."""
    return [Catalogs(Path(settings["THEME"]) / "babel.cfg", project_path(settings, settings[I18N_CATALOGS])),
            Catalogs(messages.CATALOGS.parent / "babel.cfg", messages.CATALOGS, messages.KEYWORDS)]


def report(root: Path, content: Path, languages: list[str], settings: dict, cache: Path | None) -> Report:
    """Return the state of the translations of a project (cache: a folder to keep the slow parts in)."""
    files = sorted(Path(folder, name).relative_to(root).as_posix()
                   for folder, name in content_files(content, settings["IGNORE_FILES"]) if name.endswith(".md"))
    found = history(root, content)
    gaps = interface_gaps(root, catalogs_of(settings), languages, cache / "interface.json" if cache else None)
    behind = out_of_date(found, files, languages)
    known = {item.path for item in behind}
    behind += [item for item in untranslated_texts(root, files, languages) if item.path not in known]
    return Report(sorted(behind), found.note, gaps)


def untranslated_texts(root: Path, files: list[str], languages: list[str]) -> list[Behind]:
    """Return the files that have no text yet while a twin has (as `make new` leaves them: a history
    cannot tell which of two files never committed is the translation of the other)."""
    groups: dict[str, list[str]] = {}
    for path in files:
        if key := group_key(path, languages):
            groups.setdefault(key, []).append(path)
    found = []
    for group in (group for group in groups.values() if len(group) > 1):
        parts = {path: front_and_body((root / path).read_text("utf-8", "replace")) for path in group}
        written = {path: bool(found and found[1].strip()) for path, found in parts.items()}
        if any(written.values()):
            twin = next(path for path in group if written[path])
            found += [Behind(path, twin, empty=True) for path in group if not written[path]]
    return found

