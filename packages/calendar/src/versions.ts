/**
 * The calendar versions. A version is an ordered list of notices and never changes once published:
 * a new year's notice (or an amendment) makes a new version, so a deadline stored with `cn-2025.1`
 * still recomputes to the same date after `cn-2026.1` exists.
 *
 * Version ids are `cn-<last year covered>.<revision>`; the revision counts amendments within a year.
 */
export interface NoticeManifestEntry {
  id: string
  year: number
  sourceUrl: string
}

export const noticeManifest: readonly NoticeManifestEntry[] = [
  {
    id: '2022',
    year: 2022,
    sourceUrl: 'https://www.gov.cn/zhengce/zhengceku/2021-10/25/content_5644835.htm',
  },
  {
    id: '2023',
    year: 2023,
    sourceUrl: 'https://www.gov.cn/zhengce/zhengceku/2022-12/08/content_5730844.htm',
  },
  { id: '2024', year: 2024, sourceUrl: 'https://www.gov.cn/zhengce/zhengceku/202310/content_6911528.htm' },
  { id: '2025', year: 2025, sourceUrl: 'https://www.gov.cn/zhengce/zhengceku/202411/content_6986383.htm' },
  { id: '2026', year: 2026, sourceUrl: 'https://www.gov.cn/zhengce/zhengceku/202511/content_7047091.htm' },
]

export const versionManifest: readonly { id: string; notices: readonly string[] }[] = [
  { id: 'cn-2022.1', notices: ['2022'] },
  { id: 'cn-2023.1', notices: ['2022', '2023'] },
  { id: 'cn-2024.1', notices: ['2022', '2023', '2024'] },
  { id: 'cn-2025.1', notices: ['2022', '2023', '2024', '2025'] },
  { id: 'cn-2026.1', notices: ['2022', '2023', '2024', '2025', '2026'] },
]

export const latestVersionId = 'cn-2026.1'
