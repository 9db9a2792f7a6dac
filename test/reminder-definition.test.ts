/**
 * The ReminderWorkflow state machine definition: its exact Wait/Task/Retry/Catch configuration,
 * the validator (on it and on broken variants), and walks through its paths.
 */
import assert from "node:assert/strict";
import { DEFAULT_HANDLE_GRACE_SECONDS } from "../components/reminder-workflow/client";
import {
    REMINDER_WORKFLOW_DEFAULTS,
    REMINDER_WORKFLOW_FIXED,
} from "../components/reminder-workflow/defaults";
import {
    SEND_RETRY,
    type StateMachineDefinition,
    type TaskState,
    reachableStates,
    reminderDefinition,
    validateDefinition,
    walkDefinition,
} from "../components/reminder-workflow/definition";

const SENDER = "arn:aws:lambda:eu-west-1:123456789012:function:reminders-dev-sender";
const EXECUTION =
    "arn:aws:states:eu-west-1:123456789012:execution:reminders-dev:tutorial-1796202000-0123456789abcdef01234567";
const INPUT = { userId: "user-1", kind: "tutorial", at: "2026-12-02T09:00:00Z" };
const SENT = { sent: true, executionArn: EXECUTION, messageId: "msg-1" };

/** A copy of the definition with `change` applied to its States. */
function mutate(
    change: (states: Record<string, unknown>) => void,
    top: Partial<StateMachineDefinition> = {},
): StateMachineDefinition {
    const def = JSON.parse(JSON.stringify(reminderDefinition({ senderFunctionArn: SENDER })));
    change(def.States);
    return { ...def, ...top };
}

describe("ReminderWorkflow definition", function () {
    const def = reminderDefinition({ senderFunctionArn: SENDER });

    describe("shape", function () {
        it("is plain JSON: serialising and parsing gives the same object", function () {
            assert.deepEqual(JSON.parse(JSON.stringify(def)), def);
        });

        it("starts with a Choice between waiting until $.at and waiting $.delaySeconds, else InvalidInput", function () {
            assert.equal(def.StartAt, "ChooseWait");
            assert.equal(def.QueryLanguage, "JSONPath");
            assert.deepEqual(def.States.ChooseWait, {
                Type: "Choice",
                Choices: [
                    { Variable: "$.at", IsPresent: true, Next: "WaitUntilDue" },
                    { Variable: "$.delaySeconds", IsPresent: true, Next: "WaitForDelay" },
                ],
                Default: "InvalidInput",
            });
            assert.deepEqual(def.States.WaitUntilDue, {
                Type: "Wait",
                TimestampPath: "$.at",
                Next: "SendReminder",
            });
            assert.deepEqual(def.States.WaitForDelay, {
                Type: "Wait",
                SecondsPath: "$.delaySeconds",
                Next: "SendReminder",
            });
        });

        it("invokes the sender with userId, kind and $$.Execution.Id, with exact Retry and Catch", function () {
            assert.deepEqual(def.States.SendReminder, {
                Type: "Task",
                Resource: "arn:aws:states:::lambda:invoke",
                Parameters: {
                    FunctionName: SENDER,
                    Payload: {
                        "userId.$": "$.userId",
                        "kind.$": "$.kind",
                        "executionArn.$": "$$.Execution.Id",
                    },
                },
                OutputPath: "$.Payload",
                TimeoutSeconds: 60,
                Retry: [
                    {
                        ErrorEquals: [
                            "Lambda.ClientExecutionTimeoutException",
                            "Lambda.ServiceException",
                            "Lambda.AWSLambdaException",
                            "Lambda.SdkClientException",
                            "Lambda.TooManyRequestsException",
                            "Lambda.Unknown",
                            "Sandbox.Timedout",
                            "States.Timeout",
                            "Reminder.SenderRetryable",
                        ],
                        IntervalSeconds: 5,
                        MaxAttempts: 40,
                        BackoffRate: 2,
                        MaxDelaySeconds: 300,
                        JitterStrategy: "FULL",
                    },
                ],
                Catch: [{ ErrorEquals: ["States.ALL"], ResultPath: "$.error", Next: "SendFailed" }],
                Next: "Done",
            });
        });

        it("ends in Done (Succeed), SendFailed or InvalidInput (Fail)", function () {
            assert.deepEqual(def.States.Done, { Type: "Succeed" });
            assert.deepEqual(def.States.SendFailed, {
                Type: "Fail",
                Error: "ReminderSendFailed",
                Cause: "The sender failed after its retries; see the execution history.",
            });
            assert.deepEqual(def.States.InvalidInput, {
                Type: "Fail",
                Error: "ReminderInvalidInput",
                Cause: "The input needs `at` (ISO 8601 timestamp) or `delaySeconds`.",
            });
        });

        it("takes the send timeout from its arguments", function () {
            const custom = reminderDefinition({
                senderFunctionArn: SENDER,
                sendTimeoutSeconds: 30,
            });
            assert.equal((custom.States.SendReminder as TaskState).TimeoutSeconds, 30);
        });

        it("rejects arguments it cannot use, naming them", function () {
            assert.throws(() => reminderDefinition({ senderFunctionArn: `${SENDER}:live` }), {
                name: "TypeError",
                message: `ReminderWorkflow: senderFunctionArn must be an unqualified Lambda function ARN, got "${SENDER}:live"`,
            });
            assert.throws(
                () => reminderDefinition({ senderFunctionArn: SENDER, sendTimeoutSeconds: 0 }),
                {
                    name: "TypeError",
                    message:
                        "ReminderWorkflow: sendTimeoutSeconds must be a positive integer, got 0",
                },
            );
        });
    });

    describe("validator", function () {
        it("finds nothing wrong with the definition", function () {
            assert.deepEqual(validateDefinition(def), []);
        });

        it("reaches every state from StartAt", function () {
            assert.deepEqual(reachableStates(def), [
                "ChooseWait",
                "WaitUntilDue",
                "WaitForDelay",
                "InvalidInput",
                "SendReminder",
                "Done",
                "SendFailed",
            ]);
        });

        const broken: [string, StateMachineDefinition, string[]][] = [
            [
                "a Next naming a missing state",
                mutate((s) => ((s.WaitUntilDue as { Next: string }).Next = "Sned")),
                ['WaitUntilDue.Next names a missing state "Sned"'],
            ],
            [
                "a Catch naming a missing state",
                mutate(
                    (s) =>
                        ((s.SendReminder as { Catch: { Next: string }[] }).Catch[0].Next = "Oops"),
                ),
                [
                    'SendReminder.Catch[0].Next names a missing state "Oops"',
                    "SendFailed: unreachable from StartAt",
                ],
            ],
            [
                "a missing StartAt",
                mutate(() => undefined, { StartAt: "Begin" }),
                [
                    'StartAt names a missing state "Begin"',
                    "ChooseWait: unreachable from StartAt",
                    "WaitUntilDue: unreachable from StartAt",
                    "WaitForDelay: unreachable from StartAt",
                    "SendReminder: unreachable from StartAt",
                    "Done: unreachable from StartAt",
                    "SendFailed: unreachable from StartAt",
                    "InvalidInput: unreachable from StartAt",
                    "no reachable state ends the execution (Succeed, Fail or End: true)",
                ],
            ],
            [
                "an unreachable state",
                mutate((s) => (s.Orphan = { Type: "Pass", End: true })),
                ["Orphan: unreachable from StartAt"],
            ],
            [
                "both Next and End",
                mutate((s) => Object.assign(s.WaitForDelay as object, { End: true })),
                ["WaitForDelay: needs exactly one of Next and End"],
            ],
            [
                "a Wait with two durations",
                mutate((s) => Object.assign(s.WaitUntilDue as object, { Seconds: 5 })),
                [
                    "WaitUntilDue: a Wait state needs exactly one of Seconds, SecondsPath, Timestamp, TimestampPath",
                ],
            ],
            [
                "no terminal state",
                mutate((s) => {
                    for (const name of ["Done", "SendFailed", "InvalidInput"]) {
                        s[name] = { Type: "Pass", Next: "ChooseWait" };
                    }
                }),
                ["no reachable state ends the execution (Succeed, Fail or End: true)"],
            ],
            [
                "States.ALL before another catcher, and a bad retrier",
                mutate((s) => {
                    const task = s.SendReminder as {
                        Catch: unknown[];
                        Retry: Record<string, unknown>[];
                    };
                    task.Catch.push({ ErrorEquals: ["Custom"], Next: "SendFailed" });
                    Object.assign(task.Retry[0], { BackoffRate: 0.5, JitterStrategy: "SOME" });
                }),
                [
                    "SendReminder.Retry[0].BackoffRate must be >= 1",
                    "SendReminder.Retry[0].JitterStrategy must be FULL or NONE",
                    "SendReminder.Catch[0]: States.ALL must be in the last entry",
                ],
            ],
        ];
        for (const [what, broke, problems] of broken) {
            it(`reports ${what}`, function () {
                assert.deepEqual(validateDefinition(broke), problems);
            });
        }
    });

    describe("walker", function () {
        it("wait until $.at -> send -> Done, passing the execution ARN to the sender", function () {
            const walk = walkDefinition(def, {
                input: INPUT,
                executionArn: EXECUTION,
                tasks: { SendReminder: [{ result: { StatusCode: 200, Payload: SENT } }] },
            });

            assert.equal(walk.status, "SUCCEEDED");
            assert.deepEqual(walk.path, ["ChooseWait", "WaitUntilDue", "SendReminder", "Done"]);
            assert.deepEqual(walk.events, [
                { state: "ChooseWait", type: "Choice", next: "WaitUntilDue" },
                { state: "WaitUntilDue", type: "Wait", until: "2026-12-02T09:00:00Z" },
                {
                    state: "SendReminder",
                    type: "TaskAttempt",
                    attempt: 1,
                    resource: "arn:aws:states:::lambda:invoke",
                    parameters: {
                        FunctionName: SENDER,
                        Payload: { userId: "user-1", kind: "tutorial", executionArn: EXECUTION },
                    },
                },
                { state: "Done", type: "Succeed" },
            ]);
            assert.deepEqual(walk.output, SENT);
        });

        it("wait $.delaySeconds -> send -> Done", function () {
            const walk = walkDefinition(def, {
                input: { userId: "user-1", kind: "tutorial", delaySeconds: 900 },
                executionArn: EXECUTION,
                tasks: {
                    SendReminder: [{ result: { Payload: { sent: false, reason: "not-pending" } } }],
                },
            });
            assert.deepEqual(walk.path, ["ChooseWait", "WaitForDelay", "SendReminder", "Done"]);
            assert.deepEqual(walk.events[1], { state: "WaitForDelay", type: "Wait", seconds: 900 });
            assert.deepEqual(walk.output, { sent: false, reason: "not-pending" });
        });

        it("retries Lambda service errors with backoff and succeeds", function () {
            const walk = walkDefinition(def, {
                input: INPUT,
                executionArn: EXECUTION,
                tasks: {
                    SendReminder: [
                        { error: "Lambda.ServiceException" },
                        { error: "Lambda.TooManyRequestsException" },
                        { result: { Payload: SENT } },
                    ],
                },
            });
            assert.equal(walk.status, "SUCCEEDED");
            assert.deepEqual(
                walk.events.filter((e) => e.type === "Retry"),
                [
                    {
                        state: "SendReminder",
                        type: "Retry",
                        error: "Lambda.ServiceException",
                        maxDelaySeconds: 5,
                    },
                    {
                        state: "SendReminder",
                        type: "Retry",
                        error: "Lambda.TooManyRequestsException",
                        maxDelaySeconds: 10,
                    },
                ],
            );
        });

        it("send throws -> retries exhausted -> catch -> SendFailed", function () {
            const walk = walkDefinition(def, {
                input: INPUT,
                executionArn: EXECUTION,
                tasks: {
                    SendReminder: Array.from({ length: 41 }, () => ({
                        error: "Lambda.ServiceException",
                        cause: "boom",
                    })),
                },
            });

            assert.equal(walk.status, "FAILED");
            assert.equal(walk.error, "ReminderSendFailed");
            assert.deepEqual(walk.path, [
                "ChooseWait",
                "WaitUntilDue",
                "SendReminder",
                "SendFailed",
            ]);
            assert.equal(walk.events.filter((e) => e.type === "TaskAttempt").length, 41);
            assert.deepEqual(
                walk.events.flatMap((e) => (e.type === "Retry" ? [e.maxDelaySeconds] : [])),
                [5, 10, 20, 40, 80, 160, ...Array<number>(34).fill(300)],
            );
            assert.deepEqual(walk.events.slice(-2), [
                {
                    state: "SendReminder",
                    type: "Catch",
                    error: "Lambda.ServiceException",
                    next: "SendFailed",
                },
                { state: "SendFailed", type: "Fail" },
            ]);
        });

        it("keeps retrying timeouts, throttling and the sender's error, mixed, for over an hour with full jitter", function () {
            const errors = [
                "Sandbox.Timedout",
                "States.Timeout",
                "Lambda.Unknown",
                "Lambda.TooManyRequestsException",
                "Reminder.SenderRetryable",
            ];
            const walk = walkDefinition(def, {
                input: INPUT,
                executionArn: EXECUTION,
                tasks: {
                    SendReminder: [
                        ...Array.from({ length: 40 }, (_, i) => ({ error: errors[i % 5] })),
                        { result: { Payload: SENT } },
                    ],
                },
            });
            assert.equal(walk.status, "SUCCEEDED");
            const delays = walk.events.flatMap((e) =>
                e.type === "Retry" ? [e.maxDelaySeconds] : [],
            );
            assert.equal(delays.length, 40);
            // FULL jitter waits uniformly in [0, delay]: the expected total is half the sum,
            // 87.6 minutes, with a standard deviation near 8 minutes: over an hour.
            const total = delays.reduce((x, y) => x + y, 0);
            assert.equal(total, 10_515);
            assert.ok(total / 2 >= 3600 + 3 * 8 * 60);
        });

        it("the client's default handle grace outlasts the Send state's longest run of retries", function () {
            // Worst case: every delay at its full (unjittered) value, every attempt timing out.
            let delays = 0;
            for (let n = 0; n < SEND_RETRY.MaxAttempts; n++) {
                delays += Math.min(
                    SEND_RETRY.IntervalSeconds * SEND_RETRY.BackoffRate ** n,
                    SEND_RETRY.MaxDelaySeconds,
                );
            }
            const taskTimeout =
                REMINDER_WORKFLOW_DEFAULTS.senderTimeoutSeconds +
                REMINDER_WORKFLOW_FIXED.sendTimeoutMarginSeconds;
            const worst = delays + (SEND_RETRY.MaxAttempts + 1) * taskTimeout;
            assert.equal(worst, 10_515 + 41 * 60);
            assert.ok(worst < DEFAULT_HANDLE_GRACE_SECONDS, `${worst} s`);
        });

        it("send throws a function error -> no retry -> catch -> SendFailed", function () {
            const walk = walkDefinition(def, {
                input: INPUT,
                executionArn: EXECUTION,
                tasks: { SendReminder: [{ error: "TypeError", cause: "bad event" }] },
            });
            assert.equal(walk.status, "FAILED");
            assert.equal(walk.error, "ReminderSendFailed");
            assert.deepEqual(walk.path, [
                "ChooseWait",
                "WaitUntilDue",
                "SendReminder",
                "SendFailed",
            ]);
            assert.equal(walk.events.filter((e) => e.type === "Retry").length, 0);
        });

        it("input with neither at nor delaySeconds -> InvalidInput", function () {
            const walk = walkDefinition(def, {
                input: { userId: "user-1", kind: "tutorial" },
                executionArn: EXECUTION,
            });
            assert.equal(walk.status, "FAILED");
            assert.equal(walk.error, "ReminderInvalidInput");
            assert.deepEqual(walk.path, ["ChooseWait", "InvalidInput"]);
        });

        it("an at that is not an ISO timestamp fails the Wait with States.Runtime", function () {
            const walk = walkDefinition(def, {
                input: { ...INPUT, at: "tomorrow" },
                executionArn: EXECUTION,
            });
            assert.equal(walk.status, "FAILED");
            assert.equal(walk.error, "States.Runtime");
            assert.deepEqual(walk.path, ["ChooseWait", "WaitUntilDue"]);
        });
    });
});
