/**
 * Test doubles for the search-indexer runtimes: a seeded PRNG, a fake clock, Lambda contexts, a
 * log recorder, builders of Kinesis records carrying DynamoDB change events in AWS's documented
 * format, and a model of how Lambda drives a Kinesis shard (checkpoints, retries from the
 * reported sequence number, bisection, bounded retries, the on-failure destination).
 */
import type {
    Context,
    KinesisStreamBatchResponse,
    KinesisStreamEvent,
    KinesisStreamRecord,
} from "aws-lambda";
import * as shared from "../../../../test/helpers/runtime";
import type { FakeClock } from "../../../../test/helpers/runtime";

/** Mulberry32: a small, fast, seeded PRNG, uniform in [0, 1). */
export function seededRandom(seed: number): () => number {
    let a = seed >>> 0;
    return () => {
        a = (a + 0x6d2b79f5) >>> 0;
        let t = a;
        t = Math.imul(t ^ (t >>> 15), t | 1);
        t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
        return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
}

export type { FakeClock } from "../../../../test/helpers/runtime";
export { RecordingLogger } from "../../../../test/helpers/runtime";

export function fakeClock(start = Date.UTC(2026, 10, 28, 9, 0, 0)): FakeClock {
    return shared.fakeClock(start);
}

/** A Lambda context of `lightspeed-dev-<name>` whose remaining time runs down with `clock`. */
export function lambdaContext(
    clock: FakeClock,
    remainingMs: number,
    name = "search-indexer",
): Context {
    const functionName = `lightspeed-dev-${name}`;
    return shared.lambdaContext(clock, remainingMs, {
        functionName,
        memoryLimitInMB: "512",
        awsRequestId: "c6af9ac6-7b61-11e6-9a41-93e8deadbeef",
        logGroupName: `/aws/lambda/${functionName}`,
    });
}

/** Static credentials for SigV4 in tests. */
export const TEST_CREDENTIALS = {
    accessKeyId: "AKIDEXAMPLE",
    secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
};

/** A Kinesis-style sequence number (56 digits, so string order is numeric order). */
export function sequenceNumber(n: number): string {
    return `4959033827149025660855969253836157109592157598913${String(n).padStart(7, "0")}`;
}

/** Base64 of JSON, as Kinesis carries it. */
export function encode(payload: unknown): string {
    return Buffer.from(JSON.stringify(payload), "utf8").toString("base64");
}

/** A Kinesis record as Lambda delivers it, around already-encoded `data`. */
export function kinesisRecord(
    data: string,
    seq: string,
    shard = "shardId-000000000000",
): KinesisStreamRecord {
    return {
        awsRegion: "eu-west-1",
        eventID: `${shard}:${seq}`,
        eventName: "aws:kinesis:record",
        eventSource: "aws:kinesis",
        eventSourceARN: "arn:aws:kinesis:eu-west-1:123456789012:stream/lightspeed-dev-events",
        eventVersion: "1.0",
        invokeIdentityArn: "arn:aws:iam::123456789012:role/lightspeed-dev-search-indexer",
        kinesis: {
            kinesisSchemaVersion: "1.0",
            partitionKey: "8C1E7A0F3B5D2E6A9F4C7B1D0E3A5F2C",
            sequenceNumber: seq,
            data,
            approximateArrivalTimestamp: 1764320400.123,
        },
    };
}

/** A DynamoDB change event as a table's Kinesis streaming destination writes it. */
export function changeEvent(e: {
    eventID: string;
    eventName: "INSERT" | "MODIFY" | "REMOVE";
    tableName: string;
    keys: Record<string, unknown>;
    /** Epoch µs. */
    createdMicros: number;
    newImage?: Record<string, unknown>;
    oldImage?: Record<string, unknown>;
}): Record<string, unknown> {
    return {
        awsRegion: "eu-west-1",
        eventID: e.eventID,
        eventName: e.eventName,
        userIdentity: null,
        recordFormat: "application/json",
        tableName: e.tableName,
        dynamodb: {
            ApproximateCreationDateTime: e.createdMicros,
            Keys: e.keys,
            ...(e.newImage !== undefined && { NewImage: e.newImage }),
            ...(e.oldImage !== undefined && { OldImage: e.oldImage }),
            SizeBytes: 187,
        },
        eventSource: "aws:dynamodb",
    };
}

/** What the model of Lambda's on-failure destination receives: the failed range, no data. */
export interface DeadLetter {
    readonly startSequenceNumber: string;
    readonly endSequenceNumber: string;
    readonly batchSize: number;
}

/** How the event source mapping is configured in the model. */
export interface ShardOptions {
    readonly batchSize: number;
    /** Retries of a batch that makes no progress before its range goes to the destination. */
    readonly maximumRetryAttempts: number;
    readonly bisectBatchOnFunctionError: boolean;
    /**
     * Whether a retry of a bisected half counts towards `maximumRetryAttempts`. AWS documents
     * that splitting does not; the handler's contract must hold either way.
     */
    readonly bisectionCountsAsRetry?: boolean;
}

/**
 * A model of Lambda polling one Kinesis shard with `ReportBatchItemFailures`:
 * - an empty `batchItemFailures` checkpoints the whole batch;
 * - otherwise Lambda checkpoints before the LOWEST reported sequence number and retries from it
 *   (records after it come again); a thrown error or an unknown identifier retries the batch;
 * - with bisection, a retry that made no progress halves the batch (without counting as a
 *   retry, unless `bisectionCountsAsRetry`);
 * - after `maximumRetryAttempts` retries without progress, the batch's range goes to the
 *   on-failure destination (its metadata only) and the shard moves past it.
 * Progress (a checkpoint that moved) starts the retry count again, as a new batch.
 */
export class ShardModel {
    private position = 0;
    private retries = 0;
    private size: number;
    readonly deadLetters: DeadLetter[] = [];
    invocations = 0;

    constructor(
        readonly records: readonly KinesisStreamRecord[],
        private readonly options: ShardOptions,
    ) {
        this.size = options.batchSize;
    }

    get done(): boolean {
        return this.position >= this.records.length;
    }

    /** Delivers one batch to `handler` and applies Lambda's reaction to the answer. */
    async step(
        handler: (event: KinesisStreamEvent) => Promise<KinesisStreamBatchResponse>,
    ): Promise<void> {
        const batch = this.records.slice(this.position, this.position + this.size);
        this.invocations++;
        let failedAt = 0;
        try {
            const response = await handler({ Records: [...batch] });
            const reported = (response?.batchItemFailures ?? []).map((f) => f.itemIdentifier);
            if (reported.length === 0) {
                this.advance(batch.length);
                return;
            }
            const positions = reported.map((id) =>
                batch.findIndex((r) => r.kinesis.sequenceNumber === id),
            );
            failedAt = positions.includes(-1) ? 0 : Math.min(...positions);
        } catch {
            failedAt = 0;
        }
        if (failedAt > 0) {
            this.position += failedAt; // checkpoint before the first failure: progress
            this.retries = 0;
            return;
        }
        const { bisectBatchOnFunctionError: bisect, bisectionCountsAsRetry } = this.options;
        if (bisect && batch.length > 1 && !bisectionCountsAsRetry) {
            this.size = Math.ceil(batch.length / 2);
            return;
        }
        this.retries++;
        if (this.retries > this.options.maximumRetryAttempts) {
            this.deadLetters.push({
                startSequenceNumber: batch[0].kinesis.sequenceNumber,
                endSequenceNumber: batch[batch.length - 1].kinesis.sequenceNumber,
                batchSize: batch.length,
            });
            this.advance(batch.length);
            return;
        }
        if (bisect) this.size = Math.max(1, Math.ceil(batch.length / 2));
    }

    /** Steps until the shard is read to the end (or `maxInvocations`, which then throws). */
    async drain(
        handler: (event: KinesisStreamEvent) => Promise<KinesisStreamBatchResponse>,
        maxInvocations = 10_000,
    ): Promise<void> {
        while (!this.done) {
            if (this.invocations >= maxInvocations) {
                throw new Error(
                    `shard still at record ${this.position} after ${maxInvocations} invocations`,
                );
            }
            await this.step(handler);
        }
    }

    private advance(n: number): void {
        this.position += n;
        this.retries = 0;
        this.size = this.options.batchSize;
    }
}

/** `promise`, or a rejection naming the bound when it is still pending after `ms` (real time). */
export async function settlesWithin<T>(promise: Promise<T>, ms: number): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`still running after ${ms} ms`)), ms);
    });
    try {
        return await Promise.race([promise, late]);
    } finally {
        clearTimeout(timer);
    }
}
