"""make vote-results: the online counts of a closed ballot go into (a copy of) gallery.yaml, keeping
its comments, and the next build ranks the photos from them and elects the hero."""

from __future__ import annotations

import difflib
import os
import sqlite3
import subprocess
import sys

from conftest import ROOT
from voting import Visitor, ballot_project, moment, running, write_gallery


def results(project, database) -> subprocess.CompletedProcess:
    env = {**os.environ, "BALLOT_PROJECT": str(project), "BALLOT_DATABASE": f"sqlite:///{database}",
           "MESSAGES": "en", "PYTHONPATH": str(ROOT)}
    return subprocess.run([sys.executable, "-m", "ballot", "results"], cwd=ROOT, env=env, capture_output=True,
                          text=True, timeout=60)


def test_vote_results_go_into_gallery_yaml_keeping_comments_and_the_next_build_ranks_them(site, tmp_path):
    project = site.root
    file = write_gallery(project, "expo", paper_a=2)  # two votes for a.jpg counted on paper
    database = tmp_path / "ballot.sqlite3"
    with running(project, database) as service:
        for number, photo in enumerate(["b.jpg"] * 4 + ["a.jpg"]):
            assert Visitor(service, f"198.51.100.{number}").vote("expo", photo).status_code == 200
    still_open = results(project, database)
    assert still_open.returncode == 0 and "the ballot is still open" in still_open.stdout
    assert "voting: open" in file.read_text("utf-8")

    # the ballot ends (here: its dates are moved to the past, as when the staff end it early)
    lines = file.read_text("utf-8").splitlines(keepends=True)
    lines = [f'  opens: "{moment(-3)}"\n' if line.startswith("  opens:") else
             f'  closes: "{moment(-1)}"\n' if line.startswith("  closes:") else line for line in lines]
    before = "".join(lines)
    file.write_text(before, "utf-8")
    done = results(project, database)
    assert done.returncode == 0, done.stderr
    assert "content/sud/galleries/expo/gallery.yaml: 5 online votes added; the vote is now closed" in done.stdout
    after = file.read_text("utf-8")
    changed = [line for line in difflib.ndiff(before.splitlines(), after.splitlines()) if line[:1] in "+-"]
    assert changed == [
        "- voting: open  # open while the ballot runs", "+ voting: closed # open while the ballot runs",
        "-     votes: 2  # counted on paper at the exhibition", "+     votes: 3  # counted on paper at the exhibition",
        "-     votes: 0", "+     votes: 4"]
    with sqlite3.connect(database) as db:  # the secret and every key are gone; the votes remain
        assert db.execute("SELECT secret FROM ballots WHERE id = 'sud/expo'").fetchone() == (None,)
        assert db.execute("SELECT COUNT(*), COUNT(browser) FROM votes WHERE ballot = 'sud/expo'").fetchone() == (5, 0)
        assert db.execute("SELECT COUNT(*) FROM networks").fetchone() == (0,)
    again = results(project, database)  # a closed gallery is written once
    assert again.returncode == 0 and file.read_text("utf-8") == after

    run = site.build("sud", "fr")
    assert run.problems == []
    page = run.page("photos/expo")
    assert [li["id"] for li in page.select(".gallery > li")] == ["photo-b", "photo-a", "photo-c"]
    assert page.select_one("li.winner")["id"] == "photo-b" and not page.select("form")
    text = page.get_text(" ")
    assert "4 votes (57\xa0%)" in text and "3 votes (43\xa0%)" in text and "7 votes au total." in text
    hero = site.build("sud", "nl").page().select_one("figure.hero-photo img")
    assert "/photos/expo/b-" in hero["src"] and hero["alt"] == "Een overdekte markt"


def test_a_ballot_closed_without_any_vote_is_left_for_the_staff(tmp_path):
    project = ballot_project(tmp_path / "project")
    file = write_gallery(project, "vide", opens=-3, closes=-1)
    before = file.read_text("utf-8")
    done = results(project, tmp_path / "ballot.sqlite3")
    assert done.returncode == 1
    assert "content/sud/galleries/vide/gallery.yaml:3: the ballot has closed without a single vote" in done.stderr
    assert file.read_text("utf-8") == before
