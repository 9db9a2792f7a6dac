/**
 * The shared secret cache (components/lib/runtime/webhook-secret.ts), against Secrets Manager
 * mocked at the SDK and a fake clock.
 */
import { GetSecretValueCommand, SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import { mockClient } from "aws-sdk-client-mock";
import assert from "node:assert/strict";
import { DeadlineExceededError } from "../../../lib/runtime/deadline";
import { cachedSecret, cachedWebhookUrl } from "../../../lib/runtime/webhook-secret";
import { fakeClock } from "./helpers";

const ARN = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:slack-AbCdEf";
const URL_TEXT = "https://hooks.slack.com/services/T0/B0/xyz";

describe("cached secrets", () => {
    let secrets: ReturnType<typeof mockClient>;
    beforeEach(() => {
        secrets = mockClient(SecretsManagerClient);
    });
    afterEach(() => {
        secrets.restore();
    });
    const reads = () => secrets.commandCalls(GetSecretValueCommand).length;

    function webhook(ttlMs = 60_000, now = fakeClock().now) {
        return cachedWebhookUrl({
            client: new SecretsManagerClient({}),
            secretId: ARN,
            ttlMs,
            now,
        });
    }

    it("reuses a value for the TTL, then reads again; invalidate forgets it", async () => {
        secrets.on(GetSecretValueCommand, { SecretId: ARN }).resolves({ SecretString: URL_TEXT });
        const clock = fakeClock();
        const source = webhook(60_000, clock.now);
        assert.equal((await source.get()).href, URL_TEXT);
        clock.advance(59_999);
        await source.get();
        assert.equal(reads(), 1);
        clock.advance(1);
        await source.get();
        assert.equal(reads(), 2);
        source.invalidate();
        await source.get();
        assert.equal(reads(), 3);
    });

    it("shares one read between concurrent callers", async () => {
        secrets.on(GetSecretValueCommand).resolves({ SecretString: ` ${URL_TEXT}\n` });
        const source = webhook();
        const urls = await Promise.all([source.get(), source.get(), source.get()]);
        assert.deepEqual(
            urls.map((u) => u.href),
            [URL_TEXT, URL_TEXT, URL_TEXT],
        );
        assert.equal(reads(), 1);
    });

    it("reads on every call with a TTL of 0, and retries after a failed read", async () => {
        secrets
            .on(GetSecretValueCommand)
            .rejectsOnce(new Error("ThrottlingException"))
            .resolves({ SecretString: URL_TEXT });
        const source = webhook(0);
        await assert.rejects(source.get(), /ThrottlingException/);
        await source.get();
        await source.get();
        assert.equal(reads(), 3);
    });

    it("gives up on a read that never answers at its bound, aborting it, and reads afresh next time", async () => {
        const signals: AbortSignal[] = [];
        let calls = 0;
        // A client whose first read never settles, whatever the signal says.
        const client = {
            send: (_command: unknown, options?: { abortSignal?: AbortSignal }) => {
                signals.push(options!.abortSignal!);
                return ++calls === 1
                    ? new Promise<never>(() => undefined)
                    : Promise.resolve({ SecretString: URL_TEXT });
            },
        } as unknown as SecretsManagerClient;
        const source = cachedWebhookUrl({
            client,
            secretId: ARN,
            ttlMs: 60_000,
            now: fakeClock().now,
        });
        await assert.rejects(source.get(100), (err: unknown) => {
            assert.ok(err instanceof DeadlineExceededError);
            assert.equal(
                err.message,
                "Secrets Manager GetSecretValue (the webhook URL) did not finish within 100 ms",
            );
            return true;
        });
        assert.equal(signals[0].aborted, true);
        assert.equal((await source.get(100)).href, URL_TEXT);
        assert.equal(calls, 2);
    });

    const bad: [string | undefined, string][] = [
        [undefined, `secret ${ARN} has no SecretString (the webhook URL)`],
        ["   ", `secret ${ARN} has no SecretString (the webhook URL)`],
        [
            '{"url":"https://hooks.slack.com/services/x"}',
            `secret ${ARN} must hold the webhook URL as plain text, not JSON`,
        ],
        ["not a url", `secret ${ARN}: Slack webhook URL is not a valid URL`],
        [
            "https://hooks.slack.com/api/x",
            `secret ${ARN}: Slack webhook URL must be an incoming webhook (/services/...)`,
        ],
    ];
    for (const [value, message] of bad) {
        it(`refuses ${JSON.stringify(value)} without echoing it`, async () => {
            secrets.on(GetSecretValueCommand).resolves({ SecretString: value });
            await assert.rejects(webhook().get(), new Error(message));
        });
    }

    it("parses any value with cachedSecret, naming what the secret holds", async () => {
        secrets.on(GetSecretValueCommand).resolves({ SecretString: '{"token":"t"}' });
        const token = cachedSecret({
            client: new SecretsManagerClient({}),
            secretId: ARN,
            holds: "the API token",
            ttlMs: 1000,
            parse: (text) => (JSON.parse(text) as { token: string }).token,
        });
        assert.equal(await token.get(), "t");
        secrets.on(GetSecretValueCommand).resolves({});
        token.invalidate();
        await assert.rejects(
            token.get(),
            new Error(`secret ${ARN} has no SecretString (the API token)`),
        );
    });
});
