"""Problems found in the sources, reported as `path:line: what is wrong`.

A problem's message is a zonelib.messages.Message: English in the code and in tests, written in
the staff's language when the build tool prints it (`in_language`).
"""

from __future__ import annotations

import difflib
import os
from dataclasses import dataclass
from pathlib import Path

from .messages import Message, say

# Names of the `extra` fields that carry findings on log records from the plugins to the build.
PROBLEM = "problem"
WARNING = "warning"
MISSING_TRANSLATION = "missing_translation"
NOT_CONFIRMED = "not_confirmed"
COUNT = "count"
LATER = "later"


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong in one source file."""

    path: str
    line: int
    message: str

    def __str__(self) -> str:
        return self.in_language(str)

    def in_language(self, translate) -> str:
        """Return the problem as `path:line: message`, its message passed through translate."""
        message = translate(self.message)
        return f"{self.path}:{self.line}: {message}" if self.line else f"{self.path}: {message}"


@dataclass(frozen=True, order=True)
class MissingTranslation:
    """A page that has no twin in one language (visitors see a notice meanwhile)."""

    source: str
    lang: str
    expected: str
    draft: bool = False
    pending: bool = False  # the page does not say `untranslated: true`: allowed in a preview only

    def __str__(self) -> str:
        return f"{self.source}: {self.message}"

    @property
    def message(self) -> Message:
        if self.draft:
            return say("its '%(lang)s' twin %(file)s is still a draft", lang=self.lang, file=self.expected)
        return say("no '%(lang)s' translation yet (write %(file)s)", lang=self.lang, file=self.expected)


@dataclass(frozen=True, order=True)
class NotConfirmed(Problem):
    """A fact the sources say is not confirmed yet (zonelib.facts): written like a problem, with its
    line, but listed for the staff after the build instead of stopping it."""


class ProblemsError(Exception):
    """Raised when a source has problems; carries all of them, not only the first."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(set(problems))
        super().__init__("\n".join(str(p) for p in self.problems))


def did_you_mean(word: str, choices) -> str:
    """Return ' (did you mean …?)' for the closest choice, or ''."""
    close = difflib.get_close_matches(str(word), [str(c) for c in choices], n=1, cutoff=0.6)
    return say(" (did you mean '%(word)s'?)", word=close[0]) if close else ""


def shown(path: Path, root: Path) -> str:
    """Return path as staff see it: relative to the project when inside it (a link is named where it
    is, not where it leads)."""
    path = Path(os.path.abspath(path))
    for base in (Path(os.path.abspath(root)), Path(root).resolve()):
        for form in (path, path.parent.resolve() / path.name):
            if form.is_relative_to(base):
                return form.relative_to(base).as_posix()
    return str(path)


def log(logger, finding: Problem | MissingTranslation | NotConfirmed) -> None:
    """Log a finding so that the build collects it (problems as errors, the rest as info)."""
    if isinstance(finding, NotConfirmed):
        logger.info("%s", finding, extra={NOT_CONFIRMED: finding})
    elif isinstance(finding, Problem):
        logger.error("%s", finding, extra={PROBLEM: finding})
    else:
        logger.info("%s", finding, extra={MISSING_TRANSLATION: finding})


def warn(logger, problem: Problem) -> None:
    """Log something to finish that does not stop the build (listed after it, shown in the preview)."""
    logger.info("%s", problem, extra={WARNING: problem})


def count(logger, name: str, amount: int) -> None:
    """Log an amount of work done (like images encoded) that the build adds up and reports."""
    logger.info("%s: %d", name, amount, extra={COUNT: (name, amount)})


def later(logger, task, **arguments) -> None:
    """Log work a site asks the build tool to do once the site is in place and shown (the preview):
    task(web root, its manifest, **arguments), a function of the library that returns a list of
    problems."""
    logger.info("%s later", task.__name__, extra={LATER: (task, arguments)})
