"""The manifest of a site's output (plugins/incremental): one line per file, `key name`, the key a hash
of everything the file was made from, so that the next build links the files whose key is unchanged.

The incremental plugin writes it as a site's files are written; work done once the site is shown
(the preview's search index, zonelib.search) adds the lines of the files it made with `append`.
"""

from __future__ import annotations

import hashlib
from pathlib import Path


def key(site: str, name: str, *inputs: str) -> str:
    """Return the key of output file `name` of a site whose shared part has fingerprint `site`, made
    from inputs."""
    return hashlib.sha256("\0".join([site, name, *inputs]).encode()).hexdigest()


def line(file_key: str, name: str) -> str:
    return f"{file_key} {name}\n"


def read_keys(path: Path) -> dict[str, str]:
    """Return {file name: key} of a manifest, or {} when there is none."""
    try:
        lines = Path(path).read_text("utf-8").splitlines()
    except OSError:
        return {}
    return {name: file_key for file_key, _, name in (entry.partition(" ") for entry in lines)}


def append(path: Path, keys: dict[str, str]) -> None:
    """Add the keys of files made after the manifest was written ({file name: key}); a later line
    for a name replaces an earlier one when the manifest is read."""
    with open(path, "a", encoding="utf-8") as manifest:
        manifest.writelines(line(file_key, name) for name, file_key in keys.items())
