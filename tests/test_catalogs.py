"""Interface strings: every one translated in fr and nl, catalogs in step with the templates."""

from __future__ import annotations

import datetime
import io
import re
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from conftest import ROOT, build_into, make_project
from zonelib.problems import ProblemsError
from i18n.i18n import catalog_problems, format_date, language_name

CATALOGS = ROOT / "themes/zones/translations"
LANGS = ["fr", "nl"]
# The visitors' catalog (the theme's templates) and the staff's (the sentences of the code), with how
# `make catalogs-extract` collects each.
KINDS = {
    "messages": (CATALOGS, ["-F", "themes/zones/babel.cfg"]),
    "staff": (ROOT / "zonelib/translations", ["-F", "zonelib/babel.cfg", "--no-default-keywords", "-k", "say",
                                              "-k", "say_n:1,2"]),
}
EVERY = [(kind, lang) for kind in KINDS for lang in LANGS]
PLACE = re.compile(r"%\((\w+)\)[-#0 +]*\d*(?:\.\d+)?[sdfr]")


def po_file(kind: str, lang: str) -> Path:
    return KINDS[kind][0] / lang / "LC_MESSAGES" / f"{kind}.po"


@pytest.mark.parametrize(("kind", "lang"), EVERY)
def test_catalog_is_complete_and_not_fuzzy(kind, lang):
    catalog = read_po(po_file(kind, lang).open("rb"))
    assert catalog_problems(catalog, po_file(kind, lang).name) == []
    assert len([m for m in catalog if m.id]) >= 20


@pytest.mark.parametrize(("kind", "lang"), EVERY)
def test_catalog_header_has_no_template_placeholders(kind, lang):
    header = po_file(kind, lang).read_text("utf-8").split("\n\n")[0]
    for placeholder in ("FIRST AUTHOR", "EMAIL@ADDRESS", "YEAR-MO-DA", "FULL NAME", "LANGUAGE <LL@li.org>",
                        "PROJECT", "ORGANIZATION"):
        assert placeholder not in header


@pytest.mark.parametrize(("kind", "lang"), EVERY)
def test_translations_keep_every_placeholder(kind, lang):
    for message in read_po(po_file(kind, lang).open("rb")):
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        wanted = set().union(*(PLACE.findall(text) for text in ids))
        for text in strings:
            assert set(PLACE.findall(text)) == wanted or (len(ids) > 1 and set(PLACE.findall(text)) <= wanted), (
                f"{kind}.po ({lang}), '{ids[0]}': the translation must keep {sorted(wanted)}")


@pytest.mark.parametrize("kind", KINDS)
def test_catalogs_hold_exactly_the_sentences_of_the_code(kind, tmp_path):
    pot = tmp_path / f"{kind}.pot"
    pybabel = Path(sys.executable).with_name("pybabel")
    subprocess.run([pybabel, "--quiet", "extract", *KINDS[kind][1], "-o", str(pot), "."], cwd=ROOT, check=True)
    wanted = {m.id for m in read_po(pot.open("rb")) if m.id}
    assert wanted, "no sentences extracted"
    for lang in LANGS:
        have = {m.id for m in read_po(po_file(kind, lang).open("rb")) if m.id}
        assert have == wanted, f"{kind} ({lang}): run `make catalogs-update` and translate the new sentences"


def test_a_fuzzy_or_empty_entry_is_a_problem_with_its_line():
    text = (CATALOGS / "nl/LC_MESSAGES/messages.po").read_text("utf-8")
    text = text.replace('msgstr "Hoofdmenu"', 'msgstr ""').replace('msgid "Home"', '#, fuzzy\nmsgid "Home"')
    problems = [str(p) for p in catalog_problems(read_po(io.BytesIO(text.encode())), "messages.po")]
    line = text[:text.index('msgid "Main menu"')].count("\n") + 1
    assert f"messages.po:{line}: 'Main menu' has no translation; fill in its msgstr" in problems
    assert any("'Home' is marked fuzzy" in p for p in problems), problems
    assert len(problems) == 2


def test_a_fuzzy_entry_stops_the_build_of_its_language(tmp_path):
    project = make_project(tmp_path / "project", copied=("themes",))
    po = project / "themes/zones/translations/nl/LC_MESSAGES/messages.po"
    po.write_text(po.read_text("utf-8").replace('msgid "Home"', '#, fuzzy\nmsgid "Home"'), "utf-8")
    with pytest.raises(ProblemsError) as error:
        build_into(tmp_path / "out", project / "pelicanconf.py", zone="nord")
    assert [p.message for p in error.value.problems] == [
        "the translation of 'Home' is marked fuzzy; check it and remove the '#, fuzzy' line"]


@pytest.mark.parametrize(("locale", "expected"), [
    ("fr_BE", "14 mars 2024"),
    ("nl_BE", "14 maart 2024"),
])
def test_dates_come_from_babel_not_the_machine(locale, expected):
    assert format_date(datetime.date(2024, 3, 14), locale=locale) == expected


@pytest.mark.parametrize(("lang", "expected"), [
    ("en", "Built 3 sites, 5 pages, in 2.6 s."),
    ("fr", "3 sites générés, 5 pages, en 2,6 s."),
    ("nl", "3 sites gebouwd, 5 pagina's, in 2,6 s."),
])
def test_the_staffs_numbers_are_written_as_their_language_writes_them(lang, expected):
    # a sentence of the code with a catalog of its own: its number with decimals (counts and line
    # numbers are written as they are)
    from babel.messages.catalog import Catalog  # noqa: PLC0415

    from zonelib.messages import Translator, compile_catalog, say_n  # noqa: PLC0415

    catalog = Catalog(locale=lang if lang != "en" else "fr")
    singular = "Built %(count)d site, %(pages)s, in %(seconds).1f s."
    plural = "Built %(count)d sites, %(pages)s, in %(seconds).1f s."
    translated = {"fr": ("%(count)d site généré, %(pages)s, en %(seconds).1f s.",
                         "%(count)d sites générés, %(pages)s, en %(seconds).1f s."),
                  "nl": ("%(count)d site gebouwd, %(pages)s, in %(seconds).1f s.",
                         "%(count)d sites gebouwd, %(pages)s, in %(seconds).1f s.")}
    catalog.add((singular, plural), translated.get(lang, ("", "")))
    speak = Translator(lang)
    if lang != "en":
        speak.translations = compile_catalog(catalog)
    pages = "5 pagina's" if lang == "nl" else "5 pages"
    assert speak(say_n(singular, plural, 3, pages=pages, seconds=2.56)) == expected


def test_language_names_are_in_the_sites_language():
    assert language_name("nl", locale="fr_BE") == "néerlandais"
    assert language_name("fr", locale="nl_BE") == "Frans"


def test_pages_are_dated_in_their_language(project, tmp_path):
    from conftest import build_into, soup  # noqa: PLC0415

    for lang in LANGS:
        page = project / f"content/region/pages/legal.{lang}.md"
        page.write_text(page.read_text("utf-8").replace("---\n", "---\nupdated: 2024-03-14\n", 1), "utf-8")
    built = build_into(tmp_path / "out", project / "pelicanconf.py", zone="nord")
    fr = soup(built.output / "bassin-nord.brussels/mentions-legales/index.html").select_one(".updated").get_text()
    nl = soup(built.output / "zorgzone-noord.brussels/wettelijke-vermeldingen/index.html").select_one(".updated")
    assert fr == "Dernière mise à jour le 14 mars 2024."
    assert nl.get_text() == "Laatst bijgewerkt op 14 maart 2024."
