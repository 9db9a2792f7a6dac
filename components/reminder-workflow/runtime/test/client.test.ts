/**
 * The reminder client against a real redis-server on loopback (with AUTH) and Step Functions
 * through aws-sdk-client-mock, backed by a small fake that keeps executions the way the service
 * does: same name and input while RUNNING returns the same execution; a closed name answers
 * ExecutionAlreadyExists; StopExecution on a finished execution succeeds and changes nothing.
 */
import assert from "node:assert/strict";
import * as net from "node:net";
import {
    DescribeExecutionCommand,
    ExecutionAlreadyExists,
    ExecutionDoesNotExist,
    SFNClient,
    StartExecutionCommand,
    StopExecutionCommand,
    type StartExecutionCommandInput,
} from "@aws-sdk/client-sfn";
import { mockClient } from "aws-sdk-client-mock";
import { createClient } from "redis";
import {
    ReminderClient,
    ReminderError,
    ReminderExecutionClosedError,
    ReminderRedisError,
    ReminderStepFunctionsError,
} from "../../client";
import { executionArnFor, executionName } from "../../client/keys";
import { startTcpProxy } from "../../../../test/helpers/tcp-proxy";
import { freePort, startRedis, type TestRedis } from "./redis-server";

const MACHINE = "arn:aws:states:eu-west-1:123456789012:stateMachine:reminders-dev";
const NOW = Date.parse("2026-12-01T09:00:00Z");
const HOUR = 3600_000;

type Status = "RUNNING" | "SUCCEEDED" | "FAILED" | "ABORTED";

/** Step Functions as far as the client can tell, with a record of starts and stops. */
class FakeStepFunctions {
    readonly executions = new Map<string, { status: Status; input: string }>();
    readonly started: string[] = [];
    readonly stopped: string[] = [];
    /** Upper bound of a random delay before each answer, to shuffle interleavings. */
    jitterMs = 0;
    /** Called as a StartExecution or StopExecution that did its work is about to answer. */
    afterChange: (operation: "start" | "stop") => void = () => undefined;
    readonly #random = seededRandom(42);

    install(mock: ReturnType<typeof mockClient>): void {
        mock.on(StartExecutionCommand).callsFake(async (input: StartExecutionCommandInput) => {
            await this.#delay();
            const arn = executionArnFor(input.stateMachineArn!, input.name!);
            const existing = this.executions.get(arn);
            if (existing) {
                if (existing.status === "RUNNING" && existing.input === input.input) {
                    return { executionArn: arn, startDate: new Date(NOW) };
                }
                throw new ExecutionAlreadyExists({
                    message: `Execution Already Exists: '${arn}'`,
                    $metadata: {},
                });
            }
            this.executions.set(arn, { status: "RUNNING", input: input.input! });
            this.started.push(arn);
            this.afterChange("start");
            return { executionArn: arn, startDate: new Date(NOW) };
        });
        mock.on(StopExecutionCommand).callsFake(async ({ executionArn }) => {
            await this.#delay();
            const execution = this.executions.get(executionArn);
            if (!execution) {
                throw new ExecutionDoesNotExist({
                    message: `Execution Does Not Exist: '${executionArn}'`,
                    $metadata: {},
                });
            }
            if (execution.status === "RUNNING") {
                execution.status = "ABORTED";
                this.stopped.push(executionArn);
            }
            this.afterChange("stop");
            return { stopDate: new Date(NOW) };
        });
        mock.on(DescribeExecutionCommand).callsFake(async ({ executionArn }) => {
            const execution = this.executions.get(executionArn);
            if (!execution) {
                throw new ExecutionDoesNotExist({
                    message: "Execution Does Not Exist",
                    $metadata: {},
                });
            }
            return { executionArn, status: execution.status, startDate: new Date(NOW) };
        });
    }

    running(): string[] {
        return [...this.executions].filter(([, e]) => e.status === "RUNNING").map(([a]) => a);
    }

    async #delay(): Promise<void> {
        if (this.jitterMs > 0) {
            const ms = Math.floor(this.#random() * (this.jitterMs + 1));
            await new Promise((r) => setTimeout(r, ms));
        }
    }
}

/** mulberry32: delays that vary between calls but not between runs. */
function seededRandom(seed: number): () => number {
    let a = seed >>> 0;
    return () => {
        a = (a + 0x6d2b79f5) >>> 0;
        let t = a;
        t = Math.imul(t ^ (t >>> 15), t | 1);
        t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
        return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
}

function arnOf(userId: string, kind: string, at: Date): string {
    return executionArnFor(MACHINE, executionName(userId, kind, at));
}

describe("ReminderClient (real redis-server, mocked Step Functions)", function () {
    let redis: TestRedis;
    let admin: ReturnType<typeof createClient>;
    const sfnMock = mockClient(SFNClient);
    let fake: FakeStepFunctions;
    let client: ReminderClient;
    const extraClients: ReminderClient[] = [];

    const newClient = (overrides: Partial<ConstructorParameters<typeof ReminderClient>[0]> = {}) =>
        new ReminderClient({
            stateMachineArn: MACHINE,
            redis: { host: redis.host, port: redis.port, tls: false, password: redis.password },
            sfn: new SFNClient({ region: "eu-west-1" }),
            now: () => NOW,
            ...overrides,
        });

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
        sfnMock.restore();
    });

    beforeEach(async function () {
        await admin.flushAll();
        sfnMock.reset();
        fake = new FakeStepFunctions();
        fake.install(sfnMock);
        client = newClient();
    });

    afterEach(async function () {
        await client.close();
        await Promise.all(extraClients.splice(0).map((c) => c.close()));
    });

    describe("schedule", function () {
        it("starts one execution with the deterministic name and input and stores its handle with a TTL past the wake-up time", async function () {
            const at = new Date(NOW + 24 * HOUR + 250); // rounded up to the next whole second
            const result = await client.schedule("user-1", "tutorial", at);

            const name = executionName("user-1", "tutorial", at);
            assert.match(name, /^tutorial-1796202001-[0-9a-f]{24}$/);
            const arn = `arn:aws:states:eu-west-1:123456789012:execution:reminders-dev:${name}`;
            assert.deepEqual(result, {
                executionArn: arn,
                at: "2026-12-02T09:00:01Z",
                state: "pending",
                created: true,
            });
            assert.deepEqual(
                sfnMock.commandCalls(StartExecutionCommand).map((c) => c.args[0].input),
                [
                    {
                        stateMachineArn: MACHINE,
                        name,
                        input: JSON.stringify({
                            userId: "user-1",
                            kind: "tutorial",
                            at: "2026-12-02T09:00:01Z",
                        }),
                    },
                ],
            );
            assert.equal(
                await admin.get("reminder:v1:user-1:tutorial"),
                JSON.stringify({ executionArn: arn, at: "2026-12-02T09:00:01Z", state: "pending" }),
            );
            // at - now + 4 h grace (the sender's retries) = 28 h 250 ms; PTTL has been ticking.
            const pttl = await admin.pTTL("reminder:v1:user-1:tutorial");
            assert.ok(pttl <= 28 * HOUR + 250 && pttl > 28 * HOUR + 250 - 2000, `PTTL ${pttl}`);
        });

        it("gives one execution when called twice: the second call returns the pending handle without starting anything", async function () {
            const at = new Date(NOW + HOUR);
            const first = await client.schedule("user-1", "tutorial", at);
            const second = await client.schedule("user-1", "tutorial", new Date(NOW + 2 * HOUR));

            assert.equal(first.created, true);
            assert.deepEqual(second, { ...first, created: false });
            assert.equal(sfnMock.commandCalls(StartExecutionCommand).length, 1);
            assert.deepEqual(fake.started, [arnOf("user-1", "tutorial", at)]);
        });

        it("retried after the handle write was lost, adopts the running execution (StartExecution returns the same ARN)", async function () {
            const at = new Date(NOW + HOUR);
            await client.schedule("user-1", "tutorial", at);
            await admin.del("reminder:v1:user-1:tutorial"); // as if the SET had failed

            const again = await client.schedule("user-1", "tutorial", at);

            assert.equal(again.created, true);
            assert.equal(sfnMock.commandCalls(StartExecutionCommand).length, 2);
            assert.deepEqual(fake.started, [arnOf("user-1", "tutorial", at)]);
            assert.equal(await admin.exists("reminder:v1:user-1:tutorial"), 1);
        });

        it("treats ExecutionAlreadyExists for a RUNNING execution as success and stores that ARN", async function () {
            const at = new Date(NOW + HOUR);
            const arn = arnOf("user-1", "tutorial", at);
            fake.executions.set(arn, { status: "RUNNING", input: '{"from":"an older client"}' });

            const result = await client.schedule("user-1", "tutorial", at);

            assert.deepEqual(result, {
                executionArn: arn,
                at: "2026-12-01T10:00:00Z",
                state: "pending",
                created: true,
            });
            // Once to adopt it, once to check the stored handle's execution still runs.
            assert.deepEqual(
                sfnMock.commandCalls(DescribeExecutionCommand).map((c) => c.args[0].input),
                [{ executionArn: arn }, { executionArn: arn }],
            );
            assert.deepEqual(fake.started, []);
        });

        it("schedules again at once after a cancel: the next generation of the same reminder", async function () {
            const at = new Date(NOW + HOUR);
            const first = await client.schedule("user-1", "tutorial", at);
            await client.cancel("user-1", "tutorial");

            const again = await client.schedule("user-1", "tutorial", at);

            const name = executionName("user-1", "tutorial", at);
            assert.equal(executionName("user-1", "tutorial", at, 1), `${name}-1`);
            assert.deepEqual(again, {
                executionArn: executionArnFor(MACHINE, `${name}-1`),
                at: "2026-12-01T10:00:00Z",
                state: "pending",
                created: true,
            });
            assert.deepEqual(fake.started, [first.executionArn, again.executionArn]);
            assert.deepEqual(fake.running(), [again.executionArn]);
            assert.equal(
                JSON.parse((await admin.get("reminder:v1:user-1:tutorial"))!).executionArn,
                again.executionArn,
            );
        });

        it("replaces a dead handle (its execution finished) instead of trusting it", async function () {
            const at = new Date(NOW + HOUR);
            const dead = await client.schedule("user-1", "tutorial", at);
            fake.executions.get(dead.executionArn)!.status = "ABORTED"; // stopped, handle kept

            const result = await client.schedule("user-1", "tutorial", new Date(NOW + 2 * HOUR));

            const arn = arnOf("user-1", "tutorial", new Date(NOW + 2 * HOUR));
            assert.deepEqual(result, {
                executionArn: arn,
                at: "2026-12-01T11:00:00Z",
                state: "pending",
                created: true,
            });
            assert.deepEqual(fake.running(), [arn]);
            assert.equal(
                JSON.parse((await admin.get("reminder:v1:user-1:tutorial"))!).executionArn,
                arn,
            );
        });

        it("pending() reports a handle only while its execution runs", async function () {
            const { executionArn } = await client.schedule(
                "user-1",
                "tutorial",
                new Date(NOW + HOUR),
            );
            assert.equal((await client.pending("user-1", "tutorial"))?.executionArn, executionArn);
            fake.executions.get(executionArn)!.status = "ABORTED";
            assert.equal(await client.pending("user-1", "tutorial"), undefined);
        });

        it("gives up with ReminderExecutionClosedError only when every generation's name is taken by a closed execution", async function () {
            const at = new Date(NOW + HOUR);
            const names = Array.from({ length: 100 }, (_, g) =>
                executionName("user-1", "tutorial", at, g),
            );
            for (const name of names) {
                fake.executions.set(executionArnFor(MACHINE, name), {
                    status: "ABORTED",
                    input: "{}",
                });
            }
            const last = executionArnFor(MACHINE, names[99]);
            await assert.rejects(client.schedule("user-1", "tutorial", at), (err: unknown) => {
                assert.ok(err instanceof ReminderExecutionClosedError);
                assert.equal(err.status, "ABORTED");
                assert.equal(
                    err.message,
                    `reminder: execution ${last} already finished with status ABORTED; ` +
                        "its name cannot be reused, schedule the reminder for a different time",
                );
                return true;
            });
            assert.equal(await admin.exists("reminder:v1:user-1:tutorial"), 0);
        });

        it("when a concurrent schedule for another time stores first, stops its own execution and returns the winner", async function () {
            fake.jitterMs = 0;
            // Both calls read "no handle" before either stores: StartExecution answers slowly.
            sfnMock
                .on(StartExecutionCommand)
                .callsFake(async (input: StartExecutionCommandInput) => {
                    const arn = executionArnFor(input.stateMachineArn!, input.name!);
                    await new Promise((r) => setTimeout(r, 30));
                    fake.executions.set(arn, { status: "RUNNING", input: input.input! });
                    fake.started.push(arn);
                    return { executionArn: arn };
                });
            const [a, b] = await Promise.all([
                client.schedule("user-1", "tutorial", new Date(NOW + HOUR)),
                client.schedule("user-1", "tutorial", new Date(NOW + 2 * HOUR)),
            ]);

            assert.equal(a.executionArn, b.executionArn);
            assert.deepEqual([a.created, b.created].sort(), [false, true]);
            const loser = fake.started.find((arn) => arn !== a.executionArn);
            assert.deepEqual(fake.stopped, [loser]);
            assert.deepEqual(fake.running(), [a.executionArn]);
            assert.equal(
                JSON.parse((await admin.get("reminder:v1:user-1:tutorial"))!).executionArn,
                a.executionArn,
            );
        });

        it("surfaces a Step Functions failure as ReminderStepFunctionsError and stores nothing", async function () {
            sfnMock
                .on(StartExecutionCommand)
                .rejects(
                    Object.assign(new Error("Rate exceeded"), { name: "ThrottlingException" }),
                );
            const at = new Date(NOW + HOUR);
            await assert.rejects(client.schedule("user-1", "tutorial", at), (err: unknown) => {
                assert.ok(err instanceof ReminderStepFunctionsError);
                assert.equal(err.awsErrorName, "ThrottlingException");
                assert.equal(
                    err.message,
                    `reminder: Step Functions StartExecution failed for ${executionName("user-1", "tutorial", at)}: ThrottlingException: Rate exceeded`,
                );
                return true;
            });
            assert.equal(await admin.exists("reminder:v1:user-1:tutorial"), 0);
        });

        it("validates its arguments with messages that name them", async function () {
            await assert.rejects(client.schedule("", "tutorial", new Date(NOW)), {
                name: "TypeError",
                message: 'reminder: userId must be a string of 1..256 characters, got ""',
            });
            await assert.rejects(client.schedule("u", "Tutorial!", new Date(NOW)), {
                name: "TypeError",
                message: 'reminder: kind must match ^[a-z][a-z0-9-]{0,39}$, got "Tutorial!"',
            });
            await assert.rejects(client.schedule("u", "tutorial", new Date("nope")), {
                name: "TypeError",
                message: "reminder: at must be a valid Date, got Invalid Date",
            });
            await assert.rejects(
                client.schedule("u", "tutorial", new Date(NOW + 365 * 24 * HOUR)),
                {
                    name: "RangeError",
                    message:
                        "reminder: at must be at most 31449600 s ahead, got 2027-12-01T09:00:00.000Z",
                },
            );
            assert.equal(sfnMock.commandCalls(StartExecutionCommand).length, 0);
        });

        it("encodes the user id in the key, so a ':' in it cannot shift the layout", async function () {
            await client.schedule("a:b", "tutorial", new Date(NOW + HOUR));
            assert.deepEqual(await admin.keys("reminder:v1:*"), ["reminder:v1:a%3Ab:tutorial"]);
        });
    });

    describe("cancel", function () {
        it("stops that ARN and clears the handle", async function () {
            const { executionArn } = await client.schedule(
                "user-1",
                "tutorial",
                new Date(NOW + HOUR),
            );

            const result = await client.cancel("user-1", "tutorial");

            assert.deepEqual(result, { outcome: "cancelled", executionArn });
            assert.deepEqual(
                sfnMock.commandCalls(StopExecutionCommand).map((c) => c.args[0].input),
                [{ executionArn }],
            );
            assert.deepEqual(fake.stopped, [executionArn]);
            assert.equal(await admin.exists("reminder:v1:user-1:tutorial"), 0);
            assert.equal(await client.pending("user-1", "tutorial"), undefined);
        });

        it("is quiet when nothing is pending: no handle, no StopExecution", async function () {
            assert.deepEqual(await client.cancel("user-1", "tutorial"), { outcome: "not-pending" });
            assert.equal(sfnMock.commandCalls(StopExecutionCommand).length, 0);
        });

        it("is quiet after the run finished and the sender cleared the handle", async function () {
            const { executionArn } = await client.schedule(
                "user-1",
                "tutorial",
                new Date(NOW + HOUR),
            );
            fake.executions.get(executionArn)!.status = "SUCCEEDED";
            await admin.del("reminder:v1:user-1:tutorial");

            assert.deepEqual(await client.cancel("user-1", "tutorial"), { outcome: "not-pending" });
            assert.equal(sfnMock.commandCalls(StopExecutionCommand).length, 0);
        });

        it("is quiet after the run finished but left its handle: StopExecution succeeds without effect, the handle goes", async function () {
            const { executionArn } = await client.schedule(
                "user-1",
                "tutorial",
                new Date(NOW + HOUR),
            );
            fake.executions.get(executionArn)!.status = "FAILED";

            assert.deepEqual(await client.cancel("user-1", "tutorial"), {
                outcome: "cancelled",
                executionArn,
            });
            assert.equal(fake.executions.get(executionArn)!.status, "FAILED");
            assert.deepEqual(fake.stopped, []);
            assert.equal(await admin.exists("reminder:v1:user-1:tutorial"), 0);
        });

        it("is quiet when the execution no longer exists (ExecutionDoesNotExist)", async function () {
            const { executionArn } = await client.schedule(
                "user-1",
                "tutorial",
                new Date(NOW + HOUR),
            );
            fake.executions.delete(executionArn);

            assert.deepEqual(await client.cancel("user-1", "tutorial"), {
                outcome: "cancelled",
                executionArn,
            });
            assert.equal(await admin.exists("reminder:v1:user-1:tutorial"), 0);
        });

        it("leaves a handle the sender has claimed alone and reports it as sending", async function () {
            const { executionArn } = await client.schedule(
                "user-1",
                "tutorial",
                new Date(NOW + HOUR),
            );
            const claimed = JSON.stringify({
                executionArn,
                at: "2026-12-01T10:00:00Z",
                state: "sending",
            });
            await admin.set("reminder:v1:user-1:tutorial", claimed);

            assert.deepEqual(await client.cancel("user-1", "tutorial"), {
                outcome: "sending",
                executionArn,
            });
            assert.equal(sfnMock.commandCalls(StopExecutionCommand).length, 0);
            assert.equal(await admin.get("reminder:v1:user-1:tutorial"), claimed);
        });

        it("deletes only the handle it stopped: a handle replaced meanwhile survives", async function () {
            const { executionArn } = await client.schedule(
                "user-1",
                "tutorial",
                new Date(NOW + HOUR),
            );
            const replacement = JSON.stringify({
                executionArn: `${executionArn}-other`,
                at: "2026-12-01T11:00:00Z",
                state: "pending",
            });
            sfnMock.on(StopExecutionCommand).callsFake(async () => {
                await admin.set("reminder:v1:user-1:tutorial", replacement);
                return { stopDate: new Date(NOW) };
            });

            assert.deepEqual(await client.cancel("user-1", "tutorial"), {
                outcome: "not-pending",
                executionArn,
            });
            assert.equal(await admin.get("reminder:v1:user-1:tutorial"), replacement);
        });

        it("keeps the handle when StopExecution fails, so a retry can stop it", async function () {
            const { executionArn } = await client.schedule(
                "user-1",
                "tutorial",
                new Date(NOW + HOUR),
            );
            sfnMock.on(StopExecutionCommand).rejects(
                Object.assign(new Error("User is not authorized"), {
                    name: "AccessDeniedException",
                }),
            );
            await assert.rejects(client.cancel("user-1", "tutorial"), {
                name: "ReminderStepFunctionsError",
                message: `reminder: Step Functions StopExecution failed for ${executionArn}: AccessDeniedException: User is not authorized`,
            });
            assert.equal(await admin.exists("reminder:v1:user-1:tutorial"), 1);
        });
    });

    describe("concurrency", function () {
        it("50 concurrent schedules, then 25 concurrent cancels: Redis holds exactly the 25 not cancelled", async function () {
            fake.jitterMs = 3;
            const users = Array.from({ length: 50 }, (_, i) => `user-${i}`);
            const at = (i: number) => new Date(NOW + (i + 1) * 60_000);
            const scheduled = await Promise.all(
                users.map((u, i) => client.schedule(u, "tutorial", at(i))),
            );
            const cancelled = await Promise.all(
                users.filter((_, i) => i % 2 === 0).map((u) => client.cancel(u, "tutorial")),
            );

            const expectedStarted = users.map((u, i) => arnOf(u, "tutorial", at(i)));
            assert.deepEqual(
                scheduled.map((s) => s.executionArn),
                expectedStarted,
            );
            assert.deepEqual(new Set(fake.started), new Set(expectedStarted));
            assert.ok(cancelled.every((c) => c.outcome === "cancelled"));
            assert.deepEqual(
                new Set(fake.stopped),
                new Set(expectedStarted.filter((_, i) => i % 2 === 0)),
            );
            assert.deepEqual(
                await handlesInRedis(),
                new Map(
                    users
                        .map((u, i) => [u, expectedStarted[i]] as const)
                        .filter((_, i) => i % 2 === 1),
                ),
            );
        });

        it("50 concurrent schedule/cancel pairs over 5 users leave Redis holding exactly the started-and-not-stopped executions", async function () {
            fake.jitterMs = 8;
            // Staggered starts, so that schedules and cancels of one user overlap in every order.
            await client.pending("warm-up", "tutorial"); // connected first: calls start staggered
            const random = seededRandom(7);
            const stagger = () => new Promise((r) => setTimeout(r, Math.floor(random() * 30)));
            const pairs = Array.from({ length: 50 }, (_, i) => ({
                user: `user-${i % 5}`,
                at: new Date(NOW + (i + 1) * 60_000),
            }));
            // Beside them, and whatever order a loaded machine runs the pairs in, one user whose
            // cancel follows its schedule and one whose cancel comes first: both outcomes occur.
            const later = new Date(NOW + 90 * 60_000);
            const sequenced = Promise.all([
                client
                    .schedule("user-first", "tutorial", later)
                    .then(async (s) => [s, await client.cancel("user-first", "tutorial")] as const),
                client
                    .cancel("user-last", "tutorial")
                    .then(
                        async (c) =>
                            [await client.schedule("user-last", "tutorial", later), c] as const,
                    ),
            ]);
            const paired = await Promise.all(
                pairs.map((p) =>
                    Promise.all([
                        stagger().then(() => client.schedule(p.user, "tutorial", p.at)),
                        stagger().then(() => client.cancel(p.user, "tutorial")),
                    ]),
                ),
            );
            const [first, last] = await sequenced;
            assert.equal(first[1].outcome, "cancelled");
            assert.equal(first[1].executionArn, first[0].executionArn);
            assert.equal(last[1].outcome, "not-pending");
            const results = [...paired, first, last];

            const stopped = new Set(fake.stopped);
            const running = fake.started.filter((arn) => !stopped.has(arn));
            const handles = await handlesInRedis();
            // Every execution still running has a handle, every handle names a running execution.
            assert.deepEqual(new Set(handles.values()), new Set(running));
            assert.deepEqual(new Set(fake.running()), new Set(running));
            assert.equal(handles.size, running.length);
            // Only started executions were ever stopped, each once.
            assert.ok(fake.stopped.every((arn) => fake.started.includes(arn)));
            assert.equal(stopped.size, fake.stopped.length);
            // At most one handle per user (user-last's is one), and every schedule returned a
            // started execution.
            assert.ok(handles.size <= 6);
            assert.equal(handles.get("user-last"), last[0].executionArn);
            assert.equal(handles.has("user-first"), false);
            for (const [scheduled] of results) {
                assert.ok(fake.started.includes(scheduled.executionArn));
            }
            // A cancel that reports "cancelled" stopped the execution it names.
            for (const [, cancelled] of results) {
                if (cancelled.outcome === "cancelled") {
                    assert.ok(stopped.has(cancelled.executionArn!));
                }
            }
        });
    });

    describe("races between schedule, schedule and cancel, with failures between Step Functions and Redis", function () {
        it("a cancel whose delete failed after the stop converges when retried, and does not block a new schedule", async function () {
            const proxy = await startTcpProxy(redis);
            const c = newClient({
                redis: {
                    host: proxy.host,
                    port: proxy.port,
                    tls: false,
                    password: redis.password,
                    commandTimeoutMs: 2000,
                    connectTimeoutMs: 2000,
                },
            });
            extraClients.push(c);
            try {
                const at = new Date(NOW + HOUR);
                const first = await c.schedule("user-1", "tutorial", at);
                fake.afterChange = (op) => {
                    if (op === "stop") proxy.silence(); // the delete after the stop is lost
                };
                await assert.rejects(c.cancel("user-1", "tutorial"), {
                    name: "ReminderRedisError",
                    message: `reminder: Redis at ${proxy.host}:${proxy.port} gave no reply within 2000 ms during cancel (delete handle)`,
                });
                fake.afterChange = () => undefined;
                proxy.resume();
                // The dead handle is still there, naming the stopped execution.
                assert.equal(
                    JSON.parse((await admin.get("reminder:v1:user-1:tutorial"))!).executionArn,
                    first.executionArn,
                );
                assert.deepEqual(fake.stopped, [first.executionArn]);

                // A schedule does not trust it: it schedules anew, at once.
                const again = await c.schedule("user-1", "tutorial", at);
                assert.equal(again.created, true);
                assert.equal(
                    again.executionArn,
                    executionArnFor(MACHINE, `${executionName("user-1", "tutorial", at)}-1`),
                );

                // And a retried cancel converges: it stops what it names, and says so.
                assert.deepEqual(await c.cancel("user-1", "tutorial"), {
                    outcome: "cancelled",
                    executionArn: again.executionArn,
                });
                assert.deepEqual(fake.running(), []);
                assert.equal(await admin.exists("reminder:v1:user-1:tutorial"), 0);
            } finally {
                await c.close();
                await proxy.close();
            }
        });

        it("a retried cancel, after the handle's delete failed, stops again harmlessly and reports cancelled", async function () {
            const proxy = await startTcpProxy(redis);
            const c = newClient({
                redis: {
                    host: proxy.host,
                    port: proxy.port,
                    tls: false,
                    password: redis.password,
                    commandTimeoutMs: 2000,
                    connectTimeoutMs: 2000,
                },
            });
            extraClients.push(c);
            try {
                const { executionArn } = await c.schedule(
                    "user-1",
                    "tutorial",
                    new Date(NOW + HOUR),
                );
                fake.afterChange = (op) => {
                    if (op === "stop") proxy.silence();
                };
                await assert.rejects(c.cancel("user-1", "tutorial"), {
                    name: "ReminderRedisError",
                });
                fake.afterChange = () => undefined;
                proxy.resume();

                assert.deepEqual(await c.cancel("user-1", "tutorial"), {
                    outcome: "cancelled",
                    executionArn,
                });
                assert.equal(fake.executions.get(executionArn)?.status, "ABORTED");
                assert.equal(await admin.exists("reminder:v1:user-1:tutorial"), 0);
            } finally {
                await c.close();
                await proxy.close();
            }
        });

        // Each seed: 20 groups on ONE key, each group a schedule and a schedule for the same
        // time and a cancel, started at random moments; due times drawn from two, so groups
        // race on the same execution name too. After a StartExecution or StopExecution did its
        // work, sometimes Redis goes mute (requests lost) or loses its replies (requests
        // applied, the client cannot know) for 100 ms; callers retry what failed.
        for (const seed of [1, 2, 3, 4]) {
            it(`seed ${seed}: no orphan execution, no dead handle, no double start, and every "cancelled" stopped its execution`, async function () {
                const random = seededRandom(seed);
                const proxy = await startTcpProxy(redis);
                const c = newClient({
                    redis: {
                        host: proxy.host,
                        port: proxy.port,
                        tls: false,
                        password: redis.password,
                        commandTimeoutMs: 1000,
                        connectTimeoutMs: 1000,
                    },
                });
                extraClients.push(c);
                const timers = new Set<NodeJS.Timeout>();
                try {
                    await c.pending("user-1", "tutorial"); // connected before the storm
                    fake.jitterMs = 4;
                    let faults = 0;
                    fake.afterChange = () => {
                        if (random() < 0.15) {
                            faults++;
                            if (random() < 0.5) proxy.silence();
                            else proxy.dropReplies();
                            const t = setTimeout(() => {
                                timers.delete(t);
                                proxy.resume();
                            }, 100);
                            timers.add(t);
                        }
                    };
                    const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));
                    const retried = async <T>(op: () => Promise<T>): Promise<T> => {
                        for (let attempt = 1; ; attempt++) {
                            try {
                                return await op();
                            } catch (err) {
                                // Generous: a slow, shared machine must not exhaust them; a real bug
                                // fails every attempt and still ends the test.
                                if (attempt >= 100 || !(err instanceof ReminderError)) throw err;
                                await pause(20 + Math.floor(random() * 40));
                            }
                        }
                    };
                    const dueTimes = [new Date(NOW + HOUR), new Date(NOW + 2 * HOUR)];
                    const groups = Array.from({ length: 20 }, () => ({
                        at: dueTimes[Math.floor(random() * 2)],
                        delays: [0, 1, 2].map(() => Math.floor(random() * 60)),
                    }));
                    const results = await Promise.all(
                        groups.map((g) =>
                            Promise.all([
                                pause(g.delays[0]).then(() =>
                                    retried(() => c.schedule("user-1", "tutorial", g.at)),
                                ),
                                pause(g.delays[1]).then(() =>
                                    retried(() => c.schedule("user-1", "tutorial", g.at)),
                                ),
                                pause(g.delays[2]).then(() =>
                                    retried(() => c.cancel("user-1", "tutorial")),
                                ),
                            ]),
                        ),
                    );
                    fake.afterChange = () => undefined;
                    proxy.resume();

                    const handles = await handlesInRedis();
                    const running = fake.running();
                    // No dead handle: a stored handle names a running execution.
                    for (const arn of handles.values()) {
                        assert.equal(fake.executions.get(arn)?.status, "RUNNING", arn);
                    }
                    // No orphan: every running execution is the one the handle names.
                    assert.deepEqual(running, [...handles.values()]);
                    // No double start: at most one reminder runs, and no name started twice.
                    assert.ok(running.length <= 1, String(running));
                    assert.equal(new Set(fake.started).size, fake.started.length);
                    // Every cancel that says "cancelled" stopped the execution it names.
                    const cancels = results.map(([, , cancelled]) => cancelled);
                    for (const cancelled of cancels.filter((x) => x.outcome === "cancelled")) {
                        assert.equal(
                            fake.executions.get(cancelled.executionArn!)?.status,
                            "ABORTED",
                        );
                    }
                    // Every schedule answered with an execution that was started.
                    for (const [a, b] of results) {
                        assert.ok(fake.executions.has(a.executionArn));
                        assert.ok(fake.executions.has(b.executionArn));
                    }
                    // The storm did happen.
                    assert.ok(faults > 0, "no fault injected");
                } finally {
                    timers.forEach(clearTimeout);
                    await c.close();
                    await proxy.close();
                }
            });
        }
    });

    describe("when Redis is down", function () {
        it("fails fast with the endpoint named when nothing listens, before starting anything", async function () {
            const port = await freePort();
            const down = newClient({ redis: { host: "127.0.0.1", port, tls: false } });
            extraClients.push(down);
            const started = Date.now();
            await assert.rejects(
                down.schedule("user-1", "tutorial", new Date(NOW + HOUR)),
                (err: unknown) => {
                    assert.ok(err instanceof ReminderRedisError);
                    assert.equal(err.endpoint, `127.0.0.1:${port}`);
                    assert.equal(
                        err.message,
                        `reminder: Redis at 127.0.0.1:${port} is unreachable: connect ECONNREFUSED 127.0.0.1:${port}`,
                    );
                    return true;
                },
            );
            assert.ok(Date.now() - started < 2000);
            assert.equal(sfnMock.commandCalls(StartExecutionCommand).length, 0);
        });

        it("does not hang on a server that accepts and never answers: the connect deadline fires", async function () {
            const sockets: net.Socket[] = [];
            const blackhole = net.createServer((s) => sockets.push(s));
            await new Promise<void>((r) => blackhole.listen(0, "127.0.0.1", r));
            const { port } = blackhole.address() as net.AddressInfo;
            const silent = newClient({
                redis: {
                    host: "127.0.0.1",
                    port,
                    tls: false,
                    password: "x",
                    connectTimeoutMs: 300,
                },
            });
            extraClients.push(silent);
            try {
                const started = Date.now();
                await assert.rejects(silent.cancel("user-1", "tutorial"), {
                    name: "ReminderRedisError",
                    message: `reminder: Redis at 127.0.0.1:${port} is unreachable: no answer within 300 ms`,
                });
                assert.ok(Date.now() - started < 10_000, "bounded, not hung");
            } finally {
                sockets.forEach((s) => s.destroy());
                await new Promise((r) => blackhole.close(r));
            }
        });

        it("does not hang when the server stops answering once connected: every call fails at commandTimeoutMs, then the client reconnects", async function () {
            const proxy = await startTcpProxy(redis);
            const c = newClient({
                redis: {
                    host: proxy.host,
                    port: proxy.port,
                    tls: false,
                    password: redis.password,
                    commandTimeoutMs: 2000,
                    connectTimeoutMs: 2000,
                },
            });
            extraClients.push(c);
            try {
                await c.schedule("user-1", "tutorial", new Date(NOW + HOUR)); // connected
                proxy.silence(); // the next commands go on the wire and nothing comes back

                const endpoint = `${proxy.host}:${proxy.port}`;
                const started = Date.now();
                await assert.rejects(c.schedule("user-2", "tutorial", new Date(NOW + HOUR)), {
                    name: "ReminderRedisError",
                    message: `reminder: Redis at ${endpoint} gave no reply within 2000 ms during schedule (read handle)`,
                });
                assert.ok(
                    Date.now() - started < 30_000,
                    "bounded by the command deadline, not hung",
                );
                assert.equal(fake.started.length, 1, "nothing started without a healthy Redis");

                // The connection was dropped: a new one is opened, and it is silent too.
                await assert.rejects(c.cancel("user-1", "tutorial"), {
                    name: "ReminderRedisError",
                    message: `reminder: Redis at ${endpoint} is unreachable: no answer within 2000 ms`,
                });

                proxy.resume();
                assert.equal(
                    (await c.pending("user-1", "tutorial"))?.executionArn,
                    arnOf("user-1", "tutorial", new Date(NOW + HOUR)),
                );
                assert.equal(proxy.accepted, 3);
            } finally {
                await c.close();
                await proxy.close();
            }
        });

        it("names a refused password without retrying it", async function () {
            const wrong = newClient({
                redis: {
                    host: redis.host,
                    port: redis.port,
                    tls: false,
                    password: "not-the-token",
                },
            });
            extraClients.push(wrong);
            await assert.rejects(wrong.pending("user-1", "tutorial"), {
                name: "ReminderRedisError",
                message: `reminder: Redis at ${redis.host}:${redis.port} is unreachable: WRONGPASS invalid username-password pair or user is disabled.`,
            });
        });

        it("after the server goes away, fails the next call with the endpoint named, then recovers when it is back", async function () {
            const own = await startRedis();
            try {
                const c = newClient({
                    redis: { host: own.host, port: own.port, tls: false, password: own.password },
                });
                extraClients.push(c);
                await c.schedule("user-1", "tutorial", new Date(NOW + HOUR));
                await own.stop();

                await assert.rejects(c.pending("user-1", "tutorial"), (err: unknown) => {
                    assert.ok(err instanceof ReminderRedisError);
                    assert.equal(err.endpoint, `${own.host}:${own.port}`);
                    assert.match(
                        err.message,
                        new RegExp(
                            `^reminder: Redis at ${own.host}:${own.port} (is unreachable|failed during pending \\(read handle\\)): `,
                        ),
                    );
                    return true;
                });

                const back = await startRedis({ port: own.port, password: own.password });
                try {
                    // A fresh, empty server: the client reconnects and finds nothing pending.
                    assert.equal(await c.pending("user-1", "tutorial"), undefined);
                } finally {
                    await back.stop();
                }
            } finally {
                await own.stop();
            }
        });
    });

    async function handlesInRedis(): Promise<Map<string, string>> {
        const out = new Map<string, string>();
        for (const key of await admin.keys("reminder:v1:*")) {
            const user = decodeURIComponent(key.split(":")[2]);
            out.set(user, JSON.parse((await admin.get(key))!).executionArn);
        }
        return out;
    }
});
