import { type HTMLElement, type Node, NodeType, parse } from 'node-html-parser'

/** Elements that are page chrome on a government site, never the document. */
const CHROME_TAGS = new Set([
  'script',
  'style',
  'noscript',
  'nav',
  'header',
  'footer',
  'aside',
  'form',
  'iframe',
  'button',
  'select',
  'head',
])
const CHROME_NAME =
  /(?:^|[-_\s])(?:nav|menu|header|footer|breadcrumb|crumb|share|sidebar|toolbar|search|login|banner|copyright|related|xgwj|fxd)(?:$|[-_\s])/i
/** Where government CMSs put the document's text (TRS, UCAP, gov.cn, provincial sites). */
const CONTENT_SELECTORS = [
  '#UCAP-CONTENT',
  '.TRS_Editor',
  '#zoom',
  '.pages_content',
  '.article-content',
  '.zw',
  '#zw',
  '.content',
  'article',
  'main',
]
const BLOCK = new Set([
  'p',
  'div',
  'br',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'li',
  'tr',
  'table',
  'section',
  'article',
  'blockquote',
  'pre',
  'ul',
  'ol',
  'dd',
  'dt',
  'center',
])

/**
 * The document in an .html page saved from a government site: the page chrome (navigation,
 * headers, footers, share bars, scripts) stripped, paragraphs one a line, table rows one a line
 * with tab-separated cells (so a distribution table reads as one).
 */
export function htmlText(html: string, options: { wholeBody?: boolean } = {}): string {
  const root = parse(html, { comment: false, blockTextElements: { script: false, style: false, pre: true } })
  for (const element of root.querySelectorAll('*')) {
    const name = `${element.getAttribute('class') ?? ''} ${element.getAttribute('id') ?? ''}`
    if (CHROME_TAGS.has(element.tagName?.toLowerCase() ?? '') || CHROME_NAME.test(name)) element.remove()
  }
  const content = options.wholeBody
    ? root
    : (CONTENT_SELECTORS.map((selector) => root.querySelector(selector)).find(
        (element) => element && element.text.trim().length > 50,
      ) ??
      root.querySelector('body') ??
      root)
  const out: string[] = []
  walk(content, out)
  return out
    .join('')
    .replace(/\u00a0/g, ' ')
    .split('\n')
    .map((line) => line.replace(/[ \t]+$/, '').replace(/^[ ]+/, ''))
    .filter((line, index, lines) => line.trim() !== '' || (index > 0 && lines[index - 1]?.trim() !== ''))
    .join('\n')
    .trim()
}

function walk(node: Node, out: string[]): void {
  if (node.nodeType === NodeType.TEXT_NODE) {
    out.push(node.text.replace(/\s+/g, ' '))
    return
  }
  if (node.nodeType !== NodeType.ELEMENT_NODE) return
  const element = node as HTMLElement
  const tag = element.tagName?.toLowerCase() ?? ''
  if (tag === 'td' || tag === 'th') {
    const cell: string[] = []
    for (const child of element.childNodes) walk(child, cell)
    out.push(
      `${cell
        .join('')
        .replace(/\s*\n\s*/g, ' ')
        .trim()}\t`,
    )
    return
  }
  if (BLOCK.has(tag)) out.push('\n')
  for (const child of element.childNodes) walk(child, out)
  if (BLOCK.has(tag)) out.push('\n')
}
