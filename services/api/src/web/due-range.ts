/**
 * 到期日自…至…: the range of due dates the ranking and its drill-down count over, read through
 * one schema — calendar dates, the first not after the last — so a range the read models would
 * refuse is a 400 saying which date is wrong, in Chinese, not a failed page.
 */
import { z } from 'zod'

export const DueRange = z
  .object({ from: z.iso.date(), to: z.iso.date() })
  .refine((range) => range.from <= range.to, {
    path: ['from'],
    message: '起始日期不能晚于截止日期，请重新选择',
  })
