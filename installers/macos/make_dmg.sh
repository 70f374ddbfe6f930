#!/bin/sh
# Make the macOS disk image from dist/ReviewDesk.app. Runs on macOS only (hdiutil, codesign).
#
#   installers/macos/make_dmg.sh VERSION      (installers/build.py --package runs this for you)
#
# Signing and notarisation happen only when these are set (see docs/installing.md):
#   CODESIGN_IDENTITY   e.g. "Developer ID Application: Example Council (ABCDE12345)"
#   NOTARY_PROFILE      a keychain profile made once with `xcrun notarytool store-credentials`
# Without them the disk image is unsigned: fine for testing, but Gatekeeper will warn users.
set -eu

cd "$(dirname "$0")/../.."
version=${1:?usage: make_dmg.sh VERSION}
app="dist/ReviewDesk.app"
dmg="dist/ReviewDesk-$version-macos.dmg"
[ -d "$app" ] || { echo "make_dmg.sh: $app is missing; run installers/build.py first" >&2; exit 1; }
command -v hdiutil >/dev/null 2>&1 || { echo "make_dmg.sh: hdiutil is macOS-only" >&2; exit 1; }

if [ -n "${CODESIGN_IDENTITY:-}" ]; then
  # Hardened runtime and a secure timestamp are what notarisation requires. --deep re-signs the
  # libraries PyInstaller ad-hoc signed inside the bundle with the same identity.
  codesign --force --deep --options runtime --timestamp --sign "$CODESIGN_IDENTITY" "$app"
  codesign --verify --deep --strict --verbose=2 "$app"
fi

staging=$(mktemp -d)
trap 'rm -rf "$staging"' EXIT INT TERM
ditto "$app" "$staging/ReviewDesk.app"        # ditto keeps symlinks, modes and signatures
ln -s /Applications "$staging/Applications"   # drag-to-install target in the window
rm -f "$dmg"
hdiutil create -volname "ReviewDesk $version" -srcfolder "$staging" -fs HFS+ -format UDZO -ov "$dmg"

if [ -n "${CODESIGN_IDENTITY:-}" ]; then
  codesign --force --timestamp --sign "$CODESIGN_IDENTITY" "$dmg"
fi
if [ -n "${NOTARY_PROFILE:-}" ]; then
  [ -n "${CODESIGN_IDENTITY:-}" ] || { echo "make_dmg.sh: notarising needs CODESIGN_IDENTITY" >&2; exit 1; }
  xcrun notarytool submit "$dmg" --keychain-profile "$NOTARY_PROFILE" --wait
  xcrun stapler staple "$dmg"
  spctl --assess --type open --context context:primary-signature --verbose=2 "$dmg"
fi
echo "Disk image: $dmg"
