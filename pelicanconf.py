"""Settings shared by every zone site, for previewing on this machine (`make html`, `make serve`).

One Pelican run builds one site (a zone in one language), chosen by ZONES_ZONE and DEFAULT_LANG;
the zones plugin derives the rest from zones.yaml (SITEURL, SITENAME, the content folders…). The
build tool (`python -m zonesites`) runs the ten sites this way; plain Pelican builds one:
  pelican content -s pelicanconf.py -e ZONES_ZONE='"sud"' DEFAULT_LANG='"fr"' -o output/pelican/sud-fr
"""

import os

PATH = "content"
THEME = "themes/zones"
PLUGIN_PATHS = ["plugins"]
# Always set: unset, Pelican loads every installed plugin.
PLUGINS = ["frontmatter", "addresses", "zones", "bilingual", "i18n", "agenda", "ateliers", "galleries", "postcodes",
           "zonemap", "search", "sitemaps", "feeds", "typography", "glossary", "incremental",
           "pelican.plugins.granular_signals"]  # signals after `finalized`, in order (the search index, then compression)

# Previews and production builds never share a folder: the preview server writes only here.
OUTPUT_PATH = "output/preview"
# The build tool stamps each web root with it (build-stamp.json); a preview shows what is not finished
# yet (a page without its twin: "translation pending", a photo not listed in gallery.yaml) with a
# notice, where publishconf.py refuses it.
OUTPUT_MODE = "preview"

ZONES_FILE = "zones.yaml"
ZONES_ZONE = ""  # the zone of the site: set for each run (-e ZONES_ZONE='"sud"', or by the build tool)
DEFAULT_LANG = "fr"
ZONES_SITEURL = "/{domain}"  # preview: every site under one local server, links stay on it
ZONES_CONTENT = ["pages", "agenda", "ateliers", "galleries"]  # content/<region or zone>/<type>/
I18N_CATALOGS = "themes/zones/translations"
GALLERIES_EXAMPLES = True  # previews show the example galleries, marked as examples (publishconf.py: never)

TIMEZONE = "Europe/Brussels"
AGENDA_TODAY = os.environ.get("AGENDA_TODAY", "")  # pin the day of the build: AGENDA_TODAY=2024-03-01 make html
DEFAULT_DATE = None

# Pages only (no articles, no index/tag/category pages); the home page is content/region/pages/index.<lang>.md.
ARTICLE_PATHS = []
DIRECT_TEMPLATES = []
PAGE_URL = "{slug}/"
PAGE_SAVE_AS = "{slug}/index.html"
PAGE_LANG_URL = PAGE_URL  # a twin has the same path on its own language's domain
PAGE_LANG_SAVE_AS = ""  # …and is written by its own language's site only
PAGE_TRANSLATION_ID = "translation_key"
DRAFT_PAGE_SAVE_AS = ""
DRAFT_PAGE_LANG_SAVE_AS = ""
FEED_ALL_ATOM = CATEGORY_FEED_ATOM = TRANSLATION_FEED_ATOM = AUTHOR_FEED_ATOM = AUTHOR_FEED_RSS = None

STATIC_PATHS = []
# Hidden files and what editors leave next to a file (.#lock, #autosave#, backup~); Pelican's default
# "**/.*" is matched against bare file names, so it never matches.
IGNORE_FILES = [".*", "#*", "*~"]
JINJA_ENVIRONMENT = {"autoescape": True, "trim_blocks": True, "lstrip_blocks": True}
CACHE_CONTENT = False
LOAD_CONTENT_CACHE = False

MARKDOWN = {
    "extension_configs": {
        "markdown.extensions.extra": {},
        "markdown.extensions.sane_lists": {},
        "markdown.extensions.toc": {},
        "zonelib.tables": {},  # every table in a scroll container of its own
    },
    "output_format": "html5",
}
