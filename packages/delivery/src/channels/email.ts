/**
 * E-mail over SMTP (nodemailer): zh-CN subject, plain text and HTML, to the unit's responsible
 * people. The Message-ID is the delivery id, so a mailbox that dedupes sees a resend once.
 * `DUBAN_SMTP_URL=json:` keeps mail on the machine (nodemailer's JSON transport), for the demo.
 */
import nodemailer from 'nodemailer'
import { classifySmtpError } from '../classify'
import type { OutgoingMessage } from '../messages'
import type { Channel, OpenedTarget } from './channel'

export interface EmailOptions {
  /** `smtp://user:pass@host:port`, `smtps://…`, or `json:` (nothing leaves the machine). */
  url: string
  from: string
  /** Called with each message nodemailer produced on the `json:` transport (the demo's sink). */
  onSink?: (message: { deliveryId: string; to: string[]; subject: string }) => void
}

export function emailChannel(options: EmailOptions): Channel & { close(): void } {
  const transport =
    options.url === 'json:'
      ? nodemailer.createTransport({ jsonTransport: true })
      : nodemailer.createTransport(options.url)
  return {
    maxBytes: 1_000_000,
    async send(target: OpenedTarget, message: OutgoingMessage) {
      const responsible = target.contacts.filter((contact) => contact.email && contact.role === 'responsible')
      const to = (
        responsible.length > 0 ? responsible : target.contacts.filter((contact) => contact.email)
      ).map((contact) => ({ name: contact.name, address: contact.email as string }))
      if (to.length === 0)
        return {
          verdict: 'permanent',
          code: 'no recipient',
          detail: 'the unit has no contact with an e-mail address',
        }
      try {
        await transport.sendMail({
          from: options.from,
          to,
          subject: message.title,
          text: message.text,
          html: message.html,
          messageId: `<${message.deliveryId}@duban>`,
          headers: { 'X-Duban-Delivery-Id': message.deliveryId },
        })
        options.onSink?.({
          deliveryId: message.deliveryId,
          to: to.map((t) => t.address),
          subject: message.title,
        })
        return { verdict: 'ok', code: '250', detail: 'accepted' }
      } catch (error) {
        return classifySmtpError(error)
      }
    },
    close: () => transport.close(),
  }
}
