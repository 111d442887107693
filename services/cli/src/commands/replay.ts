/**
 * `duban replay [name]`: drops and rebuilds one read model (or all of them) from the start of
 * the log, with a progress bar on stderr.
 */
import { readModelProjections } from '@duban/read-models'
import type { Command } from 'commander'
import { CliError } from '../cli-error'
import { type StoreChoice, storeUrlOption } from '../ledger-from-env'
import { progressBar } from '../progress'
import { withReadModels } from '../read-models-from-env'

export function replayCommand(program: Command): void {
  const names = readModelProjections.map((p) => p.name)
  storeUrlOption(program.command('replay'))
    .description(`rebuild read models from the whole log (${names.join(', ')}; all when none is named)`)
    .argument('[name]', 'the read model to rebuild')
    .action(async (name: string | undefined, options: StoreChoice) => {
      if (name !== undefined && !names.includes(name))
        throw new CliError(`no read model named ${name}; known: ${names.join(', ')}`)
      await withReadModels(async (models) => {
        const started = performance.now()
        const head = (await models.lag())[0]?.head ?? 0
        const progress = progressBar(`replaying ${name ?? 'all read models'}`, head)
        const position = await models.rebuild(name, { onProgress: (p) => progress.update(p.position) })
        progress.stop()
        const seconds = (performance.now() - started) / 1000
        process.stdout.write(
          `replayed ${name ?? 'all read models'} to position ${position} in ${seconds.toFixed(1)} s` +
            ` (${Math.round(position / Math.max(seconds, 0.001)).toLocaleString('en-US')} events/s)\n`,
        )
      }, options)
    })
}
