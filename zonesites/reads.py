"""What reading each content file gave: shared by the sites one process builds, kept between builds.

A regional file is shown on every zone, so the sites of one language would read it once each; and
after an edit, `make serve` rebuilds sites of which one file changed. Both read each file once and
take the rest from here.

What reading a file gives depends on its text; on which content files exist and which are drafts
(links and event names are checked); and on the code and settings. So an entry is used only when
the file's text is the same (its hash) and so are the tree of content files, the code and the
settings (the fingerprint). The frontmatter plugin asks for the store with the signal
zonelib.signals.read_store (answered by `Reads.answer`), then calls `get` and `put`.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import sys
import time
from pathlib import Path

from zonelib.content import content_files, says_draft
from zonelib.gallery import DATA_FILE as GALLERY_FILE
from zonelib.gallery import FOLDER as GALLERIES

NAME = "reads.{lang}.pickle"
FILES = "files.pickle"  # what the last build saw of each content file: time, size, hash, draft
STILL = 2  # seconds a file must have been left alone for its time and size to stand for its text


def fingerprint(*paths: Path) -> str:
    """Return a hash of the text of these files and of the files in these folders (code, settings,
    theme: what a build depends on besides the content); compiled Python is left out."""
    digest = hashlib.sha256()
    for path in paths:
        for file in sorted(path.rglob("*")) if path.is_dir() else [path]:
            if file.is_file() and "__pycache__" not in file.parts:
                digest.update(f"{file}\0".encode() + file.read_bytes())
    return digest.hexdigest()


def installed() -> str:
    """Return the installed Python packages and their versions (a new Markdown or Jinja may write
    other HTML from the same files): the names of their metadata folders, name-version.dist-info
    (reading each package's metadata instead took a tenth of a no-change build)."""
    return " ".join(sorted(entry.name for folder in sys.path if os.path.isdir(folder or ".")
                           for entry in os.scandir(folder or ".") if entry.name.endswith((".dist-info", ".egg-info"))))


def stamp(content: Path, ignored: list[str]) -> str:
    """Return a hash of the name, size and time of every content file a page may show something of
    besides its text: downloads (their size), not Markdown files (the pages' own text and metadata)
    nor the photos of galleries (pages show their dimensions, which the gallery's metadata carries;
    the photo cache is keyed by their bytes), nor those `ignored`."""
    digest = hashlib.sha256()
    for root, name in content_files(content, ignored):
        if name.endswith(".md") or (os.path.basename(os.path.dirname(root)) == GALLERIES and name != GALLERY_FILE):
            continue
        try:
            info = os.stat(os.path.join(root, name))
        except OSError:  # gone since it was listed
            continue
        digest.update(f"{root}/{name}\0{info.st_size}\0{info.st_mtime_ns}\0".encode())
    return digest.hexdigest()


def _hash(text: bytes) -> str:
    return hashlib.sha1(text).hexdigest()  # noqa: S324 (a cache key, not security)


class Reads:
    """Read results of one build's process by (file, site language), for the files of `content`."""

    def __init__(self, content: Path, ignored: list[str], folder: Path | None, code: str, data: dict | None = None):
        """Hash every content file (but those `ignored`), derive the fingerprint and load the kept
        results that match it; folder None keeps nothing on disk. `data`: what reading data files
        gave (see kept), shared with the stores of later builds of this process."""
        self.folder, self.content, self.ignored, self.code = folder, content, ignored, code
        self.data = {} if data is None else data  # {(what, path): (hash of its bytes, what reading gave)}
        self.started = time.time_ns()
        self.files, self.fingerprint = self._scan(self._known() if folder else {})  # files: path -> (modified, size, hash, draft)
        self.hashes = {path: described[2] for path, described in self.files.items()}
        self.entries: dict[str, dict] = {}  # language -> {(path, hash): pickled result}
        self.new: set[str] = set()  # languages with results that are not on disk yet

    def _scan(self, known: dict) -> tuple[dict, str]:
        """Return what each Markdown file is now, and the fingerprint of the tree with the code."""
        files, tree = {}, hashlib.sha256(self.code.encode())
        for root, name in content_files(self.content, self.ignored):
            path = os.path.join(root, name)
            try:
                described = self._describe(path, known.get(path)) if name.endswith(".md") else None
            except OSError:  # gone since it was listed
                continue
            tree.update(f"{path}\0".encode())
            if described:
                files[path] = described
                tree.update(b"d" if described[3] else b"p")
        return files, tree.hexdigest()

    def _known(self) -> dict:
        """Return what the last build saw of each file, trusting only files that had not changed for
        STILL seconds then (a file rewritten within the same clock tick keeps its time and maybe its
        size; such a file is read again)."""
        try:
            kept = pickle.loads((self.folder / FILES).read_bytes())  # noqa: S301 (our own cache file)
        except (OSError, TypeError, AttributeError, pickle.UnpicklingError, EOFError):
            return {}
        if not isinstance(kept, dict) or "at" not in kept:
            return {}
        return {path: described for path, described in kept["files"].items()
                if described[0] < kept["at"] - STILL * 10**9}

    @staticmethod
    def _describe(path: str, known: tuple | None) -> tuple:
        info = os.stat(path)
        if known and known[:2] == (info.st_mtime_ns, info.st_size):
            return known
        text = Path(path).read_bytes()
        return info.st_mtime_ns, info.st_size, _hash(text), says_draft(text.decode("utf-8", "replace"))

    def _file(self, lang: str) -> Path:
        return self.folder / NAME.format(lang=lang)

    def _kept(self, lang: str) -> dict:
        """Return the results kept on disk for lang, if they were made with this fingerprint."""
        try:
            kept = pickle.loads(self._file(lang).read_bytes())  # noqa: S301 (our own cache file)
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError, KeyError, TypeError):
            return {}
        return kept.get("entries", {}) if kept.get("fingerprint") == self.fingerprint else {}

    def _of(self, lang: str) -> dict:
        if lang not in self.entries:
            self.entries[lang] = self._kept(lang) if self.folder else {}
        return self.entries[lang]

    def answer(self, settings: dict) -> Reads:
        """Answer zonelib.signals.read_store: this store serves every run of this process."""
        return self

    def kept(self, what: str, path: Path, read):
        """Return what read() gives of a data file, read again only when its bytes changed (and at
        once when they cannot be read: read() says why)."""
        try:
            digest = _hash(path.read_bytes())
        except OSError:
            return read()
        found = self.data.get((what, str(path)))
        if found is None or found[0] != digest:
            found = self.data[(what, str(path))] = (digest, read())
        return found[1]

    def get(self, path: str, lang: str) -> bytes | None:
        """Return the pickled result of reading path for a site in lang, or None."""
        digest = self.hashes.get(path)
        return self._of(lang).get((path, digest)) if digest else None

    def put(self, path: str, lang: str, result: bytes) -> None:
        """Keep the pickled result of reading path for a site in lang (not if the file changed since
        the build started: its hash would not say what was read)."""
        digest = self.hashes.get(path)
        if digest and _hash(Path(path).read_bytes()) == digest:
            self._of(lang)[(path, digest)] = result
            self.new.add(lang)

    def save(self) -> None:
        """Write the new results to disk, with those another process kept meanwhile for the same tree;
        nothing when the tree changed during the build (a result may then belong to neither tree)."""
        if not self.folder or self._scan(self.files)[1] != self.fingerprint:
            return
        self.folder.mkdir(parents=True, exist_ok=True)
        _replace(self.folder / FILES, {"at": self.started, "files": self.files})
        current = set(self.hashes.items())
        for lang in self.new:
            entries = {key: value for key, value in {**self._kept(lang), **self.entries[lang]}.items()
                       if key in current}
            _replace(self._file(lang), {"fingerprint": self.fingerprint, "entries": entries})
        self.new.clear()


def _replace(path: Path, data: dict) -> None:
    """Write data to path at once (readers see the old file or the new one, never half of one)."""
    temporary = path.with_suffix(f".{os.getpid()}.tmp")
    temporary.write_bytes(pickle.dumps(data, protocol=pickle.HIGHEST_PROTOCOL))
    os.replace(temporary, path)
