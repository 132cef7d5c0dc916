"""In Debian's Chromium (Playwright): every kind of page, served with the sites' own security headers,
passes axe-core (WCAG 2.1 A and AA), triggers no CSP violation, loads nothing from elsewhere, and
fits a 320 px screen (200 % zoom of a 640 px window) without horizontal scrolling."""

from __future__ import annotations

import functools
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import playwright.sync_api as playwright  # `make test` installs it: a missing module fails, never skips
import pytest
from axe_playwright_python.sync_playwright import Axe

from conftest import soup
from zonelib.hosting import read_headers_file

pytestmark = pytest.mark.browser

CHROMIUM = "/usr/bin/chromium"
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync"]
WCAG = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}
VISITED = ["centre-ouest", "nord-est"]  # a hero photo; an open vote and the neutral hero


class Handler(SimpleHTTPRequestHandler):
    """Serve output/ as a static host would: each site's files with that site's headers."""

    def log_message(self, *args) -> None:
        pass

    def end_headers(self) -> None:
        headers = Path(self.directory) / "hosts" / self.path.split("/")[1] / "_headers"
        if headers.is_file():
            for name, value in read_headers_file(headers.read_text("utf-8")):
                self.send_header(name, value)
        super().end_headers()


@pytest.fixture(scope="module")
def origin(dev):
    server = ThreadingHTTPServer(("localhost", 0), functools.partial(Handler, directory=str(dev.output)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://localhost:{server.server_address[1]}"
    server.shutdown()


@pytest.fixture(scope="module")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: `make test` installs Debian's chromium")
    with playwright.sync_playwright() as driver:
        chromium = driver.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        yield chromium
        chromium.close()


def first_link(page_file: Path, selector: str) -> str:
    return soup(page_file).select_one(selector)["href"]


SLUGS = {  # the address of each kind of page in each language
    "agenda": ("agenda", "agenda"), "ateliers": ("ateliers-du-changement", "veranderateliers"),
    "photos": ("photos", "fotos"), "team": ("equipe", "team"), "legal": ("mentions-legales", "wettelijke-vermeldingen"),
    "accessibility": ("accessibilite", "toegankelijkheid"), "about": ("a-propos", "over-de-zorgzone"),
}


def every_kind_of_page(dev, domain: str) -> dict[str, str]:
    """Find one page of each template the way a visitor would: by following links from the home page."""
    root = dev.output / domain
    lang = "nl" if domain.startswith("zorgzone") else "fr"
    home = soup(root / "index.html")
    links = {a["href"] for a in home.select("nav.main-nav a, footer a")}
    found = {kind: f"/{domain}/{slugs[lang == 'nl']}/" for kind, slugs in SLUGS.items()}
    assert set(found.values()) <= links, sorted(set(found.values()) - links)  # reachable from every page

    def first_item(path: str) -> str:
        return first_link(root / path.removeprefix(f"/{domain}/") / "index.html", ".event-item > a")

    finder = first_link(root / "index.html", "main .finder-link a")
    return {"home": f"/{domain}/", **found, "event": first_item(found["agenda"]),
            "report": first_item(found["ateliers"]), "gallery": first_item(found["photos"]),
            "not found": f"/{domain}/404.html", "finder": finder,
            "postcode": first_link(root / finder.removeprefix(f"/{domain}/") / "index.html", "table.postcodes a")}


SITES = [(zone, lang) for zone in VISITED for lang in ("fr", "nl")]


@pytest.mark.parametrize(("zone", "lang"), SITES)
def test_every_template_passes_axe_without_csp_violations_or_outside_requests(dev, origin, browser, zone, lang):
    domain = dev.zones.zone(zone)["domain"][lang]
    tab = browser.new_page()
    errors, outside = [], []
    tab.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    tab.on("pageerror", lambda error: errors.append(str(error)))
    tab.on("request", lambda request: outside.append(request.url) if not request.url.startswith(origin) else None)
    axe = Axe()
    for kind, path in every_kind_of_page(dev, domain).items():
        response = tab.goto(origin + path)
        assert response.ok, (kind, path)
        assert "default-src 'self'" in response.headers["content-security-policy"]
        tab.wait_for_load_state("load")
        violations = axe.run(tab, options=WCAG).response["violations"]
        assert violations == [], (kind, path, [(v["id"], [n["target"] for n in v["nodes"]]) for v in violations])
        assert errors == [], (kind, path, errors)
        assert outside == [], (kind, path, outside)
        assert tab.locator("h1").count() == 1, (kind, path)
    tab.close()


@pytest.mark.parametrize(("zone", "lang"), SITES)
def test_pages_fit_320_pixels_and_the_skip_link_shows_on_focus(dev, origin, browser, zone, lang):
    domain = dev.zones.zone(zone)["domain"][lang]
    tab = browser.new_page(viewport={"width": 320, "height": 640})
    for kind, path in every_kind_of_page(dev, domain).items():
        tab.goto(origin + path)
        overflow = tab.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 0, (kind, path, f"{overflow} px of horizontal scrolling at 320 px")
    tab.goto(origin + f"/{domain}/")
    tab.keyboard.press("Tab")
    focused = tab.evaluate("document.activeElement.className")
    assert focused == "skip-link"
    box = tab.locator(".skip-link").bounding_box()
    assert box["y"] >= 0 and box["height"] > 0  # visible when focused
    outline = tab.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none"
    tab.keyboard.press("Enter")
    assert tab.evaluate("document.activeElement.id") == "content"
    tab.close()


@pytest.mark.parametrize(("zone", "lang"), SITES)
def test_the_finder_answers_as_one_types(dev, origin, browser, zone, lang):
    domain = dev.zones.zone(zone)["domain"][lang]
    finder = every_kind_of_page(dev, domain)["finder"]
    tab = browser.new_page(viewport={"width": 320, "height": 640})
    errors = []
    tab.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    tab.goto(origin + finder)
    query = tab.locator("#finder-query")
    query.wait_for(state="visible")  # the script shows the box once it has the answers
    query.fill("1180")
    first = tab.locator("#finder-results li").first
    sud = dev.zones.zone("sud")
    assert first.locator("a").first.inner_text().startswith("1180")
    assert sud["name"][lang] in first.inner_text() and sud["helpdesk"]["phone"] in first.inner_text()
    query.fill("ukkel" if lang == "fr" else "uccle")  # the other language's name finds it too
    assert tab.locator("#finder-results li").first.inner_text().startswith("1180")
    query.fill("1000")
    assert any(word in tab.locator("#finder-results li").first.inner_text() for word in ("dépend", "hangt"))
    query.fill("Paris")
    assert tab.locator("#finder-results li").count() == 1  # "no postcode or commune matches"
    query.fill("1020")
    query.press("Enter")
    tab.wait_for_url("**/1020/")
    assert "1020" in tab.locator("h1").inner_text()
    assert errors == []
    tab.close()
