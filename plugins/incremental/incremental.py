"""Render only the pages whose inputs changed since the previous build; take the others from it.

A page's HTML depends on its own text and on things every page of a site shares: the metadata of
all pages (titles, addresses, dates… make menus, lists and links), the code, templates,
translations and settings, other content files (photos, downloads), and the day (upcoming and past
events). So each site gets a fingerprint of the shared part, and each page a key: the site's
fingerprint with the page's name, template and text. A page whose key is the one recorded by the
previous build is hard-linked from that build's output instead of rendered (with its .gz and .br,
which the precompress plugin then leaves as they are). Editing a page's text renders that page
again, and no other; changing a title renders the whole site.

A page without a `summary` shows a summary made from its text wherever it is listed, so its text
counts as shared. A page's text is the file it was read from (its bytes, hashed). Other generators
can reuse their files the same way: `writer.unchanged(context, name, *inputs)` returns True when it
linked the previous file; `writer.unchanged_together(context, names, *inputs)` does so for files made
together, all or none; `writer.record(name, *inputs)` records the key of a file made otherwise, and
`writer.key(name, *inputs)` only returns it (zonelib.manifest.key of `writer.fingerprint(context)`).

The manifest of an output (zonelib.manifest) is written as its files are: one line per file, `key
name`, so that it is complete when the run ends without waiting for a signal. Compiled templates are kept in a folder
too, so that the next run does not compile them again.

Settings (filled by the build tool for each site; without them, every page is rendered):
  INCREMENTAL_INPUTS     a fingerprint of what the content's metadata does not show: code, settings
                         files, theme, catalogs, zones.yaml, the files pages show the size of
  INCREMENTAL_PREVIOUS   the previous output of this site (a folder), or empty
  INCREMENTAL_MANIFESTS  (manifest of the previous output, manifest to write for this output)
  INCREMENTAL_TEMPLATES  a folder for compiled templates, or empty
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
import logging
import os
import weakref
from pathlib import Path
from zoneinfo import ZoneInfo

from jinja2 import FileSystemBytecodeCache
from pelican import signals
from pelican.utils import sanitised_join
from pelican.writers import Writer

from zonelib import problems as findings
from zonelib.content import link_file
from zonelib.manifest import key as file_key
from zonelib.manifest import line, read_keys
from zonelib.settings import INCREMENTAL_INPUTS as INPUTS
from zonelib.settings import INCREMENTAL_MANIFESTS as MANIFESTS
from zonelib.settings import INCREMENTAL_PREVIOUS as PREVIOUS
from zonelib.settings import INCREMENTAL_TEMPLATES as TEMPLATES
from zonelib.settings import UNSHOWN

logger = logging.getLogger(__name__)

LISTS = ("pages", "hidden_pages", "draft_pages")  # the context's lists of content
COMPRESSED = (".gz", ".br")  # precompressed copies of a file (publish builds), linked with it
RENDERED = "pages rendered"  # counted (zonesites.problems.count); the other pages were linked


def canonical(value, other=repr) -> str:
    """Return value as JSON written the same way every time; `other` names objects JSON cannot write
    (repr: an object without a stable repr then only costs a render, it never hides a change)."""

    def named(item):
        if isinstance(item, dt.date):
            return item.isoformat()
        if dataclasses.is_dataclass(item):
            return dataclasses.asdict(item)
        if isinstance(item, set | frozenset):
            return sorted(map(repr, item))
        return other(item)

    try:
        return json.dumps(value, sort_keys=True, default=named)
    except TypeError:  # keys of several types cannot be sorted: keys as text
        return canonical(json.loads(json.dumps(value, default=named)), other)


def type_name(value) -> str:
    return type(value).__name__


def site_fingerprint(settings: dict, context: dict) -> str:
    """Return the fingerprint of what every page of the site may show."""
    digest = hashlib.sha256()
    digest.update(str(settings.get(INPUTS)).encode())
    # Settings but where the output goes, this plugin's own (they name the previous output) and those
    # of how the site is built (zonelib.settings.UNSHOWN);
    # functions and other objects in settings come from the code, already in INCREMENTAL_INPUTS.
    own = {"OUTPUT_PATH", INPUTS, PREVIOUS, MANIFESTS, TEMPLATES, *UNSHOWN}
    digest.update(canonical({k: v for k, v in settings.items() if k not in own}, type_name).encode())
    digest.update(dt.datetime.now(ZoneInfo(settings["TIMEZONE"])).date().isoformat().encode())  # the sites' day
    contents = [item for name in LISTS for page in context.get(name, [])
                for item in (page, *getattr(page, "translations", []))]
    for content in sorted(contents, key=lambda c: c.source_path):
        digest.update(content.source_path.encode())
        digest.update(canonical(content.metadata).encode())
        if "summary" not in content.metadata:
            digest.update(text_of(content).encode())
    return digest.hexdigest()


def text_of(content) -> str:
    """Return the hash of the file a page was read from: what its text depends on."""
    return hashlib.sha256(Path(content.source_path).read_bytes()).hexdigest()


class IncrementalWriter(Writer):
    """Pelican's writer, linking each unchanged page from the previous output instead of rendering it."""

    def __init__(self, output_path, settings=None):
        super().__init__(output_path, settings)
        self.previous_folder = Path(self.settings.get(PREVIOUS) or "")
        manifests = self.settings.get(MANIFESTS)
        self.previous = read_keys(Path(manifests[0])) if manifests and self.settings.get(PREVIOUS) else {}
        self.manifest = None
        if manifests:
            Path(manifests[1]).parent.mkdir(parents=True, exist_ok=True)
            # One line per file, written out as it is recorded (line buffering); closed with the writer.
            self.manifest = open(manifests[1], "w", encoding="utf-8", buffering=1)  # noqa: SIM115
            weakref.finalize(self, self.manifest.close)
        self.folders: set[str] = set()  # the folders of the output made so far
        self.site = None

    def unchanged(self, context: dict, name: str, *inputs: str) -> bool:
        """Record the key of output file `name` made from inputs; when the previous build made it with
        the same key, link it into the output and return True (the caller then writes nothing)."""
        key = self.record(name, *inputs, context=context)
        if not self._linkable(name, key):
            return False
        self._link(name)
        return True

    def unchanged_together(self, context: dict, names: list[str], *inputs: str) -> bool:
        """For files made together from inputs (a search index): when the previous build made every
        one of them with the same key, link and record them all and return True; else link and record
        none (the caller records the files it makes instead)."""
        keys = {name: self.key(name, *inputs, context=context) for name in names}
        if not keys or not all(self._linkable(name, key) for name, key in keys.items()):
            return False
        for name, key in keys.items():
            self._link(name)
            self._write(name, key)
        return True

    def key(self, name: str, *inputs: str, context: dict | None = None) -> str:
        """Return the key of output file `name` made from inputs."""
        return file_key(self.fingerprint(context), name, *inputs)

    def fingerprint(self, context: dict | None) -> str:
        """Return the fingerprint of what every page of the site may show (taken from the first
        call's context: the site's pages come first)."""
        if self.site is None:
            self.site = site_fingerprint(self.settings, context)
        return self.site

    def record(self, name: str, *inputs: str, context: dict | None = None) -> str:
        """Record the key of output file `name` made from inputs, for the next build; return it."""
        key = self.key(name, *inputs, context=context)
        self._write(name, key)
        return key

    def _write(self, name: str, key: str) -> None:
        if self.manifest:
            self.manifest.write(line(key, name))

    def _linkable(self, name: str, key: str) -> bool:
        return self.previous.get(name) == key and (self.previous_folder / name).is_file()

    def _link(self, name: str) -> None:
        """Link the previous output's file `name` (with its compressed copies) into the output."""
        source, target = self.previous_folder / name, sanitised_join(self.output_path, name)
        if (folder := os.path.dirname(target)) not in self.folders:
            os.makedirs(folder, exist_ok=True)
            self.folders.add(folder)
        for suffix in ("", *COMPRESSED):
            if (source_file := Path(f"{source}{suffix}")).is_file():
                link_file(source_file, Path(f"{target}{suffix}"))

    def write_file(self, name, template, context, relative_urls=False, paginated=None, template_name=None,
                   override_output=False, url=None, **kwargs):
        page = kwargs.get("page")
        if (page is None or paginated or relative_urls
                or not self.unchanged(context, name, template.name, text_of(page))):
            super().write_file(name, template, context, relative_urls, paginated, template_name,
                               override_output, url, **kwargs)
            findings.count(logger, RENDERED, 1)


def keep_templates(generator) -> None:
    """Keep the generator's compiled templates in INCREMENTAL_TEMPLATES, for the next runs."""
    if folder := generator.settings.get(TEMPLATES):
        generator.env.bytecode_cache = FileSystemBytecodeCache(folder)


def get_writer(pelican) -> type[Writer]:
    return IncrementalWriter


def register() -> None:
    signals.get_writer.connect(get_writer)
    signals.generator_init.connect(keep_templates)
