"""`make new`: a new page, event, report or gallery in every language, from the schemas the build checks."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys

import pytest

from conftest import ROOT
from zonelib import yamlines
from zonelib.messages import Voice
from zonelib.problems import ProblemsError
from zonesites.new import Asker, NoAnswer, create, dump, front_matter
from zonesites.types import run_settings, types_of


def scripted(*answers: str):
    """Return an input() that gives these answers in turn, then says the input is closed."""
    queue = list(answers)

    def read(prompt: str) -> str:
        if not queue:
            raise EOFError
        return queue.pop(0)

    return read


def new(site, what: str, *answers: str, **options) -> list[str]:
    settings = run_settings(site.root / "pelicanconf.py")
    files = create(settings, types_of(settings), what, options, Asker(Voice("en"), scripted(*answers)))
    return [file.relative_to(site.root).as_posix() for file in files]


def read_front(path) -> dict:
    return yamlines.load(path.read_text("utf-8").split("---\n")[1], str(path))


@pytest.mark.parametrize("value", [
    {"title": "Réunion : bilan # 2", "slug": "reunion-bilan"},
    {"title": '"Citée" et l’apostrophe', "votes": 0, "flag": True},
    {"title": "2024", "code": "yes", "day": dt.date(2024, 5, 14), "when": "2024-05-14 12:30"},
    {"photos": [{"file": "a.jpg", "title": {"fr": "@Forest", "nl": "- Vorst"}}, {"file": "b.jpg"}]},
])
def test_what_is_written_reads_back_as_it_was(value):
    assert yamlines.load("\n".join(dump(value)), "x") == value


@pytest.fixture(scope="module")
def kinds():
    return types_of(run_settings(ROOT / "pelicanconf.py"))


def test_every_field_of_every_schema_is_written_or_offered(kinds):
    for folder, kind in kinds.items():
        text = front_matter({"title": "x"}, kind, "fr")
        for key in kind.schema["properties"]:
            assert f"\n# {key}:" in f"\n{text}" or key == "title", (folder, key, text)
        assert yamlines.load(text, "x") == {"title": "x"}  # the offered fields are comments


def test_each_kind_is_written_in_both_languages_and_builds_at_once(site):
    assert new(site, "page", title_fr="Les permanences : où et quand ?", title_nl="De zitdagen", zone="region") == [
        "content/region/pages/les-permanences-ou-et-quand.fr.md", "content/region/pages/les-permanences-ou-et-quand.nl.md"]
    # The category is chosen among the schema's choices (2: inter-zogab), the day and times are checked.
    assert new(site, "event", "14/05/2024", "2024-05-14", "9h30", "09:30", "09:00", "12:00", "2",
               "Rencontre des partenaires", "Ontmoeting van de partners", zone="sud") == [
        "content/sud/agenda/2024-05-14-rencontre-des-partenaires.fr.md",
        "content/sud/agenda/2024-05-14-rencontre-des-partenaires.nl.md"]
    event = read_front(site.root / "content/sud/agenda/2024-05-14-rencontre-des-partenaires.nl.md")
    assert event == {"title": "Ontmoeting van de partners", "slug": "ontmoeting-van-de-partners-2024-05-14",
                     "category": "inter-zogab", "start": "2024-05-14 09:30", "end": "2024-05-14 12:00"}
    assert new(site, "report", "1", "Retour de la rencontre", "Verslag van de ontmoeting", "Ce qui a été dit.",
               "Wat er gezegd werd.", zone="sud") == [
        "content/sud/ateliers/2024-05-14-rencontre-des-partenaires.fr.md",
        "content/sud/ateliers/2024-05-14-rencontre-des-partenaires.nl.md"]
    photos = ROOT / "content/sud/galleries/exemple"
    assert new(site, "gallery", "Forest", "Vorst", "Un parc, des arbres", "Een park met bomen", "", "",
               "Une rue d'Uccle", "Een straat in Ukkel", zone="sud", title_fr="Expo de mai", title_nl="Expo van mei",
               photos=[photos / "forest.jpg", photos / "uccle.jpg"], credit="Marie Dupont") == [
        "content/sud/galleries/expo-de-mai/gallery.yaml"]
    assert (site.root / "content/sud/galleries/expo-de-mai/uccle.jpg").is_file()

    for lang in ("fr", "nl"):
        run = site.build(zone="sud", lang=lang)
        assert run.problems == [] and run.result.missing == []
    out = run.output
    for page in ("de-zitdagen", "agenda/ontmoeting-van-de-partners-2024-05-14", "ateliers/verslag-van-de-ontmoeting",
                 "photos/expo-de-mai"):
        assert (out / page / "index.html").is_file(), page
    assert "Een straat in Ukkel" in (out / "photos/expo-de-mai/index.html").read_text("utf-8")


def test_nothing_is_ever_written_over_an_existing_file(site):
    new(site, "page", title_fr="Contact", title_nl="Contact", zone="sud")
    with pytest.raises(ProblemsError) as error:
        new(site, "page", title_fr="Contact direct", title_nl="Direct contact", zone="sud", name="contact")
    assert [str(p) for p in error.value.problems] == [
        "content/sud/pages/contact.fr.md:1: this file exists already; nothing was written (choose another title or "
        "--name)", "content/sud/pages/contact.nl.md:1: this file exists already; nothing was written (choose another "
        "title or --name)"]


def test_a_title_whose_address_is_taken_is_asked_again(site):
    new(site, "page", title_fr="Contact", title_nl="Contact", zone="region")
    with pytest.raises(NoAnswer):  # the given title is refused, and no other comes
        new(site, "page", title_fr="Contact", title_nl="Kontakt", zone="sud")


def run(site, *args, answers: str = "", lang: str = "fr"):
    env = {**os.environ, "PYTHONPATH": str(ROOT), "MESSAGES": lang}
    return subprocess.run([sys.executable, "-m", "zonesites", "new", *args], cwd=site.root, env=env, input=answers,
                          capture_output=True, text=True, timeout=60)


def test_the_command_asks_in_the_staffs_language(site):
    result = run(site, "event", answers="centre-ouest\n2024-11-18\n\n3\nSemaine portes ouvertes\nOpendeurweek\n")
    assert result.returncode == 0, result.stderr
    assert "Pour quel site ?" in result.stdout or "Quel site" in result.stdout, result.stdout
    assert "content/centre-ouest/agenda/2024-11-18-semaine-portes-ouvertes.fr.md" in result.stdout
    text = (site.root / "content/centre-ouest/agenda/2024-11-18-semaine-portes-ouvertes.fr.md").read_text("utf-8")
    assert "category: open-door-week\nstart: 2024-11-18\n" in text
    assert "# Champs facultatifs" in text  # the offered fields are explained in the file's language
    nl = (site.root / "content/centre-ouest/agenda/2024-11-18-semaine-portes-ouvertes.nl.md").read_text("utf-8")
    assert "# Facultatieve velden" in nl


def test_without_answers_nothing_is_written(site):
    result = run(site, "report", "--zone", "sud", lang="nl")
    assert result.returncode == 1
    assert "Er werd niets geschreven" in result.stderr
    assert not (site.root / "content/sud/ateliers").exists()
