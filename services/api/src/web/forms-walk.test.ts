/**
 * Every form of the web workspace, walked with bad input over real HTTP on a real SQLite ledger:
 * each comes back in Chinese (the message beside the form, no schema English) with what was
 * typed still in its fields, and nothing is written. The forms are not listed here: every page
 * each role can reach (its menu, and the pages those link to) is crawled and every <form> on it
 * collected; every form route of the access table (`POST /w/…`, `/login`) must have been found
 * and walked, so a new form cannot be forgotten. A bulk action's first step (`…/confirm`) is
 * also posted as a person would (every row ticked), and the forms of the confirmation page it
 * answers — the second step — are walked with the picks and text tampered with.
 */
import { type HTMLElement, parse } from 'node-html-parser'
import t, { type Test } from 'tap'
import { accessTable } from '../auth/access-table'
import { actingAs, TEST_PASSWORD } from '../testing/acting-as'
import { LEAD_UNIT, planBody, supervisionOffice, taskBody, unitUser } from '../testing/fixtures'
import { startTestServer, type TestServer } from '../testing/test-server'
import { webSession } from '../testing/web-session'

const YUZHONG = 'cq-yuzhong'
/** A district with no assignment in this ledger: a pick naming it names nothing. */
const JIANGBEI = 'cq-jiangbei'
const OFFICE_UNIT = 'cq-zhengfubangongting'
type Role = 'unit_reporter' | 'unit_approver' | 'supervision_officer' | 'leadership' | 'administrator'
const user = (id: string, unitId: string, role: Role) => ({ id, unitId, roles: [role] })
const people = [
  user('walk-reporter', LEAD_UNIT, 'unit_reporter'),
  user('walk-approver', LEAD_UNIT, 'unit_approver'),
  user('walk-district', YUZHONG, 'unit_reporter'),
  user('walk-office', OFFICE_UNIT, 'supervision_officer'),
  user('walk-leader', OFFICE_UNIT, 'leadership'),
  user('walk-admin', OFFICE_UNIT, 'administrator'),
]

/**
 * Form routes that are only a button (no field a person fills) and that no page of this ledger
 * shows: `retry` needs a delivery in the dead-letter list, and signing out cannot be refused.
 * The test checks each one it does find is still only a button.
 */
const BUTTON_ONLY_NOT_WALKED = new Set(['POST /w/admin/delivery/retry', 'POST /logout'])
/** `/w/units/cq-a/tasks/t1/report` → the access table's `POST /w/units/:unitId/tasks/:taskId/report`. */
const formRoutes = Object.keys(accessTable).filter((key) => /^POST \/(w\/|login$|logout$)/.test(key))
const routeOf = (action: string) =>
  formRoutes.find((key) => {
    const pattern = key
      .slice('POST '.length)
      .split('/')
      .map((part) => (part.startsWith(':') ? '[^/]+' : part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
      .join('/')
    return new RegExp(`^${pattern}$`).test(action.split('?')[0] ?? '')
  })

interface Field {
  name: string
  kind: string
  options: string[]
}
interface FoundForm {
  route: string
  action: string
  page: string
  who: string
  hidden: Record<string, string>
  /** Every hidden value, repeated names too (a confirmation's picks). */
  hiddenEntries: [string, string][]
  fields: Field[]
  /** Posted as multipart/form-data (a form with a file input), as a browser would. */
  multipart: boolean
  /** A bulk action's second step: on the page its first step's post answered. */
  reachedBy?: { action: string; page: string; body: [string, string][] }
}

/** A form's controls: inside it, and outside it naming it (`form="bulk"`: the board's ticks). */
const controlsOf = (root: HTMLElement, form: HTMLElement) => {
  const inside = form.querySelectorAll('input[name], textarea[name], select[name]')
  const id = form.getAttribute('id')
  const outside = id
    ? root
        .querySelectorAll('input[name], textarea[name], select[name]')
        .filter((c) => c.getAttribute('form') === id && !inside.includes(c))
    : []
  return [...inside, ...outside]
}

const EDITABLE = (kind: string) => !['hidden', 'submit', 'button', 'reset', 'image', 'file'].includes(kind)

function formsOn(html: string, page: string, who: string): FoundForm[] {
  const root = parse(html)
  return root
    .querySelectorAll('form')
    .filter((form) => (form.getAttribute('method') ?? 'get').toLowerCase() === 'post')
    .map((form) => {
      const action = form.getAttribute('action') ?? ''
      const hidden: Record<string, string> = {}
      const hiddenEntries: [string, string][] = []
      const fields: Field[] = []
      for (const control of controlsOf(root, form)) {
        const tag = control.tagName.toLowerCase()
        const kind = tag === 'input' ? (control.getAttribute('type') ?? 'text').toLowerCase() : tag
        const name = control.getAttribute('name') ?? ''
        if (kind === 'hidden') {
          hidden[name] = control.getAttribute('value') ?? ''
          hiddenEntries.push([name, control.getAttribute('value') ?? ''])
        } else if (EDITABLE(kind))
          fields.push({
            name,
            kind,
            options:
              tag === 'select'
                ? control.querySelectorAll('option').map((o) => o.getAttribute('value') ?? o.text)
                : [control.getAttribute('value') ?? 'on'],
          })
      }
      const multipart = form.getAttribute('enctype') === 'multipart/form-data'
      const route = routeOf(action) ?? `unknown ${action}`
      return { route, action, page, who, hidden, hiddenEntries, fields, multipart }
    })
}

const links = (html: string) =>
  parse(html)
    .querySelectorAll('a[href]')
    .map((a) => a.getAttribute('href') ?? '')
    .filter((href) => href.startsWith('/w/') && !/\.(xlsx|docx|html)$|\/print$|[?&]asOf=/.test(href))

/** A form with nothing to type, only a button (and maybe ticks): it cannot be filled in wrong, only pressed twice. */
const pressOnly = (form: FoundForm) => form.fields.every((f) => f.kind === 'checkbox' || f.kind === 'radio')

/** Text a person typed: kept fields are checked for exactly this. */
const typed = (name: string) => `保留的输入：${name}`
/** Longer than any free-text field allows (20,000 characters). */
const tooLong = (name: string) => `${typed(name)}${'超'.repeat(20_001)}`

/** The form filled in as a person would, every row ticked: a bulk action's first step, to reach its confirmation. */
function filledIn(form: FoundForm): [string, string][] {
  const body: [string, string][] = Object.entries(form.hidden)
  for (const field of form.fields) {
    if (field.kind === 'checkbox') body.push([field.name, field.options[0] ?? 'on'])
    else if (field.kind === 'date') body.push([field.name, '2023-07-03'])
    else if (field.kind === 'select') body.push([field.name, field.options.at(-1) ?? ''])
    else if (field.kind !== 'radio' && field.kind !== 'password') body.push([field.name, typed(field.name)])
  }
  return body
}

/** The form filled in the way a person might get wrong: one bad field, every other one plausible. */
function badInput(form: FoundForm): Record<string, string> {
  const body: Record<string, string> = { ...form.hidden }
  const bad =
    form.fields.find((f) => f.kind === 'date') ??
    form.fields.find((f) => f.kind === 'number') ??
    form.fields.find((f) => f.kind === 'textarea') ??
    form.fields.find((f) => f.kind === 'text' && f.name !== 'userId') ??
    form.fields.find((f) => f.kind === 'text') ??
    form.fields.find((f) => f.kind === 'select' && f.options.includes(''))
  for (const field of form.fields) {
    const isBad = field === bad
    if (field.kind === 'date') body[field.name] = isBad ? '2023-02-30' : '2023-07-03'
    else if (field.kind === 'number') body[field.name] = isBad ? '很多' : '12'
    // A password is the bad field only where it is the one thing to fill (a reset): too short.
    else if (field.kind === 'password') body[field.name] = form.fields.length === 1 ? '短' : 'wrong-password'
    else if (field.kind === 'select') body[field.name] = isBad ? '' : (field.options.at(-1) ?? '')
    else if (field.kind === 'checkbox' || field.kind === 'radio')
      body[field.name] ??= field.options[0] ?? 'on'
    else body[field.name] = isBad ? tooLong(field.name) : typed(field.name)
  }
  return body
}

/** The refused form on the answer page, by its action and hidden values. */
function refusedForm(html: string, form: FoundForm): HTMLElement | undefined {
  return parse(html)
    .querySelectorAll('form')
    .find(
      (f) =>
        f.getAttribute('method') === 'post' &&
        f.getAttribute('action') === form.action &&
        form.fields.every((field) =>
          f.querySelectorAll('[name]').some((c) => c.getAttribute('name') === field.name),
        ) &&
        Object.entries(form.hidden)
          .filter(([name]) => name !== '_csrf')
          .every(([name, value]) =>
            f
              .querySelectorAll('input[type="hidden"]')
              .some((i) => i.getAttribute('name') === name && i.getAttribute('value') === value),
          ),
    )
}

const CHINESE = /[\u4e00-\u9fff]/
const SCHEMA_ENGLISH = /Too (small|big)|Invalid|expected|must|not a |required|received/

t.test('every form, walked with bad input, answers in Chinese and keeps what was typed', async (t) => {
  const api = await startTestServer(t, { delivery: { channels: {} } })
  const ok = async (path: string, body: unknown, headers: Record<string, string> = supervisionOffice) => {
    const answer = await api.request('POST', path, { body, headers })
    t.ok(answer.status < 300, `given ${path}: ${answer.status} ${answer.text.slice(0, 200)}`)
  }
  // A ledger with something on every page: a task with a figure, waiting reviews, a notice, a draft, a bulletin.
  await ok('/plans', planBody)
  const target = {
    id: 'k1',
    text: '培育20个外向型产业聚集区',
    kind: 'level',
    comparator: 'at_least',
    value: 20,
    unit: '个',
  }
  await ok('/tasks', { ...taskBody, targets: [target], allDistricts: true })
  await ok('/tasks', { ...taskBody, taskId: 'cq2022-trade.t2', number: '2', title: '第二项任务' })
  await ok('/tasks', { ...taskBody, taskId: 'cq2022-trade.t3', number: '3', title: '第三项任务' })
  for (const taskId of ['cq2022-trade.t1', 'cq2022-trade.t2', 'cq2022-trade.t3'])
    await ok(`/tasks/${taskId}/assignments`, { unitId: LEAD_UNIT, role: 'lead' })
  await ok('/tasks/cq2022-trade.t1/assignments', { unitId: YUZHONG, role: 'district' })
  const lead = unitUser(LEAD_UNIT)
  const t1 = `/tasks/cq2022-trade.t1/assignments/${LEAD_UNIT}`
  const t2 = `/tasks/cq2022-trade.t2/assignments/${LEAD_UNIT}`
  await ok(`${t1}/acknowledge`, {}, lead)
  await ok(`${t2}/acknowledge`, {}, lead)
  await ok(`${t1}/reports`, { reportId: 'r1', narrative: '本季度新认定聚集区2个。' }, lead)
  await ok(`${t1}/obligations`, {
    obligationId: 'o1',
    period: '2023-Q2',
    dueDate: '2023-07-10',
    kind: 'periodic',
  })
  // Overdue since 2023-04-10 (today is 2023-06-15): a row on the overdue board, for its bulk notice form.
  await ok(`${t2}/obligations`, {
    obligationId: 'o2',
    period: '2023-Q1',
    dueDate: '2023-04-10',
    kind: 'periodic',
  })
  await ok(
    `${t1}/extensions`,
    { requestId: 'x1', obligationId: 'o1', requestedDueDate: '2023-07-20', reason: '受疫情影响' },
    lead,
  )
  await ok(`${t1}/completion`, { summary: '已完成' }, lead)
  await ok(`/tasks/cq2022-trade.t1/assignments/${YUZHONG}/notices`, {
    noticeId: 'n1',
    grade: 'general',
    reason: '请说明进展',
    answerDueDate: '2023-06-30',
  })
  await ok('/bulletins', {
    bulletinId: 'tb-walk',
    period: { from: '2023-04-01', to: '2023-06-30' },
    text: { title: '第二季度通报' },
  })

  // An account awaiting the office's approval, and a disabled one: the forms to approve, decline
  // and enable show only then.
  const admin = actingAs({ id: 'walk-admin', unitId: OFFICE_UNIT, roles: ['administrator'] })
  const account = (id: string) => ({
    id,
    displayName: id,
    unitId: LEAD_UNIT,
    roles: ['unit_reporter'],
    password: TEST_PASSWORD,
  })
  await ok('/admin/users', account('walk-newcomer'), admin)
  await ok('/admin/users', account('walk-former'), admin)
  await ok('/admin/users/walk-former/disable', {}, admin)

  const sessions = new Map<string, Awaited<ReturnType<typeof webSession>>>()
  for (const person of people) sessions.set(person.id, await webSession(api, person))
  // A draft with a name the directory does not know: its page has every draft form.
  const office = sessions.get('walk-office')!
  const imported = await office.post('/w/office/import', {
    _csrf: /name="_csrf" value="([^"]+)"/.exec((await office.get('/w/office/import')).text)?.[1] ?? '',
    text: '重庆市测试工作行动计划\n一、重点任务\n1.做好外贸工作。（责任单位：市商务委、市不存在局）\n2.做好外资工作。（责任单位：市发展改革委）',
  })
  t.equal(imported.status, 303, 'a draft to review')
  /** Pages reached by a redirect after a form, not by a link: where each role's crawl also starts. */
  const alsoStartAt: Record<string, string[]> = { 'walk-office': [imported.headers.get('location') ?? ''] }

  // Crawl: each person's menu, and the pages it links to; every POST form found.
  const found = new Map<string, FoundForm>()
  const confirmed = new Set<string>()
  const anonymous = await api.request('GET', '/login')
  for (const form of formsOn(anonymous.text, '/login', 'anonymous')) found.set(form.route, form)
  for (const person of people) {
    const browser = sessions.get(person.id)!
    const seen = new Set<string>()
    let frontier = [browser.location ?? '/']
    const start = await browser.get(frontier[0]!)
    frontier = [
      frontier[0]!,
      ...(alsoStartAt[person.id] ?? []),
      ...links(parse(start.text).querySelector('nav')?.toString() ?? ''),
    ]
    for (let depth = 0; depth < 3 && frontier.length > 0; depth++) {
      const next: string[] = []
      for (const path of frontier) {
        if (seen.has(path) || seen.size >= 80) continue
        seen.add(path)
        const page = await browser.get(path)
        if (page.status !== 200 || !page.headers.get('content-type')?.startsWith('text/html')) continue
        for (const form of formsOn(page.text, path, person.id)) {
          if ((found.get(form.route)?.fields.length ?? -1) < form.fields.length) found.set(form.route, form)
          const bulk = form.route.endsWith('/confirm') && form.fields.some((f) => f.name === 'pick')
          if (bulk && !confirmed.has(form.route)) {
            // A bulk action's first step, as a person sends it: its answer holds the second step's form.
            confirmed.add(form.route)
            const body = filledIn(form)
            const answer = await browser.post(form.action, body, { referer: `${api.url}${path}` })
            t.equal(answer.status, 200, `${form.route}: a confirmation page`)
            for (const step of formsOn(answer.text, form.action, person.id))
              if (!found.has(step.route))
                found.set(step.route, { ...step, reachedBy: { action: form.action, page: path, body } })
          }
        }
        next.push(...links(page.text))
      }
      frontier = next
    }
  }

  const unknown = [...found.keys()].filter((route) => route.startsWith('unknown'))
  t.same(unknown, [], 'every form posts to a route of the access table')
  const missing = formRoutes.filter((route) => !found.has(route) && !BUTTON_ONLY_NOT_WALKED.has(route))
  t.same(missing, [], 'every form route of the access table is on a page some role reaches')

  // Bulk second steps first (on rows still open), then forms with fields: a button pressed twice
  // (accept, verify, publish) changes what other pages show.
  const order = (form: FoundForm) => (form.reachedBy ? 0 : pressOnly(form) ? 2 : 1)
  for (const form of [...found.values()].sort((a, b) => order(a) - order(b))) {
    await t.test(`${form.route} (on ${form.page} as ${form.who})`, async (t) => {
      if (BUTTON_ONLY_NOT_WALKED.has(form.route)) {
        t.ok(pressOnly(form), 'still only a button')
        return
      }
      const browser = form.who === 'anonymous' ? undefined : sessions.get(form.who)!
      if (form.reachedBy && browser) {
        await walkSecondStep(t, api, browser, form, form.reachedBy)
        return
      }
      const page = browser ? await browser.get(form.page) : await api.request('GET', form.page)
      const fresh =
        formsOn(page.text, form.page, form.who).find(
          (f) =>
            f.action === form.action &&
            f.fields.map((x) => x.name).join() === form.fields.map((x) => x.name).join(),
        ) ?? form
      const before = await head(api)
      const headers = { referer: `${api.url}${form.page}`, 'accept-language': 'en' }
      const post = async (body: Record<string, string>) =>
        browser && fresh.multipart
          ? multipartPost(api.url, form.action, body, { ...headers, cookie: browser.cookie() })
          : browser
            ? browser.post(form.action, body, headers)
            : api.request('POST', form.action, {
                rawBody: new URLSearchParams(body).toString(),
                headers: {
                  ...headers,
                  'content-type': 'application/x-www-form-urlencoded',
                  cookie: anonymousCookie(page.headers),
                },
              })
      if (form.route.endsWith('/confirm')) {
        // A bulk action's first step: the bad input is nothing ticked.
        const answer = await post({ ...fresh.hidden })
        t.ok(answer.status >= 400 && answer.status < 500, `nothing ticked: refused (${answer.status})`)
        t.match(answer.headers.get('content-type'), /^text\/html/, 'a page, not JSON')
        const message =
          parse(answer.text).querySelector('[data-testid="form-error"], [data-testid="error-page"]')?.text ??
          ''
        t.match(message, CHINESE, `in Chinese: ${message.trim().slice(0, 80)}`)
        t.notMatch(message, SCHEMA_ENGLISH, 'no schema English')
        t.equal(await head(api), before, 'nothing written')
        return
      }
      if (pressOnly(fresh)) {
        // Only a button (or ticks, as a bulk action): the bad input is a second press after the first went through.
        const first = await post(badInput(fresh))
        t.ok(first.status === 303 || first.status >= 400, `first press: ${first.status}`)
        const written = await head(api)
        const again = await post(badInput(fresh))
        t.ok(again.status >= 400 && again.status < 500, `pressed again: refused (${again.status})`)
        t.match(again.headers.get('content-type'), /^text\/html/, 'a page, not JSON')
        const message =
          parse(again.text).querySelector('[data-testid="form-error"], [data-testid="error-page"]')?.text ??
          ''
        t.match(message, CHINESE, `in Chinese: ${message.trim().slice(0, 80)}`)
        t.notMatch(message, SCHEMA_ENGLISH, 'no schema English')
        t.equal(await head(api), written, 'the second press wrote nothing')
        return
      }
      const body = badInput(fresh)
      const answer = await post(body)
      t.ok(answer.status >= 400 && answer.status < 500, `refused: ${answer.status}`)
      t.match(answer.headers.get('content-type'), /^text\/html/, 'a page, not JSON')
      t.equal(await head(api), before, 'nothing written')
      const refused = refusedForm(answer.text, fresh)
      if (!t.ok(refused, 'the form is shown again')) return
      const message = refused!.querySelector('[data-testid="form-error"]')?.text ?? ''
      const beside = refused!.querySelectorAll('.field-error').map((e) => e.text)
      t.match(message, CHINESE, `in Chinese: ${message.trim().slice(0, 80)} ${beside.join(' ').slice(0, 80)}`)
      t.notMatch(`${message} ${beside.join(' ')}`, SCHEMA_ENGLISH, 'no schema English')
      for (const field of fresh.fields) {
        const control = refused!
          .querySelectorAll(`[name]`)
          .find((c) => c.getAttribute('name') === field.name)!
        if (field.kind === 'password') {
          t.notOk(control.getAttribute('value'), `${field.name}: a password is never sent back`)
          continue
        }
        const sent = body[field.name] ?? ''
        if (field.kind === 'textarea') t.equal(control.text, sent, `${field.name}: kept`)
        else if (field.kind === 'select')
          t.equal(
            control.querySelector('option[selected]')?.getAttribute('value'),
            sent,
            `${field.name}: kept`,
          )
        else if (field.kind === 'checkbox' || field.kind === 'radio')
          t.ok(
            refused!
              .querySelectorAll(`input[name="${field.name}"]`)
              .some((c) => c.hasAttribute('checked') && c.getAttribute('value') === sent),
            `${field.name}: kept`,
          )
        else t.equal(control.getAttribute('value'), sent, `${field.name}: kept`)
      }
      // Refused again from the refused page (the browser now names the post as referer): still shown again.
      const again: Record<string, string> = { ...body }
      for (const input of refused!.querySelectorAll('input[type="hidden"]'))
        again[input.getAttribute('name') ?? ''] = input.getAttribute('value') ?? ''
      const second = await (browser && fresh.multipart
        ? multipartPost(api.url, form.action, again, {
            referer: `${api.url}${form.action}`,
            cookie: browser.cookie(),
          })
        : browser
          ? browser.post(form.action, again, { referer: `${api.url}${form.action}` })
          : undefined)
      if (second) t.ok(refusedForm(second.text, fresh), 'refused twice: the form is shown again')
    })
  }
})

type Session = Awaited<ReturnType<typeof webSession>>

/**
 * A bulk action's second step with its confirmation tampered with — nothing picked, a row of a unit
 * with no such assignment or of a task not registered (each after the real rows, so a half-done
 * action would show), a date that does not exist or is past, too long a reason: each refused in
 * Chinese on the first step's form, the rows still ticked and the text as sent, nothing written.
 */
async function walkSecondStep(
  t: Test,
  api: TestServer,
  browser: Session,
  form: FoundForm,
  by: NonNullable<FoundForm['reachedBy']>,
) {
  const confirmation = await browser.post(by.action, by.body, { referer: `${api.url}${by.page}` })
  const step = formsOn(confirmation.text, by.action, form.who).find((f) => f.action === form.action)
  if (!t.ok(step, 'the confirmation page shows the second step')) return
  const given = step!.hiddenEntries
  const picks = given.filter(([name]) => name === 'pick').map(([, value]) => value)
  t.ok(picks.length > 0, `${picks.length} rows picked`)
  const [task = '', unit = ''] = (picks[0] ?? '').split('~')
  const has = (name: string) => given.some(([n]) => n === name)
  const replaced = (name: string, value: string) =>
    given.map(([n, v]): [string, string] => [n, n === name ? value : v])
  const variants: [string, [string, string][]][] = [
    ['nothing picked', given.filter(([name]) => name !== 'pick')],
    ['a row of a unit with no such assignment', [...given, ['pick', `${task}~${JIANGBEI}`]]],
    ['a row of a task not registered', [...given, ['pick', `${planBody.planId}.t99~${unit}`]]],
  ]
  if (has('answerDueDate'))
    variants.push(
      ['a date that does not exist', replaced('answerDueDate', '2023-02-30')],
      ['a date already past', replaced('answerDueDate', '2023-06-01')],
    )
  if (has('reason')) variants.push(['too long a reason', replaced('reason', tooLong('reason'))])
  for (const [what, body] of variants) {
    const before = await head(api)
    const answer = await browser.post(form.action, body, {
      referer: `${api.url}${by.action}`,
      'accept-language': 'en',
    })
    t.ok(answer.status >= 400 && answer.status < 500, `${what}: refused (${answer.status})`)
    t.match(answer.headers.get('content-type'), /^text\/html/, `${what}: a page, not JSON`)
    t.equal(await head(api), before, `${what}: nothing written`)
    const root = parse(answer.text)
    const refused = root
      .querySelectorAll('form')
      .find((f) => f.getAttribute('action') === by.action && f.getAttribute('data-refused') === 'true')
    if (!t.ok(refused, `${what}: the first step's form is shown again`)) continue
    const message = refused!.querySelector('[data-testid="form-error"]')?.text ?? ''
    const beside = root.querySelectorAll('.field-error').map((e) => e.text)
    t.match(
      message,
      CHINESE,
      `${what}: in Chinese: ${message.trim().slice(0, 80)} ${beside.join(' ').slice(0, 80)}`,
    )
    t.notMatch(`${message} ${beside.join(' ')}`, SCHEMA_ENGLISH, `${what}: no schema English`)
    const sent = (name: string) => body.filter(([n]) => n === name).map(([, v]) => v)
    const controls = controlsOf(root, refused!)
    const ticked = controls.filter((c) => c.getAttribute('name') === 'pick' && c.hasAttribute('checked'))
    t.same(
      ticked.map((c) => c.getAttribute('value')),
      controls
        .filter(
          (c) => c.getAttribute('name') === 'pick' && sent('pick').includes(c.getAttribute('value') ?? ''),
        )
        .map((c) => c.getAttribute('value')),
      `${what}: exactly the rows sent are ticked`,
    )
    if (sent('pick').length > 0) t.ok(ticked.length > 0, `${what}: the picked rows still ticked`)
    for (const control of controls) {
      const name = control.getAttribute('name') ?? ''
      const tag = control.tagName.toLowerCase()
      const kind = tag === 'input' ? (control.getAttribute('type') ?? 'text') : tag
      if (name === 'pick' || kind === 'hidden') continue
      const shown =
        tag === 'textarea'
          ? control.text
          : tag === 'select'
            ? control.querySelector('option[selected]')?.getAttribute('value')
            : control.getAttribute('value')
      t.equal(shown, sent(name)[0], `${what}: ${name} kept`)
    }
  }
}

const head = async (api: { request: (m: string, p: string) => Promise<{ body: unknown }> }) =>
  ((await api.request('GET', '/health/ready')).body as { store: { headPosition: number } }).store.headPosition

/** The CSRF cookie the sign-in page set, for an anonymous post of its form. */
const anonymousCookie = (headers: Headers) =>
  headers
    .getSetCookie()
    .map((line) => line.split(';')[0])
    .join('; ')

/** A multipart form post (no file chosen), answered like the urlencoded ones. */
async function multipartPost(
  url: string,
  action: string,
  body: Record<string, string>,
  headers: Record<string, string>,
) {
  const form = new FormData()
  for (const [name, value] of Object.entries(body)) form.append(name, value)
  const response = await fetch(`${url}${action}`, { method: 'POST', body: form, headers, redirect: 'manual' })
  const text = await response.text()
  return { status: response.status, headers: response.headers, text, body: undefined as unknown }
}
