#!/usr/bin/env bash
# make-format-fixtures.sh SRC_DIR OUT_DIR: converts every .txt in SRC_DIR (one paragraph a line,
# short lines without a final stop are headings, as in seeds/) into the formats Kutip reads, for
# measuring extraction quality and for the format tests:
#   NAME.md            the Markdown the others are made from (headings "##")
#   NAME.docx          pandoc
#   NAME.html          pandoc, wrapped in a page with navigation, a cookie banner and a footer
#   NAME.epub          pandoc (chapters at the headings)
#   NAME.pdf           LibreOffice from the .docx: one column
#   NAME.2col.pdf      LibreOffice from a flat ODT: two justified, hyphenated columns, a running
#                      header and a page-number footer on every page
# Needs pandoc and LibreOffice (Debian: apt-get install --no-install-recommends pandoc
# libreoffice-writer-nogui hyphen-en-us). Hyphenation uses the English patterns, the only ones
# Debian ships for LibreOffice that apply to Latin script broadly; they cut Indonesian words
# too, which is what the test needs: words split at line ends.
set -euo pipefail
src=${1:?usage: make-format-fixtures.sh SRC_DIR OUT_DIR}
out=${2:?usage: make-format-fixtures.sh SRC_DIR OUT_DIR}
mkdir -p "$out"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

is_heading='length($0) < 100 && $0 !~ /[.!?:;,)”"]$/'

xml_escape() { sed -e 's/&/\&amp;/g' -e 's/</\&lt;/g' -e 's/>/\&gt;/g'; }

for f in "$src"/*.txt; do
  name=$(basename "$f" .txt)
  # Markdown: a heading is "## ", a numbered heading keeps its number escaped from list syntax.
  awk "{ if (\$0 == \"\") next; if ($is_heading) { h = \$0; if (h ~ /^[0-9]+\\./) sub(/\\./, \"\\\\.\", h); print \"## \" h } else print; print \"\" }" "$f" > "$out/$name.md"
  title=$(head -1 "$f" | cut -c1-60)
  pandoc -f markdown -t docx -o "$out/$name.docx" "$out/$name.md"
  pandoc -f markdown -t epub3 --metadata title="$title" --metadata lang=id -o "$out/$name.epub" "$out/$name.md"
  body=$(pandoc -f markdown -t html "$out/$name.md")
  cat > "$out/$name.html" <<EOF
<!DOCTYPE html>
<html lang="id"><head><meta charset="utf-8"><title>$(printf '%s' "$title" | xml_escape) | Arsip Kutip</title>
<style>nav a { margin-right: 1em }</style><script>var tracking = "x";</script></head>
<body>
<header class="site-header"><a href="/">Arsip Kutip</a>
<nav><a href="/">Beranda</a> <a href="/topik">Topik</a> <a href="/tentang">Tentang kami</a> <a href="/kontak">Kontak</a></nav></header>
<div class="cookie-banner">Situs ini memakai cookie untuk statistik. <button>Setuju</button></div>
<main><article>
$body
</article></main>
<aside class="sidebar"><h3>Artikel terkait</h3><ul><li><a href="/a">Berita lain hari ini</a></li><li><a href="/b">Terpopuler minggu ini</a></li></ul></aside>
<footer>© 2024 Arsip Kutip. Hak cipta dilindungi. <a href="/privasi">Kebijakan privasi</a></footer>
</body></html>
EOF
  (cd "$work" && soffice --headless --convert-to pdf --outdir "$work" "$out/$name.docx" >/dev/null 2>&1)
  mv "$work/$name.pdf" "$out/$name.pdf"

  # Two columns, justified and hyphenated, running header and footer with the page number.
  {
    cat <<EOF
<?xml version="1.0" encoding="UTF-8"?>
<office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0" office:version="1.3" office:mimetype="application/vnd.oasis.opendocument.text">
<office:styles>
<style:style style:name="Standard" style:family="paragraph"><style:paragraph-properties fo:text-align="justify" fo:margin-bottom="0.15cm"/><style:text-properties fo:font-size="10pt" fo:language="en" fo:country="US" fo:hyphenate="true" fo:hyphenation-remain-char-count="2" fo:hyphenation-push-char-count="2"/></style:style>
<style:style style:name="Heading_20_2" style:display-name="Heading 2" style:family="paragraph" style:parent-style-name="Standard" style:default-outline-level="2"><style:paragraph-properties fo:text-align="start" fo:margin-top="0.3cm"/><style:text-properties fo:font-size="12pt" fo:font-weight="bold" fo:hyphenate="false"/></style:style>
</office:styles>
<office:automatic-styles>
<style:page-layout style:name="pm1"><style:page-layout-properties fo:page-width="14.8cm" fo:page-height="21cm" fo:margin="1.5cm"><style:columns fo:column-count="2" fo:column-gap="0.6cm"/></style:page-layout-properties><style:header-style/><style:footer-style/></style:page-layout>
</office:automatic-styles>
<office:master-styles><style:master-page style:name="Standard" style:page-layout-name="pm1">
<style:header><text:p text:style-name="Standard">Laporan Kutip — Edisi Uji</text:p></style:header>
<style:footer><text:p text:style-name="Standard">Halaman <text:page-number text:select-page="current"/></text:p></style:footer>
</style:master-page></office:master-styles>
<office:body><office:text>
EOF
    awk "{ if (\$0 == \"\") next; print (($is_heading) ? \"H\" : \"P\") \"\\t\" \$0 }" "$f" | while IFS=$'\t' read -r kind line; do
      esc=$(printf '%s' "$line" | xml_escape)
      if [ "$kind" = H ]; then
        printf '<text:h text:style-name="Heading_20_2" text:outline-level="2">%s</text:h>\n' "$esc"
      else
        printf '<text:p text:style-name="Standard">%s</text:p>\n' "$esc"
      fi
    done
    echo '</office:text></office:body></office:document>'
  } > "$work/$name.2col.fodt"
  (cd "$work" && soffice --headless --convert-to pdf --outdir "$work" "$work/$name.2col.fodt" >/dev/null 2>&1)
  mv "$work/$name.2col.pdf" "$out/$name.2col.pdf"
done
