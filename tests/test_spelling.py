"""Spelling: the words of the content that the dictionaries and the project's words do not know, as
warnings (make spellcheck, the preview), never as problems."""

from __future__ import annotations

import os
import re
import subprocess
import sys

import pytest

from conftest import ROOT
from zonesites.notices import notices
from zonesites.spelling import Checker, field_texts, prose_of, words_of


@pytest.mark.parametrize(("line", "words"), [
    ("Le 1er février, 12 km² à pied", ["Le", "février", "à", "pied"]),
    ("Voir `make html` et https://example.org/une-page ou www.brusano.brussels", ["Voir", "et", "ou"]),
    ("Écrire à info@bassin-sud.brussels ou bassin-sud.brussels", ["Écrire", "à", "ou"]),
    ("Le [helpdesk]({filename}/region/pages/helpdesk.fr.md) du <abbr title=\"x\">ZOGAB</abbr>",
     ["Le", "helpdesk", "du", "ZOGAB"]),
    ("l'équipe d’Anderlecht, Molenbeek-Saint-Jean", ["l'équipe", "d’Anderlecht", "Molenbeek-Saint-Jean"]),
    ("welzijns- en gezondheidsplan, de WG's", ["en", "gezondheidsplan", "de", "WG's"]),
])
def test_only_the_prose_of_a_line_is_read(line, words):
    assert words_of(prose_of(line)) == words


def test_only_free_texts_of_the_front_matter_are_read():
    from zonelib import yamlines  # noqa: PLC0415

    schema = {"type": "object", "properties": {
        "title": {"type": "string"}, "slug": {"type": "string", "pattern": "^[a-z-]+$"},
        "category": {"enum": ["atelier"]}, "map": {"type": "string", "pattern": "^https://", "x-expected": "x"},
        "themes": {"type": "array", "items": {"type": "object", "properties": {"points": {
            "type": "array", "items": {"type": "string"}}}}},
        "intro": {"type": "object", "properties": {"fr": {"type": "string"}, "nl": {"type": "string"}}}}}
    data = yamlines.load("title: Un titre\nslug: un-tittre\ncategory: atelier\nmap: https://x.org\nthemes:\n"
                         "  - points:\n      - Un point\nintro:\n  fr: Bonjour\n  nl: Goeiedag\n", "x")
    assert list(field_texts(data, schema, "fr", ["fr", "nl"], 1)) == [
        (1, "Un titre", "fr"), (7, "Un point", "fr"), (9, "Bonjour", "fr"), (10, "Goeiedag", "nl")]


PAGE = """---
title: Les permanances du bassin
slug: les-permanances
summary: Où trouver l'équipe de Forest et d'Uccle.
---
Le <abbr title="groupe d'appui au bassin">ZOGAB</abbr> se réunit à Forest avec Aurélie.

```
un bloc de codde
```
Écrivez à info@bassin-sud.brussels ; le helpdesk répond <span lang="nl">elke werkdag</span> aux proffessionnels.
"""


@pytest.fixture
def checker(site):
    site.write("content/sud/pages/perm.fr.md", PAGE)
    site.write("content/sud/pages/perm.nl.md", "---\ntitle: De zitdagen\n---\nDe zorgzone helpt u graag.\n")
    return Checker(site.root / "pelicanconf.py")


def best_suggestion_only(text: str) -> str:
    """Keep the first of the suggestions in a warning: Hunspell gives up to three, fewer when the
    machine is busy (it gives itself a time limit), the best one first."""
    return re.sub(r"('[^']+')(?:, '[^']+')+(?=\xa0?\?\))", r"\1", text)


def test_unknown_words_are_warned_with_their_line(checker):
    found = [best_suggestion_only(str(p)) for p in checker.everything()]
    assert found == [
        "content/sud/pages/perm.fr.md:2: 'permanances' is not in the dictionary (did you mean 'permanences'?); "
        "correct it, or add it to words.txt if it is right",
        "content/sud/pages/perm.fr.md:11: 'proffessionnels' is not in the dictionary (did you mean 'professionnels'"
        "?); correct it, or add it to words.txt if it is right"]


def test_a_word_added_to_words_txt_is_accepted_and_a_page_shows_its_warnings(checker, site):
    with (site.root / "words.txt").open("a", encoding="utf-8") as words:
        words.write("permanances\n")
    by_file = checker.by_source()
    assert [p.message.values["word"] for p in by_file["content/sud/pages/perm.fr.md"]] == ["proffessionnels"]
    built = site.build_all(zone="sud", lang="fr")  # a spelling mistake is never a problem of the build
    found = notices(built.report, by_file)
    page = built.file("bassin-sud.brussels", built.url("bassin-sud.brussels", "les-permanances/")).resolve()
    assert b"proffessionnels" in found["bassin-sud.brussels"][page]


def test_make_spellcheck_lists_the_words_in_the_staffs_language_and_succeeds(checker, site):
    env = {**os.environ, "PYTHONPATH": str(ROOT), "MESSAGES": "fr"}
    result = subprocess.run([sys.executable, "-m", "zonesites", "spellcheck"], cwd=site.root, env=env,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert "content/sud/pages/perm.fr.md:2: 'permanances' n'est pas dans le dictionnaire (vouliez-vous dire " \
           "'permanences'\xa0?)" in best_suggestion_only(result.stdout)
    assert "2 mots à vérifier, dans 1 fichier." in result.stdout
