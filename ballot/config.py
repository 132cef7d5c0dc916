"""The service's settings (environment variables BALLOT_…, or the command line) and its ballots,
read from the project's zones.yaml and content/<zone>/galleries/<name>/gallery.yaml.

  BALLOT_PROJECT          the folder holding zones.yaml and content/ (default: this checkout)
  BALLOT_DATABASE         database URL (default: sqlite:///<project>/.ballot/ballot.sqlite3)
  BALLOT_SITE_URL         how a domain becomes its site's URL: "https://{domain}/" (default), or
                          "/{domain}/" when the service also serves a preview build (make vote)
  BALLOT_TRUSTED_PROXIES  addresses or networks whose X-Forwarded-For is believed (default: none)
  BALLOT_RATE_PER_NETWORK requests one connection may make to the service (default: 20/minute)
  BALLOT_RATE_GLOBAL      requests everyone together may make (default: 600/minute)
  BALLOT_RATE_STORAGE     where the rate counts live (default memory://; redis://… for several workers)
  BALLOT_TOKEN_MINUTES    how long a "check your choice" page stays valid (default: 30)
  BALLOT_IPV4_PREFIX / BALLOT_IPV6_PREFIX   bits of an address that make a connection (32 / 64)
  BALLOT_SECURE_COOKIES   auto (default: Secure when BALLOT_SITE_URL is https), yes or no
"""

from __future__ import annotations

import dataclasses
import os
from dataclasses import dataclass, field
from pathlib import Path

from zonelib import gallery as galleryfile
from zonelib import zonefile
from zonelib.messages import say
from zonelib.problems import Problem, ProblemsError, shown

ROOT = Path(__file__).resolve().parent.parent
ENVIRONMENT = "BALLOT_"


@dataclass(frozen=True)
class Settings:
    project: Path = ROOT
    database: str = ""
    site_url: str = "https://{domain}/"
    trusted_proxies: str = ""
    rate_per_network: str = "20/minute"
    rate_global: str = "600/minute"
    rate_storage: str = "memory://"
    token_minutes: int = 30
    ipv4_prefix: int = 32
    ipv6_prefix: int = 64
    catalogs: str = "themes/zones/translations"  # relative to this checkout: the sites' catalogs
    preview: str = ""  # a built output/ folder to serve beside the ballots (make vote)
    secure_cookies: str = "auto"  # auto: Secure when the sites are https (the service itself sees http behind nginx)

    @property
    def database_url(self) -> str:
        return self.database or f"sqlite:///{self.project / '.ballot' / 'ballot.sqlite3'}"

    @property
    def secure_cookie(self) -> bool:
        return self.site_url.startswith("https://") if self.secure_cookies == "auto" else self.secure_cookies == "yes"


def from_environment(environ=os.environ, **given) -> Settings:
    """Return the settings: those given, else BALLOT_<NAME> from the environment, else the defaults."""
    values = {}
    for item in dataclasses.fields(Settings):
        value = given.get(item.name)
        if value is None:
            value = environ.get(ENVIRONMENT + item.name.upper())
        if value is None:
            continue
        values[item.name] = Path(value) if item.name == "project" else (
            int(value) if item.type == "int" else value)
    return Settings(**values)


@dataclass(frozen=True)
class Photo:
    file: str
    slug: str  # the last part of its vote address: the file name without extension
    title: dict
    alt: dict
    credit: str


@dataclass(frozen=True)
class Ballot:
    """An online ballot: a gallery with a `ballot:` block."""

    zone: str
    name: str
    source: str  # its gallery.yaml, as staff see it
    path: Path
    voting: str
    window: galleryfile.Window
    title: dict
    photos: list[Photo] = field(default_factory=list)

    @property
    def key(self) -> str:
        return f"{self.zone}/{self.name}"

    def photo(self, file_or_slug: str) -> Photo | None:
        return next((p for p in self.photos if file_or_slug in (p.file, p.slug)), None)

    def state(self, now) -> str:
        """'soon', 'open' or 'closed' at the moment now."""
        return "closed" if self.voting != "open" else self.window.state(now)


@dataclass(frozen=True)
class Project:
    """What the service serves: the zones and their ballots."""

    zones: zonefile.Zones
    ballots: dict  # {(zone, name): Ballot}

    def domain(self, zone: str, lang: str) -> str:
        return self.zones.zone(zone)["domain"][lang]

    def site_of(self, host: str) -> tuple[str, str] | None:
        """Return (zone, language) of the site on a domain (a Host header, port removed), or None."""
        name = host.rsplit(":", 1)[0] if not host.endswith("]") else host
        return next(((site.zone, site.lang) for site in self.zones.sites() if site.domain == name), None)


def load(project: Path) -> Project:
    """Read zones.yaml and every gallery with an online ballot; raise ProblemsError with every problem."""
    zones = zonefile.load(project / "zones.yaml", project)
    languages = zones.languages
    ballots, problems = {}, []
    for zone, name, file in galleryfile.gallery_files(project / "content"):
        path = shown(file, project)
        try:
            data = galleryfile.read(file, path, languages)
        except ProblemsError as error:
            problems += error.problems
            continue
        if zone not in zones.ids:
            continue  # a folder no site reads: the build says so
        window = galleryfile.window(data)
        if window is None:
            continue
        photos, seen = [], {}
        for index, photo in enumerate(data["photos"]):
            slug = Path(photo["file"]).stem.lower()
            if slug in seen:
                problems.append(Problem(path, data["photos"].lines[index], say(
                    "'%(file)s' and '%(other)s' have the same name; rename one of the files",
                    file=photo["file"], other=seen[slug])))
            seen[slug] = photo["file"]
            photos.append(Photo(photo["file"], slug, dict(photo["title"]), dict(photo.get("alt") or {}),
                                photo["credit"]))
        ballots[zone, name] = Ballot(zone, name, path, file, data["voting"], window, dict(data["title"]), photos)
    if problems:
        raise ProblemsError(problems)
    return Project(zones, ballots)
