/**
 * The result of one offline run: every resource the program registered, in registration order,
 * with the queries that tests, the tree printer and the policy gate share.
 */

/** The distinguished string the Pulumi engine uses for a value not known until apply. */
export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

/** What a secret value shows as in a plan: plans are posted on pull requests, so never the value. */
export const SECRET = "[secret]";

/** One RegisterResourceRequest, as the engine received it. */
export interface RecordedResource {
    readonly urn: string;
    readonly type: string;
    readonly name: string;
    /** URN of the parent, or undefined for the stack itself. */
    readonly parent?: string;
    /** True for custom (provider) resources, false for components. */
    readonly custom: boolean;
    /** True for multi-language components (awsx, eks) constructed by their provider plugin. */
    readonly remote: boolean;
    /**
     * True for a read of an existing resource (`Resource.get`, a StackReference): nothing is
     * created, the CLI shows a `read` step, and policies analyze it only as part of the stack.
     */
    readonly read?: boolean;
    /**
     * Inputs as the engine received them: unknown values are {@link UNKNOWN}, secrets are
     * {@link SECRET}, assets and archives `{ kind: "asset" | "archive", ... }`, resource references
     * `{ kind: "resource", urn, id? }`.
     */
    readonly inputs: Record<string, unknown>;
    /** URNs this resource depends on (explicit dependsOn and every input's dependencies). */
    readonly dependencies: string[];
    /** Per input property, the URNs its value came from. */
    readonly propertyDependencies: Record<string, string[]>;
    /** Provider reference (`urn::id`), when one was given explicitly or inherited. */
    readonly provider?: string;
    /** Providers map given to a component (package -> reference). */
    readonly providers: Record<string, string>;
    readonly protect: boolean;
    readonly retainOnDelete: boolean;
    readonly deleteBeforeReplace: boolean;
    readonly ignoreChanges: string[];
    readonly replaceOnChanges: string[];
    readonly additionalSecretOutputs: string[];
    /** Aliases, as URNs or as `{ name, type, parent, stack, project }` specs. */
    readonly aliases: unknown[];
    /** Version of the provider plugin the SDK asked for. */
    readonly version?: string;
    /**
     * True when the program created it inside an `apply` callback: a first preview of a new stack
     * never shows such a resource while the callback's input is unknown.
     */
    readonly createdInApply?: boolean;
    /**
     * True for a child of a remote component registered by the engine's offline model of it
     * (tools/engine/models), not by the provider plugin: our reading of the provider's source.
     */
    readonly modeled?: boolean;
    /**
     * For a remote component: why nothing it creates is checked (no model of its type, or its
     * arguments take the model where it does not go); undefined when its children were modeled.
     */
    unchecked?: string;
    /** For a modeled remote component: what the model leaves out (those parts stay unchecked). */
    modelGaps?: string[];
    /** Outputs registered by a component with `registerOutputs` (the stack's are its exports). */
    outputs?: Record<string, unknown>;
}

/** True if a value is, or contains anywhere, an unknown. */
export function containsUnknown(value: unknown): boolean {
    if (value === UNKNOWN) return true;
    if (Array.isArray(value)) return value.some(containsUnknown);
    if (value !== null && typeof value === "object") {
        return Object.values(value as Record<string, unknown>).some(containsUnknown);
    }
    return false;
}

/** The queries over a run's resources. Every `one`/`named` lookup fails loudly when ambiguous. */
export class Plan {
    constructor(
        readonly stack: string,
        readonly project: string,
        readonly resources: readonly RecordedResource[],
        /** True when computed outputs were faked as known (`--known`), false for a first preview. */
        readonly known: boolean,
        /** Raw wire inputs per URN (secrets and unknowns in wire form), for the policy gate. */
        readonly rawInputs: ReadonlyMap<string, Record<string, unknown>> = new Map(),
        /**
         * Raw outputs per URN as the engine's state holds them after the step (a custom
         * resource's provider answer, a component's registered outputs): what AnalyzeStack reads.
         */
        readonly rawOutputs: ReadonlyMap<string, Record<string, unknown>> = new Map(),
    ) {}

    /** The stack's outputs (the program's exports), as registered on the root stack resource. */
    get outputs(): Record<string, unknown> {
        return this.stackResource?.outputs ?? {};
    }

    /** The root `pulumi:pulumi:Stack` resource, if the program ran as a stack. */
    get stackResource(): RecordedResource | undefined {
        return this.resources.find((r) => r.type === "pulumi:pulumi:Stack");
    }

    /** Resources of one type token, in registration order. */
    ofType(type: string): RecordedResource[] {
        return this.resources.filter((r) => r.type === type);
    }

    /** The one resource with this name (and type, when given); throws if none or several. */
    one(type: string, name?: string): RecordedResource {
        const found = this.ofType(type).filter((r) => name === undefined || r.name === name);
        if (found.length !== 1) {
            const names = this.ofType(type).map((r) => r.name);
            throw new Error(
                `expected exactly one ${type}${name === undefined ? "" : ` named "${name}"`}, ` +
                    `found ${found.length} (of this type: ${names.length ? names.join(", ") : "none"})`,
            );
        }
        return found[0];
    }

    /** The one resource with this name, of any type; throws if none or several. */
    named(name: string): RecordedResource {
        const found = this.resources.filter((r) => r.name === name);
        if (found.length !== 1) {
            throw new Error(`expected exactly one resource named "${name}", found ${found.length}`);
        }
        return found[0];
    }

    /** The resource with this URN; throws if absent. */
    byUrn(urn: string): RecordedResource {
        const found = this.resources.find((r) => r.urn === urn);
        if (!found) throw new Error(`no resource with URN ${urn}`);
        return found;
    }

    /** Direct children of a resource (by URN or the resource itself). */
    childrenOf(parent: string | RecordedResource): RecordedResource[] {
        const urn = typeof parent === "string" ? parent : parent.urn;
        return this.resources.filter((r) => r.parent === urn);
    }

    /** Every resource below a resource, depth first, in registration order per level. */
    descendantsOf(parent: string | RecordedResource): RecordedResource[] {
        const out: RecordedResource[] = [];
        for (const child of this.childrenOf(parent)) {
            out.push(child, ...this.descendantsOf(child));
        }
        return out;
    }

    /** Counts by category, for the summary line; reads are counted apart (nothing is created). */
    counts(): {
        total: number;
        custom: number;
        components: number;
        remote: number;
        reads: number;
        modeled: number;
    } {
        const registered = this.resources.filter((r) => !r.read);
        const custom = registered.filter((r) => r.custom).length;
        const remote = registered.filter((r) => !r.custom && r.remote).length;
        return {
            total: registered.length,
            custom,
            remote,
            components: registered.length - custom - remote,
            reads: this.resources.length - registered.length,
            modeled: registered.filter((r) => r.modeled).length,
        };
    }

    /** Remote components whose children nobody checks, with the reason. */
    unchecked(): RecordedResource[] {
        return this.resources.filter((r) => r.remote && r.unchecked !== undefined);
    }
}
