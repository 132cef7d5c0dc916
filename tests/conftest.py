"""Fixtures: real builds of the project into tmp_path, and a project copy that tests may change."""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from zonelib import zonefile
from zonesites.build import build

ROOT = Path(__file__).resolve().parent.parent
COPIED = ["content", "zones.yaml", "pelicanconf.py", "publishconf.py"]
LINKED = ["themes", "plugins", "zonelib", "zonesites", ".cache"]  # .cache: encoded photos, shared to save time


@dataclass
class Built:
    """A finished build: where it went, what it reported, the zones it came from."""

    output: Path
    report: object
    zones: zonefile.Zones
    url_format: str

    def site_url(self, domain: str) -> str:
        """Return the URL of a site's home page as the pages link to it (ends with '/')."""
        return self.url_format.format(domain=domain)

    def url(self, domain: str, path: str = "") -> str:
        """Return the URL of `path` (like 'agenda/' or 'sud/ateliers/x.pdf') on a site, as pages link to it."""
        return self.site_url(domain) + path.lstrip("/")

    def file(self, domain: str, url: str) -> Path:
        """Return the built file behind a URL of a site (its index.html for a folder address)."""
        rest = url.split("#")[0].removeprefix(self.site_url(domain))
        target = self.output / domain / rest
        return target / "index.html" if rest == "" or rest.endswith("/") else target

    def pages(self, domain: str):
        """Yield (path under the web root, parsed page) for every HTML page of one site."""
        for path in sorted((self.output / domain).rglob("*.html")):
            yield path.relative_to(self.output / domain), soup(path)


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def make_project(where: Path, copied: tuple[str, ...] = ()) -> Path:
    """Copy the project's sources to `where` (code and theme linked, but those `copied`) and return it."""
    where.mkdir(parents=True, exist_ok=True)
    for name in [*COPIED, *copied]:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, where / name)
        else:
            shutil.copy2(source, where / name)
    (ROOT / ".cache").mkdir(exist_ok=True)
    for name in LINKED:
        if name not in copied:
            (where / name).symlink_to(ROOT / name)
    return where


def build_into(output: Path, conf: Path = ROOT / "pelicanconf.py", **options) -> Built:
    report = build(conf, output=output, **options)
    zones = zonefile.load(options.get("zones_file") or conf.parent / "zones.yaml")
    url_format = "https://{domain}/" if conf.name == "publishconf.py" else "/{domain}/"
    return Built(output, report, zones, url_format)


@pytest.fixture(scope="session")
def zones() -> zonefile.Zones:
    return zonefile.load(ROOT / "zones.yaml")


@pytest.fixture(scope="session")
def dev(tmp_path_factory) -> Built:
    """The ten preview sites, built once for the whole session."""
    return build_into(tmp_path_factory.mktemp("dev"))


@pytest.fixture(scope="session")
def published(tmp_path_factory) -> Built:
    """The ten sites as published (absolute https URLs), built once."""
    return build_into(tmp_path_factory.mktemp("publish"), ROOT / "publishconf.py")


@pytest.fixture
def project(tmp_path) -> Path:
    """A copy of the project that a test may change without touching the real one."""
    return make_project(tmp_path / "project")
