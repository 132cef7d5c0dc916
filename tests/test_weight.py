"""Page weight budgets, on the published sites: what a visitor's browser really downloads."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from PIL import Image, ImageDraw, ImageFilter

from conftest import build_into, soup
from test_browser import CHROMIUM, FLAGS

PAGE_BUDGET = 30_000  # bytes, HTML + CSS + JS of an ordinary page, compressed
# The search page loads Pagefind's UI (about 25 KB compressed) on top of an ordinary page, only there,
# deferred after the page shows; its A-Z list works before and without it.
SEARCH_BUDGET = 40_000
GALLERY_BUDGET = 600_000  # bytes, a gallery of 12 photos on a 375 px wide phone


def test_every_page_with_its_css_weighs_under_30_kb_compressed_the_search_page_40(published, zones):
    for site in zones.sites():
        root = published.output / site.domain
        for page_file in root.rglob("*.html"):
            page = soup(page_file)
            styles = [root / link["href"].removeprefix(f"https://{site.domain}/")
                      for link in page.select('link[rel="stylesheet"]')]
            scripts = [root / script["src"].removeprefix(f"https://{site.domain}/") for script in page.select("script[src]")]
            files = [page_file, *styles, *scripts]
            weight = sum(sent(file) for file in files)
            budget = SEARCH_BUDGET if page.select_one("#search[data-bundle]") else PAGE_BUDGET
            assert weight <= budget, f"{site.domain}/{page_file.relative_to(root)} weighs {weight} bytes"
            assert Path(f"{page_file}.gz").is_file() and Path(f"{page_file}.br").is_file()


def sent(file: Path) -> int:
    """Bytes a host sends for a file: its .br when the build wrote one (not for tiny files), else itself."""
    compressed = Path(f"{file}.br")
    return (compressed if compressed.is_file() else file).stat().st_size


def photo_like(path: Path, seed: int) -> None:
    """Write a 1600 x 1067 image with the detail of a real photo (noise, light, shapes, softened)."""
    rng = random.Random(seed)
    image = Image.effect_noise((1600, 1067), 40).convert("RGB")
    draw = ImageDraw.Draw(image, "RGBA")
    for _ in range(60):
        x, y, r = rng.randrange(1600), rng.randrange(1067), rng.randrange(30, 300)
        draw.ellipse((x - r, y - r, x + r, y + r), fill=(rng.randrange(256), rng.randrange(256), rng.randrange(256), 140))
    image.filter(ImageFilter.GaussianBlur(1.2)).save(path, "JPEG", quality=90)


@pytest.mark.browser
def test_a_gallery_of_12_photos_weighs_under_600_kb_on_a_phone(project, tmp_path):
    folder = project / "content/sud/galleries/exemple"
    for old in folder.iterdir():
        old.unlink()
    lines = ["title: {fr: Douze photos, nl: Twaalf foto's}", "voting: closed", "photos:"]
    for index in range(12):
        photo_like(folder / f"p{index}.jpg", index)
        lines += [f"  - file: p{index}.jpg", f"    title: {{fr: Photo {index}, nl: Foto {index}}}",
                  f"    alt: {{fr: Photo {index}, nl: Foto {index}}}", "    credit: Test", f"    votes: {index + 1}"]
    (folder / "gallery.yaml").write_text("\n".join(lines) + "\n", "utf-8")
    built = build_into(tmp_path / "out", project / "publishconf.py", zone="sud", lang="fr")
    root = built.output / "bassin-sud.brussels"
    transferred = {}

    def serve(route):  # answer from the built files; count what a host would send (.br when written)
        path = root / route.request.url.removeprefix("https://bassin-sud.brussels/")
        path = path / "index.html" if path.is_dir() else path
        transferred[route.request.url] = sent(path)
        route.fulfill(path=str(path))

    from playwright.sync_api import sync_playwright  # noqa: PLC0415

    with sync_playwright() as driver:
        browser = driver.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        tab = browser.new_page(viewport={"width": 375, "height": 800})
        tab.route("https://bassin-sud.brussels/**", serve)
        tab.goto("https://bassin-sud.brussels/photos/exemple/")
        for _ in range(40):  # scroll to the end, so that every lazy photo loads too
            tab.mouse.wheel(0, 800)
            tab.wait_for_timeout(50)
        tab.wait_for_load_state("networkidle")
        browser.close()
    photos = [url for url in transferred if "/photos/exemple/p" in url]
    assert len(photos) == 12 and all(url.endswith("-480.avif") for url in photos), sorted(transferred)
    assert sum(transferred.values()) <= GALLERY_BUDGET, transferred
