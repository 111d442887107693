import { Converter } from 'opencc-js/t2cn'

/** Traditional → simplified, character by character (OpenCC's tables), so offsets are kept. */
const toSimplified = Converter({ from: 't', to: 'cn' })

/**
 * Text to read: documents republished in traditional characters (big5 mirrors, Hong Kong and
 * Taiwan sites) are read as simplified, so 牽頭單位 is 牵头单位 and 國家發展改革委 resolves. The
 * result has the same length as the input (spans index both); it is converted only when the
 * document is mostly traditional, so a simplified text is never touched.
 */
export function readableText(text: string): { text: string; traditional: boolean } {
  const converted = toSimplified(text)
  if (converted.length !== text.length) return { text: perCharacter(text), traditional: true }
  let changed = 0
  let cjk = 0
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i)
    if (code >= 0x4e00 && code <= 0x9fff) {
      cjk++
      if (converted.charCodeAt(i) !== code) changed++
    }
  }
  return changed >= 5 && changed >= cjk * 0.02
    ? { text: converted, traditional: true }
    : { text, traditional: false }
}

function perCharacter(text: string): string {
  let out = ''
  for (const ch of text) {
    const converted = toSimplified(ch)
    out += converted.length === ch.length ? converted : ch
  }
  return out
}
