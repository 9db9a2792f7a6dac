/**
 * Policy pack config as the Pulumi CLI builds it: the pack's initial config, overlaid with the
 * `--policy-pack-config` file, validated against each policy's JSON schema (defaults applied),
 * ready for the Analyzer's Configure call.
 */

import { closest } from "../../components/lib/nearest";

/** An enforcement level as the config file and the Analyzer name them. */
export type EnforcementLevel = "advisory" | "mandatory" | "remediate" | "disabled";

const LEVELS: readonly EnforcementLevel[] = ["advisory", "mandatory", "remediate", "disabled"];

/** A JSON schema, the subset policy config schemas use. */
export interface JsonSchema {
    type?: string | string[];
    enum?: unknown[];
    properties?: Record<string, JsonSchema>;
    required?: string[];
    additionalProperties?: boolean | JsonSchema;
    items?: JsonSchema;
    minLength?: number;
    maxLength?: number;
    minimum?: number;
    maximum?: number;
    minItems?: number;
    pattern?: string;
    default?: unknown;
    description?: string;
}

/** What the pack says about one policy (from GetAnalyzerInfo). */
export interface PolicyDescription {
    readonly name: string;
    readonly description: string;
    readonly enforcementLevel: EnforcementLevel;
    readonly configSchema?: { properties: Record<string, JsonSchema>; required?: string[] };
}

/** One policy's effective config. */
export interface PolicyConfig {
    readonly enforcementLevel: EnforcementLevel;
    readonly properties: Record<string, unknown>;
}

/** A problem with the policy config: names the rule and the field. */
export class PolicyConfigError extends Error {
    constructor(message: string) {
        super(message);
        this.name = "PolicyConfigError";
    }
}

function typeOf(value: unknown): string {
    if (value === null) return "null";
    if (Array.isArray(value)) return "array";
    if (typeof value === "number") return Number.isInteger(value) ? "integer" : "number";
    return typeof value;
}

function typeMatches(expected: string, actual: string): boolean {
    return expected === actual || (expected === "number" && actual === "integer");
}

/** Validates `value` against `schema`; returns one message per problem, each naming its path. */
export function validateJson(value: unknown, schema: JsonSchema, at: string): string[] {
    const problems: string[] = [];
    const actual = typeOf(value);
    if (schema.type !== undefined) {
        const types = Array.isArray(schema.type) ? schema.type : [schema.type];
        if (!types.some((t) => typeMatches(t, actual))) {
            return [`${at}: must be ${types.join(" or ")}, got ${JSON.stringify(value)}`];
        }
    }
    if (schema.enum && !schema.enum.some((e) => JSON.stringify(e) === JSON.stringify(value))) {
        problems.push(
            `${at}: must be one of ${schema.enum.map((e) => JSON.stringify(e)).join(", ")}, got ${JSON.stringify(value)}`,
        );
    }
    if (typeof value === "string") {
        if (schema.minLength !== undefined && value.length < schema.minLength) {
            problems.push(
                `${at}: must be at least ${schema.minLength} characters, got ${JSON.stringify(value)}`,
            );
        }
        if (schema.maxLength !== undefined && value.length > schema.maxLength) {
            problems.push(
                `${at}: must be at most ${schema.maxLength} characters, got ${JSON.stringify(value)}`,
            );
        }
        if (schema.pattern !== undefined && !new RegExp(schema.pattern).test(value)) {
            // The description says in words what the pattern accepts, when the schema has one.
            const words = schema.description ? ` (${schema.description})` : "";
            problems.push(
                `${at}: must match ${schema.pattern}${words}, got ${JSON.stringify(value)}`,
            );
        }
    }
    if (typeof value === "number") {
        if (schema.minimum !== undefined && value < schema.minimum) {
            problems.push(`${at}: must be at least ${schema.minimum}, got ${value}`);
        }
        if (schema.maximum !== undefined && value > schema.maximum) {
            problems.push(`${at}: must be at most ${schema.maximum}, got ${value}`);
        }
    }
    if (Array.isArray(value)) {
        if (schema.minItems !== undefined && value.length < schema.minItems) {
            problems.push(
                `${at}: must have at least ${schema.minItems} items, got ${value.length}`,
            );
        }
        if (schema.items) {
            value.forEach((item, i) =>
                problems.push(...validateJson(item, schema.items!, `${at}[${i}]`)),
            );
        }
    }
    if (actual === "object") {
        const obj = value as Record<string, unknown>;
        for (const key of schema.required ?? []) {
            if (!(key in obj)) problems.push(`${at}.${key}: is required`);
        }
        for (const [key, v] of Object.entries(obj)) {
            const sub = schema.properties?.[key];
            if (sub) {
                problems.push(...validateJson(v, sub, `${at}.${key}`));
            } else if (schema.additionalProperties === false) {
                const known = Object.keys(schema.properties ?? {});
                problems.push(
                    `${at}.${key}: unknown property (known: ${known.join(", ") || "none"})`,
                );
            } else if (typeof schema.additionalProperties === "object") {
                problems.push(...validateJson(v, schema.additionalProperties, `${at}.${key}`));
            }
        }
    }
    return problems;
}

function level(value: unknown, at: string): EnforcementLevel {
    if (typeof value === "string" && (LEVELS as readonly string[]).includes(value)) {
        return value as EnforcementLevel;
    }
    throw new PolicyConfigError(
        `${at}: enforcement level must be one of ${LEVELS.join(", ")}, got ${JSON.stringify(value)}`,
    );
}

/**
 * Builds the config the CLI sends to a pack's Configure, in the CLI's order
 * (pkg/resource/analyzer/config.go `ReconcilePolicyPackConfig`): each policy's own enforcement
 * level and its schema's defaults, then the pack's initial config (the third argument of
 * `new PolicyPack`), then the config file (`{ "all": level, "<policy>": level |
 * { enforcementLevel?, ...properties } }`); at each step `all` first, then per policy
 * (`applyConfig`). The merged properties are validated against each policy's schema. Throws
 * PolicyConfigError listing every problem. Stricter than the CLI in one way, on purpose: a
 * policy name the pack does not have is an error (the CLI ignores it, so a typo waives nothing
 * and says nothing).
 */
export function buildPolicyConfig(
    policies: readonly PolicyDescription[],
    initial: Readonly<Record<string, Partial<PolicyConfig>>>,
    file: unknown,
    source = "policy config",
): Record<string, PolicyConfig> {
    if (file !== undefined && typeOf(file) !== "object") {
        throw new PolicyConfigError(`${source}: must be a JSON object keyed by policy name`);
    }
    const entries = (file ?? {}) as Record<string, unknown>;
    const names = new Set(policies.map((p) => p.name));
    const problems: string[] = [];
    for (const key of Object.keys(entries)) {
        if (key !== "all" && !names.has(key)) {
            const near = closest(key, [...names]);
            problems.push(
                `${source}: "${key}" is not a policy of this pack` +
                    (near ? ` (did you mean "${near}"?)` : "") +
                    ` (policies: ${[...names].join(", ")})`,
            );
        }
    }
    // The file's entries in the CLI's terms (`parsePolicyPackConfig`).
    const fromFile: Record<string, Partial<PolicyConfig>> = {};
    for (const [key, entry] of Object.entries(entries)) {
        const at = key === "all" ? `${source}: all` : `${source}: ${key}`;
        try {
            if (typeof entry === "string") {
                fromFile[key] = { enforcementLevel: level(entry, at) };
            } else if (typeOf(entry) === "object") {
                const { enforcementLevel: l, ...props } = entry as Record<string, unknown>;
                fromFile[key] = {
                    enforcementLevel:
                        l === undefined ? undefined : level(l, `${at}.enforcementLevel`),
                    properties: props,
                };
            } else {
                throw new PolicyConfigError(
                    `${at}: must be an enforcement level or an object, got ${JSON.stringify(entry)}`,
                );
            }
        } catch (err) {
            problems.push((err as Error).message);
        }
    }
    const out: Record<string, PolicyConfig> = {};
    for (const policy of policies) {
        let enforcementLevel = policy.enforcementLevel;
        const properties: Record<string, unknown> = {};
        for (const [key, sub] of Object.entries(policy.configSchema?.properties ?? {})) {
            if (sub.default !== undefined) properties[key] = sub.default;
        }
        for (const layer of [initial, fromFile]) {
            const all = layer.all?.enforcementLevel;
            if (all !== undefined) enforcementLevel = all;
            const own = layer[policy.name];
            if (own?.enforcementLevel !== undefined) enforcementLevel = own.enforcementLevel;
            Object.assign(properties, own?.properties ?? {});
        }
        const at = `${source}: ${policy.name}`;
        const schema = policy.configSchema;
        if (schema) {
            problems.push(
                ...validateJson(
                    properties,
                    {
                        type: "object",
                        properties: schema.properties,
                        required: schema.required,
                        additionalProperties: false,
                    },
                    at,
                ),
            );
        } else if (Object.keys(properties).length) {
            problems.push(
                `${at}: this policy takes no config properties, got ${Object.keys(properties).join(", ")}`,
            );
        }
        if (properties.accepted !== undefined && enforcementLevel === "mandatory") {
            // Folding would hide what blocks the run.
            problems.push(
                `${at}: accepted applies to advisory findings only, and this policy is mandatory here`,
            );
        }
        out[policy.name] = { enforcementLevel, properties };
    }
    if (problems.length) throw new PolicyConfigError(problems.join("\n"));
    return out;
}
