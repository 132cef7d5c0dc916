"""Names of the settings shared between the build tool and the plugins, each written once.

The build tool fills the per-site ones from zones.yaml; each belongs to the plugin of its prefix.
Settings only one plugin reads (AGENDA_TODAY, GALLERIES_CACHE, …) are named in that plugin.
"""

ZONES_FILE = "ZONES_FILE"  # zones.yaml, relative to the settings file (read by the build tool)
ZONES_DATA = "ZONES_DATA"  # the validated content of zones.yaml
ZONES_ZONE = "ZONES_ZONE"  # the id of the zone of the site being built
ZONES_SITEURL = "ZONES_SITEURL"  # how a domain becomes a site URL ("/{domain}" or "https://{domain}")
ZONES_CONTENT = "ZONES_CONTENT"  # the content type folders read under content/<region or zone>/
BILINGUAL_SITEURLS = "BILINGUAL_SITEURLS"  # {language: URL of this zone's site in that language}
I18N_LOCALE = "I18N_LOCALE"  # the Babel locale of the site
I18N_CATALOGS = "I18N_CATALOGS"  # the folder of the compiled catalogs
FRONTMATTER_SCHEMAS = "FRONTMATTER_SCHEMAS"  # {type folder: JSON Schema}; content types add theirs
FRONTMATTER_CHECKS = "FRONTMATTER_CHECKS"  # {type folder: check(data, path, settings)}
FRONTMATTER_READS = "FRONTMATTER_READS"  # {(file, site language): what reading it gave}, shared by the
# sites one process builds, so that a file shown on five zones is read once
INCREMENTAL_INPUTS = "INCREMENTAL_INPUTS"  # fingerprint of code, settings files, theme, zones.yaml, other files
INCREMENTAL_PREVIOUS = "INCREMENTAL_PREVIOUS"  # the site's previous output folder
INCREMENTAL_MANIFESTS = "INCREMENTAL_MANIFESTS"  # (previous output's manifest, this output's manifest)
