"""The ballot service, run by uvicorn on 127.0.0.1: each vote counted once, cross-site posts and
floods refused, concurrent voters all counted, nothing lost on restart, no address stored, closed
ballots closed for good."""

from __future__ import annotations

import ipaddress
import sqlite3
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest

from ballot.network import prefix_of, trusted_networks, visitor_address
from ballot.store import Store
from voting import TIMEOUT, TOKEN, Visitor, ballot_project, heading, running, write_gallery

OPEN, SOON, OVER = "ouvert", "bientot", "fini"
# Each test of the shared service votes in its own gallery, from its own addresses.
GALLERIES = ["once", "cross", "burst", "fifty", "noip", "robot", "poster"]


def ballots(where):
    """A project with ballots in zone sud: open now (several), opening tomorrow, closed yesterday."""
    project = ballot_project(where)
    for name in [OPEN, *GALLERIES]:
        write_gallery(project, name)
    write_gallery(project, SOON, opens=1, closes=3)
    write_gallery(project, OVER, opens=-10, closes=-1)
    return project


@pytest.fixture(scope="module")
def service(tmp_path_factory):
    """One service for the tests that need no setting of their own."""
    where = tmp_path_factory.mktemp("ballots")
    with running(ballots(where / "project"), where / "db" / "ballot.sqlite3") as started:
        yield started


def counts(service, gallery: str = OPEN) -> dict:
    store = Store(f"sqlite:///{service.database}")
    try:
        return store.counts(f"sud/{gallery}")
    finally:
        store.dispose()


def test_a_vote_is_counted_once_and_the_same_visitor_voting_again_is_counted_once(service):
    visitor = Visitor(service, "203.0.113.1")
    first = visitor.vote("once", "b.jpg")
    assert first.status_code == 200 and heading(first) == "Merci\u202f! Votre vote a bien été pris en compte"
    assert "Le marché" in first.text and "/photos/once/" in first.text  # what was chosen, and the way back
    again = visitor.vote("once", "a.jpg")
    assert again.status_code == 409 and heading(again) == "Votre vote a déjà été compté"
    moved = Visitor(service, "203.0.113.2")  # the same browser from another network
    moved.client.cookies = visitor.client.cookies
    assert moved.vote("once", "a.jpg").status_code == 409
    neighbour = Visitor(service, "203.0.113.1")  # another browser on the same connection (one vote per connection)
    refused = neighbour.vote("once", "c.jpg")
    assert refused.status_code == 409 and heading(refused) == "Un vote a déjà été émis depuis cette connexion"
    assert "données mobiles" in refused.text
    assert counts(service, "once") == {"b.jpg": 1}


def test_a_connection_may_cast_as_many_votes_as_the_ballot_allows(tmp_path):
    project = ballot_project(tmp_path / "project")
    write_gallery(project, "salle", per_network=3)
    with running(project, tmp_path / "ballot.sqlite3") as service:
        results = [Visitor(service, "192.0.2.1").vote("salle", "a.jpg").status_code for _ in range(4)]
        assert results == [200, 200, 200, 409]
        assert counts(service, "salle") == {"a.jpg": 3}


@pytest.mark.parametrize("headers", [
    {"Origin": "https://evil.example"},
    {"Sec-Fetch-Site": "cross-site"},
    {"Sec-Fetch-Site": "same-site", "Origin": "https://bassin-sud.brussels.evil.example"},
    {"Origin": ""},  # neither Origin nor Sec-Fetch-Site: nothing says it comes from the site
])
def test_a_cross_site_vote_post_gets_403_and_counts_nothing(service, headers):
    visitor = Visitor(service, "203.0.113.10")
    honest = visitor.choose("cross", "a.jpg")
    token = honest.text.split('name="token" value="')[1].split('"')[0]
    sent = {name: value for name, value in headers.items() if value}
    forged = httpx.Client(base_url=service.url, timeout=TIMEOUT, cookies=visitor.client.cookies,
                          headers={"X-Forwarded-For": "203.0.113.10", **sent})
    for path, data in (("/vote/sud/cross/", {"photo": "a.jpg"}), ("/vote/sud/cross/confirm", {"token": token})):
        response = forged.post(path, data=data)
        assert response.status_code == 403, path
        assert heading(response) == "Ce vote vient d’un autre site"
    assert counts(service, "cross") == {}


def test_a_burst_of_200_vote_posts_gets_429_after_the_limit_and_never_a_5xx(service):
    visitor = Visitor(service, "203.0.113.50")
    statuses, token = [], None
    for number in range(200):  # choose, confirm, choose, confirm… as fast as one connection can
        if number % 2 == 0:
            response = visitor.choose("burst", "a.jpg")
            token = TOKEN.search(response.text).group(1) if response.status_code == 200 else "none"
        else:
            response = visitor.client.post("/vote/sud/burst/confirm", data={"token": token})
        statuses.append(response.status_code)
    assert not [status for status in statuses if status >= 500]
    assert statuses[:2] == [200, 200] and set(statuses[2:20]) == {200, 409}  # counted, then "already voted"
    assert statuses[20:] == [429] * 180  # the limit: 20 requests a minute per connection
    last = visitor.choose("burst", "a.jpg")
    assert last.headers["Retry-After"] == "60" and heading(last) == "Trop de demandes"
    assert Visitor(service, "203.0.113.51").vote("burst", "b.jpg").status_code == 200  # others still vote
    assert counts(service, "burst") == {"a.jpg": 1, "b.jpg": 1}


def test_everyone_together_is_limited_too(tmp_path):
    project = ballot_project(tmp_path / "project")
    write_gallery(project, OPEN)
    with running(project, tmp_path / "ballot.sqlite3", rate_global="30/minute") as service:
        statuses = [Visitor(service, f"198.51.100.{n}").choose(OPEN, "a.jpg").status_code for n in range(40)]
    assert statuses == [200] * 30 + [429] * 10


def test_50_voters_from_different_networks_voting_at_once_give_exactly_50_votes(service):
    addresses = [f"198.51.100.{n}" for n in range(25)] + [f"2001:db8:{n:x}::1" for n in range(25)]

    def vote(numbered):
        number, address = numbered
        visitor = Visitor(service, address)
        try:
            return visitor.vote("fifty", "abc"[number % 3] + ".jpg").status_code
        finally:
            visitor.close()

    with ThreadPoolExecutor(max_workers=50) as pool:
        statuses = list(pool.map(vote, enumerate(addresses), timeout=60))
    assert statuses == [200] * 50
    assert counts(service, "fifty") == {"a.jpg": 17, "b.jpg": 17, "c.jpg": 16}


def test_stopping_and_restarting_the_vote_service_loses_nothing(tmp_path):
    database, project = tmp_path / "ballot.sqlite3", ballots(tmp_path / "project")
    with running(project, database) as service:
        visitors = [Visitor(service, f"192.0.2.{n}") for n in range(5)]
        assert [v.vote(OPEN, "c.jpg").status_code for v in visitors] == [200] * 5
    with running(project, database) as service:
        assert counts(service) == {"c.jpg": 5}
        again = Visitor(service, "192.0.2.0")  # a voter of before, back with its cookie
        again.client.cookies = visitors[0].client.cookies
        assert again.vote(OPEN, "a.jpg").status_code == 409  # the ballot's secret survived the restart
        assert Visitor(service, "192.0.2.200").vote(OPEN, "a.jpg").status_code == 200
    assert counts(service) == {"c.jpg": 5, "a.jpg": 1}


def test_the_vote_database_holds_no_ip_address(service):
    addresses = ["203.0.113.45", "198.51.100.77", "2001:db8:abcd:12::7", "192.0.2.199"]
    cookies = []
    for address in addresses:
        visitor = Visitor(service, address)
        assert visitor.vote("noip", "a.jpg").status_code == 200
        cookies.append(visitor.client.cookies["zone_vote"])
    files = list(service.database.parent.glob("ballot.sqlite3*"))  # the database and its write-ahead log
    data = b"".join(file.read_bytes() for file in files)
    assert len(data) > 4096
    for address in addresses:
        parsed = ipaddress.ip_address(address)
        forms = {address, parsed.exploded, prefix_of(parsed), str(parsed.reverse_pointer)}
        for form in forms:
            assert form.encode() not in data and form.encode("utf-16-le") not in data, form
        assert parsed.packed not in data
        assert prefix_of(parsed).split("/")[0].encode() not in data
    for cookie in cookies:  # nor the browsers' cookies
        assert cookie.encode() not in data


def test_a_closed_or_unopened_ballot_refuses_votes_with_a_clear_page(service):
    visitor = Visitor(service, "203.0.113.60")
    closed = visitor.choose(OVER, "a.jpg")
    assert closed.status_code == 403 and heading(closed) == "Le vote est clos"
    assert "plus aucun vote n’est compté" in closed.text
    assert visitor.client.get(f"/vote/sud/{OVER}/a/").status_code == 403  # a poster's code, too late
    soon = visitor.choose(SOON, "a.jpg")
    assert soon.status_code == 403 and heading(soon) == "Le vote n’est pas encore ouvert"
    unknown = visitor.choose("inconnu", "a.jpg")
    assert unknown.status_code == 404 and heading(unknown) == "Ce vote n’existe pas"
    stranger = visitor.choose(OPEN, "z.jpg")
    assert stranger.status_code == 404 and heading(stranger) == "Cette photo ne fait pas partie du vote"
    nothing = visitor.choose(OPEN, "")
    assert nothing.status_code == 400 and heading(nothing) == "Aucune photo choisie"
    with sqlite3.connect(service.database) as db:  # the closed ballot's secret is gone, for good
        assert db.execute("SELECT secret, closed_at IS NOT NULL FROM ballots WHERE id = ?",
                          (f"sud/{OVER}",)).fetchone() == (None, 1)


def test_a_vote_with_the_honeypot_filled_or_a_forged_token_is_not_counted(service):
    robot = Visitor(service, "203.0.113.70")
    assert robot.choose("robot", "a.jpg", website="https://spam.example").status_code == 400
    visitor = Visitor(service, "203.0.113.71")
    token = visitor.choose("robot", "a.jpg").text.split('name="token" value="')[1].split('"')[0]
    forged = token[:-3] + ("AAA" if not token.endswith("AAA") else "BBB")
    response = visitor.client.post("/vote/sud/robot/confirm", data={"token": forged})
    assert response.status_code == 400 and heading(response) == "Votre choix n’a pas pu être lu"
    cookieless = Visitor(service, "203.0.113.72")
    response = cookieless.client.post("/vote/sud/robot/confirm", data={"token": token})
    assert response.status_code == 400 and heading(response) == "Votre navigateur a refusé notre cookie"
    assert counts(service, "robot") == {}


def test_a_poster_code_opens_the_choice_in_the_language_of_its_domain(tmp_path):
    project = ballots(tmp_path / "project")
    with running(project, tmp_path / "ballot.sqlite3", secure_cookies="auto") as service:
        check_languages_and_cookie(service)


def test_x_forwarded_for_is_believed_from_a_trusted_proxy_only(tmp_path):
    project = ballots(tmp_path / "project")
    with running(project, tmp_path / "ballot.sqlite3", trusted_proxies="") as service:
        assert Visitor(service, "198.51.100.1").vote(OPEN, "a.jpg").status_code == 200
        second = Visitor(service, "198.51.100.2").vote(OPEN, "a.jpg")  # X-Forwarded-For not believed: the
        assert second.status_code == 409  # second comes from the same address as the first, 127.0.0.1


def check_languages_and_cookie(service):
    visitor = Visitor(service, "203.0.113.80")
    fr = visitor.client.get(f"/vote/sud/{OPEN}/b/", headers={"Host": "bassin-sud.brussels"})
    nl = visitor.client.get(f"/vote/sud/{OPEN}/b/", headers={"Host": "zorgzone-zuid.brussels"})
    assert (fr.status_code, nl.status_code) == (200, 200)
    assert '<html lang="fr">' in fr.text and "Vous votez pour «\u202fLe marché\u202f»." in fr.text
    assert '<html lang="nl">' in nl.text and 'U stemt op "De markt".' in nl.text
    assert "https://zorgzone-zuid.brussels/photos/ouvert/#how-to-vote" in nl.text  # the way back, on its site
    cookie = fr.headers["set-cookie"].lower()
    assert "httponly" in cookie and "samesite=lax" in cookie and "path=/vote/" in cookie and "secure" in cookie
    assert "form-action 'self'" in fr.headers["content-security-policy"]
    back = visitor.client.get(f"/vote/sud/{OPEN}/", headers={"Host": "bassin-sud.brussels"})
    assert back.status_code == 303 and back.headers["location"] == "https://bassin-sud.brussels/photos/ouvert/#how-to-vote"


@pytest.mark.parametrize(("peer", "forwarded", "trusted", "expected"), [
    ("203.0.113.9", None, "127.0.0.1", "203.0.113.9/32"),
    ("203.0.113.9", "198.51.100.1", "127.0.0.1", "203.0.113.9/32"),  # not from the proxy: header ignored
    ("127.0.0.1", "198.51.100.1", "127.0.0.1", "198.51.100.1/32"),
    ("127.0.0.1", "6.6.6.6, 198.51.100.1", "127.0.0.1", "198.51.100.1/32"),  # what the visitor wrote is left
    ("127.0.0.1", "198.51.100.1, 10.0.0.2", "127.0.0.1 10.0.0.0/8", "198.51.100.1/32"),  # two proxies
    ("127.0.0.1", "2001:db8:1:2:3:4:5:6", "127.0.0.1", "2001:db8:1:2::/64"),
    ("::ffff:198.51.100.8", None, "", "198.51.100.8/32"),
    ("127.0.0.1", "not an address", "127.0.0.1", None),
])
def test_vote_visitor_network_prefix_behind_a_trusted_proxy(peer, forwarded, trusted, expected):
    address = visitor_address(peer, forwarded, trusted_networks(trusted))
    assert (prefix_of(address) if address else None) == expected
