#!/bin/sh
# Remove ReviewDesk installed by ./install.sh (same --prefix). Your reviews are kept: they live
# in ~/.local/share/ReviewDesk (or your portable / REVIEWDESK_DATA_DIR folder), which this
# script never touches. Delete that folder yourself if you mean to remove them too.
set -eu

APP_ID=org.reviewdesk.ReviewDesk
prefix="$HOME/.local"
while [ $# -gt 0 ]; do
  case "$1" in
    --prefix) prefix=${2:?--prefix needs a folder}; shift 2 ;;
    --prefix=*) prefix=${1#--prefix=}; shift ;;
    -h|--help) sed -n '2,4p' "$0"; exit 0 ;;
    *) echo "uninstall.sh: unknown option $1 (try --help)" >&2; exit 2 ;;
  esac
done
case "$prefix" in /*) ;; *) prefix="$(pwd)/$prefix" ;; esac  # links need absolute paths
share="$prefix/share"

# Only a link that points at our own app is removed from PREFIX/bin.
if [ -L "$prefix/bin/reviewdesk" ] && [ "$(readlink "$prefix/bin/reviewdesk")" = "$prefix/lib/reviewdesk/reviewdesk" ]; then
  rm -f "$prefix/bin/reviewdesk"
fi
rm -rf "$prefix/lib/reviewdesk"
rm -f "$share/applications/$APP_ID.desktop" "$share/mime/packages/$APP_ID.xml" \
  "$share/metainfo/$APP_ID.metainfo.xml"
find "$share/icons/hicolor" -name "$APP_ID.*" -type f -exec rm -f {} + 2>/dev/null || true

refresh() {  # run a cache tool if this desktop has it; a failure there is not ours to stop on
  if command -v "$1" >/dev/null 2>&1; then "$@" >/dev/null 2>&1 || true; fi
}
refresh update-mime-database "$share/mime"
refresh update-desktop-database -q "$share/applications"
refresh gtk-update-icon-cache -q -t "$share/icons/hicolor"

echo "ReviewDesk has been removed. Your reviews are still in your data folder."
