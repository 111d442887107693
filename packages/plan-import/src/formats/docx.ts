import mammoth from 'mammoth'
import { PlanImportError } from '../errors'

/** A Word document's text, one paragraph a line; tables one row a line, cells tab-separated. */
export async function docxText(bytes: Uint8Array): Promise<string> {
  try {
    // Tables are read from the HTML rendering, so a distribution table keeps its rows and cells.
    const { value: html } = await mammoth.convertToHtml({ buffer: Buffer.from(bytes) })
    const { htmlText } = await import('./html')
    return htmlText(html, { wholeBody: true })
  } catch (error) {
    throw new PlanImportError('unsupported', `the .docx file cannot be read: ${(error as Error).message}`)
  }
}
