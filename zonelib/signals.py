"""The signals of the zone sites, beside Pelican's own (pelican.plugins.signals), declared here once.

content_types  sent by the frontmatter reader once per run, with the run's settings: each plugin
               that owns a content type folder (pages, agenda, ateliers, galleries) answers with its
               ContentType (zonelib.content), so that the reader checks every file against the
               schema of its folder; the tools send it too (zonesites.types), to write and read
               content from the same schemas
read_store     sent by the frontmatter reader once per run, with the run's settings: a build tool
               that keeps what reading each file gave (shared by several runs, kept between builds)
               answers with its store, an object with get(path, lang) and put(path, lang, pickled
               result); without an answer, every file is read
"""

from blinker import signal

content_types = signal("zonelib.content_types")
read_store = signal("zonelib.read_store")
