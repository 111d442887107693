/**
 * The roles a Duban user holds (角色) and what each means to the domain. A user belongs to one
 * unit; the roles say what the user may do for it, or across units.
 */
import type { Actor } from '@duban/domain'
import { z } from 'zod'

export const UserRole = z.enum([
  /** 填报人: acknowledges assignments, reports progress, answers notices for the own unit. */
  'unit_reporter',
  /** 审核人 (单位负责人): all a reporter does, and signs the unit's extension and closing requests. */
  'unit_approver',
  /** 督查办: reviews, notices, extensions, closings, plan import — across all units. */
  'supervision_officer',
  /** 领导小组: reads everything, changes nothing. */
  'leadership',
  /** 系统管理员: manages user accounts; reads no ledger content. */
  'administrator',
])
export type UserRole = z.infer<typeof UserRole>

export const userRoles: readonly UserRole[] = UserRole.options

export const roleLabels: Record<UserRole, string> = {
  unit_reporter: '单位填报人',
  unit_approver: '单位审核人',
  supervision_officer: '督查办',
  leadership: '领导小组',
  administrator: '系统管理员',
}

export interface User {
  /** ASCII login name; also the `actor` recorded on every event the user causes. */
  id: string
  displayName: string
  unitId: string
  roles: readonly UserRole[]
}

/** The domain sees who acts, for which unit, and whether with the supervision office's authority. */
export function actorOf(user: User): Actor {
  return {
    userId: user.id,
    unitId: user.unitId,
    roles: user.roles.includes('supervision_officer') ? ['supervision_office'] : [],
  }
}
