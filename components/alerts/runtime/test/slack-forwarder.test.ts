/**
 * The Slack alert forwarder, end to end in-process: SNS events carrying CloudWatch alarm
 * notifications in, a real HTTP server on 127.0.0.1 standing in for Slack, Secrets Manager mocked
 * at the SDK. Time is a fake clock: nothing really waits.
 */
import { GetSecretValueCommand, SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import type { SNSEvent } from "aws-lambda";
import { mockClient } from "aws-sdk-client-mock";
import assert from "node:assert/strict";
import {
    alarmMessage,
    consoleUrl,
    fallbackMessage,
    messageFor,
    oneLine,
    parseAlarmNotification,
} from "../slack-forwarder/alarm";
import { ForwarderConfigError, loadForwarderConfig } from "../slack-forwarder/config";
import {
    createHandler,
    ForwardingError,
    type ForwarderDeps,
    type ForwarderHandler,
} from "../slack-forwarder/forwarder";
import { MemoryDeliveryStore } from "../../../../test/helpers/runtime";
import {
    HANG_TIMEOUT_MS,
    alarmEvent,
    alarmNotification,
    fakeClock,
    lambdaContext,
    RecordingLogger,
    snsRecord,
    startSlackStub,
    WEBHOOK_TOKEN,
    type FakeClock,
    type SlackStub,
} from "./helpers";

const SECRET_ARN =
    "arn:aws:secretsmanager:eu-west-1:123456789012:secret:lightspeed/dev/slack-alerts-AbCdEf";
const ENV = { SLACK_WEBHOOK_SECRET_ARN: SECRET_ARN };

const CONSOLE =
    "https://eu-west-1.console.aws.amazon.com/cloudwatch/home?region=eu-west-1#alarmsV2:alarm/pipeline-new-customer-notifier-errors-1a2b3c4";
const ALARM_TEXT = [
    ":red_circle: ALARM *pipeline-new-customer-notifier-errors-1a2b3c4*",
    "EventPipeline pipeline: new-customer-notifier failed invocations",
    "*Reason:* Threshold Crossed: 1 out of the last 1 datapoints [3.0 (28/11/26 09:04:00)] was greater than the threshold (0.0) (minimum 1 datapoint for OK -&gt; ALARM transition).",
    "*Metric:* AWS/Lambda Errors (FunctionName=pipeline-new-customer-notifier-5e6f7a8)",
    "*Changed:* 2026-11-28T09:05:00.000+0000, from OK, in eu-west-1, account 123456789012",
    `<${CONSOLE}|Open in CloudWatch>`,
].join("\n");

describe("Slack alert forwarder", () => {
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
        secrets
            .on(GetSecretValueCommand, { SecretId: SECRET_ARN })
            .resolves({ SecretString: slack.url });
        clock = fakeClock();
        logger = new RecordingLogger({ serviceName: "slack-forwarder", logLevel: "DEBUG" });
    });
    afterEach(() => {
        secrets.restore();
    });

    function forwarder(overrides: Partial<ForwarderDeps> = {}): ForwarderHandler {
        return createHandler({
            env: ENV,
            logger,
            sleep: clock.sleep,
            now: clock.now,
            random: () => 0,
            allowedWebhookOrigins: [slack.origin],
            ...overrides,
        });
    }

    const invoke = (handler: ForwarderHandler, event: SNSEvent, remainingMs = 30_000) =>
        handler(event, lambdaContext(clock, remainingMs));
    const posted = () => slack.requests.map((r) => JSON.parse(r.body) as { text: string });
    const secretReads = () => secrets.commandCalls(GetSecretValueCommand).length;

    it("posts an ALARM once, with the exact message, to the webhook", async () => {
        const result = await invoke(forwarder(), alarmEvent());

        assert.deepEqual(result, { posted: 1, fallbacks: 0 });
        assert.equal(slack.requests.length, 1);
        const [req] = slack.requests;
        assert.equal(req.method, "POST");
        assert.equal(req.path, `/services/${WEBHOOK_TOKEN}`);
        assert.equal(req.headers["content-type"], "application/json; charset=utf-8");
        assert.deepEqual(JSON.parse(req.body), { text: ALARM_TEXT, unfurl_links: false });
        assert.deepEqual(clock.sleeps, []);
    });

    const states: [string, string][] = [
        ["OK", ":large_green_circle: OK *pipeline-new-customer-notifier-errors-1a2b3c4*"],
        [
            "INSUFFICIENT_DATA",
            ":white_circle: INSUFFICIENT_DATA *pipeline-new-customer-notifier-errors-1a2b3c4*",
        ],
        ["ALARM", ":red_circle: ALARM *pipeline-new-customer-notifier-errors-1a2b3c4*"],
    ];
    for (const [state, firstLine] of states) {
        it(`announces ${state} as "${firstLine.split(" ").slice(0, 2).join(" ")}"`, async () => {
            await invoke(forwarder(), alarmEvent({ NewStateValue: state, OldStateValue: "ALARM" }));
            assert.equal(posted()[0].text.split("\n")[0], firstLine);
        });
    }

    it("escapes mrkdwn and flattens line breaks in everything the alarm carries", async () => {
        await invoke(
            forwarder(),
            alarmEvent({
                AlarmName: "a<!channel>&b",
                AlarmDescription: "line one\nline two <@U123>",
                NewStateReason: "x > 0 & y < 1",
                AlarmArn: undefined,
                Trigger: undefined,
                Region: "EU (Ireland)",
                OldStateValue: undefined,
            }),
        );
        assert.equal(
            posted()[0].text,
            [
                ":red_circle: ALARM *a&lt;!channel&gt;&amp;b*",
                "line one line two &lt;@U123&gt;",
                "*Reason:* x &gt; 0 &amp; y &lt; 1",
                "*Changed:* 2026-11-28T09:05:00.000+0000, in EU (Ireland), account 123456789012",
            ].join("\n"),
        );
    });

    const fallbacks: [string, string, string | null, string][] = [
        [
            "a body that is not JSON",
            "hello from the console",
            "Test message",
            [
                ":warning: An alert arrived that could not be read as a CloudWatch alarm (the message is not JSON)",
                "*Subject:* Test message",
                "```hello from the console```",
            ].join("\n"),
        ],
        [
            "JSON without AlarmName",
            '{"NewStateValue":"ALARM"}',
            'ALARM: "?" in EU (Ireland)',
            [
                ":warning: An alert arrived that could not be read as a CloudWatch alarm (AlarmName is missing)",
                '*Subject:* ALARM: "?" in EU (Ireland)',
                '```{"NewStateValue":"ALARM"}```',
            ].join("\n"),
        ],
        [
            "an unknown state, and no subject",
            '{"AlarmName":"x","NewStateValue":"PANIC"}',
            null,
            [
                ':warning: An alert arrived that could not be read as a CloudWatch alarm (NewStateValue must be ALARM, OK or INSUFFICIENT_DATA, got "PANIC")',
                "*Subject:* (none)",
                '```{"AlarmName":"x","NewStateValue":"PANIC"}```',
            ].join("\n"),
        ],
        [
            "a body with a code fence and mrkdwn",
            "<!here> ```break out``` & more",
            "<b>",
            [
                ":warning: An alert arrived that could not be read as a CloudWatch alarm (the message is not JSON)",
                "*Subject:* &lt;b&gt;",
                "```&lt;!here&gt; '''break out''' &amp; more```",
            ].join("\n"),
        ],
    ];
    for (const [what, body, subject, text] of fallbacks) {
        it(`still posts ${what}, as the fallback with the raw subject`, async () => {
            const result = await invoke(forwarder(), { Records: [snsRecord(body, subject)] });
            assert.deepEqual(result, { posted: 1, fallbacks: 1 });
            assert.deepEqual(posted(), [{ text, unfurl_links: false }]);
            const warning = logger.entries().find((e) => e.level === "WARN");
            assert.equal(warning?.message, "not a readable CloudWatch alarm; posting the fallback");
        });
    }

    it("cuts a long unreadable body to 1500 characters", () => {
        const { message } = messageFor({ Subject: "s", Message: "x".repeat(5000) });
        const block = message.text.split("\n")[2];
        assert.equal(block, "```" + "x".repeat(1499) + "…```");
    });

    it("posts the fallback for a record with no message at all", async () => {
        const event = {
            Records: [{ EventSource: "aws:sns", Sns: { Subject: "s", MessageId: "m-1" } }],
        } as unknown as SNSEvent;
        await invoke(forwarder(), event);
        assert.deepEqual(posted(), [
            {
                text: ":warning: An alert arrived that could not be read as a CloudWatch alarm (the SNS record has no message)\n*Subject:* s",
                unfurl_links: false,
            },
        ]);
    });

    it("fails an event with no records, so it lands in the on-failure queue", async () => {
        await assert.rejects(invoke(forwarder(), { Records: [] }), {
            name: "EventSourceError",
            message: "slack-forwarder: expected aws:sns records, got no records",
        });
        assert.equal(slack.requests.length, 0);
    });

    const wrongSources: [string, unknown, string][] = [
        [
            "an SQS message",
            { Records: [{ messageId: "m", body: "{}", eventSource: "aws:sqs" }] },
            "aws:sqs",
        ],
        [
            "a DynamoDB stream record",
            { Records: [{ eventID: "1", eventName: "INSERT", eventSource: "aws:dynamodb" }] },
            "aws:dynamodb",
        ],
        [
            "a Kinesis record",
            { Records: [{ eventSource: "aws:kinesis", kinesis: { data: "e30=" } }] },
            "aws:kinesis",
        ],
        [
            "an EventBridge event",
            { "detail-type": "Scheduled Event", source: "aws.events", detail: {} },
            'an EventBridge event (source "aws.events", detail-type "Scheduled Event")',
        ],
        [
            "an SNS record mixed with an SQS one",
            {
                Records: [
                    { EventSource: "aws:sns", Sns: { Message: "{}" } },
                    { eventSource: "aws:sqs", body: "{}" },
                ],
            },
            "aws:sns, aws:sqs",
        ],
    ];
    for (const [what, event, received] of wrongSources) {
        it(`refuses ${what}, naming what arrived, and posts nothing`, async () => {
            await assert.rejects(invoke(forwarder(), event as SNSEvent), {
                name: "EventSourceError",
                message: `slack-forwarder: expected aws:sns records, got ${received}`,
            });
            assert.equal(slack.requests.length, 0);
        });
    }

    describe("at most once per alarm state change (delivery records)", () => {
        it("posts a state change once when SNS delivers it twice (another message id), and the next change again", async () => {
            const deliveries = new MemoryDeliveryStore();
            const handler = forwarder({ deliveries });
            const alarm = JSON.stringify(alarmNotification());
            const again = { Records: [snsRecord(alarm, "ALARM", 2)] };

            const results = [
                await invoke(handler, { Records: [snsRecord(alarm, "ALARM", 1)] }),
                await invoke(handler, again),
                await invoke(handler, alarmEvent({ NewStateValue: "OK", OldStateValue: "ALARM" })),
            ];

            assert.deepEqual(results, [
                { posted: 1, fallbacks: 0 },
                { posted: 0, fallbacks: 0, duplicates: 1 },
                { posted: 1, fallbacks: 0 },
            ]);
            assert.equal(slack.requests.length, 2);
            assert.deepEqual(Object.values(deliveries.statuses()), ["POSTED", "POSTED"]);
        });

        it("Slack answering only after the client's timeout: posts once, records it, and a Lambda retry posts nothing", async () => {
            const deliveries = new MemoryDeliveryStore();
            const handler = forwarder({ deliveries, retry: { requestTimeoutMs: HANG_TIMEOUT_MS } });
            slack.script(["hang"]);

            const first = await invoke(handler, alarmEvent());
            const retried = await invoke(handler, alarmEvent());

            assert.deepEqual(first, { posted: 0, fallbacks: 0, maybePosted: 1 });
            assert.deepEqual(retried, { posted: 0, fallbacks: 0, duplicates: 1 });
            assert.equal(slack.requests.length, 1);
            assert.deepEqual(Object.values(deliveries.statuses()), ["MAYBE_POSTED"]);
        });

        it("gives the claim back when the post certainly failed, so Lambda's retry posts", async () => {
            const deliveries = new MemoryDeliveryStore();
            const handler = forwarder({ deliveries });
            slack.script([{ status: 404, body: "no_service" }]);

            await assert.rejects(invoke(handler, alarmEvent()), { name: "ForwardingError" });
            assert.deepEqual(deliveries.statuses(), {});
            assert.deepEqual(await invoke(handler, alarmEvent()), { posted: 1, fallbacks: 0 });
            assert.equal(slack.requests.length, 2);
        });
    });

    it("Slack answering only after the client's timeout: posts once and does not fail the event, so Lambda does not post it again", async () => {
        slack.script(["hang"]);
        const result = await invoke(
            forwarder({ retry: { requestTimeoutMs: HANG_TIMEOUT_MS } }),
            alarmEvent(),
        );

        assert.deepEqual(result, { posted: 0, fallbacks: 0, maybePosted: 1 });
        assert.equal(slack.requests.length, 1);
        assert.deepEqual(clock.sleeps, []);
        const warning = logger
            .entries()
            .find(
                (e) =>
                    e.message ===
                    "Slack may have posted the alarm; not failed, so not posted again",
            );
        assert.equal(
            warning?.reason,
            `Slack may have posted the message: no answer within ${HANG_TIMEOUT_MS} ms after sending it; not retried`,
        );
    });

    it("retries a 429 after Retry-After, then posts", async () => {
        slack.script([{ status: 429, body: "rate_limited", headers: { "retry-after": "2" } }]);
        const result = await invoke(forwarder(), alarmEvent());
        assert.deepEqual(result, { posted: 1, fallbacks: 0 });
        assert.equal(slack.requests.length, 2);
        assert.deepEqual(clock.sleeps, [2000]);
    });

    it("throws when Slack keeps failing, so Lambda retries and then dead-letters the alarm", async () => {
        slack.script([
            { status: 500, body: "e1" },
            { status: 502, body: "e2" },
            { status: 503, body: "e3" },
            { status: 500, body: "e4" },
        ]);
        await assert.rejects(invoke(forwarder(), alarmEvent()), (err: unknown) => {
            assert.ok(err instanceof ForwardingError);
            assert.equal(
                err.message,
                '1 of 1 notifications not delivered to Slack: 95df01b4-ee98-5cb9-9903-4c221d41eb51: Slack delivery failed after 4 attempts: HTTP 500 "e4"',
            );
            return true;
        });
        assert.equal(slack.requests.length, 4);
        assert.deepEqual(clock.sleeps, [500, 1000, 2000]);
    });

    it("gives up before the invocation runs out of time", async () => {
        slack.script([{ status: 503 }, { status: 503 }]);
        await assert.rejects(
            invoke(forwarder(), alarmEvent(), 2_000),
            /Slack delivery failed: HTTP 503; waiting 1000 ms for attempt 3 would pass the deadline/,
        );
        // 2 s left, 1 s kept free: attempt 1, 500 ms backoff, attempt 2, then no time for a third.
        assert.equal(slack.requests.length, 2);
    });

    it("reads the webhook secret once across invocations", async () => {
        const handler = forwarder();
        await invoke(handler, alarmEvent());
        await invoke(handler, alarmEvent({ NewStateValue: "OK" }));
        assert.equal(secretReads(), 1);
        clock.advance(300_000);
        await invoke(handler, alarmEvent());
        assert.equal(secretReads(), 2);
    });

    it("fails without retrying on a revoked webhook (404), and reads the secret again next time", async () => {
        const handler = forwarder();
        slack.script([{ status: 404, body: "no_service" }]);
        await assert.rejects(invoke(handler, alarmEvent()), /Slack rejected the message: HTTP 404/);
        assert.equal(slack.requests.length, 1);
        await invoke(handler, alarmEvent());
        assert.equal(secretReads(), 2);
    });

    it("fails when the secret cannot be read, so the alarm is retried", async () => {
        secrets.on(GetSecretValueCommand).rejects(new Error("AccessDeniedException"));
        await assert.rejects(invoke(forwarder(), alarmEvent()), /AccessDeniedException/);
        assert.equal(slack.requests.length, 0);
    });

    it("refuses a secret that points anywhere but https://hooks.slack.com by default", async () => {
        await assert.rejects(
            invoke(forwarder({ allowedWebhookOrigins: undefined }), alarmEvent()),
            new RegExp(
                `secret ${SECRET_ARN}: Slack webhook URL must start with https://hooks.slack.com, got origin ${slack.origin}`,
            ),
        );
        assert.equal(slack.requests.length, 0);
    });

    it("never logs the webhook URL, whatever happens", async () => {
        const handler = forwarder();
        slack.script([{ status: 500 }, { status: 404 }]);
        await assert.rejects(invoke(handler, alarmEvent()));
        await invoke(handler, { Records: [snsRecord("not json", "s")] });
        assert.ok(logger.lines.length >= 4);
        for (const line of logger.lines) assert.ok(!line.includes(WEBHOOK_TOKEN), line);
    });

    const badEnv: [Record<string, string>, string][] = [
        [
            {},
            "SLACK_WEBHOOK_SECRET_ARN is required (ARN of the secret holding the Slack webhook URL (required))",
        ],
        [
            { SLACK_WEBHOOK_SECRET_ARN: "slack-webhook" },
            'SLACK_WEBHOOK_SECRET_ARN must be a Secrets Manager secret ARN, got "slack-webhook"',
        ],
        [
            { ...ENV, SLACK_WEBHOOK_CACHE_TTL_SECONDS: "3601" },
            'SLACK_WEBHOOK_CACHE_TTL_SECONDS must be an integer 0..3600, got "3601"',
        ],
        [
            { ...ENV, SLACK_WEBHOOK_CACHE_TTL_SECONDS: "5m" },
            'SLACK_WEBHOOK_CACHE_TTL_SECONDS must be an integer 0..3600, got "5m"',
        ],
    ];
    for (const [env, problem] of badEnv) {
        it(`fails the cold start: ${problem.split(" ").slice(0, 4).join(" ")}`, () => {
            assert.throws(() => loadForwarderConfig(env), new ForwarderConfigError([problem]));
        });
    }

    it("reads the TTL in seconds, 300 by default", () => {
        assert.deepEqual(loadForwarderConfig(ENV), {
            webhookSecretArn: SECRET_ARN,
            webhookCacheTtlMs: 300_000,
        });
        assert.equal(
            loadForwarderConfig({ ...ENV, SLACK_WEBHOOK_CACHE_TTL_SECONDS: "0" }).webhookCacheTtlMs,
            0,
        );
    });
});

describe("alarm messages", () => {
    it("describes a metric-math alarm and a composite alarm's rule", () => {
        const math = parseAlarmNotification(
            JSON.stringify(alarmNotification({ Trigger: { Metrics: [{ Id: "e1" }] } })),
        );
        assert.equal(math.metric, "metric math");
        const composite = parseAlarmNotification(
            JSON.stringify(
                alarmNotification({
                    Trigger: undefined,
                    AlarmRule: 'ALARM("a") OR ALARM("b")',
                }),
            ),
        );
        assert.equal(composite.metric, undefined);
        assert.ok(alarmMessage(composite).text.includes('\n*Rule:* ALARM("a") OR ALARM("b")\n'));
    });

    const urls: [string, string | undefined][] = [
        [
            "arn:aws:cloudwatch:us-east-1:123456789012:alarm:a b/c",
            "https://us-east-1.console.aws.amazon.com/cloudwatch/home?region=us-east-1#alarmsV2:alarm/a%20b%2Fc",
        ],
        ["arn:aws-cn:cloudwatch:cn-north-1:123456789012:alarm:a", undefined],
        ["arn:aws:sns:us-east-1:123456789012:topic", undefined],
    ];
    for (const [arn, url] of urls) {
        it(`links ${arn} to ${url ?? "nothing"}`, () => {
            assert.equal(consoleUrl(arn), url);
        });
    }

    const lines: [string, number, string][] = [
        ["a\tb\r\nc", 10, "a b c"],
        ["<&>", 10, "&lt;&amp;&gt;"],
        ["abcdef", 4, "abc…"],
        ["🚨🚨🚨", 2, "🚨…"],
    ];
    for (const [raw, max, out] of lines) {
        it(`oneLine(${JSON.stringify(raw)}, ${max}) is ${JSON.stringify(out)}`, () => {
            assert.equal(oneLine(raw, max), out);
        });
    }

    it("keeps the fallback without a body to two lines", () => {
        assert.deepEqual(fallbackMessage("why", undefined, " "), {
            text: ":warning: An alert arrived that could not be read as a CloudWatch alarm (why)\n*Subject:* (none)",
            unfurl_links: false,
        });
    });
});
