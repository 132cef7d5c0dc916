"""Production settings: everything as in pelicanconf.py, with absolute https URLs on each domain."""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from pelicanconf import *  # noqa: E402,F403

ZONES_SITEURL = "https://{domain}"
OUTPUT_PATH = "output/publish"  # what `make deploy` uploads, after checking its stamps
OUTPUT_MODE = "publish"  # and a page without its twin, a photo not listed, stop the build

# Write .gz and .br next to every text file, for hosts that serve precompressed files.
PLUGINS = [*PLUGINS, "pelican.plugins.precompress"]  # noqa: F405
PRECOMPRESS_TEXT_EXTENSIONS = {".html", ".css", ".js", ".svg", ".ics", ".json", ".xml", ".txt", ".atom"}
PRECOMPRESS_ZOPFLI = False
