/**
 * The stale-task scanner against the fake OpenSearch (tasks seeded in the tasks alias as the
 * indexer writes them), with SNS mocked at the SDK: which tasks are stale, the exact messages,
 * once across runs and across concurrent runs, paging over one point in time, and retries of
 * what could not be published.
 */
import { PublishCommand, SNSClient, type PublishCommandInput } from "@aws-sdk/client-sns";
import { mockClient } from "aws-sdk-client-mock";
import assert from "node:assert/strict";
import { FINDINGS_INDEX_BODY } from "../scanner/findings";
import { loadScannerConfig } from "../scanner/config";
import {
    createHandler,
    ScanIncompleteError,
    type ScannerDeps,
    type ScannerHandler,
} from "../scanner/scanner";
import { ConfigError } from "../shared/env";
import { startFakeOpenSearch, type FakeOpenSearch } from "./fake-opensearch";
import {
    fakeClock,
    lambdaContext,
    RecordingLogger,
    TEST_CREDENTIALS,
    type FakeClock,
} from "./helpers";

const TASKS = "lightspeed-dev-tasks-77e0b1";
const FINDINGS = `${TASKS}-stale-findings`;
const TOPIC = "arn:aws:sns:eu-west-1:123456789012:lightspeed-dev-stale-tasks";
const DAY = 86_400_000;
const NOW = Date.UTC(2026, 10, 28, 9, 0, 0);

describe("stale-task scanner", () => {
    let os: FakeOpenSearch;
    let clock: FakeClock;
    let logger: RecordingLogger;
    let sns: ReturnType<typeof mockClient>;
    let messageIds: number;

    before(async () => {
        os = await startFakeOpenSearch();
    });
    after(async () => {
        await os.close();
    });
    beforeEach(() => {
        os.reset();
        os.createIndex(`${TASKS}-v1`, { aliases: { [TASKS]: {} } });
        clock = fakeClock(NOW);
        logger = new RecordingLogger({ serviceName: "stale-task-scanner", logLevel: "DEBUG" });
        sns = mockClient(SNSClient);
        messageIds = 0;
        sns.on(PublishCommand).callsFake(async () => ({ MessageId: `msg-${++messageIds}` }));
    });
    afterEach(() => {
        sns.restore();
    });

    function scanner(overrides: Partial<ScannerDeps> = {}): ScannerHandler {
        return createHandler({
            env: {
                OPENSEARCH_ENDPOINT: os.origin,
                AWS_REGION: "eu-west-1",
                TASKS_TABLE: TASKS,
                STALE_AFTER_DAYS: "7",
                FINDINGS_TOPIC_ARN: TOPIC,
            },
            logger,
            sns: new SNSClient({ region: "eu-west-1" }),
            getCredentials: async () => TEST_CREDENTIALS,
            allowedEndpointProtocols: ["http:"],
            now: clock.now,
            ...overrides,
        });
    }

    const run = (handler: ScannerHandler, remainingMs = 60_000) =>
        handler(
            { source: "aws.events", "detail-type": "Scheduled Event" },
            lambdaContext(clock, remainingMs, "stale-task-scanner"),
        );
    const published = () =>
        sns.commandCalls(PublishCommand).map((c) => c.args[0].input as PublishCommandInput);
    const findingIds = () => published().map((p) => p.MessageAttributes?.findingId?.StringValue);

    function task(
        id: string,
        status: string,
        updatedAt: number | string,
        extra: Record<string, unknown> = {},
    ) {
        os.put(TASKS, id, { taskId: id, title: `Task ${id}`, status, updatedAt, ...extra });
    }

    /** The message the scanner must publish for a task. */
    function message(
        id: string,
        updatedAt: number,
        idleDays: number,
        extra: { title?: string | null; assignee?: string | null } = {},
        detectedAt = NOW,
    ): PublishCommandInput {
        return {
            TopicArn: TOPIC,
            Subject: `Task open and untouched for ${idleDays} days`,
            Message: JSON.stringify({
                type: "task.stale",
                findingId: `${id}@${updatedAt}`,
                taskId: id,
                title: extra.title === undefined ? `Task ${id}` : extra.title,
                assignee: extra.assignee ?? null,
                status: "open",
                updatedAt: new Date(updatedAt).toISOString(),
                idleDays,
                staleAfterDays: 7,
                detectedAt: new Date(detectedAt).toISOString(),
            }),
            MessageAttributes: {
                type: { DataType: "String", StringValue: "task.stale" },
                findingId: { DataType: "String", StringValue: `${id}@${updatedAt}` },
            },
        };
    }

    it("publishes every open task untouched for STALE_AFTER_DAYS, oldest first, with the exact message", async () => {
        task("t-old", "open", NOW - 30 * DAY, { assignee: "ana@example.com" });
        task("t-iso", "open", new Date(NOW - 8 * DAY).toISOString());
        task("t-edge", "open", NOW - 7 * DAY); // exactly seven days: stale
        task("t-young", "open", NOW - 7 * DAY + 1); // one ms short of it
        task("t-fresh", "open", NOW - 2 * DAY);
        task("t-done", "done", NOW - 30 * DAY);
        task("t-cancelled", "cancelled", NOW - 90 * DAY);

        const summary = await run(scanner());

        assert.deepEqual(published(), [
            message("t-old", NOW - 30 * DAY, 30, { assignee: "ana@example.com" }),
            message("t-iso", NOW - 8 * DAY, 8),
            message("t-edge", NOW - 7 * DAY, 7),
        ]);
        assert.deepEqual(summary, {
            scanned: 3,
            alreadyPublished: 0,
            inFlight: 0,
            lostRace: 0,
            published: 3,
            failed: 0,
            unreadable: 0,
            incomplete: false,
        });
        // The findings index was created with its mapping, and records what went out.
        const [create] = os.requestsTo(`/${FINDINGS}-v1`, "PUT");
        assert.deepEqual(JSON.parse(create.body), {
            ...FINDINGS_INDEX_BODY,
            aliases: { [FINDINGS]: { is_write_index: true } },
        });
        assert.deepEqual(os.documents(FINDINGS).get("t-old"), {
            taskDocId: "t-old",
            taskId: "t-old",
            updatedAt: NOW - 30 * DAY,
            state: "published",
            claimedBy: "c6af9ac6-7b61-11e6-9a41-93e8deadbeef",
            leaseUntil: NOW + 60_000 + 60_000,
            publishedAt: NOW,
            messageId: "msg-1",
        });
        // The search, exactly.
        const [search] = os.requestsTo("/_search", "POST");
        assert.deepEqual(JSON.parse(search.body), {
            query: {
                bool: {
                    filter: [
                        { term: { "status.keyword": "open" } },
                        { range: { updatedAt: { lte: NOW - 7 * DAY, format: "epoch_millis" } } },
                    ],
                },
            },
            sort: [{ updatedAt: { order: "asc" } }, { "taskId.keyword": { order: "asc" } }],
            _source: ["taskId", "title", "status", "assignee", "updatedAt"],
            size: 200,
            pit: { id: "pit-1", keep_alive: "2m" },
        });
    });

    it("publishes each finding once across runs, and a task gone stale again as a new finding", async () => {
        task("t-1", "open", NOW - 10 * DAY);
        task("t-2", "open", NOW - 9 * DAY);
        const handler = scanner();

        await run(handler);
        clock.advance(5 * 60_000);
        const second = await run(handler);

        assert.deepEqual(findingIds(), [`t-1@${NOW - 10 * DAY}`, `t-2@${NOW - 9 * DAY}`]);
        assert.deepEqual([second.alreadyPublished, second.published], [2, 0]);

        // Someone touches t-1; eight days later it is stale again.
        task("t-1", "open", NOW + 1 * DAY);
        clock.advance(9 * DAY);
        const third = await run(handler);
        assert.deepEqual(findingIds(), [
            `t-1@${NOW - 10 * DAY}`,
            `t-2@${NOW - 9 * DAY}`,
            `t-1@${NOW + 1 * DAY}`,
        ]);
        assert.deepEqual([third.alreadyPublished, third.published], [1, 1]);
        assert.deepEqual(published()[2], message("t-1", NOW + 1 * DAY, 8, {}, clock.now()));
    });

    it("pages with search_after over one point in time, then deletes it", async () => {
        for (let i = 1; i <= 5; i++) task(`t-${i}`, "open", NOW - (20 - i) * DAY);
        task("t-6", "open", NOW - 15 * DAY); // same updatedAt as t-5: taskId breaks the tie

        const summary = await run(scanner({ pageSize: 2 }));

        assert.deepEqual(findingIds(), [
            `t-1@${NOW - 19 * DAY}`,
            `t-2@${NOW - 18 * DAY}`,
            `t-3@${NOW - 17 * DAY}`,
            `t-4@${NOW - 16 * DAY}`,
            `t-5@${NOW - 15 * DAY}`,
            `t-6@${NOW - 15 * DAY}`,
        ]);
        assert.equal(summary.scanned, 6);
        const [pit] = os.requestsTo(`/${TASKS}/_search/point_in_time`, "POST");
        assert.deepEqual(pit.query, { keep_alive: "2m" });
        const searches = os
            .requestsTo("/_search", "POST")
            .map((r) => JSON.parse(r.body) as Record<string, unknown>);
        assert.deepEqual(
            searches.map((s) => [s.size, s.pit, s.search_after]),
            [
                [2, { id: "pit-1", keep_alive: "2m" }, undefined],
                [2, { id: "pit-1", keep_alive: "2m" }, [NOW - 18 * DAY, "t-2", 1]],
                [2, { id: "pit-1", keep_alive: "2m" }, [NOW - 16 * DAY, "t-4", 3]],
                [2, { id: "pit-1", keep_alive: "2m" }, [NOW - 15 * DAY, "t-6", 5]],
            ],
        );
        const [del] = os.requestsTo("/_search/point_in_time", "DELETE");
        assert.deepEqual(JSON.parse(del.body), { pit_id: ["pit-1"] });
        assert.equal(os.requestsTo(`/${FINDINGS}/_mget`, "POST").length, 3, "one read per page");
    });

    it("reads one snapshot: a task closed while the run pages is still judged as it was", async () => {
        for (let i = 1; i <= 4; i++) task(`t-${i}`, "open", NOW - (20 - i) * DAY);
        os.beforeRequest = (req) => {
            if (req.path === "/_search" && JSON.parse(req.body).search_after)
                task("t-4", "done", NOW - 16 * DAY);
        };
        await run(scanner({ pageSize: 2 }));
        assert.equal(published().length, 4);
    });

    it("publishes each finding once when two runs overlap", async () => {
        for (let i = 1; i <= 6; i++) task(`t-${i}`, "open", NOW - (10 + i) * DAY);
        const [a, b] = await Promise.all([
            run(scanner({ pageSize: 4 })),
            run(scanner({ pageSize: 4 })),
        ]);

        const ids = findingIds();
        assert.equal(ids.length, 6);
        assert.equal(new Set(ids).size, 6);
        assert.equal(a.published + b.published, 6);
        assert.equal(
            a.lostRace +
                b.lostRace +
                a.inFlight +
                b.inFlight +
                a.alreadyPublished +
                b.alreadyPublished,
            6,
        );
    });

    it("leaves a finding it could not publish to a later run, once its claim's lease is over", async () => {
        task("t-1", "open", NOW - 10 * DAY);
        task("t-2", "open", NOW - 9 * DAY);
        sns.on(PublishCommand)
            .rejectsOnce(new Error("Throttling: Rate exceeded"))
            .callsFake(async () => ({ MessageId: `msg-${++messageIds}` }));
        const handler = scanner();

        await assert.rejects(run(handler), (err: unknown) => {
            assert.ok(err instanceof ScanIncompleteError);
            assert.deepEqual([err.summary.published, err.summary.failed], [1, 1]);
            assert.equal(
                err.message,
                "1 stale-task finding(s) could not be published; a later run retries them",
            );
            return true;
        });
        assert.equal(os.documents(FINDINGS).get("t-1")?.state, "claimed");

        // One minute later (EventBridge's retry of the failed run): the claim still holds.
        clock.advance(60_000);
        const retry = await run(handler);
        assert.deepEqual([retry.inFlight, retry.alreadyPublished, retry.published], [1, 1, 0]);

        // The next scheduled run: the lease (the run's end plus a minute) is over.
        clock.advance(4 * 60_000);
        const next = await run(handler);
        assert.deepEqual([next.published, next.alreadyPublished], [1, 1]);
        assert.deepEqual(findingIds(), [
            `t-1@${NOW - 10 * DAY}`,
            `t-2@${NOW - 9 * DAY}`,
            `t-1@${NOW - 10 * DAY}`,
        ]);
        assert.equal(os.documents(FINDINGS).get("t-1")?.state, "published");
    });

    it("skips hits that are not readable tasks, and says so", async () => {
        task("t-1", "open", NOW - 10 * DAY);
        os.put(TASKS, "odd", { title: "no id", status: "open", updatedAt: NOW - 10 * DAY });
        const summary = await run(scanner());
        assert.deepEqual([summary.published, summary.unreadable], [1, 1]);
        const warning = logger
            .entries()
            .find((e) => e.message === "stale hit is not a readable task; skipped");
        assert.deepEqual([warning?.docId, warning?.problem], ["odd", "task without taskId"]);
    });

    it("stops in time: with no time left it reads nothing and says the run is incomplete", async () => {
        task("t-1", "open", NOW - 10 * DAY);
        const summary = await run(scanner(), 5_500);
        assert.deepEqual([summary.incomplete, summary.scanned], [true, 0]);
        assert.equal(published().length, 0);
        assert.equal(os.requestsTo("/_search", "POST").length, 0);
    });

    it("names every bad variable, and refuses a FIFO topic", () => {
        assert.throws(
            () =>
                loadScannerConfig({
                    OPENSEARCH_ENDPOINT: "https://vpc-search.eu-west-1.es.amazonaws.com",
                    AWS_REGION: "eu-west-1",
                    TASKS_TABLE: "_tasks",
                    STALE_AFTER_DAYS: "0",
                    FINDINGS_TOPIC_ARN: `${TOPIC}.fifo`,
                }),
            (err: unknown) => {
                assert.ok(err instanceof ConfigError);
                assert.equal(err.problems.length, 3);
                assert.match(
                    err.problems[0],
                    /^TASKS_TABLE: "_tasks" cannot name an OpenSearch index/,
                );
                assert.equal(
                    err.problems[1],
                    'STALE_AFTER_DAYS must be an integer 1..3650, got "0"',
                );
                assert.equal(
                    err.problems[2],
                    `FINDINGS_TOPIC_ARN must be the ARN of a standard SNS topic, got "${TOPIC}.fifo"`,
                );
                return true;
            },
        );
        const config = loadScannerConfig({
            OPENSEARCH_ENDPOINT: "https://vpc-search.eu-west-1.es.amazonaws.com",
            AWS_REGION: "eu-west-1",
            TASKS_TABLE: "Lightspeed-Tasks",
            FINDINGS_TOPIC_ARN: TOPIC,
        });
        assert.deepEqual(config, {
            endpoint: "https://vpc-search.eu-west-1.es.amazonaws.com",
            region: "eu-west-1",
            tasksAlias: "lightspeed-tasks",
            findings: {
                alias: "lightspeed-tasks-stale-findings",
                index: "lightspeed-tasks-stale-findings-v1",
            },
            staleAfterDays: 7,
            topicArn: TOPIC,
        });
    });
});
