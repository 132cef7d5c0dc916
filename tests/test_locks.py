"""The lock files install: `npm ci` refuses a lock out of step with its package.json, which would stop
`make test` or `make bench` on a fresh machine. Checked with a dry run (nothing is installed)."""

from __future__ import annotations

import shutil
import subprocess

import pytest

from conftest import ROOT


@pytest.mark.parametrize("folder", [".", "bench", "cms"])
def test_each_npm_lock_file_installs_as_it_is(tmp_path, folder):
    for name in ("package.json", "package-lock.json"):
        shutil.copy2(ROOT / folder / name, tmp_path / name)
    result = subprocess.run(["npm", "ci", "--dry-run", "--ignore-scripts", "--no-audit", "--no-fund"], cwd=tmp_path,
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, f"{folder}/package-lock.json: {result.stderr[-2000:]}"
