/**
 * Test doubles for the alerts runtimes: a real HTTP server standing in for a Slack incoming
 * webhook, a fake clock, a Lambda context that runs down with it, a log recorder, and builders
 * of SNS events that carry CloudWatch alarm notifications in AWS's documented format.
 */
import { Logger, type LogItem } from "@aws-lambda-powertools/logger";
import type { Context, SNSEvent, SNSEventRecord } from "aws-lambda";
import * as http from "node:http";
import type { AddressInfo } from "node:net";

/** A request the Slack stand-in received. */
export interface RecordedRequest {
    readonly method: string;
    readonly path: string;
    readonly headers: http.IncomingHttpHeaders;
    readonly body: string;
}

/** A scripted reply. */
export interface StubReply {
    readonly status: number;
    readonly body?: string;
    readonly headers?: Record<string, string>;
}

/** A local HTTP server on 127.0.0.1 that answers like a Slack incoming webhook. */
export interface SlackStub {
    /** The webhook URL, with a token-like path (what the secret holds). */
    readonly url: string;
    readonly origin: string;
    readonly requests: RecordedRequest[];
    /** Replies used in order; after them, 200 "ok". */
    script(replies: readonly StubReply[]): void;
    /** Forgets requests and scripts. */
    reset(): void;
    close(): Promise<void>;
}

/** The token part of the stub's webhook path: it must never show up in a log. */
export const WEBHOOK_TOKEN = "T0LIGHTSPD/B0ALERTS00/pZ3kVd8sQe1LmW6tRy0uNb4c";

/** Starts the Slack stand-in on an ephemeral port. */
export async function startSlackStub(): Promise<SlackStub> {
    const requests: RecordedRequest[] = [];
    let queue: StubReply[] = [];
    const server = http.createServer((req, res) => {
        const chunks: Buffer[] = [];
        req.on("data", (c: Buffer) => chunks.push(c));
        req.on("end", () => {
            requests.push({
                method: req.method ?? "",
                path: req.url ?? "",
                headers: req.headers,
                body: Buffer.concat(chunks).toString("utf8"),
            });
            const reply = queue.shift() ?? { status: 200, body: "ok" };
            res.writeHead(reply.status, { "content-type": "text/html", ...reply.headers });
            res.end(reply.body ?? "");
        });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as AddressInfo;
    const origin = `http://127.0.0.1:${port}`;
    return {
        url: `${origin}/services/${WEBHOOK_TOKEN}`,
        origin,
        requests,
        script(replies) {
            queue = [...replies];
        },
        reset() {
            requests.length = 0;
            queue = [];
        },
        close: () =>
            new Promise<void>((resolve, reject) => {
                server.closeAllConnections();
                server.close((err) => (err ? reject(err) : resolve()));
            }),
    };
}

/** A clock that only moves when something sleeps on it; records every sleep. */
export interface FakeClock {
    now(): number;
    sleep(ms: number): Promise<void>;
    advance(ms: number): void;
    readonly sleeps: number[];
}

export function fakeClock(start = Date.UTC(2026, 10, 28, 9, 5, 0)): FakeClock {
    let t = start;
    const sleeps: number[] = [];
    return {
        now: () => t,
        sleep: async (ms) => {
            sleeps.push(ms);
            t += ms;
        },
        advance: (ms) => {
            t += ms;
        },
        sleeps,
    };
}

/** A Lambda context whose remaining time runs down with `clock`. */
export function lambdaContext(clock: FakeClock, remainingMs: number): Context {
    const end = clock.now() + remainingMs;
    return {
        callbackWaitsForEmptyEventLoop: true,
        functionName: "alerts-slack-3c4d5e6",
        functionVersion: "$LATEST",
        invokedFunctionArn: "arn:aws:lambda:eu-west-1:123456789012:function:alerts-slack-3c4d5e6",
        memoryLimitInMB: "256",
        awsRequestId: "5f0c1a2b-7b61-11e6-9a41-93e8deadbeef",
        logGroupName: "alerts-slack-logs-9a8b7c6",
        logStreamName: "2026/11/28/[$LATEST]0123456789abcdef",
        getRemainingTimeInMillis: () => end - clock.now(),
        done: () => undefined,
        fail: () => undefined,
        succeed: () => undefined,
    };
}

/** A Powertools Logger that keeps each log line (as printed) instead of writing it. */
export class RecordingLogger extends Logger {
    readonly lines: string[] = [];

    protected override printLog(_logLevel: number, log: LogItem): void {
        log.prepareForPrint();
        this.lines.push(JSON.stringify(log.getAttributes(), this.getJsonReplacer()));
    }

    /** Parsed log entries. */
    entries(): Record<string, unknown>[] {
        return this.lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    }
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
