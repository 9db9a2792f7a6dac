/**
 * The shared Slack webhook client (components/lib/runtime/slack.ts): its retry policy with exact
 * delays against a real local HTTP server, with sleep and clock injected so nothing waits.
 */
import assert from "node:assert/strict";
import {
    backoffDelayMs,
    DEFAULT_SLACK_RETRY_POLICY,
    escapeMrkdwn,
    parseRetryAfterMs,
    parseSlackWebhookUrl,
    postSlackMessage,
    SlackDeliveryError,
    type PostSlackMessageOptions,
} from "../../../lib/runtime/slack";
import {
    HANG_TIMEOUT_MS,
    fakeClock,
    startSlackStub,
    type FakeClock,
    type SlackStub,
} from "./helpers";

const MESSAGE = { text: "hello" };

describe("Slack webhook client", () => {
    let slack: SlackStub;
    let clock: FakeClock;

    before(async () => {
        slack = await startSlackStub();
    });
    after(async () => {
        await slack.close();
    });
    beforeEach(() => {
        slack.reset();
        clock = fakeClock();
    });

    const post = (options: PostSlackMessageOptions = {}) =>
        postSlackMessage(new URL(slack.url), MESSAGE, {
            sleep: clock.sleep,
            now: clock.now,
            random: () => 0,
            ...options,
        });

    async function rejection(promise: Promise<unknown>): Promise<SlackDeliveryError> {
        try {
            await promise;
        } catch (err) {
            assert.ok(
                err instanceof SlackDeliveryError,
                `not a SlackDeliveryError: ${String(err)}`,
            );
            return err;
        }
        assert.fail("expected the delivery to fail");
    }

    it("posts the JSON message once when Slack answers 200", async () => {
        assert.deepEqual(await post(), { attempts: 1 });
        assert.equal(slack.requests.length, 1);
        assert.equal(slack.requests[0].body, '{"text":"hello"}');
        assert.deepEqual(clock.sleeps, []);
    });

    it("backs off 500, 1000, 2000 ms on 500/502/503, then succeeds on the fourth attempt", async () => {
        slack.script([{ status: 500 }, { status: 502 }, { status: 503 }]);

        assert.deepEqual(await post(), { attempts: 4 });
        assert.deepEqual(clock.sleeps, [500, 1000, 2000]);
        assert.equal(slack.requests.length, 4);
    });

    it("takes up to `jitter` of each backoff off at random", async () => {
        slack.script([{ status: 500 }, { status: 500 }, { status: 500 }]);

        await post({ random: () => 0.5 });
        assert.deepEqual(clock.sleeps, [450, 900, 1800]);
    });

    it("caps the backoff at maxDelayMs", async () => {
        slack.script([], { status: 504 });

        const err = await rejection(post({ retry: { maxAttempts: 6, maxDelayMs: 1500 } }));
        assert.deepEqual(clock.sleeps, [500, 1000, 1500, 1500, 1500]);
        assert.equal(err.attempts, 6);
        assert.equal(err.status, 504);
        assert.equal(err.retryable, true);
        assert.equal(err.message, "Slack delivery failed after 6 attempts: HTTP 504");
    });

    it("waits exactly Retry-After (seconds or HTTP date) instead of the backoff", async () => {
        // The HTTP date is read when the 503 arrives, after the 2 s wait.
        const date = new Date(clock.now() + 2000 + 7000).toUTCString();
        slack.script([
            { status: 429, headers: { "retry-after": "2" } },
            { status: 503, headers: { "retry-after": date } },
        ]);

        assert.deepEqual(await post(), { attempts: 3 });
        assert.deepEqual(clock.sleeps, [2000, 7000]);
    });

    it("gives up without waiting when Retry-After would pass the deadline", async () => {
        slack.script([], { status: 429, body: "rate_limited", headers: { "retry-after": "30" } });

        const err = await rejection(post({ deadline: clock.now() + 20_000 }));
        assert.deepEqual(clock.sleeps, []);
        assert.equal(err.attempts, 1);
        assert.equal(
            err.message,
            'Slack delivery failed: HTTP 429 "rate_limited"; waiting 30000 ms for attempt 2 would pass the deadline',
        );
    });

    it("does not start an attempt with less than minAttemptMs left", async () => {
        const err = await rejection(post({ deadline: clock.now() + 499 }));
        assert.equal(slack.requests.length, 0);
        assert.equal(err.attempts, 0);
        assert.equal(err.retryable, true);
    });

    it("does not retry other 4xx answers", async () => {
        slack.script([{ status: 400, body: "invalid_payload" }]);

        const err = await rejection(post());
        assert.equal(slack.requests.length, 1);
        assert.deepEqual(clock.sleeps, []);
        assert.equal(err.retryable, false);
        assert.equal(err.message, 'Slack rejected the message: HTTP 400 "invalid_payload"');
    });

    it("never retries an attempt that timed out after sending: it may have been posted", async () => {
        slack.script(["hang"]);

        const err = await rejection(post({ retry: { requestTimeoutMs: HANG_TIMEOUT_MS } }));
        assert.equal(slack.requests.length, 1);
        assert.deepEqual(clock.sleeps, []);
        assert.equal(err.maybeDelivered, true);
        assert.equal(err.retryable, false);
        assert.equal(err.attempts, 1);
        assert.equal(
            err.message,
            `Slack may have posted the message: no answer within ${HANG_TIMEOUT_MS} ms after sending it; not retried`,
        );
    });

    it("retries network errors and says which, without the URL", async () => {
        const closed = await startSlackStub();
        await closed.close();

        const err = await rejection(
            postSlackMessage(new URL(closed.url), MESSAGE, {
                sleep: clock.sleep,
                now: clock.now,
                random: () => 0,
                retry: { maxAttempts: 2 },
            }),
        );
        assert.deepEqual(clock.sleeps, [500]);
        assert.equal(
            err.message,
            "Slack delivery failed after 2 attempts: network error (ECONNREFUSED)",
        );
    });

    it("refuses to follow a redirect", async () => {
        slack.script([{ status: 302, headers: { location: "http://127.0.0.1:9/elsewhere" } }], {
            status: 302,
            headers: { location: "http://127.0.0.1:9/elsewhere" },
        });

        const err = await rejection(post({ retry: { maxAttempts: 2 } }));
        assert.equal(slack.requests.length, 2);
        assert.match(err.message, /network error/);
    });

    describe("pure parts", () => {
        const policy = {
            ...DEFAULT_SLACK_RETRY_POLICY,
            baseDelayMs: 100,
            maxDelayMs: 1000,
            jitter: 0.5,
        };
        const backoffs: [number, number, number][] = [
            [1, 0, 100],
            [2, 0, 200],
            [4, 0, 800],
            [5, 0, 1000],
            [9, 0, 1000],
            [2, 0.999, 100],
            [3, 0.5, 300],
        ];
        for (const [attempt, random, expected] of backoffs) {
            it(`backoff after attempt ${attempt} with random ${random} is ${expected} ms`, () => {
                assert.equal(backoffDelayMs(attempt, policy, random), expected);
            });
        }

        const now = Date.UTC(2026, 10, 28, 9, 0, 0);
        const retryAfters: [string | null, number | undefined][] = [
            [null, undefined],
            ["0", 0],
            [" 12 ", 12_000],
            ["1.5", undefined],
            ["-3", undefined],
            ["soon", undefined],
            ["Sat, 28 Nov 2026 09:00:05 GMT", 5000],
            ["Sat, 28 Nov 2026 08:59:00 GMT", 0],
        ];
        for (const [header, expected] of retryAfters) {
            it(`Retry-After ${JSON.stringify(header)} means ${expected} ms`, () => {
                assert.equal(parseRetryAfterMs(header, now), expected);
            });
        }

        it("escapes exactly &, < and > for mrkdwn", () => {
            assert.equal(escapeMrkdwn("a & b < c > d *e* _f_"), "a &amp; b &lt; c &gt; d *e* _f_");
            assert.equal(escapeMrkdwn("&amp;"), "&amp;amp;");
        });

        const urls: [string, string | undefined][] = [
            ["https://hooks.slack.com/services/T1/B2/xyz", undefined],
            [
                "http://hooks.slack.com/services/T1/B2/xyz",
                "Slack webhook URL must start with https://hooks.slack.com, got origin http://hooks.slack.com",
            ],
            [
                "https://hooks.slack.com.evil.example/services/T1/B2/xyz",
                "Slack webhook URL must start with https://hooks.slack.com, got origin https://hooks.slack.com.evil.example",
            ],
            [
                "https://hooks.slack.com:8443/services/T1/B2/xyz",
                "Slack webhook URL must start with https://hooks.slack.com, got origin https://hooks.slack.com:8443",
            ],
            [
                "https://user:pw@hooks.slack.com/services/T1/B2/xyz",
                "Slack webhook URL must not carry credentials",
            ],
            [
                "https://hooks.slack.com/workflows/T1/A2/xyz",
                "Slack webhook URL must be an incoming webhook (/services/...)",
            ],
            ["hooks.slack.com/services/T1/B2/xyz", "Slack webhook URL is not a valid URL"],
        ];
        for (const [url, problem] of urls) {
            it(`webhook URL ${url}: ${problem ?? "accepted"}`, () => {
                if (problem === undefined) {
                    assert.equal(parseSlackWebhookUrl(url).href, url);
                } else {
                    assert.throws(() => parseSlackWebhookUrl(url), { message: problem });
                }
            });
        }
    });
});
