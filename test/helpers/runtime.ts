/**
 * Test doubles every Lambda runtime's tests share: a real HTTP server standing in for a Slack
 * incoming webhook, a clock that only moves when something sleeps on it, a Lambda context that
 * runs down with that clock, and a Powertools Logger that records instead of printing.
 */
import { Logger, type LogItem } from "@aws-lambda-powertools/logger";
import type { Context } from "aws-lambda";
import type {
    ClaimResult,
    DeliveryOutcome,
    DeliveryStatus,
    DeliveryStore,
} from "../../components/lib/runtime/delivery-record";
import { randomUUID } from "node:crypto";
import * as http from "node:http";
import type { AddressInfo } from "node:net";

/**
 * The Slack client's request bound in tests whose stub never answers (`"hang"`): only that silence
 * trips it. A healthy call to the local stub ends far below it even on a loaded 2-core machine,
 * so the request always reaches the stub before the bound (the tests count it); at 100 ms a busy
 * event loop could abort it first.
 */
export const HANG_TIMEOUT_MS = 1000;

/** A request the Slack stand-in received. */
export interface RecordedRequest {
    readonly method: string;
    readonly path: string;
    readonly headers: http.IncomingHttpHeaders;
    readonly body: string;
}

/** A scripted reply; `"hang"` never answers (for timeouts). */
export type StubReply =
    | { readonly status: number; readonly body?: string; readonly headers?: Record<string, string> }
    | "hang";

/** A local HTTP server on 127.0.0.1 that answers like a Slack incoming webhook. */
export interface SlackStub {
    /** The webhook URL, with a token-like path (what the secret holds). */
    readonly url: string;
    readonly origin: string;
    readonly requests: RecordedRequest[];
    /** Replies used in order; after them, `fallback` (default 200 "ok"). */
    script(replies: readonly StubReply[], fallback?: StubReply): void;
    /** Forgets requests and scripts. */
    reset(): void;
    close(): Promise<void>;
}

const OK: StubReply = { status: 200, body: "ok" };

/** Starts the Slack stand-in on an ephemeral port; its webhook path ends in `token`. */
export async function startSlackStub(token: string): Promise<SlackStub> {
    const requests: RecordedRequest[] = [];
    let queue: StubReply[] = [];
    let fallback: StubReply = OK;
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
            const reply = queue.shift() ?? fallback;
            if (reply === "hang") return;
            res.writeHead(reply.status, { "content-type": "text/html", ...reply.headers });
            res.end(reply.body ?? "");
        });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as AddressInfo;
    const origin = `http://127.0.0.1:${port}`;
    return {
        url: `${origin}/services/${token}`,
        origin,
        requests,
        script(replies, fb = OK) {
            queue = [...replies];
            fallback = fb;
        },
        reset() {
            requests.length = 0;
            queue = [];
            fallback = OK;
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

/** A {@link FakeClock} starting at `start` (epoch ms). */
export function fakeClock(start: number): FakeClock {
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

/** What distinguishes one function's Lambda context from another's. */
export interface ContextFields {
    readonly functionName: string;
    readonly memoryLimitInMB: string;
    readonly awsRequestId: string;
    readonly logGroupName: string;
}

/** A Lambda context whose remaining time runs down with `clock`. */
export function lambdaContext(
    clock: FakeClock,
    remainingMs: number,
    fields: ContextFields,
): Context {
    const end = clock.now() + remainingMs;
    return {
        callbackWaitsForEmptyEventLoop: true,
        functionName: fields.functionName,
        functionVersion: "$LATEST",
        invokedFunctionArn: `arn:aws:lambda:eu-west-1:123456789012:function:${fields.functionName}`,
        memoryLimitInMB: fields.memoryLimitInMB,
        awsRequestId: fields.awsRequestId,
        logGroupName: fields.logGroupName,
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

/**
 * Events from sources a Kinesis consumer must refuse, shaped like AWS's sample events (trimmed),
 * with how {@link describeEvent} names each: [title, event, what arrived].
 */
export const NON_KINESIS_EVENTS: readonly (readonly [string, unknown, string])[] = [
    [
        "an SQS message",
        {
            Records: [
                {
                    messageId: "059f36b4-87a3-44ab-83d2-661975830a7d",
                    receiptHandle: "AQEBwJnKyrHigUMZj6rYigCgxlaS3SLy0a...",
                    body: "Test message.",
                    attributes: { ApproximateReceiveCount: "1" },
                    messageAttributes: {},
                    md5OfBody: "e4e68fb7bd0e697a0ae8f1bb342846b3",
                    eventSource: "aws:sqs",
                    eventSourceARN: "arn:aws:sqs:us-east-2:123456789012:my-queue",
                    awsRegion: "us-east-2",
                },
            ],
        },
        "aws:sqs",
    ],
    [
        "an SNS notification",
        {
            Records: [
                {
                    EventVersion: "1.0",
                    EventSubscriptionArn: "arn:aws:sns:us-east-1:123456789012:sns-lambda:21be56ed",
                    EventSource: "aws:sns",
                    Sns: { MessageId: "95df01b4-ee98-5cb9-9903-4c221d41eb5e", Message: "Hello" },
                },
            ],
        },
        "aws:sns",
    ],
    [
        "a DynamoDB stream record",
        {
            Records: [
                {
                    eventID: "1",
                    eventVersion: "1.0",
                    dynamodb: {
                        Keys: { Id: { N: "101" } },
                        NewImage: { Message: { S: "New item!" }, Id: { N: "101" } },
                        StreamViewType: "NEW_AND_OLD_IMAGES",
                        SequenceNumber: "111",
                        SizeBytes: 26,
                    },
                    awsRegion: "us-west-2",
                    eventName: "INSERT",
                    eventSourceARN: "arn:aws:dynamodb:us-west-2:123456789012:table/t/stream/x",
                    eventSource: "aws:dynamodb",
                },
            ],
        },
        "aws:dynamodb",
    ],
    [
        "an EventBridge scheduled event",
        {
            version: "0",
            id: "53dc4d37-cffa-4f76-80c9-8b7d4a4d2eaa",
            "detail-type": "Scheduled Event",
            source: "aws.events",
            account: "123456789012",
            time: "2015-10-08T16:53:06Z",
            region: "us-east-1",
            resources: ["arn:aws:events:us-east-1:123456789012:rule/my-scheduled-rule"],
            detail: {},
        },
        'an EventBridge event (source "aws.events", detail-type "Scheduled Event")',
    ],
    ["no records", { Records: [] }, "no records"],
];

/**
 * Delivery records in memory, with the DynamoDB store's conditions: a claim only where there is
 * no record, finish and release only with the claim's token.
 */
export class MemoryDeliveryStore implements DeliveryStore {
    readonly records = new Map<
        string,
        { status: DeliveryStatus; attributes: Record<string, string>; token: string }
    >();

    async claim(key: string, attributes: Readonly<Record<string, string>>): Promise<ClaimResult> {
        if (this.records.has(key)) return { claimed: false };
        const token = randomUUID();
        this.records.set(key, { status: "POSTING", attributes: { ...attributes }, token });
        return { claimed: true, token };
    }

    async finish(key: string, token: string, status: DeliveryOutcome): Promise<void> {
        const record = this.records.get(key);
        if (record?.token !== token) throw new Error("ConditionalCheckFailedException");
        record.status = status;
    }

    async release(key: string, token: string): Promise<void> {
        if (this.records.get(key)?.token === token) this.records.delete(key);
    }

    /** key -> status, in insertion order. */
    statuses(): Record<string, DeliveryStatus> {
        return Object.fromEntries([...this.records].map(([k, r]) => [k, r.status]));
    }
}
