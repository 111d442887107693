const OPEN = '(（〔【[［'
const CLOSE = ')）〕】]］'

/** A top-level bracket group: `start` is the opener, `end` is just past the closer. */
export interface BracketGroup {
  start: number
  end: number
  content: string
}

/**
 * Top-level bracket groups, with nesting counted across bracket kinds: a unit list such as
 * 〔…各区县(自治县)政府…〕 holds brackets of its own, and documents mix widths.
 */
export function topLevelGroups(text: string): BracketGroup[] {
  const groups: BracketGroup[] = []
  let depth = 0
  let start = -1
  for (let i = 0; i < text.length; i++) {
    const ch = text[i] ?? ''
    if (OPEN.includes(ch)) {
      if (depth === 0) start = i
      depth++
    } else if (CLOSE.includes(ch) && depth > 0) {
      depth--
      if (depth === 0) groups.push({ start, end: i + 1, content: text.slice(start + 1, i) })
    }
  }
  return groups
}

/** Splits at separators that are not inside brackets or quotes. */
export function splitOutside(text: string, separators: RegExp): string[] {
  const parts: string[] = []
  let depth = 0
  let from = 0
  for (let i = 0; i < text.length; i++) {
    const ch = text[i] ?? ''
    if (OPEN.includes(ch) || ch === '“') depth++
    else if ((CLOSE.includes(ch) || ch === '”') && depth > 0) depth--
    else if (depth === 0 && separators.test(ch)) {
      parts.push(text.slice(from, i))
      from = i + 1
    }
  }
  parts.push(text.slice(from))
  return parts
}
