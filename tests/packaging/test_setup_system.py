"""packaging/setup-system.sh, the Debian packages `make run` and `make test` see to: run on a
made-up machine (its PATH holds stand-ins for ldconfig, id, sudo and apt-get) it decides what
is missing, installs it when it may, and otherwise prints the one apt-get line and stops."""

from __future__ import annotations

import os
import shutil
import subprocess
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "packaging" / "setup-system.sh"
BASH = shutil.which("bash")
QT = ["libegl1", "libgl1", "libxkbcommon0", "libfontconfig1", "libglib2.0-0", "libdbus-1-3", "fontconfig"]
QT_LIBS = ["libEGL.so.1", "libGL.so.1", "libxkbcommon.so.0", "libfontconfig.so.1", "libglib-2.0.so.0",
           "libdbus-1.so.3"]


class Machine:
    """A PATH of stand-ins and a PostgreSQL root, both empty until a test fills them."""

    def __init__(self, root: Path) -> None:
        self.bin = root / "bin"
        self.bin.mkdir()
        self.pg = root / "postgresql"
        self.pg.mkdir()
        self.log = root / "apt.log"
        for tool in ("grep", "env", "cat", "mkdir", "chmod", "touch", "uname", "true"):
            (self.bin / tool).symlink_to(shutil.which(tool))
        self.tool("id", 'echo "$FAKE_UID"')
        self.tool("python3", "exit 1")  # no venv module: python3-venv is wanted
        self.tool("ldconfig", "cat \"$FAKE_LDCACHE\" 2>/dev/null || true")
        self.tool("fc-cache", "exit 0")
        # apt-get notes what it is asked; installing postgresql brings the server binaries.
        self.tool("apt-get", f'echo "$@" >> {self.log}\n'
                  'case " $* " in *" postgresql "*)\n'
                  f'  mkdir -p {self.pg}/15/bin && for b in initdb pg_ctl postgres; do\n'
                  f'    touch {self.pg}/15/bin/$b; chmod +x {self.pg}/15/bin/$b; done;; esac')
        self.ldcache = root / "ldcache"

    def tool(self, name: str, body: str) -> None:
        path = self.bin / name
        path.write_text(f"#!/bin/sh\n{body}\n")
        path.chmod(0o755)

    def libraries(self, *names: str) -> None:
        self.ldcache.write_text("".join(f"\t{n} (libc6,x86-64) => /lib/x86_64-linux-gnu/{n}\n" for n in names))

    def has_everything_for_tests(self) -> None:
        self.tool("python3", "exit 0")
        self.libraries(*QT_LIBS)
        self.tool("fc-list", 'echo "/usr/share/fonts/wqy-zenhei.ttc: WenQuanYi Zen Hei:lang=zh-cn"')
        self.tool("pdftoppm", "exit 0")
        self.tool("chromium", "exit 0")
        self.tool("chromedriver", "exit 0")
        (self.pg / "15" / "bin").mkdir(parents=True)
        for b in ("initdb", "pg_ctl", "postgres"):
            self.tool(b, "exit 0")
            shutil.copy(self.bin / b, self.pg / "15" / "bin" / b)

    def run(self, *args: str, uid: int = 1000, display: str | None = None) -> subprocess.CompletedProcess:
        env = {"PATH": str(self.bin), "FAKE_UID": str(uid), "FAKE_LDCACHE": str(self.ldcache),
               "FYDESK_PG_ROOT": str(self.pg), "FYDESK_BROWSER_BIN": str(self.bin)}
        if display:
            env["DISPLAY"] = display
        return subprocess.run([BASH, str(SCRIPT), *args], env=env, capture_output=True, text=True, timeout=60)

    @property
    def asked(self) -> list[str]:
        return self.log.read_text().splitlines() if self.log.exists() else []


@pytest.fixture
def machine(tmp_path) -> Machine:
    return Machine(tmp_path)


def test_a_user_who_cannot_install_gets_the_one_apt_get_line_and_a_stop(machine):
    done = machine.run("test")  # not root, and no sudo at all
    assert done.returncode == 1
    assert done.stdout == ("sudo apt-get install -y --no-install-recommends python3-venv "
                           + " ".join(QT) + " fonts-wqy-zenhei poppler-utils postgresql chromium chromium-driver\n")
    assert "make test again" in done.stderr and machine.asked == []


def test_sudo_that_asks_for_a_password_counts_as_none(machine):
    machine.tool("sudo", 'if [ "$1" = -n ]; then exit 1; fi; exec "$@"')
    done = machine.run("run")
    assert done.returncode == 1 and done.stdout.startswith("sudo apt-get install ")
    assert "postgresql" not in done.stdout and "chromium" not in done.stdout and machine.asked == []


def test_root_installs_only_what_is_missing_and_goes_on(machine):
    machine.libraries(*QT_LIBS[:2])  # libEGL and libGL are there
    done = machine.run("test", uid=0)
    assert done.returncode == 0, done.stderr
    assert machine.asked[0] == "update -qq"
    installed = machine.asked[1].split()
    assert installed[:4] == ["install", "-y", "-qq", "--no-install-recommends"]
    assert installed[4:] == ["python3-venv", *QT[2:], "fonts-wqy-zenhei", "poppler-utils", "postgresql",
                             "chromium", "chromium-driver"]


def test_sudo_without_a_password_installs_as_root_does(machine):
    machine.tool("sudo", f'echo "sudo $*" >> {machine.log}.sudo; shift; exec "$@"')
    done = machine.run("dist")
    assert done.returncode == 0, done.stderr
    assert machine.asked[-1].split()[-3:] == ["python3-venv", "binutils", "xz-utils"]
    assert Path(f"{machine.log}.sudo").read_text().count("sudo -n env DEBIAN_FRONTEND=noninteractive apt-get") == 2


def test_a_machine_that_has_it_all_goes_straight_on_in_silence(machine):
    machine.has_everything_for_tests()
    done = machine.run("test", uid=0)
    assert (done.returncode, done.stdout, done.stderr, machine.asked) == (0, "", "", [])


def test_the_console_tests_need_both_chromium_and_its_driver(machine):
    machine.has_everything_for_tests()
    (machine.bin / "chromedriver").unlink()
    done = machine.run("test", "--check", uid=0)
    assert (done.returncode, done.stdout) == (1, "apt-get install -y --no-install-recommends chromium-driver\n")
    (machine.bin / "chromium").unlink()
    machine.tool("chromedriver", "exit 0")
    done = machine.run("test", "--check", uid=0)
    assert (done.returncode, done.stdout) == (1, "apt-get install -y --no-install-recommends chromium\n")
    assert machine.asked == []


def test_the_window_on_a_display_also_needs_the_xcb_set_qt_loads(machine):
    machine.has_everything_for_tests()
    headless = machine.run("run", "--check")
    assert (headless.returncode, headless.stdout) == (0, "")
    shown = machine.run("run", "--check", display=":0")
    assert shown.returncode == 1 and shown.stdout.startswith("sudo apt-get install -y --no-install-recommends ")
    wanted = shown.stdout.split()[6:]
    assert {"libxcb-icccm4", "libxcb-keysyms1", "libxcb-cursor0", "libxkbcommon-x11-0"} <= set(wanted)
    assert "postgresql" not in wanted and machine.asked == []


def test_check_only_installs_nothing_even_as_root(machine):
    done = machine.run("dist", "--check", uid=0)
    assert done.returncode == 1
    assert done.stdout == "apt-get install -y --no-install-recommends python3-venv binutils xz-utils\n"
    assert machine.asked == []


def test_make_run_and_make_test_see_to_the_system_before_the_venv(tmp_path):
    for target in ("run", "test"):
        planned = subprocess.run(["make", "-n", "-C", str(ROOT), target, f"VENV={tmp_path / 'venv'}"],
                                 capture_output=True, text=True, timeout=60, check=True).stdout
        at = planned.index(f"packaging/setup-system.sh {target}")
        assert at < planned.index("-m venv")
    ci = (ROOT / ".ci" / "run").read_text()
    assert "make test" in ci


def test_the_license_is_an_spdx_expression_as_setuptools_requires():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    assert project["license"] == "LicenseRef-Proprietary"
