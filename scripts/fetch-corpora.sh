#!/usr/bin/env bash
# Builds Kutip's evaluation corpora from real documentation in Debian's packages, as plain text
# (HTML pages dumped by w3m, hard-wrapped at 80 columns, as a user converting them would get).
# Nothing here is committed: the texts are third-party; only the QA sets in testdata/eval are.
#
#   scripts/fetch-corpora.sh [OUT]      (default OUT: .corpora, git-ignored)
#
# Corpora:
#   lo-id    LibreOffice 7.4 help in Indonesian (libreoffice-help-id, MPL-2.0): the Writer guide and
#            the shared guide, one file a help page.
#   debref-en  Debian Reference in English (debian-reference-en, GPL-2+): one file a chapter.
#   debref-id  Debian Reference in Indonesian (debian-reference-id, GPL-2+): one file a chapter; the
#            package's HTML chapters and PDF are also kept under OUT/raw/debref-id (format checks).
#   kicad-en KiCad 6 documentation in English (kicad-doc-en, GPL-3+ or CC-BY-3.0): one file a
#            manual; the HTML pages are also kept under OUT/raw/kicad-en.
# Needs: apt-get (root, or the packages' .deb files downloadable), dpkg-deb, w3m (installed if missing).
set -euo pipefail
out=${1:-.corpora}
mkdir -p "$out"
out=$(cd "$out" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

if ! command -v w3m >/dev/null; then
  apt-get install -y -qq --no-install-recommends w3m >/dev/null
fi
cd "$work"
chmod 777 "$work"
pkgs="libreoffice-help-id debian-reference-en debian-reference-id kicad-doc-en"
apt-get download $pkgs >/dev/null 2>&1 || {
  apt-get update -qq >/dev/null && apt-get download $pkgs >/dev/null
}
for deb in *.deb; do dpkg-deb -x "$deb" root; done

dump() { w3m -dump -cols 80 -O UTF-8 -T text/html "$1"; }

# LibreOffice help pages: drop the navigation header (everything up to the search box line) and the
# trailing "Harap dukung kami!" banner.
rm -rf "$out/lo-id"; mkdir -p "$out/lo-id"
for section in swriter/guide shared/guide; do
  for f in root/usr/share/libreoffice/help/id/text/$section/*.html; do
    name="$(echo "$section" | tr / -)-$(basename "$f" .html).txt"
    dump "$f" | awk '
      !started { if ($0 ~ /^Indeks/) { skip=1; next } if (skip && $0 ~ /^\[ *\]$/) { started=1; next } if (!skip) next; next }
      /^Harap dukung kami!/ { exit }
      { print }' | sed -e '/./,$!d' > "$out/lo-id/$name"
    [ -s "$out/lo-id/$name" ] || rm -f "$out/lo-id/$name"
  done
done

rm -rf "$out/debref-en"; mkdir -p "$out/debref-en"
for f in root/usr/share/debian-reference/pr01.en.html root/usr/share/debian-reference/ch*.en.html root/usr/share/debian-reference/apa.en.html; do
  # Drop the navigation lines w3m renders at the top and bottom of each chapter page.
  dump "$f" | sed -E -e '/^Prev +((Up|Home) +)?Next$/d' > "$out/debref-en/$(basename "$f" .en.html).txt"
done

rm -rf "$out/debref-id" "$out/raw/debref-id"; mkdir -p "$out/debref-id" "$out/raw/debref-id"
for f in root/usr/share/debian-reference/pr01.id.html root/usr/share/debian-reference/ch*.id.html root/usr/share/debian-reference/apa.id.html; do
  dump "$f" | sed -E -e 's/\xc2\xa0/ /g' -e '/^Sebelumnya( +((Naik|Depan) +)?Lanjut)? *$/d' > "$out/debref-id/$(basename "$f" .id.html).txt"
  cp "$f" "$out/raw/debref-id/"
done
cp root/usr/share/debian-reference/debian-reference.id.pdf "$out/raw/debref-id/" 2>/dev/null || true

rm -rf "$out/kicad-en" "$out/raw/kicad-en"; mkdir -p "$out/kicad-en" "$out/raw/kicad-en"
for f in root/usr/share/doc/kicad/help/en/*.html; do
  dump "$f" > "$out/kicad-en/$(basename "$f" .html).txt"
  cp "$f" "$out/raw/kicad-en/"
done

for c in lo-id debref-en debref-id kicad-en; do
  printf '%s: %s files, %s bytes\n' "$c" "$(ls "$out/$c" | wc -l)" "$(cat "$out/$c"/* | wc -c)"
done
