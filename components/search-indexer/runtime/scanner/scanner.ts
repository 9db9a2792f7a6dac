/**
 * The stale-task scanner, run every five minutes by an EventBridge schedule: it searches the
 * tasks index for tasks that are open and untouched for `STALE_AFTER_DAYS`, and publishes each
 * new finding once to an SNS topic (see `./findings` for how "once" holds across runs and when
 * runs overlap, and `./task` for the task's shape and the message).
 *
 * Paging: a point in time (PIT) on the tasks alias and `search_after`, so a run sees one
 * consistent snapshot however many pages it reads while the indexer writes. The run stops
 * paging in time to finish inside its invocation; what it did not reach, the next run finds.
 *
 * The run fails (throws, so Lambda's Errors metric shows it) when a finding could not be
 * claimed or published; those findings are taken up again by a later run.
 */
import { Logger } from "@aws-lambda-powertools/logger";
import { PublishCommand, SNSClient } from "@aws-sdk/client-sns";
import type { API } from "@opensearch-project/opensearch";
import type { Context } from "aws-lambda";
import { boundedRequestHandler, withinDeadline } from "../../../lib/runtime/deadline";
import { readBulkItems } from "../shared/bulk";
import type { Env } from "../shared/env";
import { ensureIndex } from "../shared/indices";
import {
    createOpenSearchClient,
    errorTypeOf,
    statusOf,
    type CredentialsProvider,
} from "../shared/opensearch";
import { DEFAULT_RETRY_POLICY, REAL_CLOCK } from "../shared/retry";
import { loadScannerConfig, SCANNER_NAME } from "./config";
import {
    decideClaim,
    FINDINGS_INDEX_BODY,
    findingLines,
    type FindingDoc,
    type StoredFinding,
} from "./findings";
import { findingId, findingMessage, readTaskHit, staleTasksSearch, type StaleTask } from "./task";

/** What one run did. */
export interface ScanSummary {
    /** Hits read from the index. */
    readonly scanned: number;
    /** Stale tasks whose finding was already published. */
    readonly alreadyPublished: number;
    /** Stale tasks another run has claimed and is publishing. */
    readonly inFlight: number;
    /** Claims another run won between our read and our write (409). */
    readonly lostRace: number;
    readonly published: number;
    /** Findings that could not be claimed, published or marked; a later run retries them. */
    readonly failed: number;
    /** Hits that are not readable tasks (logged, skipped). */
    readonly unreadable: number;
    /** Whether the run stopped before the last page for lack of time. */
    readonly incomplete: boolean;
}

/** The run failed for some findings; they are retried by a later run. */
export class ScanIncompleteError extends Error {
    constructor(readonly summary: ScanSummary) {
        super(
            `${summary.failed} stale-task finding(s) could not be published; a later run retries them`,
        );
        this.name = "ScanIncompleteError";
    }
}

/** The Lambda handler's type (the EventBridge event itself carries nothing the run needs). */
export type ScannerHandler = (event: unknown, context: Context) => Promise<ScanSummary>;

/** What {@link createHandler} is built from. Only `env` is needed in production. */
export interface ScannerDeps {
    readonly env: Env;
    readonly logger?: Logger;
    /** Default: a client whose requests are bounded by `requestTimeoutMs`. */
    readonly sns?: SNSClient;
    readonly getCredentials?: CredentialsProvider;
    /** TEST SEAM. Protocols `OPENSEARCH_ENDPOINT` may use; default `https:` only. */
    readonly allowedEndpointProtocols?: readonly string[];
    readonly now?: () => number;
    /** Tasks per page. Default 200. */
    readonly pageSize?: number;
    /** Time kept free at the end of the invocation (ms). Default 5000. */
    readonly safetyMarginMs?: number;
    /** Added to a claim's lease beyond the invocation's end, for clock skew (ms). Default 60000. */
    readonly leaseMarginMs?: number;
    /** Upper bound of one request, OpenSearch or SNS (ms). Default 10000. */
    readonly requestTimeoutMs?: number;
}

/** How long the PIT is kept between two pages. */
const PIT_KEEP_ALIVE = "2m";
/** No request starts with less time than this left (ms). */
const MIN_REQUEST_MS = 1000;

interface Counters {
    scanned: number;
    alreadyPublished: number;
    inFlight: number;
    lostRace: number;
    published: number;
    failed: number;
    unreadable: number;
    incomplete: boolean;
}

function describeError(err: unknown): string {
    const status = statusOf(err);
    const name = err instanceof Error ? err.name : "Error";
    if (status !== undefined) return `${name}: status ${status} ${errorTypeOf(err) ?? ""}`.trim();
    return err instanceof Error ? `${name}: ${err.message}` : String(err);
}

/**
 * Builds the handler. Throws `ConfigError` naming the variable when the environment is invalid,
 * which, called at module scope, fails the cold start.
 */
export function createHandler(deps: ScannerDeps): ScannerHandler {
    const config = loadScannerConfig(deps.env, deps.allowedEndpointProtocols);
    const logger = deps.logger ?? new Logger({ serviceName: SCANNER_NAME });
    const now = deps.now ?? REAL_CLOCK.now;
    const pageSize = deps.pageSize ?? 200;
    const safetyMarginMs = deps.safetyMarginMs ?? 5000;
    const leaseMarginMs = deps.leaseMarginMs ?? 60_000;
    const requestTimeoutMs = deps.requestTimeoutMs ?? DEFAULT_RETRY_POLICY.requestTimeoutMs;
    const sns =
        deps.sns ?? new SNSClient({ requestHandler: boundedRequestHandler(requestTimeoutMs) });
    const client = createOpenSearchClient({
        endpoint: config.endpoint,
        region: config.region,
        getCredentials: deps.getCredentials,
        requestTimeoutMs,
    });
    const findingsAlias = config.findings.alias;
    let findingsReady: Promise<unknown> | undefined;

    return async (_event, context) => {
        logger.addContext(context);
        const started = now();
        const end = started + context.getRemainingTimeInMillis();
        const deadline = end - safetyMarginMs;
        const leaseUntil = end + leaseMarginMs;
        const left = () => deadline - now();
        const options = () => ({
            requestTimeout: Math.max(1, Math.min(requestTimeoutMs, left())),
            maxRetries: 0,
        });
        const c: Counters = {
            scanned: 0,
            alreadyPublished: 0,
            inFlight: 0,
            lostRace: 0,
            published: 0,
            failed: 0,
            unreadable: 0,
            incomplete: false,
        };

        findingsReady ??= ensureIndex(
            client,
            config.findings,
            FINDINGS_INDEX_BODY,
            () => options().requestTimeout,
        );
        try {
            await findingsReady;
        } catch (err) {
            findingsReady = undefined;
            throw err;
        }

        /** Steps 1-5 of the findings protocol for one page of stale tasks. */
        const processPage = async (tasks: readonly StaleTask[]): Promise<void> => {
            if (tasks.length === 0) return;
            const read = await client.mget(
                { index: findingsAlias, body: { ids: tasks.map((t) => t.docId) } },
                options(),
            );
            const stored = new Map<string, StoredFinding>();
            for (const d of (read.body as { docs: Record<string, unknown>[] }).docs) {
                if (d.found === true) {
                    stored.set(String(d._id), {
                        doc: d._source as FindingDoc,
                        seqNo: d._seq_no as number,
                        primaryTerm: d._primary_term as number,
                    });
                }
            }

            const claims: { task: StaleTask; doc: FindingDoc }[] = [];
            let body = "";
            for (const task of tasks) {
                const decision = decideClaim(task, stored.get(task.docId), now());
                if (decision.action === "skip") {
                    if (decision.why === "published") c.alreadyPublished++;
                    else c.inFlight++;
                    continue;
                }
                const doc: FindingDoc = {
                    taskDocId: task.docId,
                    taskId: task.taskId,
                    updatedAt: task.updatedAt,
                    state: "claimed",
                    claimedBy: context.awsRequestId,
                    leaseUntil,
                };
                claims.push({ task, doc });
                body += findingLines(
                    findingsAlias,
                    task.docId,
                    doc,
                    decision.action === "create" ? "create" : decision,
                );
            }
            if (claims.length === 0) return;

            const claimed: {
                task: StaleTask;
                doc: FindingDoc;
                seqNo: number;
                primaryTerm: number;
            }[] = [];
            const response = await client.bulk(
                // The transport sends a string body as it is (typed as an array only).
                { body: body as unknown as API.Bulk_RequestBody, require_alias: true },
                options(),
            );
            readBulkItems(response.body, claims.length).forEach((item, k) => {
                const { task, doc } = claims[k];
                if (item.status >= 200 && item.status < 300) {
                    claimed.push({ task, doc, seqNo: item.seqNo!, primaryTerm: item.primaryTerm! });
                } else if (item.status === 409) {
                    c.lostRace++;
                } else {
                    c.failed++;
                    logger.error("finding could not be claimed; a later run retries it", {
                        findingId: findingId(task),
                        status: item.status,
                        error: item.error,
                    });
                }
            });

            let marks = "";
            let marked = 0;
            for (const { task, doc, seqNo, primaryTerm } of claimed) {
                if (left() < MIN_REQUEST_MS) {
                    // Claimed but not published: the lease runs out and a later run publishes.
                    c.incomplete = true;
                    break;
                }
                try {
                    // Bounded here too: the handler options do not cover the SDK's retries
                    // and credential resolution, and a client passed in may have none.
                    const sent = await withinDeadline(
                        "SNS Publish",
                        Math.min(requestTimeoutMs, left()),
                        (abortSignal) =>
                            sns.send(
                                new PublishCommand(
                                    findingMessage(
                                        task,
                                        config.topicArn,
                                        config.staleAfterDays,
                                        started,
                                    ),
                                ),
                                { abortSignal },
                            ),
                    );
                    c.published++;
                    logger.info("stale task published", {
                        findingId: findingId(task),
                        messageId: sent.MessageId,
                    });
                    marks += findingLines(
                        findingsAlias,
                        task.docId,
                        {
                            ...doc,
                            state: "published",
                            publishedAt: now(),
                            messageId: sent.MessageId,
                        },
                        { seqNo, primaryTerm },
                    );
                    marked++;
                } catch (err) {
                    c.failed++;
                    logger.error("finding could not be published; a later run retries it", {
                        findingId: findingId(task),
                        error: describeError(err),
                    });
                }
            }
            if (marked === 0) return;
            const markResponse = await client.bulk(
                { body: marks as unknown as API.Bulk_RequestBody, require_alias: true },
                options(),
            );
            for (const item of readBulkItems(markResponse.body, marked)) {
                if (item.status >= 200 && item.status < 300) continue;
                // Published, but not recorded: once the lease ends it may be published again.
                logger.warn("published finding could not be marked; it may be published again", {
                    taskDocId: item.id,
                    status: item.status,
                    error: item.error,
                });
            }
        };

        const finish = (): ScanSummary => {
            const summary: ScanSummary = { ...c };
            logger.info("scan finished", { ...summary, staleAfterDays: config.staleAfterDays });
            if (c.failed > 0) throw new ScanIncompleteError(summary);
            return summary;
        };
        if (left() < MIN_REQUEST_MS) {
            c.incomplete = true;
            return finish();
        }

        const cutoff = started - config.staleAfterDays * 86_400_000;
        const search = staleTasksSearch(cutoff);
        const pit = await client.createPit(
            { index: [config.tasksAlias], keep_alive: PIT_KEEP_ALIVE },
            options(),
        );
        let pitId = String((pit.body as { pit_id: string }).pit_id);
        try {
            let searchAfter: unknown[] | undefined;
            for (;;) {
                if (left() < MIN_REQUEST_MS) {
                    c.incomplete = true;
                    break;
                }
                const page = await client.search(
                    {
                        body: {
                            ...search,
                            size: pageSize,
                            pit: { id: pitId, keep_alive: PIT_KEEP_ALIVE },
                            ...(searchAfter !== undefined && { search_after: searchAfter }),
                        } as API.Search_RequestBody,
                    },
                    options(),
                );
                const result = page.body as {
                    pit_id?: string;
                    hits: {
                        hits: {
                            _id?: string;
                            _source?: Record<string, unknown>;
                            sort?: unknown[];
                        }[];
                    };
                };
                // OpenSearch may hand back a new PIT id; the latest one is the one to use.
                pitId = result.pit_id ?? pitId;
                const hits = result.hits.hits;
                c.scanned += hits.length;
                const tasks: StaleTask[] = [];
                for (const hit of hits) {
                    const task = readTaskHit(hit);
                    if ("problem" in task) {
                        c.unreadable++;
                        logger.warn("stale hit is not a readable task; skipped", {
                            docId: hit._id,
                            problem: task.problem,
                        });
                    } else {
                        tasks.push(task);
                    }
                }
                await processPage(tasks);
                if (hits.length < pageSize) break;
                searchAfter = hits[hits.length - 1].sort;
            }
        } finally {
            // Best effort: an abandoned PIT expires after its keep-alive anyway.
            await client.deletePit({ body: { pit_id: [pitId] } }, options()).catch((err: unknown) =>
                logger.warn("point in time not deleted; it expires by itself", {
                    error: describeError(err),
                }),
            );
        }

        return finish();
    };
}
