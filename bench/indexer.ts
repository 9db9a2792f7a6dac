/**
 * `npm run bench -- indexer [runs]`: how fast the search indexer turns a Kinesis batch into
 * `_bulk` bodies, against a floor measured in the same run.
 *
 * Input: 10,000 records of about 1 KB each (base64 Kinesis data holding DynamoDB change events in
 * attribute-value form; mostly INSERT and MODIFY of a task item, some REMOVE), the largest batch
 * Lambda delivers from Kinesis.
 * - indexer: the handler's own path, decode and check each event, build its action and document
 *   lines (attribute values written straight to JSON), then split into ≤ 5 MiB bodies;
 * - baseline: base64 decode, `JSON.parse` and `JSON.stringify` of the same records, the least
 *   any indexer must do.
 *
 * Both run in a child Node process, from an esbuild bundle as Lambda runs them (no ts-node in
 * the heap), started with --expose-gc so each pass starts from a collected heap. Rates are the
 * median of `runs` interleaved passes; peak heap is the largest `heapUsed` sampled every 250
 * records during a pass (input records included, as in a real invocation).
 * Target: ratio (indexer rate / baseline rate) ≥ 0.5, peak heap < 128 MB.
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { decodeChangeEvent } from "../components/lib/runtime/dynamodb-change";
import {
    bulkAction,
    bulkTarget,
    chunkBulkActions,
    type BulkAction,
} from "../components/search-indexer/runtime/indexer/bulk-body";
import { indexNames, type IndexNames } from "../components/search-indexer/runtime/shared/indices";

const WORKER_FLAG = "--indexer-bench-worker";
const RECORDS = 10_000;
const BULK_MAX_BYTES = 5_242_880;
const SAMPLE_EVERY = 250;
const TABLE = "lightspeed-prod-tasks-77e0b1";
const T0 = 1764320400000000;

/** Mulberry32, so every run benchmarks the same bytes. */
function seeded(seed: number): () => number {
    let a = seed >>> 0;
    return () => {
        a = (a + 0x6d2b79f5) >>> 0;
        let t = a;
        t = Math.imul(t ^ (t >>> 15), t | 1);
        t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
        return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
}

const WORDS = (
    "the quarterly report needs a review from finance before we can send it to the customer " +
    "please attach the signed contract and update the delivery date café naïve 日本 émoji 🚀"
).split(" ");

/** The Kinesis `data` of 10,000 change events of about 1 KB each. */
function makeRecords(): string[] {
    const rand = seeded(42);
    const text = (words: number) =>
        Array.from({ length: words }, () => WORDS[Math.floor(rand() * WORDS.length)]).join(" ");
    const out: string[] = [];
    for (let i = 0; i < RECORDS; i++) {
        const id = `task-${(i % 4000).toString(36).padStart(6, "0")}`;
        const image = {
            taskId: { S: id },
            title: { S: text(6) },
            description: { S: text(28) },
            status: { S: rand() < 0.7 ? "open" : "done" },
            assignee: { S: `user${Math.floor(rand() * 500)}@example.com` },
            priority: { N: String(Math.floor(rand() * 5)) },
            estimateHours: { N: (rand() * 40).toFixed(2) },
            tags: { SS: ["billing", "q4", `team-${Math.floor(rand() * 9)}`] },
            watchers: { L: [{ S: "ana@example.com" }, { S: "bo@example.com" }] },
            checklist: {
                L: [
                    { M: { text: { S: text(4) }, done: { BOOL: rand() < 0.5 } } },
                    { M: { text: { S: text(4) }, done: { BOOL: rand() < 0.5 } } },
                ],
            },
            archived: { NULL: true },
            createdAt: { N: String(1764000000000 + i) },
            updatedAt: { N: String(1764320400000 + i) },
        };
        const remove = rand() < 0.1;
        const event = {
            awsRegion: "eu-west-1",
            eventID: `7a3c${i.toString(16).padStart(8, "0")}-5d1e-4b7f-9c2a-0e6f8d4b1a3c`,
            eventName: remove ? "REMOVE" : i % 4000 === i ? "INSERT" : "MODIFY",
            userIdentity: null,
            recordFormat: "application/json",
            tableName: TABLE,
            dynamodb: {
                ApproximateCreationDateTime: T0 + i,
                Keys: { taskId: { S: id } },
                ...(remove ? { OldImage: image } : { NewImage: image }),
                SizeBytes: 900,
            },
            eventSource: "aws:dynamodb",
        };
        out.push(Buffer.from(JSON.stringify(event), "utf8").toString("base64"));
    }
    return out;
}

interface Pass {
    readonly ms: number;
    readonly peakHeapBytes: number;
    readonly outputBytes: number;
    readonly bodies: number;
}

function collect(): void {
    (globalThis as { gc?: () => void }).gc?.();
}

/** The indexer's path: decode, check, action lines, size-bounded bodies. */
function indexerPass(records: readonly string[], names: IndexNames, sample: boolean): Pass {
    const target = bulkTarget(TABLE, names);
    collect();
    let peak = process.memoryUsage().heapUsed;
    const started = process.hrtime.bigint();
    const actions: BulkAction[] = [];
    for (let i = 0; i < records.length; i++) {
        const change = decodeChangeEvent(records[i]);
        if (change.tableName === TABLE) actions.push(bulkAction(change, i, target));
        if (sample && i % SAMPLE_EVERY === 0) peak = Math.max(peak, process.memoryUsage().heapUsed);
    }
    const chunks = chunkBulkActions(actions, BULK_MAX_BYTES);
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    if (sample) peak = Math.max(peak, process.memoryUsage().heapUsed);
    return {
        ms,
        peakHeapBytes: peak,
        outputBytes: chunks.reduce((n, c) => n + c.bytes, 0),
        bodies: chunks.length,
    };
}

/** The floor: base64 decode, JSON.parse, JSON.stringify. */
function baselinePass(records: readonly string[], sample: boolean): Pass {
    collect();
    let peak = process.memoryUsage().heapUsed;
    const started = process.hrtime.bigint();
    const out: string[] = [];
    for (let i = 0; i < records.length; i++) {
        const event: unknown = JSON.parse(Buffer.from(records[i], "base64").toString("utf8"));
        out.push(JSON.stringify(event));
        if (sample && i % SAMPLE_EVERY === 0) peak = Math.max(peak, process.memoryUsage().heapUsed);
    }
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    if (sample) peak = Math.max(peak, process.memoryUsage().heapUsed);
    return {
        ms,
        peakHeapBytes: peak,
        outputBytes: out.reduce((n, s) => n + s.length, 0),
        bodies: 0,
    };
}

function median(values: number[]): number {
    const sorted = [...values].sort((a, b) => a - b);
    const mid = Math.floor(sorted.length / 2);
    return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** Runs in the child: measures and prints the figures. */
function worker(runs: number): void {
    const names = indexNames(TABLE) as IndexNames;
    const records = makeRecords();
    const inputBytes = records.reduce((n, r) => n + Buffer.from(r, "base64").length, 0);
    // Warm up both paths (JIT) before measuring.
    indexerPass(records, names, false);
    baselinePass(records, false);
    const indexer: number[] = [];
    const baseline: number[] = [];
    for (let i = 0; i < runs; i++) {
        indexer.push(indexerPass(records, names, false).ms);
        baseline.push(baselinePass(records, false).ms);
    }
    const sampled = indexerPass(records, names, true);
    const sampledBaseline = baselinePass(records, true);
    const indexerRate = RECORDS / (median(indexer) / 1000);
    const baselineRate = RECORDS / (median(baseline) / 1000);
    const mb = (bytes: number) => (bytes / 1024 / 1024).toFixed(1);
    console.log(`records=${RECORDS}`);
    console.log(`record_bytes_avg=${Math.round(inputBytes / RECORDS)}`);
    console.log(`runs=${runs}`);
    console.log(`indexer_records_per_s=${Math.round(indexerRate)}`);
    console.log(`baseline_records_per_s=${Math.round(baselineRate)}`);
    console.log(`bulk_bodies=${sampled.bodies}`);
    console.log(`bulk_mb=${mb(sampled.outputBytes)}`);
    console.log(`baseline_peak_heap_mb=${mb(sampledBaseline.peakHeapBytes)}`);
    console.log(`peak_heap_mb=${mb(sampled.peakHeapBytes)}`);
    console.log(`ratio=${(indexerRate / baselineRate).toFixed(2)}`);
}

/** Runs the benchmark: bundles this file, runs it in a child process, prints its figures. */
export function run(argv: string[]): void {
    const runs = Number(argv[0] ?? 7);
    if (!Number.isInteger(runs) || runs < 1) {
        throw new Error(`runs must be a positive integer, got ${argv[0]}`);
    }
    // Loaded lazily: the bundle built here must not need esbuild itself.
    const esbuild = require("esbuild") as typeof import("esbuild");
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "bench-indexer-"));
    try {
        const outfile = path.join(dir, "worker.js");
        esbuild.buildSync({
            entryPoints: [__filename],
            bundle: true,
            platform: "node",
            target: "node20",
            format: "cjs",
            minify: true,
            external: ["esbuild"],
            outfile,
            logLevel: "silent",
        });
        const child = spawnSync(
            process.execPath,
            ["--expose-gc", outfile, WORKER_FLAG, String(runs)],
            {
                encoding: "utf8",
            },
        );
        if (child.status !== 0)
            throw new Error(`benchmark worker exited ${child.status}:\n${child.stderr}`);
        process.stdout.write(child.stdout);
    } finally {
        fs.rmSync(dir, { recursive: true, force: true });
    }
}

if (process.argv[2] === WORKER_FLAG) worker(Number(process.argv[3]));
