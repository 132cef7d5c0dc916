"""YAML loading that remembers the line of every key and list item, in bounded time and memory.

Whatever a file holds, loading it ends quickly with data or with problems: before building anything,
the parser's events are counted, so that deep nesting (which would crash the C parser's composer)
and aliases that multiply a block again and again (a few lines expanding to billions of values)
are refused with their line.
"""

from __future__ import annotations

import yaml

from .problems import Problem, ProblemsError


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
                    f"'{key}' is written twice in the same block "
                    f"(first on line {result.lines[key]}); keep only one"))
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
        return Problem(path, first_line, f"this block is {len(text):,} characters long, more than the "
                                         f"{MAX_CHARACTERS:,} a data file may have; it is probably not the file "
                                         "you meant to save here")
    depth, values, sizes, open_blocks = 0, 0, {}, []  # sizes: expanded values under each anchor
    for event in yaml.parse(text, Loader=_BASE):
        line = event.start_mark.line + first_line
        if isinstance(event, yaml.AliasEvent):
            if any(anchor == event.anchor for anchor, _ in open_blocks):
                return Problem(path, line, f"'*{event.anchor}' repeats the block it stands in, which would "
                                           "never end; repeat another block")
            values += sizes.get(event.anchor, 1)
        elif isinstance(event, (*_OPEN, yaml.ScalarEvent)):
            values += 1
            if isinstance(event, _OPEN):
                depth += 1
                open_blocks.append((event.anchor, values))
                if depth > MAX_DEPTH:
                    return Problem(path, line, f"blocks are nested more than {MAX_DEPTH} levels deep here; "
                                               "check the indentation and the brackets")
            elif event.anchor:
                sizes[event.anchor] = 1
        elif isinstance(event, _CLOSE):
            depth -= 1
            anchor, at_start = open_blocks.pop()
            if anchor:
                sizes[anchor] = values - at_start + 1
        if values > MAX_VALUES:
            return Problem(path, line, f"once its aliases (*name) are expanded, this file holds more than "
                                       f"{MAX_VALUES:,} values; repeat less through aliases")
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
        mark = error.problem_mark or error.context_mark
        line = (mark.line + first_line) if mark else first_line
        what = error.problem or "the text cannot be read as YAML"
        raise ProblemsError([Problem(
            path, line,
            f"{what} (check the indentation, and put text containing ':' or '#' in quotes)")]) from None
    finally:
        loader.dispose()
    if loader.problems:
        raise ProblemsError(loader.problems)
    return data


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
