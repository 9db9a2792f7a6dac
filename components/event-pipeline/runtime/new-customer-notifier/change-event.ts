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

import { ItemImage, MalformedRecordError } from "../../../lib/runtime/dynamodb-change";

// Decoding is shared with the search indexer; the customer item is the notifier's own.
export { decodeChangeEvent, MalformedRecordError } from "../../../lib/runtime/dynamodb-change";
export type {
    AttributeValue,
    DynamoDbChangeEvent,
    ItemImage,
} from "../../../lib/runtime/dynamodb-change";

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
