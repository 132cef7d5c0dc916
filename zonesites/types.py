"""The content types as the plugins define them, for the tools that write or read content files
outside a build (`make new`, `make spellcheck`): one source of truth, the schemas the build checks.

The settings are those of a site's run: Pelican registers the plugins of the settings file and
sends `initialized` (the zones plugin reads zones.yaml), then the plugins answer
zonelib.signals.content_types, exactly as they do for the reader of a build.
"""

from __future__ import annotations

from pathlib import Path

from zonelib.content import ContentType
from zonelib.settings import ZONES_CONTENT, ZONES_FILE, ZONES_ZONE, project_path
from zonelib.signals import content_types
from zonelib import zonefile

from .build import base_settings


def run_settings(conf: Path) -> dict:
    """Return the settings of a run of conf (those of its first site), with the checked zones.yaml
    in ZONES_DATA; raise ProblemsError when zones.yaml has problems."""
    from pelican import Pelican  # noqa: PLC0415 (keeps `--help` fast)

    settings = base_settings(conf)
    zones = zonefile.load(project_path(settings, settings[ZONES_FILE]), Path(conf).resolve().parent)
    settings.update({ZONES_ZONE: zones.ids[0], "DEFAULT_LANG": zones.languages[0]})
    settings = Pelican(settings).settings
    return settings


def types_of(settings: dict) -> dict[str, ContentType]:
    """Return the content types of a run, by folder, in the order of the settings' ZONES_CONTENT."""
    kinds = {kind.folder: kind for _, kind in content_types.send(settings)}
    return {folder: kinds[folder] for folder in settings[ZONES_CONTENT] if folder in kinds}
