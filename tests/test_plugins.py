"""The shape of the code: plain Pelican builds a site with every plugin, exactly as the build tool
does; no hidden order between plugins; plugins stand on the library, never on the tool; each
setting's name is written once; the parts of Pelican the plugins build on are still there."""

from __future__ import annotations

import ast
import inspect
import re
import shlex
import subprocess
from pathlib import Path

import pytest
from pelican.writers import Writer

from conftest import ROOT, MiniSite
from incremental.incremental import IncrementalWriter

CODE = [path for folder in ("zonelib", "plugins", "zonesites") for path in sorted((ROOT / folder).rglob("*.py"))]
PLUGINS = sorted(path.parent for path in (ROOT / "plugins").glob("*/__init__.py"))


def snapshot(folder: Path) -> dict:
    return {path.relative_to(folder): path.read_bytes() for path in sorted(folder.rglob("*")) if path.is_file()}


def readme_pelican_command() -> str:
    """Return the plain Pelican command the README gives."""
    commands = re.findall(r"^(?:\.venv/bin/)?(pelican content -s pelicanconf\.py .+?)$",
                          (ROOT / "README.md").read_text("utf-8"), re.MULTILINE)
    assert len(commands) == 1, "README.md must give one plain 'pelican content -s pelicanconf.py …' command"
    return commands[0].split("  #")[0].strip()


def test_the_readme_plain_pelican_command_builds_the_same_site_as_the_build_tool(tmp_path):
    site = MiniSite(tmp_path, content=True)
    command = readme_pelican_command()
    output = Path(shlex.split(command)[shlex.split(command).index("-o") + 1])
    pelican = str(ROOT / ".venv/bin/pelican") if (ROOT / ".venv/bin/pelican").exists() else "pelican"
    result = subprocess.run([pelican, *shlex.split(command)[1:]], cwd=site.root, capture_output=True, text=True,
                            timeout=300, env={"PATH": "/usr/bin:/bin", "AGENDA_TODAY": "2026-01-15"})
    assert result.returncode == 0, result.stdout + result.stderr
    zone, lang = re.search(r"ZONES_ZONE='\"([\w-]+)\"'", command)[1], re.search(r"DEFAULT_LANG='\"(\w+)\"'", command)[1]
    tool = site.build(zone=zone, lang=lang, AGENDA_TODAY="2026-01-15")
    assert tool.problems == []
    plain = snapshot(site.root / output)
    assert len(plain) > 50 and plain == snapshot(tool.output)


def test_the_plugins_in_reverse_order_build_byte_identical_sites(tmp_path):
    site = MiniSite(tmp_path, content=True)
    settings = (site.root / "pelicanconf.py").read_text("utf-8")
    plugins = ast.literal_eval(re.search(r"^PLUGINS = (\[.*?\])", settings, re.MULTILINE | re.DOTALL)[1])
    for zone, lang in (("sud", "fr"), ("centre-ouest", "nl")):
        forward = site.build(zone=zone, lang=lang, AGENDA_TODAY="2024-03-01")
        forward_files = snapshot(forward.output)
        backward = site.build(zone=zone, lang=lang, AGENDA_TODAY="2024-03-01", PLUGINS=plugins[::-1])
        assert forward.problems == backward.problems == []
        assert len(forward_files) > 50
        assert snapshot(backward.output) == forward_files


def test_plain_pelican_without_a_zone_says_how_to_choose_one(tmp_path):
    site = MiniSite(tmp_path)
    pelican = str(ROOT / ".venv/bin/pelican")
    result = subprocess.run([pelican, "content", "-s", "pelicanconf.py", "-o", "out"], cwd=site.root,
                            capture_output=True, text=True, timeout=300, env={"PATH": "/usr/bin:/bin"})
    assert result.returncode != 0
    assert "set ZONES_ZONE to the id of a zone" in result.stdout + result.stderr


def test_no_plugin_imports_the_build_tool():
    for path in (ROOT / "plugins").rglob("*.py"):
        tree = ast.parse(path.read_text("utf-8"))
        imported = [node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)] + [
            alias.name for node in ast.walk(tree) if isinstance(node, ast.Import) for alias in node.names]
        assert not [name for name in imported if name and name.split(".")[0] == "zonesites"], path


@pytest.fixture(scope="module")
def setting_literals() -> dict[str, list[str]]:
    """Every string literal of the code that names one of our settings, and where it is."""
    prefixes = tuple(f"{path.name.upper()}_" for path in PLUGINS) + ("HEADERS_",)
    found: dict[str, list[str]] = {}
    for path in CODE:
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and node.value.startswith(prefixes) \
                    and re.fullmatch(r"[A-Z][A-Z0-9_]+", node.value):
                found.setdefault(node.value, []).append(str(path.relative_to(ROOT)))
    assert "AGENDA_TODAY" in found and "ZONES_ZONE" in found  # the scan sees the names it must see
    return found


def test_each_setting_name_is_written_once(setting_literals):
    twice = {name: places for name, places in setting_literals.items() if len(places) > 1}
    assert twice == {}, f"name these settings once and import the constant: {twice}"


def test_settings_hold_no_live_objects(setting_literals):
    from zonesites.build import base_settings  # noqa: PLC0415

    names = tuple(setting_literals)
    for conf in ("pelicanconf.py", "publishconf.py"):
        settings = base_settings(ROOT / conf)
        ours = {name: value for name, value in settings.items() if name.startswith(names)}
        assert ours  # the settings files do set some of ours
        for name, value in ours.items():
            assert isinstance(value, str | int | float | bool | list | tuple | dict | type(None)), (conf, name)


def test_the_writer_api_the_incremental_plugin_overrides_is_pelicans():
    # IncrementalWriter overrides Writer.write_file and passes every argument on: if Pelican changes
    # that method's parameters, this test fails before any page is written wrongly.
    ours = list(inspect.signature(IncrementalWriter.write_file).parameters)
    assert ours == list(inspect.signature(Writer.write_file).parameters)


def test_no_private_part_of_pelican_is_used():
    private = re.compile(r"\._(written_files|overridden_files|content|context|summary)\b")
    for path in CODE:
        assert not private.search(path.read_text("utf-8")), path


@pytest.mark.parametrize("path", PLUGINS, ids=lambda p: p.name)
def test_each_plugin_registers_signals_only(path):
    """register() only connects signals (Pelican's shape): every statement in it is a .connect(…) call."""
    module = ast.parse((path / f"{path.name}.py").read_text("utf-8"))
    register = next(node for node in module.body if isinstance(node, ast.FunctionDef) and node.name == "register")
    for statement in register.body:
        assert isinstance(statement, ast.Expr) and isinstance(statement.value, ast.Call), ast.unparse(statement)
        assert ast.unparse(statement.value.func).endswith(".connect"), ast.unparse(statement)
