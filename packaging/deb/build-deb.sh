#!/usr/bin/env bash
# Builds dist/fydesk_VERSION_ARCH.deb from the one-folder bundle: the bundle under /opt/fydesk,
# /usr/bin/fydesk, a menu entry and an icon. No maintainer scripts: dpkg's triggers refresh
# the menu and icon caches, and removal touches nothing but the package's own files, so the
# users' data (~/.local/share/fydesk) stays where it is.
#
# Usage: build-deb.sh BUNDLE_DIR VERSION OUT_DIR
set -euo pipefail
bundle=$1 version=$2 out=$3
here=$(cd "$(dirname "$0")" && pwd)
icons=$here/../icons
arch=$(dpkg --print-architecture)
deb=$out/fydesk_${version}_${arch}.deb

[[ -x $bundle/fydesk ]] || { echo "build-deb: no bundle at $bundle (make bundle)" >&2; exit 1; }
stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
root=$stage/root

install -d "$root/opt" "$root/usr/bin" "$root/usr/share/applications" \
    "$root/usr/share/icons/hicolor/256x256/apps" "$root/usr/share/icons/hicolor/scalable/apps" \
    "$root/usr/share/doc/fydesk" "$root/DEBIAN"
cp -a "$bundle" "$root/opt/fydesk"
chmod -R u=rwX,go=rX "$root/opt/fydesk"
ln -s /opt/fydesk/fydesk "$root/usr/bin/fydesk"  # the bundle finds its files through the link
install -m 644 "$here/fydesk.desktop" "$root/usr/share/applications/fydesk.desktop"
install -m 644 "$icons/fydesk.png" "$root/usr/share/icons/hicolor/256x256/apps/fydesk.png"
install -m 644 "$icons/fydesk.svg" "$root/usr/share/icons/hicolor/scalable/apps/fydesk.svg"
install -m 644 "$here/copyright" "$root/usr/share/doc/fydesk/copyright"
install -m 644 "$here/../policy.toml.example" "$root/usr/share/doc/fydesk/policy.toml.example"

# Depends: the Debian libraries the bundle leaves to the system (the spec lists the ones it
# found linked), plus what Qt loads at run time without linking to it: OpenGL/EGL, and the
# xcb libraries of the X11 platform plugin that a build machine without X may lack.
deps=$( { cat "$bundle/_internal/system-packages.txt" 2>/dev/null || true
          printf '%s\n' libegl1 libgl1 libxkbcommon0 libxkbcommon-x11-0 libfontconfig1 \
              libfreetype6 libglib2.0-0 libdbus-1-3 libx11-xcb1 libxcb1 libxcb-cursor0 \
              libxcb-icccm4 libxcb-image0 libxcb-keysyms1 libxcb-randr0 libxcb-render-util0 \
              libxcb-shape0 libxcb-xfixes0 libxcb-xkb1 libcups2; } | sort -u | paste -sd, | sed 's/,/, /g')
size=$(du -sk --exclude=DEBIAN "$root" | cut -f1)
cat > "$root/DEBIAN/control" <<CONTROL
Package: fydesk
Version: $version
Architecture: $arch
Maintainer: fydesk maintainers <fydesk@localhost>
Section: misc
Priority: optional
Installed-Size: $size
Depends: $deps
Recommends: fonts-wqy-zenhei
Description: 府院联动工作台 (court and government liaison desk)
 The desktop app and command line for grassroots mediation work: mediation
 cases, joint cases, firm visits and judicial suggestions, kept on the PC
 and synchronised with the city hub. Self-contained (Python and Qt inside
 /opt/fydesk); user data stays in ~/.local/share/fydesk when it is removed.
CONTROL

mkdir -p "$out"
rm -f "$deb"
dpkg-deb --root-owner-group -Zxz --build "$root" "$deb" >/dev/null
echo "build-deb: $deb ($(( $(stat -c %s "$deb") / 1048576 )) MiB, installs $(( size / 1024 )) MiB)"
