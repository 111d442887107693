/**
 * A channel sends one message to one target and says what became of it. DingTalk and WeCom
 * robots and SMTP implement it; a 政务钉钉 work-notification adapter would too.
 */
import type { Classified } from '../classify'
import type { Contact } from '../events'
import type { OutgoingMessage } from '../messages'

/** A channel with its secrets opened, only in memory and only for the send. */
export interface OpenedTarget {
  channelId: string
  unitId: string
  /** Robots: the webhook URL (with its token) and the 加签 secret. */
  webhook?: string
  secret?: string
  contacts: Contact[]
}

export interface Channel {
  send(target: OpenedTarget, message: OutgoingMessage): Promise<Classified>
  /** The largest message body the platform takes, in UTF-8 bytes (merging respects it). */
  readonly maxBytes: number
}

/** POST JSON with a timeout; the answer body parsed when it is JSON. */
export async function postJson(
  url: string,
  body: unknown,
  timeoutMs: number,
): Promise<{ status: number; body: unknown }> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json; charset=utf-8' },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(timeoutMs),
  })
  const text = await response.text()
  let parsed: unknown
  try {
    parsed = JSON.parse(text)
  } catch {
    parsed = undefined
  }
  return { status: response.status, body: parsed }
}

export const responsibleMobiles = (contacts: Contact[]): string[] =>
  contacts
    .filter((contact) => contact.role === 'responsible' && contact.mobile)
    .map((contact) => contact.mobile as string)
