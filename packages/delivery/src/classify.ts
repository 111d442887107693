/**
 * The robots answer HTTP 200 with an `errcode`; what it means decides what the dispatcher does:
 * `ok` records the delivery, `transient` retries later (backoff), `permanent` dead-letters the
 * message until an admin fixes the channel and asks for a retry.
 */
export type Verdict = 'ok' | 'transient' | 'permanent'
export interface Classified {
  verdict: Verdict
  code: string
  detail: string
}

/** DingTalk custom robot (自定义机器人) errcodes. */
const dingtalkTransient = new Set([
  130101, // send too fast, exceed 20 times per minute
  -1, // system busy
  400013, // group temporarily unavailable
  410100, // send too fast (older wording)
])
/** WeCom group robot (群机器人) errcodes. */
const wecomTransient = new Set([
  45009, // api freq out of limit
  45033, // api concurrent out of limit
  -1, // system busy
])

export function classifyRobotAnswer(kind: 'dingtalk' | 'wecom', status: number, body: unknown): Classified {
  if (status === 429 || status >= 500)
    return { verdict: 'transient', code: `http ${status}`, detail: 'server busy' }
  if (status !== 200)
    return { verdict: 'permanent', code: `http ${status}`, detail: 'refused by the platform' }
  const answer = (body ?? {}) as { errcode?: unknown; errmsg?: unknown }
  const code = typeof answer.errcode === 'number' ? answer.errcode : Number.NaN
  const detail = typeof answer.errmsg === 'string' ? answer.errmsg.slice(0, 200) : ''
  if (code === 0) return { verdict: 'ok', code: '0', detail }
  if (Number.isNaN(code)) return { verdict: 'transient', code: 'no errcode', detail: 'unreadable answer' }
  const transient = kind === 'dingtalk' ? dingtalkTransient : wecomTransient
  // Everything else — bad token (DingTalk 300001, WeCom 93000), 加签 mismatch or keyword
  // missing (310000), content too long (DingTalk 460101, WeCom 40058), robot removed — will not
  // get better by trying again.
  return { verdict: transient.has(code) ? 'transient' : 'permanent', code: String(code), detail }
}

/** A network failure (refused, reset, timed out) is worth retrying. */
export const networkFailure = (error: unknown): Classified => ({
  verdict: 'transient',
  code: (error as { code?: string })?.code ?? 'network',
  detail: 'the platform could not be reached',
})

/** SMTP: 4xx replies are temporary, 5xx permanent (RFC 5321); no reply at all is temporary. */
export function classifySmtpError(error: unknown): Classified {
  const e = error as { responseCode?: number; code?: string }
  const responseCode = e?.responseCode
  if (typeof responseCode === 'number') {
    return {
      verdict: responseCode >= 500 ? 'permanent' : 'transient',
      code: `smtp ${responseCode}`,
      detail: responseCode >= 500 ? 'refused by the mail server' : 'mail server busy',
    }
  }
  return { verdict: 'transient', code: e?.code ?? 'smtp', detail: 'the mail server could not be reached' }
}
