/**
 * The announcement record: one item per customer in the notifier's DynamoDB table (the shared
 * delivery record of components/lib/runtime/delivery-record.ts), claimed with a conditional put
 * before anything is posted, so each customer is announced at most once, however often (and
 * through whichever change event) it arrives: redeliveries, a MODIFY that lifts it over the
 * threshold, a delete and re-create. The record never expires (no `expiration` attribute).
 *
 * Item: `{ id: "new-customer-notifier#customer#<customerId>", status, eventId, token, claimedAt }`,
 * status `POSTING`, then `POSTED` or `MAYBE_POSTED` (sent, no answer: never posted again).
 */
import type { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { type DeliveryStore, dynamoDbDeliveryStore } from "../../../lib/runtime/delivery-record";

export type {
    ClaimResult,
    DeliveryOutcome,
    DeliveryStatus,
    DeliveryStore,
} from "../../../lib/runtime/delivery-record";

/** Prefix of announcement keys: fixed, so a replaced (renamed) function still knows them. */
export const ANNOUNCEMENT_KEY_PREFIX = "new-customer-notifier#customer#";

/** The record's key for a customer. */
export function announcementKey(customerId: string): string {
    return `${ANNOUNCEMENT_KEY_PREFIX}${customerId}`;
}

/**
 * The announcement records on a DynamoDB table whose hash key is `id` (S); keys are customer
 * ids, the claim carries the change's `eventId`.
 */
export function dynamoDbAnnouncementStore(options: {
    readonly client: DynamoDBClient;
    readonly tableName: string;
    readonly now?: () => number;
}): DeliveryStore {
    return dynamoDbDeliveryStore({ ...options, keyPrefix: ANNOUNCEMENT_KEY_PREFIX });
}
