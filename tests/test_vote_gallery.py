"""The ballot in gallery.yaml (dates, limits, mistakes with their line) and the vote form it gives
the gallery page, with the security headers that let that form post to the site itself."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from conftest import soup
from zonelib.hosting import POLICY, headers_file, htaccess, nginx_conf
from voting import write_gallery
from zonelib import gallery
from zonelib.problems import ProblemsError

BALLOT = """title: {fr: Essai, nl: Test}
voting: open
ballot:
%s
photos:
  - file: a.jpg
    title: {fr: A, nl: A}
    alt: {fr: Image A, nl: Beeld A}
    credit: Équipe
    votes: 0
"""


@pytest.mark.parametrize(("ballot", "line", "message"), [
    ('  opens: "2026-03-14 09:00"\n  closes: 2026-03-13', 5,
     "the ballot closes (2026-03-13 23:59) before it opens (2026-03-14 09:00); correct one of the dates"),
    ('  opens: 2026-03-14\n  close: 2026-03-20', 5, "unknown key 'close' (did you mean 'closes'?)"),
    ('  opens: 2026-03-14', 3, "'closes' is missing (every ballot needs one); add it"),
    ('  opens: 2026-03-14\n  closes: 2026-03-20\n  per_network: 0', 6, "'per_network' is the number 0, but it "
                                                                       "must be at least 1"),
    ('  opens: "14/03/2026"\n  closes: 2026-03-20', 4, "'opens' should be a date (2024-03-14) or a date and time"),
])
def test_each_mistake_in_a_vote_ballot_is_said_with_its_line(tmp_path, ballot, line, message):
    file = tmp_path / "gallery.yaml"
    file.write_text(BALLOT % ballot, "utf-8")
    with pytest.raises(ProblemsError) as error:
        gallery.read(file, "gallery.yaml", ["fr", "nl"])
    problems = [str(problem) for problem in error.value.problems]
    assert any(p.startswith(f"gallery.yaml:{line}: ") and message in p for p in problems), problems


@pytest.mark.parametrize(("opens", "closes", "first", "last"), [
    ("2026-03-14", "2026-03-20", "2026-03-14 00:00", "2026-03-20 23:59"),  # a date alone: the whole day
    ("2026-03-14 09:00", "2026-03-20 17:30", "2026-03-14 09:00", "2026-03-20 17:29"),
    ("2026-10-24", "2026-10-25", "2026-10-24 00:00", "2026-10-25 23:59"),  # over the change to winter time
])
def test_a_vote_ballot_window_is_brussels_time(opens, closes, first, last):
    window = gallery.window({"ballot": {"opens": opens, "closes": closes}})
    assert window.opens.strftime("%Y-%m-%d %H:%M") == first and window.last_moment.strftime("%Y-%m-%d %H:%M") == last
    assert window.opens.tzinfo == gallery.BRUSSELS and window.per_network == 1
    assert window.state(window.opens - dt.timedelta(seconds=1)) == "soon"
    assert window.state(window.opens) == window.state(window.last_moment) == "open"
    assert window.state(window.closes) == "closed"


def test_only_vote_pages_may_post_to_the_site_itself_in_the_host_configuration():
    # A policy that posts no form (the sites' own allows the header's search form everywhere).
    strict = {**POLICY, "Content-Security-Policy": POLICY["Content-Security-Policy"].replace(
        "form-action 'self'", "form-action 'none'")}
    nginx = nginx_conf("bassin-sud.brussels", strict, [], ["photos/expo-2026/"])
    assert "set $zone_form_action \"'none'\";" in nginx
    assert "if ($uri ~ \"^/photos/expo\\-2026/(index\\.html)?$\") { set $zone_form_action \"'self'\"; }" in nginx
    assert "if ($uri ~ \"^/vote/\") { set $zone_form_action \"'self'\"; }" in nginx
    assert "form-action $zone_form_action;" in nginx and "form-action 'none'" not in nginx
    plain = nginx_conf("bassin-sud.brussels", strict, [])
    assert "form-action 'none'" in plain and "$zone_form_action" not in plain
    apache = htaccess("bassin-sud.brussels", strict, [], ["photos/expo-2026/"])
    assert apache.count("form-action 'none'") == 1 and "<If \"%{REQUEST_URI} =~ m#^/photos/expo\\-2026/" in apache
    assert "form-action 'self'" in headers_file(strict, ["photos/expo-2026/"])
    assert "form-action 'none'" in headers_file(strict)


def test_the_sites_post_forms_to_themselves_only(dev, zones):
    for site in zones.sites():
        for name in ("_headers", "nginx.conf", ".htaccess"):
            text = (dev.output / "hosts" / site.domain / name).read_text("utf-8")
            actions = re.findall(r"form-action ([^;\"]+)", text)
            assert actions and set(actions) == {"'self'"}, (site.domain, name, actions)


def test_the_gallery_page_of_an_open_ballot_has_a_vote_form_that_needs_no_javascript(site):
    write_gallery(site.root, "ouvert", per_network=2)
    write_gallery(site.root, "bientot", opens=2, closes=9)
    write_gallery(site.root, "fini", opens=-9, closes=-2)
    built = site.build_all(zone="sud")
    for lang, domain in (("fr", "bassin-sud.brussels"), ("nl", "zorgzone-zuid.brussels")):
        page = soup(built.output / domain / "photos/ouvert/index.html")
        form = page.select_one("form.vote-form")
        assert (form["method"], form["action"]) == ("post", "/vote/sud/ouvert/")
        radios = form.select("input[type=radio][name=photo]")
        assert [radio["value"] for radio in radios] == ["a.jpg", "b.jpg", "c.jpg"]
        label = page.select_one(f"label[for={radios[1]['id']}]").get_text()
        assert ("Le marché" in label and "Un marché couvert" in label) if lang == "fr" else (
            "De markt" in label and "Een overdekte markt" in label)
        assert form.select_one("input[name=lang]")["value"] == lang
        assert form.select_one("input[name=website]").find_parent("p").has_attr("hidden")  # the honeypot
        assert form.select_one("button[type=submit]") and not page.select("script")
        explained = page.select_one("#one-vote-per-person").find_next("p").get_text(" ")
        assert ("au plus\u202f: les téléphones" in explained and "2 votes" in explained) if lang == "fr" else (
            "hoogstens 2 stemmen" in explained)
        assert not page.select(".result")  # no running count
        headers = (built.output / "hosts" / domain / "_headers").read_text("utf-8")
        assert "form-action 'self'" in headers
        nginx = (built.output / "hosts" / domain / "nginx.conf").read_text("utf-8")
        # The sites' policy lets every page send forms to the site itself (the header's search form), so
        # nginx needs no rule per vote page (with a policy that posts nothing, see the test above).
        assert "form-action 'self'" in nginx and "form-action 'none'" not in nginx
        soon = soup(built.output / domain / "photos/bientot/index.html")
        assert not soon.select("form") and soon.select_one("#one-vote-per-person")
        assert ("s’ouvre le" in soon.get_text() if lang == "fr" else "begint op" in soon.get_text())
        ended = soup(built.output / domain / "photos/fini/index.html")
        assert not ended.select("form") and not ended.select_one("#one-vote-per-person")
        assert ("résultats seront publiés" in ended.get_text() if lang == "fr" else
                "resultaten verschijnen" in ended.get_text())
