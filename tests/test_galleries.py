"""Photo-vote galleries: variants, no metadata leaks, ranking and ties, the winner as hero, errors."""

from __future__ import annotations

import re
import shutil

import pytest
from PIL import Image

from conftest import ROOT, soup
from galleries.galleries import check, rank
from zonelib.gallery import gallery_schema
from zonelib import schema as schemas
from zonelib import yamlines

GPS = 0x8825
ORIENTATION = 0x0112


def photo_with_metadata(path, size=(1200, 800)) -> None:
    """Write a JPEG carrying camera EXIF, GPS coordinates and a 'rotate 90°' orientation."""
    exif = Image.Exif()
    exif[0x010F] = "CameraMaker"
    exif[ORIENTATION] = 6
    exif.get_ifd(GPS).update({1: "N", 2: (50.0, 50.0, 0.0), 3: "E", 4: (4.0, 21.0, 0.0)})
    Image.new("RGB", size, "#336699").save(path, "JPEG", exif=exif)


GALLERY = """title: {{fr: Essai, nl: Test}}
voting: {voting}
{extra}photos:
  - file: a.jpg
    title: {{fr: A, nl: A}}
    alt: {{fr: Image A, nl: Beeld A}}
    credit: Équipe
    votes: {a}
  - file: b.jpg
    title: {{fr: B, nl: B}}
    alt: {{fr: Image B, nl: Beeld B}}
    credit: Équipe
    votes: {b}
"""


def gallery(site, voting="closed", a=3, b=1, extra="", text=None, zone="sud"):
    """Write a gallery of two photos in the small site; return its folder."""
    folder = site.root / "content" / zone / "galleries" / "exemple"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    photo_with_metadata(folder / "a.jpg")
    photo_with_metadata(folder / "b.jpg", (900, 600))
    (folder / "gallery.yaml").write_text(text or GALLERY.format(voting=voting, a=a, b=b, extra=extra), "utf-8")
    return folder


@pytest.mark.parametrize(("votes", "winner", "expected"), [
    ([5, 3, 2], None, [(1, "a", 0.5, False, True), (2, "b", 0.3, False, False), (3, "c", 0.2, False, False)]),
    ([2, 5, 2], None, [(1, "b", 5 / 9, False, True), (2, "a", 2 / 9, True, False), (2, "c", 2 / 9, True, False)]),
    ([4, 4, 2], "b", [(1, "a", 0.4, True, False), (1, "b", 0.4, True, True), (3, "c", 0.2, False, False)]),
])
def test_ranking_shares_and_ties(votes, winner, expected):
    photos = [{"file": name, "votes": count} for name, count in zip("abc", votes)]
    ranked = rank(photos, winner)
    assert [(p["rank"], p["file"], pytest.approx(p["share"]), p["tied"], p["winner"]) for p in ranked] == expected


def published_images(folder):
    return [p for p in folder.rglob("*") if p.suffix in (".jpg", ".webp", ".avif")]


def test_variants_exist_in_every_format_and_size_without_metadata(site):
    gallery(site)
    for lang in ("fr", "nl"):
        run = site.build(lang=lang)
        page = run.page("photos/exemple")
        img = page.select_one("#photo-a img")
        # the camera said "rotate 90°": the published photo is upright, 800 wide and 1200 high
        assert (img["width"], img["height"]) == ("480", "720")
        assert img["alt"] == ("Image A" if lang == "fr" else "Beeld A")
        advertised = [(s["type"], s["srcset"]) for s in page.select("#photo-a source")] + [
            ("image/jpeg", img["srcset"])]
        assert [kind for kind, _ in advertised] == ["image/avif", "image/webp", "image/jpeg"]
        for kind, srcset in advertised:
            entries = [entry.split() for entry in srcset.split(", ")]
            assert [width for _, width in entries] == ["480w", "800w"]  # never wider than the original
            for url, width in entries:
                with Image.open(run.output / url.removeprefix(run.url())) as image:
                    assert image.get_format_mimetype() == kind
                    assert image.width == int(width[:-1]) and image.height == int(width[:-1]) * 3 // 2
        files = published_images(run.output)
        assert len(files) == 2 * 2 * 3  # two photos, two widths each, three formats
        for file in files:
            data = file.read_bytes()
            with Image.open(file) as image:
                assert not image.getexif(), file
            assert b"Exif" not in data and b"CameraMaker" not in data, file
        assert not list(run.output.rglob("a.jpg"))  # the original is not published


def test_a_second_build_encodes_nothing(site):
    (site.root / ".cache").unlink()  # a cache of its own, empty
    gallery(site)
    first = site.build(lang="fr")
    names = sorted(p.name for p in published_images(first.output))
    assert first.result.counts["images encoded"] == 12  # 2 photos x 2 widths x 3 formats
    assert site.build(lang="nl").result.counts["images encoded"] == 0  # the other language shares them
    again = site.build(lang="fr")
    assert again.result.counts["images encoded"] == 0
    assert sorted(p.name for p in published_images(again.output)) == names


def test_the_winner_is_the_hero_in_both_languages_with_its_alt_and_credit(site):
    gallery(site, a=1, b=4)
    texts = {}
    for lang, alt in (("fr", "Image B"), ("nl", "Beeld B")):
        run = site.build(lang=lang)
        home = run.page()
        hero = home.select_one("figure.hero-photo img")
        assert "/photos/exemple/b-" in hero["src"] and hero["alt"] == alt
        assert "loading" not in hero.attrs  # the hero is seen first: not lazy
        assert "Équipe" in home.select_one("figure.hero-photo figcaption").get_text()
        assert (run.output / hero["src"].removeprefix(run.url())).is_file()
        results = run.page("photos/exemple")
        assert results.select_one("li.winner")["id"] == "photo-b"
        texts[lang] = results.get_text()
    assert "4 votes (80\xa0%)" in texts["fr"] and "4 stemmen (80%)" in texts["nl"]


def test_an_open_vote_shows_no_results_and_leaves_the_neutral_hero(site):
    gallery(site, voting="open", a=0, b=0)
    run = site.build()
    page = run.page("photos/exemple")
    assert [li["id"] for li in page.select(".gallery > li")] == ["photo-a", "photo-b"]
    assert not page.select(".result") and page.select_one("#how-to-vote")
    home = run.page()
    assert not home.select("figure.hero-photo") and home.select_one("div.hero")


EXAMPLES = sorted(path.parent.name for path in (ROOT / "content").glob("*/galleries/*/gallery.yaml")
                  if "\nexample: true" in path.read_text("utf-8"))


def test_example_galleries_are_marked_in_previews_and_never_the_hero(dev, zones):
    for site in zones.sites():
        home = soup(dev.output / site.domain / "index.html")
        assert home.select_one("div.hero") and not home.select("figure.hero-photo"), site.domain  # invented votes
        page = soup(dev.output / site.domain / "photos/exemple/index.html")
        assert page.select_one("main .notice.example"), site.domain
        status = page.select_one(".event-facts dd").get_text()
        assert status in ("Galerie d'exemple\u202f: aucun vote n'est en cours.", "Résultats fictifs, pour l'exemple.",
                          "Voorbeeldgalerij: er loopt geen stemming.", "Fictieve resultaten, als voorbeeld."), status
        assert not page.select("#how-to-vote")
        listing = next(page for _, page in dev.pages(site.domain) if page.select_one("main .notice.example")
                       and not page.select(".gallery"))
        assert len(listing.select("main .event-item")) == 1


def test_no_example_data_is_published(published, zones):
    assert EXAMPLES == ["exemple"] * 5
    for site in zones.sites():
        root = published.output / site.domain
        assert not (root / "photos/exemple").exists(), site.domain
        for relative, page in published.pages(site.domain):
            assert not page.select(".example, figure.hero-photo"), f"{site.domain}/{relative}"
            assert "/photos/exemple/" not in str(page), f"{site.domain}/{relative}"
        listing = next(page for _, page in published.pages(site.domain) if page.select_one("main .events") is None
                       and re.search("photo|foto", page.title.get_text().casefold()))
        assert listing.find(string=re.compile("Aucun vote photo|Er is nog geen fotostemming")), site.domain


@pytest.mark.parametrize("voting", ["closed", "open"])
def test_an_example_gallery_is_left_out_of_a_production_build_unless_a_setting_allows_it(site, voting):
    gallery(site, voting=voting, a=1, b=4, extra="example: true\n")
    run = site.build(GALLERIES_EXAMPLES=False)  # as publishconf.py sets it (the published crawl checks that)
    assert not (run.output / "photos/exemple").exists() and not list(run.output.rglob("*.avif"))
    assert run.page().select_one("div.hero") and not run.page().select("figure.hero-photo")
    assert any(item.path == "content/sud/galleries/exemple/gallery.yaml" and "example data" in item.message
               for item in run.result.unconfirmed)
    allowed = site.build(GALLERIES_EXAMPLES=True)
    assert allowed.page("photos/exemple").select_one(".notice.example")
    home = allowed.page()
    assert home.select_one("div.hero") and not home.select("figure.hero-photo")  # never the hero


@pytest.mark.parametrize(("domain", "credit", "other"), [
    ("bassin-sud.brussels", "Image d’exemple", "oorbeeld"), ("zorgzone-zuid.brussels", "Voorbeeldafbeelding", "exemple")])
def test_a_credit_is_in_the_pages_language(dev, domain, credit, other):
    page = soup(dev.output / domain / "photos/exemple/index.html")
    credits = [span.get_text() for span in page.select(".credit")]
    assert credits and all(text == credit for text in credits), credits  # no "Photo:" before an example image
    assert not page.find(string=re.compile(other)), "a word of the other language without its lang"


@pytest.mark.parametrize(("change", "line", "message"), [
    (lambda f: (f / "b.jpg").unlink(), 9, "there is no file 'b.jpg' in this folder"),
    (lambda f: (f / "b.jpg").write_text("not an image"), 9, "'b.jpg' cannot be read as an image"),
    (lambda f: (f / "gallery.yaml").write_text((f / "gallery.yaml").read_text().replace(
        "    alt: {fr: Image B, nl: Beeld B}\n", "")), 9, "'b.jpg' has no alt text"),
    (lambda f: (f / "gallery.yaml").write_text((f / "gallery.yaml").read_text().replace(
        "file: b.jpg", "file: a.jpg")), 9, "'a.jpg' is listed twice (first on line 4)"),
    (lambda f: (f / "gallery.yaml").write_text((f / "gallery.yaml").read_text().replace(
        "votes: 1\n", "votes: 3\n")), 2, "a.jpg, b.jpg share the most votes; add 'winner: <file>'"),
    (lambda f: (f / "gallery.yaml").write_text((f / "gallery.yaml").read_text().replace(
        "voting: closed\n", "voting: closed\nevent: 2024-02-02-atelier\n")), 3, "there is no event"),
    (lambda f: (f / "gallery.yaml").write_text((f / "gallery.yaml").read_text().replace(
        "voting: closed\n", "voting: clos\n")), 2, "did you mean 'closed'?"),
    (lambda f: (f / "gallery.yaml").write_text((f / "gallery.yaml").read_text().replace(
        "voting: closed\n", "voting: closed\nwinner: b.jpg\n")), 3, "'winner' only settles a tie"),
    (lambda f: (Image.open(f / "a.jpg").save(f / "b.png"), (f / "gallery.yaml").write_text(
        (f / "gallery.yaml").read_text().replace("file: a.jpg", "file: b.png"))), 9,
     "'b.jpg' and 'b.png' (line 4) have the same name"),
])
def test_each_mistake_is_a_problem_on_its_line(site, change, line, message):
    folder = gallery(site)
    change(folder)
    problems = gallery_problems(site, folder)
    assert len(problems) == 1, problems
    assert problems[0].startswith(f"content/sud/galleries/exemple/gallery.yaml:{line}: ") and message in problems[0]


def gallery_problems(site, folder) -> list[str]:
    """Return the problems of a gallery folder, as the gallery reader finds them."""
    path = "content/sud/galleries/exemple/gallery.yaml"
    data = yamlines.load((folder / "gallery.yaml").read_text("utf-8"), path)
    problems = schemas.check(data, gallery_schema(["fr", "nl"]), path)
    return [str(p) for p in problems or check(data, folder, site.root / "content", "sud", ["fr", "nl"], path)]


def test_a_gallery_mistake_reaches_the_build_with_its_line(site):
    folder = gallery(site)
    (folder / "b.jpg").unlink()
    assert site.build().problems == ["content/sud/galleries/exemple/gallery.yaml:9: there is no file 'b.jpg' in "
                                     "this folder"]





@pytest.mark.parametrize(("relative", "message"), [
    ("content/sud/galleries/exemple/gallery.yml", "one gallery.yaml"),
    ("content/region/galleries/exemple/gallery.yaml", "content/<zone>/galleries/<name>/"),
])
def test_a_gallery_file_in_the_wrong_place_is_refused(site, relative, message):
    folder = gallery(site)
    target = site.root / relative
    target.parent.mkdir(parents=True, exist_ok=True)
    (folder / "gallery.yaml").rename(target)
    problems = site.build().problems
    assert len(problems) == 1 and problems[0].startswith(f"{relative}:1: ") and message in problems[0], problems


def test_upper_case_extensions_transparency_and_one_vote(site):
    folder = gallery(site, a=3, b=1)
    Image.new("RGBA", (900, 600), (0, 0, 0, 0)).save(folder / "b.PNG")
    (folder / "b.jpg").unlink()
    (folder / "gallery.yaml").write_text((folder / "gallery.yaml").read_text().replace("b.jpg", "b.PNG"), "utf-8")
    run = site.build()
    with Image.open(run.output / "photos/exemple/b-480.jpg") as image:
        assert image.getpixel((10, 10)) == (255, 255, 255)  # transparent became white, not black
    fr = run.page("photos/exemple").get_text(" ")
    nl = site.build(lang="nl").page("photos/exemple").get_text(" ")
    assert "1 vote (25\xa0%)" in fr and "3 votes (75\xa0%)" in fr
    assert "1 stem (25%)" in nl and "4 stemmen in totaal." in nl


def test_a_photo_not_listed_is_a_warning_in_the_preview_and_a_problem_in_production(site):
    folder = gallery(site, voting="open")
    photo_with_metadata(folder / "extra.jpg")
    (folder / "._a.jpg").write_bytes(b"")  # what macOS leaves: not a photo
    (folder / "gallery.yaml~").write_bytes(b"")  # an editor's backup
    (folder / "votes.xlsx").write_bytes(b"PK")
    expected = ["content/sud/galleries/exemple/gallery.yaml:3: 'extra.jpg' is in this gallery's folder but not "
                "listed under 'photos:', so it is not shown; add it (file, title, alt, credit, votes), or move it out "
                "of the folder",
                "content/sud/galleries/exemple/gallery.yaml:3: 'votes.xlsx' is in this gallery's folder, which holds "
                "only its photos and gallery.yaml; move it out of content/"]
    preview = site.build()
    assert preview.problems == [] and [str(w) for w in preview.result.warnings] == expected
    assert (preview.output / "photos/exemple/index.html").is_file()
    assert site.build(publish=True).problems == expected
