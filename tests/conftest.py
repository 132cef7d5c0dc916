"""Fixtures: real builds of the project into tmp_path, and a project copy that tests may change."""

from __future__ import annotations

import contextlib
import logging
import os
import shutil
import signal
import socket
import subprocess
import threading
import time
import weakref
from dataclasses import dataclass
from pathlib import Path

import blinker
import pytest
from bs4 import BeautifulSoup

from zonelib import zonefile
from zonesites.build import build

ROOT = Path(__file__).resolve().parent.parent
COPIED = ["content", "zones.yaml", "glossary.yaml", "redirects.yaml", "pelicanconf.py", "publishconf.py", "words.txt"]
LINKED = ["themes", "plugins", "zonelib", "zonesites", "data", ".cache"]  # .cache: encoded photos, shared to save time


def pytest_addoption(parser) -> None:
    parser.addoption("--screenshots", action="store_true",
                     help="write the editor's screenshots of the staff's guides into docs/ (make guide-screenshots)")


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


MINI_HOME = {
    "fr": "---\ntitle: Accueil\ntemplate: home\n---\nLe bassin.\n",
    "nl": "---\ntitle: Startpagina\ntemplate: home\n---\nDe zorgzone.\n",
}


@dataclass
class SiteRun:
    """What one Pelican run of a small test site gave: its output folder and what it logged."""

    output: Path
    result: object  # zonesites.build.SiteResult
    siteurl: str  # the site's URL as its pages write it, without the final '/'

    def url(self, path: str = "") -> str:
        """Return the URL of `path` on this site, as its pages link to it."""
        return f"{self.siteurl}/{path}"

    @property
    def problems(self) -> list[str]:
        """Every problem of the run, once each, in order (as the build tool lists them)."""
        return [str(problem) for problem in sorted(set(self.result.problems))]

    def page(self, path: str = "") -> BeautifulSoup:
        return soup(self.output / path / "index.html" if not path.endswith(".html") else self.output / path)


EVENT = """---
title: {title}
slug: {slug}
summary: {summary}
category: {category}
start: {start}
{extra}---
{body}
"""
LISTINGS = ("agenda", "ateliers", "photos")  # the regional pages that list events, reports and galleries


@contextlib.contextmanager
def own_signals():
    """Keep what a run's plugins connect to the process's signals to that run: Pelican plugins
    connect and never disconnect, so a production run's precompress plugin would otherwise compress
    the files of every later run of this process."""
    before = {name: set(sig.receivers) for name, sig in blinker.default_namespace.items()}
    try:
        yield
    finally:
        for name, sig in list(blinker.default_namespace.items()):
            for key in set(sig.receivers) - before.get(name, set()):
                found = sig.receivers.get(key)
                receiver = found() if isinstance(found, weakref.ref) else found
                if receiver is not None:
                    sig.disconnect(receiver)


class MiniSite:
    """A small project of its own: the real zones.yaml, settings, theme and plugins, and a content
    folder with only a home page, the pages listing events, reports and galleries, and the files a
    test writes. Each build is one Pelican run in this process, as the pelican-plugins test their
    plugins: a fraction of a second."""

    def __init__(self, root: Path, content: bool = False):
        """content: start from a copy of the project's real content instead."""
        self.root = root
        for name in ("zones.yaml", "glossary.yaml", "pelicanconf.py", "publishconf.py", "words.txt"):
            shutil.copy2(ROOT / name, root / name)
        (ROOT / ".cache").mkdir(exist_ok=True)  # absent on a fresh clone: a link to it would dangle
        for name in ("themes", "plugins", "zonelib", "zonesites", "data", ".cache"):
            (root / name).symlink_to(ROOT / name)
        if content:
            shutil.copytree(ROOT / "content", root / "content")
            return
        for lang, text in MINI_HOME.items():
            self.write(f"content/region/pages/index.{lang}.md", text)
            for name in LISTINGS:
                self.write(f"content/region/pages/{name}.{lang}.md",
                           (ROOT / f"content/region/pages/{name}.{lang}.md").read_text("utf-8"))

    def write(self, relative: str, text: str | bytes) -> Path:
        path = self.root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(text, encoding="utf-8")
        return path

    def both(self, relative: str, fr: str, nl: str) -> None:
        """Write a page in both languages: relative is its path without '.<lang>.md'."""
        self.write(f"{relative}.fr.md", fr)
        self.write(f"{relative}.nl.md", nl)

    def event(self, scope: str, name: str, **fields) -> None:
        """Write an agenda event in both languages (fields: title, slug, start, extra front-matter lines…)."""
        for lang in ("fr", "nl"):
            values = {"title": name, "slug": name, "summary": f"{name} ({lang})", "category": "atelier",
                      "start": "2024-03-14", "extra": "", "body": f"{name} {lang}", **fields}
            self.write(f"content/{scope}/agenda/{name}.{lang}.md", EVENT.format(**values))

    def build(self, zone: str = "sud", lang: str = "fr", publish: bool = False, **settings) -> SiteRun:
        """Run Pelican once for the site of zone in lang; return its output and findings."""
        from zonesites.build import base_settings, build_site  # noqa: PLC0415

        conf = self.root / ("publishconf.py" if publish else "pelicanconf.py")
        zones = zonefile.load(self.root / "zones.yaml")
        siteurl = zonefile.site_url(base_settings(conf)["ZONES_SITEURL"], zones.zone(zone)["domain"][lang])
        output = self.root / "out" / f"{zone}-{lang}{'-publish' if publish else ''}"
        shutil.rmtree(output, ignore_errors=True)
        root_logger = logging.getLogger()
        handlers, level = root_logger.handlers[:], root_logger.level
        try:
            with own_signals():
                result = build_site(str(conf), {"ZONES_ZONE": zone, "DEFAULT_LANG": lang, "OUTPUT_PATH": str(output),
                                                **settings})
        finally:
            root_logger.handlers[:], root_logger.level = handlers, level
        return SiteRun(output, result, siteurl)

    def build_all(self, publish: bool = False, **options) -> Built:
        """Build every site of the small project with the build tool (processes, staging, swap)."""
        return build_into(self.root / "output", self.root / ("publishconf.py" if publish else "pelicanconf.py"),
                          **options)


@pytest.fixture
def site(tmp_path) -> MiniSite:
    """A small test site (see MiniSite)."""
    return MiniSite(tmp_path)
def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Running:
    """A command started by a test: its output is read by a thread (a test never blocks on it)."""

    def __init__(self, args: list[str], **options):
        self.process = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                                        start_new_session=True, **options)
        self.lines: list[str] = []
        self.reader = threading.Thread(target=lambda: self.lines.extend(iter(self.process.stdout.readline, "")),
                                       daemon=True)
        self.reader.start()

    @property
    def output(self) -> str:
        return "".join(self.lines)

    def wait_for(self, text: str, seconds: float = 60.0, times: int = 1) -> None:
        deadline = time.monotonic() + seconds
        while self.output.count(text) < times:
            if self.process.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"{text!r} was not printed in time:\n{self.output}")
            time.sleep(0.05)

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=10)
        self.reader.join(timeout=5)
        print(self.output)  # shown by pytest when the test fails


def wait_for_port(port: int, seconds: float = 20.0) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.05)
    pytest.fail(f"nothing listens on 127.0.0.1:{port}")
