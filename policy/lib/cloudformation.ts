/**
 * Reading CloudFormation templates that a plan carries in `templateBody`: JSON, or YAML with
 * CloudFormation's short-form intrinsics (`!Ref x`, `!Sub ...`) read as their long form.
 */
import * as yaml from "js-yaml";

/** CloudFormation's short-form intrinsics (`!Ref x`, `!Sub ...`), read as their long form. */
const CFN_SCHEMA = yaml.DEFAULT_SCHEMA.extend(
    [
        "Ref",
        "Sub",
        "GetAtt",
        "Join",
        "Select",
        "Split",
        "If",
        "Equals",
        "Not",
        "And",
        "Or",
        "FindInMap",
        "Base64",
        "Cidr",
        "GetAZs",
        "ImportValue",
        "Condition",
    ].flatMap((name) =>
        (["scalar", "sequence", "mapping"] as const).map(
            (kind) =>
                new yaml.Type(`!${name}`, {
                    kind,
                    construct: (data: unknown) => ({
                        [name === "Ref" || name === "Condition" ? name : `Fn::${name}`]: data,
                    }),
                }),
        ),
    ),
);

/** The parsed template, or why it cannot be read (the first line of the parser's error). */
export function parseTemplate(body: string): { template: unknown } | { error: string } {
    try {
        return { template: JSON.parse(body) };
    } catch {
        try {
            return { template: yaml.load(body, { schema: CFN_SCHEMA }) };
        } catch (err) {
            return { error: (err as Error).message.split("\n")[0] };
        }
    }
}
