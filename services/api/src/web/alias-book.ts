/**
 * Where the office's confirmed aliases live (a name a document used for a directory unit). The
 * file book keeps them in DUBAN_DATA_DIR as the units package's alias TSV; the memory book, for
 * tests and the demo, for the life of the process.
 */
import { appendFile, readFile } from 'node:fs/promises'
import { ALIAS_HEADER, type ConfirmedAlias, formatAlias, parseAliases } from '@duban/units'

export interface AliasBook {
  list(): Promise<ConfirmedAlias[]>
  remember(alias: ConfirmedAlias): Promise<void>
}

export function memoryAliasBook(): AliasBook {
  const aliases: ConfirmedAlias[] = []
  return {
    list: async () => [...aliases],
    remember: async (alias) => {
      aliases.push(alias)
    },
  }
}

export function fileAliasBook(file: string): AliasBook {
  return {
    list: async () => {
      try {
        return parseAliases(await readFile(file, 'utf8'))
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return []
        throw error
      }
    },
    remember: async (alias) => {
      const exists = await readFile(file, 'utf8').then(
        () => true,
        () => false,
      )
      await appendFile(file, `${exists ? '' : `${ALIAS_HEADER}\n`}${formatAlias(alias)}\n`, 'utf8')
    },
  }
}
