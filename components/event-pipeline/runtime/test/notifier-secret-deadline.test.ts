/**
 * The new-customer notifier when Secrets Manager stalls mid-answer: a real SecretsManagerClient
 * pointed at a local server that sends the headers of its first answer and then nothing (the
 * connection stays open). The record that met the stall fails at its bound; the read is then
 * forgotten, so the next record reads the secret again and is announced, instead of every later
 * record (and invocation) waiting on the same read that never ends.
 */
import { SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import type { KinesisStreamRecord } from "aws-lambda";
import assert from "node:assert/strict";
import * as http from "node:http";
import type { AddressInfo } from "node:net";
import { createHandler, type NotifierHandler } from "../new-customer-notifier/notifier";
import {
    HANG_TIMEOUT_MS,
    changeEvent,
    customerImage,
    encode,
    fakeClock,
    kinesisRecord,
    lambdaContext,
    MemoryAnnouncementStore,
    RecordingLogger,
    sequenceNumber,
    startSlackStub,
    type FakeClock,
    type SlackStub,
} from "./helpers";

const CUSTOMERS = "lightspeed-dev-customers-3f9a1c2";
const SECRET_ARN =
    "arn:aws:secretsmanager:eu-west-1:123456789012:secret:lightspeed/dev/slack-marketing-AbCdEf";

/**
 * A SecretsManagerClient with the SDK's own send, even while another test file's
 * aws-sdk-client-mock stubs SecretsManagerClient.prototype.send.
 */
class WireSecretsManagerClient extends SecretsManagerClient {}
Object.defineProperty(WireSecretsManagerClient.prototype, "send", {
    value: (Object.getPrototypeOf(SecretsManagerClient.prototype) as { send: unknown }).send,
});

/** A Secrets Manager stand-in whose first answer stops after its headers; the others are whole. */
interface StallingSecrets {
    readonly endpoint: string;
    readonly requests: number;
    close(): Promise<void>;
}

async function startStallingSecrets(secretString: () => string): Promise<StallingSecrets> {
    let requests = 0;
    const server = http.createServer((req, res) => {
        req.resume();
        req.on("end", () => {
            requests++;
            res.writeHead(200, { "content-type": "application/x-amz-json-1.1" });
            const body = JSON.stringify({
                ARN: SECRET_ARN,
                Name: "lightspeed/dev/slack-marketing",
                SecretString: secretString(),
                VersionId: "v1",
            });
            if (requests === 1) {
                res.write(body.slice(0, 10)); // and nothing more, connection open
                return;
            }
            res.end(body);
        });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as AddressInfo;
    return {
        endpoint: `http://127.0.0.1:${port}`,
        get requests() {
            return requests;
        },
        close: () =>
            new Promise<void>((resolve, reject) => {
                server.closeAllConnections();
                server.close((err) => (err ? reject(err) : resolve()));
            }),
    };
}

function newCustomerRecord(n: number, customerId: string, name: string): KinesisStreamRecord {
    return kinesisRecord(
        encode(
            changeEvent({
                eventID: `evt-${n}`,
                tableName: CUSTOMERS,
                newImage: customerImage({ customerId, name, employees: 500 }),
            }),
        ),
        sequenceNumber(n),
    );
}

describe("new-customer notifier: Secrets Manager stalls mid-answer", () => {
    let slack: SlackStub;
    let secrets: StallingSecrets;
    let clock: FakeClock;
    let logger: RecordingLogger;

    before(async () => {
        slack = await startSlackStub();
        secrets = await startStallingSecrets(() => slack.url);
    });
    after(async () => {
        await secrets?.close();
        await slack?.close();
    });
    beforeEach(() => {
        clock = fakeClock();
        logger = new RecordingLogger({ serviceName: "new-customer-notifier", logLevel: "DEBUG" });
    });

    function notifier(): NotifierHandler {
        return createHandler({
            env: {
                CUSTOMERS_TABLE: CUSTOMERS,
                MIN_EMPLOYEES: "50",
                SLACK_WEBHOOK_SECRET_ARN: SECRET_ARN,
                IDEMPOTENCY_TABLE: "lightspeed-dev-idempotency",
            },
            logger,
            // No request handler options: the bound must hold without them.
            secretsManager: new WireSecretsManagerClient({
                region: "eu-west-1",
                endpoint: secrets.endpoint,
                credentials: { accessKeyId: "AKIDEXAMPLE", secretAccessKey: "secret" },
                maxAttempts: 1,
            }),
            announcements: new MemoryAnnouncementStore(),
            sleep: clock.sleep,
            now: clock.now,
            random: () => 0,
            allowedWebhookOrigins: [slack.origin],
            awsRequestTimeoutMs: HANG_TIMEOUT_MS,
        });
    }

    it("fails only the record that met the stall, and reads the secret again for the next", async () => {
        const result = await notifier()(
            {
                Records: [
                    newCustomerRecord(1, "cus_1", "First Corp"),
                    newCustomerRecord(2, "cus_2", "Second Corp"),
                ],
            },
            lambdaContext(clock, 60_000),
        );

        assert.deepEqual(result, { batchItemFailures: [{ itemIdentifier: sequenceNumber(1) }] });
        assert.equal(secrets.requests, 2);
        assert.deepEqual(
            slack.requests.map((r) => (JSON.parse(r.body) as { text: string }).text),
            [
                ":tada: New customer! *Second Corp* just joined us (500 employees). Say hello! :wave:",
            ],
        );
        const failure = logger
            .entries()
            .find((e) => e.message === "record not delivered; reported as a batch item failure");
        assert.equal(failure?.sequenceNumber, sequenceNumber(1));
        assert.match(
            JSON.stringify(failure?.error),
            new RegExp(
                `GetSecretValue \\(the webhook URL\\) did not finish within ${HANG_TIMEOUT_MS} ms`,
            ),
        );
    });
});
