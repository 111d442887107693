import t from 'tap'
import { planDecider } from '../plan/decider'
import { office } from './contexts'
import { DeciderSpecification } from './decider-specification'
import { planRegistered } from './fixtures'

const registeredData = planRegistered.type === 'PlanRegistered' ? planRegistered.data : undefined

const spec = DeciderSpecification.for(planDecider, { context: office })
const register = { type: 'RegisterPlan' as const, data: registeredData! }

t.test('a wrong expectation fails', async (t) => {
  t.throws(() => spec.given([]).when(register).then([]))
  t.throws(
    () => spec.given([planRegistered]).when(register).thenThrows('forbidden'),
    /expected forbidden, got conflict/,
  )
  t.throws(() =>
    spec
      .given([planRegistered])
      .when(register)
      .thenThrows('conflict', /nothing like this/),
  )
  t.throws(() => spec.given([]).when(register).thenThrows('conflict'), /Missing expected exception/)
})

t.test('a right expectation passes', async (t) => {
  t.doesNotThrow(() => spec.given([]).when(register).then([planRegistered]))
  t.doesNotThrow(() =>
    spec
      .given([planRegistered])
      .when(register)
      .thenThrows('conflict', /already registered/),
  )
})
