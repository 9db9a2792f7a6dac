/**
 * Decoding of the DynamoDB change events that a table's Kinesis streaming destination writes, for
 * every consumer of the EventPipeline stream that needs the event itself rather than one table's
 * item (the search indexer; the new-customer notifier keeps its own copy for now).
 *
 * The record's `kinesis.data` is base64 of JSON shaped like (AWS's documented format):
 * ```json
 * { "awsRegion": "eu-west-1", "eventID": "…", "eventName": "INSERT" | "MODIFY" | "REMOVE",
 *   "userIdentity": null, "recordFormat": "application/json", "tableName": "tasks-…",
 *   "dynamodb": { "ApproximateCreationDateTime": 1732780800000000, "Keys": {…},
 *                 "NewImage": {…}, "OldImage": {…}, "SizeBytes": 123 },
 *   "eventSource": "aws:dynamodb" }
 * ```
 * Images are in DynamoDB attribute-value form (`{ "S": "…" }`, `{ "N": "12" }`).
 */

/** A DynamoDB attribute value as DynamoDB's JSON writes it: one type descriptor and its value. */
export type AttributeValue = Readonly<Record<string, unknown>>;

/** An item image (or the key attributes) in attribute-value form. */
export type ItemImage = Readonly<Record<string, AttributeValue>>;

/** What happened to the item. */
export type ChangeEventName = "INSERT" | "MODIFY" | "REMOVE";

/** The change event in a Kinesis record. */
export interface DynamoDbChangeEvent {
    /** Unique per change; the same change delivered twice has the same id. */
    readonly eventID: string;
    readonly eventName: ChangeEventName;
    readonly tableName: string;
    readonly eventSource: "aws:dynamodb";
    readonly dynamodb: {
        /** Epoch ms, or µs when the destination uses MICROSECOND precision (the pipeline does). */
        readonly ApproximateCreationDateTime?: number;
        readonly Keys?: ItemImage;
        readonly NewImage?: ItemImage;
        readonly OldImage?: ItemImage;
        readonly SizeBytes?: number;
    };
}

/** A record that can never be processed as it is: its bytes will not change on a retry. */
export class MalformedRecordError extends Error {
    constructor(message: string) {
        super(message);
        this.name = "MalformedRecordError";
    }
}

const EVENT_NAMES: ReadonlySet<string> = new Set(["INSERT", "MODIFY", "REMOVE"]);
const PAD = 61; // "="

/**
 * Decodes padded base64, or undefined when it is not. `Buffer.from(…, "base64")` skips characters
 * it does not know and misplaced padding, so any of those makes the output shorter than the
 * input's length says: comparing lengths is as strict as a regular expression over the input,
 * at a fraction of the cost (the URL-safe alphabet, which Node also decodes, is let through).
 */
function decodeBase64(data: string): Buffer | undefined {
    if (data.length === 0 || data.length % 4 !== 0) return undefined;
    const last = data.length - 1;
    const pad = data.charCodeAt(last) !== PAD ? 0 : data.charCodeAt(last - 1) === PAD ? 2 : 1;
    const bytes = Buffer.from(data, "base64");
    return bytes.length === (data.length / 4) * 3 - pad ? bytes : undefined;
}

function isObject(value: unknown): value is Record<string, unknown> {
    return typeof value === "object" && value !== null && !Array.isArray(value);
}

function isImage(value: unknown): value is ItemImage {
    if (!isObject(value)) return false;
    for (const key in value) if (!isObject(value[key])) return false;
    return true;
}

/** Decodes a Kinesis record's `data` into a change event; throws {@link MalformedRecordError}. */
export function decodeChangeEvent(data: unknown): DynamoDbChangeEvent {
    const bytes = typeof data === "string" ? decodeBase64(data) : undefined;
    if (bytes === undefined) throw new MalformedRecordError("kinesis.data is not base64");
    let event: unknown;
    try {
        event = JSON.parse(bytes.toString("utf8"));
    } catch (err) {
        throw new MalformedRecordError(`kinesis.data is not JSON: ${(err as Error).message}`);
    }
    if (!isObject(event)) throw new MalformedRecordError("change event is not a JSON object");
    if (event.eventSource !== "aws:dynamodb") {
        throw new MalformedRecordError(
            `eventSource must be "aws:dynamodb", got ${JSON.stringify(event.eventSource)}`,
        );
    }
    if (typeof event.eventID !== "string" || event.eventID === "") {
        throw new MalformedRecordError("eventID is missing");
    }
    if (typeof event.eventName !== "string" || !EVENT_NAMES.has(event.eventName)) {
        throw new MalformedRecordError(
            `eventName must be INSERT, MODIFY or REMOVE, got ${JSON.stringify(event.eventName)}`,
        );
    }
    if (typeof event.tableName !== "string" || event.tableName === "") {
        throw new MalformedRecordError("tableName is missing");
    }
    const ddb = event.dynamodb;
    if (!isObject(ddb)) throw new MalformedRecordError("dynamodb is missing");
    for (const image of ["Keys", "NewImage", "OldImage"] as const) {
        if (ddb[image] !== undefined && !isImage(ddb[image])) {
            throw new MalformedRecordError(`dynamodb.${image} is not an attribute-value map`);
        }
    }
    return event as unknown as DynamoDbChangeEvent;
}

/**
 * Below this, `ApproximateCreationDateTime` is read as milliseconds: 1e14 µs is 1973, 1e14 ms is
 * the year 5138, so the two scales cannot be confused for any real change.
 */
const MICROSECONDS_FLOOR = 1e14;

/**
 * The change's creation time in epoch MICROSECONDS, a positive safe integer: the stream's own
 * value when the destination writes µs (the pipeline's setting), or ms × 1000 when it writes ms
 * (ordering then only holds to the millisecond). Throws {@link MalformedRecordError}.
 */
export function creationTimeMicros(event: DynamoDbChangeEvent): number {
    const t = event.dynamodb.ApproximateCreationDateTime;
    if (typeof t !== "number" || !Number.isSafeInteger(t) || t <= 0) {
        throw new MalformedRecordError(
            `dynamodb.ApproximateCreationDateTime must be a positive integer, got ${JSON.stringify(t)}`,
        );
    }
    const micros = t < MICROSECONDS_FLOOR ? t * 1000 : t;
    if (!Number.isSafeInteger(micros)) {
        throw new MalformedRecordError(
            `dynamodb.ApproximateCreationDateTime is out of range, got ${JSON.stringify(t)}`,
        );
    }
    return micros;
}
