/** A report's evidence files as download links (the API's route, which checks who may read them). */
import type { Attachment } from '@duban/domain'
import { html } from '../html'

const size = (bytes: number) =>
  bytes >= 1024 * 1024
    ? `${(bytes / 1024 / 1024).toFixed(1)} MB`
    : `${Math.max(1, Math.round(bytes / 1024))} KB`

export const attachmentLinks = (taskId: string, unitId: string, attachments: readonly Attachment[]) =>
  attachments.length === 0
    ? ''
    : html`<ul class="attachments" data-testid="attachments">${attachments.map(
        (a) =>
          html`<li><a href="/tasks/${taskId}/assignments/${unitId}/attachments/${a.sha256}" download>${a.name}</a> <span class="muted">（${size(a.size)}）</span></li>`,
      )}</ul>`
