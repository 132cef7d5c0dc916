"""YAML loading that remembers the line of every key and list item."""

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


def _loader(path: str, first_line: int, problems: list[Problem]) -> type[yaml.SafeLoader]:
    """Return a SafeLoader class that builds Map/Seq and records duplicate keys."""

    offset = first_line - 1

    class LineLoader(yaml.SafeLoader):
        def construct_mapping(self, node, deep=False):
            self.flatten_mapping(node)
            result = Map()
            result.line = node.start_mark.line + 1 + offset
            for key_node, value_node in node.value:
                key = self.construct_object(key_node, deep=True)
                line = key_node.start_mark.line + 1 + offset
                if key in result:
                    problems.append(Problem(
                        path, line,
                        f"'{key}' is written twice in the same block "
                        f"(first on line {result.lines[key]}); keep only one"))
                    continue
                result[key] = self.construct_object(value_node, deep=True)
                result.lines[key] = line
            return result

        def construct_sequence(self, node, deep=False):
            result = Seq()
            result.line = node.start_mark.line + 1 + offset
            for child in node.value:
                result.append(self.construct_object(child, deep=True))
                result.lines.append(child.start_mark.line + 1 + offset)
            return result

        def construct_yaml_timestamp(self, node):
            try:
                return super().construct_yaml_timestamp(node)
            except ValueError:  # 2024-03-32: kept as text, which the schema then refuses with its line
                return self.construct_scalar(node)

    LineLoader.add_constructor("tag:yaml.org,2002:timestamp", LineLoader.construct_yaml_timestamp)
    LineLoader.add_constructor("tag:yaml.org,2002:map", LineLoader.construct_mapping)
    LineLoader.add_constructor("tag:yaml.org,2002:seq", LineLoader.construct_sequence)
    return LineLoader


def load(text: str, path: str, first_line: int = 1):
    """Parse YAML text into Map/Seq values; raise ProblemsError with lines on any problem."""
    problems: list[Problem] = []
    try:
        data = yaml.load(text, Loader=_loader(path, first_line, problems))  # noqa: S506 (SafeLoader subclass)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = (mark.line + first_line) if mark else first_line
        what = error.problem or "the text cannot be read as YAML"
        raise ProblemsError([Problem(
            path, line,
            f"{what} (check the indentation, and put text containing ':' or '#' in quotes)")]) from None
    if problems:
        raise ProblemsError(problems)
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
