/**
 * The IAM actions ReminderWorkflow grants, written out one by one: no service wildcards in any
 * grant, so the policy pack and a reviewer can read each of them. (The key policy is
 * components/lib/kms.ts's.)
 */

/**
 * What Step Functions needs to deliver execution logs to CloudWatch Logs (vended log delivery).
 * AWS documents them on "*" only: they take no resource (the policy pack's *-only table).
 */
export const STATES_LOG_DELIVERY_ACTIONS: readonly string[] = [
    "logs:CreateLogDelivery",
    "logs:GetLogDelivery",
    "logs:UpdateLogDelivery",
    "logs:DeleteLogDelivery",
    "logs:ListLogDeliveries",
    "logs:PutResourcePolicy",
    "logs:DescribeResourcePolicies",
    "logs:DescribeLogGroups",
];

/** What Step Functions needs to send X-Ray traces; granted on "*" only. */
export const STATES_XRAY_ACTIONS: readonly string[] = [
    "xray:PutTraceSegments",
    "xray:PutTelemetryRecords",
    "xray:GetSamplingRules",
    "xray:GetSamplingTargets",
];

/** What the app does to this workflow's executions once started (see the client library). */
export const APP_EXECUTION_ACTIONS: readonly string[] = [
    "states:StopExecution",
    "states:DescribeExecution",
];
