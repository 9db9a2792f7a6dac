/**
 * The sender Lambda against a real redis-server on loopback (AUTH with a token from a mocked
 * Secrets Manager) and a mocked SNS: it sends only while the handle points at its own execution,
 * clears the handle after sending, and never sends a reminder that a cancel removed.
 */
import assert from "node:assert/strict";
import { Logger } from "@aws-lambda-powertools/logger";
import { GetSecretValueCommand, SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import { DescribeExecutionCommand, SFNClient, StopExecutionCommand } from "@aws-sdk/client-sfn";
import { PublishCommand, SNSClient } from "@aws-sdk/client-sns";
import { mockClient } from "aws-sdk-client-mock";
import { createClient } from "redis";
import { ReminderClient } from "../../client";
import { encodeHandle } from "../../client/keys";
import {
    type SenderHandler,
    SenderRetryableError,
    createSenderHandler,
    readSenderConfig,
} from "../sender";
import { freePort, startRedis, type TestRedis } from "./redis-server";

const MACHINE = "arn:aws:states:eu-west-1:123456789012:stateMachine:reminders-dev";
const EXECUTION =
    "arn:aws:states:eu-west-1:123456789012:execution:reminders-dev:tutorial-1796202000-0123456789abcdef01234567";
const OTHER =
    "arn:aws:states:eu-west-1:123456789012:execution:reminders-dev:tutorial-1796205600-fedcba9876543210fedcba98";
const TOPIC = "arn:aws:sns:eu-west-1:123456789012:user-notifications";
const SECRET = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:reminders-dev-auth-AbCdEf";
const KEY = "reminder:v1:user-1:tutorial";
const AT = "2026-12-02T09:00:00Z";

const pending = (executionArn: string) => encodeHandle({ executionArn, at: AT, state: "pending" });
const silent = () => new Logger({ serviceName: "reminder-sender-test", logLevel: "SILENT" });

describe("reminder sender (real redis-server, mocked SNS and Secrets Manager)", function () {
    let redis: TestRedis;
    let admin: ReturnType<typeof createClient>;
    let send: SenderHandler;
    const sns = mockClient(SNSClient);
    const secrets = mockClient(SecretsManagerClient);
    const sfn = mockClient(SFNClient);
    let env: NodeJS.ProcessEnv;

    before(async function () {
        redis = await startRedis();
        admin = createClient({
            socket: { host: redis.host, port: redis.port },
            password: redis.password,
        });
        await admin.connect();
        env = {
            REDIS_HOST: redis.host,
            REDIS_PORT: String(redis.port),
            REDIS_TLS: "false",
            REDIS_AUTH_SECRET_ARN: SECRET,
            USER_NOTIFICATIONS_TOPIC_ARN: TOPIC,
        };
    });

    after(async function () {
        await admin?.close();
        await redis?.stop();
        sns.restore();
        secrets.restore();
        sfn.restore();
    });

    beforeEach(async function () {
        await admin.flushAll();
        sns.reset();
        secrets.reset();
        sfn.reset();
        sns.on(PublishCommand).resolves({ MessageId: "msg-1" });
        secrets.on(GetSecretValueCommand).resolves({ SecretString: redis.password });
        send = createSenderHandler({
            env,
            logger: silent(),
            sns: new SNSClient({ region: "eu-west-1" }),
            secrets: new SecretsManagerClient({ region: "eu-west-1" }),
        });
    });

    afterEach(async function () {
        await send.close();
    });

    const event = { userId: "user-1", kind: "tutorial", executionArn: EXECUTION };

    it("skips, without publishing, when the handle is gone (cancelled)", async function () {
        assert.deepEqual(await send(event), {
            sent: false,
            executionArn: EXECUTION,
            reason: "not-pending",
        });
        assert.equal(sns.commandCalls(PublishCommand).length, 0);
    });

    it("skips, without publishing or touching it, when the handle points at another execution", async function () {
        await admin.set(KEY, pending(OTHER));

        assert.deepEqual(await send(event), {
            sent: false,
            executionArn: EXECUTION,
            reason: "other-execution",
        });
        assert.equal(sns.commandCalls(PublishCommand).length, 0);
        assert.equal(await admin.get(KEY), pending(OTHER));
    });

    it("publishes the reminder when the handle points at this execution, then clears the handle", async function () {
        await admin.set(KEY, pending(EXECUTION), { expiration: { type: "EX", value: 3600 } });
        let stateWhilePublishing: string | undefined;
        sns.on(PublishCommand).callsFake(async () => {
            stateWhilePublishing = JSON.parse((await admin.get(KEY))!).state;
            return { MessageId: "msg-1" };
        });

        assert.deepEqual(await send(event), {
            sent: true,
            executionArn: EXECUTION,
            messageId: "msg-1",
        });
        assert.deepEqual(
            sns.commandCalls(PublishCommand).map((c) => c.args[0].input),
            [
                {
                    TopicArn: TOPIC,
                    Message: JSON.stringify({
                        type: "reminder",
                        userId: "user-1",
                        kind: "tutorial",
                        executionArn: EXECUTION,
                    }),
                    MessageAttributes: { kind: { DataType: "String", StringValue: "tutorial" } },
                },
            ],
        );
        assert.equal(stateWhilePublishing, "sending");
        assert.equal(await admin.exists(KEY), 0);
    });

    it("hands the claim back and throws the retryable error when SNS fails; the retry sends once", async function () {
        await admin.set(KEY, pending(EXECUTION), { expiration: { type: "EX", value: 3600 } });
        sns.on(PublishCommand)
            .rejectsOnce(Object.assign(new Error("Rate exceeded"), { name: "ThrottledException" }))
            .resolves({ MessageId: "msg-2" });

        await assert.rejects(send(event), (err: unknown) => {
            assert.ok(err instanceof SenderRetryableError);
            assert.equal(err.name, "Reminder.SenderRetryable");
            assert.equal(err.message, "reminder sender: SNS Publish failed: Rate exceeded");
            return true;
        });
        // Rewritten by the Lua script (cjson orders keys its own way): compare the values.
        assert.deepEqual(JSON.parse((await admin.get(KEY))!), JSON.parse(pending(EXECUTION)));
        const ttl = await admin.ttl(KEY);
        assert.ok(ttl > 3590 && ttl <= 3600, `TTL kept through the claim, got ${ttl}`);

        assert.deepEqual(await send(event), {
            sent: true,
            executionArn: EXECUTION,
            messageId: "msg-2",
        });
        assert.equal(sns.commandCalls(PublishCommand).length, 2);
        assert.equal(await admin.exists(KEY), 0);
    });

    it("goes on when its own handle is already claimed (an earlier attempt died after claiming)", async function () {
        await admin.set(KEY, encodeHandle({ executionArn: EXECUTION, at: AT, state: "sending" }));

        assert.deepEqual(await send(event), {
            sent: true,
            executionArn: EXECUTION,
            messageId: "msg-1",
        });
        assert.equal(await admin.exists(KEY), 0);
    });

    it("reads the auth token once and reuses the connection across invocations", async function () {
        await send(event);
        await admin.set(KEY, pending(EXECUTION));
        await send(event);
        await send(event);

        assert.deepEqual(
            secrets.commandCalls(GetSecretValueCommand).map((c) => c.args[0].input),
            [{ SecretId: SECRET }],
        );
        assert.equal(sns.commandCalls(PublishCommand).length, 1);
    });

    it("never sends a reminder that a concurrent cancel removed: 20 races, each won by exactly one side", async function () {
        sfn.on(StopExecutionCommand).resolves({ stopDate: new Date() });
        // The sender's own execution runs while it sends.
        sfn.on(DescribeExecutionCommand).resolves({ status: "RUNNING" });
        const client = new ReminderClient({
            stateMachineArn: MACHINE,
            redis: { host: redis.host, port: redis.port, tls: false, password: redis.password },
            sfn: new SFNClient({ region: "eu-west-1" }),
        });
        try {
            const outcomes = await Promise.all(
                Array.from({ length: 20 }, async (_, i) => {
                    const userId = `user-${i}`;
                    await admin.set(`reminder:v1:${userId}:tutorial`, pending(EXECUTION));
                    const [sent, cancelled] = await Promise.all([
                        send({ userId, kind: "tutorial", executionArn: EXECUTION }),
                        client.cancel(userId, "tutorial"),
                    ]);
                    return { sent: sent.sent, cancel: cancelled.outcome };
                }),
            );
            for (const o of outcomes) {
                assert.ok(
                    (o.sent && o.cancel !== "cancelled") || (!o.sent && o.cancel === "cancelled"),
                    JSON.stringify(o),
                );
            }
            assert.equal(
                sns.commandCalls(PublishCommand).length,
                outcomes.filter((o) => o.sent).length,
            );
            assert.deepEqual(await admin.keys("reminder:v1:*"), []);
        } finally {
            await client.close();
        }
    });

    it("rejects a malformed event with a non-retryable error", async function () {
        await assert.rejects(send({ userId: "user-1", kind: "tutorial", executionArn: "exec-1" }), {
            name: "TypeError",
            message:
                "reminder sender: executionArn must be a Step Functions execution ARN, got exec-1",
        });
        await assert.rejects(send({ userId: "user-1", kind: "", executionArn: EXECUTION }), {
            name: "TypeError",
            message: 'reminder: kind must match ^[a-z][a-z0-9-]{0,39}$, got ""',
        });
    });

    it("throws the retryable error, naming the endpoint, when Redis is down", async function () {
        const port = await freePort();
        const down = createSenderHandler({
            env: { ...env, REDIS_PORT: String(port) },
            logger: silent(),
            sns: new SNSClient({ region: "eu-west-1" }),
            secrets: new SecretsManagerClient({ region: "eu-west-1" }),
        });
        try {
            await assert.rejects(down(event), (err: unknown) => {
                assert.ok(err instanceof SenderRetryableError);
                assert.equal(
                    err.message,
                    `reminder: Redis at 127.0.0.1:${port} is unreachable: connect ECONNREFUSED 127.0.0.1:${port}`,
                );
                return true;
            });
            assert.equal(sns.commandCalls(PublishCommand).length, 0);
        } finally {
            await down.close();
        }
    });

    describe("readSenderConfig", function () {
        const base = {
            REDIS_HOST: "master.reminders.abc.euw1.cache.amazonaws.com",
            REDIS_AUTH_SECRET_ARN: SECRET,
            USER_NOTIFICATIONS_TOPIC_ARN: TOPIC,
        };
        it("defaults the port to 6379 and TLS to on", function () {
            assert.deepEqual(readSenderConfig(base), {
                redisHost: "master.reminders.abc.euw1.cache.amazonaws.com",
                redisPort: 6379,
                redisTls: true,
                authSecretArn: SECRET,
                topicArn: TOPIC,
            });
        });
        const cases: [string, NodeJS.ProcessEnv, string][] = [
            [
                "REDIS_HOST missing",
                { ...base, REDIS_HOST: undefined },
                "reminder sender: environment variable REDIS_HOST is required",
            ],
            [
                "secret missing",
                { ...base, REDIS_AUTH_SECRET_ARN: "" },
                "reminder sender: environment variable REDIS_AUTH_SECRET_ARN is required",
            ],
            [
                "topic missing",
                { ...base, USER_NOTIFICATIONS_TOPIC_ARN: undefined },
                "reminder sender: environment variable USER_NOTIFICATIONS_TOPIC_ARN is required",
            ],
            [
                "bad port",
                { ...base, REDIS_PORT: "70000" },
                "reminder sender: REDIS_PORT must be 1..65535, got 70000",
            ],
            [
                "bad TLS flag",
                { ...base, REDIS_TLS: "yes" },
                'reminder sender: REDIS_TLS must be "true" or "false", got yes',
            ],
        ];
        for (const [what, input, message] of cases) {
            it(`names the variable: ${what}`, function () {
                assert.throws(() => readSenderConfig(input), { message });
            });
        }
    });
});
