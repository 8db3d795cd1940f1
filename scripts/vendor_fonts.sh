#!/usr/bin/env bash
# Vendor the Noto fonts the PDF writer embeds, from the npm registry at pinned versions,
# into src/tourlink/web/static/fonts/ (committed: nothing is fetched at run time).
#
#   scripts/vendor_fonts.sh
#
# Needs npm (only `npm pack`: no install scripts run). Regular and Bold of each family,
# with the SIL Open Font License 1.1 text that ships with each package:
#
#   Noto Sans (Latin, Vietnamese)    @expo-google-fonts/noto-sans             TTF
#   Noto Sans Devanagari (Hindi)     @expo-google-fonts/noto-sans-devanagari  TTF
#   Noto Sans JP (Japanese)          @embedpdf/fonts-jp                       OTF (CFF)
#   Noto Sans KR (Korean)            @embedpdf/fonts-kr                       OTF (CFF)
#   Noto Sans Hans (Simpl. Chinese)  @embedpdf/fonts-sc                       OTF (CFF)
#
# The CJK files are large (4.5-8.6 MB each, about 35 MB for the six); PDFs embed only
# the glyphs they use.
set -euo pipefail

NOTO_SANS=0.4.2
NOTO_SANS_DEVANAGARI=0.4.1
FONTS_JP=1.0.0
FONTS_KR=1.0.0
FONTS_SC=1.0.0

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
dest="$root/src/tourlink/web/static/fonts"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

unpack() { # unpack <package@version> <dir>
  local tarball
  tarball="$(cd "$work" && npm pack --silent "$1" | tail -n 1)"
  mkdir -p "$work/$2"
  tar xzf "$work/$tarball" -C "$work/$2" --strip-components=1
}

unpack "@expo-google-fonts/noto-sans@$NOTO_SANS" latin
unpack "@expo-google-fonts/noto-sans-devanagari@$NOTO_SANS_DEVANAGARI" deva
unpack "@embedpdf/fonts-jp@$FONTS_JP" jp
unpack "@embedpdf/fonts-kr@$FONTS_KR" kr
unpack "@embedpdf/fonts-sc@$FONTS_SC" sc

rm -rf "$dest"
mkdir -p "$dest"
cp "$work/latin/400Regular/NotoSans_400Regular.ttf" "$dest/NotoSans-Regular.ttf"
cp "$work/latin/700Bold/NotoSans_700Bold.ttf" "$dest/NotoSans-Bold.ttf"
cp "$work/latin/LICENSE_FONT" "$dest/OFL-NotoSans.txt"
cp "$work/deva/400Regular/NotoSansDevanagari_400Regular.ttf" "$dest/NotoSansDevanagari-Regular.ttf"
cp "$work/deva/700Bold/NotoSansDevanagari_700Bold.ttf" "$dest/NotoSansDevanagari-Bold.ttf"
cp "$work/deva/LICENSE_FONT" "$dest/OFL-NotoSansDevanagari.txt"
for lang in jp kr; do
  upper="$(echo "$lang" | tr '[:lower:]' '[:upper:]')"
  cp "$work/$lang/fonts/NotoSans$upper-Regular.otf" "$dest/NotoSans$upper-Regular.otf"
  cp "$work/$lang/fonts/NotoSans$upper-Bold.otf" "$dest/NotoSans$upper-Bold.otf"
  cp "$work/$lang/LICENSE" "$dest/OFL-NotoSans$upper.txt"
done
cp "$work/sc/fonts/NotoSansHans-Regular.otf" "$dest/NotoSansSC-Regular.otf"
cp "$work/sc/fonts/NotoSansHans-Bold.otf" "$dest/NotoSansSC-Bold.otf"
cp "$work/sc/LICENSE" "$dest/OFL-NotoSansSC.txt"

cat >"$dest/VERSIONS.txt" <<EOF
Vendored by scripts/vendor_fonts.sh from the npm registry; do not edit by hand.
All fonts: SIL Open Font License 1.1 (OFL-*.txt).
@expo-google-fonts/noto-sans $NOTO_SANS -> NotoSans-{Regular,Bold}.ttf
@expo-google-fonts/noto-sans-devanagari $NOTO_SANS_DEVANAGARI -> NotoSansDevanagari-{Regular,Bold}.ttf
@embedpdf/fonts-jp $FONTS_JP -> NotoSansJP-{Regular,Bold}.otf
@embedpdf/fonts-kr $FONTS_KR -> NotoSansKR-{Regular,Bold}.otf
@embedpdf/fonts-sc $FONTS_SC -> NotoSansSC-{Regular,Bold}.otf (NotoSansHans, GB2312)
EOF
(cd "$dest" && sha256sum -- *.ttf *.otf >SHA256SUMS)
du -sh "$dest"
