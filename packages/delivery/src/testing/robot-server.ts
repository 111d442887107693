/**
 * A local HTTP server that answers like the DingTalk custom robot and the WeCom group robot
 * APIs: tokens it knows, 加签 verification (timestamp within an hour, HMAC-SHA256), content-size
 * limits, and — on demand — throttling (DingTalk 130101, WeCom 45009) or a removed robot. It
 * records every message it accepted with the delivery ids (编号) it carries. Used by the tests,
 * the benchmark and the demo (nothing leaves the machine).
 */
import { createHmac, timingSafeEqual } from 'node:crypto'
import { createServer, type IncomingMessage, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { deliveryIdPattern } from '../messages'

export interface RobotMessage {
  kind: 'dingtalk' | 'wecom'
  token: string
  msgtype: string
  title: string
  text: string
  link?: string
  atMobiles: string[]
  deliveryIds: string[]
  /** When the request arrived (before any `delayMs`). */
  receivedAt: number
}

export interface RobotServerOptions {
  /** DingTalk tokens and their 加签 secrets (undefined: the robot has no 加签). */
  dingtalk?: Record<string, string | undefined>
  /** WeCom keys. */
  wecom?: string[]
  /** Any token or key is accepted (the demo's sink). */
  acceptAny?: boolean
  /** The server's clock for the 加签 timestamp check (ms). */
  now?: () => number
  /** Milliseconds to wait before answering (to kill a dispatcher with messages in flight). */
  delayMs?: number
  /** Called with each accepted message (the demo prints them). */
  onMessage?: (message: RobotMessage) => void
  /** Port to listen on (loopback); default any free port. */
  port?: number
}

export interface RobotServer {
  url: string
  messages: RobotMessage[]
  /** Tokens answered with the platform's throttling errcode while listed. */
  throttled: Set<string>
  /** Tokens answered as removed / not existing. */
  removed: Set<string>
  /** Every request, accepted or not. */
  requests: number
  dingtalkWebhook(token: string): string
  wecomWebhook(key: string): string
  close(): Promise<void>
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = []
  for await (const chunk of request) chunks.push(chunk as Buffer)
  return Buffer.concat(chunks).toString('utf8')
}

const sameText = (a: string, b: string) => {
  const x = Buffer.from(a)
  const y = Buffer.from(b)
  return x.length === y.length && timingSafeEqual(x, y)
}

export async function startRobotServer(options: RobotServerOptions = {}): Promise<RobotServer> {
  const now = options.now ?? Date.now
  const messages: RobotMessage[] = []
  const accept = (message: RobotMessage) => {
    messages.push(message)
    options.onMessage?.(message)
  }
  const throttled = new Set<string>()
  const removed = new Set<string>()
  let requests = 0
  const server: Server = createServer(async (request, response) => {
    requests++
    const arrivedAt = Date.now()
    const url = new URL(request.url ?? '/', 'http://robot')
    const raw = await readBody(request)
    if (options.delayMs) await new Promise((resolve) => setTimeout(resolve, options.delayMs))
    const answer = (body: object) => {
      response.writeHead(200, { 'content-type': 'application/json' })
      response.end(JSON.stringify(body))
    }
    let body: Record<string, unknown>
    try {
      body = JSON.parse(raw) as Record<string, unknown>
    } catch {
      return answer({ errcode: 40035, errmsg: 'invalid json' })
    }
    if (url.pathname === '/robot/send') {
      const token = url.searchParams.get('access_token') ?? ''
      const known = options.dingtalk && token in options.dingtalk
      if ((!known && !options.acceptAny) || removed.has(token))
        return answer({ errcode: 300001, errmsg: 'token is not exist' })
      const secret = options.dingtalk?.[token]
      if (secret) {
        const timestamp = Number(url.searchParams.get('timestamp'))
        const sign = url.searchParams.get('sign') ?? ''
        const expected = createHmac('sha256', secret).update(`${timestamp}\n${secret}`).digest('base64')
        if (
          !Number.isFinite(timestamp) ||
          Math.abs(now() - timestamp) > 3_600_000 ||
          !sameText(sign, expected)
        )
          return answer({ errcode: 310000, errmsg: 'sign not match' })
      }
      if (throttled.has(token))
        return answer({ errcode: 130101, errmsg: 'send too fast, exceed 20 times per minute' })
      const msgtype = String(body.msgtype)
      const content = (body[msgtype] ?? {}) as Record<string, string>
      const text = content.text ?? ''
      if (Buffer.byteLength(text) > 20_000) return answer({ errcode: 460101, errmsg: 'message too long' })
      const at = (body.at ?? {}) as { atMobiles?: string[] }
      accept({
        kind: 'dingtalk',
        token,
        msgtype,
        title: content.title ?? '',
        text,
        ...(content.singleURL && { link: content.singleURL }),
        atMobiles: at.atMobiles ?? [],
        deliveryIds: [...text.matchAll(deliveryIdPattern)].map((m) => m[1] as string),
        receivedAt: arrivedAt,
      })
      return answer({ errcode: 0, errmsg: 'ok' })
    }
    if (url.pathname === '/cgi-bin/webhook/send') {
      const key = url.searchParams.get('key') ?? ''
      if ((!options.wecom?.includes(key) && !options.acceptAny) || removed.has(key))
        return answer({ errcode: 93000, errmsg: 'invalid webhook url' })
      if (throttled.has(key)) return answer({ errcode: 45009, errmsg: 'api freq out of limit' })
      const content = ((body.markdown ?? {}) as { content?: string }).content ?? ''
      if (Buffer.byteLength(content) > 4096)
        return answer({ errcode: 40058, errmsg: 'markdown.content exceed max length 4096' })
      accept({
        kind: 'wecom',
        token: key,
        msgtype: String(body.msgtype),
        title: content.split('\n')[0] ?? '',
        text: content,
        atMobiles: [],
        deliveryIds: [...content.matchAll(deliveryIdPattern)].map((m) => m[1] as string),
        receivedAt: arrivedAt,
      })
      return answer({ errcode: 0, errmsg: 'ok' })
    }
    response.writeHead(404).end()
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port ?? 0, '127.0.0.1', resolve)
  })
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  return {
    url,
    messages,
    throttled,
    removed,
    get requests() {
      return requests
    },
    dingtalkWebhook: (token) => `${url}/robot/send?access_token=${token}`,
    wecomWebhook: (key) => `${url}/cgi-bin/webhook/send?key=${key}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}
