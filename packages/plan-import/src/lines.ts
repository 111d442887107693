/** One line of the document, trimmed; start/end index the original text. */
export interface Line {
  text: string
  start: number
  end: number
}

/** Splits into trimmed lines without losing offsets (spans must index the untouched input). */
export function splitLines(text: string): Line[] {
  const lines: Line[] = []
  const pattern = /[^\n]*/g
  for (let match = pattern.exec(text); match; match = pattern.exec(text)) {
    const raw = match[0]
    const lead = raw.length - raw.trimStart().length
    const trimmed = raw.trim()
    lines.push({ text: trimmed, start: match.index + lead, end: match.index + lead + trimmed.length })
    if (pattern.lastIndex >= text.length) break
    pattern.lastIndex += 1 // step over the newline
  }
  return lines
}
