"""French typography on every page the sites render (zonelib.typography): narrow no-break spaces
before ; : ! ? » and after «, in text only, wherever it comes from (templates, catalogs, zones.yaml,
Markdown).

Settings: none. The sites' other languages are left as they are.
"""

from __future__ import annotations

from pelican import signals

from zonelib.html import output_filter
from zonelib.typography import typeset


def install(generator) -> None:
    """Pass every page the generator renders through typeset."""
    output_filter(generator.env, "typography", typeset)


def register() -> None:
    signals.generator_init.connect(install)
