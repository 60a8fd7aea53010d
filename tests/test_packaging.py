"""The README's two commands as a new user meets them (packaging/start-demo.sh and .ci/run).

Both install the system packages of one list, packaging/apt-packages.txt; a user who is neither
root nor a sudoer gets the one line an administrator must run and exit code 3; a second start
runs no pip (so it works offline); and every command the demo prints runs as printed, from
any folder, with kasir not on the PATH. Each script runs for real, against a copy of the
packaging files, with a PATH that holds only the tools named here (no sudo, no apt-get).
"""

from __future__ import annotations

import hashlib
import os
import re
import shlex
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
LIST = ROOT / "packaging" / "apt-packages.txt"
NEEDS_ADMIN = 3
ABSENT = "kasir-test-absent-package"  # a name no Debian archive has


def listed(with_ci: bool) -> list[str]:
    names = []
    for line in LIST.read_text(encoding="utf-8").splitlines():
        fields = line.split("#", 1)[0].split()
        if fields and (with_ci or fields[1:2] != ["ci"]):
            names.append(fields[0])
    return names


def test_both_scripts_install_the_one_package_list():
    app, everything = listed(with_ci=False), listed(with_ci=True)
    assert {"python3", "python3-venv", "libglib2.0-0", "libxcb-cursor0"} <= set(app)
    assert {"hledger", "xvfb"} <= set(everything) - set(app)
    for script in (ROOT / "packaging" / "start-demo.sh", ROOT / ".ci" / "run"):
        text = script.read_text(encoding="utf-8")
        assert "done <packaging/apt-packages.txt" in text, script
        # no private list beside the shared one: no package of the list is named in the script
        named = [p for p in everything if p != "python3"  # also the command both run
                 and re.search(rf"(?<![\w.-]){re.escape(p)}(?![\w.-])", text)]
        assert named == [], f"{script.name} names {named}; add them to apt-packages.txt only"


def copy_of_packaging(extra_packages: str = "") -> Path:
    """The files start-demo.sh reads, in a folder any user can read (tmp_path is root's alone)."""
    here = Path(tempfile.mkdtemp(prefix="kasir-packaging-", dir="/tmp"))
    here.chmod(0o755)
    (here / "packaging").mkdir(mode=0o755)
    shutil.copy(ROOT / "packaging" / "start-demo.sh", here / "packaging")
    (here / "packaging" / "apt-packages.txt").write_text(
        LIST.read_text(encoding="utf-8") + extra_packages, encoding="utf-8")
    shutil.copy(ROOT / "pyproject.toml", here)
    return here


def bin_with(*tools: str) -> Path:
    """A PATH folder holding only these tools (links to the system's), so no sudo nor apt-get."""
    folder = Path(tempfile.mkdtemp(prefix="kasir-bin-", dir="/tmp"))
    folder.chmod(0o755)
    for tool in tools:
        found = shutil.which(tool, path="/usr/local/bin:/usr/bin:/bin")
        if found is None:
            pytest.skip(f"{tool} is not installed here")
        (folder / tool).symlink_to(found)
    return folder


def as_unprivileged(argv: list[str]) -> list[str]:
    """Run as a user who is not root (nobody) when the tests run as root, as CI does."""
    if os.getuid() != 0:
        return argv
    setpriv = shutil.which("setpriv")
    if setpriv is None:
        pytest.skip("setpriv (util-linux) is needed to drop root")
    return [setpriv, "--reuid=65534", "--regid=65534", "--clear-groups", *argv]


def test_a_user_without_root_or_sudo_gets_the_administrator_line_and_exit_code_3():
    here = copy_of_packaging(f"{ABSENT}\nkasir-test-ci-only ci\n")
    tools = bin_with("bash", "dirname", "id", "dpkg-query", "grep", "cat")  # no python3
    try:
        done = subprocess.run(
            as_unprivileged(["bash", str(here / "packaging" / "start-demo.sh")]),
            capture_output=True, text=True, timeout=60, cwd="/",
            env={"PATH": str(tools), "HOME": "/nonexistent", "LANG": "C.UTF-8"})
        assert done.returncode == NEEDS_ADMIN, done.stdout + done.stderr
        lines = [line.strip() for line in done.stderr.splitlines()]
        admin = [line for line in lines if line.startswith("apt-get ")]
        # one line, runnable by root as printed: the absent package is there, the CI-only not
        assert len(admin) == 1, done.stderr
        assert admin[0].startswith("apt-get update && apt-get install -y --no-install-recommends ")
        assert ABSENT in admin[0].split() and "kasir-test-ci-only" not in admin[0]
        assert "Python 3.11" in done.stderr
        assert f"bash {here}/packaging/start-demo.sh" in done.stderr
        assert "sudo" not in done.stdout + done.stderr  # no "sudo: command not found"
        assert not (here / ".venv").exists()  # nothing was written
    finally:
        shutil.rmtree(here)
        shutil.rmtree(tools)


def test_a_second_start_runs_no_pip_and_every_printed_command_runs_as_printed(tmp_path):
    """The installed .venv is reused as it is (no network needed) and the demo's hints name
    kasir by its full path, since the .venv is not on the PATH."""
    here = copy_of_packaging()
    real_venv = Path(sys.prefix)
    venv = here / ".venv"  # the real venv's parts, with this copy's own install stamp
    venv.mkdir()
    for part in real_venv.iterdir():
        if part.name != ".kasir-installed-from":
            (venv / part.name).symlink_to(part)
    digest = hashlib.sha256((here / "pyproject.toml").read_bytes()).hexdigest()
    (venv / ".kasir-installed-from").write_text(digest + "\n", encoding="utf-8")
    demo = tmp_path / "demo folder" / "demo.sqlite"  # a space: the hints must quote it
    env = {"PATH": "/usr/local/bin:/usr/bin:/bin", "HOME": str(tmp_path), "LANG": "C.UTF-8",
           "KASIR_HOME": str(tmp_path / "home")}
    try:
        done = subprocess.run(
            ["bash", str(here / "packaging" / "start-demo.sh"), "--db", str(demo),
             "--members", "3", "--months", "2", "--seed", "1"],
            capture_output=True, text=True, timeout=300, cwd=tmp_path, env=env)
        assert done.returncode == 0, done.stdout + done.stderr
        assert f"kasir is installed in {here}/.venv" in done.stdout
        assert "Installing kasir" not in done.stdout
        kasir = str(venv / "bin" / "kasir")
        tries = [line.strip() for line in done.stdout.splitlines()
                 if line.strip().startswith(kasir + " ")]
        assert len(tries) == 4, done.stdout
        for line in tries:  # each hint runs as printed, from another folder
            ran = subprocess.run(shlex.split(line), capture_output=True, text=True,
                                 timeout=120, cwd="/", env=env)
            assert ran.returncode == 0, (line, ran.stdout, ran.stderr)
        desktop = re.search(r"(\S+) app --db (.+)$", done.stdout, re.M)
        assert desktop and desktop.group(1) == kasir, done.stdout
        assert shlex.split(desktop.group(2)) == [str(demo)]
    finally:
        shutil.rmtree(here)
