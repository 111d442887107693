/**
 * `duban migrate --from <store url> --to <store url>`: copies the whole event log verbatim into
 * another store, then the evidence files (the embedded log's `attachments` directory beside it,
 * or a PostgreSQL database's attachment tables) into the target's attachment store, with progress
 * bars, resumable after an interruption, verified at the end (the hash chain, and every file a
 * report cites present in the target). Exit 0 verified; 1 the copy or its verification failed;
 * 2 bad urls or a target that holds another log.
 */
import type { EventStore, StoreLocation } from '@duban/eventstore'
import { type OpenedAttachments, openAttachmentStoreAt } from '@duban/runtime'
import type { Command } from 'commander'
import { CliError } from '../cli-error'
import { type Progress, progressBar } from '../progress'
import { type AttachmentsResult, migrateAttachments } from './migrate-attachments'
import { MigrationError, migrateLog } from './migrate-log'
import { openStore, storeLocation } from './store-url'

interface MigrateFlags {
  from: string
  to: string
  batchSize: string
  json?: boolean
}

export function migrateCommand(program: Command): void {
  program
    .command('migrate')
    .description('copy the whole event log into another store (SQLite, PostgreSQL, EventStoreDB), verbatim')
    .requiredOption('--from <url>', 'source store: sqlite:path, postgres://… or esdb://…')
    .requiredOption('--to <url>', 'target store, empty or holding an interrupted copy of the source')
    .option('--batch-size <events>', 'source events read per batch', '2000')
    .option('--json', 'print the result as JSON')
    .action(async (flags: MigrateFlags) => {
      const batchSize = Number(flags.batchSize)
      if (!Number.isSafeInteger(batchSize) || batchSize < 1) {
        throw new CliError(`--batch-size must be a positive integer, got ${flags.batchSize}`)
      }
      const from = storeLocation(flags.from)
      const to = storeLocation(flags.to)
      if (from.kind === to.kind && (from.file ?? from.url) === (to.file ?? to.url)) {
        throw new CliError('--from and --to name the same store')
      }
      const source = await openStore(from, 'source')
      let target: EventStore | undefined
      const interrupt = new AbortController()
      const onSignal = () => interrupt.abort()
      process.once('SIGINT', onSignal)
      let bar: Progress | undefined
      try {
        target = await openStore(to, 'target')
        const total = await source.headPosition()
        let phase: 'copy' | 'verify' | undefined
        const result = await migrateLog(source, target, {
          batchSize,
          // EventStoreDB orders $all by commit: appends to different streams must go one by one.
          pipelined: to.kind !== 'esdb',
          signal: interrupt.signal,
          onProgress(progress) {
            if (progress.phase !== phase) {
              bar?.stop()
              phase = progress.phase
              bar = progressBar(
                phase === 'copy' ? 'copying' : 'verifying',
                phase === 'copy' ? total : progress.events,
              )
            }
            bar?.update(phase === 'copy' ? progress.position : progress.events)
          },
        })
        bar?.stop()
        let filesBar: Progress | undefined
        const attachments = result.ok
          ? await copyAttachments(from, to, target, interrupt.signal, (progress) => {
              filesBar ??= progressBar('copying files', progress.total)
              filesBar.update(progress.done)
            }).finally(() => filesBar?.stop())
          : undefined
        if (flags.json)
          process.stdout.write(
            `${JSON.stringify({ from: from.display, to: to.display, ...result, ...(attachments && { attachments }) })}\n`,
          )
        if (!result.ok) throw new CliError(`migrate FAILED: ${result.problem}`, 1)
        if (!flags.json) {
          const resumed = result.resumedAfter > 0 ? ` (resumed after ${result.resumedAfter})` : ''
          process.stdout.write(
            `migrate ok: ${result.copied} events copied${resumed}; the target holds ${result.events} events ` +
              `in ${result.streams} streams, hash chain verified\n` +
              `  from: ${from.display}\n  to:   ${to.display}\n  head hash: ${result.headHash}\n` +
              (attachments
                ? `  attachments: ${attachments.copied} files copied, ${attachments.alreadyThere} already there; ` +
                  `the ${attachments.cited} files reports cite are all in the target\n`
                : '  attachments: none copied (EventStoreDB keeps no files)\n'),
          )
        }
      } catch (error) {
        bar?.stop()
        if (error instanceof MigrationError)
          throw new CliError(`migrate FAILED: ${error.message}`, error.exitCode)
        throw error
      } finally {
        process.off('SIGINT', onSignal)
        await Promise.all([source.close(), target?.close()])
      }
    })
}

/**
 * The files after the log (the log is what cites them): undefined when either side is an
 * EventStoreDB, which keeps no files.
 */
async function copyAttachments(
  from: StoreLocation,
  to: StoreLocation,
  targetLog: EventStore,
  signal: AbortSignal,
  onProgress: (progress: { done: number; total: number }) => void,
): Promise<AttachmentsResult | undefined> {
  if (from.kind === 'esdb' || to.kind === 'esdb') return undefined
  let source: OpenedAttachments | undefined
  let target: OpenedAttachments | undefined
  try {
    source = await openAttachmentStoreAt(from, { mustExist: true })
    target = await openAttachmentStoreAt(to)
    return await migrateAttachments(source?.store, target!.store, targetLog, { signal, onProgress })
  } finally {
    await Promise.all([source?.close(), target?.close()])
  }
}
