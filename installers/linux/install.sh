#!/bin/sh
# Install ReviewDesk from this unpacked folder, for you alone (no root needed):
#
#   ./install.sh                     into ~/.local (the app in ~/.local/lib/reviewdesk)
#   ./install.sh --prefix /opt/x     somewhere else (run as root for a system-wide prefix such
#                                    as /usr/local; every user then keeps their own data)
#
# It copies the app, links PREFIX/bin/reviewdesk, and adds the menu entry, icons, the
# .rdpack file type and the AppStream metadata under PREFIX/share. ./uninstall.sh undoes it.
# Nothing here touches anyone's ReviewDesk data (~/.local/share/ReviewDesk).
set -eu

APP_ID=org.reviewdesk.ReviewDesk
here=$(cd "$(dirname "$0")" && pwd)
prefix="$HOME/.local"

while [ $# -gt 0 ]; do
  case "$1" in
    --prefix) prefix=${2:?--prefix needs a folder}; shift 2 ;;
    --prefix=*) prefix=${1#--prefix=}; shift ;;
    -h|--help) sed -n '2,10p' "$0"; exit 0 ;;
    *) echo "install.sh: unknown option $1 (try --help)" >&2; exit 2 ;;
  esac
done
case "$prefix" in /*) ;; *) prefix="$(pwd)/$prefix" ;; esac  # links need absolute paths

[ -x "$here/reviewdesk" ] || { echo "install.sh: run me from the unpacked ReviewDesk folder" >&2; exit 1; }

app="$prefix/lib/reviewdesk"
share="$prefix/share"
echo "Installing ReviewDesk into $app"
mkdir -p "$prefix/lib" "$prefix/bin"
staging="$app.new.$$"
rm -rf "$staging"
cp -a "$here" "$staging"
rm -rf "$app"                      # an older version: replaced whole, never mixed
mv "$staging" "$app"
ln -sfn "$app/reviewdesk" "$prefix/bin/reviewdesk"

# Menu entry (with the absolute path, so it works even when PREFIX/bin is not on PATH),
# file type, icons and AppStream metadata.
mkdir -p "$share/applications" "$share/mime/packages" "$share/metainfo"
exe=$(printf '%s' "$app/reviewdesk" | sed 's/[&|\\]/\\&/g')  # safe inside sed's replacement
sed -e "s|^Exec=reviewdesk |Exec=\"$exe\" |" -e "s|^TryExec=reviewdesk$|TryExec=$exe|" \
  "$here/share/applications/$APP_ID.desktop" > "$share/applications/$APP_ID.desktop"
cp "$here/share/mime/packages/$APP_ID.xml" "$share/mime/packages/"
cp "$here/share/metainfo/$APP_ID.metainfo.xml" "$share/metainfo/"
(cd "$here/share" && find icons -type f) | while read -r icon; do
  mkdir -p "$share/$(dirname "$icon")"
  cp "$here/share/$icon" "$share/$icon"
done

# Refresh the desktop's caches where the tools exist (they are optional).
refresh() {  # run a cache tool if this desktop has it; a failure there is not ours to stop on
  if command -v "$1" >/dev/null 2>&1; then "$@" >/dev/null 2>&1 || true; fi
}
refresh update-mime-database "$share/mime"
refresh update-desktop-database -q "$share/applications"
refresh gtk-update-icon-cache -q -t "$share/icons/hicolor"

echo "Done. Start ReviewDesk from your applications menu, or run: $prefix/bin/reviewdesk"
echo "To check the installation: $prefix/bin/reviewdesk --self-test"
