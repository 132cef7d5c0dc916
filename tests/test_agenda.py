"""The agenda: ordering around a pinned build date, dates in each language, iCalendar, JSON-LD."""

from __future__ import annotations

import json

import pytest
from icalendar import Calendar

from agenda.agenda import event_type
from conftest import EVENT, ROOT, soup
from frontmatter.frontmatter import check_front_matter
from zonelib import yamlines, zonefile

def event_text(name: str, lang: str, **fields) -> str:
    values = {"title": name, "slug": name, "summary": f"{name} ({lang})", "category": "atelier",
              "start": "2024-03-14", "extra": "", "body": f"{name} {lang}", **fields}
    return EVENT.format(**values)


def both(site, scope: str, name: str, **fields) -> None:
    site.event(scope, name, **fields)


def titles(page, selector: str) -> list[str]:
    return [a.get_text(strip=True) for a in page.select(f"{selector} .event-item > a")]


def test_upcoming_soonest_first_then_past_by_year_newest_first(site):
    both(site, "sud", "open-week", start="2024-02-26", extra="end: 2024-03-02\n", category="open-door-week")
    both(site, "sud", "june", start='"2024-06-13 12:30"', extra='end: "2024-06-13 16:30"\n')
    both(site, "region", "march", start='"2024-03-14 12:30"', extra='end: "2024-03-14 16:30"\n',
         category="inter-zogab")
    both(site, "sud", "feb", start="2024-02-01")
    both(site, "sud", "oct", start="2023-10-10")
    both(site, "sud", "jan", start="2024-01-15")
    run = site.build(AGENDA_TODAY="2024-03-01")
    page = run.page("agenda")
    # an event still going on (26 Feb - 2 Mar) counts as upcoming
    assert titles(page, "#upcoming + ol") == ["open-week", "march", "june"]
    assert [h.get_text() for h in page.select("h3[id^=past-]")] == ["2024", "2023"]
    assert titles(page, "#past-2024 + ol") == ["feb", "jan"]
    assert titles(page, "#past-2023 + ol") == ["oct"]
    assert titles(run.page(), "#next-events + ol") == ["open-week", "march", "june"]


def test_the_build_date_moves_events_from_upcoming_to_past(site):
    both(site, "sud", "march", start="2024-03-14")
    for today, upcoming in (("2024-03-14", ["march"]), ("2024-03-15", [])):
        page = site.build(lang="nl", AGENDA_TODAY=today).page("agenda")
        assert titles(page, "#upcoming + ol") == upcoming
        if not upcoming:
            assert "Op deze website zijn geen komende activiteiten aangekondigd." in page.select_one("#upcoming + p").get_text()


@pytest.mark.parametrize(("lang", "expected"), [
    ("fr", ["jeudi 14 mars 2024, de 12\xa0h\xa030 à 16\xa0h\xa030",
            "du lundi 18 novembre 2024 au vendredi 22 novembre 2024", "jeudi 1er février 2024"]),
    ("nl", ["donderdag 14 maart 2024, 12.30–16.30 uur",
                                "van maandag 18 november 2024 tot vrijdag 22 november 2024",
                                "donderdag 1 februari 2024"]),
])
def test_dates_are_written_the_brussels_way_in_each_language(site, lang, expected):
    both(site, "sud", "a", start='"2024-03-14 12:30"', extra='end: "2024-03-14 16:30"\n')
    both(site, "sud", "b", start="2024-11-18", extra="end: 2024-11-22\n")
    both(site, "sud", "c", start="2024-02-01")
    page = site.build(lang=lang, AGENDA_TODAY="2024-01-01").page("agenda")
    assert [t.get_text() for t in page.select("#upcoming + ol time")] == [expected[2], expected[0], expected[1]]


def test_cancelled_and_postponed_events_are_marked(site):
    both(site, "sud", "gone", extra="status: cancelled\n")
    both(site, "sud", "later", start="2024-03-15", extra="status: postponed\n")
    run = site.build(AGENDA_TODAY="2024-01-01")
    assert [b.get_text() for b in run.page("agenda").select("#upcoming + ol .badge")] == ["Annulé", "Reporté"]
    page = run.page("agenda/gone")
    assert "Cet événement est annulé." in page.select_one(".notice").get_text()
    data = json.loads(page.select_one('script[type="application/ld+json"]').string)
    assert data["eventStatus"] == "https://schema.org/EventCancelled"
    ics = Calendar.from_ical((run.output / "agenda/gone/gone.ics").read_bytes())
    assert [str(e["STATUS"]) for e in ics.walk("VEVENT")] == ["CANCELLED"]


def ics_events(path):
    calendar = Calendar.from_ical(path.read_bytes())
    return calendar, {str(e["UID"]): e for e in calendar.walk("VEVENT")}


def test_ics_round_trip_with_time_zone_and_stable_uids(site):
    both(site, "region", "march", start='"2024-03-14 12:30"', extra='end: "2024-03-14 16:30"\n')
    both(site, "sud", "week", start="2024-11-18", extra="end: 2024-11-22\n")
    first = site.build(AGENDA_TODAY="2024-01-01")
    calendar, events = ics_events(first.output / "agenda.ics")
    assert set(events) == {"region-march@zones.brusano.brussels", "sud-week@zones.brusano.brussels"}
    assert [tz["TZID"] for tz in calendar.walk("VTIMEZONE")] == ["Europe/Brussels"]
    march = events["region-march@zones.brusano.brussels"]
    assert march["DTSTART"].params["TZID"] == "Europe/Brussels"
    assert march["DTSTART"].dt.isoformat() == "2024-03-14T12:30:00+01:00"
    assert march["DTEND"].dt.isoformat() == "2024-03-14T16:30:00+01:00"
    assert str(march["DESCRIPTION"]) == "march (fr)"
    assert b"DTSTART;TZID=Europe/Brussels:20240314T123000" in (first.output / "agenda.ics").read_bytes()
    week = events["sud-week@zones.brusano.brussels"]
    assert (week["DTSTART"].dt.isoformat(), week["DTEND"].dt.isoformat()) == ("2024-11-18", "2024-11-23")
    _, dutch = ics_events(site.build(lang="nl", AGENDA_TODAY="2024-01-01").output / "agenda.ics")
    assert str(dutch["region-march@zones.brusano.brussels"]["DESCRIPTION"]) == "march (nl)"

    # A second build, with the event's address changed, keeps every UID.
    both(site, "region", "march", start='"2024-03-14 12:30"', extra='end: "2024-03-14 16:30"\n', slug="mars-2024")
    second = site.build(AGENDA_TODAY="2024-01-01")
    _, again = ics_events(second.output / "agenda.ics")
    assert set(again) == set(events)
    assert (second.output / "agenda/mars-2024/mars-2024.ics").is_file()


def test_json_ld_parses_and_matches_the_page(site):
    both(site, "sud", "walk", start='"2024-06-13 12:30"', extra='end: "2024-06-13 16:30"\nplace:\n  name: Maison'
         ' de quartier\n  address: Rue Exemple 1, 1190 Forest\n  map: https://www.openstreetmap.org/#map=18/50.8/4.3\n'
         'registration:\n  url: https://example.org/inscription\n  deadline: 2024-06-06\n')
    run = site.build(lang="nl", AGENDA_TODAY="2024-01-01")
    page = run.page("agenda/walk")
    data = json.loads(page.select_one('script[type="application/ld+json"]').string)
    assert data["@type"] == "Event" and data["name"] == page.h1.get_text()
    assert data["startDate"] == page.select_one(".event-facts time")["datetime"] == "2024-06-13T12:30:00+02:00"
    assert data["endDate"] == "2024-06-13T16:30:00+02:00"
    assert data["eventStatus"] == "https://schema.org/EventScheduled"
    assert data["location"] == {"@type": "Place", "name": "Maison de quartier", "address": "Rue Exemple 1, 1190 Forest",
                                "hasMap": "https://www.openstreetmap.org/#map=18/50.8/4.3"}
    assert data["organizer"] == {"@type": "Organization", "name": "Zorgzone Zuid", "url": run.url()}
    assert data["inLanguage"] == "nl" and data["url"] == run.url("agenda/walk/")


def test_a_regional_event_is_on_every_zone_in_both_languages(dev, zones):
    for site in zones.sites():
        ics = (dev.output / site.domain / "agenda.ics").read_bytes()
        assert b"UID:region-2024-03-14-inter-zogab@zones.brusano.brussels" in ics
        page = soup(dev.output / site.domain / "agenda/inter-zogab-2024-03-14/index.html")
        assert page.html["lang"] == site.lang
        assert page.select_one('a[download][href$=".ics"]')


@pytest.mark.parametrize(("fields", "line", "message"), [
    ({"extra": "end: 2024-03-13\n"}, 7, "the event ends (2024-03-13) before it starts (2024-03-14)"),
    ({"start": "2024-03-32"}, 6, "'start' should be a date (2024-03-14) or a date and time in quotes"),
    ({"start": '"14/03/2024"'}, 6, "a date (2024-03-14) or a date and time"),
    ({"start": '"2024-03-14"', "extra": "end: 2024-03-13\n"}, 7, "the event ends (2024-03-13) before it starts"),
    ({"extra": "status: canceled\n"}, 7, "did you mean 'cancelled'?"),
    ({"extra": "zones: [sud, zuid]\n"}, 7, "'zuid'"),
    ({"category": "workshop"}, 5, "it must be one of: atelier, inter-zogab"),
    ({"extra": 'end: "2024-03-14 16:30"\n'}, 7, "both be dates, or both"),
    ({"extra": "registration:\n  deadline: 2024-03-01\n"}, 7, "needs either 'url' or 'email'"),
    ({"extra": "place:\n  name: Maison\n  map: maps.example.org\n"}, 9, "which is not a web address starting with"),
    ({"extra": "registration:\n  email: inscription\n"}, 8, "which is not an e-mail address like"),
    ({"start": '"2024-03-14 12:30"'}, 6, "an event with a start time needs an end time"),
    ({"start": '"2024-03-31 02:30"', "extra": 'end: "2024-03-31 04:00"\n'}, 6, "does not exist in Brussels"),
])
def test_each_bad_value_is_a_problem_on_its_line(fields, line, message):
    text = event_text("bad", "fr", **fields)
    problems = [str(p) for p in check_front_matter(yamlines.load(text.split("---")[1], "bad.fr.md", 1),
                                                   event_type(SETTINGS), "content/region/agenda/bad.fr.md",
                                                   SETTINGS)]
    assert len(problems) == 1 and problems[0].startswith(f"content/region/agenda/bad.fr.md:{line}: "), problems
    assert message in problems[0], problems


SETTINGS = {"ZONES_DATA": zonefile.load(ROOT / "zones.yaml").data, "TIMEZONE": "Europe/Brussels"}


def test_zones_is_refused_on_a_zone_event_and_a_bad_event_reaches_the_build_with_its_line(site):
    both(site, "sud", "own", extra="zones: [sud]\n")
    assert site.build().problems == [f"content/sud/agenda/own.{lang}.md:7: 'zones' is only for regional events "
                                     "(content/region/agenda/); remove it here" for lang in ("fr", "nl")]


SEED_EVENTS = {  # the dates of the source documents, per zone; regional dates reach every zone
    "region": ["2024-03-14", "2024-06-04"],  # the inter-ZOGAB; the June 2024 cycle, one entry for its dates
    "sud-est": ["2023-10-05", "2024-02-06", "2024-12-02", "2025-11-03"],
    "sud": ["2023-10-10", "2024-02-01", "2024-06-13", "2024-11-18"],
    "nord": ["2023-10-13", "2024-02-20"],
    "centre-ouest": ["2023-10-16", "2024-02-22", "2024-06-10"],
    "nord-est": ["2023-10-19", "2024-02-08"],
}


def test_the_events_of_the_documents_are_on_the_right_zones_in_both_languages(dev, zones):
    for site in zones.sites():
        _, events = ics_events(dev.output / site.domain / "agenda.ics")
        starts = sorted(str(e["DTSTART"].dt)[:10] for e in events.values())
        assert starts == sorted(SEED_EVENTS["region"] + SEED_EVENTS[site.zone]), site.domain
        timed = {str(e["DTSTART"].dt)[:10]: e for e in events.values() if hasattr(e["DTSTART"].dt, "hour")}
        for day in ("2024-03-14", "2024-06-13", "2024-06-10"):
            if day in timed:
                assert (timed[day]["DTSTART"].dt.strftime("%H:%M"), timed[day]["DTEND"].dt.strftime("%H:%M")) == (
                    "12:30", "16:30")
    _, sud_est = ics_events(dev.output / "bassin-sud-est.brussels/agenda.ics")
    week = next(e for e in sud_est.values() if str(e["DTSTART"].dt) == "2024-12-02")
    assert str(week["DTEND"].dt) == "2024-12-07"  # 2-6 December, the end is exclusive in iCalendar


def test_a_zone_event_replaces_the_regional_event_of_the_same_name(site):
    both(site, "region", "meeting", title="Regional meeting")
    both(site, "sud", "meeting", title="Sud meeting")
    assert site.build(zone="sud").page("agenda/meeting").h1.get_text() == "Sud meeting"
    assert site.build(zone="nord").page("agenda/meeting").h1.get_text() == "Regional meeting"
