/**
 * The demo ledger's users: one per role, over several units, all with one password. Created
 * once into an empty user store by `pnpm start`, which prints them (and the README lists them).
 * Each is an AccountCreated event in the demo's log, made by the console (`console:demo`) at the
 * demo's frozen clock with a fixed command id, so the demo's log is the same on every machine.
 */
import type { Accounts } from './account-service'
import type { User } from './roles'

export const DEMO_PASSWORD = 'duban-demo-2023'

export const demoUsers: readonly User[] = [
  { id: 'swz-tianbao', displayName: '张晓梅', unitId: 'cq-shangwuwei', roles: ['unit_reporter'] },
  { id: 'swz-shenhe', displayName: '李建国', unitId: 'cq-shangwuwei', roles: ['unit_approver'] },
  { id: 'fgw-tianbao', displayName: '王磊', unitId: 'cq-fazhangaigewei', roles: ['unit_reporter'] },
  { id: 'yuzhong-tianbao', displayName: '陈静', unitId: 'cq-yuzhong', roles: ['unit_reporter'] },
  { id: 'jiangbei-tianbao', displayName: '刘洋', unitId: 'cq-jiangbei', roles: ['unit_reporter'] },
  { id: 'ducha', displayName: '赵敏', unitId: 'cq-zhengfubangongting', roles: ['supervision_officer'] },
  { id: 'lingdao', displayName: '孙卫东', unitId: 'cq-zhengfubangongting', roles: ['leadership'] },
  { id: 'admin', displayName: '系统管理员', unitId: 'cq-zhengfubangongting', roles: ['administrator'] },
]

/** Creates the demo users that are missing; returns how many it created. */
export async function seedDemoUsers(accounts: Accounts): Promise<number> {
  let created = 0
  const existing = new Set((await accounts.list()).map((user) => user.id))
  for (const { id, displayName, unitId, roles } of demoUsers) {
    if (existing.has(id)) continue
    await accounts.change(
      { console: 'demo' },
      {
        command: { type: 'CreateAccount', data: { userId: id, displayName, unitId, roles: [...roles] } },
        password: DEMO_PASSWORD,
        commandId: `demo-account-${id}`,
      },
    )
    created += 1
  }
  return created
}
