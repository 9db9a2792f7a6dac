/**
 * The search indexer: DynamoDB change events from the EventPipeline's Kinesis stream become one
 * `_bulk` request per batch (split by size) against the table's index alias, so every new or
 * changed item is searchable within seconds and the index never goes backwards.
 *
 * Ordering, redelivery and retries:
 * - Each action carries `version_type: external` with the change's creation time in µs. A change
 *   older than what the index holds is refused with 409 (a newer write already landed): that is
 *   success. So records may arrive twice, out of order, or again after a retry, in any order,
 *   and the index still ends at the latest state of every item. Two different changes of one
 *   item with the SAME creation time (a table streaming at millisecond precision) are ordered by
 *   sequence number within a batch (`supersededByTies`). Across batches external versioning
 *   keeps the first to land (the later one comes back 409 with the same version), so such a tie
 *   is settled by the stored document (`resolveTies`): a change whose old image IS the stored
 *   document comes right after it in the stream, and is written with `external_gte`; a
 *   redelivered or duplicated earlier change starts from an older state and stays superseded.
 *   (Stream at MICROSECOND precision, as the pipeline does, to make such ties practically
 *   impossible.)
 * - Items OpenSearch throttles (429) or fails (5xx), and whole requests that fail or time out,
 *   are retried with exponential backoff and jitter while the invocation has time left (its
 *   remaining time less a safety margin). Timed-out requests may have been applied: retrying
 *   them is safe for the same reason.
 * - What still failed is reported as ONE batch item failure: the earliest failed sequence
 *   number. Lambda checkpoints before it and redelivers from it, so nothing after it is skipped
 *   (records after it that did index are indexed again, harmlessly: 409).
 *
 * A record that can never index (not base64/JSON, not a DynamoDB change event, no keys, or a
 * document OpenSearch refuses with a 4xx such as `mapper_parsing_exception`) is reported the
 * same way, and every other record of the batch is still written in the same invocation: it
 * never holds the others back. It reaches the dead-letter queue through the event source
 * mapping, which must be configured (EventPipeline's consumers are) with
 * `functionResponseTypes: ["ReportBatchItemFailures"]`, `bisectBatchOnFunctionError: true`, a
 * bounded `maximumRetryAttempts` (never -1) and `maximumRecordAgeInSeconds`, and an on-failure
 * destination. Lambda redelivers from the poison record, bisects, and after the retries sends
 * the failed range's metadata (shard, first and last sequence number; not the data) to the
 * destination, then moves past it. With unbounded retries the shard WOULD block until the record
 * expires: the bound is part of this function's contract.
 */
import { Logger } from "@aws-lambda-powertools/logger";
import type { API } from "@opensearch-project/opensearch";
import type { Context, KinesisStreamBatchResponse, KinesisStreamEvent } from "aws-lambda";
import { isDeepStrictEqual } from "node:util";
import { decodeChangeEvent, MalformedRecordError } from "../../../lib/runtime/dynamodb-change";
import { assertRecordsFrom } from "../../../lib/runtime/event-source";
import { readBulkItems, type BulkItemResult } from "../shared/bulk";
import type { Env } from "../shared/env";
import { ensureIndex, IndexConflictError } from "../shared/indices";
import {
    createOpenSearchClient,
    errorTypeOf,
    isRetryableStatus,
    statusOf,
    type CredentialsProvider,
} from "../shared/opensearch";
import { backoffDelay, DEFAULT_RETRY_POLICY, REAL_CLOCK, type RetryPolicy } from "../shared/retry";
import {
    bulkAction,
    bulkTarget,
    chunkBulkActions,
    equalVersionAction,
    type BulkAction,
    type BulkTarget,
} from "./bulk-body";
import { INDEXER_NAME, loadIndexerConfig } from "./config";
import { itemDocumentJson } from "./document";
import { tableIndexBody } from "./mapping";

/** The Lambda handler's type. */
export type IndexerHandler = (
    event: KinesisStreamEvent,
    context: Context,
) => Promise<KinesisStreamBatchResponse>;

/** What {@link createHandler} is built from. Only `env` is needed in production. */
export interface IndexerDeps {
    /** The function's environment; validated here, at cold start. */
    readonly env: Env;
    readonly logger?: Logger;
    /** Default: the SDK's Node credential chain (the function's role). */
    readonly getCredentials?: CredentialsProvider;
    /**
     * TEST SEAM. Protocols `OPENSEARCH_ENDPOINT` may use; default `https:` only. Deliberately not
     * an environment variable: no deploy-time setting can send documents or signed requests over
     * plain HTTP.
     */
    readonly allowedEndpointProtocols?: readonly string[];
    readonly sleep?: (ms: number) => Promise<void>;
    readonly now?: () => number;
    /** Uniform in [0, 1), for the backoff jitter. */
    readonly random?: () => number;
    readonly retry?: Partial<RetryPolicy>;
    /** Time kept free at the end of an invocation to log and reply (ms). Default 2000. */
    readonly safetyMarginMs?: number;
}

/** Why a record was not indexed. */
export interface RecordFailure {
    readonly reason: string;
    /** Whether trying again may succeed (throttling, 5xx, no answer, out of time). */
    readonly retryable: boolean;
    readonly status?: number;
    readonly errorType?: string;
}

/** What became of one record of a batch. */
export type RecordOutcome = "indexed" | "superseded" | "skipped" | RecordFailure;

/** Most failed records logged one by one per invocation; the rest are counted. */
const MAX_FAILURE_LOGS = 25;

/**
 * Lowest of Kinesis sequence numbers (decimal strings without leading zeros), as Lambda
 * compares them to pick its checkpoint.
 */
export function earliestSequenceNumber(sequenceNumbers: readonly string[]): string | undefined {
    let min: string | undefined;
    for (const s of sequenceNumbers) {
        if (min === undefined || s.length < min.length || (s.length === min.length && s < min)) {
            min = s;
        }
    }
    return min;
}

/** Whether Kinesis sequence number `a` comes after `b` (decimal strings, no leading zeros). */
function isLaterSequence(a: string, b: string): boolean {
    return a.length > b.length || (a.length === b.length && a > b);
}

/**
 * Marks the actions that another action of the batch supersedes: a different change of the same
 * document with the SAME version (creation time) that came later in the stream. External
 * versioning keeps the first of two equal versions (the second is a 409), so on a tie the
 * stream's order has to decide here: a table streaming at millisecond precision gives two changes
 * of one item in the same millisecond the same version. A change's place in the stream is the
 * sequence number of its first copy (a duplicate delivered later keeps its change's place).
 * Returns the positions (in `actions`) that are superseded.
 */
export function supersededByTies(
    actions: readonly BulkAction[],
    sequenceOf: (record: number) => string,
): Set<number> {
    const superseded = new Set<number>();
    if (actions.length < 2) return superseded;
    const firstSeen = new Map<string, string>();
    for (const a of actions) {
        const seq = sequenceOf(a.record);
        const seen = firstSeen.get(a.eventId);
        if (seen === undefined || isLaterSequence(seen, seq)) firstSeen.set(a.eventId, seq);
    }
    const group = (a: BulkAction) => `${a.target.table}\u0000${a.id}\u0000${a.version}`;
    const winner = new Map<string, string>();
    for (const a of actions) {
        const g = group(a);
        const w = winner.get(g);
        if (w === undefined || isLaterSequence(firstSeen.get(a.eventId)!, firstSeen.get(w)!)) {
            winner.set(g, a.eventId);
        }
    }
    actions.forEach((a, k) => {
        if (winner.get(group(a)) !== a.eventId) superseded.add(k);
    });
    return superseded;
}

/**
 * Whether a 409 says the index holds a document (or a delete's tombstone) of EXACTLY this
 * action's version, i.e. a different change of the same creation time landed first (or this
 * very change did). OpenSearch says `current version [N] is higher or equal to the one provided`.
 */
export function isVersionTie(action: BulkAction, item: BulkItemResult): boolean {
    if (item.status !== 409) return false;
    const current = /current version \[(\d+)\]/.exec(item.error?.reason ?? "");
    return current !== null && Number(current[1]) === action.version;
}

/**
 * Whether `action` comes right after the stored state: its old image is the stored document
 * (both absent for an INSERT after a delete's tombstone). A change that does not follow what
 * is stored is an older one, redelivered or duplicated.
 */
export function followsStored(action: BulkAction, stored: unknown): boolean {
    let before: unknown;
    try {
        before =
            action.oldImage === undefined
                ? undefined
                : JSON.parse(itemDocumentJson(action.oldImage));
    } catch {
        return false; // an unreadable old image follows nothing
    }
    return isDeepStrictEqual(before, stored);
}

/** What a `_bulk` item result means for the record behind it. */
function itemOutcome(action: BulkAction, item: BulkItemResult): RecordOutcome {
    const { status } = item;
    if (status >= 200 && status < 300) return "indexed";
    // version_conflict_engine_exception: the index already holds this change or a newer one.
    if (status === 409) return "superseded";
    // Deleting what is not there: done (the delete still records its version as a tombstone).
    if (status === 404 && action.operation === "delete" && item.error === undefined) {
        return "indexed";
    }
    const failure = {
        status,
        errorType: item.error?.type,
        reason: item.error ? `${item.error.type}: ${item.error.reason}` : `status ${status}`,
    };
    // 404 with an error: the alias is gone (`require_alias`); it is created again before a retry.
    if (status === 404 || status === 0 || isRetryableStatus(status)) {
        return { ...failure, retryable: true };
    }
    // Any other 4xx (mapper_parsing_exception, illegal_argument_exception, ...): the same
    // document will be refused again.
    return { ...failure, retryable: false };
}

function describeError(err: unknown): string {
    const status = statusOf(err);
    const type = errorTypeOf(err);
    const name = err instanceof Error ? err.name : "Error";
    if (status !== undefined) return `${name}: status ${status}${type ? ` ${type}` : ""}`;
    return err instanceof Error ? `${name}: ${err.message}` : String(err);
}

/**
 * Builds the handler. Throws `ConfigError` naming the variable when the environment is invalid,
 * which, called at module scope, fails the cold start rather than every batch.
 */
export function createHandler(deps: IndexerDeps): IndexerHandler {
    const config = loadIndexerConfig(deps.env, deps.allowedEndpointProtocols);
    const logger = deps.logger ?? new Logger({ serviceName: INDEXER_NAME });
    const now = deps.now ?? REAL_CLOCK.now;
    const sleep = deps.sleep ?? REAL_CLOCK.sleep;
    const random = deps.random ?? REAL_CLOCK.random;
    const retry: RetryPolicy = { ...DEFAULT_RETRY_POLICY, ...deps.retry };
    const safetyMarginMs = deps.safetyMarginMs ?? 2000;
    const client = createOpenSearchClient({
        endpoint: config.endpoint,
        region: config.region,
        getCredentials: deps.getCredentials,
        requestTimeoutMs: retry.requestTimeoutMs,
    });
    const targets = new Map<string, BulkTarget>(
        [...config.tables].map(([table, names]) => [table, bulkTarget(table, names)]),
    );
    const indexBody = tableIndexBody(config.deleteTombstoneHours);

    // One creation per index per execution environment; a failure is forgotten and tried again.
    const ready = new Map<string, Promise<void>>();
    const ensureTarget = (target: BulkTarget, deadline: number): Promise<void> => {
        let pending = ready.get(target.table);
        if (pending === undefined) {
            // Each request gets what is left before this invocation's deadline.
            const timeout = () => Math.max(1, Math.min(retry.requestTimeoutMs, deadline - now()));
            const created = ensureIndex(client, target, indexBody, timeout).then((result) => {
                if (result !== "exists") {
                    logger.info("index ready", {
                        table: target.table,
                        alias: target.alias,
                        index: target.index,
                        result,
                    });
                }
            });
            pending = created;
            ready.set(target.table, created);
            created.catch((err: unknown) => {
                if (ready.get(target.table) === created) ready.delete(target.table);
                logger.error("index could not be made ready", {
                    table: target.table,
                    alias: target.alias,
                    error: describeError(err),
                });
            });
        }
        return pending;
    };

    /** The actions whose index is ready; the others get their failure. */
    const readyActions = async (
        actions: readonly BulkAction[],
        deadline: number,
        fail: (action: BulkAction, failure: RecordFailure) => void,
    ): Promise<BulkAction[]> => {
        const tables = new Map<string, BulkTarget>();
        for (const a of actions) tables.set(a.target.table, a.target);
        const problems = new Map<string, RecordFailure>();
        await Promise.all(
            [...tables.values()].map((target) =>
                ensureTarget(target, deadline).catch((err: unknown) => {
                    problems.set(target.table, {
                        reason: `index ${target.alias} is not ready: ${describeError(err)}`,
                        retryable: !(err instanceof IndexConflictError),
                        status: statusOf(err),
                    });
                }),
            ),
        );
        if (problems.size === 0) return [...actions];
        return actions.filter((a) => {
            const problem = problems.get(a.target.table);
            if (problem !== undefined) fail(a, problem);
            return problem === undefined;
        });
    };

    /**
     * Writes `actions`, retrying what may succeed later; records each outcome, and collects in
     * `tied` the actions refused for a stored version equal to their own.
     */
    const write = async (
        actions: readonly BulkAction[],
        deadline: number,
        outcomes: RecordOutcome[],
        stats: { requests: number; attempts: number },
        tied: BulkAction[],
    ): Promise<void> => {
        let maxBytes = config.bulkMaxBytes;
        let pending: readonly BulkAction[] = actions;
        for (let attempt = 1; pending.length > 0; attempt++) {
            stats.attempts = attempt;
            const again: BulkAction[] = [];
            const fail = (action: BulkAction, failure: RecordFailure) => {
                outcomes[action.record] = failure;
                if (failure.retryable) again.push(action);
            };
            const writable = await readyActions(pending, deadline, fail);
            for (const chunk of chunkBulkActions(writable, maxBytes)) {
                const left = deadline - now();
                if (left < retry.minAttemptMs) {
                    const failure = { reason: "no time left for the request", retryable: true };
                    for (const a of chunk.actions) fail(a, failure);
                    continue;
                }
                stats.requests++;
                let items: BulkItemResult[];
                try {
                    const response = await client.bulk(
                        // The transport sends a string body as it is (typed as an array only).
                        {
                            body: chunk.body as unknown as API.Bulk_RequestBody,
                            require_alias: true,
                        },
                        { requestTimeout: Math.min(retry.requestTimeoutMs, left), maxRetries: 0 },
                    );
                    items = readBulkItems(response.body, chunk.actions.length);
                } catch (err) {
                    const status = statusOf(err);
                    // 413: the domain takes less than BULK_MAX_BYTES; halve the bodies and go on.
                    const tooLarge = status === 413 && chunk.actions.length > 1;
                    if (tooLarge) maxBytes = Math.max(1, Math.floor(chunk.bytes / 2));
                    const failure = {
                        reason: `_bulk request failed: ${describeError(err)}`,
                        retryable: tooLarge || isRetryableStatus(status),
                        status,
                        errorType: errorTypeOf(err),
                    };
                    for (const a of chunk.actions) fail(a, failure);
                    continue;
                }
                for (let k = 0; k < items.length; k++) {
                    const action = chunk.actions[k];
                    const outcome = itemOutcome(action, items[k]);
                    if (typeof outcome === "string") {
                        outcomes[action.record] = outcome;
                        if (isVersionTie(action, items[k])) tied.push(action);
                    } else {
                        if (outcome.status === 404) ready.delete(action.target.table);
                        fail(action, outcome);
                    }
                }
            }
            if (again.length === 0 || attempt >= retry.maxAttempts) return;
            const delayMs = backoffDelay(retry, attempt, random);
            if (now() + delayMs + retry.minAttemptMs > deadline) return;
            logger.warn("OpenSearch did not take every item; retrying them", {
                attempt,
                items: again.length,
                delayMs,
                statuses: [
                    ...new Set(again.map((a) => (outcomes[a.record] as RecordFailure).status)),
                ],
            });
            await sleep(delayMs);
            pending = again;
        }
    };

    /**
     * Settles version ties with changes of earlier batches (see the module comment): reads the
     * stored documents, and writes with `external_gte` each tied change whose old image is what
     * is stored. One attempt; a tie that could not be settled fails its record (retryable), so
     * Lambda redelivers it and it is settled then, rather than leaving the older state indexed.
     */
    const resolveTies = async (
        tied: readonly BulkAction[],
        deadline: number,
        outcomes: RecordOutcome[],
        stats: { requests: number; attempts: number },
    ): Promise<void> => {
        const unsettled = (actions: readonly BulkAction[], reason: string) => {
            for (const a of actions) outcomes[a.record] = { reason, retryable: true };
        };
        const successors: BulkAction[] = [];
        const byAlias = new Map<string, BulkAction[]>();
        for (const a of tied) {
            const group = byAlias.get(a.target.alias) ?? [];
            group.push(a);
            byAlias.set(a.target.alias, group);
        }
        for (const [alias, group] of byAlias) {
            const left = deadline - now();
            if (left < retry.minAttemptMs) {
                unsettled(group, "no time left to order a change of the same creation time");
                continue;
            }
            let docs: { _id?: unknown; found?: unknown; _version?: unknown; _source?: unknown }[];
            try {
                stats.requests++;
                const read = await client.mget(
                    { index: alias, body: { ids: group.map((a) => a.id) } },
                    { requestTimeout: Math.min(retry.requestTimeoutMs, left), maxRetries: 0 },
                );
                docs = (read.body as { docs: typeof docs }).docs;
            } catch (err) {
                unsettled(
                    group,
                    `stored document not read to order a change of the same creation time: ${describeError(err)}`,
                );
                continue;
            }
            const stored = new Map(docs.map((d) => [String(d._id), d]));
            for (const a of group) {
                const d = stored.get(a.id);
                // A newer version landed meanwhile: this change is superseded after all.
                if (d?.found === true && d._version !== a.version) continue;
                if (followsStored(a, d?.found === true ? d._source : undefined)) successors.push(a);
            }
        }
        if (successors.length === 0) return;
        const left = deadline - now();
        if (left < retry.minAttemptMs) {
            unsettled(successors, "no time left to order a change of the same creation time");
            return;
        }
        const writes = successors.map(equalVersionAction);
        let items: BulkItemResult[];
        try {
            stats.requests++;
            const response = await client.bulk(
                {
                    body: writes.map((a) => a.lines).join("") as unknown as API.Bulk_RequestBody,
                    require_alias: true,
                },
                { requestTimeout: Math.min(retry.requestTimeoutMs, left), maxRetries: 0 },
            );
            items = readBulkItems(response.body, writes.length);
        } catch (err) {
            unsettled(successors, `_bulk request failed: ${describeError(err)}`);
            return;
        }
        writes.forEach((a, k) => {
            outcomes[a.record] = itemOutcome(a, items[k]);
        });
        logger.info("changes of the same creation time ordered after the stored ones", {
            changes: successors.map((a) => ({ eventId: a.eventId, documentId: a.id })),
        });
    };

    return async (event, context) => {
        logger.addContext(context);
        // A queue, topic, table stream or rule wired here by mistake fails loudly.
        assertRecordsFrom(INDEXER_NAME, event, "aws:kinesis", "kinesis");
        const deadline = now() + context.getRemainingTimeInMillis() - safetyMarginMs;
        const records = event.Records;
        const outcomes: RecordOutcome[] = new Array<RecordOutcome>(records.length);
        const stats = { requests: 0, attempts: 0 };

        // Cold start (and after a failure): every configured index exists with its mapping
        // before the first document. Memoized, so later batches pay nothing.
        await Promise.allSettled([...targets.values()].map((t) => ensureTarget(t, deadline)));

        const actions: BulkAction[] = [];
        for (let i = 0; i < records.length; i++) {
            try {
                const change = decodeChangeEvent(records[i].kinesis.data);
                const target = targets.get(change.tableName);
                if (target === undefined) {
                    outcomes[i] = "skipped";
                    continue;
                }
                actions.push(bulkAction(change, i, target));
            } catch (err) {
                // Malformed input, or a record shape nothing here expected: either way this
                // record's bytes will not index on a retry. Report it; the others go on.
                const malformed = err instanceof MalformedRecordError;
                outcomes[i] = {
                    reason: malformed ? err.message : `unexpected: ${describeError(err)}`,
                    retryable: false,
                    errorType: malformed ? err.name : "UnexpectedError",
                };
            }
        }
        const ties = supersededByTies(actions, (r) => records[r].kinesis.sequenceNumber);
        const toWrite = ties.size === 0 ? actions : actions.filter((_, k) => !ties.has(k));
        for (const k of ties) outcomes[actions[k].record] = "superseded";
        const tied: BulkAction[] = [];
        await write(toWrite, deadline, outcomes, stats, tied);
        if (tied.length > 0) await resolveTies(tied, deadline, outcomes, stats);

        const byRecord = new Map(actions.map((a) => [a.record, a]));
        const counts = { indexed: 0, superseded: 0, skipped: 0, failed: 0 };
        const failed: string[] = [];
        for (let i = 0; i < records.length; i++) {
            const outcome = outcomes[i];
            if (typeof outcome === "string") {
                counts[outcome]++;
                continue;
            }
            counts.failed++;
            const sequenceNumber = records[i].kinesis.sequenceNumber;
            failed.push(sequenceNumber);
            if (counts.failed <= MAX_FAILURE_LOGS) {
                const action = byRecord.get(i);
                logger.error("record not indexed; reported as a batch item failure", {
                    sequenceNumber,
                    eventId: action?.eventId,
                    table: action?.target.table,
                    documentId: action?.id,
                    operation: action?.operation,
                    ...outcome,
                });
            }
        }
        const reported = earliestSequenceNumber(failed);
        logger.info("batch processed", {
            records: records.length,
            ...counts,
            requests: stats.requests,
            attempts: stats.attempts,
            reportedSequenceNumber: reported,
        });
        return { batchItemFailures: reported === undefined ? [] : [{ itemIdentifier: reported }] };
    };
}
