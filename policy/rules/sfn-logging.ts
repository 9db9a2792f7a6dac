/**
 * `sfn-logging` (advisory; mandatory in the prod config): Step Functions state machines log their
 * executions to CloudWatch Logs: `loggingConfiguration` with a `logDestination` (a log group ARN
 * ending in ":*") and a `level` of at least `minimumLevel` ("ERROR" by default; "ALL" to log every
 * state transition, as AwsSolutions-SF1 asks). Without it, only 90 days of execution history in
 * the console remain, and Express workflows keep none at all.
 */
import { isUnknown, resourceRule } from "../lib/rule";

/** Logging levels that record failures, from the least to the most. */
const LEVELS = ["ERROR", "ALL"];

/** State machines log their executions. */
export const rule = resourceRule({
    name: "sfn-logging",
    description:
        "Step Functions state machines must log executions to CloudWatch Logs (loggingConfiguration level ERROR or ALL, with a log destination).",
    enforcementLevel: "advisory",
    nearest: {
        cdkNag: ["AwsSolutions-SF1"],
        checkov: ["CKV_AWS_285"],
    },
    config: {
        minimumLevel: {
            type: "string",
            enum: LEVELS,
            default: "ERROR",
            description: 'The least loggingConfiguration.level accepted: "ERROR" or "ALL".',
        },
    },
    types: ["aws:sfn/stateMachine:StateMachine"],
    check: ({ props }, config) => {
        const accepted = LEVELS.slice(
            LEVELS.indexOf((config.minimumLevel as string | undefined) ?? "ERROR"),
        );
        const levels = accepted.map((l) => JSON.stringify(l)).join(" or ");
        const logging = props.loggingConfiguration;
        if (isUnknown(logging)) {
            return ["loggingConfiguration is unknown during preview: pass a plain object."];
        }
        if (logging === undefined || logging === null) {
            return [
                `loggingConfiguration is missing: set loggingConfiguration { level: ${levels}, logDestination: "<log group ARN>:*" }.`,
            ];
        }
        const { level, logDestination } = logging as Record<string, unknown>;
        const problems: string[] = [];
        if (isUnknown(level)) {
            problems.push(
                "loggingConfiguration.level is unknown during preview: pass a plain string.",
            );
        } else if (typeof level !== "string" || !accepted.includes(level)) {
            problems.push(
                `loggingConfiguration.level is ${level === undefined ? "missing (OFF)" : JSON.stringify(level)}: set ${levels}.`,
            );
        }
        if (
            !isUnknown(logDestination) &&
            (typeof logDestination !== "string" || logDestination === "")
        ) {
            problems.push(
                'loggingConfiguration.logDestination is missing: set it to a log group ARN ending in ":*".',
            );
        }
        return problems;
    },
});
