"""The build tool: parallel sites, one zone on request, kept reads and incremental output, and a
failed build that loses nothing. On a small project of its own (tests/conftest.py MiniSite), built
with the tool as `make html` does; the command line in a process of its own, as staff run it."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

import pytest
from PIL import Image

from conftest import ROOT, build_into
from zonelib import search, zonefile
from zonelib.problems import ProblemsError
from zonesites import build as build_module
from zonesites.build import groups_of
from zonesites.workers import Workers

ABOUT = {"fr": "---\ntitle: À propos\nslug: a-propos\nmenu: 10\nsummary: Le bassin.\n---\nLe bassin Sud.\n",
         "nl": "---\ntitle: Over ons\nslug: over-ons\nmenu: 10\nsummary: De zorgzone.\n---\nDe zorgzone Zuid.\n"}
SEARCH = ("content/region/pages/search", "---\ntitle: Rechercher\nslug: recherche\ntemplate: search\n---\nUn mot.\n",
          "---\ntitle: Zoeken\nslug: zoeken\ntemplate: search\n---\nEen woord.\n")
HELPDESK = {"fr": "---\ntitle: Helpdesk\nmenu: 20\n---\nLa ligne.\n", "nl": "---\ntitle: Helpdesk\nmenu: 20\n---\nDe lijn.\n"}


@pytest.fixture
def small(site):
    """A small project: a zone page, a regional page, an event and the report on it."""
    site.both("content/sud/pages/about", ABOUT["fr"], ABOUT["nl"])
    site.both("content/region/pages/helpdesk", HELPDESK["fr"], HELPDESK["nl"])
    site.event("sud", "2024-02-01-atelier", start="2024-02-01")
    for lang in ("fr", "nl"):
        site.write(f"content/sud/ateliers/feb.{lang}.md",
                   f"---\ntitle: Feb {lang}\nsummary: In short.\nevent: 2024-02-01-atelier\n---\nStory.\n")
    return site


def snapshot(folder):
    return {path.relative_to(folder): path.read_bytes() for path in sorted(folder.rglob("*")) if path.is_file()}


def add_sentence(small, sentence: str = "Une phrase ajoutée.") -> None:
    about = small.root / "content/sud/pages/about.fr.md"
    about.write_text(about.read_text("utf-8") + f"\n{sentence}\n", "utf-8")


def test_a_failed_build_leaves_the_previous_output_byte_for_byte(small):
    built = small.build_all()
    before = snapshot(built.output)
    small.write("content/region/pages/helpdesk.nl.md", "---\ntitle: Helpdesk\nmenu: x\n---\n")
    with pytest.raises(ProblemsError) as error:
        small.build_all()
    assert [str(p) for p in error.value.problems] == [
        "content/region/pages/helpdesk.nl.md:3: 'menu' should be a whole number, not 'x'"]
    assert snapshot(built.output) == before
    assert sorted(p.name for p in built.output.iterdir()) == sorted({p.parts[0] for p in before})


def test_one_zone_rebuilds_only_its_two_sites(small):
    built = small.build_all()
    assert len(built.report.sites) == 10
    others = snapshot(built.output / "bassin-nord.brussels")
    add_sentence(small)
    report = small.build_all(zone="sud").report
    assert sorted(site.domain for site in report.sites) == ["bassin-sud.brussels", "zorgzone-zuid.brussels"]
    assert "Une phrase ajoutée." in built.file("bassin-sud.brussels", built.url("bassin-sud.brussels", "a-propos/"))\
        .read_text("utf-8")
    assert snapshot(built.output / "bassin-nord.brussels") == others


def run_cli(project, *args):
    env = {**os.environ, "PYTHONPATH": str(ROOT), "MESSAGES": "en"}
    return subprocess.run([sys.executable, "-m", "zonesites", *args], cwd=project, env=env,
                          capture_output=True, text=True, timeout=300)


def test_the_command_line_lists_every_problem_and_fails(small, tmp_path):
    text = (small.root / "zones.yaml").read_text("utf-8")
    (small.root / "zones.yaml").write_text(text.replace("    neighbourhoods: {value: 16,", "    neighbourhood: {value: 16,"), "utf-8")
    result = run_cli(small.root, "build", "--output", str(tmp_path / "out"))
    assert result.returncode == 1
    assert "1 problem; the previous output is untouched:" in result.stderr
    assert "zones.yaml:" in result.stderr and "unknown key 'neighbourhood' (did you mean 'neighbourhoods'?)" in result.stderr
    assert "'neighbourhoods' is missing" not in result.stderr  # one problem for one misspelled key
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())


def test_the_command_line_speaks_the_staffs_language(small, tmp_path):
    small.write("content/sud/pages/about.nl.md", ABOUT["nl"].replace("menu: 10", "menu: tien"))
    small.write("content/sud/pages/about.fr.md", ABOUT["fr"].replace("menu: 10", "menu: dix"))
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    env.pop("MESSAGES", None)
    result = subprocess.run([sys.executable, "-m", "zonesites", "check"], cwd=small.root, env=env,
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 1
    assert "2 problèmes\u00a0:" in result.stderr  # French by default, with French typography
    assert "content/sud/pages/about.fr.md:4: 'menu' doit être un nombre entier, et non 'dix'" in result.stderr
    assert "content/sud/pages/about.nl.md:4: 'menu' is 'tien', maar hier hoort een geheel getal" in result.stderr


def test_the_command_line_builds_and_lists_missing_translations(small, tmp_path):
    (small.root / "content/sud/pages/about.nl.md").unlink()
    small.write("content/sud/pages/about.fr.md", ABOUT["fr"].replace("---\n", "---\nuntranslated: true\n", 1))
    result = run_cli(small.root, "build", "--zone", "sud", "--output", str(tmp_path / "out"))
    assert result.returncode == 0, result.stderr
    assert "bassin-sud.brussels" in result.stdout and "Built 2 sites" in result.stdout
    assert "1 missing translation; visitors see a notice with a link instead:" in result.stdout
    assert "content/sud/pages/about.fr.md: no 'nl' translation yet (write about.nl.md)" in result.stdout
    assert (tmp_path / "out/zorgzone-zuid.brussels/index.html").is_file()


def test_check_lists_every_problem_and_writes_nothing(small):
    small.write("content/sud/pages/about.fr.md", "---\ntitle: x\nmenu: one\n---\n# Title\n")  # lines 3 and 5
    result = run_cli(small.root, "check")
    assert result.returncode == 1
    assert "content/sud/pages/about.fr.md:3: 'menu' should be a whole number" in result.stderr
    assert "content/sud/pages/about.fr.md:5: a heading starting with a single '#'" in result.stderr
    assert not (small.root / "output").exists()
    small.write("content/sud/pages/about.fr.md", ABOUT["fr"])
    result = run_cli(small.root, "check", "--zone", "sud")
    assert result.returncode == 0 and "No problem" in result.stdout, result.stderr
    assert not (small.root / "output").exists()


def test_two_builds_of_the_same_input_are_byte_identical(published, tmp_path):
    again = build_into(tmp_path / "again", ROOT / "publishconf.py")
    one, two = snapshot(published.output), snapshot(again.output)
    assert one.keys() == two.keys() and len(one) > 500
    assert [path for path in one if one[path] != two[path]] == []


def markdown_files(small):
    return len(list((small.root / "content").rglob("*.md")))


def test_each_file_is_read_once_per_language_and_then_kept(small):
    # Two processes, one per language: a regional file shown on five zones is parsed once for each
    # language's five sites, not once per site.
    first = small.build_all(jobs=2).report
    assert first.count("content files read") == 2 * markdown_files(small)
    # Nothing changed: every read is taken from what the previous build kept.
    assert small.build_all(jobs=2).report.count("content files read") == 0
    # One edit: that file is read again by both languages' sites (as a page and as a twin), no other.
    add_sentence(small)
    third = small.build_all(jobs=2)
    assert third.report.count("content files read") == 2
    assert "Une phrase ajoutée." in third.file("bassin-sud.brussels", third.url("bassin-sud.brussels", "a-propos/"))\
        .read_text("utf-8")


def test_kept_reads_never_hide_a_problem_that_another_file_causes(small):
    small.build_all()
    # The report names this event; the report's own text does not change, its check's answer does.
    small.event("sud", "2024-02-01-atelier", start="2024-02-01", extra="status: draft\n")
    with pytest.raises(ProblemsError) as error:
        small.build_all()
    assert "content/sud/ateliers/feb.fr.md:4: there is no event '2024-02-01-atelier'" in str(error.value)


def test_sites_of_one_language_go_together_when_split_between_processes():
    sites = [zonefile.Site(zone, lang, f"{zone}.{lang}") for zone in "abcde" for lang in ("fr", "nl")]
    assert [[s.lang for s in group] for group in groups_of(sites, 2)] == [["fr"] * 5, ["nl"] * 5]
    assert [len(group) for group in groups_of(sites, 4)] == [3, 3, 2, 2]
    assert sorted(s.domain for group in groups_of(sites, 3) for s in group) == sorted(s.domain for s in sites)


def test_an_edit_renders_its_own_page_only_and_the_output_equals_a_full_build(small, tmp_path):
    conf = small.root / "pelicanconf.py"
    build_into(tmp_path / "out", conf)
    add_sentence(small)
    report = build_into(tmp_path / "out", conf, zone="sud").report
    assert report.count("pages rendered") == 1  # the other pages of both sites are linked from the last build
    fresh = build_into(tmp_path / "fresh", conf, zone="sud").report
    assert fresh.count("pages rendered") == fresh.pages
    for domain in ("bassin-sud.brussels", "zorgzone-zuid.brussels"):
        assert snapshot(tmp_path / "out" / domain) == snapshot(tmp_path / "fresh" / domain)


def test_a_build_with_nothing_changed_leaves_every_site_as_it_is(small, tmp_path, monkeypatch):
    conf = small.root / "pelicanconf.py"
    first = build_into(tmp_path / "out", conf)
    inodes = {path: path.stat().st_ino for path in (tmp_path / "out").rglob("*.html")}
    again = build_into(tmp_path / "out", conf)
    assert [site.domain for site in again.report.sites] == [site.domain for site in first.report.sites]
    assert {site.current for site in again.report.sites} == {True}
    assert again.report.count("pages rendered") == 0 and again.report.pages == first.report.pages
    assert {path: path.stat().st_ino for path in (tmp_path / "out").rglob("*.html")} == inodes
    # Anything a page may depend on builds again: another day, a removed site, an edit.
    monkeypatch.setenv("AGENDA_TODAY", "2024-03-01")
    assert not any(site.current for site in build_into(tmp_path / "out", conf).report.sites)
    assert {site.current for site in build_into(tmp_path / "out", conf).report.sites} == {True}
    shutil.rmtree(tmp_path / "out/zorgzone-zuid.brussels")
    report = build_into(tmp_path / "out", conf).report
    assert [site.domain for site in report.sites if not site.current] == ["zorgzone-zuid.brussels"]
    add_sentence(small)
    report = build_into(tmp_path / "out", conf).report
    assert not any(site.current for site in report.sites) and report.count("pages rendered") == 1
    build_into(tmp_path / "fresh", conf)
    for domain in ("bassin-sud.brussels", "zorgzone-zuid.brussels"):
        assert snapshot(tmp_path / "out" / domain) == snapshot(tmp_path / "fresh" / domain)


def test_a_site_is_left_as_it_is_only_when_no_file_was_written_during_its_build(small, tmp_path, monkeypatch):
    conf = small.root / "pelicanconf.py"
    states = iter(["before", "after"])  # a file saved while the sites were built (and maybe undone since)
    monkeypatch.setattr(build_module.stamp, "sources_state", lambda root: next(states))
    build_into(tmp_path / "out", conf, zone="sud")
    monkeypatch.undo()
    assert not any(site.current for site in build_into(tmp_path / "out", conf, zone="sud").report.sites)
    assert all(site.current for site in build_into(tmp_path / "out", conf, zone="sud").report.sites)


def test_a_production_build_leaves_its_sites_as_they_are_only_all_together(small, tmp_path):
    # a production build checks that each site has its page for lost visitors
    small.both("content/region/pages/404", "---\ntitle: Page introuvable\ntemplate: not_found\n---\nAucune page.\n",
               "---\ntitle: Pagina niet gevonden\ntemplate: not_found\n---\nGeen pagina.\n")
    conf = small.root / "publishconf.py"
    build_into(tmp_path / "out", conf, zone="sud")
    report = build_into(tmp_path / "out", conf).report  # the links between all ten are checked again
    assert not any(site.current for site in report.sites)
    assert all(site.current for site in build_into(tmp_path / "out", conf).report.sites)


def test_the_previews_processes_stay_between_builds_and_one_that_died_is_replaced(small, tmp_path):
    conf = small.root / "pelicanconf.py"
    workers = Workers()
    try:
        build_into(tmp_path / "out", conf, workers=workers)
        started = [process.pid for process, _ in workers.processes]
        assert len(started) == 2
        add_sentence(small)
        report = build_into(tmp_path / "out", conf, zone="sud", workers=workers).report
        assert [process.pid for process, _ in workers.processes] == started  # the same processes built it
        assert report.count("pages rendered") == 1 and report.count("content files read") == 2
        workers.processes[0][0].kill()
        workers.processes[0][0].join()
        add_sentence(small, "Encore une phrase.")
        build_into(tmp_path / "out", conf, zone="sud", workers=workers)
        assert len(workers.processes) == 2 and workers.processes[1][0].pid not in started
        build_into(tmp_path / "fresh", conf, zone="sud")
        for domain in ("bassin-sud.brussels", "zorgzone-zuid.brussels"):
            assert snapshot(tmp_path / "out" / domain) == snapshot(tmp_path / "fresh" / domain)
    finally:
        workers.close()
    assert workers.processes == []


def test_the_search_index_of_unchanged_pages_is_linked_and_an_edit_indexes_again(small, tmp_path):
    conf = small.root / "pelicanconf.py"
    small.both(*SEARCH)
    build_into(tmp_path / "out", conf)
    entry = tmp_path / "out/bassin-sud.brussels/pagefind/pagefind-entry.json"
    first = entry.stat().st_ino
    build_into(tmp_path / "out", conf, zone="sud")  # nothing changed: Pagefind does not run again
    assert entry.stat().st_ino == first
    add_sentence(small)
    build_into(tmp_path / "out", conf, zone="sud")
    assert entry.stat().st_ino != first
    indexed = entry.stat().st_ino
    dutch = small.root / "content/sud/pages/about.nl.md"
    dutch.write_text(dutch.read_text("utf-8") + "\nNog een zin.\n", "utf-8")
    build_into(tmp_path / "out", conf, zone="sud")  # the French pages are the same: so is their index
    assert entry.stat().st_ino == indexed
    build_into(tmp_path / "fresh", conf, zone="sud")
    for domain in ("bassin-sud.brussels", "zorgzone-zuid.brussels"):
        assert snapshot(tmp_path / "out" / domain) == snapshot(tmp_path / "fresh" / domain)


def test_the_preview_shows_an_edit_before_indexing_the_search_and_ends_as_a_full_build(small, tmp_path):
    conf = small.root / "pelicanconf.py"
    small.both(*SEARCH)
    build_into(tmp_path / "out", conf)
    site = tmp_path / "out/bassin-sud.brussels"
    before = snapshot(site / "pagefind")
    add_sentence(small, "Une phrase nouvelle.")
    seen = {}

    def shown(report):
        seen.update(page="Une phrase nouvelle." in (site / "a-propos/index.html").read_text("utf-8"),
                    bundle=snapshot(site / "pagefind") == before, stamped=(site / "build-stamp.json").exists())

    build_into(tmp_path / "out", conf, zone="sud", shown=shown)
    assert seen == {"page": True, "bundle": True, "stamped": False}  # shown with the previous index, unstamped
    assert snapshot(site / "pagefind") != before  # then indexed again and stamped
    entry = site / "pagefind/pagefind-entry.json"
    indexed = entry.stat().st_ino
    dutch = small.root / "content/sud/pages/about.nl.md"
    dutch.write_text(dutch.read_text("utf-8") + "\nNog een zin.\n", "utf-8")
    build_into(tmp_path / "out", conf, zone="sud")  # the French pages are the same: their new index is linked
    assert entry.stat().st_ino == indexed
    build_into(tmp_path / "fresh", conf, zone="sud")
    for domain in ("bassin-sud.brussels", "zorgzone-zuid.brussels"):
        assert snapshot(tmp_path / "out" / domain) == snapshot(tmp_path / "fresh" / domain)
    assert all(site.current for site in build_into(tmp_path / "out", conf, zone="sud").report.sites)


def test_a_search_index_that_fails_after_the_site_is_shown_is_a_problem_and_builds_again(small, tmp_path, monkeypatch):
    conf = small.root / "pelicanconf.py"
    small.both(*SEARCH)
    build_into(tmp_path / "out", conf)
    add_sentence(small)
    monkeypatch.setattr(search, "pagefind_command", lambda site, bundle: ["false"])
    shown = []
    with pytest.raises(ProblemsError, match="Pagefind could not index the site"):
        build_into(tmp_path / "out", conf, zone="sud", shown=shown.append)
    assert len(shown) == 1  # the pages were shown, with the previous index
    assert (tmp_path / "out/bassin-sud.brussels/pagefind/pagefind-ui.js").is_file()
    assert not (tmp_path / "out/bassin-sud.brussels/build-stamp.json").exists()
    monkeypatch.undo()
    report = build_into(tmp_path / "out", conf, zone="sud").report
    assert [site.domain for site in report.sites if not site.current] == ["bassin-sud.brussels"]  # the Dutch index
    # was linked: its pages had not changed


def test_a_photo_exported_again_renders_no_page_unless_its_size_changes(small, tmp_path):
    from test_galleries import gallery  # noqa: PLC0415

    def export(path, size, colour):
        Image.new("RGB", size, colour).save(path, "JPEG")

    folder = gallery(small)
    conf = small.root / "pelicanconf.py"
    build_into(tmp_path / "out", conf, zone="sud")
    before = snapshot(tmp_path / "out/bassin-sud.brussels")
    export(folder / "a.jpg", (800, 1200), "#993366")  # the same upright size as before, other pixels
    report = build_into(tmp_path / "out", conf, zone="sud").report
    assert report.count("pages rendered") == 0  # pages show a photo's size and name, not its pixels
    after = snapshot(tmp_path / "out/bassin-sud.brussels")
    assert {path for path in after if after[path] != before.get(path)} & {
        path for path in after if path.name.startswith("a-")}  # its variants are the new ones
    export(folder / "a.jpg", (800, 1000), "#339966")
    report = build_into(tmp_path / "out", conf, zone="sud").report
    assert report.count("pages rendered") == report.pages  # its new size is in the gallery's metadata
    build_into(tmp_path / "fresh", conf, zone="sud")
    for domain in ("bassin-sud.brussels", "zorgzone-zuid.brussels"):
        assert snapshot(tmp_path / "out" / domain) == snapshot(tmp_path / "fresh" / domain)


def test_a_new_title_renders_every_page_that_may_show_it(small, tmp_path):
    conf = small.root / "pelicanconf.py"
    build_into(tmp_path / "out", conf)
    small.write("content/sud/pages/about.fr.md", ABOUT["fr"].replace("title: ", "title: Nouveau titre, ", 1))
    report = build_into(tmp_path / "out", conf, zone="sud").report
    assert report.count("pages rendered") == report.pages  # menus and language links show titles
    build_into(tmp_path / "fresh", conf, zone="sud")
    for domain in ("bassin-sud.brussels", "zorgzone-zuid.brussels"):
        assert snapshot(tmp_path / "out" / domain) == snapshot(tmp_path / "fresh" / domain)


def test_a_file_rewritten_at_once_with_the_same_time_and_size_is_read_again(small):
    about = small.root / "content/sud/pages/about.fr.md"
    about.write_text(ABOUT["fr"] + "\nAAAA.\n", "utf-8")
    written = about.stat()
    small.build_all(zone="sud")
    about.write_text(ABOUT["fr"] + "\nBBBB.\n", "utf-8")  # within the same clock tick, as an editor may
    os.utime(about, ns=(written.st_atime_ns, written.st_mtime_ns))
    built = small.build_all(zone="sud")
    assert "BBBB." in built.file("bassin-sud.brussels", built.url("bassin-sud.brussels", "a-propos/")).read_text("utf-8")


def test_what_editors_leave_in_content_folders_is_ignored(small):
    pages = small.root / "content/sud/pages"
    (pages / ".#about.fr.md").symlink_to("nobody@host.1234")  # an editor's lock: a link to nothing
    (pages / "about.fr.md~").write_text("backup", "utf-8")
    (pages / ".about.fr.md.swp").write_bytes(b"\0swap")
    report = small.build_all(zone="sud").report
    assert len(report.sites) == 2


def test_the_number_of_processes_must_be_at_least_one(small, tmp_path):
    result = run_cli(small.root, "build", "--jobs", "0", "--output", str(tmp_path / "out"))
    assert result.returncode == 2 and "'0' is not a whole number of at least 1" in result.stderr


def test_a_file_no_page_names_is_a_warning_in_the_preview_and_a_problem_in_production(site, tmp_path):
    site.write("content/sud/pages/notes.docx", "Word")
    site.write("content/sud/pages/plan.pdf", "%PDF-")
    for lang in ("fr", "nl"):
        site.write(f"content/sud/pages/plan.{lang}.md", "---\ntitle: Plan\n---\nLe fichier plan.pdf.\n")
    expected = ["content/sud/pages/notes.docx:1: no page of this folder names this file, so it is not published: "
                "list a document to download under 'downloads:' of its report, put a photo in a gallery, or move the "
                "file out of content/"]
    built = build_into(tmp_path / "preview", site.root / "pelicanconf.py", zone="sud")
    assert [str(w) for w in built.report.warnings] == expected
    with pytest.raises(ProblemsError) as error:
        build_into(tmp_path / "publish", site.root / "publishconf.py", zone="sud")
    assert [str(p) for p in error.value.problems] == expected
