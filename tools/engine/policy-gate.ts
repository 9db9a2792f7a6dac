/**
 * The policy gate: starts a policy pack the way the Pulumi CLI does
 * (`@pulumi/pulumi/cmd/run-policy-pack`), speaks the Analyzer gRPC protocol to it
 * (GetAnalyzerInfo, Configure, ConfigureStack, Analyze per resource, AnalyzeStack), and returns
 * the violations in the CLI's terms.
 */
import { ChildProcess, spawn, spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { Plan, RecordedResource } from "./plan";
import { displayValue, Registration, SIG, SIG_RESOURCE } from "./monitor";
import type { ProgramObserver } from "./run";
import { stopProcess, track } from "./children";
import { readJsonFile } from "./json-file";
import { Violation } from "./render";
import {
    buildPolicyConfig,
    EnforcementLevel,
    JsonSchema,
    PolicyConfig,
    PolicyConfigError,
    PolicyDescription,
} from "./policy-config";

/* eslint-disable @typescript-eslint/no-explicit-any -- generated gRPC classes are loaded at run time */

const SDK_DIR = path.dirname(require.resolve("@pulumi/pulumi/package.json"));
const grpc = require(require.resolve("@grpc/grpc-js", { paths: [SDK_DIR] }));
const analyzerRpc = require(path.join(SDK_DIR, "proto", "analyzer_grpc_pb"));
const analyzerProto = require(path.join(SDK_DIR, "proto", "analyzer_pb"));
const structProto = require(
    require.resolve("google-protobuf/google/protobuf/struct_pb", { paths: [SDK_DIR] }),
);
const emptyProto = require(
    require.resolve("google-protobuf/google/protobuf/empty_pb", { paths: [SDK_DIR] }),
);

const LEVEL_NAMES: Record<number, EnforcementLevel> = {
    0: "advisory",
    1: "mandatory",
    2: "disabled",
    3: "remediate",
};
const LEVEL_NUMBERS: Record<EnforcementLevel, number> = {
    advisory: 0,
    mandatory: 1,
    disabled: 2,
    remediate: 3,
};

/** Options for {@link runPolicyGate}. */
export interface PolicyGateOptions {
    /** The policy pack directory (PulumiPolicy.yaml). */
    readonly packDir: string;
    /** A `--policy-pack-config` file, or its parsed content. */
    readonly config?: string | Record<string, unknown>;
    /** The pack to use (started by the caller); default: the process's shared one for packDir. */
    readonly pack?: PolicyPackHandle;
    /** Analyze calls already made while the program ran (for the same pack and config). */
    readonly live?: LiveAnalysis;
}

/** An exception from the policy config: a rule waived for matching resources, with why. */
export interface PolicyException {
    readonly policy: string;
    readonly resource: string;
    readonly reason: string;
}

/** What the gate found. */
export interface PolicyGateResult {
    readonly packName: string;
    readonly packVersion: string;
    /** Every diagnostic, in the CLI's terms; includes the advisory "can't run during preview" ones. */
    readonly violations: Violation[];
    /** Diagnostics that say a policy could not run because a value was unknown during preview. */
    readonly cannotRunInPreview: Violation[];
    /** What remediate-level policies changed, in order; the changed inputs were analyzed. */
    readonly remediations: Remediation[];
    /** The exceptions the config grants, printed wherever violations are. */
    readonly exceptions: PolicyException[];
    /** The effective config sent to the pack. */
    readonly config: Record<string, PolicyConfig>;
    /** URNs of the resources sent to Analyze, in plan order (modeled children included). */
    readonly analyzed: string[];
}

/** A change a remediate-level policy made to a resource's inputs. */
export interface Remediation {
    readonly policyPackName: string;
    readonly policyName: string;
    readonly urn: string;
    readonly before: Record<string, unknown>;
    readonly after: Record<string, unknown>;
}

/** A running policy pack and its Analyzer client. */
class PackProcess {
    private constructor(
        readonly child: ChildProcess,
        readonly client: any,
        readonly name: string,
        readonly version: string,
        readonly policies: PolicyDescription[],
        readonly initialConfig: Record<string, Partial<PolicyConfig>>,
    ) {}

    /** Starts the pack; `spawned` gets its process as soon as it exists (to stop it early). */
    static async start(
        packDir: string,
        spawned: (child: ChildProcess) => void = () => undefined,
    ): Promise<PackProcess> {
        if (!fs.existsSync(path.join(packDir, "PulumiPolicy.yaml"))) {
            throw new PolicyConfigError(
                `no PulumiPolicy.yaml in ${packDir}: not a policy pack directory`,
            );
        }
        ensureBuilt(packDir);
        // The CLI passes its engine address for logging; the pack only needs it to log, which
        // lightspeed-guard never does.
        const child = spawn(
            process.execPath,
            [path.join(SDK_DIR, "cmd", "run-policy-pack"), "127.0.0.1:0", packDir],
            // Its own process group, as the CLI starts an analyzer plugin (plugin.go newPlugin).
            { cwd: packDir, stdio: ["ignore", "pipe", "pipe"], detached: true },
        );
        track(child, { group: true });
        spawned(child);
        const port = await new Promise<number>((resolve, reject) => {
            let out = "";
            let err = "";
            child.stdout!.on("data", (d) => {
                out += d;
                const m = /^(\d+)\s*$/m.exec(out);
                if (m) resolve(Number(m[1]));
            });
            child.stderr!.on("data", (d) => (err += d));
            child.on("exit", (code) =>
                reject(
                    new PolicyConfigError(
                        `policy pack ${packDir} failed to start (exit ${code}):\n${err.trim() || out.trim()}`,
                    ),
                ),
            );
            child.on("error", reject);
        });
        child.stdout!.resume();
        const client = new analyzerRpc.AnalyzerClient(
            `127.0.0.1:${port}`,
            grpc.credentials.createInsecure(),
        );
        const info: any = await unary(client, "getAnalyzerInfo", new emptyProto.Empty());
        const policies: PolicyDescription[] = info.getPoliciesList().map((p: any) => {
            const schema = p.getConfigschema();
            return {
                name: p.getName(),
                description: p.getDescription(),
                enforcementLevel: LEVEL_NAMES[p.getEnforcementlevel()],
                configSchema: schema
                    ? {
                          properties: (schema.getProperties()?.toJavaScript() ?? {}) as Record<
                              string,
                              JsonSchema
                          >,
                          required: schema.getRequiredList(),
                      }
                    : undefined,
            };
        });
        const initialConfig: Record<string, Partial<PolicyConfig>> = {};
        info.getInitialconfigMap().forEach((c: any, name: string) => {
            initialConfig[name] = {
                enforcementLevel: LEVEL_NAMES[c.getEnforcementlevel()],
                properties: c.getProperties()?.toJavaScript() ?? {},
            };
        });
        return new PackProcess(
            child,
            client,
            info.getName(),
            info.getVersion(),
            policies,
            initialConfig,
        );
    }

    /** Stops the pack and resolves once its process has exited. */
    close(): Promise<void> {
        this.client.close();
        return stopProcess(this.child);
    }
}

function unary(client: any, method: string, request: unknown): Promise<any> {
    return new Promise((resolve, reject) =>
        client[method](request, (err: Error | null, resp: unknown) =>
            err ? reject(err) : resolve(resp),
        ),
    );
}

/**
 * A pack started for one caller (one plan), which stops it when done, on every path: even while
 * it is still starting.
 */
export class PolicyPackHandle {
    private child?: ChildProcess;
    readonly ready: Promise<PackProcess>;

    constructor(readonly packDir: string) {
        this.ready = PackProcess.start(path.resolve(packDir), (c) => (this.child = c));
        // Failures surface where the pack is used, not here.
        this.ready.catch(() => undefined);
    }

    async close(): Promise<void> {
        if (this.child) await stopProcess(this.child);
        await this.ready.then(
            (p) => p.close(),
            () => undefined,
        );
    }
}

/**
 * Running packs shared by a process's callers (tests), by directory: started once, stopped by
 * {@link closePolicyPacks}.
 */
const packs = new Map<string, Promise<PackProcess>>();

function pack(packDir: string): Promise<PackProcess> {
    const dir = path.resolve(packDir);
    let p = packs.get(dir);
    if (!p) {
        p = PackProcess.start(dir);
        packs.set(dir, p);
        p.catch(() => packs.delete(dir));
    }
    return p;
}

/**
 * Starts a pack ahead of use (its start compiles TypeScript for seconds), so that it can boot
 * while the program runs. Failures surface on first use, not here.
 */
export function startPolicyPack(packDir: string): void {
    pack(packDir).catch(() => undefined);
}

/** Stops every pack this process started. */
export async function closePolicyPacks(): Promise<void> {
    const all = [...packs.values()];
    packs.clear();
    await Promise.all(
        all.map((p) =>
            p.then(
                (pack) => pack.close(),
                // A pack that failed to start has exited already.
                () => undefined,
            ),
        ),
    );
}

/** The newest modification time of the pack's TypeScript sources (not node_modules, not output). */
function newestSource(dir: string, outDir: string): number {
    let newest = 0;
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
        const full = path.join(dir, entry.name);
        if (entry.isDirectory()) {
            if (entry.name === "node_modules" || full === outDir || entry.name.startsWith("."))
                continue;
            newest = Math.max(newest, newestSource(full, outDir));
        } else if (/\.ts$/.test(entry.name) || entry.name === "tsconfig.json") {
            newest = Math.max(newest, fs.statSync(full).mtimeMs);
        }
    }
    return newest;
}

/**
 * A pack whose package.json `main` is built JavaScript (with a `build` script) starts from that
 * JavaScript: run-policy-pack registers ts-node with type checking, which a TypeScript entry would
 * pay for at every start. `npm ci` builds it (the root `prepare` script); when a source is newer
 * than the built entry, the gate rebuilds first, so a plan never runs stale rules. A pack without
 * a build script is started as it is, as the CLI starts it.
 */
export function ensureBuilt(packDir: string): void {
    const manifest = path.join(packDir, "package.json");
    if (!fs.existsSync(manifest)) return;
    const pkg = JSON.parse(fs.readFileSync(manifest, "utf8")) as {
        main?: string;
        scripts?: Record<string, string>;
    };
    if (!pkg.scripts?.build || !pkg.main || !/\.js$/.test(pkg.main)) return;
    const entry = path.resolve(packDir, pkg.main);
    const outDir = path.dirname(entry);
    const built = fs.existsSync(entry) ? fs.statSync(entry).mtimeMs : -1;
    if (built >= newestSource(packDir, outDir)) return;
    const run = spawnSync("npm", ["run", "--silent", "build"], {
        cwd: packDir,
        encoding: "utf8",
        stdio: ["ignore", "pipe", "pipe"],
    });
    if (run.status !== 0) {
        throw new PolicyConfigError(
            `policy pack ${packDir} failed to build (npm run build):\n` +
                `${(run.stdout + run.stderr).trim()}`,
        );
    }
}

/** Wire inputs as the engine hands them to analyzers: resource references become their ids. */
export function analyzerValue(value: unknown): unknown {
    if (Array.isArray(value)) return value.map(analyzerValue);
    if (value === null || typeof value !== "object") return value;
    const obj = value as Record<string, unknown>;
    if (obj[SIG] === SIG_RESOURCE) return obj.id !== undefined && obj.id !== "" ? obj.id : obj.urn;
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(obj)) out[k] = analyzerValue(v);
    return out;
}

function options(r: RecordedResource): any {
    const o = new analyzerProto.AnalyzerResourceOptions();
    o.setProtect(r.protect);
    o.setIgnorechangesList(r.ignoreChanges);
    o.setDeletebeforereplace(r.deleteBeforeReplace);
    o.setDeletebeforereplacedefined(true);
    o.setAdditionalsecretoutputsList(r.additionalSecretOutputs);
    o.setAliasesList(r.aliases.filter((a): a is string => typeof a === "string"));
    if (r.parent) o.setParent(r.parent);
    return o;
}

/** The Analyze request for a resource with these inputs (and its explicit provider, if any). */
function analyzeRequest(
    r: RecordedResource,
    props: Record<string, unknown>,
    provider: Registration | undefined,
): any {
    const req = new analyzerProto.AnalyzeRequest();
    req.setType(r.type);
    req.setUrn(r.urn);
    req.setName(r.name);
    req.setProperties(structProto.Struct.fromJavaScript(analyzerValue(props)));
    req.setOptions(options(r));
    if (provider) req.setProvider(providerResource(provider));
    return req;
}

function providerResource({ record, inputs }: Registration): any {
    const p = new analyzerProto.AnalyzerProviderResource();
    p.setType(record.type);
    p.setUrn(record.urn);
    p.setName(record.name);
    p.setProperties(structProto.Struct.fromJavaScript(analyzerValue(inputs)));
    return p;
}

function providerOf(plan: Plan, r: RecordedResource): Registration | undefined {
    if (!r.provider) return undefined;
    const urn = r.provider.split("::").slice(0, -1).join("::");
    const record = plan.resources.find((p) => p.urn === urn);
    return record && { record, inputs: plan.rawInputs.get(record.urn) ?? {} };
}

/** A pack configured for one stack: the effective config it was sent. */
interface Configured {
    readonly p: PackProcess;
    readonly config: Record<string, PolicyConfig>;
    /** True when some policy runs at the remediate level (Remediate precedes Analyze then). */
    readonly remediating: boolean;
}

/**
 * Sends the pack its config and the stack (Configure, then ConfigureStack), as the CLI does once
 * it has loaded the pack and before the program's first registration.
 */
async function configurePack(
    p: PackProcess,
    configFile: PolicyGateOptions["config"],
    stack: { stack: string; project: string; known: boolean },
): Promise<Configured> {
    const { content, source } = readPolicyConfigFile(configFile);
    const config = buildPolicyConfig(p.policies, p.initialConfig, content, source);
    const configure = new analyzerProto.ConfigureAnalyzerRequest();
    const map = configure.getPolicyconfigMap();
    for (const [name, c] of Object.entries(config)) {
        const pc = new analyzerProto.PolicyConfig();
        pc.setEnforcementlevel(LEVEL_NUMBERS[c.enforcementLevel]);
        pc.setProperties(structProto.Struct.fromJavaScript(c.properties));
        map.set(name, pc);
    }
    await unary(p.client, "configure", configure);
    const stackReq = new analyzerProto.AnalyzerStackConfigureRequest();
    stackReq.setStack(stack.stack);
    stackReq.setProject(stack.project);
    stackReq.setDryRun(!stack.known);
    await unary(p.client, "configureStack", stackReq).catch((err: { code?: number }) => {
        // Older packs do not implement ConfigureStack; the CLI carries on without it.
        if (err.code !== grpc.status.UNIMPLEMENTED) throw err;
    });
    const remediating = Object.values(config).some((c) => c.enforcementLevel === "remediate");
    return { p, config, remediating };
}

/**
 * Analyze calls made while the program runs, as the CLI makes them: its step generator analyzes
 * each registration as it arrives, before answering the program (pkg/resource/deploy/
 * step_generator.go `generateSteps`: remediations, then `analyzeAll`), so the pack works while
 * the program is still registering. Pass it as the program's observer, then to
 * {@link runPolicyGate}, which uses its answers and asks for any it lacks. With a policy at the
 * remediate level nothing is sent early: Remediate must change the inputs before Analyze sees
 * them, and the gate runs both per resource.
 */
export class LiveAnalysis implements ProgramObserver {
    private configured?: Promise<Configured>;
    private stack?: { stack: string; project: string; known: boolean };
    private readonly answers = new Map<string, Promise<any[] | undefined>>();

    constructor(
        private readonly pack: PolicyPackHandle,
        private readonly config: PolicyGateOptions["config"],
    ) {}

    begin(stack: { stack: string; project: string; known: boolean }): void {
        this.stack = stack;
        this.configured = this.pack.ready.then((p) => configurePack(p, this.config, stack));
        // A failure (a bad config) surfaces in the gate, which awaits it again.
        this.configured.catch(() => undefined);
    }

    registered(registration: Registration, provider: Registration | undefined): void {
        if (!this.configured) return;
        // Built now, from the inputs as registered; sent once the pack is configured.
        const req = analyzeRequest(registration.record, registration.inputs, provider);
        const answer = this.configured.then(async (c) =>
            c.remediating
                ? undefined
                : ((await unary(c.p.client, "analyze", req)).getDiagnosticsList() as any[]),
        );
        answer.catch(() => undefined);
        this.answers.set(registration.record.urn, answer);
    }

    /** The configured pack, when the analysis began for this plan's stack. */
    configuredFor(plan: Plan): Promise<Configured> | undefined {
        const s = this.stack;
        if (!s || s.stack !== plan.stack || s.project !== plan.project || s.known !== plan.known)
            return undefined;
        return this.configured;
    }

    /** Analyze's diagnostics for a resource, if asked for while the program ran. */
    answer(urn: string): Promise<any[] | undefined> | undefined {
        return this.answers.get(urn);
    }
}

/** Reads a `--policy-pack-config` file (or takes parsed content); errors name file, line, column. */
export function readPolicyConfigFile(config: PolicyGateOptions["config"]): {
    content: unknown;
    source: string;
} {
    if (config === undefined) return { content: undefined, source: "policy config" };
    if (typeof config !== "string") return { content: config, source: "policy config" };
    try {
        return { content: readJsonFile(config), source: config };
    } catch (err) {
        throw new PolicyConfigError((err as Error).message);
    }
}

/**
 * Checks a config against a started pack's policies (names, levels, schemas), as the run will;
 * lets a plan fail on a bad config as soon as the pack is up, before the program has finished.
 */
export async function checkPolicyConfig(
    pack: PolicyPackHandle,
    config: PolicyGateOptions["config"],
): Promise<void> {
    const p = await pack.ready;
    const { content, source } = readPolicyConfigFile(config);
    buildPolicyConfig(p.policies, p.initialConfig, content, source);
}

/** Runs the plan's resources through the policy pack; throws PolicyConfigError for bad config. */
export async function runPolicyGate(
    plan: Plan,
    opts: PolicyGateOptions,
): Promise<PolicyGateResult> {
    const early = opts.live?.configuredFor(plan);
    const { p, config, remediating } = early
        ? await early
        : await configurePack(await (opts.pack?.ready ?? pack(opts.packDir)), opts.config, plan);
    const live = early && opts.live;

    // Per resource, as the step generator orders it (pkg/resource/deploy/step_generator.go): the
    // pack's remediations first, whose output replaces the inputs, then Analyze on the result.
    const byUrn = new Map(plan.resources.map((r) => [r.urn, r]));
    const violations: Violation[] = [];
    const remediations: Remediation[] = [];
    const violation = (d: any, urn: string, level?: EnforcementLevel): Violation => {
        const r = byUrn.get(urn);
        let enforcementLevel = level ?? LEVEL_NAMES[d.getEnforcementlevel()];
        // A remediate-level finding that could not be fixed blocks as mandatory (the engine's
        // `analyzeResource` and `AnalyzeResources`).
        if (enforcementLevel === "remediate") enforcementLevel = "mandatory";
        return {
            policyPackName: d.getPolicypackname(),
            policyName: d.getPolicyname(),
            enforcementLevel,
            urn,
            type: r?.type,
            name: r?.name,
            message: level ? d.getDiagnostic() : d.getMessage(),
        };
    };
    const inputs = new Map(plan.resources.map((r) => [r.urn, plan.rawInputs.get(r.urn) ?? {}]));
    const remediatedUrns = new Set<string>();
    // A read is not a registration: the step generator analyzes registrations only.
    const analyzedResources = plan.resources.filter((r) => !r.read);
    // Each resource's findings are kept apart and reported in plan order, however the answers
    // arrive.
    const findings = await Promise.all(
        analyzedResources.map(async (r) => {
            const found: Violation[] = [];
            const request = (props: Record<string, unknown>) =>
                analyzeRequest(r, props, providerOf(plan, r));
            // The pack's Remediate runs only policies configured at the remediate level; with
            // none, its answer is empty, so the call is skipped.
            const remediated = !remediating
                ? undefined
                : await unary(p.client, "remediate", request(inputs.get(r.urn)!)).catch(
                      (err: { code?: number }) => {
                          if (err.code === grpc.status.UNIMPLEMENTED) return undefined;
                          throw err;
                      },
                  );
            for (const t of remediated?.getRemediationsList() ?? []) {
                if (t.getDiagnostic()) {
                    found.push(violation(t, r.urn, "advisory"));
                } else {
                    const props = (t.getProperties()?.toJavaScript() ?? {}) as Record<
                        string,
                        unknown
                    >;
                    remediations.push({
                        policyPackName: t.getPolicypackname(),
                        policyName: t.getPolicyname(),
                        urn: r.urn,
                        before: displayValue(inputs.get(r.urn)) as Record<string, unknown>,
                        after: displayValue(props) as Record<string, unknown>,
                    });
                    inputs.set(r.urn, props);
                    remediatedUrns.add(r.urn);
                }
            }
            const diagnostics =
                (await live?.answer(r.urn)) ??
                (
                    await unary(p.client, "analyze", request(inputs.get(r.urn)!))
                ).getDiagnosticsList();
            // Every finding of Analyze is the analyzed resource's, whatever URN it names.
            for (const d of diagnostics) found.push(violation(d, r.urn));
            return found;
        }),
    );
    for (const found of findings) violations.push(...found);

    const stack = new analyzerProto.AnalyzeStackRequest();
    stack.setResourcesList(
        plan.resources.map((r) => {
            const res = new analyzerProto.AnalyzerResource();
            res.setType(r.type);
            res.setUrn(r.urn);
            res.setName(r.name);
            // AnalyzeStack reads each resource's final state, its outputs, not its inputs
            // (pkg/resource/deploy/step_generator.go `AnalyzeResources`: "Unlike Analyze,
            // AnalyzeStack is called on the final outputs of each resource"). A remediation
            // changed the inputs the provider then answered with.
            const outputs = plan.rawOutputs.get(r.urn) ?? {};
            const props = remediatedUrns.has(r.urn)
                ? { ...outputs, ...inputs.get(r.urn) }
                : outputs;
            res.setProperties(structProto.Struct.fromJavaScript(analyzerValue(props)));
            res.setOptions(options(r));
            const provider = providerOf(plan, r);
            if (provider) res.setProvider(providerResource(provider));
            if (r.parent) res.setParent(r.parent);
            res.setDependenciesList(r.dependencies);
            const deps = res.getPropertydependenciesMap();
            for (const [k, urns] of Object.entries(r.propertyDependencies)) {
                const d = new analyzerProto.AnalyzerPropertyDependencies();
                d.setUrnsList(urns);
                deps.set(k, d);
            }
            return res;
        }),
    );
    const root = plan.stackResource?.urn ?? "";
    for (const d of (await unary(p.client, "analyzeStack", stack)).getDiagnosticsList()) {
        // A stack finding names a resource of the stack, or else the stack itself
        // (pkg/resource/deploy/analyze_snapshot.go `resolveStackPolicyViolationURN`).
        const urn: string = d.getUrn();
        violations.push(violation(d, byUrn.has(urn) ? urn : root));
    }
    const exceptions: PolicyException[] = [];
    for (const [policy, c] of Object.entries(config)) {
        for (const e of (c.properties.exceptions as
            { resource: string; reason: string }[] | undefined) ?? []) {
            exceptions.push({ policy, resource: e.resource, reason: e.reason });
        }
    }
    return {
        packName: p.name,
        packVersion: p.version,
        violations,
        remediations,
        cannotRunInPreview: violations.filter((v) =>
            /^can't run policy .* during preview/.test(v.message),
        ),
        exceptions,
        config,
        analyzed: analyzedResources.map((r) => r.urn),
    };
}
