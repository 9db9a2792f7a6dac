/**
 * The sender's deadlines once a request is on the wire: a Redis that stops answering behind a
 * TCP proxy, and an SNS endpoint (a real SNSClient pointed at a local server) that accepts the
 * request and never answers. Each fails the invocation with the retryable error within its
 * bound, instead of holding it until Lambda kills it.
 */
import assert from "node:assert/strict";
import { Logger } from "@aws-lambda-powertools/logger";
import type { SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import { SNSClient } from "@aws-sdk/client-sns";
import { createClient } from "redis";
import {
    startSilentServer,
    startTcpProxy,
    type SilentServer,
    type TcpProxy,
} from "../../../../test/helpers/tcp-proxy";
import { encodeHandle } from "../../client/keys";
import { boundedRequestHandler } from "../../../lib/runtime/deadline";
import { SenderRetryableError, createSenderHandler, type SenderHandler } from "../sender";
import { startRedis, type TestRedis } from "./redis-server";

const EXECUTION =
    "arn:aws:states:eu-west-1:123456789012:execution:reminders-dev:tutorial-1796202000-0123456789abcdef01234567";
const TOPIC = "arn:aws:sns:eu-west-1:123456789012:user-notifications";
const SECRET = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:reminders-dev-auth-AbCdEf";
const KEY = "reminder:v1:user-1:tutorial";
const PENDING = encodeHandle({
    executionArn: EXECUTION,
    at: "2026-12-02T09:00:00Z",
    state: "pending",
});
const event = { userId: "user-1", kind: "tutorial", executionArn: EXECUTION };

/**
 * An SNSClient with the SDK's own send, even while another test file's aws-sdk-client-mock
 * stubs SNSClient.prototype.send (mocks are installed when files load).
 */
class WireSNSClient extends SNSClient {}
Object.defineProperty(WireSNSClient.prototype, "send", {
    value: (Object.getPrototypeOf(SNSClient.prototype) as { send: unknown }).send,
});

describe("reminder sender deadlines (silent Redis and SNS on 127.0.0.1)", function () {
    let redis: TestRedis;
    let admin: ReturnType<typeof createClient>;
    let proxy: TcpProxy;
    let snsServer: SilentServer;
    const handlers: SenderHandler[] = [];

    before(async function () {
        redis = await startRedis();
        admin = createClient({
            socket: { host: redis.host, port: redis.port },
            password: redis.password,
        });
        await admin.connect();
    });

    after(async function () {
        await admin?.close();
        await redis?.stop();
    });

    beforeEach(async function () {
        await admin.flushAll();
        proxy = await startTcpProxy(redis);
        snsServer = await startSilentServer();
    });

    afterEach(async function () {
        await Promise.all(handlers.splice(0).map((h) => h.close()));
        await proxy.close();
        await snsServer.close();
    });

    const sender = () => {
        const h = createSenderHandler({
            env: {
                REDIS_HOST: proxy.host,
                REDIS_PORT: String(proxy.port),
                REDIS_TLS: "false",
                REDIS_AUTH_SECRET_ARN: SECRET,
                USER_NOTIFICATIONS_TOPIC_ARN: TOPIC,
            },
            logger: new Logger({ serviceName: "reminder-sender-test", logLevel: "SILENT" }),
            sns: new WireSNSClient({
                region: "eu-west-1",
                endpoint: `http://${snsServer.host}:${snsServer.port}`,
                credentials: { accessKeyId: "AKIDEXAMPLE", secretAccessKey: "secret" },
                requestHandler: boundedRequestHandler(2000),
                maxAttempts: 1,
            }),
            // A plain stand-in, independent of other files' SDK mocks: nothing leaves loopback.
            secrets: {
                send: async () => ({ SecretString: redis.password }),
            } as unknown as SecretsManagerClient,
            redisTimeouts: { commandTimeoutMs: 2000, connectTimeoutMs: 2000 },
            awsRequestTimeoutMs: 2000,
        });
        handlers.push(h);
        return h;
    };

    it("fails with the retryable error when Redis takes the claim and never answers", async function () {
        await admin.set(KEY, PENDING);
        const send = sender();
        await send({ ...event, userId: "warm-up" }); // connected: no handle, nothing sent
        proxy.silence();

        const started = Date.now();
        await assert.rejects(send(event), (err: unknown) => {
            assert.ok(err instanceof SenderRetryableError);
            assert.equal(
                err.message,
                `reminder: Redis at ${proxy.host}:${proxy.port} gave no reply within 2000 ms during claim`,
            );
            return true;
        });
        assert.ok(Date.now() - started < 5000, "bounded by the command deadline");
        assert.equal(snsServer.accepted, 0);
    });

    it("fails with the retryable error when SNS takes the Publish and never answers, and hands the claim back", async function () {
        await admin.set(KEY, PENDING);
        const send = sender();

        const started = Date.now();
        await assert.rejects(send(event), (err: unknown) => {
            assert.ok(err instanceof SenderRetryableError);
            assert.match(
                err.message,
                /^reminder sender: SNS Publish failed: (SNS Publish did not finish within 2000 ms|.*requestTimeout.*)$/,
            );
            return true;
        });
        assert.ok(Date.now() - started < 5000, "bounded by the request deadline");
        assert.ok(snsServer.received > 0, "the Publish request was on the wire");
        assert.equal(JSON.parse((await admin.get(KEY))!).state, "pending");
    });
});
