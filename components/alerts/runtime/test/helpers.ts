/**
 * Test doubles for the alerts runtimes: a real HTTP server standing in for a Slack incoming
 * webhook, a fake clock, a Lambda context that runs down with it, a log recorder, and builders
 * of SNS events that carry CloudWatch alarm notifications in AWS's documented format.
 */
import type { Context, SNSEvent, SNSEventRecord } from "aws-lambda";
import * as shared from "../../../../test/helpers/runtime";
import type { FakeClock, SlackStub } from "../../../../test/helpers/runtime";

export type {
    RecordedRequest,
    SlackStub,
    StubReply,
    FakeClock,
} from "../../../../test/helpers/runtime";
export { HANG_TIMEOUT_MS } from "../../../../test/helpers/runtime";
export { RecordingLogger } from "../../../../test/helpers/runtime";

/** The token part of the stub's webhook path: it must never show up in a log. */
export const WEBHOOK_TOKEN = "T0LIGHTSPD/B0ALERTS00/pZ3kVd8sQe1LmW6tRy0uNb4c";

/** Starts the Slack stand-in on an ephemeral port. */
export function startSlackStub(): Promise<SlackStub> {
    return shared.startSlackStub(WEBHOOK_TOKEN);
}

export function fakeClock(start = Date.UTC(2026, 10, 28, 9, 5, 0)): FakeClock {
    return shared.fakeClock(start);
}

/** A Lambda context of the Slack forwarder whose remaining time runs down with `clock`. */
export function lambdaContext(clock: FakeClock, remainingMs: number): Context {
    return shared.lambdaContext(clock, remainingMs, {
        functionName: "alerts-slack-3c4d5e6",
        memoryLimitInMB: "256",
        awsRequestId: "5f0c1a2b-7b61-11e6-9a41-93e8deadbeef",
        logGroupName: "alerts-slack-logs-9a8b7c6",
    });
}

export const TOPIC_ARN = "arn:aws:sns:eu-west-1:123456789012:alerts-topic-1a2b3c4";

/** A CloudWatch alarm notification as CloudWatch publishes it to SNS, with overrides. */
export function alarmNotification(
    overrides: Record<string, unknown> = {},
): Record<string, unknown> {
    return {
        AlarmName: "pipeline-new-customer-notifier-errors-1a2b3c4",
        AlarmDescription: "EventPipeline pipeline: new-customer-notifier failed invocations",
        AWSAccountId: "123456789012",
        AlarmConfigurationUpdatedTimestamp: "2026-11-20T10:00:00.000+0000",
        NewStateValue: "ALARM",
        NewStateReason:
            "Threshold Crossed: 1 out of the last 1 datapoints [3.0 (28/11/26 09:04:00)] was greater than the threshold (0.0) (minimum 1 datapoint for OK -> ALARM transition).",
        StateChangeTime: "2026-11-28T09:05:00.000+0000",
        Region: "EU (Ireland)",
        AlarmArn:
            "arn:aws:cloudwatch:eu-west-1:123456789012:alarm:pipeline-new-customer-notifier-errors-1a2b3c4",
        OldStateValue: "OK",
        OKActions: [TOPIC_ARN],
        AlarmActions: [TOPIC_ARN],
        InsufficientDataActions: [],
        Trigger: {
            MetricName: "Errors",
            Namespace: "AWS/Lambda",
            StatisticType: "Statistic",
            Statistic: "SUM",
            Unit: null,
            Dimensions: [{ value: "pipeline-new-customer-notifier-5e6f7a8", name: "FunctionName" }],
            Period: 60,
            EvaluationPeriods: 1,
            DatapointsToAlarm: 1,
            ComparisonOperator: "GreaterThanThreshold",
            Threshold: 0.0,
            TreatMissingData: "notBreaching",
            EvaluateLowSampleCountPercentile: "",
        },
        ...overrides,
    };
}

/** An SNS record as Lambda receives it from a subscription. */
export function snsRecord(message: string, subject: string | null, n = 1): SNSEventRecord {
    return {
        EventSource: "aws:sns",
        EventVersion: "1.0",
        EventSubscriptionArn: `${TOPIC_ARN}:2bcfbf39-05c3-41de-beaa-fcfcc21c8f55`,
        Sns: {
            Type: "Notification",
            MessageId: `95df01b4-ee98-5cb9-9903-4c221d41eb5${n}`,
            TopicArn: TOPIC_ARN,
            Subject: subject as string,
            Message: message,
            Timestamp: "2026-11-28T09:05:00.123Z",
            SignatureVersion: "1",
            Signature: "EXAMPLE",
            SigningCertUrl:
                "https://sns.eu-west-1.amazonaws.com/SimpleNotificationService-0000.pem",
            UnsubscribeUrl: `https://sns.eu-west-1.amazonaws.com/?Action=Unsubscribe&SubscriptionArn=${TOPIC_ARN}:2bcfbf39`,
            MessageAttributes: {},
        },
    };
}

/** An SNS event with one alarm notification. */
export function alarmEvent(overrides: Record<string, unknown> = {}): SNSEvent {
    const alarm = alarmNotification(overrides);
    const subject = `${String(alarm.NewStateValue)}: "${String(alarm.AlarmName)}" in EU (Ireland)`;
    return { Records: [snsRecord(JSON.stringify(alarm), subject)] };
}
