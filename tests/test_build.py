"""The build: parallel sites, one zone on request, and a failed build that loses nothing."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from conftest import ROOT, build_into
from zonelib import zonefile
from zonesites.build import groups_of
from zonelib.problems import ProblemsError


def snapshot(folder):
    return {path.relative_to(folder): path.read_bytes() for path in sorted(folder.rglob("*")) if path.is_file()}


def test_a_failed_build_leaves_the_previous_output_byte_for_byte(project, tmp_path):
    output = tmp_path / "out"
    build_into(output, project / "pelicanconf.py")
    before = snapshot(output)
    (project / "content/region/pages/helpdesk.nl.md").write_text("---\ntitle: Helpdesk\nmenu: x\n---\n", "utf-8")
    with pytest.raises(ProblemsError) as error:
        build_into(output, project / "pelicanconf.py")
    assert [str(p) for p in error.value.problems] == [
        "content/region/pages/helpdesk.nl.md:3: 'menu' should be a whole number, not 'x'"]
    assert snapshot(output) == before
    assert sorted(p.name for p in output.iterdir()) == sorted([*{p.parts[0] for p in before}])


def test_one_zone_rebuilds_only_its_two_sites(project, tmp_path):
    output = tmp_path / "out"
    built = build_into(output, project / "pelicanconf.py")
    others = snapshot(output / "bassin-nord.brussels")
    (project / "content/sud/pages/about.fr.md").write_text(
        (project / "content/sud/pages/about.fr.md").read_text("utf-8") + "\nUne phrase ajoutée.\n", "utf-8")
    report = build_into(output, project / "pelicanconf.py", zone="sud").report
    assert sorted(site.domain for site in report.sites) == ["bassin-sud.brussels", "zorgzone-zuid.brussels"]
    assert "Une phrase ajoutée." in (output / "bassin-sud.brussels/a-propos/index.html").read_text("utf-8")
    assert snapshot(output / "bassin-nord.brussels") == others
    assert len(built.report.sites) == 10


def run_cli(project, *args):
    env = {**os.environ, "PYTHONPATH": str(ROOT), "MESSAGES": "en"}
    return subprocess.run([sys.executable, "-m", "zonesites", *args], cwd=project, env=env,
                          capture_output=True, text=True, timeout=300)


def test_the_command_line_lists_every_problem_and_fails(project, tmp_path):
    text = (project / "zones.yaml").read_text("utf-8")
    (project / "zones.yaml").write_text(text.replace("    neighbourhoods: 16", "    neighbourhood: 16"), "utf-8")
    result = run_cli(project, "build", "--output", str(tmp_path / "out"))
    assert result.returncode == 1
    assert "previous output is untouched" in result.stderr
    assert "zones.yaml:" in result.stderr and "unknown key 'neighbourhood' (did you mean 'neighbourhoods'?)" in result.stderr
    assert "'neighbourhoods' is missing" in result.stderr
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())


def test_the_command_line_builds_and_lists_missing_translations(project, tmp_path):
    (project / "content/centre-ouest/pages/about.nl.md").unlink()
    about = project / "content/centre-ouest/pages/about.fr.md"
    about.write_text(about.read_text("utf-8").replace("---\n", "---\nuntranslated: true\n", 1), "utf-8")
    result = run_cli(project, "build", "--zone", "centre-ouest", "--output", str(tmp_path / "out"))
    assert result.returncode == 0, result.stderr
    assert "bassin-centre-ouest.brussels" in result.stdout and "Built 2 sites" in result.stdout
    assert "1 missing translation; visitors see a notice with a link instead:" in result.stdout
    assert "content/centre-ouest/pages/about.fr.md: no 'nl' translation yet (write about.nl.md)" in result.stdout
    assert (tmp_path / "out/zorgzone-centrum-west.brussels/index.html").is_file()


def test_check_lists_every_problem_and_writes_nothing(project):
    (project / "content/sud/pages/about.fr.md").write_text("---\ntitle: x\nmenu: one\n---\n# Title\n", "utf-8")
    result = run_cli(project, "check")
    assert result.returncode == 1
    assert "content/sud/pages/about.fr.md:3: 'menu' should be a whole number" in result.stderr
    assert "content/sud/pages/about.fr.md:5: a heading starting with a single '#'" in result.stderr
    assert not (project / "output").exists()
    (project / "content/sud/pages/about.fr.md").unlink()
    (project / "content/sud/pages/about.nl.md").unlink()
    result = run_cli(project, "check", "--zone", "sud")
    assert result.returncode == 0 and "No problem" in result.stdout, result.stderr
    assert not (project / "output").exists()


def test_two_builds_of_the_same_input_are_byte_identical(tmp_path, monkeypatch):
    monkeypatch.setenv("AGENDA_TODAY", "2024-03-01")
    first = build_into(tmp_path / "one", ROOT / "publishconf.py")
    second = build_into(tmp_path / "two", ROOT / "publishconf.py")
    one, two = snapshot(first.output), snapshot(second.output)
    assert one.keys() == two.keys() and len(one) > 500
    assert [path for path in one if one[path] != two[path]] == []


def markdown_files(project):
    return len(list((project / "content").rglob("*.md")))


def test_each_file_is_read_once_per_language_and_then_kept(project, tmp_path):
    # Two processes, one per language: a regional file shown on five zones is parsed once for each
    # language's five sites, not once per site.
    first = build_into(tmp_path / "out", project / "pelicanconf.py", jobs=2).report
    assert first.count("content files read") == 2 * markdown_files(project)
    # Nothing changed: every read is taken from what the previous build kept.
    assert build_into(tmp_path / "out", project / "pelicanconf.py", jobs=2).report.count("content files read") == 0
    # One edit: that file is read again by both languages' sites (as a page and as a twin), no other.
    about = project / "content/sud/pages/about.fr.md"
    about.write_text(about.read_text("utf-8") + "\nUne phrase ajoutée.\n", "utf-8")
    third = build_into(tmp_path / "out", project / "pelicanconf.py", jobs=2).report
    assert third.count("content files read") == 2
    assert "Une phrase ajoutée." in (tmp_path / "out/bassin-sud.brussels/a-propos/index.html").read_text("utf-8")


def test_kept_reads_never_hide_a_problem_that_another_file_causes(project, tmp_path):
    build_into(tmp_path / "out", project / "pelicanconf.py")
    # The report names this event; the report's own text does not change, its check's answer does.
    event = project / "content/centre-ouest/agenda/2024-02-22-atelier.fr.md"
    for path in (event, event.with_name("2024-02-22-atelier.nl.md")):
        path.write_text(path.read_text("utf-8").replace("---\n", "---\nstatus: draft\n", 1), "utf-8")
    with pytest.raises(ProblemsError) as error:
        build_into(tmp_path / "out", project / "pelicanconf.py")
    assert "content/centre-ouest/ateliers/2024-02-22-retour.fr.md:5: there is no event '2024-02-22-atelier'" in str(
        error.value)


def test_sites_of_one_language_go_together_when_split_between_processes():
    sites = [zonefile.Site(zone, lang, f"{zone}.{lang}") for zone in "abcde" for lang in ("fr", "nl")]
    assert [[s.lang for s in group] for group in groups_of(sites, 2)] == [["fr"] * 5, ["nl"] * 5]
    assert [len(group) for group in groups_of(sites, 4)] == [3, 3, 2, 2]
    assert sorted(s.domain for group in groups_of(sites, 3) for s in group) == sorted(s.domain for s in sites)


def test_an_edit_renders_its_own_page_only_and_the_output_equals_a_full_build(project, tmp_path):
    conf = project / "pelicanconf.py"
    build_into(tmp_path / "out", conf)
    about = project / "content/sud/pages/about.fr.md"
    about.write_text(about.read_text("utf-8") + "\nUne phrase ajoutée.\n", "utf-8")
    report = build_into(tmp_path / "out", conf, zone="sud").report
    assert report.count("pages rendered") == 1  # the other pages of both sites are linked from the last build
    fresh = build_into(tmp_path / "fresh", conf, zone="sud").report
    assert fresh.count("pages rendered") == fresh.pages
    for domain in ("bassin-sud.brussels", "zorgzone-zuid.brussels"):
        assert snapshot(tmp_path / "out" / domain) == snapshot(tmp_path / "fresh" / domain)


def test_a_new_title_renders_every_page_that_may_show_it(project, tmp_path):
    conf = project / "pelicanconf.py"
    build_into(tmp_path / "out", conf)
    about = project / "content/sud/pages/about.fr.md"
    about.write_text(about.read_text("utf-8").replace("title: ", "title: Nouveau titre, ", 1), "utf-8")
    report = build_into(tmp_path / "out", conf, zone="sud").report
    assert report.count("pages rendered") == report.pages  # menus and language links show titles
    build_into(tmp_path / "fresh", conf, zone="sud")
    for domain in ("bassin-sud.brussels", "zorgzone-zuid.brussels"):
        assert snapshot(tmp_path / "out" / domain) == snapshot(tmp_path / "fresh" / domain)


def test_a_file_rewritten_at_once_with_the_same_time_and_size_is_read_again(project, tmp_path):
    about = project / "content/sud/pages/about.fr.md"
    text = about.read_text("utf-8")
    about.write_text(text + "\nAAAA.\n", "utf-8")
    written = about.stat()
    build_into(tmp_path / "out", project / "pelicanconf.py", zone="sud")
    about.write_text(text + "\nBBBB.\n", "utf-8")  # within the same clock tick, as an editor may
    os.utime(about, ns=(written.st_atime_ns, written.st_mtime_ns))
    build_into(tmp_path / "out", project / "pelicanconf.py", zone="sud")
    assert "BBBB." in (tmp_path / "out/bassin-sud.brussels/a-propos/index.html").read_text("utf-8")


def test_what_editors_leave_in_content_folders_is_ignored(project, tmp_path):
    pages = project / "content/sud/pages"
    (pages / ".#about.fr.md").symlink_to("nobody@host.1234")  # an editor's lock: a link to nothing
    (pages / "about.fr.md~").write_text("backup", "utf-8")
    (pages / ".about.fr.md.swp").write_bytes(b"\0swap")
    report = build_into(tmp_path / "out", project / "pelicanconf.py", zone="sud").report
    assert len(report.sites) == 2


def test_the_number_of_processes_must_be_at_least_one(project, tmp_path):
    result = run_cli(project, "build", "--jobs", "0", "--output", str(tmp_path / "out"))
    assert result.returncode == 2 and "'0' is not a whole number of at least 1" in result.stderr
