#!/usr/bin/env bash
# The Debian packages a make target needs beyond Python: checked each time, installed when
# this user may (root, or sudo without a password), else the one apt-get line to run and a stop.
#
#   packaging/setup-system.sh run|test|dist [--check]
#
# run   the window: Python's venv, Qt's shared libraries, and with a display (DISPLAY set) the
#       xcb libraries Qt's X11 plugin loads
# test  the whole suite: what `run` needs offscreen, a CJK font, poppler, a PostgreSQL server,
#       and Chromium with its WebDriver for the web console's browser tests
# dist  the bundle and its archive: binutils (PyInstaller strips and links) and xz
# --check  install nothing: print the apt-get line for what is missing, exit 1 if anything is
#
# Outside Linux there is nothing to check (the wheels bring their own libraries). On Linux
# without apt-get the same packages are named by their Debian names, and the script stops.
# FYDESK_SKIP_SYSTEM_CHECK=1 skips it all, for a machine set up some other way.
set -euo pipefail

usage() { echo "usage: $0 run|test|dist [--check]" >&2; exit 2; }
(($# >= 1 && $# <= 2)) || usage
target=$1
check_only=false
if (($# == 2)); then [[ $2 == --check ]] || usage; check_only=true; fi
case $target in run | test | dist) ;; *) usage ;; esac

[[ ${FYDESK_SKIP_SYSTEM_CHECK:-} == 1 ]] && exit 0
[[ $(uname -s) == Linux ]] || exit 0

PYTHON=${PYTHON:-python3}
# Where Debian puts the PostgreSQL server binaries, one directory per major version.
PG_ROOT=${FYDESK_PG_ROOT:-/usr/lib/postgresql}
# Where Debian's chromium and chromium-driver put the browser and its WebDriver.
BROWSER_BIN=${FYDESK_BROWSER_BIN:-/usr/bin}

need=()
want() { [[ " ${need[*]-} " == *" $1 "* ]] || need+=("$1"); }

ldcache=
libraries_known() {
    local ldconfig
    ldconfig=$(command -v ldconfig || echo /sbin/ldconfig)
    ldcache=$("$ldconfig" -p 2>/dev/null || true)
}
# ldconfig -p lists "<tab>libEGL.so.1 (libc6,x86-64) => /lib/…", one library a line.
has_lib() { [[ $ldcache == *$'\t'"$1 ("* ]]; }

pg_server_present() {
    local d
    for d in "$PG_ROOT"/*/bin; do
        [[ -x $d/initdb && -x $d/pg_ctl && -x $d/postgres ]] && return 0
    done
    return 1
}

# Every target makes a venv first. Debian splits venv (and the ensurepip it uses) off Python.
"$PYTHON" -c 'import venv, ensurepip' 2>/dev/null || want python3-venv

if [[ $target == run || $target == test ]]; then
    libraries_known
    # What PySide6's Qt loads for any window, offscreen ones included.
    has_lib libEGL.so.1 || want libegl1
    has_lib libGL.so.1 || want libgl1
    has_lib libxkbcommon.so.0 || want libxkbcommon0
    has_lib libfontconfig.so.1 || want libfontconfig1
    has_lib libglib-2.0.so.0 || want libglib2.0-0
    has_lib libdbus-1.so.3 || want libdbus-1-3
    command -v fc-list >/dev/null || want fontconfig
fi

if [[ $target == run && -n ${DISPLAY:-} ]]; then
    # Qt's X11 plugin (libqxcb.so) and libQt6XcbQpa: when one is missing Qt's message blames
    # libxcb-cursor0 whichever it is, so all are checked here by name.
    for pair in libxcb.so.1:libxcb1 libX11-xcb.so.1:libx11-xcb1 libxkbcommon-x11.so.0:libxkbcommon-x11-0 \
        libxcb-cursor.so.0:libxcb-cursor0 libxcb-icccm.so.4:libxcb-icccm4 libxcb-image.so.0:libxcb-image0 \
        libxcb-keysyms.so.1:libxcb-keysyms1 libxcb-randr.so.0:libxcb-randr0 \
        libxcb-render-util.so.0:libxcb-render-util0 libxcb-render.so.0:libxcb-render0 \
        libxcb-shape.so.0:libxcb-shape0 libxcb-shm.so.0:libxcb-shm0 libxcb-sync.so.1:libxcb-sync1 \
        libxcb-util.so.1:libxcb-util1 libxcb-xfixes.so.0:libxcb-xfixes0 libxcb-xkb.so.1:libxcb-xkb1; do
        has_lib "${pair%%:*}" || want "${pair#*:}"
    done
fi

if [[ $target == test ]]; then
    # Without a CJK font Qt draws Chinese as boxes without a word. wqy-zenhei is TrueType,
    # which the PDF tests can embed too (Noto CJK is CFF, which reportlab refuses).
    fc-list :lang=zh 2>/dev/null | grep . >/dev/null || want fonts-wqy-zenhei
    # The documents' tests render pages with pdftoppm and read them with pdftotext.
    command -v pdftoppm >/dev/null || want poppler-utils
    # The hub tests start a throwaway PostgreSQL server of their own (tests/pgserver.py):
    # without one they skip, or under CI fail. Debian 12's `postgresql` is 15.
    pg_server_present || want postgresql
    # The hub's web console is tested in Debian's headless Chromium, driven by Selenium through
    # Debian's chromedriver (named by path there: nothing is downloaded at test time).
    [[ -x $BROWSER_BIN/chromium ]] || want chromium
    [[ -x $BROWSER_BIN/chromedriver ]] || want chromium-driver
fi

if [[ $target == dist ]]; then
    command -v objcopy >/dev/null && command -v strip >/dev/null || want binutils
    command -v xz >/dev/null || want xz-utils
fi

((${#need[@]})) || exit 0

line="apt-get install -y --no-install-recommends ${need[*]}"
if ! command -v apt-get >/dev/null; then
    echo "make $target needs these system packages (Debian names; install them with this system's package manager): ${need[*]}" >&2
    exit 1
fi

as_root=()
if [[ $(id -u) != 0 ]]; then
    if ! $check_only && command -v sudo >/dev/null && sudo -n true 2>/dev/null; then
        as_root=(sudo -n)
    else
        $check_only || echo "make $target needs system packages this user cannot install; run this, then make $target again:" >&2
        echo "sudo $line"
        exit 1
    fi
fi
if $check_only; then
    echo "$line"
    exit 1
fi

echo "setup-system: installing ${need[*]}" >&2
"${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -qq
"${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}"
if [[ " ${need[*]} " == *" postgresql "* ]] && ! pg_server_present; then
    echo "setup-system: the postgresql package brought no server binaries under $PG_ROOT" >&2
    exit 1
fi
if [[ " ${need[*]} " == *" fonts-wqy-zenhei "* ]]; then
    fc-cache -f
fi
