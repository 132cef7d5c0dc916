"""Atelier reports: tied both ways to their events, listed by cycle, with their downloads."""

from __future__ import annotations

import pytest

from ateliers.ateliers import report_type
from conftest import ROOT, soup
from frontmatter.frontmatter import check_front_matter
from zonelib import yamlines

REPORT = """---
title: {title}
slug: {slug}
summary: {summary}
{extra}---
Narrative of {title}.
"""
PDF = b"%PDF-1.4\n" + b"%" + b"x" * 2400 + b"\n%%EOF\n"  # 2,417 bytes: shown as 2 kB
TIMED = {"start": '"2024-06-13 12:30"', "extra": 'end: "2024-06-13 16:30"\n'}


def report(site, scope: str, name: str, extra: str, **fields) -> None:
    for lang in ("fr", "nl"):
        values = {"title": f"{name} {lang}", "slug": name, "summary": f"{name} in short ({lang})", "extra": extra,
                  **fields}
        site.write(f"content/{scope}/ateliers/{name}.{lang}.md", REPORT.format(**values))


@pytest.fixture
def events(site):
    """A small site with the events the reports of these tests name."""
    site.event("sud", "2024-02-01-atelier", start="2024-02-01")
    site.event("sud", "2024-06-13-atelier", **TIMED)
    site.event("region", "2024-03-14-inter-zogab", start="2024-03-14", category="inter-zogab")
    return site


def test_report_and_event_link_both_ways_and_to_the_next_appointment(events):
    report(events, "sud", "feb", "event: 2024-02-01-atelier\nparticipants: 100\nnext: 2024-06-13-atelier\n"
           'themes:\n  - title: Helpdesk\n    points: ["Une ligne accessible"]\nattention: ["Les aidants proches"]\n')
    for lang in ("fr", "nl"):
        run = events.build(lang=lang)
        page = run.page("ateliers/feb")
        event_page = soup(run.output / run.page("ateliers/feb").select_one(".event-facts a")["href"]
                          .removeprefix(run.url()) / "index.html")
        assert event_page.select_one(".notice a")["href"] == run.url("ateliers/feb/")  # the way back
        next_link = page.select_one("#next + p a")["href"]
        assert next_link == run.url("agenda/2024-06-13-atelier/")
        assert [h.get_text() for h in page.select(".theme h3")] == ["Helpdesk"]
        assert page.select_one(".attention li").get_text() == "Les aidants proches"
        if lang == "fr":
            assert "100 participants" in page.select_one(".event-facts").get_text()
            assert page.select_one("#next + p time").get_text() == "jeudi 13 juin 2024, de 12\xa0h\xa030 à 16\xa0h\xa030"
        else:
            agenda = run.page("agenda")
            assert agenda.find("a", string="Lees het verslag")["href"] == run.url("ateliers/feb/")


def test_the_index_lists_reports_by_cycle_newest_first_with_regional_ones_everywhere(events):
    report(events, "sud", "feb", "event: 2024-02-01-atelier\nparticipants: 100\n")
    report(events, "sud", "june", "event: 2024-06-13-atelier\n")
    report(events, "region", "march", "event: 2024-03-14-inter-zogab\nparticipants: 38\n")
    report(events, "region", "oct", 'cycle: "2023-10"\n')
    page = events.build().page("ateliers-du-changement")
    assert [h.get_text() for h in page.select("main h2")] == ["Juin 2024", "Mars 2024", "Février 2024", "Octobre 2023"]
    assert [a.get_text() for a in page.select(".event-item > a")] == ["june fr", "march fr", "feb fr", "oct fr"]
    first_february = page.select_one("#cycle-2024-02 + ul .event-when").get_text(" ", strip=True)
    assert first_february == "jeudi 1er février 2024 · 100 participants"
    dutch = events.build(lang="nl").page("veranderateliers")
    assert [h.get_text() for h in dutch.select("main h2")][-1] == "Oktober 2023"
    other = events.build(zone="nord").page("ateliers-du-changement")
    assert [a.get_text() for a in other.select(".event-item > a")] == ["march fr", "oct fr"]


def test_a_download_is_published_at_its_address_with_its_size(events):
    events.write("content/sud/ateliers/onepager-zuid.pdf", PDF)
    report(events, "sud", "feb", "event: 2024-02-01-atelier\ndownloads:\n  - file: onepager-zuid.pdf\n"
           "    title: One-pager\n")
    for lang, size in (("fr", "(PDF, 2 ko)"), ("nl", "(PDF, 2 kB)")):
        run = events.build(lang=lang)
        link = run.page("ateliers/feb").select_one("#downloads + ul a")
        assert link["href"] == run.url("sud/ateliers/onepager-zuid.pdf")
        assert (run.output / "sud/ateliers/onepager-zuid.pdf").read_bytes() == PDF
        assert size in link.parent.get_text(" ", strip=True).replace("\u202f", " ").replace("\xa0", " ")


@pytest.mark.parametrize(("extra", "line", "message"), [
    ("event: 2024-02-02-atelier\n", 5, "there is no event '2024-02-02-atelier' in content/sud/agenda/ (did you mean "
                                       "'2024-02-01-atelier'?)"),
    ("event: 2024-02-01-atelier\nnext: 2024-06-31-atelier\n", 6, "there is no event '2024-06-31-atelier'"),
    ("participants: 12\n", 2, "a report needs 'event'"),
    ('cycle: "2023-13"\n', 5, "not a year and month"),
    ("event: 2024-02-01-atelier\ndownloads:\n  - file: missing.pdf\n    title: x\n", 7, "is not a file next to"),
    ("event: 2024-02-01-atelier\nthemes:\n  - titel: x\n", 7, "unknown key 'titel' (did you mean 'title'?)"),
])
def test_each_bad_reference_is_a_problem_on_its_line(events, extra, line, message):
    report(events, "sud", "bad", extra)
    path = "content/sud/ateliers/bad.fr.md"
    text = (events.root / path).read_text("utf-8")
    settings = {"PATH": str(events.root / "content")}
    problems = [str(p) for p in check_front_matter(yamlines.load(text.split("---")[1], path, 1), report_type({}),
                                                   path, settings)]
    assert len(problems) == 1 and problems[0].startswith(f"{path}:{line}: ") and message in problems[0], problems


def test_a_bad_report_reaches_the_build_with_its_line_and_two_reports_for_one_event_name_both_files(events):
    report(events, "sud", "one", "event: 2024-02-01-atelier\n")
    report(events, "sud", "two", "event: 2024-02-01-atelier\n")
    report(events, "sud", "bad", "event: 2024-02-01-atelier\nnext: 2024-06-31-atelier\n")
    problems = events.build().problems
    assert problems[0].startswith("content/sud/ateliers/bad.fr.md:6: there is no event '2024-06-31-atelier'")
    twice = [p for p in problems if "already reports" in p]
    assert len(twice) == 1 and ":5: " in twice[0], problems
    named = {twice[0].split(":")[0], twice[0].split(": ")[1].split(" ")[0]}
    assert named == {"content/sud/ateliers/one.fr.md", "content/sud/ateliers/two.fr.md"}


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


def test_a_report_on_a_draft_event_is_refused_with_its_line(events):
    events.event("sud", "2024-02-01-atelier", start="2024-02-01", extra="status: draft\n")
    report(events, "sud", "feb", "event: 2024-02-01-atelier\n")
    assert any(p.startswith("content/sud/ateliers/feb.fr.md:5: there is no event '2024-02-01-atelier'")
               for p in events.build().problems)
