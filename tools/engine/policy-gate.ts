/**
 * The policy gate: starts a policy pack the way the Pulumi CLI does
 * (`@pulumi/pulumi/cmd/run-policy-pack`), speaks the Analyzer gRPC protocol to it
 * (GetAnalyzerInfo, Configure, ConfigureStack, Analyze per resource, AnalyzeStack), and returns
 * the violations in the CLI's terms.
 */
import { ChildProcess, spawn } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { Plan, RecordedResource } from "./plan";
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

const SIG = "4dabf18193072939515e22adb298388d";
const SIG_RESOURCE = "5cf8f73096256a8f31e491e813e4eb8e";

/** Options for {@link runPolicyGate}. */
export interface PolicyGateOptions {
    /** The policy pack directory (PulumiPolicy.yaml). */
    readonly packDir: string;
    /** A `--policy-pack-config` file, or its parsed content. */
    readonly config?: string | Record<string, unknown>;
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
    /** The exceptions the config grants, printed wherever violations are. */
    readonly exceptions: PolicyException[];
    /** The effective config sent to the pack. */
    readonly config: Record<string, PolicyConfig>;
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

    static async start(packDir: string): Promise<PackProcess> {
        if (!fs.existsSync(path.join(packDir, "PulumiPolicy.yaml"))) {
            throw new PolicyConfigError(
                `no PulumiPolicy.yaml in ${packDir}: not a policy pack directory`,
            );
        }
        // The CLI passes its engine address for logging; the pack only needs it to log, which
        // lightspeed-guard never does.
        const child = spawn(
            process.execPath,
            [path.join(SDK_DIR, "cmd", "run-policy-pack"), "127.0.0.1:0", packDir],
            { cwd: packDir, stdio: ["ignore", "pipe", "pipe"] },
        );
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
                    new Error(
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

    close(): void {
        this.client.close();
        this.child.kill();
    }
}

function unary(client: any, method: string, request: unknown): Promise<any> {
    return new Promise((resolve, reject) =>
        client[method](request, (err: Error | null, resp: unknown) =>
            err ? reject(err) : resolve(resp),
        ),
    );
}

/** Running packs, by directory: a pack starts once per process (its start compiles TypeScript). */
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
    for (const p of all) {
        try {
            (await p).close();
        } catch {
            // A pack that never started has nothing to close.
        }
    }
}

/** Wire inputs as the engine hands them to analyzers: resource references become their ids. */
function analyzerValue(value: unknown): unknown {
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

function providerOf(plan: Plan, r: RecordedResource): any {
    if (!r.provider) return undefined;
    const urn = r.provider.split("::").slice(0, -1).join("::");
    const provider = plan.resources.find((p) => p.urn === urn);
    if (!provider) return undefined;
    const p = new analyzerProto.AnalyzerProviderResource();
    p.setType(provider.type);
    p.setUrn(provider.urn);
    p.setName(provider.name);
    p.setProperties(
        structProto.Struct.fromJavaScript(analyzerValue(plan.rawInputs.get(provider.urn) ?? {})),
    );
    return p;
}

function readConfigFile(config: PolicyGateOptions["config"]): { content: unknown; source: string } {
    if (config === undefined) return { content: undefined, source: "policy config" };
    if (typeof config !== "string") return { content: config, source: "policy config" };
    let text: string;
    try {
        text = fs.readFileSync(config, "utf8");
    } catch {
        throw new PolicyConfigError(`${config}: cannot read the policy pack config file`);
    }
    try {
        return { content: JSON.parse(text), source: config };
    } catch (err) {
        throw new PolicyConfigError(`${config}: not valid JSON (${(err as Error).message})`);
    }
}

/** Runs the plan's resources through the policy pack; throws PolicyConfigError for bad config. */
export async function runPolicyGate(
    plan: Plan,
    opts: PolicyGateOptions,
): Promise<PolicyGateResult> {
    const p = await pack(opts.packDir);
    const { content, source } = readConfigFile(opts.config);
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
    stackReq.setStack(plan.stack);
    stackReq.setProject(plan.project);
    stackReq.setDryRun(!plan.known);
    await unary(p.client, "configureStack", stackReq).catch((err: { code?: number }) => {
        // Older packs do not implement ConfigureStack; the CLI carries on without it.
        if (err.code !== grpc.status.UNIMPLEMENTED) throw err;
    });

    const diagnostics: any[] = [];
    const analyzed = await Promise.all(
        plan.resources.map((r) => {
            const req = new analyzerProto.AnalyzeRequest();
            req.setType(r.type);
            req.setUrn(r.urn);
            req.setName(r.name);
            req.setProperties(
                structProto.Struct.fromJavaScript(analyzerValue(plan.rawInputs.get(r.urn) ?? {})),
            );
            req.setOptions(options(r));
            const provider = providerOf(plan, r);
            if (provider) req.setProvider(provider);
            return unary(p.client, "analyze", req);
        }),
    );
    for (const resp of analyzed) diagnostics.push(...resp.getDiagnosticsList());

    const stack = new analyzerProto.AnalyzeStackRequest();
    stack.setResourcesList(
        plan.resources.map((r) => {
            const res = new analyzerProto.AnalyzerResource();
            res.setType(r.type);
            res.setUrn(r.urn);
            res.setName(r.name);
            res.setProperties(
                structProto.Struct.fromJavaScript(analyzerValue(plan.rawInputs.get(r.urn) ?? {})),
            );
            res.setOptions(options(r));
            const provider = providerOf(plan, r);
            if (provider) res.setProvider(provider);
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
    diagnostics.push(...(await unary(p.client, "analyzeStack", stack)).getDiagnosticsList());

    const byUrn = new Map(plan.resources.map((r) => [r.urn, r]));
    const violations: Violation[] = diagnostics.map((d) => {
        const r = byUrn.get(d.getUrn());
        return {
            policyPackName: d.getPolicypackname(),
            policyName: d.getPolicyname(),
            enforcementLevel: LEVEL_NAMES[d.getEnforcementlevel()],
            urn: d.getUrn() || undefined,
            type: r?.type,
            name: r?.name,
            message: d.getMessage(),
        };
    });
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
        cannotRunInPreview: violations.filter((v) =>
            /^can't run policy .* during preview/.test(v.message),
        ),
        exceptions,
        config,
    };
}
