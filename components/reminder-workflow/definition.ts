/**
 * The ReminderWorkflow state machine, as a typed Amazon States Language object, with a
 * validator and a small walker that simulates executions. Pure TypeScript: no Pulumi, no AWS.
 * The component serialises {@link reminderDefinition} with JSON.stringify once the sender's ARN
 * is known (inside `pulumi.output(...).apply`, which creates no resources).
 */

// ---------------------------------------------------------------------------------------------
// ASL types (the subset this project uses)
// ---------------------------------------------------------------------------------------------

/** How Step Functions randomises retry delays. */
export type JitterStrategy = "FULL" | "NONE";

/** One entry of a state's `Retry`. */
export interface Retrier {
    readonly ErrorEquals: readonly string[];
    /** Seconds before the first retry. ASL default 1. */
    readonly IntervalSeconds?: number;
    /** Retries after the first attempt. ASL default 3. */
    readonly MaxAttempts?: number;
    /** Multiplier of the interval per retry. ASL default 2. */
    readonly BackoffRate?: number;
    /** Cap on any one delay, in seconds. */
    readonly MaxDelaySeconds?: number;
    readonly JitterStrategy?: JitterStrategy;
}

/** One entry of a state's `Catch`. */
export interface Catcher {
    readonly ErrorEquals: readonly string[];
    readonly Next: string;
    /** Where `{ Error, Cause }` goes in the input; null discards it. ASL default "$". */
    readonly ResultPath?: string | null;
}

/** A state either names its successor or ends the execution. */
export type Transition =
    | { readonly Next: string; readonly End?: undefined }
    | { readonly End: true; readonly Next?: undefined };

interface StateBase {
    readonly Comment?: string;
}

/** A Wait state: exactly one of Seconds, SecondsPath, Timestamp, TimestampPath. */
export type WaitState = StateBase &
    Transition & { readonly Type: "Wait" } & (
        | { readonly Seconds: number }
        | { readonly SecondsPath: string }
        | { readonly Timestamp: string }
        | { readonly TimestampPath: string }
    );

/** A Task state. */
export type TaskState = StateBase &
    Transition & {
        readonly Type: "Task";
        readonly Resource: string;
        readonly Parameters?: Readonly<Record<string, unknown>>;
        readonly ResultSelector?: Readonly<Record<string, unknown>>;
        readonly ResultPath?: string | null;
        readonly OutputPath?: string;
        readonly TimeoutSeconds?: number;
        readonly Retry?: readonly Retrier[];
        readonly Catch?: readonly Catcher[];
    };

/** A comparison in a Choice rule (the operators the walker understands). */
export interface ChoiceComparison {
    readonly Variable: string;
    readonly IsPresent?: boolean;
    readonly IsNumeric?: boolean;
    readonly IsString?: boolean;
    readonly StringEquals?: string;
    readonly NumericGreaterThanEquals?: number;
}

/** A boolean expression of a Choice rule. */
export type ChoiceExpression =
    | ChoiceComparison
    | { readonly And: readonly ChoiceExpression[] }
    | { readonly Or: readonly ChoiceExpression[] }
    | { readonly Not: ChoiceExpression };

/** A top-level Choice rule: an expression and where to go when it holds. */
export type ChoiceRule = ChoiceExpression & { readonly Next: string };

/** A Choice state. */
export interface ChoiceState extends StateBase {
    readonly Type: "Choice";
    readonly Choices: readonly ChoiceRule[];
    readonly Default?: string;
}

/** A Pass state. */
export type PassState = StateBase &
    Transition & {
        readonly Type: "Pass";
        readonly Result?: unknown;
        readonly ResultPath?: string | null;
    };

/** A Succeed state. */
export interface SucceedState extends StateBase {
    readonly Type: "Succeed";
}

/** A Fail state. */
export interface FailState extends StateBase {
    readonly Type: "Fail";
    readonly Error?: string;
    readonly Cause?: string;
}

/** Any state. */
export type State = WaitState | TaskState | ChoiceState | PassState | SucceedState | FailState;

/** A whole state machine definition. */
export interface StateMachineDefinition {
    readonly Comment?: string;
    readonly QueryLanguage?: "JSONPath";
    readonly StartAt: string;
    readonly TimeoutSeconds?: number;
    readonly States: Readonly<Record<string, State>>;
}

// ---------------------------------------------------------------------------------------------
// The ReminderWorkflow definition
// ---------------------------------------------------------------------------------------------

/**
 * The error name the sender throws when Redis or SNS is unavailable; the Send state retries it.
 * The sender imports it from here so the two cannot drift apart.
 */
export const SENDER_RETRYABLE_ERROR = "Reminder.SenderRetryable";

/** Lambda service-side errors worth retrying: the invoke itself failed, not the function. */
export const LAMBDA_SERVICE_ERRORS = [
    "Lambda.ClientExecutionTimeoutException",
    "Lambda.ServiceException",
    "Lambda.AWSLambdaException",
    "Lambda.SdkClientException",
    "Lambda.TooManyRequestsException",
] as const;

/**
 * Everything the Send state retries: the invoke failing on Lambda's side (throttling included),
 * the sender timing out (`Sandbox.Timedout`, `Lambda.Unknown`) or the Task's own timeout
 * (`States.Timeout`), and the sender's retryable error (Redis or SNS unavailable). One retrier, so
 * a mix of them shares one budget. A retried timeout may send a reminder twice (the sender may
 * have published before it was cut off): a late duplicate is better than a lost reminder.
 */
export const SEND_RETRYABLE_ERRORS = [
    ...LAMBDA_SERVICE_ERRORS,
    "Lambda.Unknown",
    "Sandbox.Timedout",
    "States.Timeout",
    SENDER_RETRYABLE_ERROR,
] as const;

/**
 * The Send state's retry policy: 5 s doubling to a 5-minute ceiling, full jitter, 40 retries.
 * The delays before jitter add up to 315 s + 34 x 300 s = 10,515 s (2 h 55 min); FULL jitter
 * waits a uniform share of each, about 87 minutes in all on average and over an hour with near
 * certainty, so a cache failover or an SNS outage of an hour does not lose the reminder.
 */
export const SEND_RETRY = {
    IntervalSeconds: 5,
    MaxAttempts: 40,
    BackoffRate: 2,
    MaxDelaySeconds: 300,
    JitterStrategy: "FULL",
} as const;

/** State names, exported so the component's alarms and tests can refer to them. */
export const STATE = {
    chooseWait: "ChooseWait",
    waitUntil: "WaitUntilDue",
    waitFor: "WaitForDelay",
    send: "SendReminder",
    sent: "Done",
    sendFailed: "SendFailed",
    invalidInput: "InvalidInput",
} as const;

/** Arguments of {@link reminderDefinition}. */
export interface ReminderDefinitionArgs {
    /** ARN of the sender Lambda function (unqualified). */
    readonly senderFunctionArn: string;
    /** Seconds one sender invocation may take before the Task times out. Default 60. */
    readonly sendTimeoutSeconds?: number;
}

/**
 * Builds the ReminderWorkflow definition. The execution input is
 * `{ userId, kind, at }` (at: ISO 8601 timestamp) or `{ userId, kind, delaySeconds }`; the
 * client library always sends `at`. The sender receives `{ userId, kind, executionArn }`,
 * executionArn being `$$.Execution.Id`, and its result is the execution's output.
 */
export function reminderDefinition(args: ReminderDefinitionArgs): StateMachineDefinition {
    if (!/^arn:[^:]+:lambda:[^:]+:\d{12}:function:[A-Za-z0-9_-]+$/.test(args.senderFunctionArn)) {
        throw new TypeError(
            `ReminderWorkflow: senderFunctionArn must be an unqualified Lambda function ARN, got ${JSON.stringify(args.senderFunctionArn)}`,
        );
    }
    const sendTimeoutSeconds = args.sendTimeoutSeconds ?? 60;
    if (!Number.isInteger(sendTimeoutSeconds) || sendTimeoutSeconds < 1) {
        throw new TypeError(
            `ReminderWorkflow: sendTimeoutSeconds must be a positive integer, got ${sendTimeoutSeconds}`,
        );
    }
    return {
        Comment: "ReminderWorkflow: wait until the reminder is due, then send it unless cancelled.",
        QueryLanguage: "JSONPath",
        StartAt: STATE.chooseWait,
        States: {
            [STATE.chooseWait]: {
                Type: "Choice",
                Choices: [
                    { Variable: "$.at", IsPresent: true, Next: STATE.waitUntil },
                    { Variable: "$.delaySeconds", IsPresent: true, Next: STATE.waitFor },
                ],
                Default: STATE.invalidInput,
            },
            [STATE.waitUntil]: { Type: "Wait", TimestampPath: "$.at", Next: STATE.send },
            [STATE.waitFor]: { Type: "Wait", SecondsPath: "$.delaySeconds", Next: STATE.send },
            [STATE.send]: {
                Type: "Task",
                Resource: "arn:aws:states:::lambda:invoke",
                Parameters: {
                    FunctionName: args.senderFunctionArn,
                    Payload: {
                        "userId.$": "$.userId",
                        "kind.$": "$.kind",
                        "executionArn.$": "$$.Execution.Id",
                    },
                },
                OutputPath: "$.Payload",
                TimeoutSeconds: sendTimeoutSeconds,
                Retry: [{ ErrorEquals: [...SEND_RETRYABLE_ERRORS], ...SEND_RETRY }],
                Catch: [
                    { ErrorEquals: ["States.ALL"], ResultPath: "$.error", Next: STATE.sendFailed },
                ],
                Next: STATE.sent,
            },
            [STATE.sent]: { Type: "Succeed" },
            [STATE.sendFailed]: {
                Type: "Fail",
                Error: "ReminderSendFailed",
                Cause: "The sender failed after its retries; see the execution history.",
            },
            [STATE.invalidInput]: {
                Type: "Fail",
                Error: "ReminderInvalidInput",
                Cause: "The input needs `at` (ISO 8601 timestamp) or `delaySeconds`.",
            },
        },
    };
}

// ---------------------------------------------------------------------------------------------
// Validator
// ---------------------------------------------------------------------------------------------

const TERMINAL_TYPES = new Set(["Succeed", "Fail"]);

/** The names a state can move to (Next, End excluded), with where each came from. */
export function successors(state: State): { readonly via: string; readonly next: string }[] {
    const out: { via: string; next: string }[] = [];
    switch (state.Type) {
        case "Choice":
            state.Choices.forEach((c, i) => out.push({ via: `Choices[${i}].Next`, next: c.Next }));
            if (state.Default !== undefined) {
                out.push({ via: "Default", next: state.Default });
            }
            break;
        case "Succeed":
        case "Fail":
            break;
        default:
            if (state.Next !== undefined) {
                out.push({ via: "Next", next: state.Next });
            }
            if (state.Type === "Task") {
                (state.Catch ?? []).forEach((c, i) =>
                    out.push({ via: `Catch[${i}].Next`, next: c.Next }),
                );
            }
    }
    return out;
}

/** The states reachable from StartAt, in breadth-first order. */
export function reachableStates(def: StateMachineDefinition): string[] {
    const seen = new Set<string>();
    const queue = [def.StartAt];
    while (queue.length > 0) {
        const name = queue.shift() as string;
        const state = def.States[name];
        if (seen.has(name) || !state) {
            continue;
        }
        seen.add(name);
        queue.push(...successors(state).map((s) => s.next));
    }
    return [...seen];
}

/**
 * Checks a definition and returns every problem found (empty when valid): StartAt and every
 * transition name an existing state; each non-terminal state has exactly one of Next and End;
 * a Wait has exactly one duration; every state is reachable from StartAt; some reachable state
 * ends the execution; Retry and Catch are well-formed (States.ALL alone and last).
 */
export function validateDefinition(def: StateMachineDefinition): string[] {
    const problems: string[] = [];
    const names = Object.keys(def.States);
    if (names.length === 0) {
        problems.push("States is empty");
    }
    if (!(def.StartAt in def.States)) {
        problems.push(`StartAt names a missing state "${def.StartAt}"`);
    }
    for (const [name, state] of Object.entries(def.States)) {
        if (name.length === 0 || name.length > 80) {
            problems.push(`state name "${name}" must be 1..80 characters`);
        }
        for (const { via, next } of successors(state)) {
            if (!(next in def.States)) {
                problems.push(`${name}.${via} names a missing state "${next}"`);
            }
        }
        if (state.Type === "Choice") {
            if (state.Choices.length === 0) {
                problems.push(`${name}: a Choice state needs at least one rule`);
            }
        } else if (!TERMINAL_TYPES.has(state.Type)) {
            const s = state as Transition;
            if ((s.Next === undefined) === (s.End !== true)) {
                problems.push(`${name}: needs exactly one of Next and End`);
            }
        }
        if (state.Type === "Wait") {
            const fields = ["Seconds", "SecondsPath", "Timestamp", "TimestampPath"].filter(
                (f) => f in state,
            );
            if (fields.length !== 1) {
                problems.push(
                    `${name}: a Wait state needs exactly one of Seconds, SecondsPath, Timestamp, TimestampPath`,
                );
            }
        }
        if (state.Type === "Task") {
            (state.Retry ?? []).forEach((r, i) =>
                problems.push(...checkRetrier(`${name}.Retry[${i}]`, r)),
            );
            problems.push(...checkErrorLists(`${name}.Retry`, state.Retry ?? []));
            problems.push(...checkErrorLists(`${name}.Catch`, state.Catch ?? []));
        }
    }
    const reachable = new Set(reachableStates(def));
    for (const name of names) {
        if (!reachable.has(name)) {
            problems.push(`${name}: unreachable from StartAt`);
        }
    }
    const ends = [...reachable].filter((n) => {
        const s = def.States[n];
        return TERMINAL_TYPES.has(s.Type) || (s as Transition).End === true;
    });
    if (ends.length === 0) {
        problems.push("no reachable state ends the execution (Succeed, Fail or End: true)");
    }
    return problems;
}

/** Throws one error listing every problem {@link validateDefinition} found. */
export function assertValidDefinition(def: StateMachineDefinition): void {
    const problems = validateDefinition(def);
    if (problems.length > 0) {
        throw new Error(`invalid state machine definition:\n  ${problems.join("\n  ")}`);
    }
}

function checkRetrier(where: string, r: Retrier): string[] {
    const problems: string[] = [];
    if (
        r.IntervalSeconds !== undefined &&
        !(Number.isInteger(r.IntervalSeconds) && r.IntervalSeconds >= 1)
    ) {
        problems.push(`${where}.IntervalSeconds must be an integer >= 1`);
    }
    if (r.MaxAttempts !== undefined && !(Number.isInteger(r.MaxAttempts) && r.MaxAttempts >= 0)) {
        problems.push(`${where}.MaxAttempts must be an integer >= 0`);
    }
    if (r.BackoffRate !== undefined && !(r.BackoffRate >= 1)) {
        problems.push(`${where}.BackoffRate must be >= 1`);
    }
    if (
        r.MaxDelaySeconds !== undefined &&
        !(Number.isInteger(r.MaxDelaySeconds) && r.MaxDelaySeconds >= 1)
    ) {
        problems.push(`${where}.MaxDelaySeconds must be an integer >= 1`);
    }
    if (
        r.JitterStrategy !== undefined &&
        r.JitterStrategy !== "FULL" &&
        r.JitterStrategy !== "NONE"
    ) {
        problems.push(`${where}.JitterStrategy must be FULL or NONE`);
    }
    return problems;
}

function checkErrorLists(
    where: string,
    entries: readonly { ErrorEquals: readonly string[] }[],
): string[] {
    const problems: string[] = [];
    entries.forEach((e, i) => {
        if (e.ErrorEquals.length === 0) {
            problems.push(`${where}[${i}].ErrorEquals is empty`);
        }
        if (e.ErrorEquals.includes("States.ALL")) {
            if (e.ErrorEquals.length > 1) {
                problems.push(`${where}[${i}]: States.ALL must be the only error name`);
            }
            if (i !== entries.length - 1) {
                problems.push(`${where}[${i}]: States.ALL must be in the last entry`);
            }
        }
    });
    return problems;
}

// ---------------------------------------------------------------------------------------------
// Walker
// ---------------------------------------------------------------------------------------------

/** What one attempt of a Task does in a simulation: return a result, or throw an error. */
export type TaskAttempt =
    { readonly result: unknown } | { readonly error: string; readonly cause?: string };

/** A simulated execution. */
export interface WalkScenario {
    /** The execution input. */
    readonly input: unknown;
    /** The execution ARN, `$$.Execution.Id`. */
    readonly executionArn: string;
    /** Per Task state, the outcomes of its attempts in order; a missing one ends the walk. */
    readonly tasks?: Readonly<Record<string, readonly TaskAttempt[]>>;
    /** Guard against loops. Default 100 state entries. */
    readonly maxSteps?: number;
}

/** One thing that happened during a walk. */
export type WalkEvent =
    | { readonly state: string; readonly type: "Choice"; readonly next: string }
    | {
          readonly state: string;
          readonly type: "Wait";
          readonly seconds?: number;
          readonly until?: string;
      }
    | {
          readonly state: string;
          readonly type: "TaskAttempt";
          readonly attempt: number;
          readonly resource: string;
          readonly parameters: unknown;
          readonly error?: string;
      }
    | {
          readonly state: string;
          readonly type: "Retry";
          readonly error: string;
          /** The delay before jitter: IntervalSeconds * BackoffRate^n, capped by MaxDelaySeconds. */
          readonly maxDelaySeconds: number;
      }
    | {
          readonly state: string;
          readonly type: "Catch";
          readonly error: string;
          readonly next: string;
      }
    | { readonly state: string; readonly type: "Pass" | "Succeed" | "Fail" };

/** How a walk ended. */
export interface WalkResult {
    readonly status: "SUCCEEDED" | "FAILED";
    /** The states entered, in order (a retried Task appears once). */
    readonly path: readonly string[];
    readonly events: readonly WalkEvent[];
    /** The execution's output (SUCCEEDED) */
    readonly output?: unknown;
    /** The error and cause (FAILED). */
    readonly error?: string;
    readonly cause?: string;
}

/**
 * Simulates one execution of `def`: evaluates Choice rules, records Waits without waiting,
 * resolves Task Parameters against the input and the context object, plays the scenario's
 * scripted attempt outcomes through Retry (delays computed, not slept) and Catch, and applies
 * ResultPath and OutputPath. A small model of the ASL semantics this project uses, for tests.
 */
export function walkDefinition(def: StateMachineDefinition, scenario: WalkScenario): WalkResult {
    const context = { Execution: { Id: scenario.executionArn, Input: scenario.input } };
    const attemptsUsed = new Map<string, number>();
    const path: string[] = [];
    const events: WalkEvent[] = [];
    const maxSteps = scenario.maxSteps ?? 100;
    let data: unknown = scenario.input;
    let name = def.StartAt;

    for (let step = 0; step < maxSteps; step++) {
        const state = def.States[name];
        if (!state) {
            throw new Error(`walk: state "${name}" does not exist`);
        }
        path.push(name);
        let next: string | undefined;
        switch (state.Type) {
            case "Choice": {
                const rule = state.Choices.find((r) => evaluate(r, data));
                next = rule?.Next ?? state.Default;
                if (next === undefined) {
                    return failed("States.NoChoiceMatched", `no rule of ${name} matched`);
                }
                events.push({ state: name, type: "Choice", next });
                break;
            }
            case "Wait": {
                const w = state as WaitState & Record<string, unknown>;
                if ("Seconds" in w) {
                    events.push({ state: name, type: "Wait", seconds: w.Seconds as number });
                } else if ("Timestamp" in w) {
                    events.push({ state: name, type: "Wait", until: w.Timestamp as string });
                } else if ("SecondsPath" in w) {
                    const seconds = read(data, w.SecondsPath as string, context);
                    if (typeof seconds !== "number" || seconds < 0) {
                        return failed(
                            "States.Runtime",
                            `${name}: SecondsPath is not a number >= 0`,
                        );
                    }
                    events.push({ state: name, type: "Wait", seconds });
                } else {
                    const until = read(data, w.TimestampPath as string, context);
                    if (typeof until !== "string" || !ISO_TIMESTAMP.test(until)) {
                        return failed(
                            "States.Runtime",
                            `${name}: TimestampPath is not an ISO 8601 timestamp`,
                        );
                    }
                    events.push({ state: name, type: "Wait", until });
                }
                next = state.Next;
                break;
            }
            case "Pass": {
                events.push({ state: name, type: "Pass" });
                if (state.Result !== undefined) {
                    data = applyResultPath(data, state.Result, state.ResultPath);
                }
                next = state.Next;
                break;
            }
            case "Task": {
                const outcome = runTask(name, state, data);
                if ("failed" in outcome) {
                    return outcome.failed;
                }
                data = outcome.data;
                next = outcome.next;
                break;
            }
            case "Succeed":
                events.push({ state: name, type: "Succeed" });
                return { status: "SUCCEEDED", path, events, output: data };
            case "Fail":
                events.push({ state: name, type: "Fail" });
                return { status: "FAILED", path, events, error: state.Error, cause: state.Cause };
        }
        if (next === undefined) {
            return { status: "SUCCEEDED", path, events, output: data };
        }
        name = next;
    }
    throw new Error(`walk: more than ${maxSteps} steps; is there a loop?`);

    function failed(error: string, cause: string): WalkResult {
        return { status: "FAILED", path, events, error, cause };
    }

    function runTask(
        name: string,
        state: TaskState,
        input: unknown,
    ): { data: unknown; next: string | undefined } | { failed: WalkResult } {
        const script = scenario.tasks?.[name] ?? [];
        const retriesUsed = new Map<number, number>();
        const parameters =
            state.Parameters === undefined ? input : resolve(state.Parameters, input, context);
        for (;;) {
            const index = attemptsUsed.get(name) ?? 0;
            attemptsUsed.set(name, index + 1);
            const attempt = script[index];
            if (!attempt) {
                throw new Error(`walk: no scripted outcome for attempt ${index + 1} of ${name}`);
            }
            const error = "error" in attempt ? attempt.error : undefined;
            events.push({
                state: name,
                type: "TaskAttempt",
                attempt: index + 1,
                resource: state.Resource,
                parameters,
                ...(error === undefined ? {} : { error }),
            });
            if (!("error" in attempt)) {
                let result = attempt.result;
                if (state.ResultSelector) {
                    result = resolve(state.ResultSelector, result, context);
                }
                let out = applyResultPath(input, result, state.ResultPath);
                if (state.OutputPath !== undefined) {
                    out = read(out, state.OutputPath, context);
                }
                return { data: out, next: state.Next };
            }
            const retryIndex = (state.Retry ?? []).findIndex((r) =>
                errorMatches(r.ErrorEquals, attempt.error),
            );
            if (retryIndex >= 0) {
                const r = (state.Retry ?? [])[retryIndex];
                const used = retriesUsed.get(retryIndex) ?? 0;
                if (used < (r.MaxAttempts ?? 3)) {
                    retriesUsed.set(retryIndex, used + 1);
                    const delay = (r.IntervalSeconds ?? 1) * (r.BackoffRate ?? 2) ** used;
                    events.push({
                        state: name,
                        type: "Retry",
                        error: attempt.error,
                        maxDelaySeconds: Math.min(delay, r.MaxDelaySeconds ?? Infinity),
                    });
                    continue;
                }
            }
            const catcher = (state.Catch ?? []).find((c) =>
                errorMatches(c.ErrorEquals, attempt.error),
            );
            if (catcher) {
                events.push({
                    state: name,
                    type: "Catch",
                    error: attempt.error,
                    next: catcher.Next,
                });
                const errorOutput = { Error: attempt.error, Cause: attempt.cause ?? "" };
                return {
                    data: applyResultPath(input, errorOutput, catcher.ResultPath),
                    next: catcher.Next,
                };
            }
            return { failed: failed(attempt.error, attempt.cause ?? "") };
        }
    }
}

const ISO_TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

/** ASL's error matching: States.ALL matches everything but States.Runtime. */
function errorMatches(names: readonly string[], error: string): boolean {
    if (names.includes(error)) {
        return true;
    }
    if (names.includes("States.ALL")) {
        return error !== "States.Runtime";
    }
    return (
        names.includes("States.TaskFailed") &&
        error !== "States.Timeout" &&
        !error.startsWith("States.Runtime")
    );
}

function evaluate(rule: ChoiceExpression, data: unknown): boolean {
    if ("And" in rule) {
        return rule.And.every((r) => evaluate(r, data));
    }
    if ("Or" in rule) {
        return rule.Or.some((r) => evaluate(r, data));
    }
    if ("Not" in rule) {
        return !evaluate(rule.Not, data);
    }
    const present = has(data, rule.Variable);
    if (rule.IsPresent !== undefined) {
        return present === rule.IsPresent;
    }
    if (!present) {
        throw new Error(`walk: Choice reads missing ${rule.Variable}`);
    }
    const value = read(data, rule.Variable, {});
    if (rule.IsNumeric !== undefined) {
        return (typeof value === "number") === rule.IsNumeric;
    }
    if (rule.IsString !== undefined) {
        return (typeof value === "string") === rule.IsString;
    }
    if (rule.StringEquals !== undefined) {
        return value === rule.StringEquals;
    }
    if (rule.NumericGreaterThanEquals !== undefined) {
        return typeof value === "number" && value >= rule.NumericGreaterThanEquals;
    }
    throw new Error(`walk: unsupported Choice rule ${JSON.stringify(rule)}`);
}

/** Splits `$.a.b` (or `$$.a.b`) into its root and segments; only dotted paths are supported. */
function parsePath(path: string): { context: boolean; segments: string[] } {
    const m = /^(\$\$?)((?:\.[A-Za-z_][A-Za-z0-9_]*)*)$/.exec(path);
    if (!m) {
        throw new Error(`walk: unsupported path ${path}`);
    }
    return { context: m[1] === "$$", segments: m[2] === "" ? [] : m[2].slice(1).split(".") };
}

function has(data: unknown, path: string): boolean {
    let cur: unknown = data;
    for (const seg of parsePath(path).segments) {
        if (typeof cur !== "object" || cur === null || !(seg in cur)) {
            return false;
        }
        cur = (cur as Record<string, unknown>)[seg];
    }
    return true;
}

function read(data: unknown, path: string, context: unknown): unknown {
    const p = parsePath(path);
    let cur: unknown = p.context ? context : data;
    for (const seg of p.segments) {
        if (typeof cur !== "object" || cur === null || !(seg in cur)) {
            throw new Error(`walk: path ${path} not found (States.Runtime)`);
        }
        cur = (cur as Record<string, unknown>)[seg];
    }
    return cur;
}

/** Resolves a Parameters / ResultSelector template: `key.$` fields read paths. */
function resolve(template: unknown, data: unknown, context: unknown): unknown {
    if (Array.isArray(template)) {
        return template.map((t) => resolve(t, data, context));
    }
    if (typeof template !== "object" || template === null) {
        return template;
    }
    const out: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(template)) {
        if (key.endsWith(".$")) {
            out[key.slice(0, -2)] = read(data, value as string, context);
        } else {
            out[key] = resolve(value, data, context);
        }
    }
    return out;
}

function applyResultPath(
    input: unknown,
    result: unknown,
    resultPath: string | null | undefined,
): unknown {
    if (resultPath === null) {
        return input;
    }
    const segments = parsePath(resultPath ?? "$").segments;
    if (segments.length === 0) {
        return result;
    }
    const root: Record<string, unknown> = { ...(input as Record<string, unknown>) };
    let cur = root;
    segments.forEach((seg, i) => {
        if (i === segments.length - 1) {
            cur[seg] = result;
        } else {
            const child = { ...((cur[seg] as Record<string, unknown>) ?? {}) };
            cur[seg] = child;
            cur = child;
        }
    });
    return root;
}
