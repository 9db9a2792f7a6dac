/**
 * The announcement record: one item per customer in the notifier's DynamoDB table, written with
 * a conditional put before anything is posted, so each customer is announced at most once,
 * however often (and through whichever change event) it arrives: redeliveries, a MODIFY that
 * lifts it over the threshold, a delete and re-create.
 *
 * Item (key `id`, the table's string hash key; no `expiration` attribute, so the table's TTL
 * never removes it):
 * `{ id: "new-customer-notifier#customer#<customerId>", status, eventId, claimedAt, token }`
 * - `POSTING`: claimed; the message is being posted (or the invocation died while posting).
 * - `ANNOUNCED`: Slack took the message.
 * - `MAYBE_ANNOUNCED`: the request was sent and no answer came; never posted again.
 * A claim whose post certainly failed (Slack refused it, or it never left) is deleted, so the
 * redelivery of the record tries again.
 */
import {
    ConditionalCheckFailedException,
    DeleteItemCommand,
    type DynamoDBClient,
    PutItemCommand,
    UpdateItemCommand,
} from "@aws-sdk/client-dynamodb";
import { randomUUID } from "node:crypto";
import { withinDeadline } from "../../../lib/runtime/deadline";

/** What a customer's announcement record says. */
export type AnnouncementStatus = "POSTING" | "ANNOUNCED" | "MAYBE_ANNOUNCED";

/** The outcome of {@link AnnouncementStore.claim}. */
export type ClaimResult =
    { readonly claimed: true; readonly token: string } | { readonly claimed: false };

/** Where announcements are recorded. Every call is bounded by `timeoutMs`. */
export interface AnnouncementStore {
    /** Records that `customerId` is being announced; `claimed: false` when it was before. */
    claim(customerId: string, eventId: string, timeoutMs: number): Promise<ClaimResult>;
    /** Marks the claim `ANNOUNCED` or `MAYBE_ANNOUNCED`. */
    finish(
        customerId: string,
        token: string,
        status: Exclude<AnnouncementStatus, "POSTING">,
        timeoutMs: number,
    ): Promise<void>;
    /** Deletes the claim (nothing was posted), so a redelivery announces. */
    release(customerId: string, token: string, timeoutMs: number): Promise<void>;
}

/** Prefix of announcement keys: fixed, so a replaced (renamed) function still knows them. */
export const ANNOUNCEMENT_KEY_PREFIX = "new-customer-notifier#customer#";

/** The record's key for a customer. */
export function announcementKey(customerId: string): string {
    return `${ANNOUNCEMENT_KEY_PREFIX}${customerId}`;
}

/** An {@link AnnouncementStore} on a DynamoDB table whose hash key is `id` (S). */
export function dynamoDbAnnouncementStore(options: {
    readonly client: DynamoDBClient;
    readonly tableName: string;
    readonly now?: () => number;
}): AnnouncementStore {
    const { client, tableName } = options;
    const now = options.now ?? Date.now;
    const key = (customerId: string) => ({ id: { S: announcementKey(customerId) } });

    return {
        async claim(customerId, eventId, timeoutMs) {
            const token = randomUUID();
            try {
                await withinDeadline("DynamoDB PutItem (claim announcement)", timeoutMs, (s) =>
                    client.send(
                        new PutItemCommand({
                            TableName: tableName,
                            Item: {
                                ...key(customerId),
                                status: { S: "POSTING" },
                                eventId: { S: eventId },
                                token: { S: token },
                                claimedAt: { S: new Date(now()).toISOString() },
                            },
                            ConditionExpression: "attribute_not_exists(id)",
                        }),
                        { abortSignal: s },
                    ),
                );
                return { claimed: true, token };
            } catch (err) {
                if (isConditionFailure(err)) return { claimed: false };
                throw err;
            }
        },
        async finish(customerId, token, status, timeoutMs) {
            await withinDeadline("DynamoDB UpdateItem (finish announcement)", timeoutMs, (s) =>
                client.send(
                    new UpdateItemCommand({
                        TableName: tableName,
                        Key: key(customerId),
                        UpdateExpression: "SET #status = :status, finishedAt = :at",
                        ConditionExpression: "#token = :token",
                        ExpressionAttributeNames: { "#status": "status", "#token": "token" },
                        ExpressionAttributeValues: {
                            ":status": { S: status },
                            ":at": { S: new Date(now()).toISOString() },
                            ":token": { S: token },
                        },
                    }),
                    { abortSignal: s },
                ),
            );
        },
        async release(customerId, token, timeoutMs) {
            try {
                await withinDeadline("DynamoDB DeleteItem (release announcement)", timeoutMs, (s) =>
                    client.send(
                        new DeleteItemCommand({
                            TableName: tableName,
                            Key: key(customerId),
                            ConditionExpression: "#token = :token",
                            ExpressionAttributeNames: { "#token": "token" },
                            ExpressionAttributeValues: { ":token": { S: token } },
                        }),
                        { abortSignal: s },
                    ),
                );
            } catch (err) {
                if (isConditionFailure(err)) return; // not ours any more: nothing to give back
                throw err;
            }
        },
    };
}

/** By name too: a bundle may hold two copies of the SDK's error classes. */
function isConditionFailure(err: unknown): boolean {
    return (
        err instanceof ConditionalCheckFailedException ||
        (err instanceof Error && err.name === "ConditionalCheckFailedException")
    );
}
