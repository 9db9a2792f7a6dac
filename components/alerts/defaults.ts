/** The one place Alerts' defaults live (see AlertsArgs in ./index). */

/** Defaults for the optional AlertsArgs and AlertsDashboardArgs. */
export const ALERTS_DEFAULTS = {
    emails: [] as readonly string[],
    // Deleting the key makes queued alarm notifications unreadable: refuse by default.
    protect: true,
    // The Slack forwarder's log group: a year, like every other log group of the platform.
    logRetentionDays: 365,
    // Dashboard graphs: 5-minute points, the resolution of most AWS metrics at no extra cost.
    dashboardPeriodSeconds: 300,
} as const;

/** Settings that are not arguments: each is the one sensible value, named here once. */
export const ALERTS_FIXED = {
    /** Slack is reached over HTTPS, through the NAT gateways. */
    slackEgressPort: 443,
    /** Worst case per alarm: four Slack attempts of at most 5 s each, plus backoff. */
    slackTimeoutSeconds: 30,
    /**
     * Lambda's retries of a failed asynchronous invocation (its maximum). With the SDK's own
     * four attempts per invocation, Slack gets twelve chances before the alarm is dead-lettered.
     */
    slackMaximumRetryAttempts: 2,
    /** An alarm not delivered within 6 hours (Lambda's maximum) goes to the queue. */
    slackMaximumEventAgeSeconds: 21_600,
    /**
     * The delivery-record table's key (string) and TTL attribute, and the variable that names
     * it, as the forwarder's runtime (lib/runtime/delivery-record.ts) reads them.
     */
    slackDeliveryKey: "id",
    slackDeliveryTtlAttribute: "expiration",
    slackDeliveryEnvironmentVariable: "DELIVERY_TABLE",
    /** Undelivered alarms stay 14 days (SQS's maximum) for someone to read. */
    slackDeadLetterRetentionSeconds: 1_209_600,
    /** Seconds SQS reuses a data key: fewer KMS calls, as EventPipeline's queues do. */
    kmsDataKeyReusePeriodSeconds: 300,
    /** The period of the undelivered-alarms alarm (s). */
    queueAlarmPeriodSeconds: 300,
    /** Widgets per dashboard row (each half the 24-column grid wide). */
    dashboardColumns: 2,
    dashboardWidgetWidth: 12,
    dashboardWidgetHeight: 6,
} as const;
