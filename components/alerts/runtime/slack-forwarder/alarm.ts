/**
 * CloudWatch alarm notifications, as SNS delivers them, turned into Slack messages.
 *
 * CloudWatch publishes a state change to SNS as JSON (AWS's documented format; keys as written):
 * ```json
 * { "AlarmName": "pipeline-errors-1a2b3c4", "AlarmDescription": "…", "AWSAccountId": "123456789012",
 *   "NewStateValue": "ALARM", "NewStateReason": "Threshold Crossed: …", "OldStateValue": "OK",
 *   "StateChangeTime": "2026-11-28T09:05:00.000+0000", "Region": "US East (N. Virginia)",
 *   "AlarmArn": "arn:aws:cloudwatch:us-east-1:123456789012:alarm:pipeline-errors-1a2b3c4",
 *   "Trigger": { "MetricName": "Errors", "Namespace": "AWS/Lambda", "Statistic": "SUM",
 *                "Dimensions": [{ "value": "pipeline-consumer", "name": "FunctionName" }], … } }
 * ```
 * Metric-math alarms carry `Trigger.Metrics` instead of a metric name, composite alarms an
 * `AlarmRule` and no trigger; both are told apart below.
 *
 * Anything that is not such a notification still becomes a message ({@link fallbackMessage}):
 * an alarm that cannot be read must still reach the channel, never be dropped.
 */
import { escapeMrkdwn, type SlackMessage } from "../../../lib/runtime/slack";

/** The states an alarm can be in. */
export const ALARM_STATES = ["ALARM", "OK", "INSUFFICIENT_DATA"] as const;

/** A CloudWatch alarm state. */
export type AlarmState = (typeof ALARM_STATES)[number];

/** The emoji each state is announced with. */
export const STATE_EMOJI: Readonly<Record<AlarmState, string>> = {
    ALARM: ":red_circle:",
    OK: ":large_green_circle:",
    INSUFFICIENT_DATA: ":white_circle:",
};

/** The parts of an alarm notification a message shows. Strings are as CloudWatch sent them. */
export interface AlarmNotification {
    readonly alarmName: string;
    readonly newState: AlarmState;
    readonly alarmDescription?: string;
    readonly reason?: string;
    readonly oldState?: string;
    readonly stateChangeTime?: string;
    /** The region's code from the alarm's ARN (`us-east-1`), else CloudWatch's long name. */
    readonly region?: string;
    readonly accountId?: string;
    /** `AWS/Lambda Errors (FunctionName=f)`, `metric math`, or undefined (composite alarms). */
    readonly metric?: string;
    /** A composite alarm's rule. */
    readonly alarmRule?: string;
    /** The alarm in the CloudWatch console (commercial partition only). */
    readonly consoleUrl?: string;
}

/** A message that is not a CloudWatch alarm notification; says what is missing. */
export class MalformedAlarmError extends Error {
    constructor(message: string) {
        super(message);
        this.name = "MalformedAlarmError";
    }
}

/** Longest alarm description, reason or rule shown (characters). */
export const MAX_TEXT_LENGTH = 500;
/** Longest part of an unreadable message's body shown (characters). */
export const MAX_RAW_LENGTH = 1500;

const STATES: ReadonlySet<string> = new Set(ALARM_STATES);
const ALARM_ARN = /^arn:(aws[a-z-]*):cloudwatch:([a-z]{2}(?:-[a-z]+)+-\d):(\d{12}):alarm:(.+)$/;

function isObject(value: unknown): value is Record<string, unknown> {
    return typeof value === "object" && value !== null && !Array.isArray(value);
}

function text(value: unknown): string | undefined {
    return typeof value === "string" && value.trim() !== "" ? value : undefined;
}

/**
 * Makes text safe for one line of mrkdwn: control characters and line breaks become spaces,
 * whitespace runs collapse, text longer than `max` is cut with an ellipsis (by code point), and
 * `&`, `<`, `>` are escaped so nothing in an alarm can form a link or a mention.
 */
export function oneLine(raw: string, max = MAX_TEXT_LENGTH): string {
    // eslint-disable-next-line no-control-regex
    const flat = raw.replace(/[\u0000-\u001f\u007f\u2028\u2029]/g, " ").replace(/\s+/g, " ");
    const chars = Array.from(flat.trim());
    const cut = chars.length > max ? `${chars.slice(0, max - 1).join("")}…` : chars.join("");
    return escapeMrkdwn(cut);
}

function describeMetric(trigger: unknown): string | undefined {
    if (!isObject(trigger)) return undefined;
    const name = text(trigger.MetricName);
    if (name === undefined) return Array.isArray(trigger.Metrics) ? "metric math" : undefined;
    const namespace = text(trigger.Namespace);
    const dimensions = Array.isArray(trigger.Dimensions)
        ? trigger.Dimensions.filter(isObject)
              .map((d) => `${String(d.name)}=${String(d.value)}`)
              .join(", ")
        : "";
    return `${namespace !== undefined ? `${namespace} ` : ""}${name}${dimensions ? ` (${dimensions})` : ""}`;
}

/** The CloudWatch console page of an alarm, for alarms in the commercial partition. */
export function consoleUrl(alarmArn: string): string | undefined {
    const m = ALARM_ARN.exec(alarmArn);
    if (!m || m[1] !== "aws") return undefined;
    const [, , region, , name] = m;
    return `https://${region}.console.aws.amazon.com/cloudwatch/home?region=${region}#alarmsV2:alarm/${encodeURIComponent(name)}`;
}

/** Reads an SNS message body as a CloudWatch alarm notification; throws {@link MalformedAlarmError}. */
export function parseAlarmNotification(message: string): AlarmNotification {
    let body: unknown;
    try {
        body = JSON.parse(message);
    } catch {
        throw new MalformedAlarmError("the message is not JSON");
    }
    if (!isObject(body)) throw new MalformedAlarmError("the message is not a JSON object");
    const alarmName = text(body.AlarmName);
    if (alarmName === undefined) throw new MalformedAlarmError("AlarmName is missing");
    const state = body.NewStateValue;
    if (typeof state !== "string" || !STATES.has(state)) {
        throw new MalformedAlarmError(
            `NewStateValue must be ALARM, OK or INSUFFICIENT_DATA, got ${JSON.stringify(state ?? null)}`.slice(
                0,
                200,
            ),
        );
    }
    const arn = text(body.AlarmArn);
    const arnParts = arn !== undefined ? ALARM_ARN.exec(arn) : null;
    return {
        alarmName,
        newState: state as AlarmState,
        alarmDescription: text(body.AlarmDescription),
        reason: text(body.NewStateReason),
        oldState: text(body.OldStateValue),
        stateChangeTime: text(body.StateChangeTime),
        region: arnParts?.[2] ?? text(body.Region),
        accountId: text(body.AWSAccountId) ?? arnParts?.[3],
        metric: describeMetric(body.Trigger),
        alarmRule: text(body.AlarmRule),
        consoleUrl: arn !== undefined ? consoleUrl(arn) : undefined,
    };
}

/**
 * The Slack message for a state change. For an alarm named `pipeline-errors` going to ALARM:
 * ```
 * :red_circle: ALARM *pipeline-errors*
 * EventPipeline pipeline: consumer failed invocations
 * *Reason:* Threshold Crossed: 1 out of the last 1 datapoints …
 * *Metric:* AWS/Lambda Errors (FunctionName=pipeline-consumer)
 * *Changed:* 2026-11-28T09:05:00.000+0000, from OK, in us-east-1, account 123456789012
 * <https://us-east-1.console.aws.amazon.com/cloudwatch/home?region=us-east-1#alarmsV2:alarm/pipeline-errors|Open in CloudWatch>
 * ```
 * Lines with nothing to show are left out.
 */
export function alarmMessage(n: AlarmNotification): SlackMessage {
    const changed = [
        n.stateChangeTime !== undefined ? oneLine(n.stateChangeTime, 64) : undefined,
        n.oldState !== undefined ? `from ${oneLine(n.oldState, 32)}` : undefined,
        n.region !== undefined ? `in ${oneLine(n.region, 64)}` : undefined,
        n.accountId !== undefined ? `account ${oneLine(n.accountId, 32)}` : undefined,
    ].filter((part) => part !== undefined);
    const lines = [
        `${STATE_EMOJI[n.newState]} ${n.newState} *${oneLine(n.alarmName, 255)}*`,
        n.alarmDescription !== undefined ? oneLine(n.alarmDescription) : undefined,
        n.reason !== undefined ? `*Reason:* ${oneLine(n.reason)}` : undefined,
        n.metric !== undefined ? `*Metric:* ${oneLine(n.metric)}` : undefined,
        n.alarmRule !== undefined ? `*Rule:* ${oneLine(n.alarmRule)}` : undefined,
        changed.length > 0 ? `*Changed:* ${changed.join(", ")}` : undefined,
        // encodeURIComponent leaves no `|` or `>` in the URL to break the link.
        n.consoleUrl !== undefined ? `<${n.consoleUrl}|Open in CloudWatch>` : undefined,
    ];
    return { text: lines.filter((l) => l !== undefined).join("\n"), unfurl_links: false };
}

/**
 * The message for something that is not a readable alarm notification: what was wrong, the SNS
 * subject as sent, and the start of the body in a code block, so nobody misses an alarm because
 * its format changed.
 */
export function fallbackMessage(
    problem: string,
    subject: string | null | undefined,
    body: string | undefined,
): SlackMessage {
    const lines = [
        `:warning: An alert arrived that could not be read as a CloudWatch alarm (${oneLine(problem, 200)})`,
        `*Subject:* ${subject ? oneLine(subject, 255) : "(none)"}`,
    ];
    if (body !== undefined && body.trim() !== "") {
        const chars = Array.from(body);
        const shown =
            chars.length > MAX_RAW_LENGTH
                ? `${chars.slice(0, MAX_RAW_LENGTH - 1).join("")}…`
                : body;
        // A run of backticks in the body would close the code block early.
        lines.push("```" + escapeMrkdwn(shown.replace(/`{3,}/g, "'''")) + "```");
    }
    return { text: lines.join("\n"), unfurl_links: false };
}

/** The message for one SNS notification: the alarm's, or the fallback. Never throws. */
export function messageFor(sns: { Subject?: string | null; Message?: unknown }): {
    readonly message: SlackMessage;
    readonly alarm?: AlarmNotification;
    readonly problem?: string;
} {
    if (typeof sns.Message !== "string") {
        const problem = "the SNS record has no message";
        return { message: fallbackMessage(problem, sns.Subject, undefined), problem };
    }
    try {
        const alarm = parseAlarmNotification(sns.Message);
        return { message: alarmMessage(alarm), alarm };
    } catch (err) {
        const problem = err instanceof MalformedAlarmError ? err.message : String(err);
        return { message: fallbackMessage(problem, sns.Subject, sns.Message), problem };
    }
}
