/**
 * The notifier's announcement records on DynamoDB: the exact conditional writes (aws-sdk-client-
 * mock), and the deadline that holds when DynamoDB takes a request and never answers (a real
 * DynamoDBClient against a silent server on 127.0.0.1): the handler reports the batch's records
 * before the invocation's remaining time runs out instead of timing out as a whole.
 */
import {
    ConditionalCheckFailedException,
    DeleteItemCommand,
    DynamoDBClient,
    type DynamoDBClientResolvedConfig,
    GetItemCommand,
    PutItemCommand,
    type ServiceInputTypes,
    type ServiceOutputTypes,
    UpdateItemCommand,
} from "@aws-sdk/client-dynamodb";
import type { SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import type { Context } from "aws-lambda";
import { type AwsStub, mockClient } from "aws-sdk-client-mock";
import assert from "node:assert/strict";
import { boundedRequestHandler } from "../../../lib/runtime/deadline";
import { startSilentServer, type SilentServer } from "../../../../test/helpers/tcp-proxy";
import { announcementKey, dynamoDbAnnouncementStore } from "../new-customer-notifier/announcements";
import { createHandler } from "../new-customer-notifier/notifier";
import {
    changeEvent,
    customerImage,
    encode,
    kinesisRecord,
    RecordingLogger,
    sequenceNumber,
    startSlackStub,
    type SlackStub,
} from "./helpers";

const TABLE = "lightspeed-dev-idempotency";
const NOW = Date.UTC(2026, 10, 28, 9, 0, 0);

describe("new-customer notifier: announcement records on DynamoDB", () => {
    describe("conditional writes", () => {
        // Mocked only while these tests run: a mock made at load time would answer for every
        // DynamoDBClient in the suite until this block ends (the real server's tests included).
        let ddb: AwsStub<ServiceInputTypes, ServiceOutputTypes, DynamoDBClientResolvedConfig>;
        beforeEach(() => {
            ddb = mockClient(DynamoDBClient);
        });
        afterEach(() => ddb.restore());
        const store = () =>
            dynamoDbAnnouncementStore({
                client: new DynamoDBClient({ region: "eu-west-1" }),
                tableName: TABLE,
                now: () => NOW,
            });

        it("claims with a put that only succeeds where no record exists, keyed by the customer", async () => {
            ddb.on(PutItemCommand).resolves({});
            const claim = await store().claim("cus_1", { eventId: "evt-1" }, 1000);

            assert.equal(claim.claimed, true);
            const token = claim.claimed ? claim.token : "";
            assert.match(token, /^[0-9a-f-]{36}$/);
            assert.deepEqual(
                ddb.commandCalls(PutItemCommand).map((c) => c.args[0].input),
                [
                    {
                        TableName: TABLE,
                        Item: {
                            id: { S: "new-customer-notifier#customer#cus_1" },
                            status: { S: "POSTING" },
                            eventId: { S: "evt-1" },
                            token: { S: token },
                            claimedAt: { S: "2026-11-28T09:00:00.000Z" },
                        },
                        ConditionExpression: "attribute_not_exists(id)",
                    },
                ],
            );
        });

        it("reads a failed condition as 'announced before'", async () => {
            ddb.on(PutItemCommand).rejects(
                new ConditionalCheckFailedException({
                    message: "The conditional request failed",
                    $metadata: {},
                }),
            );
            assert.deepEqual(await store().claim("cus_1", { eventId: "evt-9" }, 1000), {
                claimed: false,
            });
        });

        it("reads a claim back when its put got no answer: our token there means it is ours", async () => {
            let token = "";
            ddb.on(PutItemCommand).callsFake((input: { Item: { token: { S: string } } }) => {
                token = input.Item.token.S;
                throw Object.assign(new Error("socket hang up"), { name: "TimeoutError" });
            });
            ddb.on(GetItemCommand).callsFake(async () => ({ Item: { token: { S: token } } }));

            assert.deepEqual(await store().claim("cus_1", { eventId: "evt-1" }, 1000), {
                claimed: true,
                token,
            });
            assert.deepEqual(
                ddb.commandCalls(GetItemCommand).map((c) => c.args[0].input),
                [
                    {
                        TableName: TABLE,
                        Key: { id: { S: announcementKey("cus_1") } },
                        ConsistentRead: true,
                        ProjectionExpression: "#token",
                        ExpressionAttributeNames: { "#token": "token" },
                    },
                ],
            );
        });

        it("reports the put's own error when the read-back finds no claim of ours", async () => {
            ddb.on(PutItemCommand).rejects(
                Object.assign(new Error("socket hang up"), { name: "TimeoutError" }),
            );
            ddb.on(GetItemCommand).resolves({});
            await assert.rejects(store().claim("cus_1", { eventId: "evt-1" }, 1000), {
                name: "TimeoutError",
                message: "socket hang up",
            });
        });

        it("finishes and releases only its own claim (by token)", async () => {
            ddb.on(UpdateItemCommand).resolves({});
            ddb.on(DeleteItemCommand).rejects(
                new ConditionalCheckFailedException({ message: "no", $metadata: {} }),
            );
            const s = store();
            await s.finish("cus_1", "tok-1", "MAYBE_POSTED", 1000);
            await s.release("cus_2", "tok-2", 1000); // another claim's: quietly nothing

            assert.deepEqual(
                ddb.commandCalls(UpdateItemCommand).map((c) => c.args[0].input),
                [
                    {
                        TableName: TABLE,
                        Key: { id: { S: announcementKey("cus_1") } },
                        UpdateExpression: "SET #status = :status, finishedAt = :at",
                        ConditionExpression: "#token = :token",
                        ExpressionAttributeNames: { "#status": "status", "#token": "token" },
                        ExpressionAttributeValues: {
                            ":status": { S: "MAYBE_POSTED" },
                            ":at": { S: "2026-11-28T09:00:00.000Z" },
                            ":token": { S: "tok-1" },
                        },
                    },
                ],
            );
            assert.deepEqual(
                ddb.commandCalls(DeleteItemCommand).map((c) => c.args[0].input),
                [
                    {
                        TableName: TABLE,
                        Key: { id: { S: announcementKey("cus_2") } },
                        ConditionExpression: "#token = :token",
                        ExpressionAttributeNames: { "#token": "token" },
                        ExpressionAttributeValues: { ":token": { S: "tok-2" } },
                    },
                ],
            );
        });
    });

    describe("a DynamoDB that takes the request and never answers", () => {
        let silent: SilentServer;
        let slack: SlackStub;
        before(async () => {
            silent = await startSilentServer();
            slack = await startSlackStub();
        });
        after(async () => {
            await silent.close();
            await slack.close();
        });

        it("reports every record of the batch before the invocation's remaining time is up", async () => {
            // A plain stand-in, independent of other files' SDK mocks: nothing leaves loopback.
            const secretsManager = {
                send: async () => ({ SecretString: slack.url }),
            } as unknown as SecretsManagerClient;
            const logger = new RecordingLogger({ serviceName: "new-customer-notifier" });
            const handler = createHandler({
                env: {
                    CUSTOMERS_TABLE: "lightspeed-dev-customers-3f9a1c2",
                    MIN_EMPLOYEES: "50",
                    SLACK_WEBHOOK_SECRET_ARN:
                        "arn:aws:secretsmanager:eu-west-1:123456789012:secret:slack-AbCdEf",
                    IDEMPOTENCY_TABLE: TABLE,
                },
                logger,
                secretsManager,
                allowedWebhookOrigins: [slack.origin],
                safetyMarginMs: 2000,
                announcements: dynamoDbAnnouncementStore({
                    client: new DynamoDBClient({
                        region: "eu-west-1",
                        endpoint: `http://${silent.host}:${silent.port}`,
                        credentials: { accessKeyId: "AKIDEXAMPLE", secretAccessKey: "secret" },
                        requestHandler: boundedRequestHandler(),
                    }),
                    tableName: TABLE,
                }),
            });
            const records = [1, 2, 3].map((n) =>
                kinesisRecord(
                    encode(
                        changeEvent({
                            eventID: `evt-${n}`,
                            tableName: "lightspeed-dev-customers-3f9a1c2",
                            newImage: customerImage({
                                customerId: `c-${n}`,
                                name: `Big ${n}`,
                                employees: 500,
                            }),
                        }),
                    ),
                    sequenceNumber(n),
                ),
            );
            // A real clock: 4 s left, 2 s kept free, so every call must end within 2 s.
            const remainingMs = 4000;
            const started = Date.now();
            const context = {
                functionName: "lightspeed-dev-new-customer-notifier",
                awsRequestId: "c6af9ac6-7b61-11e6-9a41-93e8deadbeef",
                getRemainingTimeInMillis: () => started + remainingMs - Date.now(),
            } as unknown as Context;

            const result = await handler({ Records: records }, context);

            const elapsed = Date.now() - started;
            assert.deepEqual(result, {
                batchItemFailures: [1, 2, 3].map((n) => ({ itemIdentifier: sequenceNumber(n) })),
            });
            assert.ok(elapsed < remainingMs, `took ${elapsed} ms of ${remainingMs}`);
            assert.ok(silent.received > 0, "the claim was on the wire");
            assert.equal(slack.requests.length, 0, "nothing posted without a claim");
            const errors = logger
                .entries()
                .filter((e) => e.level === "ERROR")
                .map((e) => (e.error as { name?: string } | undefined)?.name);
            assert.deepEqual(errors, ["DeadlineExceededError", "OutOfTimeError", "OutOfTimeError"]);
        });
    });
});
