import { getDocumentProxy } from 'unpdf'
import { PlanImportError } from '../errors'

/** Items on one line are within this many units of each other vertically. */
const SAME_LINE = 2

/**
 * A PDF's text layer, line by line (text items joined in reading order, a new line where the
 * baseline moves). A scanned PDF has no text layer: it is refused with a clear message, since
 * Duban does no OCR.
 */
export async function pdfText(bytes: Uint8Array): Promise<string> {
  let pdf: Awaited<ReturnType<typeof getDocumentProxy>>
  try {
    pdf = await getDocumentProxy(new Uint8Array(bytes))
  } catch (error) {
    throw new PlanImportError('unsupported', `the PDF cannot be read: ${(error as Error).message}`)
  }
  const allLines: string[] = []
  for (let number = 1; number <= pdf.numPages; number++) {
    const page = await pdf.getPage(number)
    const content = await page.getTextContent()
    let line = ''
    const lines: string[] = []
    let lastY: number | null = null
    for (const item of content.items) {
      if (!('str' in item)) continue
      const y = item.transform[5] as number
      if (lastY !== null && Math.abs(y - lastY) > SAME_LINE) {
        lines.push(line)
        line = ''
      }
      line += item.str
      lastY = y
      if (item.hasEOL) {
        lines.push(line)
        line = ''
        lastY = null
      }
    }
    if (line) lines.push(line)
    allLines.push(...lines.filter((l) => l.trim() !== '').map(fromRadicals))
  }
  const text = joinWrappedLines(allLines).join('\n')
  if (
    text.replace(/\s/g, '').length < 20 * Math.max(1, pdf.numPages) &&
    text.replace(/\s/g, '').length < 200
  ) {
    throw new PlanImportError(
      'scanned_pdf',
      `the PDF has no text layer (${pdf.numPages} page(s) of images, a scan): Duban reads text, it does no OCR — ask for the .docx or a text PDF`,
    )
  }
  return text
}

/** A line that starts an item, a heading or a unit line: never the tail of the line before. */
const STARTS =
  /^\s*(?:[一二三四五六七八九十]+\s*[、.．]|[(（]\s*[一二三四五六七八九十\d]+\s*[)）]|\d{1,3}\s*[.．、]|[①-⑳]|第[一二三四五六七八九十百]+条|(?:牵头|责任|配合|协办)(?:单位|部门)|序\s*号)/

/**
 * A PDF breaks paragraphs into lines at the page width. A line as long as the longest ones,
 * not ending a sentence, continues into the next unless that one starts an item or a heading.
 */
export function joinWrappedLines(lines: string[]): string[] {
  const longest = Math.max(0, ...lines.map((line) => line.trim().length))
  const out: string[] = []
  for (const line of lines) {
    const previous = out.at(-1)
    if (
      previous !== undefined &&
      previous.trim().length >= longest * 0.85 &&
      !/[。；;：:！？!?]$/.test(previous.trim()) &&
      !STARTS.test(line)
    )
      out[out.length - 1] = `${previous.trimEnd()}${line.trim()}`
    else out.push(line)
  }
  return out
}

/**
 * CJK fonts often map glyphs to the Kangxi radicals (⼯ U+2F2F for 工): folded to the ordinary
 * characters they stand for, one for one.
 */
function fromRadicals(line: string): string {
  return line.replace(/[\u2e80-\u2fdf]/g, (ch) => {
    const folded = RADICAL_SUPPLEMENT[ch] ?? ch.normalize('NFKC')
    return folded.length === 1 ? folded : ch
  })
}

/** CJK Radicals Supplement forms that stand for whole simplified characters (no NFKC mapping). */
const RADICAL_SUPPLEMENT: Record<string, string> = Object.fromEntries(
  [
    ...'⺁厂⺇几⺊卜⺌小⺝月⺟母⺠民⺩王⺬示⺮竹⺰纟⺾艹⻁虎⻄西⻅见⻆角⻈讠⻉贝⻋车⻏阝⻓长⻔门⻖阝⻘青⻚页⻛风⻜飞⻝食⻠饣⻢马⻣骨⻤鬼⻥鱼⻦鸟⻧卤⻨麦⻩黄⻬齐⻮齿⻳龟',
  ].flatMap((ch, i, all) => (i % 2 === 0 ? [[ch, all[i + 1] ?? ch]] : [])),
)
