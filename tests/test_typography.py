"""French typography is made by the build: narrow no-break spaces before ; : ! ? » and after «."""

from __future__ import annotations

import re

import jinja2
import pytest

from conftest import ROOT
from glossary.glossary import expander
from zonelib import zonefile
from zonelib.html import rewrite, text_filter
from zonelib.typography import french, typeset, typeset_text

N = "\u202f"
FRENCH = [site.domain for site in zonefile.load(ROOT / "zones.yaml").sites(lang="fr")]


@pytest.mark.parametrize(("typed", "made"), [
    ("Appelez le helpdesk : 02", f"Appelez le helpdesk{N}: 02"),
    ("Oui ; non ! Pourquoi ?", f"Oui{N}; non{N}! Pourquoi{N}?"),
    ("« Agir collectivement »", f"«{N}Agir collectivement{N}»"),
    ("«Agir»", f"«{N}Agir{N}»"),  # typed without spaces
    ("mot\u00a0:", f"mot{N}:"), ("mot&nbsp;?", f"mot{N}?"), (f"mot{N}:", f"mot{N}:"),  # already right: kept
    ("deux  espaces :", f"deux  espaces{N}:"),
    ("ligne\n: suite", f"ligne{N}: suite"),  # never a line that starts with ':'
    ("de 12:30 à 16:30", "de 12:30 à 16:30"), ("https://a.brussels/?q=1", "https://a.brussels/?q=1"),
    ("Note: collée", "Note: collée"),  # no space typed before ':': not guessed
    ("&amp; ; x", f"&amp;{N}; x"),
])
def test_french_spaces(typed, made):
    assert french(typed) == made


@pytest.mark.parametrize(("page", "made"), [
    ('<html lang="fr"><p title="a : b">x : <a href="/?a=b">y ?</a></p></html>',
     f'<html lang="fr"><p title="a : b">x{N}: <a href="/?a=b">y{N}?</a></p></html>'),
    ('<html lang="fr"><head><title>Quoi ?</title><script type="application/ld+json">{"a": "b : c"}</script>'
     '</head><body><p>a : b</p></body></html>',
     f'<html lang="fr"><head><title>Quoi{N}?</title><script type="application/ld+json">{{"a": "b : c"}}</script>'
     f'</head><body><p>a{N}: b</p></body></html>'),
    ('<html lang="fr"><p>a <code>x : y</code> <pre>z ; w</pre> <span lang="nl">Wat ?</span> b !</p></html>',
     f'<html lang="fr"><p>a <code>x : y</code> <pre>z ; w</pre> <span lang="nl">Wat ?</span> b{N}!</p></html>'),
    ('<html lang="nl"><p>Waarom ?</p></html>', '<html lang="nl"><p>Waarom ?</p></html>'),
    ('<html lang="fr"><p lang="nl">Wat ?</p><p>Quoi ?</p></html>',
     f'<html lang="fr"><p lang="nl">Wat ?</p><p>Quoi{N}?</p></html>'),
    ('<html lang="fr"><p>x<br>y ?</p><!-- a : b --></html>', f'<html lang="fr"><p>x<br>y{N}?</p><!-- a : b --></html>'),
])
def test_only_french_prose_is_changed(page, made):
    assert typeset(page) == made


def test_the_walker_keeps_markup_byte_for_byte():
    page = '<!doctype html>\n<html lang="fr"><body class=\'a\' data-x="<b>"><p>x</p></body>\n</html>\n'
    assert rewrite(page, lambda text, lang, tags: text) == page
    seen = []
    rewrite(page, lambda text, lang, tags: seen.append((text, lang, tags)) or text)
    assert ("x", "fr", ("html", "body", "p")) in seen


BREAKABLE = re.compile(r"[ \t\r\n\u00a0]+[;:!?»]|«[ \t\r\n\u00a0]")


def french_prose(page):
    """Yield the texts of a parsed page that are French prose (no code, script, style, other language)."""
    for text in page.find_all(string=True):
        if text.parent.name in ("script", "style") or text.find_parent(["code", "pre"]):
            continue
        owner = text.find_parent(attrs={"lang": True})
        if owner is None or owner["lang"].startswith("fr"):
            yield str(text)


@pytest.mark.parametrize("domain", FRENCH)
def test_no_french_page_has_a_breakable_space_before_punctuation(dev, domain):
    checked = 0
    for relative, page in dev.pages(domain):
        for text in french_prose(page):
            checked += text.count(N)
            found = BREAKABLE.search(text)
            assert not found, f"{domain}/{relative}: breakable space in {text[max(0, found.start() - 30):found.end()]!r}"
        for tag in page.find_all(attrs={"content": True}) + page.find_all(attrs={"title": True}):  # attributes: as typed
            assert N not in (tag.get("content", "") + tag.get("title", "")), relative
    assert checked > 100  # the spaces are there, not only the breakable ones gone


def test_the_typography_and_the_glossary_in_one_pass_whatever_order_they_are_added_in():
    page = '<html lang="fr"><body><p>Le ZOGAB : « ZOGAB » !</p><p lang="nl">De ZOGAB : x</p></body></html>'
    made = ('<html lang="fr"><body><p>Le <abbr title="groupe d&#x27;appui : x">ZOGAB</abbr>\u202f: «\u202fZOGAB\u202f»\u202f!'
            '</p><p lang="nl">De ZOGAB : x</p></body></html>')
    entries = [{"term": "ZOGAB", "spellings": ["ZOGAB"], "expansion": "groupe d'appui : x"}]
    for order in ([("glossary", True), ("typography", False)], [("typography", False), ("glossary", True)]):
        env = jinja2.Environment()
        for name, markup in order:
            start = expander(entries, "fr") if name == "glossary" else (lambda: typeset_text)
            text_filter(env, name, start, markup=markup)
        assert env.from_string(page).render() == made  # the title as written: no typography in attributes


def test_a_pure_change_is_asked_once_per_text_and_white_space_never():
    env = jinja2.Environment()
    asked = []

    def upper(text, lang, tags):
        asked.append(text)
        return text.upper()

    text_filter(env, "upper", lambda: upper, pure=True)
    page = env.from_string("<p>{{ x }}</p>\n<p>Menu</p>")
    assert page.render(x="a") == "<p>A</p>\n<p>MENU</p>"
    assert page.render(x="b") == "<p>B</p>\n<p>MENU</p>"
    assert asked == ["a", "Menu", "b"]  # the menu's text once for both pages, the line break never
