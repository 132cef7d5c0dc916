"""The preview server: an edit shows up on its own; a mistake is shown with its file and line."""

from __future__ import annotations

import json
import os
import queue
import re
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

import pytest

from conftest import ROOT
from zonesites import processes


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def get(port: int, path: str) -> str:
    with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=10) as response:
        return response.read().decode("utf-8")


def wait_for(check, seconds: float = 30.0):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if result := check():
            return result
        time.sleep(0.2)
    pytest.fail("the preview did not change in time")


class Output:
    """The lines a process prints, read in a thread of their own: waiting for one never blocks."""

    def __init__(self, stream):
        self.lines: queue.Queue[str] = queue.Queue()
        self.seen: list[str] = []
        threading.Thread(target=self._read, args=(stream,), daemon=True).start()

    def _read(self, stream) -> None:
        for line in stream:
            self.lines.put(line)

    def printed(self, text: str) -> bool:
        """Return whether a line containing text has been printed so far."""
        while not self.lines.empty():
            self.seen.append(self.lines.get_nowait())
        return any(text in line for line in self.seen)


@pytest.fixture
def server(project, tmp_path):
    port = free_port()
    env = {**os.environ, "PYTHONPATH": str(ROOT), "MESSAGES": "en"}
    process = subprocess.Popen([sys.executable, "-m", "zonesites", "serve", "--port", str(port),
                                "--output", str(tmp_path / "out")], cwd=project, env=env,
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    output = Output(process.stdout)
    try:
        wait_for(lambda: output.printed("Preview:") or process.poll() is not None, seconds=120)
        assert process.poll() is None, "".join(output.seen)
        yield port
    finally:
        processes.stop(process)
        output.printed("")
        print("".join(output.seen))  # shown by pytest when the test fails


def state(port: int) -> dict:
    return json.loads(get(port, "/_live/state"))


class Events:
    """The server-sent events of the preview for a page of one site, read in a thread of their own."""

    def __init__(self, port: int, site: str):
        self.stream = urllib.request.urlopen(f"http://127.0.0.1:{port}/_live/events?site={site}", timeout=60)
        assert self.stream.headers.get_content_type() == "text/event-stream"
        self.messages: queue.Queue[dict] = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        for line in self.stream:
            if line.startswith(b"data: "):
                self.messages.put(json.loads(line[6:]))

    def next(self, seconds: float = 60.0) -> dict:
        return self.messages.get(timeout=seconds)


def test_an_edit_is_rebuilt_and_a_mistake_is_shown_with_its_line(server, project):
    port = server
    page = get(port, "/bassin-sud.brussels/a-propos/")
    script = re.search(r'<script src="/_live/live.js" data-run="(\d+)" data-version="(\d+)" defer></script></body>', page)
    assert script, "the reload script, with the version of the page's site"
    live = get(port, "/_live/live.js")
    assert "EventSource" in live and "location.reload" in live and "setTimeout" not in live  # told, never polling
    first = state(port)
    assert first["problems"] == []
    events, other = Events(port, "bassin-sud.brussels"), Events(port, "bassin-nord.brussels")
    now = events.next(5)
    assert now["site"] == int(script[2]) and now["run"] == script[1]
    other.next(5)

    about = project / "content/sud/pages/about.fr.md"
    about.write_text(about.read_text("utf-8") + "\nUne phrase toute neuve.\n", "utf-8")
    rebuilt = events.next()
    assert rebuilt["site"] > now["site"] and rebuilt["problems"] == []
    assert "Une phrase toute neuve." in get(port, "/bassin-sud.brussels/a-propos/")  # told once it is there
    assert other.next(5)["site"] == now["site"]  # another zone's pages stay as they are

    about.write_text(about.read_text("utf-8").replace("menu: 10", "menu: dix"), "utf-8")
    problems = wait_for(lambda: state(port)["problems"])
    assert any(p.startswith("content/sud/pages/about.fr.md:") and "'menu' should be a whole number" in p
               for p in problems)
    assert "Une phrase toute neuve." in get(port, "/bassin-sud.brussels/a-propos/")  # last good page stays


def test_the_page_concerned_shows_what_to_finish_and_it_is_never_written(server, project):
    port = server
    for args in (["init", "-q"], ["add", "-A"], ["commit", "-qm", "start"]):
        subprocess.run(["git", "-c", "user.name=Test", "-c", "user.email=test@example.org", "-c", "commit.gpgsign=false",
                        *args], cwd=project, check=True, capture_output=True, timeout=30,
                       env={**os.environ, "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"})
    first = state(port)
    about = project / "content/sud/pages/about.fr.md"
    about.write_text(about.read_text("utf-8") + "\nUne phrase que le néerlandais n'a pas.\n", "utf-8")
    (project / "content/sud/pages/lone.nl.md").write_text("---\ntitle: Alleen\nslug: alleen\n---\nTekst.\n", "utf-8")
    wait_for(lambda: state(port)["version"] > first["version"])
    assert state(port)["problems"] == []  # a page saved in one language first is no problem in the preview

    dutch = get(port, "/zorgzone-zuid.brussels/over-de-zorgzone/")
    assert 'id="preview-notice" lang="nl"' in dutch and "about.fr.md" in dutch
    assert "about.nl.md" in get(port, "/bassin-sud.brussels/a-propos/")  # its translation may be out of date
    lone = get(port, "/bassin-sud.brussels/alleen/")  # the notice visitors see, and the staff's notice on it
    assert "lone.fr.md" in lone and 'id="preview-notice" lang="fr"' in lone
    # os.walk passes over a folder gone meanwhile: the search index may still be being put in place.
    pages = [Path(folder, name) for folder, _, names in os.walk(project.parent / "out") for name in names
             if name.endswith(".html")]
    written = [path for path in pages if b"preview-notice" in path.read_bytes()]
    assert written == []


@pytest.mark.browser
def test_an_open_page_takes_its_new_text_at_once_and_reloads_for_a_new_photo(server, project):
    from playwright.sync_api import sync_playwright  # noqa: PLC0415

    port = server
    about = project / "content/sud/pages/about.fr.md"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox"])
        try:
            page = browser.new_page()
            page.goto(f"http://127.0.0.1:{port}/bassin-sud.brussels/a-propos/")
            page.wait_for_function("document.querySelector('main') !== null")
            time.sleep(1.0)  # the page is told of builds
            page.evaluate("window.unchanged = true")
            head = page.evaluate("document.head.innerHTML")
            about.write_text(about.read_text("utf-8") + "\nUne phrase pour la page ouverte.\n", "utf-8")
            page.wait_for_function("document.body.innerText.includes('Une phrase pour la page ouverte.')", timeout=60000)
            # Only Markdown changed: the new body took the old one's place, the page was not loaded again.
            assert page.evaluate("window.unchanged === true") and page.evaluate("document.head.innerHTML") == head
            assert page.evaluate("document.querySelectorAll('main').length") == 1
            assert state(port)["problems"] == []
            photo = project / "content/sud/galleries/exemple/forest.jpg"
            photo.write_bytes(photo.read_bytes() + b"\0")  # the same photo exported again
            # A photo may keep its address with other pixels: the page loads again, photos and all.
            page.wait_for_function("window.unchanged === undefined", timeout=60000)
        finally:
            browser.close()
