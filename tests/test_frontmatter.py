"""Content files: front matter checked field by field; every problem with its file and line."""

from __future__ import annotations

import pytest

from conftest import build_into
from zonesites.problems import ProblemsError


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
        ("content/sud/pages/e.fr.md:", "check the indentation"),
    ]
    for prefix, fragment in expected:
        assert any(p.startswith(prefix) and fragment in p for p in problems), (prefix, fragment, problems)


def test_a_file_in_an_unknown_language_is_refused(project, tmp_path):
    write(project, "content/sud/pages/x.en.md", "---\ntitle: English\n---\nText\n")
    problems = build_problems(project, tmp_path)
    assert any(p.startswith("content/sud/pages/x.en.md:1: ") and "'en' is not a language" in p for p in problems)


def test_a_badly_named_file_is_refused(project, tmp_path):
    write(project, "content/sud/pages/notes.md", "---\ntitle: Notes\n---\nText\n")
    problems = build_problems(project, tmp_path)
    assert any(p.startswith("content/sud/pages/notes.md:1: ") and "<name>.<language>.md" in p for p in problems)


def test_a_file_in_another_format_is_refused(project, tmp_path):
    write(project, "content/sud/pages/notes.markdown", "Title: Notes\n\nText\n")
    problems = build_problems(project, tmp_path)
    assert any(p.startswith("content/sud/pages/notes.markdown:1: ") and "only Markdown files named" in p
               for p in problems)


def test_a_text_line_that_looks_like_a_field_stays_text(project, tmp_path):
    for lang in ("fr", "nl"):
        write(project, f"content/sud/pages/note.{lang}.md", "---\ntitle: Note\n---\nNote: à lire.\n\nSuite.\n")
    built = build_into(tmp_path / "out", project / "pelicanconf.py", zone="sud")
    text = (built.output / "bassin-sud.brussels/note/index.html").read_text("utf-8")
    assert "<p>Note: à lire.</p>" in text
