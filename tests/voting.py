"""For the vote tests: galleries with an online ballot, the ballot service run by uvicorn on
127.0.0.1 (started and stopped by the tests), and visitors, each with their cookies and network."""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import re
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
from PIL import Image

from conftest import ROOT
from zonelib.gallery import BRUSSELS
from zonesites import processes

TIMEOUT = 10  # seconds, for every request
TOKEN = re.compile(r'name="token" value="([^"]+)"')
H1 = re.compile(r"<h1>(.*?)</h1>", re.S)

GALLERY = """# A gallery with an online ballot (tests)
title: {{fr: "Quelle photo ? ({name})", nl: "Welke foto? ({name})"}}  # one title per page of a site
voting: {voting}  # open while the ballot runs
ballot:
  opens: "{opens}"
  closes: "{closes}"
  per_network: {per_network}
photos:
  - file: a.jpg
    title: {{fr: "Le canal", nl: "Het kanaal"}}
    alt: {{fr: "Le canal au couchant", nl: "Het kanaal bij zonsondergang"}}
    credit: Équipe
    votes: {paper_a}  # counted on paper at the exhibition
  - file: b.jpg
    title: {{fr: "Le marché", nl: "De markt"}}
    alt: {{fr: "Un marché couvert", nl: "Een overdekte markt"}}
    credit: Équipe
    votes: 0
  - file: c.jpg
    title: {{fr: "La place", nl: "Het plein"}}
    alt: {{fr: "Une place pavée", nl: "Een geplaveid plein"}}
    credit: Équipe
    votes: 0
"""


def ballot_project(where: Path) -> Path:
    """Return a project holding only what the service reads: zones.yaml and the galleries written."""
    where.mkdir(parents=True, exist_ok=True)
    (where / "zones.yaml").write_bytes((ROOT / "zones.yaml").read_bytes())
    (where / "content").mkdir(exist_ok=True)
    return where


def moment(days: float) -> str:
    """A ballot date `days` from now, Brussels time, as gallery.yaml writes it."""
    return (dt.datetime.now(BRUSSELS) + dt.timedelta(days=days)).strftime("%Y-%m-%d %H:%M")


def write_gallery(project: Path, name: str, opens: float = -1, closes: float = 30, per_network: int = 1,
                  voting: str = "open", paper_a: int = 0, zone: str = "sud") -> Path:
    """Write content/<zone>/galleries/<name>/ with three photos and a ballot; return its gallery.yaml."""
    folder = project / "content" / zone / "galleries" / name
    folder.mkdir(parents=True, exist_ok=True)
    for file, colour in (("a.jpg", "#336699"), ("b.jpg", "#996633"), ("c.jpg", "#339966")):
        Image.new("RGB", (900, 600), colour).save(folder / file, "JPEG")
    file = folder / "gallery.yaml"
    file.write_text(GALLERY.format(name=name, voting=voting, opens=moment(opens), closes=moment(closes),
                                   per_network=per_network, paper_a=paper_a), "utf-8")
    return file


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Service:
    """The ballot service in its own process: uvicorn on 127.0.0.1 and a free port."""

    def __init__(self, project: Path, database: Path, **settings):
        self.project, self.database, self.settings = project, database, settings
        self.port, self.process = free_port(), None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> Service:
        env = {**os.environ, "BALLOT_PROJECT": str(self.project), "BALLOT_DATABASE": f"sqlite:///{self.database}",
               "BALLOT_TRUSTED_PROXIES": "127.0.0.1", "PYTHONPATH": str(ROOT),
               "BALLOT_SECURE_COOKIES": "no"}  # the tests speak plain http to the service
        env.update({f"BALLOT_{name.upper()}": str(value) for name, value in self.settings.items()})
        self.process = subprocess.Popen([sys.executable, "-m", "ballot", "serve", "--port", str(self.port)],
                                        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"the ballot service stopped: {self.process.stdout.read().decode()}")
            with contextlib.suppress(httpx.HTTPError):
                if httpx.get(self.url + "/vote/health", timeout=TIMEOUT).text == "ok":
                    return self
            time.sleep(0.1)
        self.stop()
        raise RuntimeError("the ballot service did not answer within 20 s")

    def stop(self) -> None:
        processes.stop(self.process)
        if self.process and self.process.stdout:
            self.process.stdout.close()


@contextlib.contextmanager
def running(project: Path, database: Path, **settings):
    service = Service(project, database, **settings)
    try:
        yield service.start()
    finally:
        service.stop()


class Visitor:
    """A browser: its own cookies, and the address the trusted proxy says it comes from."""

    def __init__(self, service: Service, address: str, **headers):
        self.client = httpx.Client(base_url=service.url, timeout=TIMEOUT,
                                   headers={"Origin": service.url, "X-Forwarded-For": address, **headers})

    def choose(self, gallery: str, photo: str, zone: str = "sud", **form) -> httpx.Response:
        return self.client.post(f"/vote/{zone}/{gallery}/", data={"photo": photo, "lang": "fr", **form})

    def vote(self, gallery: str, photo: str, zone: str = "sud") -> httpx.Response:
        """Choose a photo, then confirm it, as the two pages do."""
        choice = self.choose(gallery, photo, zone)
        if choice.status_code != 200:
            return choice
        token = TOKEN.search(choice.text).group(1)
        return self.client.post(f"/vote/{zone}/{gallery}/confirm", data={"token": token, "lang": "fr"})

    def close(self) -> None:
        self.client.close()


def heading(response: httpx.Response) -> str:
    return H1.search(response.text).group(1).strip()
