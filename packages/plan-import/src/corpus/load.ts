import { readdirSync, readFileSync } from 'node:fs'
import type { ImportOptions } from '../parse'
import { NO_UNITS } from '../parse'
import { Expectation } from './expectation'

/** The corpus directory: one `<id>.txt` and one `<id>.expected.json` per document. */
export const CORPUS_DIR = new URL('../../corpus/', import.meta.url)

export interface CorpusDocument {
  id: string
  text: string
  expected: Expectation
}

export function loadCorpus(dir: URL = CORPUS_DIR): CorpusDocument[] {
  return readdirSync(dir)
    .filter((name) => name.endsWith('.txt'))
    .sort()
    .map((name) => {
      const id = name.slice(0, -'.txt'.length)
      const expected = Expectation.parse(
        JSON.parse(readFileSync(new URL(`${id}.expected.json`, dir), 'utf8')),
      )
      return { id, text: readFileSync(new URL(name, dir), 'utf8'), expected }
    })
}

/** How a corpus document is read: with its jurisdiction's directory, or none (names as written). */
export function importOptionsFor(expected: Expectation): ImportOptions {
  return expected.directory ? { jurisdiction: expected.directory } : { units: NO_UNITS, districtGroup: '' }
}
