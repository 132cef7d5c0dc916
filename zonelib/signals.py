"""The signals of the zone sites, beside Pelican's own (pelican.plugins.signals), declared here once.

content_types  sent by the frontmatter reader once per run, with the run's settings: each plugin
               that owns a content type folder (pages, agenda, ateliers, galleries) answers with its
               ContentType (zonelib.content), so that the reader checks every file against the
               schema of its folder; the tools send it too (zonesites.types), to write and read
               content from the same schemas
read_store     sent by the frontmatter reader once per run, with the run's settings: a build tool
               that keeps what reading each file gave (shared by several runs, kept between builds)
               answers with its store, an object with get(path, lang) and put(path, lang, pickled
               result), and kept(what, path, read) for data files (see read_once); without an
               answer, every file is read
"""

from __future__ import annotations

from pathlib import Path

from blinker import signal

content_types = signal("zonelib.content_types")
read_store = signal("zonelib.read_store")


def read_once(settings: dict, what: str, path: Path, read):
    """Return read(), what reading a data file gives (zones.yaml, glossary.yaml, a catalog): from
    the build tool's store, which reads it once for the runs that share it while its bytes stay the
    same (they must not change what it gives), or at once without a store. `what` names the
    reading, for a file read in two ways."""
    store = next((store for _, store in read_store.send(settings) if store), None)
    return store.kept(what, Path(path), read) if store else read()
