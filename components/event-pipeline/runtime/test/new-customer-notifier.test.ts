/**
 * The new-customer notifier, end to end in-process: real Kinesis-shaped batches in, a real HTTP
 * server on 127.0.0.1 standing in for Slack, Secrets Manager mocked at the SDK, and Powertools'
 * announcement records in memory (the DynamoDB store's own tests are in announcements.test.ts).
 * Time is a fake clock: nothing really waits.
 */
import { GetSecretValueCommand, SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import type { KinesisStreamRecord } from "aws-lambda";
import { mockClient } from "aws-sdk-client-mock";
import assert from "node:assert/strict";
import { ConfigError, loadConfig } from "../new-customer-notifier/config";
import {
    decodeChangeEvent,
    MalformedRecordError,
    parseCustomer,
} from "../new-customer-notifier/change-event";
import { displayText, newCustomerMessage } from "../new-customer-notifier/message";
import { NON_KINESIS_EVENTS } from "../../../../test/helpers/runtime";
import {
    createHandler,
    type NotifierDeps,
    type NotifierHandler,
} from "../new-customer-notifier/notifier";
import {
    HANG_TIMEOUT_MS,
    changeEvent,
    customerImage,
    encode,
    fakeClock,
    kinesisRecord,
    lambdaContext,
    MemoryAnnouncementStore,
    RecordingLogger,
    sequenceNumber,
    startSlackStub,
    WEBHOOK_TOKEN,
    type FakeClock,
    type SlackStub,
} from "./helpers";

const CUSTOMERS = "lightspeed-dev-customers-3f9a1c2";
const SECRET_ARN =
    "arn:aws:secretsmanager:eu-west-1:123456789012:secret:lightspeed/dev/slack-marketing-AbCdEf";
const ENV = {
    CUSTOMERS_TABLE: CUSTOMERS,
    MIN_EMPLOYEES: "50",
    SLACK_WEBHOOK_SECRET_ARN: SECRET_ARN,
    IDEMPOTENCY_TABLE: "lightspeed-dev-idempotency",
};

const ACME = {
    customerId: "cus_01JDZ8Q4",
    name: "Acme & Co <3",
    employees: 1250,
    plan: "Enterprise",
    country: "DE",
};
const ACME_TEXT =
    ":tada: New customer! *Acme &amp; Co &lt;3* just joined us (1,250 employees, Enterprise plan, DE). Say hello! :wave:";

/** A Kinesis record carrying an INSERT of `customer` into the customers table. */
function newCustomerRecord(
    n: number,
    customer: Parameters<typeof customerImage>[0],
    eventID = `evt-${n}`,
): KinesisStreamRecord {
    return kinesisRecord(
        encode(changeEvent({ eventID, tableName: CUSTOMERS, newImage: customerImage(customer) })),
        sequenceNumber(n),
    );
}

describe("new-customer notifier", () => {
    let slack: SlackStub;
    let secrets: ReturnType<typeof mockClient>;
    let clock: FakeClock;
    let logger: RecordingLogger;

    before(async () => {
        slack = await startSlackStub();
    });
    after(async () => {
        await slack.close();
    });
    beforeEach(() => {
        slack.reset();
        secrets = mockClient(SecretsManagerClient);
        secrets.on(GetSecretValueCommand, { SecretId: SECRET_ARN }).resolves({
            SecretString: slack.url,
        });
        clock = fakeClock();
        logger = new RecordingLogger({ serviceName: "new-customer-notifier", logLevel: "DEBUG" });
    });
    afterEach(() => {
        secrets.restore();
    });

    function notifier(overrides: Partial<NotifierDeps> = {}): NotifierHandler {
        return createHandler({
            env: ENV,
            logger,
            announcements: new MemoryAnnouncementStore(),
            sleep: clock.sleep,
            now: clock.now,
            random: () => 0,
            allowedWebhookOrigins: [slack.origin],
            ...overrides,
        });
    }

    function invoke(
        handler: NotifierHandler,
        records: KinesisStreamRecord[],
        remainingMs = 60_000,
    ) {
        return handler({ Records: records }, lambdaContext(clock, remainingMs));
    }

    const posted = () => slack.requests.map((r) => JSON.parse(r.body) as unknown);
    const secretReads = () => secrets.commandCalls(GetSecretValueCommand).length;

    it("posts once, with the exact message, for a new customer above the threshold", async () => {
        const result = await invoke(notifier(), [newCustomerRecord(1, ACME)]);

        assert.deepEqual(result, { batchItemFailures: [] });
        assert.equal(slack.requests.length, 1);
        const [req] = slack.requests;
        assert.equal(req.method, "POST");
        assert.equal(req.path, `/services/${WEBHOOK_TOKEN}`);
        assert.equal(req.headers["content-type"], "application/json; charset=utf-8");
        assert.deepEqual(JSON.parse(req.body), { text: ACME_TEXT });
        assert.deepEqual(clock.sleeps, []);
    });

    it("announces at exactly MIN_EMPLOYEES and stays silent one below it", async () => {
        const handler = notifier();
        const result = await invoke(handler, [
            newCustomerRecord(1, { customerId: "c-49", name: "Small Ltd", employees: 49 }),
            newCustomerRecord(2, { customerId: "c-50", name: "Just Right", employees: 50 }),
        ]);

        assert.deepEqual(result, { batchItemFailures: [] });
        assert.deepEqual(posted(), [
            {
                text: ":tada: New customer! *Just Right* just joined us (50 employees). Say hello! :wave:",
            },
        ]);
    });

    it("posts nothing, and reads no secret, for a small customer", async () => {
        const result = await invoke(notifier(), [
            newCustomerRecord(1, { customerId: "c-3", name: "Tiny", employees: 3 }),
        ]);

        assert.deepEqual(result, { batchItemFailures: [] });
        assert.equal(slack.requests.length, 0);
        assert.equal(secretReads(), 0);
    });

    it("posts nothing for MODIFY or REMOVE of a customer, nor for another table's INSERT", async () => {
        const image = customerImage(ACME);
        const records = [
            changeEvent({
                eventID: "m",
                eventName: "MODIFY",
                tableName: CUSTOMERS,
                newImage: image,
                oldImage: image,
            }),
            changeEvent({
                eventID: "r",
                eventName: "REMOVE",
                tableName: CUSTOMERS,
                oldImage: image,
            }),
            changeEvent({
                eventID: "t",
                tableName: "lightspeed-dev-tasks-77e0b1",
                newImage: image,
            }),
        ].map((e, i) => kinesisRecord(encode(e), sequenceNumber(i + 1)));

        const result = await invoke(notifier(), records);

        assert.deepEqual(result, { batchItemFailures: [] });
        assert.equal(slack.requests.length, 0);
        assert.equal(secretReads(), 0);
    });

    it("waits what Retry-After asks on 429, then posts once", async () => {
        slack.script([{ status: 429, body: "rate_limited", headers: { "retry-after": "3" } }]);

        const result = await invoke(notifier(), [newCustomerRecord(1, ACME)]);

        assert.deepEqual(result, { batchItemFailures: [] });
        assert.deepEqual(clock.sleeps, [3000]);
        assert.equal(slack.requests.length, 2);
        assert.equal(slack.requests[0].body, slack.requests[1].body);
        const retry = logger
            .entries()
            .find((e) => e.message === "Slack did not take the message; retrying");
        assert.equal(retry?.sequenceNumber, sequenceNumber(1));
        assert.equal(retry?.delayMs, 3000);
        assert.equal(retry?.fromRetryAfter, true);
        assert.equal(retry?.status, 429);
    });

    it("does not wait a Retry-After longer than the invocation has left: reports the record", async () => {
        slack.script([], { status: 429, body: "rate_limited", headers: { "retry-after": "120" } });

        const result = await invoke(notifier(), [newCustomerRecord(7, ACME)], 30_000);

        assert.deepEqual(result, { batchItemFailures: [{ itemIdentifier: sequenceNumber(7) }] });
        assert.deepEqual(clock.sleeps, []);
        assert.equal(slack.requests.length, 1);
    });

    it("reports a persisting 500 as a failure with the record's exact sequence number", async () => {
        slack.script([], { status: 500, body: "rollup_error" });

        const result = await invoke(notifier(), [newCustomerRecord(42, ACME)]);

        assert.deepEqual(result, { batchItemFailures: [{ itemIdentifier: sequenceNumber(42) }] });
        assert.equal(slack.requests.length, 4);
        assert.deepEqual(clock.sleeps, [500, 1000, 2000]);
        const failure = logger.entries().find((e) => e.level === "ERROR");
        assert.equal(failure?.message, "record not delivered; reported as a batch item failure");
        assert.equal(failure?.sequenceNumber, sequenceNumber(42));
        assert.equal(failure?.eventId, "evt-42");
    });

    it("stops backing off when the next attempt would end after the invocation's deadline", async () => {
        slack.script([], { status: 503 });

        // 2.5 s left, 1 s kept free: one 500 ms backoff fits, the 1000 ms one does not.
        const result = await invoke(notifier(), [newCustomerRecord(3, ACME)], 2500);

        assert.deepEqual(result, { batchItemFailures: [{ itemIdentifier: sequenceNumber(3) }] });
        assert.deepEqual(clock.sleeps, [500]);
        assert.equal(slack.requests.length, 2);
    });

    it("reports malformed records by sequence number, logs them, and delivers the rest", async () => {
        const bad = {
            notBase64: kinesisRecord("%%% not base64 %%%", sequenceNumber(2)),
            notJson: kinesisRecord(Buffer.from("{ nope").toString("base64"), sequenceNumber(3)),
            badShape: kinesisRecord(
                encode({
                    ...changeEvent({ eventID: "x", tableName: CUSTOMERS }),
                    eventName: "UPSERT",
                }),
                sequenceNumber(4),
            ),
            badCustomer: kinesisRecord(
                encode(
                    changeEvent({
                        eventID: "y",
                        tableName: CUSTOMERS,
                        newImage: { customerId: { S: "c-y" }, name: { S: "No Size" } },
                    }),
                ),
                sequenceNumber(5),
            ),
        };
        const records = [
            newCustomerRecord(1, { customerId: "c-1", name: "First", employees: 100 }),
            bad.notBase64,
            bad.notJson,
            bad.badShape,
            bad.badCustomer,
            newCustomerRecord(6, { customerId: "c-6", name: "Last", employees: 200 }),
        ];

        const result = await invoke(notifier(), records);

        assert.deepEqual(result, {
            batchItemFailures: [2, 3, 4, 5].map((n) => ({ itemIdentifier: sequenceNumber(n) })),
        });
        assert.deepEqual(posted(), [
            {
                text: ":tada: New customer! *First* just joined us (100 employees). Say hello! :wave:",
            },
            {
                text: ":tada: New customer! *Last* just joined us (200 employees). Say hello! :wave:",
            },
        ]);
        const malformed = logger
            .entries()
            .filter((e) => e.message === "malformed record; reported as a batch item failure")
            .map((e) => [e.sequenceNumber, e.reason]);
        assert.deepEqual(malformed, [
            [sequenceNumber(2), "kinesis.data is not base64"],
            [sequenceNumber(3), malformed[1]?.[1]],
            [sequenceNumber(4), 'eventName must be INSERT, MODIFY or REMOVE, got "UPSERT"'],
            [sequenceNumber(5), "customer employees must be a whole number (N)"],
        ]);
        assert.match(String(malformed[1][1]), /^kinesis\.data is not JSON: /);
    });

    it("posts once when the same batch is delivered again, even to a fresh instance", async () => {
        const store = new MemoryAnnouncementStore();
        const batch = [
            newCustomerRecord(1, ACME),
            newCustomerRecord(2, { customerId: "c-2", name: "Beta GmbH", employees: 80 }),
        ];

        const first = await invoke(notifier({ announcements: store }), batch);
        const handler = notifier({ announcements: store });
        const second = await invoke(handler, batch);
        const third = await invoke(handler, batch);

        assert.deepEqual([first, second, third], Array(3).fill({ batchItemFailures: [] }));
        assert.equal(slack.requests.length, 2);
        const replays = logger
            .entries()
            .filter((e) => e.message === "customer was already announced; not posted again");
        assert.deepEqual(
            replays.map((e) => e.eventId),
            ["evt-1", "evt-2", "evt-1", "evt-2"],
        );
        assert.deepEqual(store.statuses(), { cus_01JDZ8Q4: "POSTED", "c-2": "POSTED" });
    });

    describe("at most once per customer (announcement record per customer)", () => {
        const customerChange = (
            n: number,
            eventName: "INSERT" | "MODIFY" | "REMOVE",
            images: { newEmployees?: number; oldEmployees?: number },
        ) =>
            kinesisRecord(
                encode(
                    changeEvent({
                        eventID: `evt-${n}`,
                        eventName,
                        tableName: CUSTOMERS,
                        newImage:
                            images.newEmployees === undefined
                                ? undefined
                                : customerImage({ ...ACME, employees: images.newEmployees }),
                        oldImage:
                            images.oldEmployees === undefined
                                ? undefined
                                : customerImage({ ...ACME, employees: images.oldEmployees }),
                    }),
                ),
                sequenceNumber(n),
            );

        it("announces a customer created with 10 employees once it is corrected to 900", async () => {
            const store = new MemoryAnnouncementStore();
            const result = await invoke(notifier({ announcements: store }), [
                customerChange(1, "INSERT", { newEmployees: 10 }),
                customerChange(2, "MODIFY", { oldEmployees: 10, newEmployees: 900 }),
                customerChange(3, "MODIFY", { oldEmployees: 900, newEmployees: 950 }),
            ]);

            assert.deepEqual(result, { batchItemFailures: [] });
            assert.deepEqual(posted(), [
                {
                    text: ":tada: New customer! *Acme &amp; Co &lt;3* just joined us (900 employees, Enterprise plan, DE). Say hello! :wave:",
                },
            ]);
            assert.deepEqual(store.statuses(), { cus_01JDZ8Q4: "POSTED" });
            assert.equal(store.records.get("cus_01JDZ8Q4")?.attributes.eventId, "evt-2");
        });

        it("announces a customer deleted and re-created only once", async () => {
            const store = new MemoryAnnouncementStore();
            const handler = notifier({ announcements: store });
            await invoke(handler, [customerChange(1, "INSERT", { newEmployees: 1250 })]);
            const result = await invoke(handler, [
                customerChange(2, "REMOVE", { oldEmployees: 1250 }),
                customerChange(3, "INSERT", { newEmployees: 1250 }),
            ]);

            assert.deepEqual(result, { batchItemFailures: [] });
            assert.deepEqual(posted(), [{ text: ACME_TEXT }]);
            assert.deepEqual(store.statuses(), { cus_01JDZ8Q4: "POSTED" });
        });

        it("Slack answering only after the client's timeout: posts once, records it as maybe announced, and never posts it again", async () => {
            const store = new MemoryAnnouncementStore();
            const handler = notifier({
                announcements: store,
                retry: { requestTimeoutMs: HANG_TIMEOUT_MS },
            });
            slack.script(["hang"]); // the request arrives; the answer never does in time

            const first = await invoke(handler, [newCustomerRecord(1, ACME)]);
            const redelivered = await invoke(handler, [newCustomerRecord(1, ACME)]);

            assert.deepEqual(first, { batchItemFailures: [] });
            assert.deepEqual(redelivered, { batchItemFailures: [] });
            assert.equal(slack.requests.length, 1);
            assert.deepEqual(clock.sleeps, []);
            assert.deepEqual(store.statuses(), { cus_01JDZ8Q4: "MAYBE_POSTED" });
            const warning = logger
                .entries()
                .find(
                    (e) =>
                        e.message ===
                        "Slack may have posted the announcement; recorded, and never posted again",
                );
            assert.equal(
                warning?.reason,
                `Slack may have posted the message: no answer within ${HANG_TIMEOUT_MS} ms after sending it; not retried`,
            );
        });
    });

    it("after a failed delivery, posts on redelivery (the failure is not remembered as done)", async () => {
        const handler = notifier();
        slack.script([], { status: 500 });
        const failed = await invoke(handler, [newCustomerRecord(1, ACME)]);
        slack.script([]);
        const retried = await invoke(handler, [newCustomerRecord(1, ACME)]);

        assert.deepEqual(failed, { batchItemFailures: [{ itemIdentifier: sequenceNumber(1) }] });
        assert.deepEqual(retried, { batchItemFailures: [] });
        assert.equal(slack.requests.length, 5); // 4 failed attempts, then 1 delivery
    });

    for (const [what, event, received] of NON_KINESIS_EVENTS) {
        it(`refuses ${what} with an EventSourceError naming it, and posts nothing`, async () => {
            await assert.rejects(notifier()(event as never, lambdaContext(clock, 60_000)), {
                name: "EventSourceError",
                message: `new-customer-notifier: expected aws:kinesis records, got ${received}`,
            });
            assert.equal(slack.requests.length, 0);
        });
    }

    it("reads the webhook secret once across invocations, and again after the TTL", async () => {
        const handler = notifier();

        await invoke(handler, [newCustomerRecord(1, ACME)]);
        await invoke(handler, [newCustomerRecord(2, { ...ACME, customerId: "c-2" })]);
        assert.equal(secretReads(), 1);

        clock.advance(300_000); // SLACK_WEBHOOK_CACHE_TTL_SECONDS defaults to 300
        await invoke(handler, [newCustomerRecord(3, { ...ACME, customerId: "c-3" })]);
        assert.equal(secretReads(), 2);
        assert.equal(slack.requests.length, 3);
    });

    it("reports a revoked webhook (404) without retrying, and reads the secret again next time", async () => {
        const handler = notifier();
        slack.script([{ status: 404, body: "no_service" }]);

        const rejected = await invoke(handler, [newCustomerRecord(1, ACME)]);
        const delivered = await invoke(handler, [newCustomerRecord(1, ACME)]);

        assert.deepEqual(rejected, { batchItemFailures: [{ itemIdentifier: sequenceNumber(1) }] });
        assert.deepEqual(delivered, { batchItemFailures: [] });
        assert.equal(slack.requests.length, 2);
        assert.deepEqual(clock.sleeps, []);
        assert.equal(secretReads(), 2);
    });

    it("refuses a secret that points anywhere but https://hooks.slack.com by default", async () => {
        const result = await invoke(notifier({ allowedWebhookOrigins: undefined }), [
            newCustomerRecord(1, ACME),
        ]);

        assert.deepEqual(result, { batchItemFailures: [{ itemIdentifier: sequenceNumber(1) }] });
        assert.equal(slack.requests.length, 0);
        const error = logger.entries().find((e) => e.level === "ERROR");
        assert.match(
            JSON.stringify(error?.error),
            new RegExp(`must start with https://hooks\\.slack\\.com, got origin ${slack.origin}`),
        );
    });

    it("never logs the webhook URL, whatever happens", async () => {
        const handler = notifier();
        slack.script(
            [
                { status: 429, headers: { "retry-after": "1" } },
                { status: 200, body: "ok" },
                { status: 403, body: "invalid_token" },
            ],
            { status: 502 },
        );
        await invoke(handler, [
            newCustomerRecord(1, ACME),
            newCustomerRecord(2, { ...ACME, customerId: "c-2" }),
        ]);
        await invoke(handler, [newCustomerRecord(3, { ...ACME, customerId: "c-3" })]);

        assert.ok(
            logger.lines.length >= 5,
            `expected a full log, got ${logger.lines.length} lines`,
        );
        for (const line of logger.lines) {
            assert.ok(!line.includes(WEBHOOK_TOKEN), `webhook token logged: ${line}`);
            assert.ok(!line.includes("/services/"), `webhook path logged: ${line}`);
        }
    });

    describe("environment, checked at cold start", () => {
        const cases: [string, Record<string, string | undefined>, string][] = [
            [
                "MIN_EMPLOYEES missing",
                { MIN_EMPLOYEES: undefined },
                "MIN_EMPLOYEES is required (announce customers with at least this many employees, integer >= 1 (required))",
            ],
            [
                "MIN_EMPLOYEES not a number",
                { MIN_EMPLOYEES: "lots" },
                'MIN_EMPLOYEES must be an integer 1..10000000, got "lots"',
            ],
            [
                "MIN_EMPLOYEES zero",
                { MIN_EMPLOYEES: "0" },
                'MIN_EMPLOYEES must be an integer 1..10000000, got "0"',
            ],
            [
                "MIN_EMPLOYEES fractional",
                { MIN_EMPLOYEES: "50.5" },
                'MIN_EMPLOYEES must be an integer 1..10000000, got "50.5"',
            ],
            [
                "secret ARN missing",
                { SLACK_WEBHOOK_SECRET_ARN: "" },
                "SLACK_WEBHOOK_SECRET_ARN is required (ARN of the secret holding the Slack webhook URL (required))",
            ],
            [
                "secret given by name",
                { SLACK_WEBHOOK_SECRET_ARN: "slack-marketing" },
                'SLACK_WEBHOOK_SECRET_ARN must be a Secrets Manager secret ARN, got "slack-marketing"',
            ],
            [
                "customers table missing",
                { CUSTOMERS_TABLE: undefined },
                "CUSTOMERS_TABLE is required (physical name of the customers table (required))",
            ],
            [
                "idempotency table invalid",
                { IDEMPOTENCY_TABLE: "a b" },
                'IDEMPOTENCY_TABLE must be a DynamoDB table name, got "a b"',
            ],
            [
                "cache TTL too long",
                { SLACK_WEBHOOK_CACHE_TTL_SECONDS: "86400" },
                'SLACK_WEBHOOK_CACHE_TTL_SECONDS must be an integer 0..3600, got "86400"',
            ],
        ];
        for (const [title, change, problem] of cases) {
            it(`fails naming the variable: ${title}`, () => {
                assert.throws(() => loadConfig({ ...ENV, ...change }), {
                    name: "ConfigError",
                    message: `new-customer-notifier: invalid environment: ${problem}`,
                });
            });
        }

        it("lists every problem at once", () => {
            assert.throws(
                () => loadConfig({}),
                (err: unknown) => {
                    assert.ok(err instanceof ConfigError);
                    assert.deepEqual(
                        err.problems.map((p) => p.split(" ")[0]),
                        [
                            "CUSTOMERS_TABLE",
                            "MIN_EMPLOYEES",
                            "SLACK_WEBHOOK_SECRET_ARN",
                            "IDEMPOTENCY_TABLE",
                        ],
                    );
                    return true;
                },
            );
        });

        it("applies the documented defaults", () => {
            assert.deepEqual(loadConfig(ENV), {
                customersTable: CUSTOMERS,
                minEmployees: 50,
                webhookSecretArn: SECRET_ARN,
                webhookCacheTtlMs: 300_000,
                idempotencyTable: "lightspeed-dev-idempotency",
            });
        });

        it("fails loading the Lambda entry point when MIN_EMPLOYEES is bad, naming it", () => {
            const entry = require.resolve("../new-customer-notifier/index");
            const load = (env: Record<string, string>) =>
                withEnv(env, () => {
                    delete require.cache[entry];
                    return require(entry) as { handler: unknown };
                });

            assert.throws(() => load({ ...ENV, MIN_EMPLOYEES: "lots" }), {
                name: "ConfigError",
                message:
                    'new-customer-notifier: invalid environment: MIN_EMPLOYEES must be an integer 1..10000000, got "lots"',
            });
            assert.equal(typeof load(ENV).handler, "function");
        });
    });
});

describe("new-customer notifier: decoding and message", () => {
    it("decodes the documented DynamoDB-in-Kinesis change event", () => {
        const event = changeEvent({
            eventID: "e1",
            tableName: CUSTOMERS,
            newImage: customerImage(ACME),
        });
        const decoded = decodeChangeEvent(encode(event));
        assert.equal(decoded.eventID, "e1");
        assert.equal(decoded.eventName, "INSERT");
        assert.deepEqual(parseCustomer(decoded.dynamodb.NewImage), ACME);
    });

    const malformed: [string, unknown, string][] = [
        ["empty data", "", "kinesis.data is not base64"],
        ["not an object", encode([1, 2]), "change event is not a JSON object"],
        [
            "other source",
            encode({ eventSource: "aws:s3" }),
            'eventSource must be "aws:dynamodb", got "aws:s3"',
        ],
        [
            "no event id",
            encode({ ...changeEvent({ eventID: "", tableName: "t" }) }),
            "eventID is missing",
        ],
        ["no table", encode(changeEvent({ eventID: "e", tableName: "" })), "tableName is missing"],
        [
            "no dynamodb",
            encode({ ...changeEvent({ eventID: "e", tableName: "t" }), dynamodb: null }),
            "dynamodb is missing",
        ],
        [
            "image not attribute-value",
            encode({
                ...changeEvent({ eventID: "e", tableName: "t" }),
                dynamodb: { NewImage: { name: "Acme" } },
            }),
            "dynamodb.NewImage is not an attribute-value map",
        ],
    ];
    for (const [title, data, message] of malformed) {
        it(`rejects a change event: ${title}`, () => {
            assert.throws(() => decodeChangeEvent(data), { name: "MalformedRecordError", message });
        });
    }

    const badCustomers: [string, Record<string, unknown> | undefined, string][] = [
        ["no image", undefined, "INSERT has no NewImage"],
        ["no name", { customerId: { S: "c" }, employees: { N: "5" } }, "customer name is missing"],
        [
            "blank name",
            { customerId: { S: "c" }, name: { S: "  " }, employees: { N: "5" } },
            "customer name must be a non-empty string (S)",
        ],
        [
            "employees as string",
            { customerId: { S: "c" }, name: { S: "A" }, employees: { S: "5" } },
            "customer employees must be a whole number (N)",
        ],
        [
            "negative employees",
            { customerId: { S: "c" }, name: { S: "A" }, employees: { N: "-5" } },
            "customer employees must be a whole number (N)",
        ],
        [
            "plan not a string",
            { customerId: { S: "c" }, name: { S: "A" }, employees: { N: "5" }, plan: { N: "1" } },
            "customer plan must be a non-empty string (S)",
        ],
    ];
    for (const [title, image, message] of badCustomers) {
        it(`rejects a customer item: ${title}`, () => {
            assert.throws(
                () => parseCustomer(image as Parameters<typeof parseCustomer>[0]),
                (err: unknown) => err instanceof MalformedRecordError && err.message === message,
            );
        });
    }

    const texts: [string, string | undefined, string | undefined][] = [
        ["escapes &, < and >", "R&D <Labs> Ltd", "R&amp;D &lt;Labs&gt; Ltd"],
        ["neutralises a channel mention", "<!channel> hi", "&lt;!channel&gt; hi"],
        ["flattens line breaks and control characters", "Acme\n\tCorp\u0000", "Acme Corp"],
        ["keeps other mrkdwn and unicode as is", "Zoë *Café* 🚀", "Zoë *Café* 🚀"],
        ["drops blank text", " \n ", undefined],
        ["drops absent text", undefined, undefined],
        ["cuts long text at 100 characters", "x".repeat(150), `${"x".repeat(99)}…`],
    ];
    for (const [title, raw, expected] of texts) {
        it(`display text ${title}`, () => {
            assert.equal(displayText(raw), expected);
        });
    }

    it("builds the message with only the details the customer has", () => {
        assert.deepEqual(newCustomerMessage(ACME), { text: ACME_TEXT });
        assert.deepEqual(
            newCustomerMessage({
                customerId: "c",
                name: "Solo",
                employees: 1000000,
                country: "Brazil",
            }),
            {
                text: ":tada: New customer! *Solo* just joined us (1,000,000 employees, Brazil). Say hello! :wave:",
            },
        );
    });
});

/** Runs `fn` with `env` as the only values of its keys, then restores process.env. */
function withEnv<T>(env: Record<string, string>, fn: () => T): T {
    const saved = { ...process.env };
    const keys = [...Object.keys(ENV), ...Object.keys(env)];
    for (const k of keys) delete process.env[k];
    Object.assign(process.env, env);
    try {
        return fn();
    } finally {
        for (const k of Object.keys(process.env)) if (!(k in saved)) delete process.env[k];
        Object.assign(process.env, saved);
    }
}
