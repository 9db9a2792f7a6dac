/**
 * Reading CloudFormation templates that a plan carries in `templateBody`: JSON, or YAML with
 * CloudFormation's short-form intrinsics (`!Ref x`, `!Sub ...`) read as their long form.
 */
import * as yaml from "js-yaml";
import { isUnknown } from "./rule";

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

/** The engine's unknown sentinel: here, a reference to a resource of the template. */
export const REFERENCE = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

/** What intrinsics are resolved against: the template and the stack resource's inputs. */
export interface TemplateContext {
    /** The template's `Parameters` (their `Default`s). */
    readonly parameters: Readonly<Record<string, unknown>>;
    /** The stack resource's `parameters` input: the values given at deploy. */
    readonly given: Readonly<Record<string, unknown>>;
    /** Logical ids of the template's resources. */
    readonly resources: ReadonlySet<string>;
    readonly mappings: Readonly<Record<string, unknown>>;
    /** Parameters read without a value the pack can see (filled in as they are met). */
    readonly unresolved: Set<string>;
}

/** The context of a parsed template deployed with `given` parameter values. */
export function templateContext(template: unknown, given: unknown): TemplateContext {
    const t = record(template);
    return {
        parameters: record(t.Parameters),
        given: record(given),
        resources: new Set(Object.keys(record(t.Resources))),
        mappings: record(t.Mappings),
        unresolved: new Set(),
    };
}

function record(value: unknown): Record<string, unknown> {
    return value !== null && typeof value === "object" && !Array.isArray(value)
        ? (value as Record<string, unknown>)
        : {};
}

const PSEUDO: Record<string, string> = {
    "AWS::AccountId": "000000000000",
    "AWS::Region": "us-east-1",
    "AWS::Partition": "aws",
    "AWS::URLSuffix": "amazonaws.com",
};

/**
 * A name read by `Ref` or `${...}`: a pseudo parameter's stand-in, a template resource's
 * reference (some specific name or ARN), or a parameter's value (given at deploy, else its
 * Default). A parameter with neither, or given a value unknown during preview, could be anything
 * when deployed: it reads as `*`, and is
 * recorded in `ctx.unresolved`, so that wildcards cannot hide behind a parameter.
 */
function named(name: string, ctx: TemplateContext, inText: boolean): unknown {
    if (Object.hasOwn(PSEUDO, name)) return PSEUDO[name];
    const base = name.split(".")[0];
    if (ctx.resources.has(base) || name.startsWith("AWS::")) return inText ? "ref" : REFERENCE;
    if (Object.hasOwn(ctx.parameters, name)) {
        const value = ctx.given[name] ?? record(ctx.parameters[name]).Default;
        // A value given from an output unknown during preview could be anything too.
        if (typeof value === "string" && !isUnknown(value)) return value;
        if (typeof value === "number") return String(value);
    }
    if (!Object.hasOwn(ctx.parameters, name)) {
        // Neither a parameter nor a resource: CloudFormation refuses the template.
        return inText ? "ref" : REFERENCE;
    }
    ctx.unresolved.add(name);
    return "*";
}

/** A resolved value as text inside `Fn::Join` or `Fn::Sub`. */
function asText(value: unknown): string {
    if (value === REFERENCE) return "ref";
    if (Array.isArray(value)) return value.map(asText).join(",");
    return typeof value === "string" || typeof value === "number" ? String(value) : "ref";
}

/**
 * The value a template computes, as far as the plan can see it: `Ref`, `Fn::Sub`, `Fn::Join`,
 * `Fn::Select` and `Fn::FindInMap` over literals and parameters are evaluated; `Fn::If` is both
 * branches (either may apply); `Fn::GetAtt`, `Fn::ImportValue` and other intrinsics are
 * references.
 */
export function resolveIntrinsics(value: unknown, ctx: TemplateContext): unknown {
    if (Array.isArray(value)) {
        return value.flatMap((v) => {
            const r = resolveIntrinsics(v, ctx);
            return isIfBranches(v) && Array.isArray(r) ? r : [r];
        });
    }
    const o = record(value);
    if (value === null || typeof value !== "object") return value;
    const keys = Object.keys(o);
    if (keys.length !== 1 || !(keys[0] === "Ref" || keys[0].startsWith("Fn::"))) {
        return Object.fromEntries(keys.map((k) => [k, resolveIntrinsics(o[k], ctx)]));
    }
    const [fn] = keys;
    const arg = o[fn];
    switch (fn) {
        case "Ref":
            return typeof arg === "string" ? named(arg, ctx, false) : REFERENCE;
        case "Fn::Sub": {
            const [text, vars] = Array.isArray(arg) ? [arg[0], record(arg[1])] : [arg, {}];
            if (typeof text !== "string") return REFERENCE;
            return text.replace(/\$\{([^}!][^}]*)\}/g, (_, name: string) =>
                Object.hasOwn(vars, name)
                    ? asText(resolveIntrinsics(vars[name], ctx))
                    : asText(named(name, ctx, true)),
            );
        }
        case "Fn::Join": {
            if (!Array.isArray(arg) || typeof arg[0] !== "string") return REFERENCE;
            const parts = resolveIntrinsics(arg[1], ctx);
            return Array.isArray(parts) ? parts.map(asText).join(arg[0]) : REFERENCE;
        }
        case "Fn::Select": {
            if (!Array.isArray(arg)) return REFERENCE;
            const list = resolveIntrinsics(arg[1], ctx);
            const index = Number(resolveIntrinsics(arg[0], ctx));
            if (!Array.isArray(list)) return REFERENCE;
            return Number.isInteger(index) && index >= 0 && index < list.length
                ? list[index]
                : list;
        }
        case "Fn::FindInMap": {
            if (!Array.isArray(arg)) return REFERENCE;
            const [map, top, second] = arg.map((a) => resolveIntrinsics(a, ctx));
            const table = record(ctx.mappings[String(map)]);
            const row = typeof top === "string" ? record(table[top]) : undefined;
            if (row && typeof second === "string" && Object.hasOwn(row, second)) {
                return resolveIntrinsics(row[second], ctx);
            }
            // A key the plan cannot see: any value of the map.
            return Object.values(table).flatMap((r) =>
                Object.values(record(r)).map((v) => resolveIntrinsics(v, ctx)),
            );
        }
        case "Fn::If":
            return Array.isArray(arg)
                ? [arg[1], arg[2]].map((b) => resolveIntrinsics(b, ctx))
                : REFERENCE;
        default:
            return REFERENCE;
    }
}

function isIfBranches(value: unknown): boolean {
    return Object.keys(record(value)).join() === "Fn::If";
}
