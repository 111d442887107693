/**
 * A refused report and another report citing the same bytes at the same moment (issue: the
 * refused one's clean-up deleted the file the other cites). Real HTTP, a real SQLite ledger and
 * the real file store; the interleaving is forced by a hook in the store, not by timing.
 */
import { createHash } from 'node:crypto'
import t from 'tap'
import { LEAD_UNIT, planBody, supervisionOffice, taskBody, unitUser } from '../testing/fixtures'
import { startTestServer } from '../testing/test-server'
import { csrfOf, webSession } from '../testing/web-session'

const TASK = taskBody.taskId
const lead = { id: 'refused-reporter', unitId: LEAD_UNIT, roles: ['unit_reporter' as const] }
const assignmentPage = `/w/units/${LEAD_UNIT}/tasks/${TASK}`
const pdf = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n')
const hash = createHash('sha256').update(pdf).digest('hex')

t.test(
  'given report A has stored a new file and waits, when report B uploads the same bytes and cites them and then A is refused, then B’s file stays and downloads',
  async (t) => {
    // The first upload that stores new bytes stops there until the test lets it go on.
    let stopped: () => void = () => undefined
    const atStop = new Promise<void>((resolve) => {
      stopped = resolve
    })
    let goOn: () => void = () => undefined
    const released = new Promise<void>((resolve) => {
      goOn = resolve
    })
    let holding = true
    const api = await startTestServer(t, {
      attachments: (store) =>
        Object.assign(Object.create(store) as typeof store, {
          putFile: async (sha256: string, file: string) => {
            const isNew = await store.putFile(sha256, file)
            if (isNew && holding) {
              holding = false
              stopped()
              await released
            }
            return isNew
          },
        }),
    })
    const ok = async (p: string, body: unknown, headers = supervisionOffice) =>
      t.ok((await api.request('POST', p, { body, headers })).status < 300, p)
    await ok('/plans', planBody)
    await ok('/tasks', taskBody)
    await ok(`/tasks/${TASK}/assignments`, { unitId: LEAD_UNIT, role: 'lead' })
    await ok(`/tasks/${TASK}/assignments/${LEAD_UNIT}/acknowledge`, {}, unitUser(LEAD_UNIT))
    const bearer = { authorization: `Bearer ${await api.tokenFor(lead)}` }

    // Report A, on the form, with a value for a target the task does not have: it will be refused.
    const browser = await webSession(api, lead)
    const formA = new FormData()
    formA.set('_csrf', csrfOf((await browser.get(assignmentPage)).text))
    formA.set('narrative', '报送A：清单见附件。')
    formA.set('indicator.no-such-target', '3')
    formA.append('attachments', new Blob([new Uint8Array(pdf)]), '清单A.pdf')
    const reportA = fetch(`${api.url}${assignmentPage}/report`, {
      method: 'POST',
      body: formA,
      headers: { cookie: browser.cookie(), referer: `${api.url}${assignmentPage}` },
      redirect: 'manual',
    })
    await atStop

    // B uploads the same bytes over the API (found stored) and cites them in its report.
    const formB = new FormData()
    formB.set('file', new Blob([new Uint8Array(pdf)]), '清单B.pdf')
    const uploadB = await fetch(`${api.url}/tasks/${TASK}/assignments/${LEAD_UNIT}/attachments`, {
      method: 'POST',
      body: formB,
      headers: bearer,
    })
    t.equal(uploadB.status, 201, 'B’s upload finds the bytes stored')
    const reportB = await api.request('POST', `/tasks/${TASK}/assignments/${LEAD_UNIT}/reports`, {
      body: { reportId: 'r-b', narrative: '报送B：清单见附件。', attachments: [await uploadB.json()] },
      headers: unitUser(LEAD_UNIT),
    })
    t.equal(reportB.status, 201, 'B’s report is recorded')

    goOn()
    const refused = await reportA
    t.equal(refused.status, 422, 'A is refused')
    t.match(await refused.text(), 'no-such-target')

    const file = await fetch(`${api.url}/tasks/${TASK}/assignments/${LEAD_UNIT}/attachments/${hash}`, {
      headers: bearer,
    })
    t.equal(file.status, 200, 'the file B cites is still there')
    t.same(Buffer.from(await file.arrayBuffer()), pdf, 'byte for byte')
  },
)
