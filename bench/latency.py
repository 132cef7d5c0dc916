"""Preview latency: from saving a file to the change showing in the browser, with `make serve`.

    python bench/latency.py [--repeat 7]

It copies the project's content (code and theme linked, as the tests do), starts the preview server
on it and opens a page in Debian's Chromium (Playwright, never a downloaded browser). Then, `--repeat`
times each: it adds a sentence to a page's text and waits until the page shown in the browser holds it
(`text`); it replaces a photo of a gallery and waits until the browser shows the gallery page again,
built after the save, with every photo loaded (`photo`). Without Playwright, the first is measured by
fetching the page over HTTP instead of looking at the browser (the way the page is told is left out).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
COPIED = ["content", "zones.yaml", "glossary.yaml", "redirects.yaml", "pelicanconf.py", "publishconf.py", "words.txt"]
LINKED = ["themes", "plugins", "zonelib", "zonesites", "data"]
CHROMIUM = "/usr/bin/chromium"
PAGE = ("content/sud/pages/about.fr.md", "bassin-sud.brussels/a-propos/")
GALLERY = ("content/sud/galleries/exemple/ixelles.jpg", "bassin-sud.brussels/photos/exemple/")
TIMEOUT = 60.0
# The page holds the sentence: checked when the page changes (a new body, a reload), at no other time.
SHOWN = """([sentence]) => new Promise((done) => {
  const shown = () => document.body !== null && document.body.textContent.includes(sentence);
  if (shown()) return done(true);
  new MutationObserver((_, watch) => { if (shown()) { watch.disconnect(); done(true); } })
    .observe(document, { childList: true, subtree: true, characterData: true });
})"""
# The page was loaded after the save (ms since the epoch), photos and all; a page loaded before it
# never answers (it goes away when the new one loads).
LOADED = """([saved]) => new Promise((done) => {
  if (performance.timeOrigin <= saved) return;
  if (document.readyState === "complete") done(true); else addEventListener("load", () => done(true));
})"""


def project(where: Path) -> Path:
    """Copy what staff edit into `where`, link the code; return it."""
    where.mkdir(parents=True)
    for name in COPIED:
        (shutil.copytree if (ROOT / name).is_dir() else shutil.copy2)(ROOT / name, where / name)
    for name in LINKED:
        (where / name).symlink_to(ROOT / name)
    return where


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def started(where: Path, port: int) -> subprocess.Popen:
    """Start the preview server on the copy and return once it serves."""
    process = subprocess.Popen([sys.executable, "-m", "zonesites", "serve", "--port", str(port), "--output",
                                str(where / "output")], cwd=where, stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT, text=True, env={**os.environ, "MESSAGES": "en"})
    for line in process.stdout:
        if "Preview:" in line:
            break
    else:
        raise SystemExit("the preview server did not start")
    # keep reading what it prints, so that it never blocks on a full pipe
    import threading  # noqa: PLC0415
    threading.Thread(target=lambda: [None for _ in process.stdout], daemon=True).start()
    return process


def edit_text(where: Path, n: int) -> str:
    path = where / PAGE[0]
    sentence = f"Phrase de mesure {n}."
    path.write_text(path.read_text("utf-8") + f"\n{sentence}\n", "utf-8")
    return sentence


def edit_photo(where: Path, n: int) -> None:
    """Write the photo again with other pixels (a shifted hue), as a new export would."""
    from PIL import Image, ImageOps  # noqa: PLC0415

    path = where / GALLERY[0]
    original = where / ".original.jpg"
    if not original.exists():
        shutil.copy2(path, original)
    with Image.open(original) as image:
        image = ImageOps.exif_transpose(image).convert("RGB")
        image.rotate(0 if n % 2 else 180).point(lambda value: min(255, value + n)).save(path.with_suffix(".tmp.jpg"),
                                                                                       quality=85)
    path.with_suffix(".tmp.jpg").replace(path)


def by_http(base: str, repeat: int, where: Path) -> dict:
    """Save→served over HTTP (the browser's part left out)."""
    import urllib.request  # noqa: PLC0415

    times = []
    for n in range(repeat):
        sentence = edit_text(where, n)
        start = time.perf_counter()
        while time.perf_counter() - start < TIMEOUT:
            with urllib.request.urlopen(base + PAGE[1]) as response:
                if sentence in response.read().decode("utf-8"):
                    break
            time.sleep(0.01)
        times.append(time.perf_counter() - start)
        time.sleep(0.5)
    return {"how": "http", "text": summary(times)}


def in_browser(base: str, repeat: int, where: Path) -> dict:
    """Save→visible in Chromium, for a sentence and for a photo."""
    from playwright.sync_api import Error, sync_playwright  # noqa: PLC0415

    def until(page, check: str, start: float, *args) -> float:
        """Wait until the page says `check` holds (a function of the page, given args); return the
        seconds since start. The page watches for itself, at no cost while nothing happens: asking
        it from here, or at each frame, would take from the two cores the time the build needs."""
        while time.perf_counter() - start < TIMEOUT:
            try:
                if page.evaluate(check, list(args)):
                    return time.perf_counter() - start
            except Error:  # the page is reloading
                time.sleep(0.005)
        raise SystemExit(f"nothing changed in {TIMEOUT} s")

    text, photo = [], []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        page = browser.new_page()
        page.goto(base + PAGE[1])
        time.sleep(1.0)  # the page's reload script is connected
        for n in range(repeat):
            sentence = edit_text(where, n)
            text.append(until(page, SHOWN, time.perf_counter(), sentence))
            time.sleep(0.5)
        page.goto(base + GALLERY[1])
        time.sleep(1.0)
        for n in range(repeat):
            saved = time.time() * 1000
            start = time.perf_counter()
            edit_photo(where, n + 1)
            photo.append(until(page, LOADED, start, saved))
            time.sleep(0.5)
        browser.close()
    return {"how": "chromium", "text": summary(text), "photo": summary(photo)}


def summary(times: list[float]) -> dict:
    return {"median_s": statistics.median(times), "worst_s": max(times), "runs": [round(t, 3) for t in times]}


def preview_latency(repeat: int = 7) -> dict:
    """Measure save→visible in a preview of a copy of the project."""
    with tempfile.TemporaryDirectory(prefix="zonesites-latency-") as scratch:
        where = project(Path(scratch) / "project")
        port = free_port()
        process = started(where, port)
        base = f"http://127.0.0.1:{port}/"
        try:
            try:
                import playwright  # noqa: F401, PLC0415
                browser = Path(CHROMIUM).exists()
            except ImportError:
                browser = False
            return in_browser(base, repeat, where) if browser else by_http(base, repeat, where)
        finally:
            process.terminate()
            process.wait(timeout=10)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=7)
    print(json.dumps(preview_latency(parser.parse_args().repeat), indent=1))


if __name__ == "__main__":
    main()
