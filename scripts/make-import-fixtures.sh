#!/usr/bin/env bash
# Makes the import test fixtures in tests/fixtures/import/ (committed; CI never runs this):
#   meeting-minutes-2026.pdf   Simplified Chinese, 2 pages, embedded CJK font: running header,
#                              page-number footers, a decimal figure in prose, a table, a signature date
#   seminar-notice-2026.docx   Traditional Chinese Word file with Title, Heading 1 and Heading 2 styles
#   ipd-pledge-app-2026.html   (written by hand, committed as it is, not made here) a saved web page:
#                              navigation, search, sidebar and footer around the article
#   no-text-layer.pdf          a page with no text (what a scanned PDF looks like to a text extractor)
# The documents are invented for the tests (no real programme facts); the knowledge base never ships them.
#
# Needs LibreOffice Writer and a CJK font:
#   apt-get install -y libreoffice-writer-nogui fonts-wqy-microhei poppler-utils
# Run from the repository root: bash scripts/make-import-fixtures.sh
set -euo pipefail

out="tests/fixtures/import"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
mkdir -p "$out"
command -v soffice >/dev/null || { echo "soffice not found: apt-get install -y libreoffice-writer-nogui fonts-wqy-microhei" >&2; exit 1; }
fc-list : family | grep -i "WenQuanYi Micro Hei" >/dev/null || { echo "font WenQuanYi Micro Hei not found: apt-get install -y fonts-wqy-microhei" >&2; exit 1; }

# One flat ODF document per fixture: styles (a CJK font, headings, an indented body paragraph) and a
# page with a running header and a page-number footer. $1 = body XML.
fodt() {
  cat <<EOF
<?xml version="1.0" encoding="UTF-8"?>
<office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"
 xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0"
 xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"
 xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"
 xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0"
 xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0"
 xmlns:dc="http://purl.org/dc/elements/1.1/"
 xmlns:meta="urn:oasis:names:tc:opendocument:xmlns:meta:1.0"
 office:version="1.3" office:mimetype="application/vnd.oasis.opendocument.text">
 <office:meta><dc:title>$2</dc:title></office:meta>
 <office:font-face-decls>
  <style:font-face style:name="WenQuanYi Micro Hei" svg:font-family="'WenQuanYi Micro Hei'"/>
 </office:font-face-decls>
 <office:styles>
  <style:default-style style:family="paragraph">
   <style:paragraph-properties fo:margin-bottom="0.2cm"/>
   <style:text-properties style:font-name="WenQuanYi Micro Hei" style:font-name-asian="WenQuanYi Micro Hei"
    fo:font-size="10.5pt" style:font-size-asian="10.5pt" fo:language="zh" fo:country="CN"/>
  </style:default-style>
  <style:style style:name="Standard" style:family="paragraph" style:class="text"/>
  <style:style style:name="Body" style:family="paragraph" style:parent-style-name="Standard">
   <style:paragraph-properties fo:text-indent="0.74cm"/>
  </style:style>
  <style:style style:name="Right" style:family="paragraph" style:parent-style-name="Standard">
   <style:paragraph-properties fo:text-align="end"/>
  </style:style>
  <style:style style:name="Title" style:family="paragraph" style:parent-style-name="Standard" style:class="chapter">
   <style:paragraph-properties fo:text-align="center" fo:margin-bottom="0.4cm"/>
   <style:text-properties fo:font-size="18pt" style:font-size-asian="18pt" fo:font-weight="bold" style:font-weight-asian="bold"/>
  </style:style>
  <style:style style:name="Heading_20_1" style:display-name="Heading 1" style:family="paragraph" style:parent-style-name="Standard" style:default-outline-level="1" style:class="text">
   <style:paragraph-properties fo:margin-top="0.3cm"/>
   <style:text-properties fo:font-size="14pt" style:font-size-asian="14pt" fo:font-weight="bold" style:font-weight-asian="bold"/>
  </style:style>
  <style:style style:name="Heading_20_2" style:display-name="Heading 2" style:family="paragraph" style:parent-style-name="Standard" style:default-outline-level="2" style:class="text">
   <style:text-properties fo:font-size="12pt" style:font-size-asian="12pt" fo:font-weight="bold" style:font-weight-asian="bold"/>
  </style:style>
  <style:style style:name="Small" style:family="paragraph" style:parent-style-name="Standard">
   <style:paragraph-properties fo:text-align="center"/>
   <style:text-properties fo:font-size="9pt" style:font-size-asian="9pt"/>
  </style:style>
 </office:styles>
 <office:automatic-styles>
  <style:page-layout style:name="A4">
   <style:page-layout-properties fo:page-width="21cm" fo:page-height="29.7cm" fo:margin-top="1.5cm" fo:margin-bottom="1.5cm" fo:margin-left="2.5cm" fo:margin-right="2.5cm"/>
   <style:header-style><style:header-footer-properties fo:min-height="0.8cm" fo:margin-bottom="0.5cm"/></style:header-style>
   <style:footer-style><style:header-footer-properties fo:min-height="0.8cm" fo:margin-top="0.5cm"/></style:footer-style>
  </style:page-layout>
  <style:style style:name="NewPage" style:family="paragraph" style:parent-style-name="Heading_20_1">
   <style:paragraph-properties fo:break-before="page"/>
  </style:style>
  <style:style style:name="Grid" style:family="table"><style:table-properties style:width="16cm" table:align="left"/></style:style>
  <style:style style:name="Wide" style:family="table-column"><style:table-column-properties style:column-width="7cm"/></style:style>
  <style:style style:name="Narrow" style:family="table-column"><style:table-column-properties style:column-width="3cm"/></style:style>
 </office:automatic-styles>
 <office:master-styles>
  <style:master-page style:name="Standard" style:page-layout-name="A4">
   <style:header><text:p text:style-name="Small">$3</text:p></style:header>
   <style:footer><text:p text:style-name="Small">— <text:page-number text:select-page="current">1</text:page-number> —</text:p></style:footer>
  </style:master-page>
 </office:master-styles>
 <office:body><office:text>
$1
 </office:text></office:body>
</office:document>
EOF
}

row() { # cells… → one table row
  printf '   <table:table-row>'
  for cell in "$@"; do printf '<table:table-cell><text:p>%s</text:p></table:table-cell>' "$cell"; done
  printf '</table:table-row>\n'
}

minutes_body="$(cat <<'EOF'
  <text:p text:style-name="Title">粤港知识产权合作专责小组第十九次会议纪要</text:p>
  <text:p text:style-name="Body">2026年5月12日，粤港保护知识产权合作专责小组在广州召开第十九次会议。双方回顾了2025年的合作成果，并商定2026年的合作项目。</text:p>
  <text:h text:style-name="Heading_20_1" text:outline-level="1">一、2025年合作成果</text:h>
  <text:p text:style-name="Body">2025年，广东省发明专利授权量达到12.6万件，同比增长8.7%；每万人口高价值发明专利拥有量达到38.4件。粤港两地共举办知识产权培训及研讨活动46场，参与企业超过2300家，其中香港中小企业占三成。双方认为，两地在专利审查、商标保护、版权交易和海外维权方面的合作持续深化，为大湾区创新发展提供了有力支撑。</text:p>
  <text:p text:style-name="Standard">表1 主要知识产权指标</text:p>
  <table:table table:name="Indicators" table:style-name="Grid">
   <table:table-column table:style-name="Wide"/><table:table-column table:style-name="Narrow" table:number-columns-repeated="3"/>
EOF
)"
minutes_body+=$'\n'"$(row 指标 单位 2024年 2025年)"
minutes_body+=$'\n'"$(row 发明专利授权量 万件 11.5 12.6)"
minutes_body+=$'\n'"$(row 每万人口高价值发明专利拥有量 件 35.1 38.4)"
minutes_body+=$'\n'"$(row PCT国际专利申请量 万件 2.8 3.1)"
minutes_body+=$'\n'"$(cat <<'EOF'
  </table:table>
  <text:h text:style-name="NewPage" text:outline-level="1">二、2026年合作项目</text:h>
  <text:p text:style-name="Body">双方同意在2026年继续推广“正版正货承诺”活动，并于2026年9月在深圳前海举办粤港知识产权交易博览会。香港知识产权署将为香港中小企业提供知识产权咨询服务，预计服务企业不少于500家。</text:p>
  <text:p text:style-name="Body">双方还将共同编写《粤港企业海外知识产权维权指引》，收录美国、欧盟、日本和东盟的维权案例，并在两地的展会和培训活动中免费派发。</text:p>
  <text:p text:style-name="Right">粤港保护知识产权合作专责小组</text:p>
  <text:p text:style-name="Right">2026年5月20日</text:p>
EOF
)"

notice_body="$(cat <<'EOF'
  <text:p text:style-name="Title">2026年粵港知識產權與中小企業發展研討會</text:p>
  <text:h text:style-name="Heading_20_1" text:outline-level="1">研討會簡介</text:h>
  <text:p text:style-name="Body">香港知識產權署與廣東省市場監督管理局（知識產權局）將合辦2026年粵港知識產權與中小企業發展研討會，介紹兩地知識產權保護的最新措施，並分享中小企業運用知識產權的經驗。</text:p>
  <text:h text:style-name="Heading_20_1" text:outline-level="1">日期及地點</text:h>
  <text:p text:style-name="Body">研討會將於2026年6月18日（星期四）下午2時30分至5時30分在香港灣仔會議展覽中心舉行，以粵語及普通話進行。</text:p>
  <text:h text:style-name="Heading_20_2" text:outline-level="2">報名安排</text:h>
  <text:p text:style-name="Body">研討會費用全免，名額300個，先到先得。報名截止日期為2026年6月5日。</text:p>
  <text:p text:style-name="Right">香港知識產權署</text:p>
  <text:p text:style-name="Right">2026年5月8日</text:p>
EOF
)"

fodt '  <text:p text:style-name="Standard"/>' "" "" > "$work/no-text-layer.fodt"
fodt "$minutes_body" "粤港知识产权合作专责小组第十九次会议纪要" "粤港知识产权合作专责小组" > "$work/meeting-minutes-2026.fodt"
fodt "$notice_body" "2026年粵港知識產權與中小企業發展研討會" "香港知識產權署" > "$work/seminar-notice-2026.fodt"

# A private LibreOffice profile: no interference from (or with) a running instance.
profile="-env:UserInstallation=file://$work/profile"
soffice "$profile" --headless --convert-to pdf --outdir "$work" "$work/meeting-minutes-2026.fodt" >/dev/null
soffice "$profile" --headless --convert-to pdf --outdir "$work" "$work/no-text-layer.fodt" >/dev/null
soffice "$profile" --headless --convert-to docx:"MS Word 2007 XML" --outdir "$work" "$work/seminar-notice-2026.fodt" >/dev/null
cp "$work/meeting-minutes-2026.pdf" "$work/seminar-notice-2026.docx" "$work/no-text-layer.pdf" "$out/"


ls -l "$out"
command -v pdffonts >/dev/null && pdffonts "$out/meeting-minutes-2026.pdf" || true
