"""The staff's guides (docs/guide.fr.md, docs/handleiding.nl.md) as pages beside the preview portal:
<output>/guide/<name>.html with their screenshots (docs/screenshots/, taken by the editor's browser
tests). They are outside every web root: the portal links them, no site does."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from markdown import Markdown

DOCS = "docs"
GUIDES = {"fr": "guide.fr.md", "nl": "handleiding.nl.md"}  # by the staff's language
SCREENSHOTS = "screenshots"  # docs/screenshots/: make guide-screenshots writes them
FOLDER = "guide"  # <output>/guide/
STYLE = Path(__file__).parent / "templates" / "guide.css"
PAGE = """<!doctype html>
<html lang="{lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>{title}</title>
<link rel="stylesheet" href="guide.css">
</head>
<body>
<main>
{body}
</main>
</body>
</html>
"""


def page_name(source: str) -> str:
    """Return the name of a guide's page: guide.fr.md -> guide.fr.html."""
    return source.removesuffix(".md") + ".html"


def render(text: str, lang: str) -> str:
    """Return a guide (Markdown) as an HTML page; links to the other guide follow it."""
    body = Markdown(extensions=["extra", "toc", "sane_lists"], output_format="html5").convert(text)
    for source in GUIDES.values():
        body = body.replace(f'href="{source}', f'href="{page_name(source)}')
    title = re.search(r"<h1[^>]*>(.*?)</h1>", body)
    return PAGE.format(lang=lang, title=re.sub("<[^>]+>", "", title[1]) if title else "", body=body)


def write_guides(root: Path, output: Path) -> list[str]:
    """Write the guides that docs/ holds into <output>/guide/; return their page names."""
    docs, written = root / DOCS, []
    folder = output / FOLDER
    shutil.rmtree(folder, ignore_errors=True)
    for lang, source in GUIDES.items():
        if (docs / source).is_file():
            folder.mkdir(parents=True, exist_ok=True)
            (folder / page_name(source)).write_text(render((docs / source).read_text("utf-8"), lang), "utf-8")
            written.append(page_name(source))
    if written:
        shutil.copy2(STYLE, folder / STYLE.name)
        if (docs / SCREENSHOTS).is_dir():
            shutil.copytree(docs / SCREENSHOTS, folder / SCREENSHOTS)
    return written
