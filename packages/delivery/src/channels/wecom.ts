/** WeCom group robot (企业微信群机器人): markdown to `…/cgi-bin/webhook/send?key=KEY`. */
import { classifyRobotAnswer, networkFailure } from '../classify'
import type { OutgoingMessage } from '../messages'
import { type Channel, type OpenedTarget, postJson } from './channel'

export const wecomPayload = (message: OutgoingMessage): unknown => ({
  msgtype: 'markdown',
  markdown: { content: message.markdown },
})

export function wecomChannel(options: { timeoutMs?: number } = {}): Channel {
  return {
    // WeCom refuses markdown over 4096 bytes (errcode 40058).
    maxBytes: 4_000,
    async send(target: OpenedTarget, message: OutgoingMessage) {
      if (!target.webhook)
        return { verdict: 'permanent', code: 'no webhook', detail: 'the channel has no webhook' }
      try {
        const answer = await postJson(target.webhook, wecomPayload(message), options.timeoutMs ?? 10_000)
        return classifyRobotAnswer('wecom', answer.status, answer.body)
      } catch (error) {
        return networkFailure(error)
      }
    },
  }
}
