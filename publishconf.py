"""Production settings: everything as in pelicanconf.py, with absolute https URLs on each domain, and
no example data."""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from pelicanconf import *  # noqa: E402,F403

ZONES_SITEURL = "https://{domain}"
OUTPUT_PATH = "output/publish"  # what `make deploy` uploads, after checking its stamps
OUTPUT_MODE = "publish"  # and a page without its twin, a photo not listed, stop the build
GALLERIES_EXAMPLES = False  # example galleries (placeholder images, invented votes) are never published
# True: publishing stops while any fact is not confirmed (`make facts` lists them); False: it lists them.
FACTS_REFUSE_UNCONFIRMED = False

# Write .gz and .br next to every text file, for hosts that serve precompressed files.
PLUGINS = [*PLUGINS, "pelican.plugins.precompress"]  # noqa: F405
PRECOMPRESS_TEXT_EXTENSIONS = {".html", ".css", ".js", ".svg", ".ics", ".json", ".xml", ".txt", ".atom"}
PRECOMPRESS_ZOPFLI = False
