/**
 * The indexer under random, seeded faults: batches with duplicates, reordering within and across
 * shards, deletes and poison records, with 429/5xx injected per item and per request (some
 * applied before failing), read through a model of Lambda's Kinesis retry semantics. The index
 * must end EQUAL to the latest state of every key, computed independently (with
 * `@aws-sdk/util-dynamodb`'s unmarshall), and no record may be checkpointed before it landed.
 */
import { unmarshall } from "@aws-sdk/util-dynamodb";
import type {
    KinesisStreamBatchResponse,
    KinesisStreamEvent,
    KinesisStreamRecord,
} from "aws-lambda";
import assert from "node:assert/strict";
import { createHandler } from "../indexer/indexer";
import { startFakeOpenSearch, type FakeOpenSearch } from "./fake-opensearch";
import {
    changeEvent,
    encode,
    fakeClock,
    kinesisRecord,
    lambdaContext,
    RecordingLogger,
    seededRandom,
    sequenceNumber,
    ShardModel,
    TEST_CREDENTIALS,
} from "./helpers";

const TASKS = "lightspeed-dev-tasks-77e0b1";
const ORDERS = "Lightspeed-Dev-Orders";
const ALIAS: Record<string, string> = { [TASKS]: TASKS, [ORDERS]: "lightspeed-dev-orders" };
const T0 = 1764320400000000;
const SHARDS = 3;

type Item = Record<string, Record<string, unknown>>;

interface GeneratedEvent {
    readonly table: string;
    readonly id: string;
    readonly keys: Item;
    readonly op: "INSERT" | "MODIFY" | "REMOVE";
    readonly at: number;
    readonly image?: Item;
    /** Can never index: excluded from the expected state, expected in the dead-letter queue. */
    readonly poison?: "not-base64" | "mapper";
}

/** A deterministic workload for `seed`. */
function workload(seed: number, events: number) {
    const rand = seededRandom(seed);
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)];
    const words = [
        "alpha",
        "beta",
        'quote"d',
        "naïve",
        "emoji 😀",
        "tab\tline\nbreak",
        "back\\slash",
    ];
    const keys = [
        ...Array.from({ length: 14 }, (_, i) => ({
            table: TASKS,
            keys: { taskId: { S: `t-${i}` } } as Item,
            id: `t-${i}`,
        })),
        ...Array.from({ length: 10 }, (_, i) => ({
            table: ORDERS,
            keys: { pk: { S: `cus/${i % 4}` }, sk: { N: String(i) } } as Item,
            id: `cus%2F${i % 4}~${i}`,
        })),
    ];
    const live = new Set<string>();
    const generated: GeneratedEvent[] = [];
    let t = 0;
    for (let n = 0; n < events; n++) {
        const key = pick(keys);
        const name = `${key.table}/${key.id}`;
        t += 1 + Math.floor(rand() * 40);
        const op = !live.has(name) ? "INSERT" : rand() < 0.25 ? "REMOVE" : "MODIFY";
        if (op === "REMOVE") live.delete(name);
        else live.add(name);
        const tags = [...new Set([pick(words), pick(words), pick(words)])];
        const image: Item = {
            ...key.keys,
            title: { S: `${pick(words)} ${n}` },
            count: { N: String(Math.floor(rand() * 1000)) },
            price: { N: (rand() * 100).toFixed(2) },
            done: { BOOL: rand() < 0.5 },
            tags: { SS: tags },
            scores: { NS: [...new Set([1, 2, Math.floor(rand() * 9) + 3])].map(String) },
            meta: {
                M: { note: { S: pick(words) }, list: { L: [{ S: pick(words) }, { S: "x" }] } },
            },
            nothing: { NULL: true },
            updatedAt: { N: String(1764320400000 + t) },
        };
        const roll = rand();
        const poison =
            roll < 0.015 ? "not-base64" : roll < 0.03 && op !== "REMOVE" ? "mapper" : undefined;
        if (poison === "mapper") image.updatedAt = { S: "some day" };
        generated.push({ table: key.table, id: key.id, keys: key.keys, op, at: t, image, poison });
    }
    return { generated, rand };
}

/** The latest state of every key, by alias and id, from the non-poison events. */
function expectedState(events: readonly GeneratedEvent[]): Map<string, Map<string, unknown>> {
    const latest = new Map<string, GeneratedEvent>();
    for (const e of events) {
        if (e.poison) continue;
        const k = `${e.table}\u0000${e.id}`;
        const seen = latest.get(k);
        if (!seen || e.at > seen.at) latest.set(k, e);
    }
    const state = new Map<string, Map<string, unknown>>(
        Object.values(ALIAS).map((a) => [a, new Map()]),
    );
    for (const e of latest.values()) {
        if (e.op === "REMOVE") continue;
        // Independent of the code under test: the SDK's unmarshall, sets as arrays.
        const doc = JSON.parse(
            JSON.stringify(unmarshall(e.image as never), (_k, v: unknown) =>
                v instanceof Set ? [...v] : v,
            ),
        ) as unknown;
        state.get(ALIAS[e.table])!.set(e.id, doc);
    }
    return state;
}

function toRecord(e: GeneratedEvent, seq: string, eventID: string): KinesisStreamRecord {
    if (e.poison === "not-base64") return kinesisRecord("@@ not base64 @@", seq);
    return kinesisRecord(
        encode(
            changeEvent({
                eventID,
                eventName: e.op,
                tableName: e.table,
                keys: e.keys,
                createdMicros: T0 + e.at,
                ...(e.op === "REMOVE" ? { oldImage: e.image } : { newImage: e.image }),
            }),
        ),
        seq,
    );
}

describe("search indexer under random faults", () => {
    let os: FakeOpenSearch;

    before(async () => {
        os = await startFakeOpenSearch();
    });
    after(async () => {
        await os.close();
    });
    beforeEach(() => os.reset());

    for (const seed of [1, 2, 3, 4]) {
        it(`ends equal to the latest state of every key (seed ${seed})`, async () => {
            const { generated, rand } = workload(seed, 500);

            // Shards: a key's events go to its shard, with adjacent swaps (out-of-order delivery),
            // some events on another shard (reordering across shards) and duplicates later on.
            const shards: { event: GeneratedEvent; eventID: string }[][] = Array.from(
                { length: SHARDS },
                () => [],
            );
            generated.forEach((event, n) => {
                const home = (event.id.length + event.table.length) % SHARDS;
                const shard = rand() < 0.1 ? Math.floor(rand() * SHARDS) : home;
                shards[shard].push({ event, eventID: `evt-${n}` });
                if (rand() < 0.1) {
                    shards[Math.floor(rand() * SHARDS)].push({ event, eventID: `evt-${n}` });
                }
            });
            for (const shard of shards) {
                for (let i = 1; i < shard.length; i++) {
                    if (rand() < 0.2) [shard[i - 1], shard[i]] = [shard[i], shard[i - 1]];
                }
            }
            let seq = 0;
            const models = shards.map(
                (shard) =>
                    new ShardModel(
                        shard.map((s) => toRecord(s.event, sequenceNumber(++seq), s.eventID)),
                        {
                            batchSize: 25,
                            maximumRetryAttempts: 3,
                            bisectBatchOnFunctionError: true,
                        },
                    ),
            );
            const eventBySeq = new Map<string, GeneratedEvent>();
            let s = 0;
            for (const shard of shards)
                for (const x of shard) eventBySeq.set(sequenceNumber(++s), x.event);

            // Faults: 10% of items, 5% of requests (a third of those applied before failing),
            // and outages: runs of 6..20 failed requests, longer than one invocation's retries,
            // so records stay failed at the end of an invocation and must be reported.
            const faults = seededRandom(seed + 1000);
            let injected = 0;
            let outages = 0;
            let outageLeft = 0;
            os.faults = {
                item: () =>
                    faults() < 0.1
                        ? (injected++, { status: faults() < 0.5 ? 429 : 503 })
                        : undefined,
                request: (req) => {
                    if (outageLeft === 0 && faults() < 0.03) {
                        outages++;
                        outageLeft = 6 + Math.floor(faults() * 15);
                    }
                    if (outageLeft > 0) {
                        outageLeft--;
                        injected++;
                        return { status: faults() < 0.5 ? 503 : 429 };
                    }
                    if (faults() >= 0.05) return undefined;
                    injected++;
                    const r = faults();
                    return {
                        status: r < 0.33 ? 429 : r < 0.66 ? 503 : 500,
                        applied: r >= 0.66 && req.path === "/_bulk",
                    };
                },
            };

            const clock = fakeClock();
            const handler = createHandler({
                env: {
                    OPENSEARCH_ENDPOINT: os.origin,
                    AWS_REGION: "eu-west-1",
                    INDEXED_TABLES: `${TASKS},${ORDERS}`,
                },
                logger: new RecordingLogger({ serviceName: "search-indexer" }),
                getCredentials: async () => TEST_CREDENTIALS,
                allowedEndpointProtocols: ["http:"],
                now: clock.now,
                sleep: clock.sleep,
                random: seededRandom(seed + 2000),
            });

            // Never checkpointed before it landed: every record before the reported one (all of
            // them when none is) is in the index at its version or a newer one. Collected, not
            // thrown: the shard model treats a throw as a function error.
            const violations: string[] = [];
            const superseded = new Set<string>();
            const checked = async (
                event: KinesisStreamEvent,
            ): Promise<KinesisStreamBatchResponse> => {
                const response = await handler(event, lambdaContext(clock, 60_000));
                const reported = response.batchItemFailures[0]?.itemIdentifier;
                for (const record of event.Records) {
                    const seq = record.kinesis.sequenceNumber;
                    if (seq === reported) break;
                    const e = eventBySeq.get(seq)!;
                    const stored = os.resolve(ALIAS[e.table])?.docs.get(e.id);
                    if (
                        e.poison === "mapper" &&
                        stored !== undefined &&
                        stored.version > T0 + e.at
                    ) {
                        // Refused as stale (409) before its document was parsed: a newer state
                        // of the item had landed, so there is nothing to index.
                        superseded.add(seq);
                    } else if (e.poison) violations.push(`poison record ${seq} was not reported`);
                    else if (stored === undefined || stored.version < T0 + e.at) {
                        violations.push(
                            `record ${seq} (${e.op} ${e.id}) acknowledged but not in the index`,
                        );
                    }
                }
                return response;
            };

            // Lambda polls the shards concurrently; interleave them one batch at a time.
            for (let round = 0; models.some((m) => !m.done); round++) {
                assert.ok(round < 5000, "shards never drained");
                for (const m of models) if (!m.done) await m.step(checked);
            }

            assert.deepEqual(violations, []);
            const expected = expectedState(generated);
            for (const [alias, docs] of expected) {
                assert.deepEqual(
                    Object.fromEntries(os.documents(alias)),
                    Object.fromEntries(docs),
                    `index ${alias}`,
                );
            }
            // Only poison reached the dead-letter queue, each record on its own, and all of it
            // but what a newer change had made moot.
            const deadLettered = models.flatMap((m) => m.deadLetters);
            assert.ok(
                deadLettered.every(
                    (d) => d.batchSize === 1 && d.startSequenceNumber === d.endSequenceNumber,
                ),
            );
            const poisonSeqs = [...eventBySeq]
                .filter(([q, e]) => e.poison && !superseded.has(q))
                .map(([q]) => q);
            assert.deepEqual(
                deadLettered.map((d) => d.startSequenceNumber).sort(),
                poisonSeqs.sort(),
            );
            assert.ok(
                poisonSeqs.length > 0 && injected > 50 && outages > 0,
                `poison ${poisonSeqs.length}, faults ${injected}, outages ${outages}`,
            );
        });
    }
});
