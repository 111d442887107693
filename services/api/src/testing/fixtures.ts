/** Request bodies and who acts, for API tests: a small plan with one task led by 市商务委. */
import { actingAs } from './acting-as'

/** The 督查办 sits in the municipal government's general office. */
export const OFFICE_UNIT = 'cq-zhengfubangongting'
export const supervisionOffice = actingAs({
  id: 'ducha-01',
  unitId: OFFICE_UNIT,
  roles: ['supervision_officer'],
})
/** A unit's approver (审核人): everything the unit itself may do. */
export const unitUser = (unitId: string) =>
  actingAs({ id: `${unitId}-approver`, unitId, roles: ['unit_approver'] })

export const LEAD_UNIT = 'cq-shangwuwei'
export const CO_UNIT = 'cq-fazhangaigewei'

export const planBody = {
  planId: 'cq2022-trade',
  title: '重庆市推动外贸高质量发展三年行动计划',
  issuer: '重庆市人民政府办公厅',
  issuedOn: '2022-09-20',
  period: { from: 2022, to: 2024 },
  sections: [{ id: 'g1', title: '实施贸产融合提升行动' }],
}

export const taskBody = {
  taskId: 'cq2022-trade.t1',
  planId: 'cq2022-trade',
  sectionId: 'g1',
  number: '1',
  kind: 'task',
  title: '夯实贸易发展产业基础',
  body: '加快发展集成电路、新型显示……到2024年,全市培育20个外向型产业聚集区。',
  leadUnitId: LEAD_UNIT,
  coUnitIds: [CO_UNIT],
  allDistricts: false,
}

export const reportBody = (reportId: string) => ({
  reportId,
  narrative: '本季度新认定外向型产业聚集区2个。',
  evidence: ['doc://2023/q2/report.pdf'],
})
