import { PlanImportError } from '../errors'
import { docxText } from './docx'
import { htmlText } from './html'
import { pdfText } from './pdf'
import { decodeText } from './text'

/** Larger than any policy document; a 100-page .docx is about 1 MB. */
export const MAX_BYTES = 20 * 1024 * 1024

export type DocumentFormat = 'text' | 'docx' | 'pdf' | 'html'

const startsWith = (bytes: Uint8Array, signature: number[]) => signature.every((byte, i) => bytes[i] === byte)

/** The format by content (a file's name may lie or be missing): docx is a zip, PDF says %PDF. */
export function detectFormat(bytes: Uint8Array, fileName = ''): DocumentFormat | 'doc' | 'zip' {
  if (startsWith(bytes, [0x25, 0x50, 0x44, 0x46, 0x2d])) return 'pdf'
  if (startsWith(bytes, [0x50, 0x4b, 0x03, 0x04])) {
    const head = Buffer.from(bytes.subarray(0, Math.min(bytes.length, 64 * 1024))).toString('latin1')
    return head.includes('word/') || /\.docx$/i.test(fileName) ? 'docx' : 'zip'
  }
  if (startsWith(bytes, [0xd0, 0xcf, 0x11, 0xe0])) return 'doc'
  const head = Buffer.from(bytes.subarray(0, 2048)).toString('latin1').trimStart().toLowerCase()
  if (
    /\.html?$/i.test(fileName) ||
    head.startsWith('<!doctype html') ||
    head.startsWith('<html') ||
    /<(?:head|body|meta)[\s>]/.test(head)
  )
    return 'html'
  return 'text'
}

/**
 * A document file's text: .txt (UTF-8, GBK/GB18030, Big5), .docx, .pdf with a text layer, or
 * .html saved from a government site. Refuses what it cannot read with a PlanImportError.
 */
export async function documentText(
  bytes: Uint8Array,
  fileName = '',
): Promise<{ text: string; format: DocumentFormat; encoding?: string }> {
  if (bytes.length > MAX_BYTES)
    throw new PlanImportError(
      'too_large',
      `the file is ${(bytes.length / 1024 / 1024).toFixed(0)} MB; a policy document is at most ${MAX_BYTES / 1024 / 1024} MB (is it the right file?)`,
    )
  if (bytes.length === 0) throw new PlanImportError('empty', 'the document is empty')
  const format = detectFormat(bytes, fileName)
  switch (format) {
    case 'pdf':
      return { text: await pdfText(bytes), format }
    case 'docx':
      return { text: await docxText(bytes), format }
    case 'html': {
      const { text, encoding } = decodeText(bytes)
      return { text: htmlText(text), format, encoding }
    }
    case 'doc':
      throw new PlanImportError(
        'unsupported',
        'a .doc file (Word 97–2003) cannot be read: save it as .docx or .txt and import that',
      )
    case 'zip':
      throw new PlanImportError(
        'unsupported',
        'a .zip file is not a document: import the .docx, .pdf, .html or .txt inside it',
      )
    default: {
      const { text, encoding } = decodeText(bytes)
      return { text, format, encoding }
    }
  }
}
