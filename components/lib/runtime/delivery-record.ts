/**
 * Delivery records: one DynamoDB item per thing that must be posted at most once (a customer's
 * announcement, an alarm's state change), written with a conditional put BEFORE posting. Shared
 * by the Lambda runtimes that post to Slack.
 *
 * Item (key `id`, the table's string hash key):
 * `{ id: <prefix><key>, status, token, claimedAt, ...attributes, expiration? }`
 * - `POSTING`: claimed; the message is being posted (or the invocation died while posting).
 * - `POSTED`: the destination took the message.
 * - `MAYBE_POSTED`: the request was sent and no answer came; never posted again.
 * A claim whose post certainly failed (refused, or never sent) is deleted, so a retry posts. A
 * claim whose put got no answer is read back (consistent read) before it is given up on.
 * `expiration` (epoch seconds, the table's TTL attribute) is set only when the record should
 * be forgotten after a while; without it the record stays.
 */
import {
    ConditionalCheckFailedException,
    DeleteItemCommand,
    type DynamoDBClient,
    GetItemCommand,
    PutItemCommand,
    UpdateItemCommand,
} from "@aws-sdk/client-dynamodb";
import { randomUUID } from "node:crypto";
import { withinDeadline } from "./deadline";

/** What a delivery record says once the post is over. */
export type DeliveryOutcome = "POSTED" | "MAYBE_POSTED";

/** What a delivery record says. */
export type DeliveryStatus = "POSTING" | DeliveryOutcome;

/** The outcome of {@link DeliveryStore.claim}. */
export type ClaimResult =
    { readonly claimed: true; readonly token: string } | { readonly claimed: false };

/** Where deliveries are recorded. Every call is bounded by `timeoutMs`. */
export interface DeliveryStore {
    /**
     * Records that `key` is being posted; `claimed: false` when it was claimed before.
     * `attributes` (plain strings) are stored with the claim, for whoever reads the table.
     */
    claim(
        key: string,
        attributes: Readonly<Record<string, string>>,
        timeoutMs: number,
    ): Promise<ClaimResult>;
    /** Marks the claim `POSTED` or `MAYBE_POSTED`. */
    finish(key: string, token: string, status: DeliveryOutcome, timeoutMs: number): Promise<void>;
    /** Deletes the claim (nothing was posted), so a retry posts. */
    release(key: string, token: string, timeoutMs: number): Promise<void>;
}

/** Options of {@link dynamoDbDeliveryStore}. */
export interface DynamoDbDeliveryStoreOptions {
    readonly client: DynamoDBClient;
    /** A table whose string hash key is `id`. */
    readonly tableName: string;
    /** Put before every key: fixed, so a replaced (renamed) function still knows its records. */
    readonly keyPrefix: string;
    /** Seconds a record is kept (the table's `expiration` TTL); default for ever. */
    readonly expiresAfterSeconds?: number;
    readonly now?: () => number;
}

/** A {@link DeliveryStore} on a DynamoDB table whose hash key is `id` (S). */
export function dynamoDbDeliveryStore(options: DynamoDbDeliveryStoreOptions): DeliveryStore {
    const { client, tableName, keyPrefix, expiresAfterSeconds } = options;
    const now = options.now ?? Date.now;
    const id = (key: string) => ({ id: { S: `${keyPrefix}${key}` } });

    const claimLanded = async (key: string, token: string, timeoutMs: number) => {
        try {
            const out = await withinDeadline("DynamoDB GetItem (check claim)", timeoutMs, (s) =>
                client.send(
                    new GetItemCommand({
                        TableName: tableName,
                        Key: id(key),
                        ConsistentRead: true,
                        ProjectionExpression: "#token",
                        ExpressionAttributeNames: { "#token": "token" },
                    }),
                    { abortSignal: s },
                ),
            );
            return out.Item?.token?.S === token;
        } catch {
            return false; // still no answer: the caller reports the claim's own error
        }
    };

    return {
        async claim(key, attributes, timeoutMs) {
            const token = randomUUID();
            // Most of the budget for the put, the rest to read it back if it gets no answer.
            const started = Date.now();
            const putTimeoutMs = Math.max(1, Math.floor(timeoutMs * 0.6));
            const extra = Object.fromEntries(
                Object.entries(attributes).map(([name, value]) => [name, { S: value }]),
            );
            try {
                await withinDeadline("DynamoDB PutItem (claim delivery)", putTimeoutMs, (s) =>
                    client.send(
                        new PutItemCommand({
                            TableName: tableName,
                            Item: {
                                ...id(key),
                                status: { S: "POSTING" },
                                ...extra,
                                token: { S: token },
                                claimedAt: { S: new Date(now()).toISOString() },
                                ...(expiresAfterSeconds !== undefined && {
                                    expiration: {
                                        N: String(Math.floor(now() / 1000) + expiresAfterSeconds),
                                    },
                                }),
                            },
                            ConditionExpression: "attribute_not_exists(id)",
                        }),
                        { abortSignal: s },
                    ),
                );
                return { claimed: true, token };
            } catch (err) {
                if (isConditionFailure(err)) return { claimed: false };
                // No answer (a timeout, a dropped connection): the put may have landed, and
                // then nobody would ever post, as nothing has been posted yet. Read it back:
                // a record with our token is our claim.
                const left = timeoutMs - (Date.now() - started);
                if (left >= 1 && (await claimLanded(key, token, left))) {
                    return { claimed: true, token };
                }
                throw err;
            }
        },
        async finish(key, token, status, timeoutMs) {
            await withinDeadline("DynamoDB UpdateItem (finish delivery)", timeoutMs, (s) =>
                client.send(
                    new UpdateItemCommand({
                        TableName: tableName,
                        Key: id(key),
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
        async release(key, token, timeoutMs) {
            try {
                await withinDeadline("DynamoDB DeleteItem (release delivery)", timeoutMs, (s) =>
                    client.send(
                        new DeleteItemCommand({
                            TableName: tableName,
                            Key: id(key),
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
