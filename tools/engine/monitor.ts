/**
 * The recording resource monitor: stands in for the Pulumi engine's ResourceMonitor gRPC service
 * inside the program's process. It records every RegisterResourceRequest as sent, and answers as
 * the engine would for a first preview (computed outputs unknown) or, with `known`, for an
 * existing stack (every output a known fake).
 */
import * as path from "path";
import { RecordedResource, SECRET, UNKNOWN } from "./plan";
import { invokeResult, knownOutputs, remoteComponentOutputs } from "./fakes";

/** Pulumi's wire signatures for special values inside a Struct. */
const SIG = "4dabf18193072939515e22adb298388d";
const SIG_SECRET = "1b47061264138c4ac30d75fd1eb44270";
const SIG_ASSET = "c44067f5952c0a294b673a41bacd8c17";
const SIG_ARCHIVE = "0def7320c3a5731c473e5ecbe6d01bc7";
const SIG_RESOURCE = "5cf8f73096256a8f31e491e813e4eb8e";
const SIG_OUTPUT = "d0e6a833031e9bbcd3f4e8bde6ca49a4";

/**
 * The readable form of a wire value: secrets hidden, assets/archives and resource references as
 * `{ kind, ... }`, unknowns kept as the UNKNOWN sentinel.
 */
export function displayValue(value: unknown): unknown {
    if (Array.isArray(value)) return value.map(displayValue);
    if (value === null || typeof value !== "object") return value;
    const obj = value as Record<string, unknown>;
    switch (obj[SIG]) {
        case SIG_SECRET:
            return SECRET;
        case SIG_ASSET:
        case SIG_ARCHIVE: {
            const { [SIG]: sig, ...rest } = obj;
            const out: Record<string, unknown> = { kind: sig === SIG_ASSET ? "asset" : "archive" };
            for (const [k, v] of Object.entries(rest)) out[k] = displayValue(v);
            return out;
        }
        case SIG_RESOURCE:
            return {
                kind: "resource",
                urn: obj.urn,
                ...(obj.id !== undefined ? { id: displayValue(obj.id) } : {}),
            };
        case SIG_OUTPUT:
            if (obj.secret) return SECRET;
            return "value" in obj ? displayValue(obj.value) : UNKNOWN;
        default: {
            const out: Record<string, unknown> = {};
            for (const [k, v] of Object.entries(obj)) out[k] = displayValue(v);
            return out;
        }
    }
}

/** Display form of a whole input map; a dynamic provider's serialized code is summarized. */
function displayInputs(raw: Record<string, unknown>): Record<string, unknown> {
    const out = displayValue(raw) as Record<string, unknown>;
    if (typeof out.__provider === "string") {
        out.__provider = `[serialized dynamic provider, ${out.__provider.length} bytes]`;
    }
    return out;
}

/** The engine's URN rule: the parent's qualified type prefixes the type, except the root stack's. */
export function makeUrn(
    stack: string,
    project: string,
    parentUrn: string | undefined,
    type: string,
    name: string,
): string {
    let qualified = type;
    if (parentUrn) {
        const parentType = parentUrn.split("::")[2];
        if (parentType && parentType !== "pulumi:pulumi:Stack") qualified = `${parentType}$${type}`;
    }
    return `urn:pulumi:${stack}::${project}::${qualified}::${name}`;
}

/** Options for a recording monitor. */
export interface MonitorOptions {
    readonly stack: string;
    readonly project: string;
    /** Fake every computed output as known (an existing stack), instead of unknown (a new one). */
    readonly known: boolean;
    /** `aws:region` of the stack, for invokes and fake ARNs. */
    readonly region: string;
    /**
     * Outputs of other stacks, by fully qualified stack name, for reads of
     * `pulumi:pulumi:StackReference`. A stack not listed reads as unknown outputs (its state is
     * out of reach offline), as in a preview that cannot see the other stack's latest update.
     */
    readonly stackReferences?: Readonly<Record<string, Record<string, unknown>>>;
}

/** What a run recorded: resources in order, and their raw wire inputs (for the policy gate). */
export interface Recording {
    readonly resources: RecordedResource[];
    /** Raw inputs per URN, exactly as sent (secrets and unknowns in wire form). Never printed. */
    readonly rawInputs: Map<string, Record<string, unknown>>;
}

type Callback = (err: Error | null, resp?: unknown) => void;

/** The type of a stack reference: a read whose outputs are another stack's exports. */
const STACK_REFERENCE = "pulumi:pulumi:StackReference";

/* eslint-disable @typescript-eslint/no-explicit-any -- the monitor speaks the SDK's untyped gRPC surface */

/**
 * Builds a recording monitor against the program's own copy of `@pulumi/pulumi` (its proto
 * classes must be the ones the SDK reads responses with).
 */
export function createRecordingMonitor(
    sdkDir: string,
    options: MonitorOptions,
): { monitor: any; recording: Recording } {
    const { MockMonitor } = require(path.join(sdkDir, "runtime", "mocks"));
    const resproto = require(path.join(sdkDir, "proto", "resource_pb"));
    const structproto = require(
        require.resolve("google-protobuf/google/protobuf/struct_pb", { paths: [sdkDir] }),
    );
    const recording: Recording = { resources: [], rawInputs: new Map() };
    const byUrn = new Map<string, RecordedResource>();

    const mocks = {
        newResource(args: {
            type: string;
            name: string;
            inputs: Record<string, unknown>;
            id?: string;
        }) {
            // Reads (`Resource.get`) land here: the resource exists, with the id asked for.
            if (args.type === STACK_REFERENCE) {
                const stack = args.id ?? args.name;
                const outputs = options.stackReferences?.[stack];
                return {
                    id: stack,
                    state: {
                        name: stack,
                        outputs: outputs ?? UNKNOWN,
                        secretOutputNames: outputs === undefined ? UNKNOWN : [],
                    },
                };
            }
            return { id: args.id ?? `${args.name}-id`, state: args.inputs };
        },
        call(args: { token: string; inputs: Record<string, unknown> }) {
            try {
                return invokeResult(args.token, args.inputs, options.region);
            } catch (err) {
                // The SDK reads a failed invoke's message from the gRPC status `details`.
                Object.assign(err as Error, { details: (err as Error).message });
                throw err;
            }
        },
    };

    class RecordingMonitor extends MockMonitor {
        async registerResource(req: any, callback: Callback) {
            try {
                const type: string = req.getType();
                const name: string = req.getName();
                const parent: string | undefined = req.getParent() || undefined;
                const urn = makeUrn(options.stack, options.project, parent, type, name);
                if (byUrn.has(urn)) {
                    throw new Error(`Duplicate resource URN '${urn}'; try giving it a unique name`);
                }
                const raw: Record<string, unknown> = req.getObject()?.toJavaScript() ?? {};
                const propertyDependencies: Record<string, string[]> = {};
                req.getPropertydependenciesMap().forEach((deps: any, key: string) => {
                    propertyDependencies[key] = deps.getUrnsList();
                });
                const providers: Record<string, string> = {};
                req.getProvidersMap().forEach((ref: string, pkg: string) => {
                    providers[pkg] = ref;
                });
                const aliases = req.getAliasesList().map((a: any) => {
                    // AliasCase 1 is a plain URN, 2 a spec.
                    if (a.getAliasCase() === 1) return a.getUrn();
                    const s = a.getSpec();
                    return {
                        name: s.getName() || undefined,
                        type: s.getType() || undefined,
                        stack: s.getStack() || undefined,
                        project: s.getProject() || undefined,
                        parent: s.getNoparent() ? null : s.getParenturn() || undefined,
                    };
                });
                const record: RecordedResource = {
                    urn,
                    type,
                    name,
                    parent,
                    custom: req.getCustom(),
                    remote: req.getRemote(),
                    inputs: displayInputs(raw),
                    dependencies: req.getDependenciesList(),
                    propertyDependencies,
                    provider: req.getProvider() || undefined,
                    providers,
                    protect: req.getProtect() === true,
                    retainOnDelete: req.getRetainondelete() === true,
                    deleteBeforeReplace: req.getDeletebeforereplace(),
                    ignoreChanges: req.getIgnorechangesList(),
                    replaceOnChanges: req.getReplaceonchangesList(),
                    additionalSecretOutputs: req.getAdditionalsecretoutputsList(),
                    aliases: [...req.getAliasurnsList(), ...aliases],
                    version: req.getVersion() || undefined,
                };
                recording.resources.push(record);
                recording.rawInputs.set(urn, raw);
                byUrn.set(urn, record);

                let id = "";
                let state: Record<string, unknown> = {};
                if (record.remote) {
                    state = remoteComponentOutputs(type, name, raw, options.known, options.region);
                } else if (record.custom) {
                    if (options.known) {
                        ({ id, state } = knownOutputs(type, name, raw, options.region));
                    } else {
                        // A create during preview: the provider echoes the inputs; everything it
                        // would compute (ids, ARNs, endpoints) is left out, hence unknown.
                        state = raw;
                    }
                }
                this.resources.set(urn, { urn, id: id || null, state });
                const response = new resproto.RegisterResourceResponse();
                response.setUrn(urn);
                response.setId(id);
                response.setObject(structproto.Struct.fromJavaScript(state));
                callback(null, response);
            } catch (err) {
                callback(err as Error, undefined);
            }
        }

        registerResourceOutputs(req: any, callback: Callback) {
            try {
                const record = byUrn.get(req.getUrn());
                if (!record)
                    throw new Error(`outputs registered for unknown resource ${req.getUrn()}`);
                record.outputs = displayValue(req.getOutputs()?.toJavaScript() ?? {}) as Record<
                    string,
                    unknown
                >;
                callback(null, {});
            } catch (err) {
                callback(err as Error, undefined);
            }
        }
    }

    // The base class is typed `any` (loaded from the program's SDK), so TS cannot see its constructor.
    const Monitor = RecordingMonitor as unknown as new (m: typeof mocks) => unknown;
    return { monitor: new Monitor(mocks), recording };
}
