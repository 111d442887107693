/**
 * The bulletin as a printable web page: one self-contained HTML document (its stylesheet
 * inside), A4 with print margins, tables that repeat their header row across pages.
 * Deterministic: the same content gives the same bytes.
 */
import type { BulletinContent } from './content'
import { type Block, outline, provenance, zhDate } from './sections'

const escapes: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
}
const esc = (text: string) => text.replace(/[&<>"']/g, (ch) => escapes[ch] ?? ch)

/** The print stylesheet, also served on its own for the web page (a CSP without inline styles). */
export const bulletinCss = `@page { size: A4; margin: 25mm 20mm 20mm 25mm; }
body { font-family: "FangSong", "STFangsong", "Noto Serif CJK SC", serif; font-size: 16pt; line-height: 1.6; color: #000; max-width: 170mm; margin: 0 auto; }
.doc-number { text-align: center; margin: 0; }
h1 { font-family: "SimSun", "Noto Serif CJK SC", serif; font-size: 22pt; text-align: center; margin: 12pt 0; }
h2 { font-family: "SimHei", "Noto Sans CJK SC", sans-serif; font-size: 16pt; margin: 12pt 0 6pt; }
p { text-indent: 2em; margin: 0 0 6pt; }
p.date { text-align: right; }
p.provenance { font-size: 10.5pt; text-indent: 0; color: #444; }
table { border-collapse: collapse; width: 100%; font-size: 10.5pt; margin: 6pt 0 12pt; page-break-inside: auto; }
thead { display: table-header-group; }
tr { page-break-inside: avoid; }
th, td { border: 1px solid #000; padding: 2pt 4pt; }
td.num { text-align: right; }
section.annex { page-break-before: always; }
@media screen { body { margin: 2em auto; } }
`

function block(b: Block): string {
  if (b.kind === 'heading') return `<h2>${esc(b.text)}</h2>`
  if (b.kind === 'paragraph') return `<p>${esc(b.text)}</p>`
  const head = b.columns.map((c) => `<th>${esc(c)}</th>`).join('')
  const rows = b.rows
    .map(
      (row) =>
        `<tr>${row.map((cell, i) => `<td${b.numeric?.[i] ? ' class="num"' : ''}>${esc(cell)}</td>`).join('')}</tr>`,
    )
    .join('\n')
  return `<table><thead><tr>${head}</tr></thead><tbody>\n${rows}\n</tbody></table>`
}

/** `stylesheet`: inline (a downloaded file) or a link to the same CSS (a page under the app's CSP). */
export function renderBulletinHtml(
  content: BulletinContent,
  options: { stylesheet?: { href: string } } = {},
): string {
  const { body, annex } = outline(content)
  const style = options.stylesheet
    ? `<link rel="stylesheet" href="${esc(options.stylesheet.href)}">`
    : `<style>\n${bulletinCss}</style>`
  return `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<title>${esc(content.text.title)}</title>
${style}
</head>
<body>
<article class="bulletin" data-bulletin="${esc(content.bulletinId)}">
${content.text.docNumber ? `<p class="doc-number">${esc(content.text.docNumber)}</p>\n` : ''}<h1>${esc(content.text.title)}</h1>
${body.map(block).join('\n')}
<p class="date">${esc(zhDate(content.asOf.date))}</p>
<p class="provenance">${esc(provenance(content))}</p>
<section class="annex">
${annex.map(block).join('\n')}
</section>
</article>
</body>
</html>
`
}
