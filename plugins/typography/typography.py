"""French typography on every page the sites render (zonelib.typography): narrow no-break spaces
before ; : ! ? » and after «, in text only, wherever it comes from (templates, catalogs, zones.yaml,
Markdown).

Settings: none. The sites' other languages are left as they are.
"""

from __future__ import annotations

from pelican import signals

from zonelib import typography


def install(generator) -> None:
    """Give the French text of every page the generator renders its typography."""
    typography.install(generator.env)


def register() -> None:
    signals.generator_init.connect(install)
