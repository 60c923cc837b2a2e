#!/bin/sh
# Installs scrub's desktop app from this folder: for you alone (into
# ~/.local), or, run as root, for everyone (into /usr/local). File managers
# then offer scrub under "Open with" for the files it cleans.
#
# usage: ./install.sh [--uninstall]
set -eu
cd "$(dirname "$0")"
if [ "$(id -u)" = 0 ]; then
  prefix=/usr/local
  data=/usr/local/share
else
  prefix="$HOME/.local"
  data="${XDG_DATA_HOME:-$HOME/.local/share}"
fi
id=io.github.scrub_project.scrub
bin="$prefix/bin/scrub-gui"
desktop="$data/applications/$id.desktop"
icon="$data/icons/hicolor/512x512/apps/$id.png"
refresh() {
  command -v update-desktop-database >/dev/null && update-desktop-database -q "$data/applications" || true
}
if [ "${1:-}" = --uninstall ]; then
  rm -f "$bin" "$desktop" "$icon"
  refresh
  echo "scrub's desktop app is uninstalled."
  exit 0
fi
mkdir -p "$prefix/bin" "$data/applications" "$(dirname "$icon")"
cp scrub-gui "$bin"
chmod 0755 "$bin"
# The menu entry starts the installed binary by its full path: ~/.local/bin
# is not on every desktop's PATH.
sed -e "s|^Exec=scrub-gui|Exec=$bin|" -e "s|^TryExec=scrub-gui|TryExec=$bin|" "$id.desktop" >"$desktop"
cp "$id.png" "$icon"
refresh
echo "scrub's desktop app is installed: $bin"
echo "It is in your applications menu, and under \"Open with\" for documents, photos and recordings."
