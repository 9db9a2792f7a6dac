/**
 * Test doubles for the event-pipeline runtimes: a real HTTP server standing in for Slack, an
 * in-memory announcement store, a fake clock, a log recorder,
 * and builders of Kinesis records that carry DynamoDB change events in AWS's documented format.
 */
import type { Context, KinesisStreamRecord } from "aws-lambda";
import * as shared from "../../../../test/helpers/runtime";
import type { FakeClock, SlackStub } from "../../../../test/helpers/runtime";

export type {
    RecordedRequest,
    SlackStub,
    StubReply,
    FakeClock,
} from "../../../../test/helpers/runtime";
export { HANG_TIMEOUT_MS } from "../../../../test/helpers/runtime";
export {
    RecordingLogger,
    MemoryDeliveryStore as MemoryAnnouncementStore,
} from "../../../../test/helpers/runtime";

/** The token part of the stub's webhook path: it must never show up in a log. */
export const WEBHOOK_TOKEN = "T0LIGHTSPD/B0MARKETING/kWq8sG1xZr4TnV7cLp2HdY9e";

/** Starts the Slack stand-in on an ephemeral port. */
export function startSlackStub(): Promise<SlackStub> {
    return shared.startSlackStub(WEBHOOK_TOKEN);
}

export function fakeClock(start = Date.UTC(2026, 10, 28, 9, 0, 0)): FakeClock {
    return shared.fakeClock(start);
}

/** A Lambda context of the notifier whose remaining time runs down with `clock`. */
export function lambdaContext(clock: FakeClock, remainingMs: number): Context {
    return shared.lambdaContext(clock, remainingMs, {
        functionName: "lightspeed-dev-new-customer-notifier",
        memoryLimitInMB: "256",
        awsRequestId: "c6af9ac6-7b61-11e6-9a41-93e8deadbeef",
        logGroupName: "/aws/lambda/lightspeed-dev-new-customer-notifier",
    });
}

/** A Kinesis-style sequence number (56 digits) for the n-th record. */
export function sequenceNumber(n: number): string {
    return `4959033827149025660855969253836157109592157598913${String(n).padStart(7, "0")}`;
}

/** Base64 of JSON, as Kinesis carries it. */
export function encode(payload: unknown): string {
    return Buffer.from(JSON.stringify(payload), "utf8").toString("base64");
}

/** A Kinesis record as Lambda delivers it, around already-encoded `data`. */
export function kinesisRecord(data: string, seq: string): KinesisStreamRecord {
    return {
        awsRegion: "eu-west-1",
        eventID: `shardId-000000000000:${seq}`,
        eventName: "aws:kinesis:record",
        eventSource: "aws:kinesis",
        eventSourceARN: "arn:aws:kinesis:eu-west-1:123456789012:stream/lightspeed-dev-events",
        eventVersion: "1.0",
        invokeIdentityArn: "arn:aws:iam::123456789012:role/lightspeed-dev-new-customer-notifier",
        kinesis: {
            kinesisSchemaVersion: "1.0",
            partitionKey: "8C1E7A0F3B5D2E6A9F4C7B1D0E3A5F2C",
            sequenceNumber: seq,
            data,
            approximateArrivalTimestamp: 1764320400.123,
        },
    };
}

/** A customer item in DynamoDB attribute-value form. */
export function customerImage(c: {
    customerId: string;
    name: string;
    employees: number;
    plan?: string;
    country?: string;
}): Record<string, Record<string, string>> {
    return {
        customerId: { S: c.customerId },
        name: { S: c.name },
        employees: { N: String(c.employees) },
        ...(c.plan !== undefined && { plan: { S: c.plan } }),
        ...(c.country !== undefined && { country: { S: c.country } }),
        createdAt: { S: "2026-11-28T09:00:00.000Z" },
    };
}

/** A DynamoDB change event as a table's Kinesis streaming destination writes it. */
export function changeEvent(e: {
    eventID: string;
    eventName?: "INSERT" | "MODIFY" | "REMOVE";
    tableName: string;
    newImage?: Record<string, unknown>;
    oldImage?: Record<string, unknown>;
    keys?: Record<string, unknown>;
}): Record<string, unknown> {
    const image = e.newImage ?? e.oldImage;
    return {
        awsRegion: "eu-west-1",
        eventID: e.eventID,
        eventName: e.eventName ?? "INSERT",
        userIdentity: null,
        recordFormat: "application/json",
        tableName: e.tableName,
        dynamodb: {
            ApproximateCreationDateTime: 1764320400123456,
            Keys: e.keys ?? { customerId: (image as Record<string, unknown>)?.customerId },
            ...(e.newImage !== undefined && { NewImage: e.newImage }),
            ...(e.oldImage !== undefined && { OldImage: e.oldImage }),
            SizeBytes: 187,
        },
        eventSource: "aws:dynamodb",
    };
}
