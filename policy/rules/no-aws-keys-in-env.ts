import { isUnknown, resourceRule } from "../lib/rule";
import { listAt, objectAt } from "../lib/network";

const LAMBDA = "aws:lambda/function:Function";
const TASK_DEFINITION = "aws:ecs/taskDefinition:TaskDefinition";

/** Environment variable names that carry AWS credentials. */
const CREDENTIAL_NAMES =
    /^(AWS_ACCESS_KEY_ID|AWS_SECRET_ACCESS_KEY|AWS_SESSION_TOKEN|AWS_SECRET_KEY|AWS_ACCESS_KEY)$/i;
/** An access key id (long-term AKIA, temporary ASIA) anywhere in a value. */
const ACCESS_KEY_ID = /\b(AKIA|ASIA)[A-Z0-9]{16}\b/;
/** A secret access key: 40 base64 characters (only flagged next to a credential-looking name). */
const SECRET_KEY = /^[A-Za-z0-9/+]{40}$/;

function variableProblems(at: string, name: string, value: unknown): string[] {
    if (CREDENTIAL_NAMES.test(name)) {
        return [
            `${at} sets ${name}: never put AWS credentials in environment variables; the function or task gets its own role's credentials (execution role / task role).`,
        ];
    }
    if (typeof value === "string" && !isUnknown(value)) {
        if (ACCESS_KEY_ID.test(value) || (/secret|key/i.test(name) && SECRET_KEY.test(value))) {
            return [
                `${at} ${name} holds what looks like an AWS access key: remove it and grant the role the access instead (or read a secret from Secrets Manager at run time).`,
            ];
        }
    }
    return [];
}

/**
 * No AWS access keys in Lambda or ECS environment variables: by name (`AWS_SECRET_ACCESS_KEY`, ...)
 * or by value (`AKIA...`/`ASIA...` key ids). Environment variables are readable by anyone who can
 * read the function or task definition, and keys there never rotate with the role.
 */
export const rule = resourceRule({
    name: "no-aws-keys-in-env",
    description:
        "Lambda functions and ECS task definitions must not carry AWS access keys in environment variables.",
    nearest: {
        cdkNag: ["AwsSolutions-ECS2"],
        checkov: ["CKV_AWS_45", "CKV_AWS_46"],
    },
    types: [LAMBDA, TASK_DEFINITION],
    check: ({ type, props }) => {
        if (type === LAMBDA) {
            const vars = objectAt(objectAt(props.environment)?.variables) ?? {};
            return Object.entries(vars).flatMap(([name, value]) =>
                variableProblems("environment.variables", name, value),
            );
        }
        const raw = props.containerDefinitions;
        if (typeof raw !== "string" || isUnknown(raw)) return [];
        let defs: unknown;
        try {
            defs = JSON.parse(raw);
        } catch {
            return [];
        }
        return listAt(defs).flatMap((d, i) =>
            listAt(objectAt(d)?.environment).flatMap((e) => {
                const v = objectAt(e);
                return typeof v?.name === "string"
                    ? variableProblems(`containerDefinitions[${i}].environment`, v.name, v.value)
                    : [];
            }),
        );
    },
});
