/**
 * The indexer's pure parts, table-driven: attribute values to JSON, document ids, versions,
 * action lines, size-bounded bodies, index names, endpoint and environment checks.
 */
import assert from "node:assert/strict";
import {
    creationTimeMicros,
    decodeChangeEvent,
    MalformedRecordError,
    type DynamoDbChangeEvent,
} from "../../../lib/runtime/dynamodb-change";
import { ensureIndex, indexNames } from "../shared/indices";
import { parseEndpoint } from "../shared/opensearch";
import { backoffDelay, DEFAULT_RETRY_POLICY } from "../shared/retry";
import {
    bulkAction,
    bulkTarget,
    chunkBulkActions,
    equalVersionAction,
    type BulkAction,
} from "../indexer/bulk-body";
import { loadIndexerConfig } from "../indexer/config";
import { documentId, itemDocumentJson, MAX_ID_BYTES } from "../indexer/document";
import {
    earliestSequenceNumber,
    followsStored,
    isVersionTie,
    supersededByTies,
} from "../indexer/indexer";
import { ConfigError } from "../shared/env";
import { changeEvent, encode, sequenceNumber } from "./helpers";

const TASKS = "lightspeed-dev-tasks-77e0b1";

describe("search indexer: attribute values to JSON", () => {
    const cases: [string, Record<string, unknown>, unknown][] = [
        ["S", { a: { S: 'He said "hi"\n' } }, { a: 'He said "hi"\n' }],
        [
            "N integer, digits kept",
            { a: { N: "12345678901234567890" } },
            { a: 12345678901234567000 },
        ],
        ["N fraction", { a: { N: "-0.25" } }, { a: -0.25 }],
        ["N exponent", { a: { N: "1E+3" } }, { a: 1000 }],
        ["N not a JSON literal", { a: { N: ".5" } }, { a: 0.5 }],
        ["BOOL", { a: { BOOL: false }, b: { BOOL: true } }, { a: false, b: true }],
        ["NULL", { a: { NULL: true } }, { a: null }],
        ["B stays base64", { a: { B: "AAEC" } }, { a: "AAEC" }],
        ["SS", { a: { SS: ["x", "y"] } }, { a: ["x", "y"] }],
        ["NS", { a: { NS: ["1", "2.5"] } }, { a: [1, 2.5] }],
        ["BS", { a: { BS: ["AAEC", "AQ=="] } }, { a: ["AAEC", "AQ=="] }],
        [
            "L and M nested",
            { a: { L: [{ S: "x" }, { M: { b: { N: "1" }, c: { L: [] } } }] }, d: { M: {} } },
            { a: ["x", { b: 1, c: [] }], d: {} },
        ],
        ["unicode keys and values", { é名: { S: "😀" } }, { é名: "😀" }],
    ];
    for (const [name, image, expected] of cases) {
        it(`writes ${name}`, () => {
            assert.deepEqual(JSON.parse(itemDocumentJson(image as never)), expected);
        });
    }

    it("keeps every digit of a number as the JSON literal", () => {
        assert.equal(
            itemDocumentJson({ a: { N: "12345678901234567890.123456789" } }),
            '{"a":12345678901234567890.123456789}',
        );
    });

    const bad: [string, Record<string, unknown>, string][] = [
        [
            "two descriptors",
            { a: { S: "x", N: "1" } },
            'attribute "a": must have exactly one type descriptor',
        ],
        ["no descriptor", { a: {} }, 'attribute "a": must have exactly one type descriptor'],
        ["unknown descriptor", { a: { X: 1 } }, 'attribute "a": unknown type descriptor "X"'],
        ["N not a number", { a: { N: "12abc" } }, 'attribute "a": N is not a number: "12abc"'],
        ["N empty", { a: { N: "" } }, 'attribute "a": N is not a number: ""'],
        ["N as a JSON number", { a: { N: 12 } }, 'attribute "a": N must be a string'],
        ["BOOL as text", { a: { BOOL: "true" } }, 'attribute "a": BOOL must be a boolean'],
        ["NULL false", { a: { NULL: false } }, 'attribute "a": NULL must be true'],
        ["SS not an array", { a: { SS: "x" } }, 'attribute "a": SS must be an array'],
        [
            "nested bad value",
            { a: { M: { b: { L: [{ N: "x" }] } } } },
            'attribute "a": N is not a number: "x"',
        ],
        ["not an attribute value", { a: "plain" }, 'attribute "a": is not an attribute value'],
    ];
    for (const [name, image, message] of bad) {
        it(`refuses ${name} as malformed`, () => {
            assert.throws(() => itemDocumentJson(image as never), {
                name: "MalformedRecordError",
                message,
            });
        });
    }

    it("refuses nesting deeper than DynamoDB allows (32 levels)", () => {
        let deep: Record<string, unknown> = { S: "leaf" };
        for (let i = 0; i < 40; i++) deep = { L: [deep] };
        assert.throws(() => itemDocumentJson({ a: deep }), /nested too deeply/);
    });
});

describe("search indexer: document ids", () => {
    const cases: [string, Record<string, unknown>, string][] = [
        ["one S key", { taskId: { S: "t-1" } }, "t-1"],
        ["keys ordered by name", { sk: { N: "5" }, pk: { S: "a" } }, "a~5"],
        ["escaped to [A-Za-z0-9._-]", { pk: { S: "a/b c~d" } }, "a%2Fb%20c%7Ed"],
        ["encodeURIComponent's extras escaped", { pk: { S: "it's(*)!" } }, "it%27s%28%2A%29%21"],
        ["unicode as UTF-8 bytes", { pk: { S: "é" } }, "%C3%A9"],
        ["B key", { pk: { B: "AQ+/=" } }, "AQ%2B%2F%3D"],
    ];
    for (const [name, keys, id] of cases) {
        it(`${name}: ${id}`, () => {
            assert.equal(documentId(keys as never), id);
        });
    }

    it("is the same whatever order the stream lists the keys in", () => {
        assert.equal(
            documentId({ pk: { S: "x" }, sk: { S: "y" } }),
            documentId({ sk: { S: "y" }, pk: { S: "x" } }),
        );
    });

    it("hashes ids over 512 bytes, deterministically, into a form no plain id has", () => {
        const long = { pk: { S: "k".repeat(600) } };
        const id = documentId(long);
        assert.match(id, /^~sha256~[A-Za-z0-9_-]{43}$/);
        assert.equal(documentId({ pk: { S: "k".repeat(600) } }), id);
        assert.notEqual(documentId({ pk: { S: "k".repeat(601) } }), id);
        assert.equal(documentId({ pk: { S: "k".repeat(MAX_ID_BYTES) } }), "k".repeat(MAX_ID_BYTES));
    });

    const bad: [string, Record<string, unknown> | undefined, RegExp][] = [
        ["missing keys", undefined, /dynamodb\.Keys is missing/],
        ["no key", {}, /one or two attributes, got 0/],
        ["three keys", { a: { S: "1" }, b: { S: "2" }, c: { S: "3" } }, /got 3/],
        ["empty S", { pk: { S: "" } }, /a key must be a non-empty S, N or B/],
        ["BOOL key", { pk: { BOOL: true } }, /a key must be a non-empty S, N or B/],
        ["lone surrogate", { pk: { S: "\ud800" } }, /not valid Unicode/],
    ];
    for (const [name, keys, message] of bad) {
        it(`refuses ${name}`, () => {
            assert.throws(() => documentId(keys as never), message);
        });
    }
});

describe("search indexer: change events", () => {
    const event = (over: Record<string, unknown> = {}) =>
        encode({
            ...changeEvent({
                eventID: "e1",
                eventName: "INSERT",
                tableName: TASKS,
                keys: { taskId: { S: "t-1" } },
                createdMicros: 1764320400123456,
                newImage: { taskId: { S: "t-1" } },
            }),
            ...over,
        });

    it("reads the creation time in µs, and scales a ms value", () => {
        const change = decodeChangeEvent(event());
        assert.equal(creationTimeMicros(change), 1764320400123456);
        const ms = {
            ...change,
            dynamodb: { ...change.dynamodb, ApproximateCreationDateTime: 1764320400123 },
        };
        assert.equal(creationTimeMicros(ms), 1764320400123000);
    });

    const badTimes: unknown[] = [
        undefined,
        0,
        -5,
        1.5,
        "1764320400123456",
        2 ** 53,
        9_100_000_000_000,
    ];
    for (const t of badTimes) {
        it(`refuses ApproximateCreationDateTime ${JSON.stringify(t)}`, () => {
            const change = decodeChangeEvent(event());
            const bad = {
                ...change,
                dynamodb: { ...change.dynamodb, ApproximateCreationDateTime: t },
            };
            assert.throws(
                () => creationTimeMicros(bad as DynamoDbChangeEvent),
                MalformedRecordError,
            );
        });
    }

    const badData: [string, unknown, RegExp][] = [
        ["not base64", "%%%", /not base64/],
        ["empty data", "", /not base64/],
        ["a character outside base64", "YW*j", /not base64/],
        ["padding in the middle", "YWJjZA=a", /not base64/],
        ["only padding", "====", /not base64/],
        ["no string", 42, /not base64/],
        ["not JSON", Buffer.from("{nope").toString("base64"), /not JSON/],
        ["a JSON array", encode([1]), /not a JSON object/],
        ["another source", event({ eventSource: "aws:s3" }), /eventSource must be "aws:dynamodb"/],
        ["an unknown event name", event({ eventName: "TRUNCATE" }), /eventName must be/],
        ["no table", event({ tableName: "" }), /tableName is missing/],
        ["no dynamodb", event({ dynamodb: null }), /dynamodb is missing/],
        [
            "a bad image",
            event({ dynamodb: { Keys: { a: "x" } } }),
            /Keys is not an attribute-value map/,
        ],
    ];
    for (const [name, data, message] of badData) {
        it(`refuses ${name}`, () => {
            assert.throws(() => decodeChangeEvent(data), message);
        });
    }
});

describe("search indexer: bulk actions and bodies", () => {
    const names = indexNames(TASKS) as { alias: string; index: string };
    const target = bulkTarget(TASKS, names);
    const change = (
        eventName: "INSERT" | "MODIFY" | "REMOVE",
        n: number,
        image?: Record<string, unknown>,
    ) =>
        decodeChangeEvent(
            encode(
                changeEvent({
                    eventID: `e${n}`,
                    eventName,
                    tableName: TASKS,
                    keys: { taskId: { S: `t-${n}` } },
                    createdMicros: 1764320400000000 + n,
                    ...(image && { newImage: image }),
                }),
            ),
        );

    it("indexes the new image with the external version, in two lines", () => {
        const action = bulkAction(
            change("MODIFY", 1, { taskId: { S: "t-1" }, n: { N: "2" } }),
            0,
            target,
        );
        assert.equal(
            action.lines,
            `{"index":{"_index":"${TASKS}","_id":"t-1","version":1764320400000001,"version_type":"external"}}\n` +
                `{"taskId":"t-1","n":2}\n`,
        );
        assert.equal(action.bytes, Buffer.byteLength(action.lines));
        assert.equal(action.operation, "index");
    });

    it("deletes on REMOVE, with the external version, in one line", () => {
        const action = bulkAction(change("REMOVE", 2), 3, target);
        assert.equal(
            action.lines,
            `{"delete":{"_index":"${TASKS}","_id":"t-2","version":1764320400000002,"version_type":"external"}}\n`,
        );
        assert.equal(action.record, 3);
    });

    it("refuses an INSERT without a new image", () => {
        assert.throws(
            () => bulkAction(change("INSERT", 3), 0, target),
            /INSERT has no dynamodb\.NewImage/,
        );
    });

    it("splits bodies at the byte limit, in order, and sends an oversized action alone", () => {
        const sized = (record: number, bytes: number) =>
            ({ record, lines: "x".repeat(bytes - 1) + "\n", bytes }) as unknown as BulkAction;
        const actions = [sized(0, 40), sized(1, 50), sized(2, 20), sized(3, 200), sized(4, 10)];
        const chunks = chunkBulkActions(actions, 100);
        assert.deepEqual(
            chunks.map((c) => [c.actions.map((a) => a.record), c.bytes, Buffer.byteLength(c.body)]),
            [
                [[0, 1], 90, 90],
                [[2], 20, 20],
                [[3], 200, 200],
                [[4], 10, 10],
            ],
        );
        assert.deepEqual(chunkBulkActions([], 100), []);
    });
});

describe("search indexer: names, endpoint, retry and environment", () => {
    it("names the alias after the table, lowercased, and the index -v1", () => {
        assert.deepEqual(indexNames("Lightspeed-Dev-Orders"), {
            alias: "lightspeed-dev-orders",
            index: "lightspeed-dev-orders-v1",
        });
        assert.match(
            (indexNames("_private") as { problem: string }).problem,
            /cannot name an OpenSearch index/,
        );
        assert.ok("problem" in indexNames("a".repeat(253)));
    });

    it("accepts only an https origin by default", () => {
        assert.deepEqual(parseEndpoint("E", "https://vpc-x.eu-west-1.es.amazonaws.com"), {
            origin: "https://vpc-x.eu-west-1.es.amazonaws.com",
        });
        assert.deepEqual(parseEndpoint("E", "http://127.0.0.1:9200"), {
            problem: 'E must use https:, got "http:"',
        });
        assert.deepEqual(parseEndpoint("E", "http://127.0.0.1:9200", ["http:"]), {
            origin: "http://127.0.0.1:9200",
        });
        assert.match(
            (parseEndpoint("E", "https://u:p@h") as { problem: string }).problem,
            /without credentials/,
        );
        assert.match(
            (parseEndpoint("E", "https://h/_bulk") as { problem: string }).problem,
            /or a path/,
        );
        assert.match(
            (parseEndpoint("E", "https://h/?x=1") as { problem: string }).problem,
            /query/,
        );
        assert.match(
            (parseEndpoint("E", "vpc-x.es.amazonaws.com") as { problem: string }).problem,
            /must be a URL/,
        );
    });

    it("backs off exponentially, capped, with the jitter taken off", () => {
        const policy = { ...DEFAULT_RETRY_POLICY, baseDelayMs: 100, maxDelayMs: 1000, jitter: 0.5 };
        assert.deepEqual(
            [1, 2, 3, 4, 5].map((n) => backoffDelay(policy, n, () => 0)),
            [100, 200, 400, 800, 1000],
        );
        assert.equal(
            backoffDelay(policy, 3, () => 0.999),
            200,
        );
    });

    it("picks the lowest sequence number, numerically", () => {
        assert.equal(
            earliestSequenceNumber([sequenceNumber(9), sequenceNumber(3), sequenceNumber(7)]),
            sequenceNumber(3),
        );
        assert.equal(earliestSequenceNumber(["100", "99"]), "99");
        assert.equal(earliestSequenceNumber([]), undefined);
    });

    it("breaks version ties by the stream's order: the change first seen last wins, its duplicates kept", () => {
        const target = bulkTarget("tasks", { alias: "tasks", index: "tasks-v1" });
        const action = (record: number, eventId: string, version: number, id = "t-1") =>
            ({ record, eventId, target, operation: "index", id, version }) as BulkAction;
        // Record k has sequence number `seqs[k]`; they are deliberately not in batch order.
        const seqs = ["120", "99", "130", "140", "150"];
        const actions = [
            action(0, "e-late", 5), // first seen at 120
            action(1, "e-early", 5), // first seen at 99
            action(2, "e-early", 5), // a duplicate of e-early, later: keeps e-early's place
            action(3, "e-other", 6), // another version: no tie
            action(4, "e-x", 5, "t-2"), // another document: no tie
        ];
        assert.deepEqual([...supersededByTies(actions, (r) => seqs[r])].sort(), [1, 2]);
        assert.deepEqual([...supersededByTies([actions[0]], (r) => seqs[r])], []);
    });

    it("reads a 409 as a tie only when the stored version is exactly the action's", () => {
        const target = bulkTarget("tasks", { alias: "tasks", index: "tasks-v1" });
        const action = { target, id: "t-1", version: 1764320400123000 } as BulkAction;
        const conflict = (current: number) => ({
            operation: "index" as const,
            status: 409,
            error: {
                type: "version_conflict_engine_exception",
                reason: `[t-1]: version conflict, current version [${current}] is higher or equal to the one provided [1764320400123000]`,
            },
        });
        assert.equal(isVersionTie(action, conflict(1764320400123000)), true);
        assert.equal(isVersionTie(action, conflict(1764320400124000)), false);
        assert.equal(isVersionTie(action, { operation: "index", status: 201 }), false);
        assert.equal(isVersionTie(action, { operation: "index", status: 409 }), false);
    });

    it("lets a change follow the stored state only when its old image is that state", () => {
        const target = bulkTarget("tasks", { alias: "tasks", index: "tasks-v1" });
        const modify = bulkAction(
            changeEvent({
                eventID: "e-2",
                eventName: "MODIFY",
                tableName: "tasks",
                keys: { taskId: { S: "t-1" } },
                createdMicros: 1764320400123,
                oldImage: { taskId: { S: "t-1" }, n: { N: "1.50" } },
                newImage: { taskId: { S: "t-1" }, n: { N: "2" } },
            }) as never,
            0,
            target,
        );
        const insert = bulkAction(
            changeEvent({
                eventID: "e-3",
                eventName: "INSERT",
                tableName: "tasks",
                keys: { taskId: { S: "t-1" } },
                createdMicros: 1764320400123,
                newImage: { taskId: { S: "t-1" } },
            }) as never,
            1,
            target,
        );
        assert.equal(followsStored(modify, { n: 1.5, taskId: "t-1" }), true);
        assert.equal(followsStored(modify, { taskId: "t-1", n: 2 }), false);
        assert.equal(followsStored(modify, undefined), false);
        assert.equal(followsStored(insert, undefined), true, "after a delete's tombstone");
        assert.equal(followsStored(insert, { taskId: "t-1" }), false);
    });

    it("writes a tie's successor with external_gte, the rest of the action unchanged", () => {
        const target = bulkTarget("tasks", { alias: "tasks", index: "tasks-v1" });
        const a = bulkAction(
            changeEvent({
                eventID: "e-2",
                eventName: "MODIFY",
                tableName: "tasks",
                keys: { taskId: { S: "t-1" } },
                createdMicros: 1764320400123,
                newImage: { taskId: { S: "t-1" }, note: { S: '"version_type":"external"}}' } },
            }) as never,
            0,
            target,
        );
        const gte = equalVersionAction(a);
        assert.equal(
            gte.lines,
            a.lines.replace(`"version_type":"external"}}`, `"version_type":"external_gte"}}`),
        );
        assert.equal(gte.lines.split("\n")[1], a.lines.split("\n")[1], "the document is untouched");
        assert.equal(gte.bytes, a.bytes + 4);
    });

    const ENV = {
        OPENSEARCH_ENDPOINT: "https://vpc-search.eu-west-1.es.amazonaws.com",
        AWS_REGION: "eu-west-1",
        INDEXED_TABLES: `${TASKS}, Lightspeed-Dev-Orders`,
    };

    it("reads the environment with its defaults", () => {
        const config = loadIndexerConfig(ENV);
        assert.equal(config.endpoint, "https://vpc-search.eu-west-1.es.amazonaws.com");
        assert.equal(config.region, "eu-west-1");
        assert.deepEqual(
            [...config.tables],
            [
                [TASKS, { alias: TASKS, index: `${TASKS}-v1` }],
                [
                    "Lightspeed-Dev-Orders",
                    { alias: "lightspeed-dev-orders", index: "lightspeed-dev-orders-v1" },
                ],
            ],
        );
        assert.equal(config.bulkMaxBytes, 5_242_880);
        assert.equal(config.deleteTombstoneHours, 24);
    });

    it("names every bad variable at once", () => {
        assert.throws(
            () =>
                loadIndexerConfig({
                    OPENSEARCH_ENDPOINT: "http://vpc-search.eu-west-1.es.amazonaws.com",
                    AWS_REGION: "Europe",
                    INDEXED_TABLES: "ok-table,Ok-Table,x",
                    BULK_MAX_BYTES: "10",
                    DELETE_TOMBSTONE_HOURS: "1h",
                }),
            (err: unknown) => {
                assert.ok(err instanceof ConfigError);
                assert.deepEqual(err.problems, [
                    'OPENSEARCH_ENDPOINT must use https:, got "http:"',
                    'AWS_REGION must be an AWS region name, got "Europe"',
                    'INDEXED_TABLES: "ok-table" and "Ok-Table" would share index ok-table',
                    'INDEXED_TABLES: "x" is not a DynamoDB table name',
                    'BULK_MAX_BYTES must be an integer 1024..104857600, got "10"',
                    'DELETE_TOMBSTONE_HOURS must be an integer 1..8760, got "1h"',
                ]);
                assert.match(err.message, /^search-indexer: invalid environment: /);
                return true;
            },
        );
        assert.throws(
            () => loadIndexerConfig({}),
            /OPENSEARCH_ENDPOINT is required.*AWS_REGION is required.*INDEXED_TABLES is required/,
        );
    });
});

describe("search indexer: index setup within a deadline", () => {
    /**
     * A client whose index calls take `costMs` of a fake clock each and record the bound they
     * were given: the alias is missing, and another cold start created the index first, so
     * setup makes all four of its requests.
     */
    function racingClient(clock: { now: number }, costMs: number) {
        const bounds: [string, number][] = [];
        const call = (name: string, result: () => unknown) => (_params: unknown, opts: unknown) => {
            bounds.push([name, (opts as { requestTimeout: number }).requestTimeout]);
            clock.now += costMs;
            return Promise.resolve(result());
        };
        const exists = Object.assign(new Error("exists"), {
            name: "ResponseError",
            meta: {
                statusCode: 400,
                body: { error: { type: "resource_already_exists_exception" } },
            },
        });
        const client = {
            indices: {
                existsAlias: call("existsAlias", () => ({ body: false })),
                create: call("create", () => {
                    throw exists;
                }),
                putAlias: call("putAlias", () => ({ body: { acknowledged: true } })),
            },
        };
        return { client: client as unknown as Parameters<typeof ensureIndex>[0], bounds };
    }

    it("gives each request only the time left, so the four end by the deadline", async () => {
        const clock = { now: 0 };
        const { client, bounds } = racingClient(clock, 3_000);
        const deadline = 10_000;
        const result = await ensureIndex(
            client,
            { alias: "orders", index: "orders-1" },
            { mappings: {} },
            () => Math.max(1, Math.min(5_000, deadline - clock.now)),
        );
        assert.equal(result, "aliased");
        assert.deepEqual(bounds, [
            ["existsAlias", 5_000],
            ["create", 5_000],
            ["existsAlias", 4_000],
            ["putAlias", 1_000],
        ]);
    });

    it("a fixed bound is given to every request", async () => {
        const { client, bounds } = racingClient({ now: 0 }, 3_000);
        await ensureIndex(client, { alias: "orders", index: "orders-1" }, { mappings: {} }, 5_000);
        assert.deepEqual(
            bounds.map(([, b]) => b),
            [5_000, 5_000, 5_000, 5_000],
        );
    });
});
