#!/usr/bin/env bash
# Installs the city hub on a Debian 12 server, as root: a system user `fydesk-hub`, a Python
# venv in /opt/fydesk-hub holding fydesk with its `hub` extra, /etc/fydesk/hub.env from the
# example (kept if it exists), and the systemd unit. Starting it is left to the administrator,
# after the database exists and hub.env is filled in.
#
# Usage: install-hub.sh [WHEEL_OR_SOURCE_DIR]   (default: this source tree)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
src=$(realpath "${1:-$here/../..}")
[[ $(id -u) == 0 ]] || { echo "install-hub: run as root" >&2; exit 1; }
# Debian's Python, which the service user can run (a Python under root's home it could not).
py=/usr/bin/python3

$py -c 'import venv, ensurepip' 2>/dev/null || {
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends python3-venv
}
id -u fydesk-hub >/dev/null 2>&1 ||
    useradd --system --home-dir /var/lib/fydesk-hub --no-create-home --shell /usr/sbin/nologin fydesk-hub

$py -m venv --clear /opt/fydesk-hub  # an upgrade starts from a clean venv
/opt/fydesk-hub/bin/python -m pip install --quiet --upgrade pip
if [[ -f $src ]]; then  # a wheel: name the extra on the file
    /opt/fydesk-hub/bin/python -m pip install --quiet "fydesk[hub] @ file://$src"
else
    /opt/fydesk-hub/bin/python -m pip install --quiet "$src[hub]"
fi

install -d -m 0750 -o root -g fydesk-hub /etc/fydesk
[[ -e /etc/fydesk/hub.env ]] || install -m 0640 -o root -g fydesk-hub "$here/hub.env.example" /etc/fydesk/hub.env
install -m 0644 "$here/fydesk-hub.service" /etc/systemd/system/fydesk-hub.service
if [[ -d /run/systemd/system ]]; then systemctl daemon-reload; fi

echo "install-hub: $(/opt/fydesk-hub/bin/fydesk-hub --version) in /opt/fydesk-hub"
echo "Next: create the database (sudo -u postgres psql -v pw=... -f $here/postgres.sql),"
echo "      fill in /etc/fydesk/hub.env, then: systemctl enable --now fydesk-hub"
