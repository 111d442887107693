/**
 * The working-day calendar the API hands to deciders, so a due date set by a person lands on a
 * 工作日 (China's calendar with 调休).
 */
import { latestCalendar } from '@duban/calendar'

const calendar = latestCalendar()

export const isWorkingDay = (date: string): boolean => calendar.isWorkingDay(date)
