/**
 * How a lightspeed-guard rule is written: a pure check over a resource's plain inputs that returns
 * what is wrong, wrapped into a CrossGuard policy that handles unknown values, the rule's config
 * schema and its exceptions. Rules never read through the pack's unknown-checking proxy, so a
 * value that is unknown during preview is a decision the rule makes (fail closed), not a silent
 * advisory.
 */
import {
    EnforcementLevel,
    PolicyResource,
    ReportViolation,
    ResourceValidationArgs,
    ResourceValidationPolicy,
    StackValidationPolicy,
} from "@pulumi/policy";
import type { PolicyConfigJSONSchema } from "@pulumi/policy/schema";
import { loadIamCatalog } from "./iam-catalog";

/** The sentinels the engine uses for values that are unknown during preview, one per kind. */
const UNKNOWN_SENTINELS = new Set([
    "04da6b54-80e4-46f7-96ec-b56ff0331ba9", // string (and the engine's generic unknown)
    "1c4a061d-8072-4f0a-a4cb-0ff528b18fe7", // boolean
    "3eeb2bf0-c639-47a8-9e75-3b44932eb421", // number
    "6a19a0b0-7e62-4c92-b797-7f8e31da9cc2", // array
    "030794c1-ac77-496b-92df-f27374a8bd58", // asset
    "e48ece36-62e2-4504-bad9-02848725956a", // archive
    "dd056dcd-154b-4c76-9bd3-c8f88648b5ff", // object
]);

/** True when a value is unknown during preview (computed from a resource not yet created). */
export function isUnknown(value: unknown): boolean {
    return typeof value === "string" && UNKNOWN_SENTINELS.has(value);
}

/** True when a value is, or contains anywhere, an unknown. */
export function containsUnknown(value: unknown): boolean {
    if (isUnknown(value)) return true;
    if (Array.isArray(value)) return value.some(containsUnknown);
    if (value !== null && typeof value === "object") {
        return Object.values(value as Record<string, unknown>).some(containsUnknown);
    }
    return false;
}

/** The plain object behind @pulumi/policy's unknown-checking proxy (reads never throw). */
export function unproxy<T>(value: T): T {
    if (value !== null && typeof value === "object") {
        const target = (value as Record<string, unknown>)["__getSpecialProxyTarget"];
        if (target !== undefined) return target as T;
    }
    return value;
}

/** A resource as rules see it: plain inputs in which unknowns are the engine's sentinels. */
export interface Resource {
    readonly type: string;
    readonly name: string;
    readonly urn: string;
    readonly props: Record<string, unknown>;
    readonly protect: boolean;
    /** URN of the parent resource, when known. */
    readonly parent?: string;
    /** URNs this resource depends on (stack rules only; empty in resource rules). */
    readonly dependencies: readonly string[];
    /**
     * Per input property, the URNs of the resources its value came from (stack rules only): how a
     * stack rule knows that a FlowLog's `vpcId` is this VPC's, even while the id is unknown.
     */
    readonly propertyDependencies: Readonly<Record<string, readonly string[]>>;
}

/** How most rules judge an unknown: a value that decides the finding must be plain. */
export const DEFAULT_UNKNOWNS =
    "A deciding input unknown in preview is a violation naming the input (pass a plain value).";

/** A waiver of one rule for matching resources, from the pack's config. */
export interface RuleException {
    /**
     * Which resources, in one of three forms, none of which another component can reuse by naming
     * a resource the same:
     * - a URN, `urn:pulumi:<stack>::<project>::<qualified type>::<name>`: the qualified type
     *   (parents' types joined by `$`) is written out; the stack, project and name may use `*`;
     * - `<parent type>::<parent name>$<type>::<name>`: a child of that one parent (the parent's
     *   name exact, the child's name may use `*`);
     * - `<type>::<name>`: a resource at the top level of the stack (no component parent).
     *
     * Never a bare name.
     */
    readonly resource: string;
    /** Why the rule does not apply; at least 10 characters, printed with every waived finding. */
    readonly reason: string;
}

/** A rule's config as the engine passes it (schema defaults applied), with its exceptions. */
export interface RuleConfig {
    readonly exceptions: readonly RuleException[];
    readonly [key: string]: unknown;
}

/** What every rule declares besides its check. */
export interface RuleDefinition {
    /** kebab-case id, unique in the pack; also the file name under rules/. */
    readonly name: string;
    /** One sentence: what is enforced and why. */
    readonly description: string;
    /** Default "mandatory"; operational rules are "advisory" and the prod config raises them. */
    readonly enforcementLevel?: EnforcementLevel;
    /** The nearest rules of other tools (cdk-nag, checkov, @pulumi/awsguard), for the README table. */
    readonly nearest?: {
        readonly cdkNag?: readonly string[];
        readonly checkov?: readonly string[];
        readonly awsguard?: readonly string[];
    };
    /** How the rule judges a value unknown during preview, for the README table. Default {@link DEFAULT_UNKNOWNS}. */
    readonly unknowns?: string;
    /** JSON schemas of the rule's own config properties (exceptions are added for every rule). */
    readonly config?: Record<string, PolicyConfigJSONSchema>;
}

/** A resource rule: returns one message per problem with this resource (none when compliant). */
export interface ResourceRuleDefinition extends RuleDefinition {
    /** Resource types the rule reads; others are not applicable. */
    readonly types: readonly string[];
    readonly check: (resource: Resource, config: RuleConfig) => readonly string[];
}

/** One finding of a stack rule, on the resource it names. */
export interface StackFinding {
    readonly resource: Resource;
    readonly message: string;
}

/** A stack rule: sees every resource at once (for relations such as "attached to what"). */
export interface StackRuleDefinition extends RuleDefinition {
    readonly check: (
        resources: readonly Resource[],
        config: RuleConfig,
    ) => readonly StackFinding[] | Promise<readonly StackFinding[]>;
}

const TYPE_TOKEN = "[A-Za-z0-9_-]+:[A-Za-z0-9/._-]*:[A-Za-z0-9._-]+";

/**
 * The three forms an exception's `resource` may take (see {@link RuleException}); anything else,
 * a bare name in particular, is refused when the config is loaded.
 */
export const EXCEPTION_RESOURCE_PATTERN =
    "^(urn:pulumi:[^:]+::[^:]+::[^*?]+::[^:]+|" +
    `${TYPE_TOKEN}::[^:$*?]+\\$${TYPE_TOKEN}::[^:$]+|` +
    `${TYPE_TOKEN}::[^:$]+)$`;

/** What {@link EXCEPTION_RESOURCE_PATTERN} accepts, in words, for the error that refuses one. */
export const EXCEPTION_RESOURCE_FORMS =
    "a URN (urn:pulumi:<stack>::<project>::<qualified type>::<name>; stack, project and name may use *), <parent type>::<parent name>$<type>::<name pattern> (a child of that parent), or <type>::<name pattern> (a resource at the top level of the stack); never a bare name";

/** The config schema shared by every rule: exceptions, each with a real reason. */
export const EXCEPTIONS_SCHEMA: PolicyConfigJSONSchema = {
    type: "array",
    description:
        "Resources this rule does not apply to, each with the reason (printed with every run).",
    default: [],
    items: {
        type: "object",
        properties: {
            resource: {
                type: "string",
                description: EXCEPTION_RESOURCE_FORMS,
                pattern: EXCEPTION_RESOURCE_PATTERN,
            },
            reason: { type: "string", minLength: 10 },
        },
        required: ["resource", "reason"],
        additionalProperties: false,
    },
};

/** A finding a config exception waived; reported by the `exceptions-in-force` rule. */
export interface WaivedFinding {
    readonly policy: string;
    readonly urn: string;
    readonly resource: string;
    readonly reason: string;
    readonly message: string;
}

/** Waived findings of the current run, in order; emptied when they are reported. */
const waived = new Map<string, WaivedFinding>();

/** Takes (and forgets) the findings waived so far in this run. */
export function takeWaivedFindings(): WaivedFinding[] {
    const out = [...waived.values()];
    waived.clear();
    return out;
}

/** `*` matches any run of characters; everything else is literal. */
function globMatch(pattern: string, value: string): boolean {
    const parts = pattern.split("*");
    if (parts.length === 1) return pattern === value;
    if (!value.startsWith(parts[0])) return false;
    let at = parts[0].length;
    for (const part of parts.slice(1, -1)) {
        const found = value.indexOf(part, at);
        if (found < 0) return false;
        at = found + part.length;
    }
    const last = parts[parts.length - 1];
    return value.length - last.length >= at && value.endsWith(last);
}

/** The four parts of a URN: stack, project, qualified type (parents' types joined by `$`), name. */
function urnParts(urn: string): [string, string, string, string] | undefined {
    const m = /^urn:pulumi:([^:]*)::([^:]*)::(.*)::([^:]*)$/.exec(urn);
    return m ? [m[1], m[2], m[3], m[4]] : undefined;
}

/** The qualified type (parents' types joined by `$`, then the resource's) and name of a URN. */
function qualifiedTypeAndName(urn: string | undefined): [string, string] | undefined {
    const parts = urn === undefined ? undefined : urnParts(urn);
    return parts ? [parts[2], parts[3]] : undefined;
}

/** The last type of a qualified type: the resource's own. */
function ownType(qualifiedType: string): string {
    return qualifiedType.slice(qualifiedType.lastIndexOf("$") + 1);
}

/**
 * True when an exception's `resource` names this resource: a URN pattern whose qualified type
 * equals the resource's (stack, project and name may use `*`); `<parent type>::<parent
 * name>$<type>::<name pattern>`, a child of exactly that parent; or `<type>::<name pattern>`, a
 * resource with no component parent. A pattern of none of these forms matches nothing (the
 * schema refuses it before).
 */
export function exceptionMatches(
    pattern: string,
    resource: {
        readonly type: string;
        readonly name: string;
        readonly urn: string;
        readonly parent?: string;
    },
): boolean {
    if (!new RegExp(EXCEPTION_RESOURCE_PATTERN).test(pattern)) return false;
    if (pattern.startsWith("urn:pulumi:")) {
        const want = urnParts(pattern);
        const have = urnParts(resource.urn);
        if (!want || !have) return false;
        return (
            globMatch(want[0], have[0]) &&
            globMatch(want[1], have[1]) &&
            want[2] === have[2] &&
            globMatch(want[3], have[3])
        );
    }
    const at = pattern.lastIndexOf("::");
    const head = pattern.slice(0, at);
    const namePattern = pattern.slice(at + 2);
    const have = qualifiedTypeAndName(resource.urn);
    if (!have || ownType(have[0]) !== resource.type || !globMatch(namePattern, resource.name)) {
        return false;
    }
    const dollar = head.indexOf("$");
    if (dollar < 0) {
        // A top-level resource: its qualified type is its own type, no parent's.
        return head === resource.type && have[0] === resource.type;
    }
    const [parentType, parentName] = head.slice(0, dollar).split("::");
    if (head.slice(dollar + 1) !== resource.type) return false;
    const parent = qualifiedTypeAndName(resource.parent);
    return parent !== undefined && ownType(parent[0]) === parentType && parent[1] === parentName;
}

/** The exception that waives this rule for this resource, if any. */
export function matchingException(
    resource: {
        readonly type: string;
        readonly name: string;
        readonly urn: string;
        readonly parent?: string;
    },
    config: RuleConfig,
): RuleException | undefined {
    return config.exceptions.find(
        (e) => typeof e.resource === "string" && exceptionMatches(e.resource, resource),
    );
}

function ruleConfig(getConfig: () => unknown): RuleConfig {
    const c = (getConfig() ?? {}) as Record<string, unknown>;
    return {
        ...c,
        exceptions: Array.isArray(c.exceptions) ? (c.exceptions as RuleException[]) : [],
    };
}

function toResource(args: {
    type: string;
    name: string;
    urn: string;
    props: Record<string, unknown>;
    opts?: { protect?: boolean; parent?: string };
    dependencies?: readonly { urn: string }[];
    propertyDependencies?: Record<string, readonly { urn: string }[]>;
}): Resource {
    const propertyDependencies: Record<string, string[]> = {};
    for (const [key, deps] of Object.entries(args.propertyDependencies ?? {})) {
        propertyDependencies[key] = deps.map((d) => d.urn);
    }
    return {
        type: args.type,
        name: args.name,
        urn: args.urn,
        props: unproxy(args.props) ?? {},
        protect: args.opts?.protect === true,
        parent: args.opts?.parent || undefined,
        dependencies: (args.dependencies ?? []).map((d) => d.urn),
        propertyDependencies,
    };
}

function report(
    def: RuleDefinition,
    resource: Resource,
    message: string,
    config: RuleConfig,
    reportViolation: ReportViolation,
): void {
    const exception = matchingException(resource, config);
    if (exception) {
        waived.set(`${def.name}\u0000${resource.urn}\u0000${message}`, {
            policy: def.name,
            urn: resource.urn,
            resource: exception.resource,
            reason: exception.reason,
            message,
        });
        return;
    }
    reportViolation(message, resource.urn);
}

/**
 * The config property shared by every rule that lets a stack accept a rule's advisory findings,
 * with a reason: the plan then folds them into one line (the JSON output keeps every finding).
 * Rules ignore it; accepting a mandatory finding is refused when the config is loaded.
 */
export const ACCEPTED_SCHEMA: PolicyConfigJSONSchema = {
    type: "string",
    minLength: 10,
    description:
        "Why this stack accepts the rule's advisory findings; the plan folds them into one line.",
};

function configSchema(def: RuleDefinition) {
    return {
        properties: {
            exceptions: EXCEPTIONS_SCHEMA,
            accepted: ACCEPTED_SCHEMA,
            ...(def.config ?? {}),
        },
    };
}

/** Builds a resource policy from a pure check. */
export function resourceRule(
    def: ResourceRuleDefinition,
): ResourceValidationPolicy & Pick<RuleDefinition, "nearest" | "unknowns"> {
    const types = new Set(def.types);
    return {
        name: def.name,
        description: def.description,
        enforcementLevel: def.enforcementLevel ?? "mandatory",
        configSchema: configSchema(def),
        nearest: def.nearest,
        unknowns: def.unknowns ?? DEFAULT_UNKNOWNS,
        validateResource: async (
            args: ResourceValidationArgs,
            reportViolation: ReportViolation,
        ) => {
            if (!types.has(args.type)) return;
            // The IAM matchers read AWS's action list, which loads asynchronously, once.
            await loadIamCatalog();
            const config = ruleConfig(args.getConfig);
            const resource = toResource(args);
            for (const message of def.check(resource, config)) {
                report(def, resource, message, config, reportViolation);
            }
        },
    };
}

/** Builds a stack policy from a pure check over every resource. */
export function stackRule(
    def: StackRuleDefinition,
): StackValidationPolicy & Pick<RuleDefinition, "nearest" | "unknowns"> {
    return {
        name: def.name,
        description: def.description,
        enforcementLevel: def.enforcementLevel ?? "mandatory",
        configSchema: configSchema(def),
        nearest: def.nearest,
        unknowns: def.unknowns ?? DEFAULT_UNKNOWNS,
        validateStack: async (args, reportViolation) => {
            await loadIamCatalog();
            const config = ruleConfig(args.getConfig);
            const resources = args.resources.map((r: PolicyResource) => toResource(r));
            for (const { resource, message } of await def.check(resources, config)) {
                report(def, resource, message, config, reportViolation);
            }
        },
    };
}
