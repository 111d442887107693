/**
 * Every command on an assignment (交办), as one table: the path under
 * /tasks/{taskId}/assignments/{unitId}, the domain command it sends, and which of the
 * command's ids come from the path. The routes, their schemas and their OpenAPI entries are
 * all generated from this table, so a new workflow command is one row.
 */
import {
  AcceptProgressReport,
  AcknowledgeAssignment,
  AnswerSupervisionNotice,
  EscalateToLeadership,
  GrantExtension,
  IssueSupervisionNotice,
  OpenObligation,
  RefuseExtension,
  ReopenAssignment,
  RequestCompletion,
  RequestExtension,
  ReturnProgressReport,
  SendBackCompletion,
  SendReminder,
  SubmitProgressReport,
  VerifyCompletion,
} from '@duban/domain'

export interface AssignmentAction {
  /** Path below /tasks/{taskId}/assignments/{unitId}; `:name` segments fill the command's ids. */
  path: string
  command:
    | typeof AcknowledgeAssignment
    | typeof OpenObligation
    | typeof SubmitProgressReport
    | typeof AcceptProgressReport
    | typeof ReturnProgressReport
    | typeof SendReminder
    | typeof IssueSupervisionNotice
    | typeof AnswerSupervisionNotice
    | typeof EscalateToLeadership
    | typeof RequestExtension
    | typeof GrantExtension
    | typeof RefuseExtension
    | typeof RequestCompletion
    | typeof VerifyCompletion
    | typeof SendBackCompletion
    | typeof ReopenAssignment
  summary: string
  /** 201 where the command creates something addressable (a report, a notice). */
  status: 200 | 201
}

export const assignmentActions: AssignmentAction[] = [
  { path: 'acknowledge', command: AcknowledgeAssignment, summary: 'Acknowledge receipt (签收)', status: 200 },
  {
    path: 'obligations',
    command: OpenObligation,
    summary: 'Ask for a report by a date (报送义务)',
    status: 201,
  },
  {
    path: 'reports',
    command: SubmitProgressReport,
    summary: 'Submit a progress report (进展报送)',
    status: 201,
  },
  {
    path: 'reports/:reportId/accept',
    command: AcceptProgressReport,
    summary: 'Accept a report (审核通过)',
    status: 200,
  },
  {
    path: 'reports/:reportId/return',
    command: ReturnProgressReport,
    summary: 'Return a report with a reason (退回)',
    status: 200,
  },
  { path: 'reminders', command: SendReminder, summary: 'Send a reminder (催办)', status: 201 },
  {
    path: 'notices',
    command: IssueSupervisionNotice,
    summary: 'Issue a supervision notice (督办单)',
    status: 201,
  },
  {
    path: 'notices/:noticeId/answer',
    command: AnswerSupervisionNotice,
    summary: 'Answer a supervision notice',
    status: 200,
  },
  {
    path: 'escalations',
    command: EscalateToLeadership,
    summary: 'Escalate to the leadership group (提级)',
    status: 201,
  },
  { path: 'extensions', command: RequestExtension, summary: 'Request an extension (延期申请)', status: 201 },
  {
    path: 'extensions/:requestId/grant',
    command: GrantExtension,
    summary: 'Grant an extension',
    status: 200,
  },
  {
    path: 'extensions/:requestId/refuse',
    command: RefuseExtension,
    summary: 'Refuse an extension',
    status: 200,
  },
  { path: 'completion', command: RequestCompletion, summary: 'Request completion (办结申请)', status: 201 },
  {
    path: 'completion/verify',
    command: VerifyCompletion,
    summary: 'Verify completion and close (销号)',
    status: 200,
  },
  {
    path: 'completion/send-back',
    command: SendBackCompletion,
    summary: 'Send the completion request back',
    status: 200,
  },
  { path: 'reopen', command: ReopenAssignment, summary: 'Reopen a closed assignment', status: 200 },
]
