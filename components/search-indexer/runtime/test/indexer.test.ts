/**
 * The search indexer, end to end in-process: Kinesis-shaped batches in, the real OpenSearch
 * client (SigV4-signed) out to a fake OpenSearch on 127.0.0.1 with OpenSearch's versioning and
 * mapping semantics, and faults injected per request or per item. Time is a fake clock.
 */
import type { KinesisStreamRecord } from "aws-lambda";
import { createHash } from "node:crypto";
import assert from "node:assert/strict";
import { createHandler, type IndexerDeps, type IndexerHandler } from "../indexer/indexer";
import { tableIndexBody } from "../indexer/mapping";
import { HANG_TIMEOUT_MS, NON_KINESIS_EVENTS } from "../../../../test/helpers/runtime";
import { startFakeOpenSearch, type FakeOpenSearch } from "./fake-opensearch";
import {
    changeEvent,
    encode,
    fakeClock,
    kinesisRecord,
    lambdaContext,
    RecordingLogger,
    sequenceNumber,
    settlesWithin,
    ShardModel,
    TEST_CREDENTIALS,
    type FakeClock,
} from "./helpers";

const TASKS = "lightspeed-dev-tasks-77e0b1";
const ORDERS = "Lightspeed-Dev-Orders";
const ORDERS_ALIAS = "lightspeed-dev-orders";
const T0 = 1764320400000000; // µs

type Op = "INSERT" | "MODIFY" | "REMOVE";

/** A task change in the tasks table, at T0 + `at` µs. */
function task(
    n: number,
    op: Op,
    id: string,
    at: number,
    fields: Record<string, unknown> = {},
): KinesisStreamRecord {
    const image = { taskId: { S: id }, title: { S: `Task ${id}` }, ...fields };
    return kinesisRecord(
        encode(
            changeEvent({
                eventID: `evt-${n}`,
                eventName: op,
                tableName: TASKS,
                keys: { taskId: { S: id } },
                createdMicros: T0 + at,
                ...(op === "REMOVE" ? { oldImage: image } : { newImage: image }),
            }),
        ),
        sequenceNumber(n),
    );
}

describe("search indexer", () => {
    let os: FakeOpenSearch;
    let clock: FakeClock;
    let logger: RecordingLogger;

    before(async () => {
        os = await startFakeOpenSearch();
    });
    after(async () => {
        await os.close();
    });
    beforeEach(() => {
        os.reset();
        clock = fakeClock();
        logger = new RecordingLogger({ serviceName: "search-indexer", logLevel: "DEBUG" });
    });

    function indexer(
        overrides: Partial<IndexerDeps> = {},
        env: Record<string, string> = {},
    ): IndexerHandler {
        return createHandler({
            env: {
                OPENSEARCH_ENDPOINT: os.origin,
                AWS_REGION: "eu-west-1",
                INDEXED_TABLES: `${TASKS},${ORDERS}`,
                ...env,
            },
            logger,
            getCredentials: async () => TEST_CREDENTIALS,
            allowedEndpointProtocols: ["http:"],
            now: clock.now,
            sleep: clock.sleep,
            random: () => 0,
            ...overrides,
        });
    }

    const invoke = (
        handler: IndexerHandler,
        records: KinesisStreamRecord[],
        remainingMs = 60_000,
    ) => handler({ Records: records }, lambdaContext(clock, remainingMs));
    const tasks = () => Object.fromEntries(os.documents(TASKS));
    const bulks = () => os.requestsTo("/_bulk", "POST");
    const ok = { batchItemFailures: [] };
    const failedAt = (n: number) => ({
        batchItemFailures: [{ itemIdentifier: sequenceNumber(n) }],
    });

    describe("index creation", () => {
        it("creates each table's index with the mapping and alias on cold start, once", async () => {
            const handler = indexer();
            assert.deepEqual(await invoke(handler, [task(1, "INSERT", "t-1", 1)]), ok);

            for (const [alias, index] of [
                [TASKS, `${TASKS}-v1`],
                [ORDERS_ALIAS, `${ORDERS_ALIAS}-v1`],
            ]) {
                assert.equal(os.requestsTo(`/_alias/${alias}`, "HEAD").length, 1);
                const [create] = os.requestsTo(`/${index}`, "PUT");
                assert.deepEqual(JSON.parse(create.body), {
                    ...tableIndexBody(24),
                    aliases: { [alias]: { is_write_index: true } },
                });
                assert.equal(os.aliases.get(alias), index);
            }
            assert.deepEqual(JSON.parse(os.requestsTo(`/${TASKS}-v1`, "PUT")[0].body).settings, {
                index: { gc_deletes: "24h" },
            });
            // Creation came before the first document.
            const paths = os.requests.map((r) => `${r.method} ${r.path}`);
            assert.ok(paths.indexOf("POST /_bulk") > paths.indexOf(`PUT /${TASKS}-v1`));

            await invoke(handler, [task(2, "INSERT", "t-2", 2)]);
            assert.equal(
                os.requests.filter((r) => r.method !== "POST").length,
                4,
                "no more HEAD/PUT",
            );
        });

        it("takes DELETE_TOMBSTONE_HOURS into the index settings", async () => {
            await invoke(indexer({}, { DELETE_TOMBSTONE_HOURS: "168" }), [
                task(1, "INSERT", "t-1", 1),
            ]);
            assert.deepEqual(JSON.parse(os.requestsTo(`/${TASKS}-v1`, "PUT")[0].body).settings, {
                index: { gc_deletes: "168h" },
            });
        });

        it("only checks the alias when the index exists", async () => {
            os.createIndex(`${TASKS}-v1`, { aliases: { [TASKS]: {} } });
            os.createIndex(`${ORDERS_ALIAS}-v1`, { aliases: { [ORDERS_ALIAS]: {} } });
            assert.deepEqual(await invoke(indexer(), [task(1, "INSERT", "t-1", 1)]), ok);
            assert.deepEqual(
                os.requests.map((r) => `${r.method} ${r.path}`),
                [`HEAD /_alias/${TASKS}`, `HEAD /_alias/${ORDERS_ALIAS}`, "POST /_bulk"],
            );
        });

        it("accepts losing a creation race to another cold start (resource_already_exists)", async () => {
            os.beforeRequest = (req) => {
                if (req.method === "PUT" && req.path === `/${TASKS}-v1`) {
                    os.createIndex(`${TASKS}-v1`, { aliases: { [TASKS]: {} } });
                }
            };
            assert.deepEqual(await invoke(indexer(), [task(1, "INSERT", "t-1", 1)]), ok);
            assert.equal(os.requestsTo(`/_alias/${TASKS}`, "HEAD").length, 2);
            assert.deepEqual(Object.keys(tasks()), ["t-1"]);
        });

        it("adds the alias when the index exists without it", async () => {
            os.createIndex(`${TASKS}-v1`);
            assert.deepEqual(await invoke(indexer(), [task(1, "INSERT", "t-1", 1)]), ok);
            assert.equal(os.requestsTo(`/${TASKS}-v1/_alias/${TASKS}`, "PUT").length, 1);
            assert.equal(os.aliases.get(TASKS), `${TASKS}-v1`);
        });

        it("reports a table's records, and indexes the others, when its alias name is taken by an index", async () => {
            os.createIndex(ORDERS_ALIAS); // e.g. written to before the alias existed
            const order = kinesisRecord(
                encode(
                    changeEvent({
                        eventID: "o1",
                        eventName: "INSERT",
                        tableName: ORDERS,
                        keys: { pk: { S: "c-1" }, sk: { S: "o-1" } },
                        createdMicros: T0,
                        newImage: { pk: { S: "c-1" }, sk: { S: "o-1" } },
                    }),
                ),
                sequenceNumber(2),
            );
            const result = await invoke(indexer(), [
                task(1, "INSERT", "t-1", 1),
                order,
                task(3, "INSERT", "t-3", 3),
            ]);
            assert.deepEqual(result, failedAt(2));
            assert.deepEqual(Object.keys(tasks()).sort(), ["t-1", "t-3"]);
            assert.deepEqual(clock.sleeps, [], "a conflict is not retried in the invocation");
            const error = logger.entries().find((e) => e.sequenceNumber === sequenceNumber(2));
            assert.match(String(error?.reason), /exists as a concrete index/);
        });

        it("creates the alias again when it disappears, and indexes on the retry", async () => {
            const handler = indexer();
            await invoke(handler, [task(1, "INSERT", "t-1", 1)]);
            os.aliases.delete(TASKS);
            assert.deepEqual(await invoke(handler, [task(2, "INSERT", "t-2", 2)]), ok);
            assert.equal(os.aliases.get(TASKS), `${TASKS}-v1`);
            assert.deepEqual(Object.keys(tasks()).sort(), ["t-1", "t-2"]);
            assert.ok(!os.indices.has(TASKS), "require_alias: no concrete index was auto-created");
            assert.deepEqual(clock.sleeps, [200]);
        });
    });

    describe("changes", () => {
        it("indexes INSERT and MODIFY as plain JSON and deletes on REMOVE, in one signed _bulk", async () => {
            const result = await invoke(indexer(), [
                task(1, "INSERT", "t-1", 10, { status: { S: "open" }, estimate: { N: "2.5" } }),
                task(2, "INSERT", "t-2", 11, { tags: { SS: ["a", "b"] }, done: { BOOL: false } }),
                task(3, "MODIFY", "t-1", 20, {
                    status: { S: "done" },
                    meta: { M: { n: { N: "1" } } },
                }),
                task(4, "REMOVE", "t-2", 21),
            ]);

            assert.deepEqual(result, ok);
            assert.deepEqual(tasks(), {
                "t-1": { taskId: "t-1", title: "Task t-1", status: "done", meta: { n: 1 } },
            });
            const [bulk] = bulks();
            assert.equal(bulks().length, 1);
            assert.deepEqual(bulk.query, { require_alias: "true" });
            assert.equal(bulk.headers["content-type"], "application/x-ndjson");
            assert.deepEqual(bulk.body.split("\n"), [
                `{"index":{"_index":"${TASKS}","_id":"t-1","version":${T0 + 10},"version_type":"external"}}`,
                '{"taskId":"t-1","title":"Task t-1","status":"open","estimate":2.5}',
                `{"index":{"_index":"${TASKS}","_id":"t-2","version":${T0 + 11},"version_type":"external"}}`,
                '{"taskId":"t-2","title":"Task t-2","tags":["a","b"],"done":false}',
                `{"index":{"_index":"${TASKS}","_id":"t-1","version":${T0 + 20},"version_type":"external"}}`,
                '{"taskId":"t-1","title":"Task t-1","status":"done","meta":{"n":1}}',
                `{"delete":{"_index":"${TASKS}","_id":"t-2","version":${T0 + 21},"version_type":"external"}}`,
                "",
            ]);
            assert.match(
                String(bulk.headers.authorization),
                /^AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE\/\d{8}\/eu-west-1\/es\/aws4_request, SignedHeaders=[a-z0-9;-]+, Signature=[0-9a-f]{64}$/,
            );
            assert.equal(
                bulk.headers["x-amz-content-sha256"],
                createHash("sha256").update(bulk.body).digest("hex"),
            );
            assert.equal(os.resolve(TASKS)?.docs.get("t-1")?.version, T0 + 20);
            assert.equal(os.resolve(TASKS)?.docs.get("t-2")?.version, T0 + 21, "tombstone");
            assert.deepEqual(
                logger.entries().find((e) => e.message === "batch processed"),
                {
                    ...logger.entries().find((e) => e.message === "batch processed"),
                    records: 4,
                    indexed: 4,
                    superseded: 0,
                    skipped: 0,
                    failed: 0,
                    requests: 1,
                    attempts: 1,
                },
            );
        });

        it("never goes backwards: a stale change is a 409, which is success", async () => {
            const handler = indexer();
            await invoke(handler, [task(1, "MODIFY", "t-1", 50, { status: { S: "done" } })]);
            const result = await invoke(handler, [
                task(2, "MODIFY", "t-1", 40, { status: { S: "open" } }), // older, arrives late
                task(1, "MODIFY", "t-1", 50, { status: { S: "done" } }), // redelivered
            ]);
            assert.deepEqual(result, ok);
            assert.equal(tasks()["t-1"].status, "done");
            const summary = logger.entries().filter((e) => e.message === "batch processed")[1];
            assert.equal(summary.superseded, 2);
        });

        it("keeps a deleted item deleted when an older INSERT arrives after the REMOVE", async () => {
            const handler = indexer();
            await invoke(handler, [task(1, "INSERT", "t-1", 10), task(3, "REMOVE", "t-1", 30)]);
            assert.deepEqual(await invoke(handler, [task(2, "MODIFY", "t-1", 20)]), ok);
            assert.deepEqual(tasks(), {});
        });

        it("records the version of a REMOVE for an item never indexed (404 not_found is done)", async () => {
            const handler = indexer();
            assert.deepEqual(await invoke(handler, [task(5, "REMOVE", "t-9", 90)]), ok);
            await invoke(handler, [task(4, "INSERT", "t-9", 80)]);
            assert.deepEqual(tasks(), {});
        });

        it("skips other tables' events", async () => {
            const other = kinesisRecord(
                encode(
                    changeEvent({
                        eventID: "c1",
                        eventName: "INSERT",
                        tableName: "lightspeed-dev-customers",
                        keys: { customerId: { S: "c-1" } },
                        createdMicros: T0,
                        newImage: { customerId: { S: "c-1" } },
                    }),
                ),
                sequenceNumber(1),
            );
            assert.deepEqual(await invoke(indexer(), [other]), ok);
            assert.equal(bulks().length, 0);
        });

        it("indexes a composite-key table under its lowercased alias", async () => {
            const order = kinesisRecord(
                encode(
                    changeEvent({
                        eventID: "o1",
                        eventName: "INSERT",
                        tableName: ORDERS,
                        keys: { sk: { N: "7" }, pk: { S: "cus/1" } },
                        createdMicros: T0,
                        newImage: { pk: { S: "cus/1" }, sk: { N: "7" }, total: { N: "99.95" } },
                    }),
                ),
                sequenceNumber(1),
            );
            assert.deepEqual(await invoke(indexer(), [order]), ok);
            assert.deepEqual(Object.fromEntries(os.documents(ORDERS_ALIAS)), {
                "cus%2F1~7": { pk: "cus/1", sk: 7, total: 99.95 },
            });
        });
    });

    describe("ties and wrong sources", () => {
        /** A MODIFY of t-1 whose creation time is in MILLISECONDS, as such a table streams. */
        const modifyAtMs = (n: number, ms: number, title: string) =>
            kinesisRecord(
                encode(
                    changeEvent({
                        eventID: `evt-${n}`,
                        eventName: "MODIFY",
                        tableName: TASKS,
                        keys: { taskId: { S: "t-1" } },
                        createdMicros: ms,
                        newImage: { taskId: { S: "t-1" }, title: { S: title } },
                    }),
                ),
                sequenceNumber(n),
            );

        it("orders changes of one item in the same millisecond by sequence number: the later one is indexed", async () => {
            const ms = 1764320400123;
            // Shard order: external versioning alone keeps the first of the two (the second
            // is a 409, read as "superseded"), which would leave the older state indexed.
            const result = await invoke(indexer(), [
                modifyAtMs(2, ms, "first"),
                modifyAtMs(3, ms, "second"),
            ]);

            assert.deepEqual(result, ok);
            assert.deepEqual(tasks(), { "t-1": { taskId: "t-1", title: "second" } });
            assert.equal(os.resolve(TASKS)?.docs.get("t-1")?.version, ms * 1000);
            const processed = logger.entries().find((e) => e.message === "batch processed");
            assert.equal(processed?.indexed, 1);
            assert.equal(processed?.superseded, 1);
        });

        /** A change of t-1 at `ms` (milliseconds) from the state titled `from` to `to`. */
        const changeAtMs = (
            n: number,
            ms: number,
            eventName: "INSERT" | "MODIFY" | "REMOVE",
            from: string | undefined,
            to: string | undefined,
            eventID = `evt-${n}`,
        ) =>
            kinesisRecord(
                encode(
                    changeEvent({
                        eventID,
                        eventName,
                        tableName: TASKS,
                        keys: { taskId: { S: "t-1" } },
                        createdMicros: ms,
                        ...(from !== undefined && {
                            oldImage: { taskId: { S: "t-1" }, title: { S: from } },
                        }),
                        ...(to !== undefined && {
                            newImage: { taskId: { S: "t-1" }, title: { S: to } },
                        }),
                    }),
                ),
                sequenceNumber(n),
            );

        it("orders changes of one item in the same millisecond across batches: the later batch's change replaces the stored one, a redelivered or duplicated earlier one does not", async () => {
            const ms = 1764320400123;
            const handler = indexer();
            const title = () => (tasks()["t-1"] as { title?: string } | undefined)?.title;

            // Batch 1 ends with the first change, batch 2 starts with the second: same version.
            assert.deepEqual(
                await invoke(handler, [changeAtMs(1, ms, "MODIFY", "zero", "first")]),
                ok,
            );
            assert.deepEqual(
                await invoke(handler, [changeAtMs(2, ms, "MODIFY", "first", "second")]),
                ok,
            );
            assert.equal(title(), "second");
            assert.equal(os.resolve(TASKS)?.docs.get("t-1")?.version, ms * 1000);
            let processed = logger
                .entries()
                .filter((e) => e.message === "batch processed")
                .at(-1);
            assert.deepEqual([processed?.indexed, processed?.superseded], [1, 0]);

            // Lambda redelivers batch 1, and the stream carries a late duplicate of its change
            // (same event id, a later sequence number): both are older than what is stored.
            assert.deepEqual(
                await invoke(handler, [changeAtMs(1, ms, "MODIFY", "zero", "first")]),
                ok,
            );
            assert.deepEqual(
                await invoke(handler, [changeAtMs(3, ms, "MODIFY", "zero", "first", "evt-1")]),
                ok,
            );
            assert.equal(title(), "second");
            processed = logger
                .entries()
                .filter((e) => e.message === "batch processed")
                .at(-1);
            assert.deepEqual([processed?.indexed, processed?.superseded], [0, 1]);

            // Deleted and created again within the same millisecond, one batch each.
            assert.deepEqual(
                await invoke(handler, [changeAtMs(4, ms, "REMOVE", "second", undefined)]),
                ok,
            );
            assert.equal(title(), undefined);
            assert.deepEqual(
                await invoke(handler, [changeAtMs(5, ms, "INSERT", undefined, "third")]),
                ok,
            );
            assert.equal(title(), "third");
        });

        for (const [what, event, received] of NON_KINESIS_EVENTS) {
            it(`refuses ${what} with an EventSourceError naming it, and writes nothing`, async () => {
                await assert.rejects(indexer()(event as never, lambdaContext(clock, 60_000)), {
                    name: "EventSourceError",
                    message: `search-indexer: expected aws:kinesis records, got ${received}`,
                });
                assert.equal(bulks().length, 0);
            });
        }
    });

    describe("faults", () => {
        it("retries items throttled with 429 with exponential backoff, then succeeds", async () => {
            let throttled = 0;
            os.faults = {
                item: (item) =>
                    item.id === "t-2" && throttled++ < 2 ? { status: 429 } : undefined,
            };
            const result = await invoke(indexer(), [
                task(1, "INSERT", "t-1", 1),
                task(2, "INSERT", "t-2", 2),
            ]);
            assert.deepEqual(result, ok);
            assert.deepEqual(clock.sleeps, [200, 400]);
            assert.equal(bulks().length, 3);
            assert.equal(
                bulks()[1].body.split("\n").length,
                3,
                "only the throttled item is sent again",
            );
            assert.deepEqual(Object.keys(tasks()).sort(), ["t-1", "t-2"]);
            const retry = logger
                .entries()
                .find((e) => e.message === "OpenSearch did not take every item; retrying them");
            assert.deepEqual(
                [retry?.attempt, retry?.items, retry?.delayMs, retry?.statuses],
                [1, 1, 200, [429]],
            );
        });

        it("retries a request that failed with 503, and one that was applied before its 500", async () => {
            let n = 0;
            os.faults = {
                request: (req) => {
                    if (req.path !== "/_bulk") return undefined;
                    n++;
                    if (n === 1) return { status: 503 };
                    if (n === 2) return { status: 500, applied: true };
                    return undefined;
                },
            };
            const result = await invoke(indexer(), [
                task(1, "INSERT", "t-1", 1),
                task(2, "REMOVE", "t-0", 2),
            ]);
            assert.deepEqual(result, ok);
            assert.deepEqual(clock.sleeps, [200, 400]);
            assert.deepEqual(Object.keys(tasks()), ["t-1"]);
            const summary = logger.entries().find((e) => e.message === "batch processed");
            assert.deepEqual(
                [summary?.indexed, summary?.superseded],
                [0, 2],
                "the applied writes came back 409",
            );
        });

        it("reports the earliest record still failing after every attempt, and indexes the rest", async () => {
            os.faults = { item: (item) => (item.id === "t-3" ? { status: 503 } : undefined) };
            const records = [1, 2, 3, 4, 5].map((n) => task(n, "INSERT", `t-${n}`, n));
            assert.deepEqual(await invoke(indexer(), records), failedAt(3));
            assert.deepEqual(clock.sleeps, [200, 400, 800, 1600, 3200]);
            assert.equal(bulks().length, 6);
            assert.deepEqual(Object.keys(tasks()).sort(), ["t-1", "t-2", "t-4", "t-5"]);
            const error = logger
                .entries()
                .find((e) => e.message === "record not indexed; reported as a batch item failure");
            assert.deepEqual(
                [
                    error?.sequenceNumber,
                    error?.documentId,
                    error?.status,
                    error?.errorType,
                    error?.retryable,
                ],
                [sequenceNumber(3), "t-3", 503, "unavailable_shards_exception", true],
            );
        });

        for (const mode of ["silence", "drip-headers", "drip-body"] as const) {
            it(`gives up on a _bulk whose answer never completes (${mode}) at its bound, and retries it`, async () => {
                let stalled = 0;
                os.stall = (req) =>
                    req.path === "/_bulk" && stalled++ === 0 ? { mode, applied: true } : undefined;
                const handler = indexer({ retry: { requestTimeoutMs: HANG_TIMEOUT_MS } });
                const result = await settlesWithin(
                    invoke(handler, [task(1, "INSERT", "t-1", 1), task(2, "INSERT", "t-2", 2)]),
                    30_000,
                );
                assert.deepEqual(result, ok);
                assert.deepEqual(clock.sleeps, [200]);
                assert.equal(bulks().length, 2);
                const retry = logger
                    .entries()
                    .find((e) => e.message === "OpenSearch did not take every item; retrying them");
                assert.deepEqual(
                    [retry?.items, retry?.statuses],
                    [2, [null]],
                    "no complete answer: no status (null in the JSON log), retryable",
                );
                const summary = logger.entries().find((e) => e.message === "batch processed");
                assert.deepEqual(
                    [summary?.indexed, summary?.superseded, summary?.failed],
                    [0, 2, 0],
                    "the stalled request had been applied: the retry came back 409",
                );
            });
        }

        it("reports the batch, naming the bound, when every _bulk answer drips past it", async () => {
            os.stall = (req) => (req.path === "/_bulk" ? { mode: "drip-body" } : undefined);
            const handler = indexer({
                retry: { requestTimeoutMs: HANG_TIMEOUT_MS, maxAttempts: 2 },
            });
            const result = await settlesWithin(
                invoke(handler, [task(1, "INSERT", "t-1", 1), task(2, "INSERT", "t-2", 2)]),
                30_000,
            );
            assert.deepEqual(result, failedAt(1));
            assert.equal(bulks().length, 2);
            const errors = logger
                .entries()
                .filter(
                    (e) => e.message === "record not indexed; reported as a batch item failure",
                );
            assert.deepEqual(
                errors.map((e) => [e.sequenceNumber, e.reason, e.retryable, e.status]),
                [1, 2].map((n) => [
                    sequenceNumber(n),
                    `_bulk request failed: ConnectionError: no complete answer within ${HANG_TIMEOUT_MS} ms`,
                    true,
                    undefined,
                ]),
            );
        });

        it("stops retrying when the invocation's budget runs out, and reports", async () => {
            os.faults = { request: (req) => (req.path === "/_bulk" ? { status: 429 } : undefined) };
            // 4 s left, 2 s safety margin, 1 s minimum per attempt: room for one wait of 200 ms
            // and one of 400, not for one of 800.
            const result = await invoke(
                indexer(),
                [task(1, "INSERT", "t-1", 1), task(2, "INSERT", "t-2", 2)],
                4_000,
            );
            assert.deepEqual(result, failedAt(1));
            assert.deepEqual(clock.sleeps, [200, 400]);
            assert.equal(bulks().length, 3);
        });

        it("reports everything, without sending, when too little time is left", async () => {
            const result = await invoke(indexer(), [task(1, "INSERT", "t-1", 1)], 2_500);
            assert.deepEqual(result, failedAt(1));
            assert.equal(bulks().length, 0);
        });

        it("reports the lowest sequence number when several records fail", async () => {
            os.faults = {
                item: (item) =>
                    item.id === "t-4"
                        ? { status: 400, type: "illegal_argument_exception" }
                        : item.id === "t-2"
                          ? { status: 503 }
                          : undefined,
            };
            const records = [1, 2, 3, 4].map((n) => task(n, "INSERT", `t-${n}`, n));
            assert.deepEqual(await invoke(indexer(), records), failedAt(2));
        });

        it("halves the bodies when the domain answers 413", async () => {
            let first = true;
            os.faults = {
                request: (req) => {
                    if (req.path !== "/_bulk" || !first) return undefined;
                    first = false;
                    return { status: 413, type: "content_too_long" };
                },
            };
            const records = [1, 2, 3, 4].map((n) => task(n, "INSERT", `t-${n}`, n));
            assert.deepEqual(await invoke(indexer(), records), ok);
            assert.deepEqual(
                bulks().map((b) => b.body.split("\n").length - 1),
                [8, 4, 4],
            );
        });
    });

    describe("records that can never index", () => {
        const malformed: [string, string][] = [
            ["not base64", "%%%not-base64%%%"],
            ["not JSON", Buffer.from("{oops", "utf8").toString("base64")],
            [
                "without keys",
                encode({
                    ...changeEvent({
                        eventID: "x",
                        eventName: "INSERT",
                        tableName: TASKS,
                        keys: {},
                        createdMicros: T0,
                        newImage: {},
                    }),
                }),
            ],
            [
                "without a creation time",
                encode(
                    changeEvent({
                        eventID: "x",
                        eventName: "INSERT",
                        tableName: TASKS,
                        keys: { taskId: { S: "t-x" } },
                        createdMicros: 0,
                        newImage: { taskId: { S: "t-x" } },
                    }),
                ),
            ],
        ];
        for (const [name, data] of malformed) {
            it(`reports a record ${name}, and indexes the others in the same invocation`, async () => {
                const result = await invoke(indexer(), [
                    task(1, "INSERT", "t-1", 1),
                    kinesisRecord(data, sequenceNumber(2)),
                    task(3, "INSERT", "t-3", 3),
                ]);
                assert.deepEqual(result, failedAt(2));
                assert.deepEqual(Object.keys(tasks()).sort(), ["t-1", "t-3"]);
                assert.equal(bulks().length, 1);
                assert.deepEqual(clock.sleeps, [], "nothing to wait for");
                const error = logger.entries().find((e) => e.sequenceNumber === sequenceNumber(2));
                assert.deepEqual(
                    [error?.errorType, error?.retryable],
                    ["MalformedRecordError", false],
                );
            });
        }

        it("reports a document OpenSearch refuses with 400 mapper_parsing_exception, without retrying it", async () => {
            const result = await invoke(indexer(), [
                task(1, "INSERT", "t-1", 1, { updatedAt: { N: "1764320400000" } }),
                task(2, "INSERT", "t-2", 2, { updatedAt: { S: "next tuesday" } }),
                task(3, "INSERT", "t-3", 3, { updatedAt: { S: "2026-11-28T09:00:00Z" } }),
            ]);
            assert.deepEqual(result, failedAt(2));
            assert.equal(bulks().length, 1);
            assert.deepEqual(clock.sleeps, []);
            assert.deepEqual(Object.keys(tasks()).sort(), ["t-1", "t-3"]);
            const error = logger.entries().find((e) => e.sequenceNumber === sequenceNumber(2));
            assert.deepEqual(
                [error?.status, error?.errorType, error?.reason],
                [
                    400,
                    "mapper_parsing_exception",
                    "mapper_parsing_exception: failed to parse field [updatedAt] of type [date]",
                ],
            );
        });

        for (const bisectionCountsAsRetry of [false, true]) {
            it(`reaches the dead-letter queue through bounded retries, without blocking the shard (bisection ${bisectionCountsAsRetry ? "counted" : "not counted"} as a retry)`, async () => {
                // The handler's side of the contract, under a model of Lambda's: poison records
                // are reported every time and everything else is written every time; bisection
                // narrows the batch, the bounded retries end, the failed range goes to the
                // destination, and the shard is read to its end with every other change indexed
                // (also those inside a dead-lettered range: they were written on every attempt).
                const poison = [7, 23];
                const records: KinesisStreamRecord[] = [];
                for (let n = 1; n <= 40; n++) {
                    if (n === 7) records.push(kinesisRecord("not base64!", sequenceNumber(n)));
                    else if (n === 23)
                        records.push(task(n, "INSERT", "t-23", n, { updatedAt: { S: "never" } }));
                    else
                        records.push(
                            task(n, n % 5 === 0 ? "MODIFY" : "INSERT", `t-${n % 12}`, n, {
                                n: { N: String(n) },
                            }),
                        );
                }
                const shard = new ShardModel(records, {
                    batchSize: 10,
                    maximumRetryAttempts: 2,
                    bisectBatchOnFunctionError: true,
                    bisectionCountsAsRetry,
                });
                const handler = indexer();
                await shard.drain((event) => handler(event, lambdaContext(clock, 60_000)));

                if (!bisectionCountsAsRetry) {
                    assert.deepEqual(shard.deadLetters, [
                        {
                            startSequenceNumber: sequenceNumber(7),
                            endSequenceNumber: sequenceNumber(7),
                            batchSize: 1,
                        },
                        {
                            startSequenceNumber: sequenceNumber(23),
                            endSequenceNumber: sequenceNumber(23),
                            batchSize: 1,
                        },
                    ]);
                } else {
                    assert.deepEqual(shard.deadLetters, [
                        {
                            startSequenceNumber: sequenceNumber(7),
                            endSequenceNumber: sequenceNumber(9),
                            batchSize: 3,
                        },
                        {
                            startSequenceNumber: sequenceNumber(23),
                            endSequenceNumber: sequenceNumber(25),
                            batchSize: 3,
                        },
                    ]);
                }
                const expected: Record<string, number> = {};
                for (let n = 1; n <= 40; n++) if (!poison.includes(n)) expected[`t-${n % 12}`] = n;
                assert.deepEqual(
                    Object.fromEntries(Object.entries(tasks()).map(([id, doc]) => [id, doc.n])),
                    expected,
                );
                assert.ok(shard.invocations < 30, `${shard.invocations} invocations`);
            });
        }
    });

    describe("bulk size", () => {
        it("splits a batch into requests of at most BULK_MAX_BYTES, an oversized record alone", async () => {
            const text = (n: number) => ({ body: { S: "x".repeat(n) } });
            const records = [
                ...[1, 2, 3, 4, 5, 6].map((n) => task(n, "INSERT", `t-${n}`, n, text(300))),
                task(7, "INSERT", "t-7", 7, text(3000)),
                task(8, "INSERT", "t-8", 8, text(300)),
            ];
            const result = await invoke(indexer({}, { BULK_MAX_BYTES: "1024" }), records);
            assert.deepEqual(result, ok);
            const sizes = bulks().map((b) => Buffer.byteLength(b.body));
            assert.deepEqual(
                bulks().map(
                    (b) => b.body.split("\n").filter((l) => l.startsWith('{"index"')).length,
                ),
                [2, 2, 2, 1, 1],
            );
            assert.ok(
                sizes.slice(0, 3).every((s) => s <= 1024),
                String(sizes),
            );
            assert.ok(sizes[3] > 3000);
            assert.equal(Object.keys(tasks()).length, 8);
        });
    });

    describe("environment", () => {
        it("refuses a plain-HTTP endpoint unless the test seam allows it", () => {
            assert.throws(
                () => indexer({ allowedEndpointProtocols: undefined }),
                /OPENSEARCH_ENDPOINT must use https:, got "http:"/,
            );
        });
    });
});
