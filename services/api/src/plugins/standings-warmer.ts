/**
 * 每日预热: the standings of a business date are made afresh on its first view (lights change as
 * days pass with no write), about 300 ms of CPU at demo size. This warms them in the background
 * instead — once at start, and whenever the ledger's clock shows a new business date (checked
 * every `everyMs`) — so the first dashboard, task board or on-time ranking of the day finds them
 * ready. The warm runs in the views' own slices of the event loop (`ReadModels.warmStandings`);
 * it waits while the server is busy (`busy`: shedding load, or its start-up passes still running)
 * and stops on close. A write meanwhile is no harm: what it touches is made again on demand.
 * fastify-plugin: `standingsWarmer` is the server's, for tests and the bench.
 */
import { setTimeout as sleep } from 'node:timers/promises'
import type { ReadModels } from '@duban/read-models'
import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'

export interface StandingsWarmerOptions extends StandingsWarmerTiming {
  readModels: Pick<ReadModels, 'todayDate' | 'warmStandings'>
  /** Whether the server is too busy for background work now; the warm waits while it is. */
  busy: () => boolean | Promise<boolean>
}

export interface StandingsWarmerTiming {
  /** How often the business date is looked at (ms); default 30 s. */
  everyMs?: number
  /** How long a busy server is left alone before it is asked again (ms); default 1 s. */
  pauseMs?: number
  /** The warm's slices (ms); default the views' own. */
  sliceMs?: number
  /** The warm also waits while this says true: a test holds it mid-way to write meanwhile. */
  holdWhile?: () => boolean
}

export interface StandingsWarmer {
  /** The last business date whose standings were warmed to the end. */
  warmed(): string | undefined
  /** Whether a warm is under way. */
  warming(): boolean
  /** Looks at the date now (as the timer does) and resolves when any warm it starts is over. */
  checkNow(): Promise<void>
}

declare module 'fastify' {
  interface FastifyInstance {
    standingsWarmer: StandingsWarmer
  }
}

export const standingsWarmer = fp<StandingsWarmerOptions>(
  async (app: FastifyInstance, options) => {
    const { readModels, busy } = options
    const everyMs = options.everyMs ?? 30_000
    const pauseMs = options.pauseMs ?? 1_000
    // Aborts the pauses and the timer's wait on close.
    const stop = new AbortController()
    let warmed: string | undefined
    let warm: Promise<void> | undefined
    let timer: NodeJS.Timeout | undefined

    /** False once closed; else true after a turn of the event loop and as long as the server is busy. */
    const turn = async (): Promise<boolean> => {
      await new Promise((resolve) => setImmediate(resolve))
      while (!stop.signal.aborted && ((await busy()) || options.holdWhile?.()))
        await sleep(pauseMs, undefined, { signal: stop.signal }).catch(() => undefined)
      return !stop.signal.aborted
    }

    /** Warms the clock's date unless warmed already: once at a time. */
    const warmToday = async (): Promise<void> => {
      try {
        if (readModels.todayDate() === warmed || !(await turn())) return
        const date = await readModels.warmStandings({
          turn,
          ...(options.sliceMs !== undefined && { sliceMs: options.sliceMs }),
        })
        if (date) {
          warmed = date
          app.log.info({ date }, 'standings warmed for the business date')
        }
      } catch (error) {
        app.log.error({ err: error }, 'warming the standings failed; the first view of the day makes them')
      }
    }

    const check = (): Promise<void> => {
      if (stop.signal.aborted) return Promise.resolve()
      warm ??= warmToday().finally(() => {
        warm = undefined
      })
      return warm
    }

    const schedule = (ms: number) => {
      if (stop.signal.aborted) return
      timer = setTimeout(() => void check().then(() => schedule(everyMs)), ms)
    }

    app.decorate('standingsWarmer', {
      warmed: () => warmed,
      warming: () => warm !== undefined,
      checkNow: check,
    })
    // At start the read models have caught up with the log (they are started before the server).
    app.addHook('onReady', async () => schedule(0))
    app.addHook('onClose', async () => {
      stop.abort()
      clearTimeout(timer)
      await warm
    })
  },
  { name: 'standings-warmer' },
)
