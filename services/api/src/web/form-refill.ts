/**
 * A refused form comes back as the page it was posted from, with what the person typed still in
 * every field (text, textareas, selects, checkboxes) and the Chinese message beside the field it
 * is about. The page is rendered by its own route (an in-process GET with the same session), then
 * its form is found by action and filled in: one mechanism for every form, present and future,
 * so no page has to remember to keep input. Nothing is written on a refusal, so the page shown is
 * the page as it was. A bulk action's second step (its confirmation page holds only what was
 * picked and typed, hidden) is refused on the first step's form, where the picks and the text
 * can be corrected: the confirmation carries the first step's page (`originField`).
 */
import escapeHtml from 'escape-html'
import type { FastifyRequest } from 'fastify'
import { type HTMLElement, parse } from 'node-html-parser'
import { Upload } from '../attachments/upload'
import type { Problem } from '../http/problem'
import type { FieldError } from '../http/zh-cn'
import { html, type SafeHtml } from './html'

type Posted = Record<string, unknown>

/** The field a refilled form carries: its page, for when it is refused again (then the browser names the post). */
const PAGE_FIELD = '_page'
const isPage = (path: string) => /^\/(w\/|login)/.test(path)

/** The path (and query) of the page the form was posted from, when the browser said and it is ours. */
export function originOf(request: FastifyRequest): string | undefined {
  const carried = (request.body as Record<string, unknown> | undefined)?.[PAGE_FIELD]
  if (typeof carried === 'string' && isPage(carried)) return carried
  const referer = request.headers.referer
  if (!referer) return undefined
  try {
    const url = new URL(referer, `http://${request.host}`)
    if (url.host !== request.host) return undefined
    const path = `${url.pathname}${url.search}`
    return isPage(path) ? path : undefined
  } catch {
    return undefined
  }
}

/**
 * The page a form was posted from, carried on the page its post answers (a bulk action's
 * confirmation), so that a refusal of the next step shows that page's form again.
 */
export function originField(request: FastifyRequest): SafeHtml {
  const origin = originOf(request)
  return origin ? html`<input type="hidden" name="${PAGE_FIELD}" value="${origin}">` : html``
}

/** A form's controls: those inside it and those outside that name it (`form="bulk"`, a list's ticks). */
function controlsOf(root: HTMLElement, form: HTMLElement): HTMLElement[] {
  const inside = form.querySelectorAll('input[name], textarea[name], select[name]')
  const id = form.getAttribute('id')
  if (!id) return inside
  const outside = root
    .querySelectorAll('input[name], textarea[name], select[name]')
    .filter((control) => control.getAttribute('form') === id && !inside.includes(control))
  return [...inside, ...outside]
}

/** The posted values of one field name, as strings (a file part is not text and is never echoed). */
const valuesOf = (body: Posted, name: string): string[] =>
  [body[name]].flat().filter((v): v is string => typeof v === 'string')

/** Escapes `&` for node-html-parser's setAttribute, which escapes quotes but not ampersands. */
const attr = (value: string) => value.replaceAll('&', '&amp;')

/**
 * Never filled from the post: hidden values are the page's own; a password is never written back
 * into a page (it would sit in the HTML, the browser's cache and history), so a refused password
 * form comes back with its password fields empty and everything else as typed; a file cannot be.
 */
const KEEP_AS_RENDERED = new Set(['hidden', 'password', 'file', 'submit', 'button', 'reset', 'image'])

function fill(root: HTMLElement, form: HTMLElement, body: Posted): void {
  for (const control of controlsOf(root, form)) {
    const name = control.getAttribute('name') ?? ''
    const values = valuesOf(body, name)
    const tag = control.tagName.toLowerCase()
    if (tag === 'textarea') {
      control.set_content(escapeHtml(values[0] ?? ''))
    } else if (tag === 'select') {
      for (const option of control.querySelectorAll('option')) {
        const value = option.getAttribute('value') ?? option.text
        if (values.includes(value)) option.setAttribute('selected', '')
        else option.removeAttribute('selected')
      }
    } else {
      const type = (control.getAttribute('type') ?? 'text').toLowerCase()
      if (type === 'checkbox' || type === 'radio') {
        if (values.includes(control.getAttribute('value') ?? 'on')) control.setAttribute('checked', '')
        else control.removeAttribute('checked')
      } else if (!KEEP_AS_RENDERED.has(type)) {
        control.setAttribute('value', attr(values[0] ?? ''))
      }
    }
  }
}

function annotate(
  root: HTMLElement,
  form: HTMLElement,
  origin: string,
  problem: Problem,
  fields: FieldError[],
  filesDropped: boolean,
): void {
  const general: string[] = []
  let first = true
  for (const { field, message } of fields) {
    const control = field ? controlsOf(root, form).find((el) => el.getAttribute('name') === field) : undefined
    if (!control || control.getAttribute('type') === 'hidden') {
      general.push(message)
      continue
    }
    control.setAttribute('aria-invalid', 'true')
    // The first field in error takes the focus, so the browser scrolls to it.
    if (first) control.setAttribute('autofocus', '')
    first = false
    control.insertAdjacentHTML(
      'afterend',
      `<span class="field-error" role="alert" data-field="${escapeHtml(field ?? '')}">${escapeHtml(message)}</span>`,
    )
  }
  const summary =
    fields.length > 0 && general.length === 0 ? '请按提示修改后重新提交。' : (problem.detail ?? '')
  const notes = [
    ...general.filter((m) => !summary.includes(m)),
    ...(filesDropped ? ['附件需重新选择后再提交。'] : []),
  ]
  form.insertAdjacentHTML(
    'afterbegin',
    `<div class="form-error" role="alert" data-testid="form-error"><strong>${escapeHtml(problem.title)}</strong><p>${escapeHtml(summary)}</p>${notes
      .map((note) => `<p>${escapeHtml(note)}</p>`)
      .join('')}</div>`,
  )
  form.setAttribute('data-refused', 'true')
  form.insertAdjacentHTML(
    'beforeend',
    `<input type="hidden" name="${PAGE_FIELD}" value="${escapeHtml(origin)}">`,
  )
  // A form folded away in <details> is opened, so the person sees the message.
  for (let node = form.parentNode; node; node = node.parentNode) {
    if (node.tagName?.toLowerCase() === 'details') node.setAttribute('open', '')
  }
}

/**
 * The form on the page posting where this request posted (or, for a bulk action's second step,
 * to its first step, `…/confirm`): of those carrying the same hidden values (the overdue board's
 * row, the draft's item), the one with most of the posted fields.
 */
function formOf(root: HTMLElement, action: string, body: Posted): HTMLElement | undefined {
  const names = (form: HTMLElement) => new Set(controlsOf(root, form).map((el) => el.getAttribute('name')))
  const sameHidden = (form: HTMLElement) =>
    form
      .querySelectorAll('input[type="hidden"][name]')
      .filter(
        (input) =>
          input.getAttribute('name') !== '_csrf' &&
          valuesOf(body, input.getAttribute('name') ?? '').length > 0,
      )
      .every((input) =>
        valuesOf(body, input.getAttribute('name') ?? '').includes(input.getAttribute('value') ?? ''),
      )
  const posted = Object.keys(body).filter((name) => name !== '_csrf')
  const fit = (form: HTMLElement) => {
    const has = names(form)
    return posted.filter((name) => has.has(name)).length
  }
  const posting = (to: string) =>
    root
      .querySelectorAll('form')
      .filter((form) => (form.getAttribute('method') ?? 'get').toLowerCase() === 'post')
      .filter((form) => form.getAttribute('action') === to && sameHidden(form))
      .sort((a, b) => fit(b) - fit(a))[0]
  return posting(action) ?? posting(`${action}/confirm`)
}

/**
 * The page the refused form was posted from, refilled and annotated; undefined when it cannot
 * be shown again (no origin, the page no longer has that form) — the caller then shows the
 * refusal on its own page.
 */
export async function refilledPage(
  request: FastifyRequest,
  problem: Problem,
  fields: FieldError[],
): Promise<string | undefined> {
  const origin = originOf(request)
  if (!origin) return undefined
  const rendered = await request.server.inject({
    method: 'GET',
    url: origin,
    headers: {
      ...(request.headers.cookie && { cookie: request.headers.cookie }),
      ...(request.headers.authorization && { authorization: request.headers.authorization }),
      'accept-language': 'zh-CN',
    },
  })
  if (rendered.statusCode !== 200 || !String(rendered.headers['content-type']).startsWith('text/html')) {
    return undefined
  }
  const root = parse(rendered.body, { comment: true })
  const body = (request.body ?? {}) as Posted
  const form = formOf(root, request.url, body)
  if (!form) return undefined
  fill(root, form, body)
  const filesDropped = Object.values(body).some((v) => [v].flat().some((part) => part instanceof Upload))
  annotate(root, form, origin, problem, fields, filesDropped)
  return root.toString()
}
