"""Names of the settings that more than one part reads or writes, each written once, here.

A setting belongs to the plugin of its prefix, which documents it and gives its default. The zones
plugin fills the per-site ones from zones.yaml (ZONES_DATA, BILINGUAL_SITEURLS, I18N_LOCALE) when a
run starts; the build tool sets ZONES_ZONE, the INCREMENTAL_* ones and SEARCH_LATER for each site. A
setting that only one plugin reads (AGENDA_TODAY, GALLERIES_CACHE, …) is named in that plugin.
"""

from pathlib import Path

ZONES_FILE = "ZONES_FILE"  # zones.yaml (relative to the project, see project_path)
ZONES_ZONE = "ZONES_ZONE"  # the id of the zone of the site being built
ZONES_SITEURL = "ZONES_SITEURL"  # how a domain becomes a site URL ("/{domain}" or "https://{domain}")
ZONES_CONTENT = "ZONES_CONTENT"  # the content type folders read under content/<region or zone>/
ZONES_DATA = "ZONES_DATA"  # the validated content of zones.yaml (filled by the zones plugin)
BILINGUAL_SITEURLS = "BILINGUAL_SITEURLS"  # {language: URL of this zone's site in that language}
I18N_LOCALE = "I18N_LOCALE"  # the Babel locale of the site
FACTS_REFUSE_UNCONFIRMED = "FACTS_REFUSE_UNCONFIRMED"  # True: an unconfirmed fact is a problem (default False)
I18N_CATALOGS = "I18N_CATALOGS"  # the folder of the gettext catalogs, <language>/LC_MESSAGES/messages.po
AGENDA_TODAY = "AGENDA_TODAY"  # the day the agenda is built for (agenda plugin; the tool stamps it)
INCREMENTAL_INPUTS = "INCREMENTAL_INPUTS"  # fingerprint of code, settings files, theme, zones.yaml, other files
INCREMENTAL_PREVIOUS = "INCREMENTAL_PREVIOUS"  # the site's previous output folder
INCREMENTAL_MANIFESTS = "INCREMENTAL_MANIFESTS"  # (previous output's manifest, this output's manifest)
INCREMENTAL_TEMPLATES = "INCREMENTAL_TEMPLATES"  # folder of compiled templates kept between runs
GALLERIES_PROCESSES = "GALLERIES_PROCESSES"  # processes encoding photos for one site (the tool: the cores its
#                                              own processes leave; default: every core)
SEARCH_LATER = "SEARCH_LATER"  # True (the preview server): the search is indexed after the site is shown
UNSHOWN = (GALLERIES_PROCESSES, SEARCH_LATER)  # settings of how a site is built, never of what it shows
# Not a setting but a key of the template context: the pages a plugin's own generator writes (not
# Pelican's pages), each with what templates read of a page (url, save_as, title, lang, template,
# canonical_url, hreflang), added when contexts are generated, for the sitemap and the search.
GENERATED_PAGES = "generated_pages"
OUTPUT_MODE = "OUTPUT_MODE"  # "preview" (pelicanconf.py: make html, make serve) or "publish" (publishconf.py)
PREVIEW, PUBLISH = "preview", "publish"


def mode_of(settings: dict) -> str:
    """Return the mode of a build: PREVIEW (also when the settings do not say) or PUBLISH."""
    return settings.get(OUTPUT_MODE, PREVIEW)


def previewing(settings: dict) -> bool:
    """Return whether a run builds a preview: what is not finished yet (a page whose twin is not
    written, a photo not listed in its gallery) is then shown with a notice, where a production
    build refuses it."""
    return mode_of(settings) == PREVIEW


def project_path(settings: dict, value: str) -> Path:
    """Return a path setting as an absolute path: relative ones are relative to the project, the
    folder that holds the content folder (PATH, which Pelican has made absolute)."""
    return Path(settings["PATH"]).parent / value
