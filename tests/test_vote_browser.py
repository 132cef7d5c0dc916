"""The vote in Debian's Chromium: the gallery page and the service's pages pass axe-core (WCAG 2.1
A and AA) with no CSP violation in both languages, served as in production (the sites with their
_headers, /vote/ answered by the service on the same origin); and the vote works with JavaScript off."""

from __future__ import annotations

import pytest

from conftest import MiniSite
from test_browser import CHROMIUM, FLAGS, WCAG
from voting import running, write_gallery

pytestmark = pytest.mark.browser
playwright = pytest.importorskip("playwright.sync_api")
from axe_playwright_python.sync_playwright import Axe  # noqa: E402

SITES = {"fr": ("bassin-sud.brussels", "Je vote pour «\u202fLe marché\u202f»", "Continuer\u202f: vérifier mon choix",
                "Vérifiez votre choix", "Confirmer mon vote", "Merci\u202f! Votre vote a bien été pris en compte"),
         "nl": ("zorgzone-zuid.brussels", 'Ik stem op "De markt"', "Verder: mijn keuze controleren",
                "Controleer uw keuze", "Mijn stem bevestigen", "Bedankt: uw stem is geteld")}


@pytest.fixture(scope="module")
def voting_site(tmp_path_factory):
    """Zone sud of a small site with an open ballot, served with the service by one uvicorn on 127.0.0.1."""
    where = tmp_path_factory.mktemp("vote-browser")
    small = MiniSite(where)
    write_gallery(small.root, "expo", per_network=10)  # every vote of this test comes from 127.0.0.1
    built = small.build_all(zone="sud")
    with running(small.root, where / "ballot.sqlite3", site_url="/{domain}/", preview=built.output,
                 trusted_proxies="") as service:
        yield service


@pytest.fixture(scope="module")
def chromium():
    with playwright.sync_playwright() as driver:
        browser = driver.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        yield browser
        browser.close()


def watched(context):
    context.set_default_timeout(10_000)  # a refused form never navigates: fail in 10 s, not 30
    tab, errors = context.new_page(), []
    tab.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    tab.on("pageerror", lambda error: errors.append(str(error)))
    tab.on("request", lambda request: errors.append("outside: " + request.url)
           if not request.url.startswith("http://127.0.0.1:") else None)
    return tab, errors


def accessible(tab) -> list:
    violations = Axe().run(tab, options=WCAG).response["violations"]
    return [(v["id"], [n["target"] for n in v["nodes"]]) for v in violations]


@pytest.mark.parametrize("lang", ["fr", "nl"])
def test_the_vote_form_and_answer_pages_pass_axe_without_csp_violations(voting_site, chromium, lang):
    domain, label, go_on, check, confirm, thanks = SITES[lang]
    context = chromium.new_context()
    tab, errors = watched(context)
    try:
        response = tab.goto(f"{voting_site.url}/{domain}/photos/expo/")
        assert response.ok and "form-action 'self'" in response.headers["content-security-policy"]
        assert accessible(tab) == []
        tab.get_by_label(label).check()
        tab.get_by_role("button", name=go_on).click()
        tab.wait_for_load_state("load")
        assert tab.locator("h1").inner_text() == check and accessible(tab) == []
        tab.get_by_role("button", name=confirm).click()
        tab.wait_for_load_state("load")
        assert tab.locator("h1").inner_text() == thanks and accessible(tab) == []
        tab.goto(f"{voting_site.url}/{domain}/photos/expo/")  # and again: refused plainly, still accessible
        tab.get_by_label(label).check()
        tab.get_by_role("button", name=go_on).click()
        tab.get_by_role("button", name=confirm).click()
        tab.wait_for_load_state("load")
        assert tab.locator("h1").inner_text() in ("Votre vote a déjà été compté", "Uw stem werd al geteld")
        assert accessible(tab) == []
        refused = "Failed to load resource: the server responded with a status of 409 (Conflict)"
        assert [error for error in errors if error != refused] == []  # the answer's own status, and nothing else
    finally:
        context.close()


@pytest.mark.parametrize("lang", ["fr", "nl"])
def test_voting_works_with_javascript_off(voting_site, chromium, lang):
    domain, label, go_on, check, confirm, thanks = SITES[lang]
    context = chromium.new_context(java_script_enabled=False)
    tab, errors = watched(context)
    try:
        tab.goto(f"{voting_site.url}/{domain}/photos/expo/")
        tab.get_by_role("button", name=go_on).click()  # nothing chosen: the browser asks for a choice
        assert tab.url.endswith("/photos/expo/")
        tab.get_by_label(label).check()
        tab.get_by_role("button", name=go_on).click()
        tab.wait_for_url(f"{voting_site.url}/vote/sud/expo/")
        assert tab.locator("h1").inner_text() == check
        tab.get_by_role("button", name=confirm).click()
        tab.wait_for_url(f"{voting_site.url}/vote/sud/expo/confirm")
        assert tab.locator("h1").inner_text() == thanks
        tab.get_by_role("link", name="Retour aux photos" if lang == "fr" else "Terug naar de foto's").click()
        assert tab.url == f"{voting_site.url}/{domain}/photos/expo/"
        assert errors == []
    finally:
        context.close()
