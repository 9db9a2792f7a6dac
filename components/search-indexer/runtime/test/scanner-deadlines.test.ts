/**
 * The stale-task scanner's deadlines once a request is on the wire: an OpenSearch answer that
 * never completes (the fake's stalls), and an SNS endpoint (a real SNSClient pointed at a local
 * server) that takes the Publish and never answers. Each ends the run within its bound, with an
 * error that says what did not finish, instead of holding it until Lambda kills it.
 */
import { SNSClient } from "@aws-sdk/client-sns";
import assert from "node:assert/strict";
import { HANG_TIMEOUT_MS } from "../../../../test/helpers/runtime";
import { startSilentServer, type SilentServer } from "../../../../test/helpers/tcp-proxy";
import {
    createHandler,
    ScanIncompleteError,
    type ScannerDeps,
    type ScannerHandler,
} from "../scanner/scanner";
import { startFakeOpenSearch, type FakeOpenSearch } from "./fake-opensearch";
import {
    fakeClock,
    lambdaContext,
    RecordingLogger,
    settlesWithin,
    TEST_CREDENTIALS,
    type FakeClock,
} from "./helpers";

const TASKS = "lightspeed-dev-tasks-77e0b1";
const FINDINGS = `${TASKS}-stale-findings`;
const TOPIC = "arn:aws:sns:eu-west-1:123456789012:lightspeed-dev-stale-tasks";
const DAY = 86_400_000;
const NOW = Date.UTC(2026, 10, 28, 9, 0, 0);

/**
 * An SNSClient with the SDK's own send, even while another test file's aws-sdk-client-mock
 * stubs SNSClient.prototype.send.
 */
class WireSNSClient extends SNSClient {}
Object.defineProperty(WireSNSClient.prototype, "send", {
    value: (Object.getPrototypeOf(SNSClient.prototype) as { send: unknown }).send,
});

describe("stale-task scanner deadlines (stalled OpenSearch and SNS on 127.0.0.1)", () => {
    let os: FakeOpenSearch;
    let snsServer: SilentServer;
    let clock: FakeClock;
    let logger: RecordingLogger;

    before(async () => {
        os = await startFakeOpenSearch();
        snsServer = await startSilentServer();
    });
    after(async () => {
        await os?.close();
        await snsServer?.close();
    });
    beforeEach(() => {
        os.reset();
        os.createIndex(`${TASKS}-v1`, { aliases: { [TASKS]: {} } });
        os.put(TASKS, "t-1", {
            taskId: "t-1",
            title: "Task t-1",
            status: "open",
            updatedAt: NOW - 10 * DAY,
        });
        clock = fakeClock(NOW);
        logger = new RecordingLogger({ serviceName: "stale-task-scanner", logLevel: "DEBUG" });
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
            // No request handler options: the scanner must bound the call itself.
            sns: new WireSNSClient({
                region: "eu-west-1",
                endpoint: `http://${snsServer.host}:${snsServer.port}`,
                credentials: { accessKeyId: "AKIDEXAMPLE", secretAccessKey: "secret" },
                maxAttempts: 1,
            }),
            getCredentials: async () => TEST_CREDENTIALS,
            allowedEndpointProtocols: ["http:"],
            now: clock.now,
            requestTimeoutMs: HANG_TIMEOUT_MS,
            ...overrides,
        });
    }

    const run = (handler: ScannerHandler) =>
        settlesWithin(
            handler(
                { source: "aws.events", "detail-type": "Scheduled Event" },
                lambdaContext(clock, 60_000, "stale-task-scanner"),
            ),
            30_000,
        );

    for (const mode of ["silence", "drip-headers", "drip-body"] as const) {
        it(`fails the run, naming the bound, when a search answer never completes (${mode}), and still deletes the point in time`, async () => {
            os.stall = (req) =>
                req.method === "POST" && req.path === `/_search` ? { mode } : undefined;
            await assert.rejects(run(scanner()), (err: unknown) => {
                assert.ok(err instanceof Error);
                assert.equal(err.name, "ConnectionError");
                assert.equal(err.message, `no complete answer within ${HANG_TIMEOUT_MS} ms`);
                return true;
            });
            assert.equal(os.requestsTo("/_search/point_in_time", "DELETE").length, 1);
        });
    }

    it("fails the run, and leaves the finding to a later run, when SNS takes the Publish and never answers", async () => {
        const received = snsServer.received;
        await assert.rejects(run(scanner()), (err: unknown) => {
            assert.ok(err instanceof ScanIncompleteError);
            assert.deepEqual([err.summary.published, err.summary.failed], [0, 1]);
            return true;
        });
        assert.ok(snsServer.received > received, "the Publish request was on the wire");
        const error = logger
            .entries()
            .find((e) => e.message === "finding could not be published; a later run retries it");
        assert.deepEqual(
            [error?.findingId, error?.error],
            [
                `t-1@${NOW - 10 * DAY}`,
                `DeadlineExceededError: SNS Publish did not finish within ${HANG_TIMEOUT_MS} ms`,
            ],
        );
        assert.equal(os.documents(FINDINGS).get("t-1")?.state, "claimed");
    });
});
