/**
 * Delivery records against a real DynamoDB-compatible server (dynalite on 127.0.0.1, a fresh
 * one per test), reached by the real AWS SDK v3 client through the handlers' own production
 * wiring: the client each handler makes when no store is injected, pointed at the local server
 * by the SDK's standard `AWS_ENDPOINT_URL_DYNAMODB`. What the server stores is read back and
 * compared whole: the conditional claim, the final status, the expiry attribute (the forwarder's
 * 7 days; the announcement record has none, it is kept for ever), and that a redelivered batch
 * posts nothing twice.
 */
import {
    ConditionalCheckFailedException,
    type DynamoDBClient,
    PutItemCommand,
} from "@aws-sdk/client-dynamodb";
import type { SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import type { KinesisStreamEvent } from "aws-lambda";
import assert from "node:assert/strict";
import {
    LOCAL_CREDENTIALS,
    LOCAL_REGION,
    type LocalDynamoDb,
    startLocalDynamoDb,
} from "../../../../test/helpers/dynalite";
import { createHandler as createForwarder } from "../../../alerts/runtime/slack-forwarder/forwarder";
import {
    alarmEvent,
    fakeClock as alarmClock,
    lambdaContext as alarmContext,
} from "../../../alerts/runtime/test/helpers";
import { dynamoDbDeliveryStore } from "../../../lib/runtime/delivery-record";
import { announcementKey, dynamoDbAnnouncementStore } from "../new-customer-notifier/announcements";
import { createHandler } from "../new-customer-notifier/notifier";
import {
    changeEvent,
    customerImage,
    encode,
    fakeClock,
    kinesisRecord,
    lambdaContext,
    RecordingLogger,
    sequenceNumber,
    startSlackStub,
    type SlackStub,
} from "./helpers";

const TABLE = "lightspeed-dev-idempotency";
const CUSTOMERS = "lightspeed-dev-customers-3f9a1c2";
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

/** What the SDK reads to reach the local server, and the values they had before a test. */
const SDK_ENV = {
    AWS_ENDPOINT_URL_DYNAMODB: "",
    AWS_REGION: LOCAL_REGION,
    AWS_ACCESS_KEY_ID: LOCAL_CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: LOCAL_CREDENTIALS.secretAccessKey,
    AWS_SESSION_TOKEN: undefined,
    AWS_PROFILE: undefined,
} as const;

describe("delivery records on a real DynamoDB server (dynalite)", () => {
    let db: LocalDynamoDb;
    let slack: SlackStub;
    let saved: Record<string, string | undefined>;
    // What this test started, stopped in afterEach whichever step failed.
    let started: (() => Promise<void>)[] = [];

    beforeEach(async () => {
        saved = {};
        db = await startLocalDynamoDb();
        started.push(() => db.close());
        slack = await startSlackStub();
        started.push(() => slack.close());
        await db.createTable(TABLE);
        for (const [name, value] of Object.entries(SDK_ENV)) {
            saved[name] = process.env[name];
            const v = name === "AWS_ENDPOINT_URL_DYNAMODB" ? db.endpoint : value;
            if (v === undefined) delete process.env[name];
            else process.env[name] = v;
        }
    });
    afterEach(async () => {
        for (const [name, value] of Object.entries(saved)) {
            if (value === undefined) delete process.env[name];
            else process.env[name] = value;
        }
        const stops = started.reverse();
        started = [];
        for (const stop of stops) await stop();
    });

    /** A plain stand-in for Secrets Manager: nothing leaves loopback. */
    const secretsManager = () =>
        ({ send: async () => ({ SecretString: slack.url }) }) as unknown as SecretsManagerClient;

    describe("the new-customer notifier's announcement record", () => {
        const clock = fakeClock();
        const notifier = (retry?: { requestTimeoutMs: number; maxAttempts: number }) =>
            createHandler({
                // No `announcements`: the production store, on IDEMPOTENCY_TABLE.
                env: {
                    CUSTOMERS_TABLE: CUSTOMERS,
                    MIN_EMPLOYEES: "50",
                    SLACK_WEBHOOK_SECRET_ARN:
                        "arn:aws:secretsmanager:eu-west-1:123456789012:secret:slack-AbCdEf",
                    IDEMPOTENCY_TABLE: TABLE,
                },
                logger: new RecordingLogger({ serviceName: "new-customer-notifier" }),
                secretsManager: secretsManager(),
                allowedWebhookOrigins: [slack.origin],
                now: clock.now,
                sleep: clock.sleep,
                random: () => 0,
                ...(retry && { retry }),
            });
        const insert = (n: number, customerId: string, employees: number) =>
            kinesisRecord(
                encode(
                    changeEvent({
                        eventID: `evt-${n}`,
                        tableName: CUSTOMERS,
                        newImage: customerImage({ customerId, name: `Co ${n}`, employees }),
                    }),
                ),
                sequenceNumber(n),
            );
        const batch = (...records: ReturnType<typeof insert>[]): KinesisStreamEvent => ({
            Records: records,
        });
        const at = new Date(clock.now()).toISOString();
        const posted = () =>
            slack.requests.map((r) => (JSON.parse(r.body) as { text: string }).text.split("\n")[0]);

        it("claims each customer with a conditional put, marks it POSTED, and a redelivered batch posts nothing twice", async () => {
            const handler = notifier();
            const event = batch(insert(1, "c-1", 500), insert(2, "c-2", 10), insert(3, "c-3", 900));

            assert.deepEqual(await handler(event, lambdaContext(clock, 30_000)), {
                batchItemFailures: [],
            });
            assert.equal(slack.requests.length, 2);
            const first = await db.items(TABLE);
            const byId = new Map(first.map((item) => [item.id.S, item]));
            assert.deepEqual([...byId.keys()].sort(), [
                "new-customer-notifier#customer#c-1",
                "new-customer-notifier#customer#c-3",
            ]);
            for (const [customerId, eventId] of [
                ["c-1", "evt-1"],
                ["c-3", "evt-3"],
            ]) {
                const item = byId.get(announcementKey(customerId));
                assert.match(item?.token?.S ?? "", UUID);
                // The whole item: no `expiration`, so DynamoDB's TTL never forgets a customer.
                assert.deepEqual(item, {
                    id: { S: announcementKey(customerId) },
                    status: { S: "POSTED" },
                    eventId: { S: eventId },
                    token: { S: item?.token?.S },
                    claimedAt: { S: at },
                    finishedAt: { S: at },
                });
            }

            // Lambda redelivers the batch (an earlier failure, or at-least-once delivery), and
            // the customer is deleted and created again under a new event id: no post at all.
            assert.deepEqual(await handler(event, lambdaContext(clock, 30_000)), {
                batchItemFailures: [],
            });
            assert.deepEqual(
                await handler(batch(insert(7, "c-1", 500)), lambdaContext(clock, 30_000)),
                {
                    batchItemFailures: [],
                },
            );
            // A fresh cold start (a new instance) knows nothing in memory: the table decides.
            assert.deepEqual(await notifier()(event, lambdaContext(clock, 30_000)), {
                batchItemFailures: [],
            });

            assert.equal(slack.requests.length, 2);
            assert.deepEqual(posted().length, 2);
            assert.deepEqual(await db.items(TABLE), first, "the records did not change");
        });

        it("records a post that got no answer as MAYBE_POSTED, and the redelivery posts nothing", async () => {
            slack.script(["hang"]);
            // Only the injected silence trips the 1 s request bound.
            const handler = notifier({ requestTimeoutMs: 1000, maxAttempts: 3 });
            const event = batch(insert(1, "c-1", 500));

            assert.deepEqual(await handler(event, lambdaContext(clock, 30_000)), {
                batchItemFailures: [],
            });
            assert.equal(slack.requests.length, 1, "sent once, never retried blindly");
            const item = await db.item(TABLE, announcementKey("c-1"));
            assert.equal(item?.status?.S, "MAYBE_POSTED");

            assert.deepEqual(await handler(event, lambdaContext(clock, 30_000)), {
                batchItemFailures: [],
            });
            assert.equal(slack.requests.length, 1);
            assert.deepEqual(await db.item(TABLE, announcementKey("c-1")), item);
        });

        it("gives the claim back when Slack refused the post, so the redelivery posts once", async () => {
            slack.script([{ status: 400, body: "invalid_payload" }]);
            const handler = notifier();
            const event = batch(insert(1, "c-1", 500));

            assert.deepEqual(await handler(event, lambdaContext(clock, 30_000)), {
                batchItemFailures: [{ itemIdentifier: sequenceNumber(1) }],
            });
            assert.deepEqual(await db.items(TABLE), [], "no record left behind");

            assert.deepEqual(await handler(event, lambdaContext(clock, 30_000)), {
                batchItemFailures: [],
            });
            assert.equal(slack.requests.length, 2);
            assert.equal((await db.item(TABLE, announcementKey("c-1")))?.status?.S, "POSTED");
        });
    });

    describe("the conditions, as the server applies them", () => {
        const store = (client: DynamoDBClient) =>
            dynamoDbAnnouncementStore({ client, tableName: TABLE, now: () => 0 });

        it("lets exactly one of many racing claims for a customer win, and keeps the winner's token", async () => {
            const stores = Array.from({ length: 8 }, () => store(db.client()));
            const claims = await Promise.all(
                stores.map((s, i) => s.claim("c-1", { eventId: `evt-${i}` }, 5000)),
            );

            const won = claims.flatMap((c) => (c.claimed ? [c.token] : []));
            assert.equal(won.length, 1);
            assert.equal((await db.item(TABLE, announcementKey("c-1")))?.token?.S, won[0]);
        });

        it("refuses a claim where a record exists, and finishes or releases only with the claim's token", async () => {
            const client = db.client();
            await client.send(
                new PutItemCommand({
                    TableName: TABLE,
                    Item: { id: { S: announcementKey("c-1") }, status: { S: "POSTED" } },
                }),
            );
            assert.deepEqual(await store(client).claim("c-1", { eventId: "evt-2" }, 5000), {
                claimed: false,
            });

            const claim = await store(client).claim("c-2", { eventId: "evt-3" }, 5000);
            assert.ok(claim.claimed);
            await assert.rejects(
                store(client).finish("c-2", "not-the-token", "POSTED", 5000),
                (err: Error) =>
                    err instanceof ConditionalCheckFailedException ||
                    err.name === "ConditionalCheckFailedException",
            );
            await store(client).release("c-2", "not-the-token", 5000);
            assert.equal((await db.item(TABLE, announcementKey("c-2")))?.status?.S, "POSTING");

            await store(client).release("c-2", claim.token, 5000);
            assert.equal(await db.item(TABLE, announcementKey("c-2")), undefined);
            assert.equal((await db.item(TABLE, announcementKey("c-1")))?.status?.S, "POSTED");
        });

        it("writes the expiry attribute, in epoch seconds, when records are to be forgotten", async () => {
            const s = dynamoDbDeliveryStore({
                client: db.client(),
                tableName: TABLE,
                keyPrefix: "test#",
                expiresAfterSeconds: 3600,
                now: () => Date.UTC(2026, 10, 28, 9, 0, 0, 999),
            });
            const claim = await s.claim("k", {}, 5000);
            assert.ok(claim.claimed);
            assert.deepEqual(await db.item(TABLE, "test#k"), {
                id: { S: "test#k" },
                status: { S: "POSTING" },
                token: { S: claim.token },
                claimedAt: { S: "2026-11-28T09:00:00.999Z" },
                expiration: { N: String(Date.UTC(2026, 10, 28, 10, 0, 0) / 1000) },
            });
        });
    });

    describe("the Slack alert forwarder's delivery record", () => {
        it("claims each alarm state change once, expiring after 7 days; the SNS retry posts nothing", async () => {
            const clock = alarmClock();
            const handler = createForwarder({
                // No `deliveries`: the production store, on DELIVERY_TABLE.
                env: {
                    SLACK_WEBHOOK_SECRET_ARN:
                        "arn:aws:secretsmanager:eu-west-1:123456789012:secret:lightspeed/dev/slack-alerts-AbCdEf",
                    DELIVERY_TABLE: TABLE,
                },
                logger: new RecordingLogger({ serviceName: "slack-forwarder" }),
                secretsManager: secretsManager(),
                allowedWebhookOrigins: [slack.origin],
                now: clock.now,
                sleep: clock.sleep,
                random: () => 0,
            });
            const event = alarmEvent();

            await handler(event, alarmContext(clock, 30_000));
            await handler(event, alarmContext(clock, 30_000));

            assert.equal(slack.requests.length, 1);
            const items = await db.items(TABLE);
            assert.equal(items.length, 1);
            const [item] = items;
            assert.match(item.id.S ?? "", /^slack-forwarder#[\w-]{43}$/);
            assert.deepEqual(item, {
                id: item.id,
                status: { S: "POSTED" },
                messageId: { S: event.Records[0].Sns.MessageId },
                alarmName: { S: "pipeline-new-customer-notifier-errors-1a2b3c4" },
                token: { S: item.token.S },
                claimedAt: { S: new Date(clock.now()).toISOString() },
                finishedAt: { S: new Date(clock.now()).toISOString() },
                expiration: { N: String(Math.floor(clock.now() / 1000) + 7 * 86_400) },
            });
        });
    });
});
