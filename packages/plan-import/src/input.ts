import { PlanImportError } from './errors'

/**
 * Turns the raw input into text, refusing what cannot be a policy document. Bytes must be
 * UTF-8; a decoded BOM is dropped by the decoder, so spans index the decoded string.
 */
export function readInput(input: string | Uint8Array): string {
  const text = typeof input === 'string' ? input : decode(input)
  if (text.trim() === '') throw new PlanImportError('empty', 'the document is empty')
  if (looksBinary(text)) {
    throw new PlanImportError('binary', 'the document is binary, not text (expected a UTF-8 plan text)')
  }
  return text
}

function decode(bytes: Uint8Array): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes)
  } catch {
    throw new PlanImportError('binary', 'the document is not valid UTF-8 text (binary, or another encoding)')
  }
}

/** NUL or a run of control characters never occurs in a policy text; tab, CR and LF do. */
function looksBinary(text: string): boolean {
  if (text.includes('\u0000')) return true
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what we look for
  const controls = text.match(/[\u0001-\u0008\u000e-\u001f\ufffd]/g)?.length ?? 0
  return controls > Math.max(4, text.length / 200)
}
