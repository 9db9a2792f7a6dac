/**
 * What a model of a remote component works with: a builder that registers the children the
 * provider plugin would register, in the engine's form (URNs by the engine's rule, inputs as wire
 * values, unknowns as the UNKNOWN sentinel), and hands back what a child's outputs would be in
 * this run: unknown in a first preview (like any created resource), fake-but-known with `--known`.
 *
 * A model is our reading of the provider's source at the pinned version, not the provider's
 * answer; every child it registers is marked `modeled`.
 */
import * as crypto from "crypto";
import { UNKNOWN } from "../plan";
import { knownOutputs } from "../fakes";
import { SIG, SIG_RESOURCE, makeUrn } from "../wire";

/** One child a model registers, as the monitor records it. */
export interface ModeledChild {
    readonly urn: string;
    readonly type: string;
    readonly name: string;
    readonly parent: string;
    readonly custom: boolean;
    /** Wire inputs (undefined properties dropped, as the SDK drops them). */
    readonly inputs: Record<string, unknown>;
    readonly dependencies: string[];
    /** Per input property, the URNs of the children its value came from. */
    readonly propertyDependencies: Record<string, string[]>;
    readonly protect: boolean;
    /** What the child's id and outputs are in this run (for getResource and references). */
    readonly id: string;
    readonly state: Record<string, unknown>;
}

/**
 * A value that came from a child's output: registering it as an input records the dependency
 * (`propertyDependencies`, as the SDK records an Output's resources), then uses its value.
 */
export class Ref {
    constructor(
        readonly urn: string,
        readonly value: unknown,
    ) {}
}

/** The plain value of something that may be a {@link Ref}. */
export function plainOf(value: unknown): unknown {
    return value instanceof Ref ? value.value : value;
}

/** A registered child, as the rest of a model refers to it. */
export interface Handle {
    readonly urn: string;
    readonly type: string;
    readonly name: string;
    /** The id: unknown in a first preview. */
    readonly id: Ref;
    /** An output: the echoed input when the program gave one, else unknown (or a fake with `known`). */
    out(key: string): Ref;
    /** The resource as a wire resource reference (what the SDK sends for a Resource input). */
    ref(): Record<string, unknown>;
}

/** Raised by a model when the component's arguments take it where the model does not go. */
export class NotModeled extends Error {
    constructor(reason: string) {
        super(reason);
        this.name = "NotModeled";
    }
}

/** Options of one model run. */
export interface BuilderOptions {
    readonly stack: string;
    readonly project: string;
    readonly region: string;
    readonly known: boolean;
    /** The component's `protect`, which its children inherit (Resource's constructor in @pulumi/pulumi). */
    readonly protect: boolean;
    /** Answers an invoke as the engine would (tools/engine/fakes.ts invokeResult). */
    readonly invoke: (token: string, args: Record<string, unknown>) => Record<string, unknown>;
}

/** Drops undefined properties at every depth, as the SDK's serializer does. */
export function defined(value: unknown): unknown {
    if (Array.isArray(value)) return value.map(defined);
    if (value === null || typeof value !== "object") return value;
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
        if (v !== undefined) out[k] = defined(v);
    }
    return out;
}

/** Keeps only the listed properties of an argument object (what an SDK constructor copies). */
export function pick(
    args: Record<string, unknown>,
    keys: readonly string[],
): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const k of keys) if (args[k] !== undefined) out[k] = args[k];
    return out;
}

/** Registers a model's children; see the file comment. */
export class ModelBuilder {
    readonly children: ModeledChild[] = [];

    constructor(readonly options: BuilderOptions) {}

    /** A custom resource (custom = true) or a component (custom = false), child of `parent`. */
    register(
        type: string,
        name: string,
        parent: Handle | string,
        inputs: Record<string, unknown>,
        opts: { dependsOn?: Handle[]; custom?: boolean } = {},
    ): Handle {
        const { stack, project, region, known, protect } = this.options;
        const parentUrn = typeof parent === "string" ? parent : parent.urn;
        const urn = makeUrn(stack, project, parentUrn, type, name);
        const custom = opts.custom ?? true;
        const propertyDependencies: Record<string, string[]> = {};
        const resolved: Record<string, unknown> = {};
        for (const [key, value] of Object.entries(inputs)) {
            const urns = new Set<string>();
            resolved[key] = resolveRefs(value, urns);
            if (urns.size > 0 && resolved[key] !== undefined) propertyDependencies[key] = [...urns];
        }
        const wire = defined(resolved) as Record<string, unknown>;
        let id = "";
        let state: Record<string, unknown> = {};
        if (custom) {
            if (known) ({ id, state } = knownOutputs(type, name, wire, region));
            else state = wire;
        }
        const dependencies = [
            ...new Set([
                ...(opts.dependsOn ?? []).map((h) => h.urn),
                ...Object.values(propertyDependencies).flat(),
                ...referencedUrns(wire),
            ]),
        ];
        this.children.push({
            urn,
            type,
            name,
            parent: parentUrn,
            custom,
            inputs: wire,
            dependencies,
            propertyDependencies,
            protect,
            id,
            state,
        });
        const fake = (key: string) =>
            `${key}-0${crypto.createHash("sha256").update(`${urn}::${key}`).digest("hex").slice(0, 16)}`;
        return {
            urn,
            type,
            name,
            id: new Ref(urn, custom && known ? id : UNKNOWN),
            out: (key: string) => {
                if (!custom) return new Ref(urn, UNKNOWN);
                if (state[key] !== undefined) return new Ref(urn, state[key]);
                return new Ref(urn, known ? fake(key) : UNKNOWN);
            },
            ref: () => ({ [SIG]: SIG_RESOURCE, urn, id: custom && known ? id : UNKNOWN }),
        };
    }

    /** A component resource (no provider, no outputs but those it registers). */
    component(
        type: string,
        name: string,
        parent: Handle | string,
        inputs: Record<string, unknown>,
    ) {
        return this.register(type, name, parent, inputs, { custom: false });
    }

    /** An invoke's result, as the engine answers it. */
    invoke(token: string, args: Record<string, unknown>): Record<string, unknown> {
        return this.options.invoke(token, args);
    }
}

/** A value with its {@link Ref}s replaced by their values; their URNs are added to `urns`. */
function resolveRefs(value: unknown, urns: Set<string>): unknown {
    if (value instanceof Ref) {
        urns.add(value.urn);
        return value.value;
    }
    if (Array.isArray(value)) return value.map((v) => resolveRefs(v, urns));
    if (value === null || typeof value !== "object") return value;
    const obj = value as Record<string, unknown>;
    // A resource passed as an input: the SDK records it as a dependency of that input.
    if (obj[SIG] === SIG_RESOURCE && typeof obj.urn === "string") {
        urns.add(obj.urn);
        return value;
    }
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
        out[k] = resolveRefs(v, urns);
    }
    return out;
}

/** URNs of the resource references inside a wire value (they are dependencies). */
function referencedUrns(value: unknown): string[] {
    if (Array.isArray(value)) return value.flatMap(referencedUrns);
    if (value === null || typeof value !== "object") return [];
    const obj = value as Record<string, unknown>;
    if (obj[SIG] === SIG_RESOURCE && typeof obj.urn === "string") return [obj.urn];
    return Object.values(obj).flatMap(referencedUrns);
}
