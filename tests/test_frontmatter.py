"""Content files: front matter checked field by field; every problem with its file and line."""

from __future__ import annotations

import pytest

from conftest import build_into
from zonelib.problems import ProblemsError


def build_problems(project, tmp_path) -> list[str]:
    with pytest.raises(ProblemsError) as error:
        build_into(tmp_path / "out", project / "pelicanconf.py", zone="sud")
    return [str(problem) for problem in error.value.problems]


def write(project, relative: str, text: str) -> None:
    (project / relative).write_text(text, encoding="utf-8")


def test_every_content_problem_is_reported_with_its_line(project, tmp_path):
    write(project, "content/sud/pages/a.fr.md", "---\ntitle: A\nsumary: oops\nmenu: first\n---\nText\n")
    write(project, "content/sud/pages/a.nl.md", "---\ntitle: A\nslug: Met Spaties\n---\n\n# Titel\n")
    write(project, "content/sud/pages/b.fr.md", "---\ntitle: B\n")
    write(project, "content/sud/pages/c.fr.md", "title: C\n\nText\n")
    write(project, "content/sud/pages/d.fr.md", "---\nsummary: no title\n---\nText\n")
    write(project, "content/sud/pages/e.fr.md", "---\ntitle: [unclosed\n---\nText\n")
    problems = build_problems(project, tmp_path)
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


@pytest.mark.parametrize(("relative", "text", "message"), [
    ("content/sud/pages/x.en.md", "---\ntitle: English\n---\nText\n", "'en' is not a language"),
    ("content/sud/pages/notes.md", "---\ntitle: Notes\n---\nText\n", "<name>.<language>.md"),
    ("content/sud/pages/notes.markdown", "Title: Notes\n\nText\n", "only Markdown files named"),
    ("content/sud-oest/pages/lost.fr.md", "---\ntitle: Lost\n---\nText\n", "did you mean 'sud-est'?"),
    ("content/sud/page/lost.fr.md", "---\ntitle: Lost\n---\nText\n", "did you mean 'pages'?"),
    ("content/lost.fr.md", "---\ntitle: Lost\n---\nText\n", "not in a content folder"),
])
def test_a_file_no_site_would_read_is_reported_not_skipped(project, tmp_path, relative, text, message):
    (project / relative).parent.mkdir(parents=True, exist_ok=True)
    write(project, relative, text)
    problems = build_problems(project, tmp_path)
    assert any(p.startswith(f"{relative}:1: ") and message in p for p in problems), problems


def assert_refused_on_its_line(project, tmp_path, text: str, message: str) -> None:
    """Add a line of text to the regional legal page; the build must refuse it on that line."""
    legal = project / "content/region/pages/legal.fr.md"
    legal.write_text(legal.read_text("utf-8") + f"\n{text}\n", "utf-8")
    line = len(legal.read_text("utf-8").splitlines())
    problems = build_problems(project, tmp_path)
    assert any(p.startswith(f"content/region/pages/legal.fr.md:{line}: ") and message in p for p in problems), problems


@pytest.mark.parametrize(("link", "message"), [
    ("{filename}../../sud/pages/about.fr.md", "goes to one zone's page"),
    ("{filename}/region/pages/helpdesk.nl.md", "goes to the 'nl' version"),
    ("{filename}/region/pages/nowhere.fr.md", "leads to no file"),
    ("{filename}../../../pelicanconf.py", "leads to no file"),
    ("{filename}draft.fr.md", "goes to a draft"),
])
def test_internal_links_are_checked_with_their_line(project, tmp_path, link, message):
    write(project, "content/region/pages/draft.fr.md", "---\ntitle: Brouillon\nstatus: draft\n---\nText\n")
    write(project, "content/region/pages/draft.nl.md", "---\ntitle: Ontwerp\nstatus: draft\n---\nTekst\n")
    assert_refused_on_its_line(project, tmp_path, f"[lien]({link})", message)


def test_text_from_content_is_escaped_in_the_page(project, tmp_path):
    for lang in ("fr", "nl"):
        write(project, f"content/sud/pages/q.{lang}.md",
              '---\ntitle: R&D <i>ok</i>\nsummary: Le "bassin" & co\n---\nText\n')
    built = build_into(tmp_path / "out", project / "pelicanconf.py", zone="sud")
    html = (built.output / "bassin-sud.brussels/q/index.html").read_text("utf-8")
    assert '<meta name="description" content="Le &#34;bassin&#34; &amp; co">' in html
    assert "<h1>R&amp;D &lt;i&gt;ok&lt;/i&gt;</h1>" in html


def test_a_draft_twin_is_reported_as_a_draft(project, tmp_path):
    write(project, "content/sud/pages/half.fr.md", "---\ntitle: Moitié\nuntranslated: true\n---\nTexte\n")
    write(project, "content/sud/pages/half.nl.md", "---\ntitle: Half\nstatus: draft\n---\nTekst\n")
    built = build_into(tmp_path / "out", project / "pelicanconf.py", zone="sud")
    assert [str(m) for m in built.report.missing] == [
        "content/sud/pages/half.fr.md: its 'nl' twin half.nl.md is still a draft"]
    assert not (built.output / "zorgzone-zuid.brussels/drafts").exists()


def test_a_text_line_that_looks_like_a_field_stays_text(project, tmp_path):
    for lang in ("fr", "nl"):
        write(project, f"content/sud/pages/note.{lang}.md", "---\ntitle: Note\n---\nNote: à lire.\n\nSuite.\n")
    built = build_into(tmp_path / "out", project / "pelicanconf.py", zone="sud")
    text = (built.output / "bassin-sud.brussels/note/index.html").read_text("utf-8")
    assert "<p>Note: à lire.</p>" in text


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
def test_raw_html_outside_the_allow_list_is_refused_with_its_line(project, tmp_path, text, message):
    assert_refused_on_its_line(project, tmp_path, text, message)


def test_allowed_inline_html_is_kept(project, tmp_path):
    for lang in ("fr", "nl"):
        write(project, f"content/sud/pages/h.{lang}.md",
              '---\ntitle: H\n---\nLe <abbr title="groupe d\'appui">ZOGAB</abbr> et <span lang="nl">zorgzone</span>.\n')
    built = build_into(tmp_path / "out", project / "pelicanconf.py", zone="sud")
    html = (built.output / "bassin-sud.brussels/h/index.html").read_text("utf-8")
    assert '<abbr title="groupe d\'appui">ZOGAB</abbr>' in html and '<span lang="nl">zorgzone</span>' in html


def test_two_pages_at_one_address_name_both_files(project, tmp_path):
    for lang in ("fr", "nl"):
        write(project, f"content/sud/pages/copy.{lang}.md", "---\ntitle: Copie\nslug: contact\n---\nTexte\n")
    problems = build_problems(project, tmp_path)
    assert any("has the same address (contact/) as content/region/pages/contact.fr.md" in p
               and p.startswith("content/sud/pages/copy.fr.md:3: ") for p in problems), problems
