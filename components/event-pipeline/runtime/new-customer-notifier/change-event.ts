/**
 * Decoding of the DynamoDB change events that a table's Kinesis streaming destination writes, and
 * of the customer item they carry.
 *
 * The record's `kinesis.data` is base64 of JSON shaped like (AWS's documented format):
 * ```json
 * { "awsRegion": "eu-west-1", "eventID": "…", "eventName": "INSERT" | "MODIFY" | "REMOVE",
 *   "userIdentity": null, "recordFormat": "application/json", "tableName": "customers-…",
 *   "dynamodb": { "ApproximateCreationDateTime": 1732780800000000, "Keys": {…},
 *                 "NewImage": {…}, "OldImage": {…}, "SizeBytes": 123 },
 *   "eventSource": "aws:dynamodb" }
 * ```
 * Images are in DynamoDB attribute-value form (`{ "S": "…" }`, `{ "N": "12" }`).
 */

/** A DynamoDB attribute value as DynamoDB's JSON writes it. */
export type AttributeValue = Readonly<Record<string, unknown>>;

/** An item image in attribute-value form. */
export type ItemImage = Readonly<Record<string, AttributeValue>>;

/** The change event in a Kinesis record, as far as the notifier relies on it. */
export interface DynamoDbChangeEvent {
    /** Unique per change; the same change delivered twice has the same id. */
    readonly eventID: string;
    readonly eventName: "INSERT" | "MODIFY" | "REMOVE";
    readonly tableName: string;
    readonly eventSource: "aws:dynamodb";
    readonly dynamodb: {
        /** Epoch ms, or µs when the destination uses MICROSECOND precision. */
        readonly ApproximateCreationDateTime?: number;
        readonly Keys?: ItemImage;
        readonly NewImage?: ItemImage;
        readonly OldImage?: ItemImage;
        readonly SizeBytes?: number;
    };
}

/**
 * A customer item, as the app writes it to the customers table (attribute-value types in
 * brackets). Other attributes may exist and are ignored.
 *
 * - `customerId` (S, required): the customer's id.
 * - `name` (S, required): the company's display name; customer-provided text.
 * - `employees` (N, required): headcount, an integer >= 0; compared with `MIN_EMPLOYEES`.
 * - `plan` (S, optional): the plan they signed up for, e.g. "Enterprise".
 * - `country` (S, optional): where they are, e.g. "DE" or "Germany".
 */
export interface Customer {
    readonly customerId: string;
    readonly name: string;
    readonly employees: number;
    readonly plan?: string;
    readonly country?: string;
}

/** A record the notifier cannot read. It is reported as a batch item failure, never skipped. */
export class MalformedRecordError extends Error {
    constructor(message: string) {
        super(message);
        this.name = "MalformedRecordError";
    }
}

const EVENT_NAMES: ReadonlySet<string> = new Set(["INSERT", "MODIFY", "REMOVE"]);
// Buffer.from(…, "base64") skips characters it does not know; check strictly first.
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

function isObject(value: unknown): value is Record<string, unknown> {
    return typeof value === "object" && value !== null && !Array.isArray(value);
}

function isImage(value: unknown): value is ItemImage {
    return isObject(value) && Object.values(value).every(isObject);
}

/** Decodes a Kinesis record's `data` into a change event; throws {@link MalformedRecordError}. */
export function decodeChangeEvent(data: unknown): DynamoDbChangeEvent {
    if (typeof data !== "string" || data.length === 0 || !BASE64.test(data)) {
        throw new MalformedRecordError("kinesis.data is not base64");
    }
    let event: unknown;
    try {
        event = JSON.parse(Buffer.from(data, "base64").toString("utf8"));
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

function stringAttribute(image: ItemImage, name: string, required: boolean): string | undefined {
    const attr = image[name];
    if (attr === undefined || attr.NULL === true) {
        if (required) throw new MalformedRecordError(`customer ${name} is missing`);
        return undefined;
    }
    if (typeof attr.S !== "string" || (required && attr.S.trim() === "")) {
        throw new MalformedRecordError(`customer ${name} must be a non-empty string (S)`);
    }
    return attr.S;
}

/** Reads the customer from an INSERT's `NewImage`; throws {@link MalformedRecordError}. */
export function parseCustomer(image: ItemImage | undefined): Customer {
    if (image === undefined) throw new MalformedRecordError("INSERT has no NewImage");
    const customerId = stringAttribute(image, "customerId", true) as string;
    const name = stringAttribute(image, "name", true) as string;
    const employeesRaw = image.employees?.N;
    // DynamoDB writes N as a decimal string; a headcount is a whole number.
    if (typeof employeesRaw !== "string" || !/^\d{1,15}$/.test(employeesRaw)) {
        throw new MalformedRecordError("customer employees must be a whole number (N)");
    }
    const plan = stringAttribute(image, "plan", false);
    const country = stringAttribute(image, "country", false);
    return {
        customerId,
        name,
        employees: Number(employeesRaw),
        ...(plan !== undefined && { plan }),
        ...(country !== undefined && { country }),
    };
}
