"""In Debian's Chromium (Playwright): every kind of page, served with the sites' own security headers,
passes axe-core (WCAG 2.1 A and AA), triggers no CSP violation, loads nothing from elsewhere, and
fits a 320 px screen (200 % zoom of a 640 px window) without horizontal scrolling; every page of the
ten sites also fits 320 px with its text enlarged to 200 %. The menu is a disclosure on phones, the
search finds known pages in both languages, and printing shows link addresses and never leaves the
footer alone on a sheet."""

from __future__ import annotations

import functools
import io
import re
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import playwright.sync_api as playwright  # `make test` installs it: a missing module fails, never skips
import pytest
from axe_playwright_python.sync_playwright import Axe
from pypdf import PdfReader

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


def watch(tab, origin: str, kinds=("error",)) -> tuple[list[str], list[str]]:
    """Collect a tab's console messages of these kinds (a CSP violation is an error), its page errors,
    and every request to another origin than the test server."""
    errors, outside = [], []
    tab.on("console", lambda message: errors.append(message.text) if message.type in kinds else None)
    tab.on("pageerror", lambda error: errors.append(str(error)))
    tab.on("request", lambda request: outside.append(request.url) if not request.url.startswith(origin) else None)
    return errors, outside


def sideways(tab) -> int:
    """Return how many pixels the page in a tab scrolls sideways."""
    return tab.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")


def first_link(page_file: Path, selector: str) -> str:
    return soup(page_file).select_one(selector)["href"]


SLUGS = {  # the address of each kind of page in each language
    "agenda": ("agenda", "agenda"), "ateliers": ("ateliers-du-changement", "veranderateliers"),
    "photos": ("photos", "fotos"), "team": ("equipe", "team"), "legal": ("mentions-legales", "wettelijke-vermeldingen"),
    "accessibility": ("accessibilite", "toegankelijkheid"), "about": ("a-propos", "over-de-zorgzone"),
}
SEARCH = ("recherche", "zoeken")  # reached from every page's search form


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
    search = f"/{domain}/{SEARCH[lang == 'nl']}/"
    assert home.select_one("header form[role=search]")["action"] == search
    return {"home": f"/{domain}/", **found, "event": first_item(found["agenda"]),
            "report": first_item(found["ateliers"]), "gallery": first_item(found["photos"]),
            "not found": f"/{domain}/404.html", "finder": finder,
            "postcode": first_link(root / finder.removeprefix(f"/{domain}/") / "index.html", "table.postcodes a"),
            "search": search}


SITES = [(zone, lang) for zone in VISITED for lang in ("fr", "nl")]


@pytest.mark.parametrize(("zone", "lang"), SITES)
def test_every_template_passes_axe_without_csp_violations_or_outside_requests(dev, origin, browser, zone, lang):
    domain = dev.zones.zone(zone)["domain"][lang]
    tab = browser.new_page()
    errors, outside = watch(tab, origin)
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
        overflow = sideways(tab)
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
    assert sud["name"][lang] in first.inner_text() and sud["phone"] in first.inner_text()  # confirmed numbers only
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


def big_text(tab) -> None:
    """Enlarge the text to 200 %, as a visitor does in the browser's settings (default font size)."""
    tab.context.new_cdp_session(tab).send("Page.setFontSizes", {"fontSizes": {"standard": 32, "fixed": 26}})


def test_every_page_of_the_ten_sites_fits_320_pixels_with_text_at_200_percent(dev, origin, browser):
    tab = browser.new_page(viewport={"width": 320, "height": 640})
    big_text(tab)
    wide, pages = [], sorted(path.relative_to(dev.output) for path in dev.output.glob("*/**/*.html"))
    for path in pages:
        tab.goto(f"{origin}/{path.as_posix()}")
        overflow = sideways(tab)
        if overflow > 0:
            wide.append(f"{path}: {overflow} px of horizontal scrolling")
    tab.close()
    assert wide == [], f"{len(wide)} of {len(pages)} pages scroll sideways: {wide[:10]}"
    assert len(pages) > 250


@pytest.mark.parametrize(("zone", "lang"), SITES)
def test_the_menu_is_a_disclosure_on_phones_and_the_title_shows_on_the_first_screen(dev, origin, browser, zone, lang):
    domain = dev.zones.zone(zone)["domain"][lang]
    phone = browser.new_page(viewport={"width": 375, "height": 667})
    for kind, path in every_kind_of_page(dev, domain).items():
        phone.goto(origin + path)
        assert phone.locator("nav.main-nav summary").is_visible(), (kind, path)
        assert not phone.locator("nav.main-nav li a").first.is_visible(), (kind, path)  # closed
        box = phone.locator("h1").bounding_box()
        assert box["y"] + box["height"] <= 667, (kind, path, f"the title ends at {box['y'] + box['height']} px")
    phone.goto(origin + f"/{domain}/agenda/")
    phone.locator("nav.main-nav summary").focus()
    phone.keyboard.press("Enter")  # opens with the keyboard, without JavaScript of ours
    links = phone.locator("nav.main-nav li a")
    assert links.first.is_visible() and links.last.is_visible()
    assert phone.evaluate("document.querySelector('nav.main-nav details').open")
    phone.keyboard.press("Tab")
    assert phone.evaluate("document.activeElement.textContent") == links.first.text_content()
    assert phone.locator('nav.main-nav a[aria-current="page"]').is_visible()
    phone.keyboard.press("Shift+Tab")
    phone.keyboard.press("Space")  # and closes again
    assert not links.first.is_visible()
    phone.close()
    wide = browser.new_page(viewport={"width": 1280, "height": 800})
    big = browser.new_page(viewport={"width": 320, "height": 640})
    big_text(big)
    for tab in (wide, big):
        tab.goto(origin + f"/{domain}/")
    assert not wide.locator("nav.main-nav summary").is_visible()  # wide screens show the whole menu
    assert wide.locator("nav.main-nav li a").last.is_visible()
    assert big.locator("nav.main-nav summary").is_visible()  # 200 % text: the phone layout, by em
    wide.close()
    big.close()


QUERIES = {  # a query in each language, not a prefix of what it finds (stemming), and a page it finds
    "fr": ("rencontres", "agenda/inter-zogab-2024-03-14/"),
    "nl": ("vergaderingen", "agenda/inter-zogab-2024-03-14/"),
}


@pytest.mark.parametrize("lang", ["fr", "nl"])
def test_a_query_from_the_header_finds_a_known_page_without_csp_violations(dev, origin, browser, lang):
    domain = dev.zones.zone(VISITED[0])["domain"][lang]
    query, expected = QUERIES[lang]
    tab = browser.new_page(viewport={"width": 375, "height": 800})
    errors, outside = watch(tab, origin, ("error", "warning"))
    tab.goto(origin + f"/{domain}/agenda/")
    tab.fill("header form[role=search] input[name=q]", query)
    tab.keyboard.press("Enter")
    tab.wait_for_selector(".pagefind-ui__result-link", timeout=15_000)
    assert tab.url.endswith(f"/{SEARCH[lang == 'nl']}/?q={query}")
    assert tab.input_value(".pagefind-ui__search-input") == query
    found = tab.eval_on_selector_all(".pagefind-ui__result-link", "links => links.map(a => a.getAttribute('href'))")
    assert f"/{domain}/{expected}" in found, found
    assert all(href.startswith(f"/{domain}/") for href in found), found
    message = tab.text_content(".pagefind-ui__message")
    assert query in message and ("pages trouvées" in message or "pagina's gevonden" in message), message
    violations = Axe().run(tab, options=WCAG).response["violations"]
    assert violations == [], [(v["id"], [n["target"] for n in v["nodes"]]) for v in violations]
    assert errors == [] and outside == [], (errors, outside)
    tab.close()


def words(text: str) -> set[str]:
    return set(re.findall(r"\w+", text.lower()))


@pytest.mark.parametrize(("zone", "lang"), SITES)
def test_printing_shows_link_addresses_and_never_the_footer_alone(dev, origin, browser, zone, lang):
    domain = dev.zones.zone(zone)["domain"][lang]
    tab = browser.new_page()
    tab.emulate_media(media="print")
    for kind, path in every_kind_of_page(dev, domain).items():
        tab.goto(origin + path)
        for link in tab.locator('main a[href^="http"]').all():
            after = link.evaluate("a => getComputedStyle(a, '::after').content")
            assert link.get_attribute("href") in after, (kind, path, after)
        assert not tab.locator("nav.main-nav").is_visible(), (kind, path)  # nor the search form in it
        sheets = [words(sheet.extract_text()) for sheet in PdfReader(io.BytesIO(tab.pdf(format="A4"))).pages]
        # The zone's contact prints on the first sheet, with the title: no sheet holds it alone, none is blank.
        assert words(tab.inner_text("footer .contact-card")) | words(tab.inner_text("h1")) <= sheets[0], (kind, path)
        assert all(sheets), (kind, path, f"sheet {sheets.index(set()) + 1} of {len(sheets)} is blank")
    tab.close()
