"""Atelier reports: tied both ways to their events, listed by cycle, with their downloads."""

from __future__ import annotations

import pytest

from conftest import ROOT, build_into, soup
from zonelib.problems import ProblemsError

REPORT = """---
title: {title}
slug: {slug}
summary: {summary}
{extra}---
Narrative of {title}.
"""
PDF = b"%PDF-1.4\n" + b"%" + b"x" * 2400 + b"\n%%EOF\n"  # 2,417 bytes: shown as 2 kB


def report(project, scope: str, name: str, extra: str, **fields) -> None:
    folder = project / "content" / scope / "ateliers"
    folder.mkdir(parents=True, exist_ok=True)
    for lang in ("fr", "nl"):
        values = {"title": f"{name} {lang}", "slug": name, "summary": f"{name} in short ({lang})", "extra": extra,
                  **fields}
        (folder / f"{name}.{lang}.md").write_text(REPORT.format(**values), "utf-8")


@pytest.fixture
def bare(project):
    """A project copy without reports, so that a test's own report is the only one on its event."""
    for folder in (project / "content").glob("*/ateliers"):
        for path in folder.iterdir():
            path.unlink()
    return project


def test_report_and_event_link_both_ways_and_to_the_next_appointment(bare, tmp_path):
    project = bare
    report(project, "sud", "feb", "event: 2024-02-01-atelier\nparticipants: 100\nnext: 2024-06-13-atelier\n"
           'themes:\n  - title: Helpdesk\n    points: ["Une ligne accessible"]\nattention: ["Les aidants proches"]\n')
    built = build_into(tmp_path / "out", project / "pelicanconf.py", zone="sud")
    for domain in ("bassin-sud.brussels", "zorgzone-zuid.brussels"):
        page = soup(built.output / domain / "ateliers/feb/index.html")
        event_link = page.select_one(".event-facts a")["href"]
        event_page = soup(built.output / domain / event_link.removeprefix(f"/{domain}/") / "index.html")
        assert event_page.select_one(".notice a")["href"] == f"/{domain}/ateliers/feb/"  # the way back
        next_link = page.select_one("#next + p a")["href"]
        assert "2024-06-13" in next_link and (built.output / domain / next_link.removeprefix(f"/{domain}/")).is_dir()
        assert [h.get_text() for h in page.select(".theme h3")] == ["Helpdesk"]
        assert page.select_one(".attention li").get_text() == "Les aidants proches"
    fr = soup(built.output / "bassin-sud.brussels/ateliers/feb/index.html")
    assert "100 participants" in fr.select_one(".event-facts").get_text()
    assert fr.select_one("#next + p time").get_text() == "jeudi 13 juin 2024, 12:30–16:30"
    agenda = soup(built.output / "zorgzone-zuid.brussels/agenda/index.html")
    assert agenda.find("a", string="Lees het verslag")["href"] == "/zorgzone-zuid.brussels/ateliers/feb/"


def test_the_index_lists_reports_by_cycle_newest_first_with_regional_ones_everywhere(bare, tmp_path):
    project = bare
    report(project, "sud", "feb", "event: 2024-02-01-atelier\nparticipants: 100\n")
    report(project, "sud", "june", "event: 2024-06-13-atelier\n")
    report(project, "region", "march", "event: 2024-03-14-inter-zogab\nparticipants: 38\n")
    report(project, "region", "oct", 'cycle: "2023-10"\n')
    built = build_into(tmp_path / "out", project / "pelicanconf.py")
    page = soup(built.output / "bassin-sud.brussels/ateliers-du-changement/index.html")
    assert [h.get_text() for h in page.select("main h2")] == ["Juin 2024", "Mars 2024", "Février 2024", "Octobre 2023"]
    assert [a.get_text() for a in page.select(".event-item > a")] == ["june fr", "march fr", "feb fr", "oct fr"]
    first_february = page.select_one("#cycle-2024-02 + ul .event-when").get_text(" ", strip=True)
    assert first_february == "jeudi 1 février 2024 · 100 participants"
    dutch = soup(built.output / "zorgzone-zuid.brussels/veranderateliers/index.html")
    assert [h.get_text() for h in dutch.select("main h2")][-1] == "Oktober 2023"
    for zone in ("nord", "centre-ouest"):
        domain = built.zones.zone(zone)["domain"]["fr"]
        titles = [a.get_text() for a in soup(built.output / domain / "ateliers-du-changement/index.html").select(
            ".event-item > a")]
        assert titles == ["march fr", "oct fr"]


def test_a_download_is_published_at_its_address_with_its_size(bare, tmp_path):
    project = bare
    (project / "content/sud/ateliers").mkdir(parents=True, exist_ok=True)
    (project / "content/sud/ateliers/onepager-zuid.pdf").write_bytes(PDF)
    report(project, "sud", "feb", "event: 2024-02-01-atelier\ndownloads:\n  - file: onepager-zuid.pdf\n"
           "    title: One-pager\n")
    built = build_into(tmp_path / "out", project / "pelicanconf.py", zone="sud")
    for domain, size in (("bassin-sud.brussels", "(PDF, 2 ko)"), ("zorgzone-zuid.brussels", "(PDF, 2 kB)")):
        page = soup(built.output / domain / "ateliers/feb/index.html")
        link = page.select_one("#downloads + ul a")
        assert link["href"] == f"/{domain}/sud/ateliers/onepager-zuid.pdf"
        assert (built.output / domain / "sud/ateliers/onepager-zuid.pdf").read_bytes() == PDF
        assert size in link.parent.get_text(" ", strip=True).replace("\u202f", " ").replace("\xa0", " ")


@pytest.mark.parametrize(("extra", "line", "message"), [
    ("event: 2024-02-02-atelier\n", 5, "there is no event '2024-02-02-atelier' in content/sud/agenda/ (did you mean "
                                       "'2024-02-01-atelier'?)"),
    ("next: 2024-06-31-atelier\n", 5, "there is no event '2024-06-31-atelier'"),
    ("participants: 12\n", 2, "a report needs 'event'"),
    ('cycle: "2023-13"\n', 5, "not a year and month"),
    ("event: 2024-02-01-atelier\ndownloads:\n  - file: missing.pdf\n    title: x\n", 7, "is not a file next to"),
    ("event: 2024-02-01-atelier\nthemes:\n  - titel: x\n", 7, "unknown key 'titel' (did you mean 'title'?)"),
])
def test_each_bad_reference_stops_the_build_with_its_line(bare, tmp_path, extra, line, message):
    project = bare
    report(project, "sud", "bad", extra)
    with pytest.raises(ProblemsError) as error:
        build_into(tmp_path / "out", project / "pelicanconf.py", zone="sud")
    problems = [str(p) for p in error.value.problems]
    assert any(p.startswith(f"content/sud/ateliers/bad.fr.md:{line}: ") and message in p for p in problems), problems


def test_two_reports_for_one_event_name_both_files(bare, tmp_path):
    project = bare
    report(project, "sud", "one", "event: 2024-02-01-atelier\n")
    report(project, "sud", "two", "event: 2024-02-01-atelier\n")
    with pytest.raises(ProblemsError) as error:
        build_into(tmp_path / "out", project / "pelicanconf.py", zone="sud")
    problems = {str(p) for p in error.value.problems if "already reports" in str(p)}
    assert any(p.startswith("content/sud/ateliers/") and ":5: " in p for p in problems), problems
    named = {p.split(":")[0] for p in problems} | {p.split(": ")[1].split(" ")[0] for p in problems}
    assert {"content/sud/ateliers/one.fr.md", "content/sud/ateliers/two.fr.md"} <= named


SEED_REPORTS = {  # report file -> where it must appear, what it must say, where its next appointment is
    "centre-ouest/ateliers/2024-02-22-retour": (["centre-ouest"], ["World Café"], "2024-06-10"),
    "sud/ateliers/2024-02-01-retour": (["sud"], ["100"], "2024-06-13"),
    "region/ateliers/2024-03-14-inter-zogab-retour": (None, ["38"], None),
    "region/ateliers/2023-10-inter-zogab-retour": (None, ["38"], "2024-03-14"),
}


@pytest.mark.parametrize("name", SEED_REPORTS)
def test_the_reports_of_the_documents_are_on_the_right_zones_in_both_languages(dev, zones, name):
    where, facts, next_day = SEED_REPORTS[name]
    for site in zones.sites():
        source = ROOT / "content" / f"{name}.{site.lang}.md"
        slug = next(line.split(":", 1)[1].strip() for line in source.read_text("utf-8").splitlines()
                    if line.startswith("slug:"))
        page_path = dev.output / site.domain / "ateliers" / slug / "index.html"
        assert page_path.exists() == (where is None or site.zone in where), (site.domain, name)
        if not page_path.exists():
            continue
        page = soup(page_path)
        assert page.html["lang"] == site.lang and not page.select_one('meta[name="robots"]')
        for fact in facts:
            assert fact in page.main.get_text(" "), (site.domain, name, fact)
        listing = [p for p in dev.output.joinpath(site.domain).glob("*/index.html")
                   if soup(p).select_one(f'main .event-item a[href$="/ateliers/{slug}/"]')]
        assert listing, f"{site.domain}: {name} is not in the index of reports"
        if next_day:
            assert next_day in page.select_one("#next + p time")["datetime"]
        event_link = page.select_one(".event-facts a")
        assert (event_link is not None) == ("\nevent:" in source.read_text("utf-8")), (site.domain, name)
        if event_link is not None:
            event_page = soup(dev.output / site.domain / event_link["href"].split("/", 2)[2] / "index.html")
            assert event_page.select_one(".notice a")["href"].endswith(f"/ateliers/{slug}/")


def test_a_report_on_a_draft_event_is_refused_with_its_line(bare, tmp_path):
    for lang in ("fr", "nl"):
        path = bare / f"content/sud/agenda/2024-02-01-atelier.{lang}.md"
        path.write_text(path.read_text("utf-8").replace("---\n", "---\nstatus: draft\n", 1), "utf-8")
    report(bare, "sud", "feb", "event: 2024-02-01-atelier\n")
    with pytest.raises(ProblemsError) as error:
        build_into(tmp_path / "out", bare / "pelicanconf.py", zone="sud")
    assert any(str(p).startswith("content/sud/ateliers/feb.fr.md:5: there is no event '2024-02-01-atelier'")
               for p in error.value.problems), error.value.problems
