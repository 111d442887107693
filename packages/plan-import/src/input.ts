import { PlanImportError } from './errors'
import { decodeText } from './formats/text'

/**
 * Turns the raw input into text, refusing what cannot be a policy document. Bytes are UTF-8,
 * GBK/GB18030 or Big5 text (detected); spans index the decoded string. Other formats (.docx,
 * .pdf, .html) are read by `documentText` first.
 */
export function readInput(input: string | Uint8Array): string {
  const text = typeof input === 'string' ? input : decode(input)
  if (text.trim() === '') throw new PlanImportError('empty', 'the document is empty')
  if (looksBinary(text)) {
    throw new PlanImportError(
      'binary',
      'the document is binary, not text (expected a plan as .txt, .docx, .pdf or .html)',
    )
  }
  return text
}

function decode(bytes: Uint8Array): string {
  if (bytes.length === 0) return ''
  return decodeText(bytes).text.replace(/^\ufeff/, '')
}

/** NUL or a run of control characters never occurs in a policy text; tab, CR and LF do. */
function looksBinary(text: string): boolean {
  if (text.includes('\u0000')) return true
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what we look for
  const controls = text.match(/[\u0001-\u0008\u000e-\u001f\ufffd]/g)?.length ?? 0
  return controls > Math.max(4, text.length / 200)
}
