/**
 * The roles a Duban user holds (角色) and what each means to the domain. A user belongs to one
 * unit; the roles say what the user may do for it, or across units.
 */
import { AccountRole, type Actor } from '@duban/domain'
import type { z } from 'zod'

/** The roles' one schema lives with the account events in the domain. */
export const UserRole = AccountRole
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
  /** Present and true when the account is disabled (停用): it signs in no more. */
  disabled?: true
}

/** The domain sees who acts, for which unit, and whether with the supervision office's authority. */
export function actorOf(user: User): Actor {
  return {
    userId: user.id,
    unitId: user.unitId,
    roles: user.roles.includes('supervision_officer') ? ['supervision_office'] : [],
  }
}
