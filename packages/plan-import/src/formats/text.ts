import iconv from 'iconv-lite'
import jschardet from 'jschardet'
import { PlanImportError } from '../errors'

/**
 * Plain text in the encodings Chinese offices save it in: UTF-8 (with or without BOM), UTF-16
 * (with BOM), GBK/GB2312/GB18030 (read as GB18030, their superset) and Big5. UTF-8 is tried
 * first and strictly; otherwise the encoding is detected (jschardet) and decoded (iconv-lite).
 */
export function decodeText(bytes: Uint8Array): { text: string; encoding: string } {
  if (bytes[0] === 0xff && bytes[1] === 0xfe)
    return { text: iconv.decode(Buffer.from(bytes.subarray(2)), 'utf-16le'), encoding: 'UTF-16LE' }
  if (bytes[0] === 0xfe && bytes[1] === 0xff)
    return { text: iconv.decode(Buffer.from(bytes.subarray(2)), 'utf-16be'), encoding: 'UTF-16BE' }
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), encoding: 'UTF-8' }
  } catch {
    // not UTF-8: detect below
  }
  const buffer = Buffer.from(bytes)
  const detected = jschardet.detect(buffer.subarray(0, 64 * 1024).toString('binary'))
  const name = (detected.encoding ?? '').toUpperCase()
  const encoding = /GB|HZ/.test(name) ? 'gb18030' : /BIG5/.test(name) ? 'big5' : null
  if (!encoding || (detected.confidence ?? 0) < 0.2) {
    throw new PlanImportError(
      'binary',
      'the document is not valid UTF-8 text, nor GBK/GB18030 or Big5 (binary, or another encoding)',
    )
  }
  return { text: iconv.decode(buffer, encoding), encoding: encoding.toUpperCase() }
}
