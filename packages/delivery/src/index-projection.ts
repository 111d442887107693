/**
 * The dispatcher's index: a projection of the log into a local SQLite file (rebuildable, like the
 * scheduler's due index). It holds each unit's channels and contacts, task titles, digest items,
 * and every planned delivery with its state — pending, delivered or dead — as the log says.
 * The log is the outbox: a delivery is planned when its ledger event is applied, and it is done
 * when its outcome event is applied, so a dispatcher that dies anywhere, or another that takes
 * over with an empty index, finds exactly what is still owed.
 */
import { domainEvents } from '@duban/domain'
import type { RecordedEvent } from '@duban/eventstore'
import type { Projection, ProjectionDb } from '@duban/projections'
import { shanghaiDate } from './business-time'
import { type Contact, deliveryEvents } from './events'
import type { Lookup } from './messages'
import {
  type ChannelRef,
  isDigestItem,
  type PlanContext,
  type PlannedDelivery,
  planDeliveries,
  type Source,
} from './plan'
import { type DeliveryRules, rulesFor } from './rules'

export interface IndexOptions {
  rules: DeliveryRules
  baseUrl: string
  unitName(unitId: string): string
  days: PlanContext['days']
}

const handles = [
  'TaskRegistered',
  'ReminderSent',
  'SupervisionNoticeIssued',
  'SupervisionNoticeAnswered',
  'EscalatedToLeadership',
  ...deliveryEvents.types(),
] as const

export function deliveryIndexProjection(options: IndexOptions): Projection {
  return {
    name: 'delivery-index',
    version: 1,
    handles,
    setup(db) {
      db.exec(`
        CREATE TABLE d_tasks (task_id TEXT PRIMARY KEY, title TEXT NOT NULL) WITHOUT ROWID;
        CREATE TABLE d_channels (channel_id TEXT PRIMARY KEY, unit_id TEXT NOT NULL, kind TEXT NOT NULL,
          label TEXT NOT NULL, sealed TEXT, set_at TEXT NOT NULL, set_by TEXT NOT NULL) WITHOUT ROWID;
        CREATE INDEX d_channels_unit ON d_channels (unit_id);
        CREATE TABLE d_contacts (unit_id TEXT PRIMARY KEY, contacts TEXT NOT NULL, set_at TEXT NOT NULL,
          set_by TEXT NOT NULL) WITHOUT ROWID;
        CREATE TABLE d_open_notices (unit_id TEXT NOT NULL, task_id TEXT NOT NULL, notice_id TEXT NOT NULL,
          PRIMARY KEY (unit_id, task_id, notice_id)) WITHOUT ROWID;
        CREATE TABLE d_digest_items (event_id TEXT PRIMARY KEY, unit_id TEXT NOT NULL, date TEXT NOT NULL,
          kind TEXT NOT NULL, task_id TEXT NOT NULL, recorded_at TEXT NOT NULL, position INTEGER NOT NULL,
          compiled INTEGER NOT NULL DEFAULT 0) WITHOUT ROWID;
        CREATE INDEX d_digest_open ON d_digest_items (unit_id, date, position) WHERE compiled = 0;
        CREATE TABLE d_digests (unit_id TEXT NOT NULL, date TEXT NOT NULL, seq INTEGER NOT NULL,
          PRIMARY KEY (unit_id, date, seq)) WITHOUT ROWID;
        CREATE TABLE d_deliveries (delivery_id TEXT PRIMARY KEY, seq INTEGER NOT NULL, unit_id TEXT NOT NULL,
          channel_id TEXT NOT NULL, channel_kind TEXT NOT NULL, source_event_id TEXT NOT NULL,
          not_before TEXT NOT NULL, next_attempt_at TEXT, status TEXT NOT NULL, attempts INTEGER NOT NULL DEFAULT 0,
          message TEXT NOT NULL, last_code TEXT, last_detail TEXT, done_at TEXT);
        CREATE INDEX d_deliveries_pending ON d_deliveries (channel_id, seq) WHERE status = 'pending';
        CREATE INDEX d_deliveries_dead ON d_deliveries (unit_id, seq) WHERE status = 'dead';
        CREATE INDEX d_deliveries_recent ON d_deliveries (channel_id, done_at) WHERE status = 'delivered';
      `)
    },
    apply(db, event) {
      applyEvent(db, event, options)
    },
  }
}

function channelsOf(db: ProjectionDb, unitId: string): ChannelRef[] {
  return (
    db
      .prepare('SELECT channel_id, unit_id, kind FROM d_channels WHERE unit_id = ? ORDER BY channel_id')
      .all(unitId) as {
      channel_id: string
      unit_id: string
      kind: ChannelRef['kind']
    }[]
  ).map((row) => ({ channelId: row.channel_id, unitId: row.unit_id, kind: row.kind }))
}

function lookupIn(db: ProjectionDb, options: IndexOptions): Lookup {
  return {
    unitName: options.unitName,
    taskTitle: (taskId) =>
      (db.prepare('SELECT title FROM d_tasks WHERE task_id = ?').get(taskId) as { title: string } | undefined)
        ?.title,
  }
}

function insertPlanned(db: ProjectionDb, planned: PlannedDelivery[]): void {
  const insert =
    db.prepare(`INSERT OR IGNORE INTO d_deliveries (delivery_id, seq, unit_id, channel_id, channel_kind,
    source_event_id, not_before, next_attempt_at, status, message) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'pending', ?)`)
  for (const p of planned) {
    insert.run(
      p.deliveryId,
      p.seq,
      p.recipientUnitId,
      p.channelId,
      p.channelKind,
      p.sourceEventId,
      p.notBefore,
      p.notBefore,
      JSON.stringify(p.message),
    )
  }
}

function plan(db: ProjectionDb, source: Source, options: IndexOptions): void {
  if (isDigestItem(source, options.rules)) {
    if (source.kind !== 'reminder.due_soon' && source.kind !== 'reminder.overdue') return
    // Only for a unit that has, at this point of the log, a channel its digest would go to.
    const digestKinds = new Set(rulesFor(options.rules, 'digest').flatMap((rule) => rule.channels))
    if (!channelsOf(db, source.unitId).some((channel) => digestKinds.has(channel.kind))) return
    db.prepare(
      'INSERT OR IGNORE INTO d_digest_items (event_id, unit_id, date, kind, task_id, recorded_at, position) VALUES (?, ?, ?, ?, ?, ?, ?)',
    ).run(
      source.eventId,
      source.unitId,
      shanghaiDate(new Date(source.recordedAt)),
      source.kind === 'reminder.due_soon' ? 'due_soon' : 'overdue',
      source.taskId ?? '',
      source.recordedAt,
      source.position,
    )
    return
  }
  insertPlanned(
    db,
    planDeliveries(source, {
      rules: options.rules,
      baseUrl: options.baseUrl,
      days: options.days,
      lookup: lookupIn(db, options),
      channelsOf: (unitId) => channelsOf(db, unitId),
    }),
  )
}

function applyEvent(db: ProjectionDb, event: RecordedEvent, options: IndexOptions): void {
  const base = { eventId: event.eventId, position: event.position, recordedAt: event.metadata.recordedAt }
  if (deliveryEvents.has(event.type)) {
    const decoded = deliveryEvents.decode(event.type, event.schemaVersion, event.data)
    const at = event.metadata.recordedAt
    switch (decoded.type) {
      case 'DeliveryChannelSet': {
        const d = decoded.data
        db.prepare(`INSERT INTO d_channels (channel_id, unit_id, kind, label, sealed, set_at, set_by) VALUES (?, ?, ?, ?, ?, ?, ?)
          ON CONFLICT (channel_id) DO UPDATE SET unit_id = excluded.unit_id, kind = excluded.kind, label = excluded.label,
          sealed = excluded.sealed, set_at = excluded.set_at, set_by = excluded.set_by`).run(
          d.channelId,
          d.unitId,
          d.kind,
          d.label,
          d.sealed ? JSON.stringify(d.sealed) : null,
          at,
          event.metadata.actor,
        )
        return
      }
      case 'DeliveryChannelRemoved':
        db.prepare('DELETE FROM d_channels WHERE channel_id = ? AND unit_id = ?').run(
          decoded.data.channelId,
          decoded.data.unitId,
        )
        return
      case 'UnitContactsSet':
        db.prepare(`INSERT INTO d_contacts (unit_id, contacts, set_at, set_by) VALUES (?, ?, ?, ?)
          ON CONFLICT (unit_id) DO UPDATE SET contacts = excluded.contacts, set_at = excluded.set_at, set_by = excluded.set_by`).run(
          decoded.data.unitId,
          JSON.stringify(decoded.data.contacts satisfies Contact[]),
          at,
          event.metadata.actor,
        )
        return
      case 'DigestCompiled': {
        const d = decoded.data
        db.prepare('INSERT OR IGNORE INTO d_digests (unit_id, date, seq) VALUES (?, ?, ?)').run(
          d.unitId,
          d.date,
          d.seq,
        )
        const mark = db.prepare('UPDATE d_digest_items SET compiled = 1 WHERE event_id = ?')
        for (const item of d.items) mark.run(item.eventId)
        plan(db, { ...base, kind: 'digest', unitId: d.unitId, digest: d }, options)
        return
      }
      case 'MessageDelivered': {
        const mark = db.prepare(
          "UPDATE d_deliveries SET status = 'delivered', attempts = max(attempts, ?), done_at = ?, last_code = '0', last_detail = NULL WHERE delivery_id = ?",
        )
        for (const id of [decoded.data.deliveryId, ...(decoded.data.batch ?? [])])
          mark.run(decoded.data.attempt, at, id)
        return
      }
      case 'DeliveryAttemptFailed':
        db.prepare(
          "UPDATE d_deliveries SET attempts = max(attempts, ?), next_attempt_at = ?, last_code = ?, last_detail = ? WHERE delivery_id = ? AND status = 'pending'",
        ).run(
          decoded.data.attempt,
          decoded.data.nextAttemptAt,
          decoded.data.code,
          decoded.data.detail,
          decoded.data.deliveryId,
        )
        return
      case 'DeliveryDeadLettered':
        db.prepare(
          "UPDATE d_deliveries SET status = 'dead', attempts = max(attempts, ?), last_code = ?, last_detail = ?, done_at = ? WHERE delivery_id = ? AND status = 'pending'",
        ).run(decoded.data.attempt, decoded.data.code, decoded.data.detail, at, decoded.data.deliveryId)
        return
      case 'DeliveryRetryRequested':
        db.prepare(
          "UPDATE d_deliveries SET status = 'pending', next_attempt_at = ?, done_at = NULL WHERE delivery_id = ? AND status = 'dead'",
        ).run(at, decoded.data.deliveryId)
        return
    }
    return
  }
  const decoded = domainEvents.decode(event.type, event.schemaVersion, event.data)
  switch (decoded.type) {
    case 'TaskRegistered':
      db.prepare('INSERT OR REPLACE INTO d_tasks (task_id, title) VALUES (?, ?)').run(
        decoded.data.taskId,
        decoded.data.title,
      )
      return
    case 'ReminderSent': {
      const d = decoded.data
      plan(
        db,
        {
          ...base,
          kind: `reminder.${d.kind}`,
          unitId: d.unitId,
          taskId: d.taskId,
          ...(d.message && { message: d.message }),
        },
        options,
      )
      return
    }
    case 'SupervisionNoticeIssued': {
      const d = decoded.data
      db.prepare('INSERT OR IGNORE INTO d_open_notices (unit_id, task_id, notice_id) VALUES (?, ?, ?)').run(
        d.unitId,
        d.taskId,
        d.noticeId,
      )
      plan(
        db,
        {
          ...base,
          kind: 'notice',
          unitId: d.unitId,
          taskId: d.taskId,
          notice: { grade: d.grade, reason: d.reason, answerDueDate: d.answerDueDate },
        },
        options,
      )
      return
    }
    case 'SupervisionNoticeAnswered':
      db.prepare('DELETE FROM d_open_notices WHERE unit_id = ? AND task_id = ? AND notice_id = ?').run(
        decoded.data.unitId,
        decoded.data.taskId,
        decoded.data.noticeId,
      )
      return
    case 'EscalatedToLeadership': {
      const d = decoded.data
      plan(
        db,
        { ...base, kind: 'escalation', unitId: d.unitId, taskId: d.taskId, message: d.reason },
        options,
      )
      return
    }
    default:
      return
  }
}
