/**
 * What invoked a handler, checked before anything else: a function wired to the wrong event
 * source (an SQS queue, an SNS topic, a DynamoDB stream, an EventBridge rule) fails the whole
 * invocation with an error that names what arrived and what was expected, instead of a
 * TypeError deep inside, or, worse, a success that did nothing.
 */

/** The event is not from the source the function is built for. */
export class EventSourceError extends Error {
    constructor(
        /** The function that refused it (`search-indexer`). */
        readonly functionName: string,
        /** What it takes (`aws:kinesis`). */
        readonly expected: string,
        /** What arrived (`aws:sqs`, `EventBridge (aws.events, Scheduled Event)`, ...). */
        readonly received: string,
    ) {
        super(`${functionName}: expected ${expected} records, got ${received}`);
        this.name = "EventSourceError";
    }
}

function isObject(value: unknown): value is Record<string, unknown> {
    return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** The source of one record: `eventSource` (Kinesis, SQS, DynamoDB, S3) or `EventSource` (SNS). */
function recordSource(record: unknown): string {
    if (!isObject(record)) return "a record that is not an object";
    const source = record.eventSource ?? record.EventSource;
    return typeof source === "string" && source !== ""
        ? source
        : "a record without an event source";
}

/** Names what an event is, for the error message. */
export function describeEvent(event: unknown): string {
    if (!isObject(event)) return event === null ? "null" : `a ${typeof event}`;
    if (typeof event["detail-type"] === "string" && typeof event.source === "string") {
        return `an EventBridge event (source ${JSON.stringify(event.source)}, detail-type ${JSON.stringify(event["detail-type"])})`;
    }
    if (!Array.isArray(event.Records)) return "an event without Records";
    if (event.Records.length === 0) return "no records";
    const sources = [...new Set(event.Records.map(recordSource))];
    return sources.join(", ");
}

/**
 * Throws {@link EventSourceError} unless `event.Records` is a non-empty array whose every record
 * comes from `expected` (`aws:kinesis`, `aws:sns`) and carries its `payloadKey` object
 * (`kinesis`, `Sns`).
 */
export function assertRecordsFrom(
    functionName: string,
    event: unknown,
    expected: "aws:kinesis" | "aws:sns",
    payloadKey: "kinesis" | "Sns",
): void {
    const records = isObject(event) ? event.Records : undefined;
    const ok =
        Array.isArray(records) &&
        records.length > 0 &&
        records.every(
            (r) => isObject(r) && recordSource(r) === expected && isObject(r[payloadKey]),
        );
    if (!ok) {
        const received = describeEvent(event);
        throw new EventSourceError(
            functionName,
            expected,
            received === expected ? `${expected} records without ${payloadKey}` : received,
        );
    }
}
