/**
 * CloudWatch Logs' retention periods, shared by every component that creates a log group and by
 * the stack config that chooses one.
 */

/** Retention periods (days) CloudWatch Logs accepts for a log group; any other fails at deploy. */
export const CLOUDWATCH_LOG_RETENTION_DAYS: readonly number[] = [
    1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922,
    3288, 3653,
];

/** Whether CloudWatch Logs accepts `n` days as a log group's retention. */
export function isLogRetentionDays(n: number): boolean {
    return CLOUDWATCH_LOG_RETENTION_DAYS.includes(n);
}
