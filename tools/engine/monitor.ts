/**
 * The recording resource monitor: the engine's side of the ResourceMonitor protocol. It records
 * every RegisterResourceRequest as sent, and answers as the Pulumi engine would for a preview:
 * computed outputs unknown (the first preview of a new stack) or, with `known`, every output a
 * known fake (an update of an existing stack).
 *
 * One class serves both ways a program reaches it: over gRPC from the SDK's own `cmd/run` in a
 * separate process (tools/engine/server.ts, what `npm run plan` does), and in-process through
 * `pulumi.runtime.setMockOptions` for component tests (`runInline`). Its methods have the
 * `(request, callback)` shape both the SDK's client stubs and a grpc-js handler use.
 */
import * as crypto from "crypto";
import * as fs from "fs";
import * as path from "path";
import { RecordedResource, SECRET, UNKNOWN } from "./plan";
import { EXACT_INVOKES, invokeResult, knownOutputs, remoteComponentOutputs } from "./fakes";
import { modelRemoteComponent } from "./models";
import { makeUrn, SIG, SIG_ARCHIVE, SIG_ASSET, SIG_OUTPUT, SIG_RESOURCE, SIG_SECRET } from "./wire";

// Where they always were for this module's importers; the models import ./wire, a leaf.
export { makeUrn, SIG, SIG_RESOURCE, SIG_SECRET } from "./wire";

/* eslint-disable @typescript-eslint/no-explicit-any -- the generated protobuf classes are untyped */
const resproto = require("@pulumi/pulumi/proto/resource_pb");
const structproto = require(
    require.resolve("google-protobuf/google/protobuf/struct_pb", {
        paths: [require.resolve("@pulumi/pulumi/package.json")],
    }),
);
const emptyproto = require(
    require.resolve("google-protobuf/google/protobuf/empty_pb", {
        paths: [require.resolve("@pulumi/pulumi/package.json")],
    }),
);

/**
 * A wire value as the engine stores it: an output value (sent for remote components, since the
 * engine announces `outputValues`) becomes its plain value, a secret wrapper around it when it is
 * secret, or the unknown sentinel (pkg/resource/plugin/rpc.go UnmarshalPropertyValue does the
 * same with KeepOutputValues off, as the engine calls it for analyzers and providers).
 */
export function engineValue(value: unknown): unknown {
    if (Array.isArray(value)) return value.map(engineValue);
    if (value === null || typeof value !== "object") return value;
    const obj = value as Record<string, unknown>;
    if (obj[SIG] === SIG_OUTPUT) {
        if (!("value" in obj)) return UNKNOWN;
        const inner = engineValue(obj.value);
        return obj.secret ? { [SIG]: SIG_SECRET, value: inner } : inner;
    }
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(obj)) out[k] = engineValue(v);
    return out;
}

/** A wire value with its secret wrappers removed (what a provider's invoke receives). */
export function plainValue(value: unknown): unknown {
    if (Array.isArray(value)) return value.map(plainValue);
    if (value === null || typeof value !== "object") return value;
    const obj = value as Record<string, unknown>;
    if (obj[SIG] === SIG_SECRET) return plainValue(obj.value);
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(obj)) out[k] = plainValue(v);
    return out;
}

/**
 * The readable form of a wire value: secrets hidden, assets/archives and resource references as
 * `{ kind, ... }`, unknowns kept as the UNKNOWN sentinel.
 */
export function displayValue(value: unknown, dir?: string): unknown {
    if (Array.isArray(value)) return value.map((v) => displayValue(v, dir));
    if (value === null || typeof value !== "object") return value;
    const obj = value as Record<string, unknown>;
    switch (obj[SIG]) {
        case SIG_SECRET:
            return SECRET;
        case SIG_ASSET:
        case SIG_ARCHIVE:
            return summarizeAsset(obj, dir);
        case SIG_RESOURCE:
            return {
                kind: "resource",
                urn: obj.urn,
                ...(obj.id !== undefined ? { id: displayValue(obj.id, dir) } : {}),
            };
        case SIG_OUTPUT:
            if (obj.secret) return SECRET;
            return "value" in obj ? displayValue(obj.value, dir) : UNKNOWN;
        default: {
            const out: Record<string, unknown> = {};
            for (const [k, v] of Object.entries(obj)) out[k] = displayValue(v, dir);
            return out;
        }
    }
}

/**
 * An asset or archive as a plan shows it: its kind, where it comes from, and its size and sha256
 * (of inline text, or of the file at its path, resolved against the program's directory `dir`);
 * never the content (a Lambda bundle and its source map run to megabytes, and a plan is posted
 * on pull requests). Archives list their members the same way.
 */
function summarizeAsset(obj: Record<string, unknown>, dir?: string): Record<string, unknown> {
    const kind = obj[SIG] === SIG_ASSET ? "asset" : "archive";
    const out: Record<string, unknown> = { kind };
    if (typeof obj.path === "string") {
        out.path = obj.path;
        const file = dir === undefined ? obj.path : path.resolve(dir, obj.path);
        try {
            if (fs.statSync(file).isFile()) {
                const content = fs.readFileSync(file);
                out.size = content.length;
                out.sha256 = sha256(content);
            }
        } catch {
            out.missing = true;
        }
    }
    if (typeof obj.uri === "string") out.uri = obj.uri;
    if (typeof obj.text === "string") {
        out.size = Buffer.byteLength(obj.text);
        out.sha256 = sha256(obj.text);
    }
    if (obj.assets !== null && typeof obj.assets === "object") {
        const members: Record<string, unknown> = {};
        for (const [name, member] of Object.entries(obj.assets as Record<string, unknown>)) {
            members[name] = displayValue(member, dir);
        }
        out.assets = members;
    }
    return out;
}

function sha256(data: string | Buffer): string {
    return crypto.createHash("sha256").update(data).digest("hex");
}

/** Display form of a whole input map; a dynamic provider's serialized code is summarized. */
function displayInputs(raw: Record<string, unknown>, dir?: string): Record<string, unknown> {
    const out = displayValue(raw, dir) as Record<string, unknown>;
    if (typeof out.__provider === "string") {
        out.__provider = `[serialized dynamic provider, ${out.__provider.length} bytes]`;
    }
    return out;
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
    /** Whether the run is a preview (default true). */
    readonly dryRun?: boolean;
    /** The organization the program sees (default "organization", the DIY backends' name). */
    readonly organization?: string;
    /** The `--parallel` the program was given. */
    readonly parallel?: number;
    /** The program's working directory, against which relative asset paths resolve. */
    readonly programDir?: string;
    /** Told of every registration (modeled children included, reads not) as it is recorded. */
    readonly observer?: RegistrationObserver;
}

/** A registration as the engine's step generator sees it: the resource and its raw inputs. */
export interface Registration {
    readonly record: RecordedResource;
    readonly inputs: Record<string, unknown>;
}

/** Watches registrations as they arrive (the policy gate analyzes them as the CLI does). */
export interface RegistrationObserver {
    /** `provider` is the registration of the resource's explicit provider, when it has one. */
    registered(registration: Registration, provider: Registration | undefined): void;
}

/** What a run recorded: resources in order, and their raw wire inputs (for the policy gate). */
export interface Recording {
    readonly resources: RecordedResource[];
    /** Raw inputs per URN, as the engine stores them (secrets and unknowns in wire form). */
    readonly rawInputs: Map<string, Record<string, unknown>>;
    /**
     * Raw outputs per URN, as the engine's state holds them after the step (what AnalyzeStack
     * reads): a custom resource's provider answer, a component's registered outputs.
     */
    readonly rawOutputs: Map<string, Record<string, unknown>>;
}

type Callback = (err: Error | null, resp?: unknown) => void;

/** The type of a stack reference: a read whose outputs are another stack's exports. */
const STACK_REFERENCE = "pulumi:pulumi:StackReference";

/**
 * What the engine announces, by the SupportsFeature ids and the DeploymentInfo enum values of
 * resource_pb (pkg/resource/deploy/source_eval.go `supportsFeatureID` and
 * `supportedMonitorFeatures`, which also always appends byte strings, invoke dependsOn and invoke
 * parent). Transforms are announced as the CLI announces them, so that a program using them
 * fails at the registration with this engine's own explanation rather than the SDK's "update
 * the Pulumi CLI". Hooks only run during an update, never in a preview, so they are accepted.
 */
const FEATURES: Readonly<Record<string, number>> = {
    secrets: 0,
    resourceReferences: 1,
    outputValues: 2,
    aliasSpecs: 3,
    replacementTrigger: 4,
    deletedWith: 5,
    replaceWith: 6,
    transforms: 7,
    invokeTransforms: 8,
    parameterization: 9,
    resourceHooks: 10,
    errorHooks: 11,
    sendsOptionsToHooks: 12,
};
const ALWAYS = [13, 14, 15];

const NO_TRANSFORMS =
    "the offline engine cannot run transforms: they call back into the program, which it does " +
    "not do; plan without them, or apply the change in the component's arguments";

/** A gRPC status error, as grpc-js and the SDK's error handling read it. */
function rpcError(code: number, message: string): Error {
    return Object.assign(new Error(message), { code, details: message });
}

/** grpc status codes used here (@grpc/grpc-js `status`). */
const UNKNOWN_CODE = 2;
const UNIMPLEMENTED = 12;

/** A registered resource's state, for `getResource` and resource references. */
interface Stored {
    readonly urn: string;
    readonly id: string;
    readonly state: Record<string, unknown>;
}

/**
 * The Kubernetes provider's auto-naming, which its Check applies during a preview: an object
 * without `metadata.name` is named `<resource name>-<8 DNS-1123 characters>` and annotated
 * `pulumi.com/autonamed: "true"` (pulumi-kubernetes provider/pkg/metadata/naming.go
 * `AssignNameIfAutonamable`); one with `generateName` is left for the API server to name. The
 * provider's suffix is random; offline it is derived from the type and name, so plans are stable.
 */
export function autoname(
    type: string,
    name: string,
    inputs: Record<string, unknown>,
): Record<string, unknown> {
    if (!type.startsWith("kubernetes:") || typeof inputs.kind !== "string") return inputs;
    const metadata = inputs.metadata ?? {};
    if (metadata === null || typeof metadata !== "object" || Array.isArray(metadata)) return inputs;
    const meta = metadata as Record<string, unknown>;
    if (meta.name !== undefined || meta.generateName !== undefined) return inputs;
    const alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
    const digest = crypto.createHash("sha256").update(`${type}::${name}`).digest();
    const suffix = Array.from(digest.subarray(0, 8), (b) => alphabet[b % alphabet.length]).join("");
    const annotations = (meta.annotations ?? {}) as Record<string, unknown>;
    return {
        ...inputs,
        metadata: {
            ...meta,
            name: `${name}-${suffix}`,
            annotations: { ...annotations, "pulumi.com/autonamed": "true" },
        },
    };
}

/** The engine's side of the ResourceMonitor service; see the file comment. */
export class RecordingMonitor {
    readonly recording: Recording = { resources: [], rawInputs: new Map(), rawOutputs: new Map() };
    /** Data sources answered with a stand-in rather than AWS's answer, and how often. */
    readonly standIns = new Map<string, number>();
    private readonly byUrn = new Map<string, RecordedResource>();
    private readonly stored = new Map<string, Stored>();

    constructor(readonly options: MonitorOptions) {}

    supportsFeature(req: any, callback: Callback): void {
        const resp = new resproto.SupportsFeatureResponse();
        resp.setHassupport(req.getId() in FEATURES);
        callback(null, resp);
    }

    getDeploymentInfo(_req: any, callback: Callback): void {
        const resp = new resproto.DeploymentInfo();
        resp.setProject(this.options.project);
        resp.setStack(this.options.stack);
        resp.setOrganization(this.options.organization ?? "organization");
        resp.setDryrun(this.options.dryRun ?? true);
        resp.setParallel(this.options.parallel ?? 0);
        resp.setSupportedfeaturesList([...Object.values(FEATURES), ...ALWAYS]);
        callback(null, resp);
    }

    invoke(req: any, callback: Callback): void {
        try {
            const token: string = req.getTok();
            // A provider sees secret arguments as plain values; the SDK marks the result secret
            // when an argument was (invokeOutput's secret propagation).
            const args = plainValue(engineValue(req.getArgs()?.toJavaScript() ?? {})) as Record<
                string,
                unknown
            >;
            let result: Record<string, unknown>;
            if (token === "pulumi:pulumi:getResource") {
                const found = this.stored.get(args.urn as string);
                if (!found) throw new Error(`unknown resource ${String(args.urn)}`);
                result = { urn: found.urn, id: found.id, state: found.state };
            } else {
                result = invokeResult(token, args, this.options.region);
                if (!EXACT_INVOKES.has(token)) {
                    this.standIns.set(token, (this.standIns.get(token) ?? 0) + 1);
                }
            }
            const resp = new resproto.ResourceInvokeResponse();
            resp.setReturn(structproto.Struct.fromJavaScript(result));
            callback(null, resp);
        } catch (err) {
            // The SDK reads a failed invoke's message from the gRPC status `details`.
            callback(rpcError(UNKNOWN_CODE, (err as Error).message));
        }
    }

    call(req: any, callback: Callback): void {
        callback(
            rpcError(
                UNIMPLEMENTED,
                `the offline engine cannot call method ${req.getTok()}: methods of ` +
                    `multi-language components run in their provider plugin`,
            ),
        );
    }

    readResource(req: any, callback: Callback): void {
        try {
            const type: string = req.getType();
            const name: string = req.getName();
            const parent: string | undefined = req.getParent() || undefined;
            const urn = makeUrn(this.options.stack, this.options.project, parent, type, name);
            const id: string = req.getId();
            const raw = engineValue(req.getProperties()?.toJavaScript() ?? {}) as Record<
                string,
                unknown
            >;
            // A read is not a registration: the engine reads it from the provider during the
            // preview (the CLI shows it as a `read` step) and does not analyze it on its own.
            // Offline, the provider is out of reach, so a read returns the arguments given, and a
            // stack reference the outputs the caller supplied.
            this.recordRead(req, urn, raw);
            let state: Record<string, unknown> = raw;
            if (type === STACK_REFERENCE) {
                const outputs = this.options.stackReferences?.[id];
                state = {
                    name: id,
                    outputs: outputs ?? UNKNOWN,
                    secretOutputNames: outputs === undefined ? UNKNOWN : [],
                };
            }
            this.stored.set(urn, { urn, id, state });
            this.recording.rawOutputs.set(urn, state);
            const resp = new resproto.ReadResourceResponse();
            resp.setUrn(urn);
            resp.setProperties(structproto.Struct.fromJavaScript(state));
            callback(null, resp);
        } catch (err) {
            callback(err as Error);
        }
    }

    registerResource(req: any, callback: Callback): void {
        try {
            const type: string = req.getType();
            const name: string = req.getName();
            const parent: string | undefined = req.getParent() || undefined;
            const urn = makeUrn(this.options.stack, this.options.project, parent, type, name);
            if (req.getTransformsList().length > 0) {
                throw rpcError(UNIMPLEMENTED, `${urn}: ${NO_TRANSFORMS}`);
            }
            const raw = autoname(
                type,
                name,
                engineValue(req.getObject()?.toJavaScript() ?? {}) as Record<string, unknown>,
            );
            const record = this.record(req, urn, raw);
            let id = "";
            let state: Record<string, unknown> = {};
            if (record.remote) {
                this.model(record, raw);
                state = remoteComponentOutputs(
                    type,
                    name,
                    raw,
                    this.options.known,
                    this.options.region,
                );
            } else if (record.custom) {
                if (this.options.known) {
                    ({ id, state } = knownOutputs(type, name, raw, this.options.region));
                } else {
                    // A create during preview: the provider echoes the inputs; everything it
                    // would compute (ids, ARNs, endpoints) is left out, hence unknown.
                    state = raw;
                }
            }
            this.stored.set(urn, { urn, id, state });
            if (record.custom || record.remote) this.recording.rawOutputs.set(urn, state);
            const resp = new resproto.RegisterResourceResponse();
            resp.setUrn(urn);
            resp.setId(id);
            resp.setObject(structproto.Struct.fromJavaScript(state));
            callback(null, resp);
        } catch (err) {
            callback(err as Error);
        }
    }

    registerResourceOutputs(req: any, callback: Callback): void {
        try {
            const record = this.byUrn.get(req.getUrn());
            if (!record) throw new Error(`outputs registered for unknown resource ${req.getUrn()}`);
            const outputs = req.getOutputs()?.toJavaScript() ?? {};
            record.outputs = displayValue(outputs) as Record<string, unknown>;
            this.recording.rawOutputs.set(
                record.urn,
                engineValue(outputs) as Record<string, unknown>,
            );
            callback(null, new emptyproto.Empty());
        } catch (err) {
            callback(err as Error);
        }
    }

    registerStackTransform(_req: any, callback: Callback): void {
        callback(rpcError(UNIMPLEMENTED, NO_TRANSFORMS));
    }

    registerStackInvokeTransform(_req: any, callback: Callback): void {
        callback(rpcError(UNIMPLEMENTED, NO_TRANSFORMS));
    }

    /** Hooks run around provider operations during an update; a preview only records them. */
    registerResourceHook(_req: any, callback: Callback): void {
        callback(null, new emptyproto.Empty());
    }

    registerErrorHook(_req: any, callback: Callback): void {
        callback(null, new emptyproto.Empty());
    }

    registerPackage(req: any, callback: Callback): void {
        const resp = new resproto.RegisterPackageResponse();
        resp.setRef(`${req.getName()}@${req.getVersion()}`);
        callback(null, resp);
    }

    /** The program is done: nothing is pending in a preview, so the engine answers at once. */
    signalAndWaitForShutdown(_req: any, callback: Callback): void {
        callback(null, new emptyproto.Empty());
    }

    /**
     * Registers the children that a remote component's provider would register, from the
     * engine's model of its type (tools/engine/models), each marked `modeled`; a component
     * without a model is marked unchecked, with the reason.
     */
    private model(record: RecordedResource, raw: Record<string, unknown>): void {
        const result = modelRemoteComponent(record.type, record.urn, record.name, raw, {
            stack: this.options.stack,
            project: this.options.project,
            region: this.options.region,
            known: this.options.known,
            protect: record.protect,
            invoke: (token, args) => {
                const answer = invokeResult(token, args, this.options.region);
                if (!EXACT_INVOKES.has(token)) {
                    this.standIns.set(token, (this.standIns.get(token) ?? 0) + 1);
                }
                return answer;
            },
        });
        if (!result.modeled) {
            record.unchecked = result.reason;
            return;
        }
        if (result.gaps.length > 0) record.modelGaps = result.gaps;
        for (const child of result.children) {
            this.store(
                {
                    urn: child.urn,
                    type: child.type,
                    name: child.name,
                    parent: child.parent,
                    custom: child.custom,
                    remote: false,
                    modeled: true,
                    inputs: displayInputs(child.inputs, this.options.programDir),
                    dependencies: child.dependencies,
                    propertyDependencies: child.propertyDependencies,
                    provider: undefined,
                    providers: {},
                    protect: child.protect,
                    retainOnDelete: false,
                    deleteBeforeReplace: false,
                    ignoreChanges: [],
                    replaceOnChanges: [],
                    additionalSecretOutputs: [],
                    aliases: [],
                    version: undefined,
                },
                child.inputs,
            );
            this.stored.set(child.urn, { urn: child.urn, id: child.id, state: child.state });
            // What AnalyzeStack reads of it: the provider's answer over its inputs.
            this.recording.rawOutputs.set(child.urn, { ...child.inputs, ...child.state });
        }
    }

    private recordRead(req: any, urn: string, raw: Record<string, unknown>): void {
        this.store(
            {
                urn,
                type: req.getType(),
                name: req.getName(),
                parent: req.getParent() || undefined,
                custom: true,
                remote: false,
                read: true,
                inputs: displayInputs(raw, this.options.programDir),
                dependencies: req.getDependenciesList(),
                propertyDependencies: {},
                provider: req.getProvider() || undefined,
                providers: {},
                protect: false,
                retainOnDelete: false,
                deleteBeforeReplace: false,
                ignoreChanges: [],
                replaceOnChanges: [],
                additionalSecretOutputs: req.getAdditionalsecretoutputsList(),
                aliases: [],
                version: req.getVersion() || undefined,
            },
            raw,
        );
    }

    /** Keeps a registration or read, refusing a second one with the same URN as the engine does. */
    private store(record: RecordedResource, raw: Record<string, unknown>): RecordedResource {
        if (this.byUrn.has(record.urn)) {
            // The engine's words (pkg/resource/deploy/step_generator.go).
            throw rpcError(
                UNKNOWN_CODE,
                `Duplicate resource URN '${record.urn}'; try giving it a unique name`,
            );
        }
        this.recording.resources.push(record);
        this.recording.rawInputs.set(record.urn, raw);
        this.byUrn.set(record.urn, record);
        if (!record.read && this.options.observer) {
            // A provider reference is `<urn>::<id>`.
            const providerUrn = record.provider?.split("::").slice(0, -1).join("::");
            const provider = providerUrn ? this.byUrn.get(providerUrn) : undefined;
            this.options.observer.registered(
                { record, inputs: raw },
                provider && {
                    record: provider,
                    inputs: this.recording.rawInputs.get(provider.urn)!,
                },
            );
        }
        return record;
    }

    private record(req: any, urn: string, raw: Record<string, unknown>): RecordedResource {
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
        // The SDK sends the registration's stack; a frame in the SDK's Output machinery means the
        // resource was created inside an apply callback, which a first preview runs only once
        // the input is known, so a real `pulumi preview` of a new stack never shows it.
        const frames: string[] = (req.getStacktrace()?.getFramesList() ?? []).map(
            (f: any) => f.getPc()?.getUri() ?? "",
        );
        const inApply = frames.some((uri) => /\/@pulumi\/(pulumi\/)?output\.(js|ts)$/.test(uri));
        const record: RecordedResource = {
            urn,
            type: req.getType(),
            name: req.getName(),
            parent: req.getParent() || undefined,
            custom: req.getCustom(),
            remote: req.getRemote(),
            inputs: displayInputs(raw, this.options.programDir),
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
            ...(inApply ? { createdInApply: true } : {}),
        };
        return this.store(record, raw);
    }
}
