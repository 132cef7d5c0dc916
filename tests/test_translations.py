"""Translations in step: pending twins in the preview, pages out of date from the history, untranslated
interface sentences, and the preview's notices about them."""

from __future__ import annotations

import re

import os
import subprocess

import pytest

from conftest import ROOT
from zonesites.notices import add_notice, notices
from zonesites.translations import Catalogs, Change, behind_in, history, interface_gaps, out_of_date

FR, NL = "content/sud/pages/x.fr.md", "content/sud/pages/x.nl.md"


def changes(*steps: str) -> list[Change]:
    """Return a history from steps like "fr", "nl", "fr nl" (one commit changing both)."""
    files = {"fr": FR, "nl": NL}
    return [Change(frozenset(files[lang] for lang in step.split()), commit=f"c{index}", day="2024-05-14")
            for index, step in enumerate(steps)]


@pytest.mark.parametrize(("steps", "behind"), [
    (["fr nl"], []),  # written together
    (["fr", "nl"], []),  # the translation added after the original
    (["fr nl", "fr"], [NL]),  # the French text changed after its translation
    (["fr nl", "nl"], [FR]),  # …or the Dutch one
    (["fr nl", "fr", "fr"], [NL]),  # still behind after more French changes
    (["fr nl", "fr", "nl"], []),  # the Dutch text caught up
    (["fr nl", "fr", "nl", "fr"], [NL]),  # and fell behind again
    (["fr nl", "fr", "fr nl"], []),  # both changed in one commit
    (["fr"], []),  # no twin: a missing translation, not an outdated one
])
def test_which_file_is_behind_follows_the_order_of_changes(steps, behind):
    assert sorted(behind_in(changes(*steps), {FR, NL})) == behind


def test_the_change_that_made_a_file_behind_is_named(tmp_path):
    found = out_of_date(type("H", (), {"changes": changes("fr nl", "fr")})(), [FR, NL, "content/sud/pages/y.fr.md"],
                        ["fr", "nl"])
    assert [(b.path, b.twin, b.commit) for b in found] == [(NL, FR, "c1")]
    assert str(found[0].message) == ("may be out of date: x.fr.md changed after it (on 2024-05-14, commit c1); "
                                     "bring it in step, then save it")


def git(root, *args: str, day: str = "2024-05-14T10:00:00") -> str:
    env = {**os.environ, "GIT_AUTHOR_DATE": day, "GIT_COMMITTER_DATE": day, "GIT_CONFIG_GLOBAL": os.devnull,
           "GIT_CONFIG_NOSYSTEM": "1"}
    return subprocess.run(["git", "-c", "user.name=Test", "-c", "user.email=test@example.org", "-c",
                           "commit.gpgsign=false", *args], cwd=root, env=env, check=True, capture_output=True,
                          text=True, timeout=30).stdout


def write(root, relative: str, text: str, when: int | None = None) -> None:
    path = root / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, "utf-8")
    if when:
        os.utime(path, (when, when))


def test_history_reads_commits_and_what_is_not_committed(tmp_path):
    root = tmp_path / "repo"
    write(root, FR, "Texte\n")
    write(root, NL, "Tekst\n")
    write(root, "content/sud/pages/y.fr.md", "Autre\n")
    write(root, "content/sud/pages/y.nl.md", "Ander\n")
    git(root, "init", "-q")
    git(root, "add", "-A")
    git(root, "commit", "-qm", "both")
    write(root, FR, "Texte changé\n")
    git(root, "commit", "-qam", "fr", day="2024-06-01T10:00:00")
    commit = git(root, "rev-parse", "--short", "HEAD").strip()
    write(root, "content/sud/pages/y.nl.md", "Ander, nog niet gecommit\n", when=1_700_000_000)
    write(root, "content/sud/pages/z.fr.md", "Nouveau\n", when=1_700_000_100)  # untracked, then its twin
    write(root, "content/sud/pages/z.nl.md", "Nieuw\n", when=1_700_000_200)
    found = history(root, root / "content")
    assert found.note is None
    files = [f"content/sud/pages/{name}.{lang}.md" for name in "xyz" for lang in ("fr", "nl")]
    assert [(b.path, b.commit, b.day) for b in out_of_date(found, files, ["fr", "nl"])] == [
        (NL, commit, "2024-06-01"), ("content/sud/pages/y.fr.md", "", "")]

    clone = tmp_path / "clone"
    git(tmp_path, "clone", "-q", "--depth", "1", f"file://{root}", str(clone))
    assert "shallow" in str(history(clone, clone / "content").note)
    assert "not a Git repository" in str(history(tmp_path, tmp_path).note)


LONE = "---\ntitle: Seule\nslug: seule\n---\nTexte.\n"


def test_a_page_saved_in_one_language_is_pending_in_the_preview_and_refused_in_production(site):
    site.write("content/sud/pages/lone.fr.md", LONE)
    preview = site.build(zone="sud", lang="nl")
    assert preview.problems == []
    assert [(m.source, m.lang, m.pending) for m in preview.result.missing] == [
        ("content/sud/pages/lone.fr.md", "nl", True)]
    notice = preview.page("seule").get_text(" ")
    assert "Deze pagina bestaat nog niet in het Nederlands" in notice  # what visitors would see meanwhile

    assert site.build(zone="sud", lang="nl", publish=True).problems == [
        "content/sud/pages/lone.fr.md:1: no 'nl' translation yet (write lone.nl.md); or add 'untranslated: true' to "
        "publish it meanwhile, with a notice and a link on the other site"]


def test_the_preview_notice_is_on_the_pages_of_the_file_concerned(site):
    site.write("content/sud/pages/lone.fr.md", LONE)
    built = site.build_all(zone="sud")
    found = notices(built.report)
    fr_page = built.file("bassin-sud.brussels", built.url("bassin-sud.brussels", "seule/")).resolve()
    nl_page = built.file("zorgzone-zuid.brussels", built.url("zorgzone-zuid.brussels", "seule/")).resolve()
    assert set(found["bassin-sud.brussels"]) == {fr_page} and set(found["zorgzone-zuid.brussels"]) == {nl_page}
    assert b"lone.nl.md" in found["zorgzone-zuid.brussels"][nl_page]
    page = add_notice(fr_page.read_bytes(), found["bassin-sud.brussels"][fr_page])
    assert re.search(rb'<main id="content"[^>]*><div class="wrap"><aside class="notice" id="preview-notice" lang="fr"', page)
    assert b"preview-notice" not in fr_page.read_bytes()  # never written to the output


def test_a_new_template_sentence_without_translation_is_listed(tmp_path):
    theme = tmp_path / "theme"
    (theme / "templates").mkdir(parents=True)
    (theme / "templates/page.html").write_text("<p>{{ _('Read more') }}</p>\n<p>{{ _('A brand-new line') }}</p>\n")
    (theme / "babel.cfg").write_text("[jinja2: theme/templates/**.html]\nextensions = jinja2.ext.i18n\n")
    for lang in ("fr", "nl"):
        (theme / f"translations/{lang}/LC_MESSAGES").mkdir(parents=True)
        (theme / f"translations/{lang}/LC_MESSAGES/messages.po").write_text(
            'msgid ""\nmsgstr ""\n\nmsgid "Read more"\nmsgstr "Lire la suite"\n', "utf-8")
    (theme / "translations/messages.pot").write_text("")
    gaps = interface_gaps(tmp_path, [Catalogs(theme / "babel.cfg", theme / "translations")], ["fr", "nl"], None)
    assert [(g.catalog, g.text, g.where) for g in gaps] == [
        ("theme/translations/fr/LC_MESSAGES/messages.po", "A brand-new line", "theme/templates/page.html:2"),
        ("theme/translations/nl/LC_MESSAGES/messages.po", "A brand-new line", "theme/templates/page.html:2")]



def test_a_twin_without_text_while_the_other_has_some_is_behind(tmp_path):
    from zonesites.translations import untranslated_texts  # noqa: PLC0415

    write(tmp_path, FR, "---\ntitle: X\n---\nLe texte.\n")
    write(tmp_path, NL, "---\ntitle: X\n# summary: …\n---\n\n")  # as `make new` leaves it
    write(tmp_path, "content/sud/pages/team.fr.md", "---\ntitle: Équipe\ntemplate: team\n---\n")
    write(tmp_path, "content/sud/pages/team.nl.md", "---\ntitle: Team\ntemplate: team\n---\n")
    files = [FR, NL, "content/sud/pages/team.fr.md", "content/sud/pages/team.nl.md"]
    found = untranslated_texts(tmp_path, files, ["fr", "nl"])
    assert [(b.path, b.twin, str(b.message)) for b in found] == [
        (NL, FR, "has no text yet, unlike x.fr.md: write its translation")]
