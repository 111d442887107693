/**
 * Units over time, given/when/then: an assignment names a unit that exists on its date; a
 * ceasing unit's assignment passes to its successor by 移交 + 承接; a passed-on assignment takes
 * no further command, so no obligation is ever opened for a unit after it ceased.
 */
import t from 'tap'
import { domainEvents } from '../domain-events'
import { office, scheduler, unit } from '../testing/contexts'
import { DeciderSpecification } from '../testing/decider-specification'
import { acknowledged, assigned, command, event, q1Opened, withTask, yuzhong } from '../testing/fixtures'
import { assignmentDecider } from './decider'

// Today (the contexts' clock) is 2023-04-03. In this directory 渝中区 ceased on 2023-04-01 and
// 两江新区 (the district) exists from that day.
const directory: Record<string, { from: string; to: string | null }> = {
  yuzhong: { from: '1997-01-01', to: '2023-04-01' },
  liangjiang: { from: '2023-04-01', to: null },
  customs: { from: '1997-01-01', to: null },
}
const unitExistsOn = (unitId: string, date: string) => {
  const period = directory[unitId]
  return period !== undefined && period.from <= date && (period.to === null || date < period.to)
}
const withDirectory = (context: typeof office) => ({ ...withTask(context), unitExistsOn })
const spec = DeciderSpecification.for(assignmentDecider, {
  context: withDirectory(scheduler),
  registry: domainEvents,
})

const successor = { taskId: yuzhong.taskId, unitId: 'liangjiang' }
const hand = { transferId: 'm1', effectiveOn: '2023-04-01', reason: '渝中区并入两江新区' }
const transfer = command('TransferAssignment', { ...yuzhong, toUnitId: 'liangjiang', ...hand })
const transferred = event('AssignmentTransferred', { ...yuzhong, toUnitId: 'liangjiang', ...hand })
const takeOver = command('TakeOverAssignment', {
  ...successor,
  fromUnitId: 'yuzhong',
  role: 'district',
  dueDate: '2024-12-31',
  ...hand,
})
const takenOver = event('AssignmentTakenOver', { ...successor, fromUnitId: 'yuzhong', ...hand })

t.test('交办: an unknown, not-yet-existing or ceased unit is refused', async () => {
  const assign = (unitId: string) =>
    command('AssignTask', { taskId: yuzhong.taskId, unitId, role: 'district' })
  const asOffice = withDirectory(office)
  spec
    .given([])
    .when(assign('customs-made-up'), asOffice)
    .thenThrows('invalid', /unit customs-made-up does not exist on 2023-04-03/)
  spec
    .given([])
    .when(assign('yuzhong'), asOffice)
    .thenThrows('invalid', /does not exist on 2023-04-03/)
  spec
    .given([])
    .when(assign('liangjiang'), asOffice)
    .then([event('TaskAssigned', { ...successor, role: 'district', dueDate: '2024-12-31' })])
})

t.test('移交 + 承接: the successor, new to the task, is assigned by the take-over', async () => {
  spec.given([assigned, acknowledged, q1Opened]).when(transfer).then([transferred])
  spec
    .given([])
    .when(takeOver)
    .then([event('TaskAssigned', { ...successor, role: 'district', dueDate: '2024-12-31' }), takenOver])
  spec
    .given([event('TaskAssigned', { ...successor, role: 'district', dueDate: '2024-12-31' })])
    .when(takeOver)
    .then([takenOver])
  spec
    .given([event('TaskAssigned', { ...successor, role: 'district', dueDate: '2024-12-31' }), takenOver])
    .when(takeOver)
    .thenThrows('conflict', /already took over/)
})

t.test('a passed-on assignment takes no further command: no obligation after the unit ceased', async () => {
  const given = [assigned, acknowledged, transferred]
  spec
    .given(given)
    .when(
      command('OpenObligation', {
        ...yuzhong,
        obligationId: '2023-Q2',
        period: '2023-Q2',
        dueDate: '2023-07-10',
        kind: 'periodic',
      }),
    )
    .thenThrows('conflict', /passed to unit liangjiang on 2023-04-01/)
  spec
    .given(given)
    .when(
      command('SendReminder', { ...yuzhong, reminderId: 'm1', kind: 'manual', message: '请报送' }),
      withDirectory(office),
    )
    .thenThrows('conflict', /移交/)
  spec
    .given(given)
    .when(transfer)
    .thenThrows('conflict', /passed to unit liangjiang/)
})

t.test('no obligation for a unit that ceased, even before its assignment was passed on', async () => {
  spec
    .given([assigned, acknowledged])
    .when(
      command('OpenObligation', {
        ...yuzhong,
        obligationId: '2023-Q2',
        period: '2023-Q2',
        dueDate: '2023-07-10',
        kind: 'periodic',
      }),
    )
    .thenThrows('invalid', /unit yuzhong does not exist on 2023-04-03/)
})

t.test(
  '移交 rules: by the office or the scheduler, to a unit existing then, on or before today',
  async () => {
    const given = [assigned, acknowledged]
    spec
      .given(given)
      .when(transfer, withDirectory(unit('yuzhong')))
      .thenThrows('forbidden')
    spec
      .given(given)
      .when(command('TransferAssignment', { ...yuzhong, toUnitId: 'nowhere', ...hand }))
      .thenThrows('invalid', /unit nowhere does not exist on 2023-04-01/)
    spec
      .given(given)
      .when(
        command('TransferAssignment', {
          ...yuzhong,
          toUnitId: 'liangjiang',
          ...hand,
          effectiveOn: '2023-05-01',
        }),
      )
      .thenThrows('invalid', /after today/)
    spec
      .given(given)
      .when(command('TransferAssignment', { ...yuzhong, toUnitId: 'yuzhong', ...hand }))
      .thenThrows('invalid', /to itself/)
    spec
      .given([])
      .when(
        command('TakeOverAssignment', {
          ...successor,
          fromUnitId: 'yuzhong',
          role: 'district',
          dueDate: '2025-06-30',
          ...hand,
        }),
      )
      .thenThrows('invalid', /after task cq-trade.1's deadline/)
  },
)
