#!/usr/bin/env bash
# The .deb as an office PC gets it: `dpkg -i` installs it, `fydesk --version` and an offscreen
# start of the installed app succeed (on a set-up data dir and on a new one, which must be
# created from the migrations inside /opt/fydesk), and `dpkg -r` removes every file of the
# package while the user's data stays untouched. Run as root on a machine where fydesk is not
# installed (CI: `make deb-check`); it removes what it installed, also when a step fails.
#
# Usage: check-deb.sh FILE.deb
set -euo pipefail
deb=$(realpath "$1")
say() { echo "deb-check: $*"; }
fail() { echo "deb-check: FAILED: $*" >&2; exit 1; }

[[ $(id -u) == 0 ]] || fail "dpkg -i needs root"
if dpkg-query -W -f='${Status}' fydesk 2>/dev/null | grep -q "ok installed"; then
    fail "fydesk is already installed here; this check installs and removes its own copy"
fi
version=$(dpkg-deb -f "$deb" Version)

# dpkg -i does not fetch dependencies: install the missing ones first, as apt would.
missing=()
for p in $(dpkg-deb -f "$deb" Depends | tr ',' '\n' | sed 's/([^)]*)//; s/|.*//; s/ //g'); do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
    say "installing the package's missing dependencies: ${missing[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

home=$(mktemp -d)
installed=0
laid_policy=0
cleanup() {
    if ((installed)); then dpkg -r fydesk >/dev/null 2>&1 || true; fi
    if ((laid_policy)); then rm -f /etc/fydesk/policy.toml; rmdir /etc/fydesk 2>/dev/null || true; fi
    rm -rf "$home"
}
trap cleanup EXIT

dpkg -i "$deb" >/dev/null
installed=1
say "installed $(basename "$deb")"

# A user of the PC: a home of their own, the data dir in its default place.
export HOME=$home QT_QPA_PLATFORM=offscreen
unset FYDESK_DATA_DIR FYDESK_POLICY XDG_DATA_HOME XDG_CONFIG_HOME
cd "$home"
[[ $(command -v fydesk) == /usr/bin/fydesk ]] || fail "fydesk is not /usr/bin/fydesk on the PATH"
[[ $(fydesk --version) == "fydesk $version" ]] || fail "fydesk --version says $(fydesk --version)"
say "$(fydesk --version)"

fydesk init --office-code 440104001 --office-name 越秀区人民法庭 --kind 人民法庭 >/dev/null
data=$home/.local/share/fydesk
[[ -f $data/fydesk.db ]] || fail "no database in the default data dir $data"
out=$(fydesk --start-check) || fail "the installed app did not start: $out"
grep -q '"window": "main"' <<<"$out" || fail "the main window was not shown: $out"
say "started offscreen to the main window: $out"
out=$(fydesk --data-dir "$home/new" --start-check) || fail "a new data dir did not open: $out"
grep -q '"window": "first_run"' <<<"$out" || fail "a new data dir did not open on the first-run screen: $out"
fydesk --data-dir "$home/new" db check >/dev/null || fail "the new data dir's database does not check out"
say "a new data dir was created and migrated from the installed bundle"
for f in /usr/share/applications/fydesk.desktop /usr/share/icons/hicolor/256x256/apps/fydesk.png; do
    [[ -f $f ]] || fail "$f is missing"
done
if command -v desktop-file-validate >/dev/null; then
    desktop-file-validate /usr/share/applications/fydesk.desktop
fi

# The IT policy in its machine-wide place: the example the package ships, taken as it is.
if [[ ! -e /etc/fydesk/policy.toml ]]; then
    install -D -m 644 /usr/share/doc/fydesk/policy.toml.example /etc/fydesk/policy.toml
    laid_policy=1
    out=$(fydesk settings --json) || fail "fydesk settings failed under the shipped example policy"
    python3 - "$out" <<'PY' || fail "the policy in /etc/fydesk/policy.toml is not in force: $out"
import json, sys
shown = json.loads(sys.argv[1])
hub = next(s for s in shown["settings"] if s["name"] == "hub_url")
assert shown["policy_file"] == "/etc/fydesk/policy.toml"
assert hub["value"] == "https://fyhub.example.gov.cn" and hub["locked"] and not hub["editable"]
PY
    out=$(fydesk --start-check) || fail "the app did not start under the policy: $out"
    rm -f /etc/fydesk/policy.toml; rmdir /etc/fydesk 2>/dev/null || true
    laid_policy=0
    say "/etc/fydesk/policy.toml (the shipped example) sets the hub address and locks it"
fi
before=$(cd "$data" && find . -type f -print0 | sort -z | xargs -0 sha256sum)

dpkg -r fydesk >/dev/null
installed=0
for f in /usr/bin/fydesk /opt/fydesk /usr/share/applications/fydesk.desktop \
         /usr/share/icons/hicolor/256x256/apps/fydesk.png; do
    [[ ! -e $f && ! -L $f ]] || fail "$f is still there after dpkg -r"
done
after=$(cd "$data" && find . -type f -print0 | sort -z | xargs -0 sha256sum)
[[ $before == "$after" ]] || fail "the user's data changed when the package was removed"
say "removed; the user's data in ~/.local/share/fydesk is untouched"
say "ok"
