"""Compile the theme's gettext catalogs (.po -> .mo), refusing untranslated or fuzzy entries."""

from __future__ import annotations

from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from .problems import Problem, shown


def problems_of(po_path: Path, name: str) -> tuple[list[Problem], object]:
    """Return the problems of one catalog and the catalog itself."""
    with po_path.open("rb") as handle:
        catalog = read_po(handle)
    problems = []
    for message in catalog:
        if not message.id:
            continue
        line = getattr(message, "lineno", None) or 1
        if message.fuzzy:
            problems.append(Problem(name, line, f"the translation of '{message.id}' is marked fuzzy; "
                                                 "check it and remove the '#, fuzzy' line"))
        elif not message.string or (isinstance(message.string, tuple) and not all(message.string)):
            problems.append(Problem(name, line, f"'{message.id}' has no translation; fill in its msgstr"))
    return problems, catalog


def compile_all(folder: Path, root: Path) -> list[Problem]:
    """Compile every <lang>/LC_MESSAGES/*.po under folder that changed; return its problems."""
    problems = []
    for po_path in sorted(folder.glob("*/LC_MESSAGES/*.po")):
        found, catalog = problems_of(po_path, shown(po_path, root))
        problems += found
        mo_path = po_path.with_suffix(".mo")
        if not found and (not mo_path.exists() or mo_path.stat().st_mtime < po_path.stat().st_mtime):
            with mo_path.open("wb") as handle:
                write_mo(handle, catalog)
    return problems
