"""Content files: front matter checked field by field, page text checked against the content policy;
every problem with its file and line. The policy and the names are pure functions, tested on their
own; small site builds check that problems reach the build with their file and line."""

from __future__ import annotations

from pathlib import Path, PurePosixPath

import pytest

from frontmatter.frontmatter import name_problem
from zonelib import policy
from zonelib.content import ContentTree
from zonesites.layout import layout_problems

PAGE = "---\ntitle: {title}\n---\n{body}\n"


def test_every_content_problem_is_reported_with_its_line(site):
    site.write("content/sud/pages/a.fr.md", "---\ntitle: A\nsumary: oops\nmenu: first\n---\nText\n")
    site.write("content/sud/pages/a.nl.md", "---\ntitle: A\nslug: Met Spaties\n---\n\n# Titel\n")
    site.write("content/sud/pages/b.fr.md", "---\ntitle: B\n")
    site.write("content/sud/pages/c.fr.md", "title: C\n\nText\n")
    site.write("content/sud/pages/d.fr.md", "---\nsummary: no title\n---\nText\n")
    site.write("content/sud/pages/e.fr.md", "---\ntitle: [unclosed\n---\nText\n")
    problems = site.build().problems
    expected = [
        ("content/sud/pages/a.fr.md:3: ", "unknown key 'sumary' (did you mean 'summary'?)"),
        ("content/sud/pages/a.fr.md:4: ", "'menu' should be a whole number"),
        ("content/sud/pages/a.nl.md:3: ", "'slug' is 'Met Spaties', which is not lowercase"),
        ("content/sud/pages/a.nl.md:6: ", "use '##'"),
        ("content/sud/pages/b.fr.md:1: ", "never closed"),
        ("content/sud/pages/c.fr.md:1: ", "must start with a line '---'"),
        ("content/sud/pages/d.fr.md:2: ", "'title' is missing"),
        ("content/sud/pages/e.fr.md:2: ", "opened with '[' or '{' is never closed"),
    ]
    for prefix, fragment in expected:
        assert any(p.startswith(prefix) and fragment in p for p in problems), (prefix, fragment, problems)
    assert len(problems) == len(expected), problems  # one problem per cause, nothing about other files


@pytest.mark.parametrize(("relative", "message"), [
    ("sud/pages/x.en.md", "'en' is not a language of the sites; name the file x.fr.md / x.nl.md"),
    ("sud/pages/x.frr.md", "(did you mean 'fr'?)"),
    ("sud/pages/notes.md", "is named <name>.<language>.md"),
    ("sud/pages/a.b.fr.md", "is named <name>.<language>.md"),
    ("sud/pages/À propos.fr.md", "rename the file like a-propos.fr.md"),
    ("sud/pages/Contact.fr.md", "rename the file like contact.fr.md"),
    ("sud/lost.fr.md", "content files go in content/<region or zone>/<type>/"),
])
def test_a_file_name_a_site_cannot_publish_is_refused_with_the_fix(relative, message):
    problem = name_problem(PurePosixPath(relative), ["fr", "nl"])
    assert problem and message in problem, problem


def test_good_file_names_pass():
    for relative in ("sud/pages/about.fr.md", "region/agenda/2024-03-14-inter-zogab.nl.md", "sud/pages/404.fr.md"):
        assert name_problem(PurePosixPath(relative), ["fr", "nl"]) is None


@pytest.mark.parametrize(("relative", "message"), [
    ("sud-oest/pages/lost.fr.md", "did you mean 'sud-est'?"),
    ("sud/page/lost.fr.md", "did you mean 'pages'?"),
    ("lost.fr.md", "not in a content folder"),
])
def test_a_file_no_site_would_read_is_reported_not_skipped(tmp_path, relative, message):
    content = tmp_path / "content"
    (content / relative).parent.mkdir(parents=True)
    (content / relative).write_text(PAGE.format(title="Lost", body="Text"), "utf-8")
    problems = [str(p) for p in layout_problems(content, tmp_path, ["sud", "sud-est"], ["pages", "agenda"], [".*"])]
    assert len(problems) == 1 and problems[0].startswith(f"content/{relative}:1: ") and message in problems[0], problems


class Tree:
    """A content folder in memory, for the policy: files and what they are."""

    def __init__(self, files: dict[str, str], addresses: dict | None = None):
        self.files, self.addresses = files, addresses or {}

    def state(self, relative):
        return self.files.get(relative)

    def names(self):
        return list(self.files)

    def page_at(self, zone, lang, address):
        return self.addresses.get((zone, lang, address)) or self.addresses.get(("region", lang, address))


TREE = Tree({"region/pages/helpdesk.fr.md": policy.PUBLISHED, "region/pages/helpdesk.nl.md": policy.PUBLISHED,
             "sud/pages/about.fr.md": policy.PUBLISHED, "region/pages/draft.fr.md": policy.DRAFT},
            {("region", "fr", "helpdesk"): "region/pages/helpdesk.fr.md",
             ("sud", "fr", "a-propos"): "sud/pages/about.fr.md",
             ("nord", "fr", "a-propos"): "nord/pages/about.fr.md"})
LEGAL = PurePosixPath("region/pages/legal.fr.md")


@pytest.mark.parametrize(("link", "message"), [
    ("../../sud/pages/about.fr.md", "goes to one zone's page"),
    ("/region/pages/helpdesk.nl.md", "goes to the 'nl' version"),
    ("/region/pages/helpdesks.fr.md", "leads to no file (did you mean 'region/pages/helpdesk.fr.md'?)"),
    ("../../../pelicanconf.py", "leads to no file"),
    ("draft.fr.md", "goes to a draft"),
])
def test_internal_links_are_checked(link, message):
    problem = policy.link_problem(link, LEGAL, TREE)
    assert problem and message in problem, problem


def test_a_good_internal_link_passes():
    assert policy.link_problem("helpdesk.fr.md", LEGAL, TREE) is None
    assert policy.link_problem("/region/pages/helpdesk.fr.md", PurePosixPath("sud/pages/x.fr.md"), TREE) is None


SITES = {"bassin-sud.brussels": ("sud", "fr"), "bassin-nord.brussels": ("nord", "fr")}


@pytest.mark.parametrize(("url", "source", "message"), [
    ("https://bassin-sud.brussels/helpdesk/", LEGAL, "link to its file instead: [text]({filename}/region/pages/helpdesk.fr.md)"),
    ("http://localhost:8000/bassin-sud.brussels/helpdesk/", LEGAL, "{filename}/region/pages/helpdesk.fr.md"),
    ("http://bassin-sud.brussels.localhost:8000/a-propos/", PurePosixPath("sud/pages/x.fr.md"),
     "{filename}/sud/pages/about.fr.md"),
    ("http://localhost:8000/", LEGAL, "goes to the preview on this computer"),
    ("https://bassin-nord.brussels/a-propo/", PurePosixPath("sud/pages/x.fr.md"), "leads to no page of that site"),
])
def test_links_to_the_sites_own_addresses_are_turned_into_file_links(url, source, message):
    problem = policy.web_link_problem(url, source, SITES, TREE)
    assert problem and message in problem, problem


def test_links_to_other_sites_and_to_another_zones_page_pass():
    assert policy.web_link_problem("https://www.brusano.brussels/", LEGAL, SITES, TREE) is None
    assert policy.web_link_problem("https://bassin-nord.brussels/a-propos/", PurePosixPath("sud/pages/x.fr.md"),
                                   SITES, TREE) is None


@pytest.mark.parametrize(("text", "message"), [
    ("<script>alert(1)</script>", "<script> is not allowed"),
    ('<iframe src="https://example.org"></iframe>', "<iframe> is not allowed"),
    ('<span onclick="x()">a</span>', "has attributes that are not allowed"),
    ('<span style="color:red">a</span>', "has attributes that are not allowed"),
    ("[click](javascript:alert(1))", "'javascript:' link is not allowed"),
    ("![](photo.jpg)", "an image without alt text"),
    ("![Le marché](photo.jpg)", "images in page text are not published"),
    ("[le contact](/contact/)", "the link to '/contact/' is not checked"),
    ("[le contact](../contact/index.html)", "link to the page's file instead"),
])
def test_raw_html_outside_the_allow_list_is_refused(text, message):
    problems = policy.html_problems(text)
    assert len(problems) == 1 and message in problems[0], problems


@pytest.mark.parametrize("text", [
    'Le <abbr title="groupe d\'appui">ZOGAB</abbr> et <span lang="nl">zorgzone</span>.',
    "Une ligne<br>et une autre, H<sub>2</sub>O, m<sup>2</sup>, <small>note</small>.",
    "[Brusano](https://www.brusano.brussels) et [nous écrire](mailto:info@bassin-sud.brussels)",
])
def test_allowed_text_passes(text):
    assert policy.html_problems(text) == []


def test_code_blocks_are_left_alone_and_other_lines_keep_their_numbers():
    body = "Texte\n\n```\n<script>x</script>\n# titre\n```\n<script>y</script>\n"
    problems = policy.body_problems(body, 5, "x.fr.md", LEGAL, TREE, SITES)
    assert [str(p) for p in problems] == [
        "x.fr.md:11: <script> is not allowed in page text (only abbr, br, small, span, sub, sup); write it in "
        "Markdown, or ask for a template"]


@pytest.mark.parametrize(("download", "head", "size", "message"), [
    ("report.exe", b"MZ", 10, "cannot be offered for download"),
    ("report.pdf", b"<html>", 10, "is not really a .pdf file"),
    ("report.pdf", b"%PDF-1.7", 60_000_000, "too much for visitors on a phone"),
])
def test_downloads_must_be_documents_that_are_what_they_say(download, head, size, message):
    problem = policy.download_problem(download, head, size)
    assert problem and message in problem, problem
    assert policy.download_problem("onepager.pdf", b"%PDF-1.7", 200_000) is None


def test_the_content_tree_knows_files_drafts_and_addresses(tmp_path):
    content = tmp_path / "content"
    for relative, text in {"region/pages/helpdesk.fr.md": "---\ntitle: H\n---\nslug: not-this\n",
                           "sud/pages/about.fr.md": "---\ntitle: À propos\nslug: a-propos\n---\n",
                           "region/pages/about.fr.md": "---\ntitle: À propos\nslug: a-propos\n---\n",
                           "region/agenda/x.fr.md": "---\ntitle: X\nslug: rencontre\nstatus: draft\n---\n",
                           "region/pages/index.fr.md": "---\ntitle: Accueil\n---\n"}.items():
        (content / relative).parent.mkdir(parents=True, exist_ok=True)
        (content / relative).write_text(text, "utf-8")
    tree = ContentTree(content, {"pages": "{slug}/", "agenda": "agenda/{slug}/"}, {"pages/index": ""})
    assert tree.state("region/agenda/x.fr.md") == policy.DRAFT
    assert tree.state("region/pages/helpdesk.fr.md") == policy.PUBLISHED
    assert tree.state("region/pages/nothing.fr.md") is None
    assert tree.page_at("sud", "fr", "helpdesk") == "region/pages/helpdesk.fr.md"  # the slug of the body is text
    assert tree.page_at("sud", "fr", "a-propos") == "sud/pages/about.fr.md"  # the zone's own page first
    assert tree.page_at("nord", "fr", "a-propos") == "region/pages/about.fr.md"
    assert tree.page_at("sud", "fr", "") == "region/pages/index.fr.md"
    assert tree.page_at("sud", "fr", "agenda/rencontre") is None  # a draft has no page


def test_links_are_checked_in_the_build_with_their_line(site):
    site.both("content/region/pages/draft", "---\ntitle: Brouillon\nstatus: draft\n---\nTexte\n",
              "---\ntitle: Ontwerp\nstatus: draft\n---\nTekst\n")
    site.both("content/region/pages/links", "---\ntitle: Liens\n---\nTexte\n\n[brouillon]({filename}draft.fr.md)\n"
              "[ici](https://bassin-sud.brussels/)\n", "---\ntitle: Links\n---\nTekst\n")
    assert site.build().problems == [
        "content/region/pages/links.fr.md:6: the link to 'draft.fr.md' goes to a draft, which is not published; "
        "remove the link or publish the page",
        "content/region/pages/links.fr.md:7: the link to 'https://bassin-sud.brussels/' goes to the page of "
        "region/pages/index.fr.md by its address, which breaks when the address changes; link to its file "
        "instead: [text]({filename}/region/pages/index.fr.md)"]


def test_text_from_content_is_escaped_in_the_page(site):
    site.both("content/sud/pages/q", '---\ntitle: R&D <i>ok</i>\nsummary: Le "bassin" & co\n---\nText\n',
              "---\ntitle: Q\n---\nText\n")
    html = (site.build().output / "q/index.html").read_text("utf-8")
    assert '<meta name="description" content="Le &#34;bassin&#34; &amp; co">' in html
    assert "<h1>R&amp;D &lt;i&gt;ok&lt;/i&gt;</h1>" in html


def test_a_draft_twin_is_reported_as_a_draft(site):
    site.both("content/sud/pages/half", "---\ntitle: Moitié\nuntranslated: true\n---\nTexte\n",
              "---\ntitle: Half\nstatus: draft\n---\nTekst\n")
    run = site.build(lang="nl")
    assert [str(m) for m in run.result.missing] == [
        "content/sud/pages/half.fr.md: its 'nl' twin half.nl.md is still a draft"]
    assert not (run.output / "drafts").exists() and run.problems == []


def test_a_text_line_that_looks_like_a_field_stays_text_and_allowed_html_is_kept(site):
    site.both("content/sud/pages/note", "---\ntitle: Note\n---\nNote: à lire.\n\nLe <abbr title=\"groupe d'appui\">"
              "ZOGAB</abbr> et <span lang=\"nl\">zorgzone</span>.\n", "---\ntitle: Note\n---\nNota.\n")
    html = (site.build().output / "note/index.html").read_text("utf-8")
    assert "<p>Note: à lire.</p>" in html
    assert '<abbr title="groupe d\'appui">ZOGAB</abbr> et <span lang="nl">zorgzone</span>' in html


def test_two_pages_at_one_address_name_both_files(site):
    site.both("content/region/pages/contact", "---\ntitle: Contact\n---\nTexte\n", "---\ntitle: Contact\n---\nTekst\n")
    site.both("content/sud/pages/copy", "---\ntitle: Copie\nslug: contact\n---\nTexte\n",
              "---\ntitle: Kopie\nslug: contact\n---\nTekst\n")
    assert site.build().problems == [
        "content/sud/pages/copy.fr.md:3: this page has the same address (contact/) as "
        "content/region/pages/contact.fr.md; give one of them another 'slug'"]


def test_a_file_in_another_format_is_refused_once(site):
    site.write("content/sud/pages/notes.markdown", "Title: Notes\n\nText\n")
    assert site.build().problems == [
        "content/sud/pages/notes.markdown:1: only Markdown files named <name>.<language>.md are read; rename this "
        "file or move it out of content/"]


def test_a_relative_path_on_the_command_line_still_names_files_from_the_project(site):
    site.both("content/sud/pages/p", "---\ntitle: P\nmenu: x\n---\nT\n", "---\ntitle: P\n---\nT\n")
    assert site.build().problems[0].startswith("content/sud/pages/p.fr.md:3: ")
    assert Path(site.root / "content/sud/pages/p.fr.md").is_file()
