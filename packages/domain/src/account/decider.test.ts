import t from 'tap'
import { domainEvents } from '../domain-events'
import { now } from '../testing/contexts'
import { DeciderSpecification } from '../testing/decider-specification'
import type { AccountCommand, AccountRole } from './commands'
import { type AccountCommandContext, type AccountView, accountDecider } from './decider'
import type { AccountEvent } from './events'

const view = (roles: AccountRole[], disabled = false): AccountView => ({ roles, disabled })
const directory = new Map<string, AccountView>([
  ['admin', view(['administrator'])],
  ['ducha', view(['supervision_officer'])],
  ['ducha2', view(['supervision_officer'])],
  ['zhang', view(['unit_reporter'])],
])

const as = (
  userId: string,
  accounts: ReadonlyMap<string, AccountView> = directory,
): AccountCommandContext => ({
  now,
  actor: { userId, unitId: 'cq-zhengfubangongting' },
  acting: userId === 'console' ? 'console' : (accounts.get(userId)?.roles ?? []),
  accounts,
})
const admin = as('admin')
const spec = DeciderSpecification.for(accountDecider, { context: admin, registry: domainEvents })

const create = (roles: AccountRole[], userId = 'li'): AccountCommand => ({
  type: 'CreateAccount',
  data: { userId, displayName: '李建国', unitId: 'cq-shangwuwei', roles },
})
const requested = (n: number, userId: string, role: AccountRole, by = 'admin'): AccountEvent => ({
  type: 'RoleRequested',
  data: { requestId: `req-${n}`, userId, role, requestedBy: by },
})
const approve = (n: number): AccountCommand => ({
  type: 'ApproveRoleRequest',
  data: { requestId: `req-${n}` },
})

t.test('the administrator creates an account; a role that reads the ledger is only requested', async () => {
  spec
    .given([])
    .when(create(['administrator']))
    .then([
      {
        type: 'AccountCreated',
        data: { userId: 'li', displayName: '李建国', unitId: 'cq-shangwuwei', roles: ['administrator'] },
      },
    ])
  spec
    .given([requested(1, 'zhang', 'unit_approver')])
    .when(create(['unit_reporter', 'supervision_officer']))
    .then([
      {
        type: 'AccountCreated',
        data: { userId: 'li', displayName: '李建国', unitId: 'cq-shangwuwei', roles: [] },
      },
      requested(2, 'li', 'unit_reporter'),
      requested(3, 'li', 'supervision_officer'),
    ])
})

t.test('the operator at the console grants any role at once (the first accounts of a store)', async () => {
  spec
    .given([])
    .when(create(['supervision_officer'], 'ducha3'), as('console'))
    .then([
      {
        type: 'AccountCreated',
        data: {
          userId: 'ducha3',
          displayName: '李建国',
          unitId: 'cq-shangwuwei',
          roles: ['supervision_officer'],
        },
      },
    ])
})

t.test('only an administrator creates accounts and grants roles; a taken id is refused', async () => {
  spec
    .given([])
    .when(create(['unit_reporter']), as('ducha'))
    .thenThrows('forbidden', /administrator/)
  spec
    .given([])
    .when(create(['unit_reporter'], 'zhang'))
    .thenThrows('conflict', /exists/)
  spec
    .given([])
    .when({ type: 'GrantRole', data: { userId: 'zhang', role: 'leadership' } }, as('zhang'))
    .thenThrows('forbidden', /administrator/)
})

t.test('the administrator cannot give itself a role that reads the ledger: it asks the office', async () => {
  spec
    .given([])
    .when({ type: 'GrantRole', data: { userId: 'admin', role: 'supervision_officer' } })
    .then([requested(1, 'admin', 'supervision_officer')])
  spec
    .given([requested(1, 'admin', 'supervision_officer')])
    .when({ type: 'GrantRole', data: { userId: 'admin', role: 'supervision_officer' } })
    .thenThrows('conflict', /awaits approval \(req-1\)/)
  spec
    .given([])
    .when({ type: 'GrantRole', data: { userId: 'zhang', role: 'administrator' } })
    .then([{ type: 'RoleGranted', data: { userId: 'zhang', role: 'administrator' } }])
  spec
    .given([])
    .when({ type: 'GrantRole', data: { userId: 'zhang', role: 'unit_reporter' } })
    .thenThrows('conflict', /already holds/)
  spec
    .given([])
    .when({ type: 'GrantRole', data: { userId: 'nobody', role: 'administrator' } })
    .thenThrows('not_found', /no account nobody/)
})

t.test('a supervision officer other than the requester and the account approves or declines', async () => {
  const given = [requested(1, 'zhang', 'supervision_officer', 'admin')]
  spec
    .given(given)
    .when(approve(1), as('ducha'))
    .then([
      {
        type: 'RoleRequestApproved',
        data: { requestId: 'req-1', userId: 'zhang', role: 'supervision_officer', approvedBy: 'ducha' },
      },
    ])
  spec
    .given(given)
    .when({ type: 'DeclineRoleRequest', data: { requestId: 'req-1', reason: '非本办人员' } }, as('ducha'))
    .then([
      {
        type: 'RoleRequestDeclined',
        data: {
          requestId: 'req-1',
          userId: 'zhang',
          role: 'supervision_officer',
          declinedBy: 'ducha',
          reason: '非本办人员',
        },
      },
    ])
  spec
    .given(given)
    .when(approve(1), admin)
    .thenThrows('forbidden', /supervision officer/)
  spec
    .given(given)
    .when(approve(1), as('console'))
    .thenThrows('forbidden', /supervision officer/)
  spec
    .given(given)
    .when(approve(1), as('zhang'))
    .thenThrows('forbidden', /supervision officer/)
  // An officer who also administers cannot approve the request it made, nor one for itself.
  const both = new Map(directory).set('boss', view(['administrator', 'supervision_officer']))
  spec
    .given([requested(1, 'zhang', 'leadership', 'boss')])
    .when(approve(1), as('boss', both))
    .thenThrows('forbidden', /second person/)
  spec
    .given([requested(1, 'boss', 'leadership', 'admin')])
    .when(approve(1), as('boss', both))
    .thenThrows('forbidden', /second person/)
  const decided: AccountEvent = {
    type: 'RoleRequestDeclined',
    data: {
      requestId: 'req-1',
      userId: 'zhang',
      role: 'supervision_officer',
      declinedBy: 'ducha',
      reason: '',
    },
  }
  spec
    .given([...given, decided])
    .when(approve(1), as('ducha2'))
    .thenThrows('not_found', /no pending/)
})

t.test('revoking a role and disabling never leave the store without an administrator', async () => {
  spec
    .given([])
    .when({ type: 'RevokeRole', data: { userId: 'zhang', role: 'unit_reporter' } })
    .then([{ type: 'RoleRevoked', data: { userId: 'zhang', role: 'unit_reporter' } }])
  spec
    .given([])
    .when({ type: 'RevokeRole', data: { userId: 'zhang', role: 'leadership' } })
    .thenThrows('conflict', /does not hold/)
  spec
    .given([])
    .when({ type: 'RevokeRole', data: { userId: 'admin', role: 'administrator' } })
    .thenThrows('conflict', /last administrator/)
  const two = new Map(directory).set('admin2', view(['administrator']))
  spec
    .given([])
    .when({ type: 'RevokeRole', data: { userId: 'admin', role: 'administrator' } }, as('admin', two))
    .then([{ type: 'RoleRevoked', data: { userId: 'admin', role: 'administrator' } }])
  spec
    .given([])
    .when({ type: 'DisableAccount', data: { userId: 'zhang' } })
    .then([{ type: 'AccountDisabled', data: { userId: 'zhang' } }])
  spec
    .given([])
    .when({ type: 'DisableAccount', data: { userId: 'admin' } })
    .thenThrows('forbidden', /own account/)
  spec
    .given([])
    .when({ type: 'DisableAccount', data: { userId: 'admin' } }, as('console'))
    .thenThrows('conflict', /last administrator/)
  const off = new Map(directory).set('zhang', view(['unit_reporter'], true))
  spec
    .given([])
    .when({ type: 'DisableAccount', data: { userId: 'zhang' } }, as('admin', off))
    .thenThrows('conflict', /already disabled/)
  spec
    .given([])
    .when({ type: 'EnableAccount', data: { userId: 'zhang' } }, as('admin', off))
    .then([{ type: 'AccountEnabled', data: { userId: 'zhang' } }])
  spec
    .given([])
    .when({ type: 'EnableAccount', data: { userId: 'zhang' } })
    .thenThrows('conflict', /not disabled/)
})

t.test("a password the administrator sets sends the account's reading roles back to the office", async () => {
  spec
    .given([])
    .when({ type: 'SetPassword', data: { userId: 'zhang' } })
    .then([
      { type: 'PasswordSet', data: { userId: 'zhang' } },
      { type: 'RoleRevoked', data: { userId: 'zhang', role: 'unit_reporter' } },
      requested(1, 'zhang', 'unit_reporter'),
    ])
  spec
    .given([])
    .when({ type: 'SetPassword', data: { userId: 'zhang' } }, as('zhang'))
    .then([{ type: 'PasswordSet', data: { userId: 'zhang' } }])
  spec
    .given([])
    .when({ type: 'SetPassword', data: { userId: 'zhang' } }, as('console'))
    .then([{ type: 'PasswordSet', data: { userId: 'zhang' } }])
  spec
    .given([])
    .when({ type: 'SetPassword', data: { userId: 'zhang' } }, as('ducha'))
    .thenThrows('forbidden', /administrator/)
})

t.test('the office or the administrator ends an account’s sessions', async () => {
  const revoked: AccountEvent = { type: 'SessionsRevoked', data: { userId: 'zhang' } }
  spec
    .given([])
    .when({ type: 'RevokeSessions', data: { userId: 'zhang' } })
    .then([revoked])
  spec
    .given([])
    .when({ type: 'RevokeSessions', data: { userId: 'zhang' } }, as('ducha'))
    .then([revoked])
  spec
    .given([])
    .when({ type: 'RevokeSessions', data: { userId: 'admin' } }, as('zhang'))
    .thenThrows('forbidden', /administrator/)
})
