/**
 * Walks the pages a signed-in user can reach by following links (GET, same origin, under /w/),
 * breadth first from the user's home page. Pages that differ only by ids are one kind of page
 * (`/w/units/:id/tasks/:id`): the crawl visits the first few of each kind and every kind it
 * finds, so it covers every page of the role without loading all 2,000 assignments of a district.
 */
import type { Page } from 'playwright-core'

/** What a user must never read: the ledger's internal ids (units, simulated staff, notices, indicators, tasks, reports). */
export const RAW_ID_PATTERNS: readonly RegExp[] = [
  /\bcq-[a-z]/,
  /[a-z0-9]\.staff\b/,
  /supervision-notice\./,
  /\bt\d+\.k\d+\b/,
  /\b\d{4}-[a-z0-9]{6,}\.t\d+/,
  /\bsystem:[a-z]/,
  /\bsim-ducha\b/,
  /\b(?:r|n|x)-\d{8}-[0-9a-f]{8}\b/,
  /\breq-\d+\b/,
]

export interface Visited {
  path: string
  status: number
  /** Raw ids found in the visible text, with a little context. */
  rawIds: string[]
  /** document width beyond the viewport (px); 0 when the page fits. */
  overflow: number
}

/** A page's kind: its path with every id-like segment replaced. */
export const kindOf = (href: string) => {
  const url = new URL(href)
  const path = url.pathname
    .split('/')
    .map((segment, i) => (i > 2 && /[-.\d]|^[a-z0-9]{8,}$/.test(segment) ? ':id' : segment))
    .join('/')
  // A filter or page of a list is the same page; a query naming another list page is kept apart.
  const keys = [...url.searchParams.keys()].filter((k) => k !== 'asOf').sort()
  return `${path}${keys.length ? `?${keys.join('&')}` : ''}`
}

export async function visibleProblems(page: Page): Promise<Pick<Visited, 'rawIds' | 'overflow'>> {
  const text = (await page.evaluate('document.body.innerText')) as string
  const rawIds: string[] = []
  for (const pattern of RAW_ID_PATTERNS) {
    const match = pattern.exec(text)
    if (match) rawIds.push(text.slice(Math.max(0, match.index - 30), match.index + match[0].length + 20))
  }
  // Wider than the screen: the document, or any element sticking out of it (measured against the viewport asked for).
  const width = page.viewportSize()?.width ?? 0
  const widest = (await page.evaluate(
    'Math.max(document.documentElement.scrollWidth, document.body.scrollWidth)',
  )) as number
  return { rawIds, overflow: Math.max(0, widest - width) }
}

export async function crawl(
  page: Page,
  origin: string,
  options: { perKind?: number; maxPages?: number; skip?: RegExp } = {},
): Promise<Visited[]> {
  const perKind = options.perKind ?? 2
  const maxPages = options.maxPages ?? 80
  const seen = new Set<string>()
  const kinds = new Map<string, number>()
  const queue = [new URL(page.url()).pathname]
  const visited: Visited[] = []
  while (queue.length > 0 && visited.length < maxPages) {
    const path = queue.shift()!
    if (seen.has(path)) continue
    seen.add(path)
    const response = await page.goto(`${origin}${path}`)
    const status = response?.status() ?? 0
    visited.push({ path, status, ...(await visibleProblems(page)) })
    const links = await page.$$eval('a[href]:not([download])', (as) =>
      as.map((a) => a.getAttribute('href') ?? ''),
    )
    for (const href of links) {
      const url = new URL(href, page.url())
      if (url.origin !== origin || !url.pathname.startsWith('/w/') || url.pathname.startsWith('/w/assets'))
        continue
      if (/\.(xlsx|docx|html|pdf|csv)$/.test(url.pathname) || options.skip?.test(url.pathname)) continue
      const target = `${url.pathname}${url.search}`
      if (seen.has(target)) continue
      const kind = kindOf(url.href)
      const count = kinds.get(kind) ?? 0
      if (count >= perKind) continue
      kinds.set(kind, count + 1)
      queue.push(target)
    }
  }
  return visited
}
