/**
 * The dispatcher: follows the log from its checkpoint (the log is the outbox), composes each
 * unit's morning digest, hands what is due to the channels and writes every outcome back to the
 * log as an event. Planning is pure (plan.ts) and happens in the index projection; this file is
 * the I/O: reading the index, sending, appending outcomes.
 *
 * Guarantees, as far as a sender can know:
 * - A delivery id is derived from (ledger event, recipient, channel), so whoever plans it, and
 *   however often, gets the same id; a message is sent again only if it was in flight when the
 *   process died (its outcome not yet in the log), and then with the same id.
 * - One channel's messages go out in log order: a transient failure holds that channel (and only
 *   that channel) until its backoff ends; a permanent one dead-letters the message and the
 *   channel moves on.
 * - At most `robotPerMinute` messages a minute per robot: when more are ready, the last slot of
 *   the minute carries the rest merged into one message; nothing is dropped.
 */
import type { EventStore } from '@duban/eventstore'
import { ProjectionRunner } from '@duban/projections'
import { appendDeliveryEvent } from './append'
import { type BackoffPolicy, backoffDelay, defaultBackoff } from './backoff'
import { atShanghai, type WorkingDays } from './business-time'
import type { Channel, OpenedTarget } from './channels/channel'
import type { Classified } from './classify'
import { type ChannelKind, type Contact, type DeliveryEvent, deliveryStreamId, type Sealed } from './events'
import { deliveryIndexProjection } from './index-projection'
import type { OutgoingMessage } from './messages'
import { type DeliveryRules, defaultDeliveryRules } from './rules'
import type { SecretBox } from './secrets'

export const DISPATCHER_ACTOR = 'system:dispatcher'
export const DISPATCHER_LEADERSHIP = 'duban-dispatcher'

interface Log {
  info(obj: object, msg?: string): void
  warn(obj: object, msg?: string): void
  error(obj: object, msg?: string): void
}

export interface DispatcherOptions {
  store: EventStore
  /** The dispatcher's local index (SQLite; rebuilt from the log when new or wiped). */
  indexFile: string
  /** The ledger's clock: stamps outcome events, decides quiet hours and digest time. */
  clock: { now(): Date }
  /** Real time for backoff, rate windows and 加签 timestamps; default the ledger's clock. */
  wallClock?: { now(): Date }
  random?: () => number
  secrets: SecretBox
  channels: Partial<Record<ChannelKind, Channel>>
  rules?: DeliveryRules
  backoff?: BackoffPolicy
  baseUrl: string
  unitName(unitId: string): string
  days: WorkingDays
  logger?: Log
  /** Channels sent to at once. */
  concurrency?: number
}

export interface TickResult {
  delivered: number
  failed: number
  deadLettered: number
  digests: number
}

interface PendingRow {
  delivery_id: string
  seq: number
  unit_id: string
  channel_id: string
  channel_kind: ChannelKind
  source_event_id: string
  not_before: string
  next_attempt_at: string | null
  attempts: number
  message: string
}

export interface DeadLetter {
  deliveryId: string
  unitId: string
  channelId: string
  channelKind: ChannelKind
  sourceEventId: string
  attempts: number
  code: string | null
  detail: string | null
  at: string | null
  title: string
}

export interface DispatcherStatus {
  /** Positions the index is behind the log's head. */
  lag: number
  pending: number
  deadLetters: number
}

const quietLog: Log = { info() {}, warn() {}, error() {} }
const robotKinds = new Set<ChannelKind>(['dingtalk', 'wecom'])
const MAX_DIGEST_ITEMS = 500
/**
 * The index catches up in slices of this many ms with the event loop's turn between: it runs in
 * the API server's process, and from an empty index (a first start) it reads the whole log. A
 * request that arrives meanwhile waits at most about one slice; on a machine so loaded that this
 * process gets a tenth of a core, 50 ms slices held the loop for half a second and load shedding
 * refused requests of a calm server.
 */
const CATCH_UP = { sliceMs: 10 }

export class Dispatcher {
  readonly runner: ProjectionRunner
  private readonly rules: DeliveryRules
  private readonly backoff: BackoffPolicy
  private readonly wall: { now(): Date }
  private readonly random: () => number
  private readonly log: Log
  /** Send times (wall ms) per robot channel within the last minute. */
  private readonly window = new Map<string, number[]>()
  private ticking: Promise<TickResult> | undefined

  constructor(private readonly options: DispatcherOptions) {
    this.rules = options.rules ?? defaultDeliveryRules
    this.backoff = options.backoff ?? defaultBackoff
    this.wall = options.wallClock ?? options.clock
    this.random = options.random ?? Math.random
    this.log = options.logger ?? quietLog
    this.runner = ProjectionRunner.open(options.indexFile, {
      store: options.store,
      // Small reads: a read of the log is one synchronous step the catch-up's slices cannot cut
      // (they cut the applying, where planning a delivery renders its message).
      batchSize: 100,
      projections: [
        deliveryIndexProjection({
          rules: this.rules,
          baseUrl: options.baseUrl,
          unitName: options.unitName,
          days: options.days,
        }),
      ],
    })
  }

  /** One pass: catch up, compose due digests, send what is due, record outcomes. Never overlaps. */
  tick(): Promise<TickResult> {
    if (!this.ticking) {
      this.ticking = this.runTick().finally(() => {
        this.ticking = undefined
      })
    }
    return this.ticking
  }

  private async runTick(): Promise<TickResult> {
    const result: TickResult = { delivered: 0, failed: 0, deadLettered: 0, digests: 0 }
    await this.runner.catchUp(CATCH_UP)
    result.digests = await this.composeDigests()
    if (result.digests > 0) await this.runner.catchUp(CATCH_UP)
    const groups = this.readyByChannel()
    const queue = [...groups.values()]
    const workers = Array.from(
      { length: Math.min(this.options.concurrency ?? 8, queue.length) },
      async () => {
        for (let group = queue.shift(); group; group = queue.shift()) await this.sendChannel(group, result)
      },
    )
    await Promise.all(workers)
    await this.runner.catchUp(CATCH_UP)
    return result
  }

  /** Units' digest items whose morning has come and whose scheduler run has settled. */
  private async composeDigests(): Promise<number> {
    const now = this.options.clock.now()
    const groups = this.runner.db
      .prepare(
        `SELECT unit_id, date, max(recorded_at) AS last FROM d_digest_items WHERE compiled = 0 GROUP BY unit_id, date ORDER BY date, unit_id`,
      )
      .all() as { unit_id: string; date: string; last: string }[]
    let written = 0
    for (const group of groups) {
      const day = this.options.days.isWorkingDay(group.date)
        ? group.date
        : this.options.days.addWorkingDays(group.date, 1)
      if (now < atShanghai(day, this.rules.digestAt)) continue
      if (now.getTime() < Date.parse(group.last) + this.rules.digestSettleSeconds * 1000) continue
      const items = this.runner.db
        .prepare(
          'SELECT event_id, kind, task_id FROM d_digest_items WHERE unit_id = ? AND date = ? AND compiled = 0 ORDER BY position LIMIT ?',
        )
        .all(group.unit_id, group.date, MAX_DIGEST_ITEMS) as {
        event_id: string
        kind: 'due_soon' | 'overdue'
        task_id: string
      }[]
      const seq =
        ((
          this.runner.db
            .prepare('SELECT max(seq) AS seq FROM d_digests WHERE unit_id = ? AND date = ?')
            .get(group.unit_id, group.date) as { seq: number | null }
        ).seq ?? 0) + 1
      const openNotices = (
        this.runner.db
          .prepare('SELECT count(*) AS n FROM d_open_notices WHERE unit_id = ?')
          .get(group.unit_id) as {
          n: number
        }
      ).n
      await this.write(
        group.unit_id,
        `digest:${group.unit_id}:${group.date}:${seq}`,
        items[0]?.event_id ?? '',
        {
          type: 'DigestCompiled',
          data: {
            unitId: group.unit_id,
            date: group.date,
            seq,
            openNotices,
            items: items.map((item) => ({ eventId: item.event_id, kind: item.kind, taskId: item.task_id })),
          },
        },
      )
      written++
    }
    return written
  }

  /** Per channel, the pending deliveries that may go now, in order, stopping at the first that may not. */
  private readyByChannel(): Map<string, PendingRow[]> {
    const now = this.options.clock.now().toISOString()
    const wall = this.wall.now().toISOString()
    const rows = this.runner.db
      .prepare(`SELECT * FROM d_deliveries WHERE status = 'pending' ORDER BY channel_id, seq`)
      .all() as PendingRow[]
    const groups = new Map<string, PendingRow[]>()
    const blocked = new Set<string>()
    for (const row of rows) {
      if (blocked.has(row.channel_id)) continue
      const due =
        row.not_before <= now &&
        (row.next_attempt_at === null || row.attempts === 0 || row.next_attempt_at <= wall)
      if (!due) {
        blocked.add(row.channel_id)
        continue
      }
      const group = groups.get(row.channel_id)
      if (group) group.push(row)
      else groups.set(row.channel_id, [row])
    }
    return groups
  }

  private budget(row: PendingRow): number {
    if (!robotKinds.has(row.channel_kind)) return Number.POSITIVE_INFINITY
    const now = this.wall.now().getTime()
    const since = now - 60_000
    if (!this.window.has(row.channel_id)) {
      // First use in this process (a restart, a takeover): count what the log says went out in
      // the last minute, as if sent just now — a conservative start, never a burst past the limit.
      const recent = (
        this.runner.db
          .prepare(
            "SELECT count(*) AS n FROM d_deliveries WHERE channel_id = ? AND status = 'delivered' AND done_at > ?",
          )
          .get(row.channel_id, new Date(this.options.clock.now().getTime() - 60_000).toISOString()) as {
          n: number
        }
      ).n
      this.window.set(
        row.channel_id,
        Array.from({ length: Math.min(recent, this.rules.robotPerMinute) }, () => now),
      )
    }
    const sent = (this.window.get(row.channel_id) ?? []).filter((at) => at > since)
    this.window.set(row.channel_id, sent)
    return this.rules.robotPerMinute - sent.length
  }

  private async sendChannel(rows: PendingRow[], result: TickResult): Promise<void> {
    const first = rows[0]
    if (!first) return
    // A secret that no longer opens (another key) fails this channel's messages, not the tick.
    let target: OpenedTarget | undefined
    let unopened: Classified | undefined
    try {
      target = this.openTarget(first)
    } catch (error) {
      // SecretKeyError's message names no secret.
      unopened = { verdict: 'permanent', code: 'secret', detail: (error as Error).message }
    }
    const channel = this.options.channels[first.channel_kind]
    let index = 0
    while (index < rows.length) {
      const budget = this.budget(first)
      if (budget <= 0) return
      // The last slot of the minute carries everything still waiting, merged, up to the size limit.
      const part =
        rows.length - index > budget && budget === 1
          ? this.mergeable(rows, index, channel?.maxBytes ?? 4_000)
          : [rows[index] as PendingRow]
      index += part.length
      const head = part[0] as PendingRow
      const message = part.length === 1 ? (JSON.parse(head.message) as OutgoingMessage) : merge(part)
      let outcome: Classified
      if (unopened) outcome = unopened
      else if (!channel || !target)
        outcome = {
          verdict: 'permanent',
          code: 'no channel',
          detail: `the ${head.channel_kind} channel is not available`,
        }
      else {
        try {
          outcome = await channel.send(target, message)
        } catch (error) {
          // Never the error's text in the event: it may quote the webhook URL and its token.
          outcome = { verdict: 'transient', code: 'error', detail: 'the channel failed unexpectedly' }
          this.log.error({ channelId: head.channel_id, errorName: (error as Error)?.name }, 'channel threw')
        }
      }
      if (robotKinds.has(head.channel_kind)) this.window.get(head.channel_id)?.push(this.wall.now().getTime())
      const goOn = await this.record(part, outcome, result)
      if (!goOn) return
    }
  }

  private mergeable(rows: PendingRow[], from: number, maxBytes: number): PendingRow[] {
    const part: PendingRow[] = []
    let bytes = 200
    for (let i = from; i < rows.length; i++) {
      const row = rows[i] as PendingRow
      const size = Buffer.byteLength((JSON.parse(row.message) as OutgoingMessage).markdown) + 8
      if (part.length > 0 && bytes + size > maxBytes) break
      part.push(row)
      bytes += size
    }
    return part
  }

  /** Appends the outcome of one send; false when the channel must wait (a transient failure). */
  private async record(part: PendingRow[], outcome: Classified, result: TickResult): Promise<boolean> {
    const head = part[0] as PendingRow
    const attempt = head.attempts + 1
    if (outcome.verdict === 'ok') {
      const batch = part.slice(1).map((row) => row.delivery_id)
      await this.write(head.unit_id, `delivery:${head.delivery_id}:delivered`, head.source_event_id, {
        type: 'MessageDelivered',
        data: {
          deliveryId: head.delivery_id,
          unitId: head.unit_id,
          channelId: head.channel_id,
          attempt,
          channelKind: head.channel_kind,
          sourceEventId: head.source_event_id,
          ...(batch.length > 0 && { batch }),
        },
      })
      result.delivered += part.length
      return true
    }
    const giveUp = outcome.verdict === 'permanent' || attempt >= this.backoff.maxAttempts
    for (const row of part) {
      const rowAttempt = row.attempts + 1
      const base = {
        deliveryId: row.delivery_id,
        unitId: row.unit_id,
        channelId: row.channel_id,
        attempt: rowAttempt,
      }
      const answer = { code: outcome.code.slice(0, 64), detail: outcome.detail.slice(0, 500) }
      if (giveUp) {
        await this.write(row.unit_id, `delivery:${row.delivery_id}:${rowAttempt}:dead`, row.source_event_id, {
          type: 'DeliveryDeadLettered',
          data: { ...base, ...answer },
        })
        result.deadLettered++
        this.log.warn(
          { deliveryId: row.delivery_id, unitId: row.unit_id, code: outcome.code },
          'delivery dead-lettered',
        )
      } else {
        const next = new Date(this.wall.now().getTime() + backoffDelay(this.backoff, rowAttempt, this.random))
        await this.write(
          row.unit_id,
          `delivery:${row.delivery_id}:${rowAttempt}:failed`,
          row.source_event_id,
          {
            type: 'DeliveryAttemptFailed',
            data: { ...base, ...answer, nextAttemptAt: next.toISOString() },
          },
        )
        result.failed++
      }
    }
    // A dead letter does not hold the channel's later messages; a transient failure does (order).
    return giveUp
  }

  private openTarget(row: PendingRow): OpenedTarget | undefined {
    const channel = this.runner.db
      .prepare('SELECT unit_id, sealed FROM d_channels WHERE channel_id = ?')
      .get(row.channel_id) as { unit_id: string; sealed: string | null } | undefined
    if (!channel || channel.unit_id !== row.unit_id) return undefined
    const contacts = this.runner.db
      .prepare('SELECT contacts FROM d_contacts WHERE unit_id = ?')
      .get(row.unit_id) as { contacts: string } | undefined
    const opened = channel.sealed
      ? this.options.secrets.open<{ webhook?: string; secret?: string }>(JSON.parse(channel.sealed) as Sealed)
      : {}
    return {
      channelId: row.channel_id,
      unitId: row.unit_id,
      ...opened,
      contacts: contacts ? (JSON.parse(contacts.contacts) as Contact[]) : [],
    }
  }

  private async write(
    unitId: string,
    commandId: string,
    causationId: string,
    event: DeliveryEvent,
  ): Promise<void> {
    await appendDeliveryEvent(this.options.store, deliveryStreamId(unitId), event, {
      actor: DISPATCHER_ACTOR,
      unit: null,
      commandId,
      causationId,
      recordedAt: this.options.clock.now(),
    })
  }

  /** Lag, pending and dead-letter counts, for /health. */
  async status(): Promise<DispatcherStatus> {
    const [lag] = await this.runner.lag()
    const counts = this.runner.db
      .prepare(
        "SELECT sum(status = 'pending') AS pending, sum(status = 'dead') AS dead FROM d_deliveries WHERE status IN ('pending', 'dead')",
      )
      .get() as { pending: number | null; dead: number | null }
    return { lag: lag?.lag ?? 0, pending: counts.pending ?? 0, deadLetters: counts.dead ?? 0 }
  }

  deadLetters(): DeadLetter[] {
    const rows = this.runner.db
      .prepare(`SELECT * FROM d_deliveries WHERE status = 'dead' ORDER BY unit_id, seq`)
      .all() as (PendingRow & {
      last_code: string | null
      last_detail: string | null
      done_at: string | null
    })[]
    return rows.map((row) => ({
      deliveryId: row.delivery_id,
      unitId: row.unit_id,
      channelId: row.channel_id,
      channelKind: row.channel_kind,
      sourceEventId: row.source_event_id,
      attempts: row.attempts,
      code: row.last_code,
      detail: row.last_detail,
      at: row.done_at,
      title: (JSON.parse(row.message) as OutgoingMessage).title,
    }))
  }

  /** Ticks every `intervalMs` until `stop` (a tick catches up with the log first). */
  start(intervalMs = 1_000): { stop(): Promise<void> } {
    let stopped = false
    let timer: NodeJS.Timeout | undefined
    const loop = async () => {
      if (stopped) return
      try {
        await this.tick()
      } catch (error) {
        this.log.error({ err: error }, 'dispatcher tick failed; trying again')
      }
      if (!stopped) timer = setTimeout(loop, intervalMs)
    }
    timer = setTimeout(loop, 0)
    return {
      stop: async () => {
        stopped = true
        if (timer) clearTimeout(timer)
        await this.ticking?.catch(() => undefined)
      },
    }
  }

  async close(): Promise<void> {
    await this.ticking?.catch(() => undefined)
    await this.runner.close()
  }
}

/** Several messages of one robot in one (rate limit): each part keeps its own 编号. */
function merge(rows: PendingRow[]): OutgoingMessage {
  const parts = rows.map((row) => JSON.parse(row.message) as OutgoingMessage)
  const first = parts[0] as OutgoingMessage
  const title = `【合并】${parts.length} 条督办消息`
  return {
    title,
    markdown: [`### ${title}`, ...parts.map((part) => part.markdown)].join('\n\n---\n\n'),
    text: [title, ...parts.map((part) => part.text)].join('\n\n----\n\n'),
    html: [`<h3>${title}</h3>`, ...parts.map((part) => part.html)].join('\n<hr>\n'),
    link: first.link,
    card: false,
    mention: parts.some((part) => part.mention),
    deliveryId: first.deliveryId,
  }
}
