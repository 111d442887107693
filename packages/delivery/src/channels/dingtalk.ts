/**
 * DingTalk custom robot (自定义机器人): markdown, or an actionCard whose button opens the item in
 * Duban; 加签: `timestamp` (ms) and `sign` = base64(HMAC-SHA256(secret, timestamp + "\n" + secret)).
 */
import { createHmac } from 'node:crypto'
import { classifyRobotAnswer, networkFailure } from '../classify'
import type { OutgoingMessage } from '../messages'
import { type Channel, type OpenedTarget, postJson, responsibleMobiles } from './channel'

export const dingtalkSign = (secret: string, timestamp: number): string =>
  createHmac('sha256', secret).update(`${timestamp}\n${secret}`, 'utf8').digest('base64')

export function signedDingtalkUrl(webhook: string, secret: string | undefined, timestamp: number): string {
  if (!secret) return webhook
  const url = new URL(webhook)
  url.searchParams.set('timestamp', String(timestamp))
  url.searchParams.set('sign', dingtalkSign(secret, timestamp))
  return url.toString()
}

export function dingtalkPayload(message: OutgoingMessage, mobiles: string[]): unknown {
  const at = message.mention && mobiles.length > 0 ? mobiles : []
  // DingTalk only notifies a mobile that also appears in the text as "@mobile".
  const text = at.length > 0 ? `${message.markdown}\n\n${at.map((m) => `@${m}`).join(' ')}` : message.markdown
  if (message.card) {
    return {
      msgtype: 'actionCard',
      actionCard: { title: message.title, text, singleTitle: '在督办系统中查看', singleURL: message.link },
      at: { atMobiles: at, isAtAll: false },
    }
  }
  return {
    msgtype: 'markdown',
    markdown: { title: message.title, text },
    at: { atMobiles: at, isAtAll: false },
  }
}

export function dingtalkChannel(options: { now: () => number; timeoutMs?: number }): Channel {
  return {
    maxBytes: 18_000,
    async send(target: OpenedTarget, message: OutgoingMessage) {
      if (!target.webhook)
        return { verdict: 'permanent', code: 'no webhook', detail: 'the channel has no webhook' }
      try {
        const url = signedDingtalkUrl(target.webhook, target.secret, options.now())
        const answer = await postJson(
          url,
          dingtalkPayload(message, responsibleMobiles(target.contacts)),
          options.timeoutMs ?? 10_000,
        )
        return classifyRobotAnswer('dingtalk', answer.status, answer.body)
      } catch (error) {
        return networkFailure(error)
      }
    },
  }
}
