"""Production settings: everything as in pelicanconf.py, with absolute https URLs on each domain."""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from pelicanconf import *  # noqa: E402,F403

ZONES_SITEURL = "https://{domain}"
