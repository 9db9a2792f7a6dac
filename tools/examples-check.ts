/**
 * Plans real Pulumi programs with the offline engine: AWS TypeScript examples from the public
 * pulumi/examples repository, each with a minimal `Pulumi.dev.yaml`, and reports which plan, which
 * fail as the program would under the real CLI, and which fail because of the engine (issue #18).
 * It also checks that no plan prints a stack file's `secure:` ciphertext.
 *
 *   npx ts-node --transpile-only tools/examples-check.ts [--mirror DIR] [--work DIR] [names...]
 *
 * `--mirror` is a git repository of pulumi/examples (bare or not; default
 * /work/.mirror/pulumi+examples/repo), read at HEAD; `--work` is where the examples are extracted
 * and installed (default /work/examples-run, outside this repository). Without names it runs
 * {@link EXAMPLES}, one at a time. An example's `node_modules`, once installed, is reused.
 */
import { spawnSync } from "child_process";
import * as crypto from "crypto";
import * as fs from "fs";
import * as path from "path";
import * as yaml from "js-yaml";

/**
 * The 28 examples checked, chosen as "plain AWS TypeScript programs": single-project `aws-ts-*`
 * directories (a `package.json` at the top) whose resources are AWS (`@pulumi/aws`, `awsx`,
 * `aws-apigateway`, `eks` and the Kubernetes objects an EKS example deploys, `random`), covering
 * what real programs do: Lambda from closures and from folders, API Gateway v1 and v2, EventBridge,
 * Step Functions, AppSync, S3 sites and CloudFront, Organizations, RDS/Redshift/ElastiCache, ECS on Fargate with
 * awsx, EKS, Secrets Manager, IAM, EC2 with the default VPC.
 *
 * Left out, and why:
 * - build a container image with `@pulumi/docker-build`, whose `buildOnPreview` defaults to true:
 *   the real `pulumi preview` needs a Docker daemon (absent here) for containers-dockerbuild,
 *   containers-dockerbuildcloud and multi-language-lambda. The engine plans them (it runs no
 *   provider), so they would measure nothing the CLI could do here. `@pulumi/docker` 4 builds only
 *   on request, so langserve would preview; awsx.ecr.Image (containers, hello-fargate) is a remote
 *   component, built by the awsx plugin;
 * - several Pulumi projects in one directory (no top-level package.json): assume-role,
 *   netlify-cms-and-oauth, stackreference, stackreference-architecture, vpc-with-ecs-fargate-py;
 * - need another cloud or service account, or local files and tools the example's README asks the
 *   user to create: ecs-anywhere (DigitalOcean), oidc-provider-pulumi-cloud (Pulumi Cloud),
 *   ansible-wordpress and ec2-provisioners (SSH key files, `@pulumi/command`), synthetics-canary
 *   (`@pulumi/command` running a local zip), ecr-cache (Docker Hub/GitHub/GitLab tokens);
 * - builds a Next.js site with `npx open-next build` while the program runs (minutes, and packages
 *   fetched at run time): nextjs;
 * - cannot be installed from the npm registry reachable here, which lists only some versions of
 *   some packages: lambda-efs (`@pulumiverse/time@^0.0.17`: only 0.1.1), ruby-on-rails
 *   (`pcloudinit`: 404), and, also left out for the reasons above, localai-flowise,
 *   oidc-provider-pulumi-cloud, ecs-anywhere; the checker reports them as setup errors;
 * - need a file stored with Git LFS that the mirror does not have: lambda-thumbnailer
 *   (`app/ffmpeg.tar.xz`);
 * - the rest were cut to reach 28, preferring variety over a second example of the same shape:
 *   apigateway-lambda-serverless, apigatewayv2-http-api-quickcreate, langserve,
 *   eks-distro, eks-gpu-dra, eks-migrate-nodegroups,
 *   esc-external-adapter-lambda, k8s-mern-voting-app, k8s-voting-app, pulumi-miniflux,
 *   pulumi-webhooks, s3-lambda-copyzip, serverless-datawarehouse, twitter-athena. They can be run by name.
 */
export const EXAMPLES: readonly string[] = [
    "aws-ts-airflow",
    "aws-ts-apigateway",
    "aws-ts-apigateway-auth0",
    "aws-ts-apigateway-eventbridge",
    "aws-ts-apigatewayv2-eventbridge",
    "aws-ts-apigatewayv2-http-api",
    "aws-ts-appsync",
    "aws-ts-containers",
    "aws-ts-eks",
    "aws-ts-eks-hello-world",
    "aws-ts-hello-fargate",
    "aws-ts-lambda-secrets",
    "aws-ts-lambda-slack",
    "aws-ts-organizations",
    "aws-ts-pern-voting-app",
    "aws-ts-redshift-glue-etl",
    "aws-ts-resources",
    "aws-ts-s3-folder",
    "aws-ts-scheduled-function",
    "aws-ts-secrets-manager",
    "aws-ts-serverless-raw",
    "aws-ts-slackbot",
    "aws-ts-static-website",
    "aws-ts-stepfunctions",
    "aws-ts-thumbnailer",
    "aws-ts-voting-app",
    "aws-ts-webserver",
    "aws-ts-wordpress-fargate-rds",
];

/**
 * Config values an example needs that a name-based guess cannot give: values whose shape the
 * program reads (objects), or that must be well formed (a domain). Taken from each example's
 * README. Keys are `<project>:<key>` as in a stack file; `secure` marks a secret value.
 */
const CONFIG_OVERRIDES: Readonly<Record<string, Record<string, ConfigValue>>> = {
    "aws-ts-lambda-secrets": {
        // README: pulumi config set --path 'lambdawithsecrets.secrets.secret1' --secret ...
        "aws-ts-lambda-secrets:lambdawithsecrets": {
            envvars: ["envvar1", "envvar2"],
            secrets: { secret1: secure("secret1"), secret2: secure("secret2") },
        },
    },
    "aws-ts-apigateway-auth0": {
        "aws-ts-apigateway-auth0:jwksUri": "https://example.auth0.com/.well-known/jwks.json",
        "aws-ts-apigateway-auth0:audience": "https://api.example.com",
        "aws-ts-apigateway-auth0:issuer": "https://example.auth0.com/",
    },
};

type ConfigValue = string | number | boolean | { secure: string } | ConfigObject | ConfigValue[];
interface ConfigObject {
    [key: string]: ConfigValue;
}

/**
 * A `secure:` value as the passphrase secrets provider writes one (`v1:<nonce>:<ciphertext>`,
 * base64). Not decryptable by anyone: the engine cannot decrypt secrets offline either, so what
 * matters is only that this string never reaches a plan's output.
 */
function secure(seed: string): { secure: string } {
    const bytes = (s: string, n: number) =>
        crypto.createHash("sha512").update(s).digest().subarray(0, n).toString("base64");
    return { secure: `v1:${bytes(`nonce:${seed}`, 12)}:${bytes(`ciphertext:${seed}`, 40)}` };
}

/** One `config.require*("key")` a program makes, with the config namespace it reads. */
export interface RequiredKey {
    readonly key: string;
    readonly kind: string;
}

/**
 * The config keys a program's sources require (`require`, `requireSecret`, `requireNumber`,
 * `requireBoolean`, `requireObject`, ...), as full keys: the namespace is the one given to the
 * `new pulumi.Config(...)` the variable holds, else the project's name.
 */
export function requiredKeys(sources: string[], project: string): Map<string, RequiredKey> {
    const out = new Map<string, RequiredKey>();
    for (const src of sources) {
        // Each variable's `new Config(...)` assignments, by position: a read uses the nearest
        // one before it (a function may shadow `config` with another namespace).
        const assignments: { name: string; ns: string; at: number }[] = [];
        for (const m of src.matchAll(
            /(\w+)\s*=\s*new\s+(?:pulumi\.)?Config\(\s*(?:["'`]([^"'`]+)["'`])?\s*\)/g,
        )) {
            assignments.push({ name: m[1], ns: m[2] ?? project, at: m.index ?? 0 });
        }
        for (const m of src.matchAll(
            /(\w+)\.(require(?:Secret)?(?:Number|Boolean|Object)?)\s*(?:<[^>(]*>)?\(\s*["'`]([^"'`]+)["'`]/g,
        )) {
            const at = m.index ?? 0;
            const ns = assignments.filter((a) => a.name === m[1] && a.at < at).pop()?.ns;
            if (ns === undefined) continue;
            const key = m[3].includes(":") ? m[3] : `${ns}:${m[3]}`;
            out.set(key, { key, kind: m[2] });
        }
    }
    return out;
}

/** A plausible value for a required key, from its name and how it is read. */
export function plausibleValue(key: string, kind: string, secret: boolean): ConfigValue {
    const name = key.slice(key.indexOf(":") + 1);
    if (secret || kind.startsWith("requireSecret")) return secure(key);
    if (kind.endsWith("Number")) return 2;
    if (kind.endsWith("Boolean")) return true;
    if (kind.endsWith("Object")) return {};
    if (/region$/i.test(name)) return "us-east-1";
    if (/password/i.test(name)) return "Offline-Plan-Passw0rd";
    if (/e-?mail/i.test(name)) return "ops@example.com";
    if (/domain/i.test(name)) return "www.example.com";
    if (/ur[il]$/i.test(name)) return "https://example.com/";
    if (/path/i.test(name)) return "./www";
    if (/user|name/i.test(name)) return "exampleuser";
    return "example";
}

/** The `Pulumi.dev.yaml` for an example: the region, then each required key. */
export function stackFile(
    example: string,
    project: string,
    projectYaml: Record<string, unknown>,
    sources: string[],
): Record<string, ConfigValue> {
    const config: Record<string, ConfigValue> = { "aws:region": "us-east-1" };
    const declared = (projectYaml.config ?? {}) as Record<string, Record<string, unknown> | string>;
    const template = ((projectYaml.template as Record<string, unknown> | undefined)?.config ??
        {}) as Record<string, Record<string, unknown>>;
    const isSecret = (key: string) => {
        const bare = key.startsWith(`${project}:`) ? key.slice(project.length + 1) : key;
        const t = template[key] ?? template[bare];
        return t?.secret === true;
    };
    for (const { key, kind } of requiredKeys(sources, project).values()) {
        if (key in config) continue;
        config[key] = plausibleValue(key, kind, isSecret(key));
    }
    // Keys that Pulumi.yaml declares without a default: the CLI refuses to run without them.
    for (const [k, decl] of Object.entries(declared)) {
        if (typeof decl !== "object" || decl === null || "default" in decl) continue;
        const key = k.includes(":") ? k : `${project}:${k}`;
        if (key in config) continue;
        config[key] = plausibleValue(key, "require", decl.secret === true);
    }
    Object.assign(config, CONFIG_OVERRIDES[example] ?? {});
    return config;
}

/** Every `secure:` string in a config value. */
function ciphertexts(value: unknown): string[] {
    if (Array.isArray(value)) return value.flatMap(ciphertexts);
    if (value !== null && typeof value === "object") {
        const o = value as Record<string, unknown>;
        if (Object.keys(o).length === 1 && typeof o.secure === "string") return [o.secure];
        return Object.values(o).flatMap(ciphertexts);
    }
    return [];
}

/** The outcome of one example. */
export type Outcome = "planned" | "program error" | "engine error" | "setup error";

/**
 * Failures where the real CLI fails the same way, with the evidence: matched against the plan's
 * error output. Anything not explained here is counted as an engine error.
 */
const PROGRAM_ERRORS: readonly { example: string; match: RegExp; evidence: string }[] = [
    {
        example: "aws-ts-apigateway-auth0",
        match: /error TS2339: Property 'apigateway' does not exist on type 'typeof import\(.*@pulumi\/awsx\/index"\)'/,
        evidence:
            "the program does not compile against the @pulumi/awsx 2.22.0 it pins (awsx 2 has no " +
            "`apigateway` module); the CLI runs it with the same SDK cmd/run and ts-node type check",
    },
    {
        example: "aws-ts-esc-external-adapter-lambda",
        match: /index\.ts\(33,23\): error TS2349: This expression is not callable\.\s+Type 'typeof JwksRsa' has no call signatures/,
        evidence:
            "the program does not compile against jwks-rsa 3 (its `import * as jwksClient` is not " +
            "callable under the example's own tsconfig); the CLI type-checks it the same way",
    },
    {
        example: "aws-ts-serverless-datawarehouse",
        match: /error TS2349: This expression is not callable\.\s+Type 'typeof import\(".*moment\.d\.ts"\)' has no call signatures/,
        evidence:
            "the program does not compile against the moment it installs (`import * as moment` is " +
            "not callable under the example's own tsconfig); the CLI type-checks it the same way",
    },
    {
        example: "aws-ts-eks-distro",
        match: /Error serializing '\(\) => provider'[\s\S]*function 'execSync'[\s\S]*it was a native code function/,
        evidence:
            "the SDK's closure serializer, in the program's own process, cannot serialize the " +
            "dynamic provider (it captures child_process through `import * as cp`): the same " +
            "failure as pulumi/pulumi#8090 and #13960 under the CLI; no engine request is involved",
    },
    {
        example: "aws-ts-ec2-provisioners",
        match: /Error: must provide one of `keyName` or `publicKey`/,
        evidence:
            "the program's own check: it needs one of two optional keys (README: an SSH key pair), " +
            "which a minimal stack file does not set; the CLI runs the same check",
    },
    {
        example: "aws-ts-serverless-raw",
        match: /error TS2353: Object literal may only specify known properties, and 'stageName' does not exist in type 'DeploymentArgs'/,
        evidence:
            "the program does not compile against the @pulumi/aws 7.23.0 it pins (v7 removed " +
            "apigateway.Deployment's stageName, executionArn and invokeUrl); the CLI type-checks it the same way",
    },
];

/** What the engine says when it, not the program, is what failed. */
const ENGINE_MARKERS: readonly RegExp[] = [
    /offline engine/i,
    /no answer for the data source/i,
    /tools\/(engine|plan)/,
    /UNIMPLEMENTED|unimplemented/,
];

interface Result {
    readonly name: string;
    readonly outcome: Outcome;
    readonly cause: string;
    readonly seconds: number;
    readonly leaks: string[];
    readonly resources?: number;
}

function run(cmd: string, args: string[], cwd: string, timeoutMs: number) {
    const r = spawnSync(cmd, args, {
        cwd,
        encoding: "utf8",
        timeout: timeoutMs,
        maxBuffer: 64 * 1024 * 1024,
        env: { ...process.env, npm_config_update_notifier: "false" },
    });
    return { code: r.status, signal: r.signal, stdout: r.stdout ?? "", stderr: r.stderr ?? "" };
}

/**
 * The line of an error output that says what went wrong: the error itself, not the SDK's
 * "Running program ... failed" header or the plan's generic lines.
 */
function firstError(text: string): string {
    const lines = text
        .split("\n")
        .map((l) => l.trim())
        .filter((l) => l.length > 0 && !/^error: Running program .* failed/.test(l));
    const line =
        lines.find((l) => /(Error|error TS\d+|Cannot find|no answer|offline engine)/.test(l)) ??
        lines[0] ??
        "";
    const clean = line.replace(/^<ref \*\d+> /, "");
    return clean.length > 200 ? `${clean.slice(0, 197)}...` : clean;
}

function extract(mirror: string, name: string, dir: string): void {
    fs.mkdirSync(dir, { recursive: true });
    const archive = spawnSync("git", ["-C", mirror, "archive", "HEAD", name], {
        maxBuffer: 512 * 1024 * 1024,
    });
    if (archive.status !== 0) throw new Error(`git archive ${name}: ${archive.stderr}`);
    const tar = spawnSync("tar", ["-x", "--strip-components=1", "-C", dir], {
        input: archive.stdout,
    });
    if (tar.status !== 0) throw new Error(`tar ${name}: ${tar.stderr}`);
}

function sourcesOf(dir: string): string[] {
    const out: string[] = [];
    const walk = (d: string) => {
        for (const e of fs.readdirSync(d, { withFileTypes: true })) {
            if (e.name === "node_modules" || e.name.startsWith(".")) continue;
            const p = path.join(d, e.name);
            if (e.isDirectory()) walk(p);
            else if (/\.(ts|js)$/.test(e.name) && !e.name.endsWith(".d.ts")) {
                out.push(fs.readFileSync(p, "utf8"));
            }
        }
    };
    walk(dir);
    return out;
}

/** Extracts, configures, installs and plans one example. */
function checkExample(repo: string, mirror: string, work: string, name: string): Result {
    const started = Date.now();
    const dir = path.join(work, name);
    const done = (outcome: Outcome, cause: string, extra: Partial<Result> = {}): Result => ({
        name,
        outcome,
        cause,
        seconds: Math.round((Date.now() - started) / 1000),
        leaks: [],
        ...extra,
    });
    if (!fs.existsSync(path.join(dir, "package.json"))) extract(mirror, name, dir);
    const projectYaml = yaml.load(fs.readFileSync(path.join(dir, "Pulumi.yaml"), "utf8")) as Record<
        string,
        unknown
    >;
    const project = String(projectYaml.name);
    const config = stackFile(name, project, projectYaml, sourcesOf(dir));
    const stackPath = path.join(dir, "Pulumi.dev.yaml");
    fs.writeFileSync(
        stackPath,
        yaml.dump({ encryptionsalt: secure(`salt:${name}`).secure, config }, { lineWidth: 200 }),
    );
    const secrets = ciphertexts(config);
    if (!fs.existsSync(path.join(dir, "node_modules"))) {
        const install = run("npm", ["install", "--no-audit", "--no-fund"], dir, 15 * 60_000);
        if (install.code !== 0) {
            // Not the program's fault as such: the registry reachable here may lack a version
            // that npmjs.com has (it lists only some versions of some packages).
            const missing =
                /npm error (404 Not Found - GET \S+|notarget No matching version found for \S+)/.exec(
                    install.stderr,
                );
            const cause = missing ? missing[1] : firstError(install.stderr);
            return done("setup error", `npm install failed: ${cause}`);
        }
    }
    const jsonFile = path.join(work, `${name}.plan.json`);
    fs.rmSync(jsonFile, { force: true });
    const plan = run(
        process.execPath,
        [
            path.join(repo, "tools", "bin", "plan.js"),
            "--cwd",
            dir,
            "--stack",
            "dev",
            "--json",
            jsonFile,
        ],
        repo,
        10 * 60_000,
    );
    fs.writeFileSync(path.join(work, `${name}.stdout.txt`), plan.stdout);
    fs.writeFileSync(path.join(work, `${name}.stderr.txt`), plan.stderr);
    const json = fs.existsSync(jsonFile) ? fs.readFileSync(jsonFile, "utf8") : "";
    const everything = `${plan.stdout}\n${plan.stderr}\n${json}`;
    // The whole ciphertext, and each of its two base64 parts on its own.
    const leaks = secrets.filter((c) =>
        [c, ...c.split(":").slice(1)].some((part) => everything.includes(part)),
    );
    let resources: number | undefined;
    if (json) {
        try {
            resources = (JSON.parse(json) as { resources: unknown[] }).resources.length;
        } catch {
            resources = undefined;
        }
    }
    const extra = { leaks, resources };
    if (plan.code === 0 || plan.code === 1) {
        const violations = plan.code === 1 ? "mandatory policy violations" : "no violations";
        return done("planned", `${resources ?? "?"} resources, ${violations}`, extra);
    }
    const errorText = `${plan.stderr}\n${plan.stdout}`;
    const cause =
        plan.signal !== null ? `killed by ${plan.signal} (timeout)` : firstError(errorText);
    const known = PROGRAM_ERRORS.find((p) => p.example === name && p.match.test(errorText));
    if (known) return done("program error", `${cause} — ${known.evidence}`, extra);
    const engine = ENGINE_MARKERS.some((m) => m.test(errorText));
    return done("engine error", `${engine ? "" : "(unexplained) "}${cause}`, extra);
}

function parseArgs(argv: string[]) {
    let mirror = "/work/.mirror/pulumi+examples/repo";
    let work = "/work/examples-run";
    const names: string[] = [];
    for (let i = 0; i < argv.length; i++) {
        if (argv[i] === "--mirror") mirror = argv[++i];
        else if (argv[i] === "--work") work = argv[++i];
        else names.push(argv[i]);
    }
    return { mirror, work, names: names.length ? names : [...EXAMPLES] };
}

function main(): void {
    const repo = path.resolve(__dirname, "..");
    const { mirror, work, names } = parseArgs(process.argv.slice(2));
    if (path.resolve(work).startsWith(repo + path.sep)) {
        throw new Error(`--work must be outside the repository (${repo})`);
    }
    fs.mkdirSync(work, { recursive: true });
    const results: Result[] = [];
    for (const name of names) {
        let result: Result;
        try {
            result = checkExample(repo, mirror, work, name);
        } catch (err) {
            result = {
                name,
                outcome: "setup error",
                cause: (err as Error).message,
                seconds: 0,
                leaks: [],
            };
        }
        results.push(result);
        const leak = result.leaks.length ? `  CIPHERTEXT PRINTED (${result.leaks.length})` : "";
        process.stdout.write(
            `${result.name.padEnd(42)} ${result.outcome.padEnd(14)} ${String(result.seconds).padStart(4)}s  ${result.cause}${leak}\n`,
        );
    }
    const count = (o: Outcome) => results.filter((r) => r.outcome === o).length;
    const leaking = results.filter((r) => r.leaks.length > 0).length;
    process.stdout.write(
        `\n${results.length} examples: ${count("planned")} planned, ${count("program error")} program errors, ` +
            `${count("engine error")} engine errors, ${count("setup error")} setup errors; ` +
            `${leaking} printed a secret's ciphertext\n`,
    );
    fs.writeFileSync(path.join(work, "results.json"), JSON.stringify(results, null, 2));
    process.exitCode = count("engine error") > 2 || leaking > 0 ? 1 : 0;
}

if (require.main === module) main();
