"""YAML loading that remembers the line of every key and list item, in bounded time and memory.

Whatever a file holds, loading it ends quickly with data or with problems: before building anything,
the parser's events are counted, so that deep nesting (which would crash the C parser's composer)
and aliases that multiply a block again and again (a few lines expanding to billions of values)
are refused with their line.
"""

from __future__ import annotations

import re

import yaml

from pathlib import Path

from .content import read_text
from .messages import say
from .problems import Problem, ProblemsError, shown


class Map(dict):
    """A mapping read from YAML; `line` is where it starts, `lines[key]` where each key is."""

    line: int = 1

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.lines: dict = {}


class Seq(list):
    """A list read from YAML; `line` is where it starts, `lines[i]` where each item is."""

    line: int = 1

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.lines: list[int] = []


MAX_DEPTH = 32  # blocks inside blocks; the deepest file of the project has 6
MAX_VALUES = 100_000  # values once every alias is expanded; zones.yaml has about 1,000
MAX_CHARACTERS = 1_000_000  # a data file or front matter of more than a million characters is a mistake

# libyaml's parser (about ten times faster) when PyYAML was built with it, which its wheels are.
_BASE = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _LineLoader(_BASE):
    """A safe loader that builds Map/Seq with the lines of a file and records duplicate keys."""

    def __init__(self, text: str, path: str, first_line: int):
        super().__init__(text)
        self.path, self.offset, self.problems = path, first_line - 1, []

    def construct_mapping(self, node, deep=False):
        self.flatten_mapping(node)
        result = Map()
        result.line = node.start_mark.line + 1 + self.offset
        for key_node, value_node in node.value:
            key = self.construct_object(key_node, deep=True)
            line = key_node.start_mark.line + 1 + self.offset
            if key in result:
                self.problems.append(Problem(
                    self.path, line,
                    say("'%(key)s' is written twice in the same block (first on line %(first)d); keep only one",
                        key=key, first=result.lines[key])))
                continue
            result[key] = self.construct_object(value_node, deep=True)
            result.lines[key] = line
        return result

    def construct_sequence(self, node, deep=False):
        result = Seq()
        result.line = node.start_mark.line + 1 + self.offset
        for child in node.value:
            result.append(self.construct_object(child, deep=True))
            result.lines.append(child.start_mark.line + 1 + self.offset)
        return result

    def construct_yaml_timestamp(self, node):
        try:
            return super().construct_yaml_timestamp(node)
        except ValueError:  # 2024-03-32: kept as text, which the schema then refuses with its line
            return self.construct_scalar(node)


_LineLoader.add_constructor("tag:yaml.org,2002:timestamp", _LineLoader.construct_yaml_timestamp)
_LineLoader.add_constructor("tag:yaml.org,2002:map", _LineLoader.construct_mapping)
_LineLoader.add_constructor("tag:yaml.org,2002:seq", _LineLoader.construct_sequence)


_OPEN = (yaml.MappingStartEvent, yaml.SequenceStartEvent)
_CLOSE = (yaml.MappingEndEvent, yaml.SequenceEndEvent)


def size_problem(text: str, path: str, first_line: int = 1) -> Problem | None:
    """Return why text is too big or too deep to load, or None; stops at the first event past a limit."""
    if len(text) > MAX_CHARACTERS:
        return Problem(path, first_line, say("this block is %(size)d characters long, more than the %(most)d a "
                                             "data file may have; it is probably not the file you meant to "
                                             "save here", size=len(text), most=MAX_CHARACTERS))
    depth, values, sizes, open_blocks = 0, 0, {}, []  # sizes: expanded values under each anchor
    for event in yaml.parse(text, Loader=_BASE):
        line = event.start_mark.line + first_line
        if isinstance(event, yaml.AliasEvent):
            if any(anchor == event.anchor for anchor, _ in open_blocks):
                return Problem(path, line, say("'*%(name)s' repeats the block it stands in, which would never "
                                               "end; repeat another block", name=event.anchor))
            values += sizes.get(event.anchor, 1)
        elif isinstance(event, (*_OPEN, yaml.ScalarEvent)):
            values += 1
            if isinstance(event, _OPEN):
                depth += 1
                open_blocks.append((event.anchor, values))
                if depth > MAX_DEPTH:
                    return Problem(path, line, say("blocks are nested more than %(most)d levels deep here; check "
                                                   "the indentation and the brackets", most=MAX_DEPTH))
            elif event.anchor:
                sizes[event.anchor] = 1
        elif isinstance(event, _CLOSE):
            depth -= 1
            anchor, at_start = open_blocks.pop()
            if anchor:
                sizes[anchor] = values - at_start + 1
        if values > MAX_VALUES:
            return Problem(path, line, say("once its aliases (*name) are expanded, this file holds more than "
                                           "%(most)d values; repeat less through aliases", most=MAX_VALUES))
    return None


def load(text: str, path: str, first_line: int = 1):
    """Parse YAML text into Map/Seq values; raise ProblemsError with lines on any problem."""
    try:
        problem = size_problem(text, path, first_line)
    except yaml.MarkedYAMLError:
        problem = None  # loading below says what is wrong, with its line
    if problem:
        raise ProblemsError([problem])
    loader = _LineLoader(text, path, first_line)
    try:
        data = loader.get_single_data()
    except yaml.MarkedYAMLError as error:
        starts = error.context and any(word in error.context for word in ("quoted scalar", "simple key", "flow"))
        mark = (error.context_mark if starts else None) or error.problem_mark or error.context_mark
        line = (mark.line + first_line) if mark else first_line
        raise ProblemsError([Problem(path, line, plain_words(error, text))]) from None
    finally:
        loader.dispose()
    if loader.problems:
        raise ProblemsError(loader.problems)
    return data


QUOTED_START = re.compile(r"""^\s*(- )?[\w-]+:\s*(["']).*\2\s*$""")  # key: "text" (and then more)


def load_file(file: Path, root: Path | None = None) -> tuple[str, object]:
    """Read and parse a data file; return (its path as staff see it, relative to root, and its data).
    Raise ProblemsError with the line of any problem."""
    path = shown(Path(file), root) if root else str(file)
    try:
        text = read_text(Path(file), path)
    except OSError as error:
        raise ProblemsError([Problem(path, 1, say("cannot read the file: %(why)s", why=error.strerror))]) from None
    return path, load(text, path)


def plain_words(error: yaml.MarkedYAMLError, text: str) -> str:
    """Say what a YAML parser error means for someone who has never heard of YAML."""
    mark = error.problem_mark or error.context_mark
    lines = text.splitlines()
    row = lines[mark.line] if mark and mark.line < len(lines) else ""
    column = mark.column if mark else 0
    found = row[column:column + 1]
    problem, context = error.problem or "", error.context or ""
    if "\t" in row[:column + 1] or "tab" in problem:
        return say("there is a tab at the start of this line; blocks are indented with spaces only: "
                   "replace the tab by two spaces")
    if "mapping values are not allowed" in problem:
        above = next((line for line in reversed(lines[:mark.line]) if line.strip()), "") if mark else ""
        indent = len(row) - len(row.lstrip(" "))
        if row.find(":") == column and indent > len(above) - len(above.lstrip(" ")):
            return say("this line starts further right than the line above it, as if it continued its text; start "
                       "it where the key above starts (or two spaces further, under a key that opens a block)")
        return say("this line has a second ':' in its text; put the text after the key in double quotes, "
                   "like title: \"Réunion : bilan\"")
    if "did not find expected key" in problem and QUOTED_START.match(row[:column]):
        return say("a text that starts with a quote must end with it; put the whole text in double quotes, with "
                   "« » or ’ inside it, like title: \"« Réunion » bilan\"")
    if "cannot start any token" in problem and found:
        return say("a text cannot start with '%(character)s'; put the whole text in double quotes",
                   character=found)
    if "quoted scalar" in context:
        return say("a text opened with a quote is never closed; add the closing quote on the same line")
    if "undefined alias" in problem:
        return say("'*' names a block marked with '&' that does not exist; write the text itself")
    if "another document" in problem:
        return say("a second '---' line starts another block; remove it or put it in the text below the "
                   "front matter")
    if "flow" in context:
        return say("a list or block opened with '[' or '{' is never closed on this line or the lines "
                   "before; add the closing ']' or '}'")
    if "expected ':'" in problem:
        return say("this line is neither 'key: value' nor the continuation of a text in quotes; add the "
                   "':' after the key, or put the previous text in double quotes")
    return say("this line is not indented like the other lines of its block: give it the same number of "
               "spaces as the line above it (two more under a key that opens a block)")


TRAILING_COMMENT = re.compile(r"""^\s*(?:- )?[A-Za-z_][\w-]*:[ \t]+(?!["'#|>])[^#\n]*?[^\s#][ \t]+#""")


def dropped_text(text: str, path: str, first_line: int = 1) -> list[Problem]:
    """Return a problem for each 'key: text #more' line, whose '#more' YAML drops as a comment (in a
    front matter, where nobody writes comments after a value, it is text: "Atelier #3")."""
    return [Problem(path, number, say("the text from ' #' on is dropped: '#' starts a comment here; put the whole "
                                      "text in double quotes, like title: \"Atelier #3\""))
            for number, line in enumerate(text.splitlines(), start=first_line) if TRAILING_COMMENT.match(line)]


def line_of(data, location) -> int:
    """Return the line of the deepest key or item of `location` (a path of keys/indexes) in data."""
    line = getattr(data, "line", 1)
    node = data
    for step in location:
        if isinstance(node, Map) and step in node:
            line = node.lines[step]
        elif isinstance(node, Seq) and isinstance(step, int) and step < len(node):
            line = node.lines[step]
        else:
            break
        node = node[step]
    return line
