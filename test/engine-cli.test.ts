/**
 * The engine runs programs and packs as the Pulumi CLI does, and leaves nothing running. Each
 * fixture here is decided by a rule of the CLI (the working directory of a directory `main`, how
 * cmd/run resolves the tsconfig path, a pack's initial config, which policy config applies), so
 * an engine that ran programs its own way would get a different exit code.
 */
import * as assert from "node:assert/strict";
import { spawn } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { planStack, repoRoot, runStack } from "./helpers/plan";
import { runProgram } from "../tools/engine/run";
import { main, MainOptions } from "../tools/plan";
import { renderTree } from "../tools/engine/render";
import {
    configEnvironment,
    hostCommand,
    parseOptions,
    pwdMain,
    splitArgs,
} from "../tools/engine/host";

const fixtures = path.join(repoRoot, "test", "fixtures");
const fixture = (name: string) => path.join(fixtures, name);

/** Runs the plan command in this process and captures what it prints. */
async function plan(
    argv: string[],
    options: MainOptions = {},
): Promise<{ code: number; out: string; err: string }> {
    const out: string[] = [];
    const err: string[] = [];
    const code = await main(argv, { out: (l) => out.push(l), err: (l) => err.push(l) }, options);
    return { code, out: out.join("\n"), err: err.join("\n") };
}

function tmpJson(): string {
    return path.join(fs.mkdtempSync(path.join(os.tmpdir(), "lightspeed-cli-")), "plan.json");
}

/** Processes on this machine whose command line contains every one of `needles`. */
function processesWith(...needles: string[]): number[] {
    const pids: number[] = [];
    for (const entry of fs.readdirSync("/proc")) {
        if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
        let cmdline: string;
        try {
            cmdline = fs.readFileSync(`/proc/${entry}/cmdline`, "utf8").split("\0").join(" ");
        } catch {
            continue; // exited meanwhile
        }
        if (needles.every((n) => cmdline.includes(n))) pids.push(Number(entry));
    }
    return pids;
}

/**
 * Program processes (cmd/run) of `dir` and pack processes (run-policy-pack) of `packDir`. Other
 * tests may keep a shared pack of the same directory running, so callers compare before/after.
 */
function planProcesses(dir: string, packDir: string): number[] {
    return [
        ...processesWith("cmd/run", `--root-directory ${dir}`),
        ...processesWith("run-policy-pack", packDir),
    ];
}

describe("engine: programs start as the CLI starts them", () => {
    it("runs a directory main from that directory, with the tsconfig found there (exit 0)", async () => {
        const json = tmpJson();
        const r = await plan([
            "--cwd",
            fixture("cli-dir-main"),
            "--stack",
            "test",
            "--no-policy",
            "--json",
            json,
        ]);
        assert.equal(r.code, 0, r.err);
        const doc = JSON.parse(fs.readFileSync(json, "utf8"));
        const topic = doc.resources.find((x: { type: string }) => x.type === "aws:sns/topic:Topic");
        // greeting.txt was read relative to app/, the working directory the CLI gives it.
        assert.equal(topic.inputs.displayName, "hello from app");
        const stack = doc.resources.find((x: { type: string }) => x.type === "pulumi:pulumi:Stack");
        assert.equal(stack.outputs.cwd, "cli-dir-main/app");
        // The stack outputs are listed as the CLI lists them after a preview.
        assert.ok(
            r.out.includes(
                'Outputs:\n    cwd: "cli-dir-main/app"\n    displayName: "hello from app"\n',
            ),
            r.out,
        );
    });

    it("refuses a tsconfig path that does not resolve from the working directory (exit 2, named)", async () => {
        const r = await plan([
            "--cwd",
            fixture("cli-missing-tsconfig"),
            "--stack",
            "test",
            "--no-policy",
        ]);
        assert.equal(r.code, 2);
        assert.match(
            r.err,
            /tsconfig path was set to tsconfig\.pulumi\.json but the file was not found/,
        );
        assert.match(r.err, /The program failed before registering any resource\./);
    });

    it("runs an ES-module program (package type module, ts-node esm) as the SDK does (exit 0)", async () => {
        const json = tmpJson();
        const r = await plan([
            "--cwd",
            fixture("esm-program"),
            "--stack",
            "dev",
            "--no-policy",
            "--json",
            json,
        ]);
        assert.equal(r.code, 0, r.err);
        const doc = JSON.parse(fs.readFileSync(json, "utf8"));
        const stack = doc.resources.find((x: { type: string }) => x.type === "pulumi:pulumi:Stack");
        assert.equal(stack.outputs.moduleKind, "esm");
    });

    it("runs this repository's stacks with the tsconfig of Pulumi.yaml (no main: the root)", () => {
        const cmd = hostCommand({
            root: repoRoot,
            project: "lightspeed",
            stack: "dev",
            organization: "organization",
            main: undefined,
            runtimeOptions: { typescript: true, tsconfig: "tsconfig.pulumi.json" },
            config: { "lightspeed:environment": "dev" },
            secretKeys: ["lightspeed:token"],
            monitorAddress: "127.0.0.1:1",
            engineAddress: "127.0.0.1:2",
            dryRun: true,
        });
        assert.equal(cmd.cwd, repoRoot);
        assert.ok(fs.existsSync(path.join(cmd.cwd, cmd.env.PULUMI_NODEJS_TSCONFIG_PATH!)));
        assert.equal(cmd.env.PULUMI_NODEJS_TYPESCRIPT, "true");
        assert.equal(cmd.env.PULUMI_CONFIG, '{"lightspeed:config:environment":"dev"}');
        assert.equal(cmd.env.PULUMI_CONFIG_SECRET_KEYS, '["lightspeed:token"]');
        const args = cmd.argv.slice(1);
        assert.equal(cmd.argv[0], require.resolve("@pulumi/pulumi/cmd/run"));
        assert.deepEqual(args.slice(0, 14), [
            "--monitor",
            "127.0.0.1:1",
            "--engine",
            "127.0.0.1:2",
            "--organization",
            "organization",
            "--project",
            "lightspeed",
            "--root-directory",
            repoRoot,
            "--stack",
            "dev",
            "--pwd",
            repoRoot,
        ]);
        assert.equal(args[14], "--dry-run");
        assert.equal(args[15], "--parallel");
        assert.equal(args.at(-1), ".");
    });
});

describe("engine: the language host's rules", () => {
    it("gives a directory main its own working directory and a file main its directory", () => {
        const root = fixture("cli-dir-main");
        assert.deepEqual(pwdMain(root, undefined), { pwd: root, main: "." });
        assert.deepEqual(pwdMain(root, "app/"), { pwd: path.join(root, "app"), main: "." });
        assert.deepEqual(pwdMain(root, "app/index.ts"), {
            pwd: path.join(root, "app"),
            main: "index.ts",
        });
        assert.throws(() => pwdMain(root, "nope"), {
            name: "HostError",
            message: `project 'main' could not be read: stat ${path.join(root, "nope")}: no such file or directory`,
        });
    });

    it("reads runtime options with their defaults and refuses wrong types in the host's words", () => {
        assert.deepEqual(parseOptions({}), { typescript: true, tsconfigpath: "", nodeargs: "" });
        assert.deepEqual(parseOptions({ typescript: false, tsconfig: "t.json", nodeargs: "--x" }), {
            typescript: false,
            tsconfigpath: "t.json",
            nodeargs: "--x",
        });
        assert.throws(() => parseOptions({ typescript: "yes" }), {
            name: "HostError",
            message: "typescript option must be a boolean",
        });
        assert.throws(() => parseOptions({ tsconfig: 1 }), {
            name: "HostError",
            message: "tsconfigpath option must be a string",
        });
        assert.throws(() => parseOptions({ nodeargs: [] }), {
            name: "HostError",
            message: "nodeargs option must be a string",
        });
        assert.throws(() => parseOptions({ packagemanager: "pip" }), {
            name: "HostError",
            message: 'packagemanager option must be one of auto, npm, yarn, pnpm or bun, got "pip"',
        });
    });

    it("splits nodeargs as shlex does", () => {
        const table: [string, string[]][] = [
            ["", []],
            ["--max-old-space-size=4096", ["--max-old-space-size=4096"]],
            ["  -r  a   -r b ", ["-r", "a", "-r", "b"]],
            [`--title "two words" 'single q' a\\ b`, ["--title", "two words", "single q", "a b"]],
        ];
        for (const [text, words] of table) assert.deepEqual(splitArgs(text), words, text);
        assert.throws(() => splitArgs('"open'), {
            name: "HostError",
            message: "EOF found when expecting closing quote",
        });
    });

    it("hands config to the program in the <namespace>:config:<name> form", () => {
        assert.equal(
            configEnvironment({ "aws:region": "eu-west-1", "app:nested:key": "v" }),
            '{"aws:config:region":"eu-west-1","app:config:nested:key":"v"}',
        );
    });
});

describe("engine: resources a first preview cannot see", () => {
    it("flags a resource created inside an apply callback when outputs are known", async () => {
        const json = tmpJson();
        const dir = fixture("created-in-apply");
        const known = await plan([
            "--cwd",
            dir,
            "--stack",
            "dev",
            "--no-policy",
            "--known",
            "--json",
            json,
        ]);
        assert.equal(known.code, 0, known.err);
        assert.match(
            known.out,
            /^warning: 1 resource\(s\) were created inside an apply callback: aws:sns:Topic inner\./m,
        );
        const doc = JSON.parse(fs.readFileSync(json, "utf8"));
        assert.deepEqual(
            doc.resources
                .filter((r: { createdInApply?: boolean }) => r.createdInApply)
                .map((r: { name: string }) => r.name),
            ["inner"],
        );
        // The first preview of a new stack, like pulumi preview, never registers it.
        const first = await plan(["--cwd", dir, "--stack", "dev", "--no-policy", "--json", json]);
        assert.equal(first.code, 0, first.err);
        const names = JSON.parse(fs.readFileSync(json, "utf8")).resources.map(
            (r: { name: string }) => r.name,
        );
        assert.deepEqual(names, ["created-in-apply-dev", "outer"]);
    });

    it("finds none in this repository's stacks", async () => {
        for (const stack of ["dev", "prod"]) {
            const p = await planStack(stack, { known: true });
            assert.deepEqual(
                p.resources.filter((r) => r.createdInApply).map((r) => r.name),
                [],
                stack,
            );
        }
    });
});

describe("engine: lookups answered offline", () => {
    it("answers the default VPC, its subnets and an AMI with stand-ins it names, and a policy document exactly", async () => {
        const json = tmpJson();
        const r = await plan([
            "--cwd",
            fixture("lookups"),
            "--stack",
            "dev",
            "--no-policy",
            "--json",
            json,
        ]);
        assert.equal(r.code, 0, r.err);
        const doc = JSON.parse(fs.readFileSync(json, "utf8"));
        assert.deepEqual(doc.offlineStandIns, {
            "aws:ec2/getVpc:getVpc": 1,
            "aws:ec2/getSubnets:getSubnets": 1,
            "aws:ec2/getAmi:getAmi": 1,
        });
        assert.match(r.out, /^Offline stand-ins, not AWS's answers/m);
        const outputs = doc.outputs;
        assert.match(outputs.vpcId, /^vpc-0[0-9a-f]{16}$/);
        assert.equal(outputs.subnetCount, 3);
        assert.match(outputs.imageId, /^ami-0[0-9a-f]{16}$/);
        assert.equal(
            outputs.policy,
            '{\n  "Version": "2012-10-17",\n  "Statement": [\n    {\n      "Effect": "Allow",\n      "Action": "ec2:DescribeImages",\n      "Resource": "*"\n    }\n  ]\n}',
        );
    });
});

describe("engine: policy packs run as the CLI runs them", () => {
    it("honours a third-party pack's initial config: @pulumi/awsguard with { all: mandatory } blocks (exit 1)", async () => {
        const json = tmpJson();
        const r = await plan([
            "--cwd",
            fixture("awsguard-program"),
            "--stack",
            "test",
            "--quiet",
            "--json",
            json,
            "--policy-pack",
            fixture("awsguard-mandatory"),
        ]);
        assert.equal(r.code, 1, r.err);
        const doc = JSON.parse(fs.readFileSync(json, "utf8"));
        assert.deepEqual(
            doc.violations.map((v: Record<string, string>) => [
                v.policyPackName,
                v.policyName,
                v.enforcementLevel,
                v.name,
            ]),
            [["pulumi-awsguard", "s3-bucket-logging-enabled", "mandatory", "unlogged"]],
        );
    });

    it("reports the same pack's finding as advisory without that initial config (exit 0)", async () => {
        const r = await plan([
            "--cwd",
            fixture("awsguard-program"),
            "--stack",
            "test",
            "--quiet",
            "--policy-pack",
            fixture("awsguard-default"),
        ]);
        assert.equal(r.code, 0, r.err);
        assert.match(
            r.out,
            /\[advisory\] {2}s3-bucket-logging-enabled {2}\(aws:s3\/bucket:Bucket: unlogged\)/,
        );
    });

    it("applies no lightspeed config to another program, even where a resource name matches a waiver (exit 1)", async () => {
        const r = await plan(["--cwd", fixture("waiver-name-clash"), "--stack", "dev", "--quiet"]);
        assert.equal(r.code, 1, r.err);
        assert.match(
            r.out,
            /\[mandatory\] {2}s3-encryption {2}\(aws:s3\/bucket:Bucket: platform-alb-logs\)/,
        );
        assert.doesNotMatch(r.out, /exception/);
        // The last line says the run is blocked, and by what.
        assert.equal(
            r.out.split("\n").at(-1),
            "Blocked: 1 mandatory policy violation (s3-encryption)",
        );
    });

    it("rejects a policy config that is not JSON before running the program, naming line and column", async () => {
        const file = path.join(
            fs.mkdtempSync(path.join(os.tmpdir(), "lightspeed-pc-")),
            "bad.json",
        );
        fs.writeFileSync(
            file,
            '{\n  "lambda-in-vpc": "advisory",\n  "log-retention": advisory\n}\n',
        );
        const r = await plan([
            "--cwd",
            fixture("lambda-fixed"),
            "--stack",
            "test",
            "--policy-pack-config",
            file,
        ]);
        assert.equal(r.code, 2);
        assert.equal(r.err, `error: ${file}:3:20: not valid JSON: Unexpected token 'a'`);
        assert.equal(r.out, "", "nothing ran");
    });

    it("rejects a misspelt policy name with the one meant (exit 2)", async () => {
        const file = path.join(
            fs.mkdtempSync(path.join(os.tmpdir(), "lightspeed-pc-")),
            "typo.json",
        );
        fs.writeFileSync(file, JSON.stringify({ "lambda-in-vcp": "advisory" }));
        const r = await plan([
            "--cwd",
            fixture("lambda-fixed"),
            "--stack",
            "test",
            "--policy-pack-config",
            file,
        ]);
        assert.equal(r.code, 2);
        assert.match(
            r.err,
            new RegExp(
                `^error: ${file}: "lambda-in-vcp" is not a policy of this pack \\(did you mean "lambda-in-vpc"\\?\\)`,
            ),
        );
    });
});

/** Runs `npm run plan`'s entry point as its own process. */
function planProcess(args: string[]) {
    const child = spawn(
        process.execPath,
        [path.join(repoRoot, "tools", "bin", "plan.js"), ...args],
        {
            stdio: ["ignore", "pipe", "pipe"],
        },
    );
    let out = "";
    child.stdout.on("data", (d) => (out += d));
    child.stderr.on("data", (d) => (out += d));
    const exited = new Promise<{ code: number | null; out: string }>((resolve) =>
        child.on("close", (code) => resolve({ code, out })),
    );
    return { child, exited };
}

/** Polls (without a deadline of its own: mocha's timeout is the guard) until `ready()` holds. */
async function until(ready: () => boolean): Promise<void> {
    while (!ready()) await new Promise((r) => setTimeout(r, 100));
}

describe("engine: nothing outlives a plan", () => {
    const packDir = path.join(repoRoot, "policy");

    for (const [what, dir, expected] of [
        ["a clean plan", "cli-dir-main", 0],
        ["a mandatory violation", "waiver-name-clash", 1],
        ["a program error", "throws", 2],
        ["a config error (missing tsconfig)", "cli-missing-tsconfig", 2],
    ] as const) {
        it(`leaves no program or pack process after ${what} (exit ${expected})`, async () => {
            const target = fixture(dir);
            const before = new Set(planProcesses(target, packDir));
            const { exited } = planProcess(["--cwd", target, "--stack", "dev", "--quiet"]);
            const { code, out } = await exited;
            assert.equal(code, expected, out);
            assert.deepEqual(
                planProcesses(target, packDir).filter((pid) => !before.has(pid)),
                [],
            );
        });
    }

    for (const [signal, code] of [
        ["SIGINT", 130],
        ["SIGTERM", 143],
    ] as const) {
        it(`stops the program and the pack on ${signal} (exit ${code})`, async () => {
            const target = fixture("slow-program");
            const before = new Set(planProcesses(target, packDir));
            const { child, exited } = planProcess(["--cwd", target, "--stack", "dev"]);
            // Interrupted once the program is running (it never finishes on its own).
            await until(() => processesWith("cmd/run", `--root-directory ${target}`).length > 0);
            child.kill(signal);
            const result = await exited;
            assert.equal(result.code, code, result.out);
            assert.match(result.out, /interrupted; the program was stopped/);
            assert.deepEqual(
                planProcesses(target, packDir).filter((pid) => !before.has(pid)),
                [],
            );
        });
    }
});

describe("engine: what a program leaves behind", () => {
    const saved = process.env.LIGHTSPEED_TEST_HELPER_PIDS;
    let dir: string;
    let pids: number[] = [];
    /** Whether `pid` is still one of the fixture's helpers (not exited, not reaped, not reused). */
    const alive = (pid: number) => {
        try {
            const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
            const cmdline = fs.readFileSync(`/proc/${pid}/cmdline`, "utf8");
            return cmdline.startsWith("sleep\x003600") && !/^\d+ \(.*\) Z/.test(stat);
        } catch {
            return false;
        }
    };
    beforeEach(() => {
        dir = fs.mkdtempSync(path.join(os.tmpdir(), "lightspeed-helpers-"));
        process.env.LIGHTSPEED_TEST_HELPER_PIDS = path.join(dir, "pids");
    });
    afterEach(() => {
        // Whatever the outcome, the helpers this test's program started are stopped.
        for (const pid of pids.filter(alive)) process.kill(pid, "SIGKILL");
        pids = [];
        if (saved === undefined) delete process.env.LIGHTSPEED_TEST_HELPER_PIDS;
        else process.env.LIGHTSPEED_TEST_HELPER_PIDS = saved;
        fs.rmSync(dir, { recursive: true, force: true });
    });

    it("finishes although a helper holds the program's output, and stops the helpers with the program's process group, as the language host does", async () => {
        // Before: the engine waited for the program's output to close, which the helper holding
        // it never does, so the plan hung; and both helpers outlived it, reparented to init.
        const file = process.env.LIGHTSPEED_TEST_HELPER_PIDS!;
        const running = plan(["--cwd", fixture("leaves-helpers"), "--stack", "dev", "--no-policy"]);
        // Known as soon as they start, so that afterEach stops them even if the plan never ends.
        await until(() => fs.existsSync(file) && fs.readFileSync(file, "utf8").endsWith("\n"));
        pids = fs.readFileSync(file, "utf8").trim().split("\n").map(Number);
        const r = await running;
        assert.equal(r.code, 0, r.err);
        assert.equal(pids.length, 2);
        // The group was signalled before the plan returned; a signalled sleep exits at once.
        await until(() => !pids.some(alive));
    });
});

describe("engine: a bad config file is refused before the program runs", () => {
    const target = fixture("start-marker");
    const packDir = path.join(repoRoot, "policy");
    let dir: string;
    let marker: string;
    const saved = {
        marker: process.env.LIGHTSPEED_TEST_START_MARKER,
        forever: process.env.LIGHTSPEED_TEST_RUN_FOREVER,
    };
    beforeEach(() => {
        dir = fs.mkdtempSync(path.join(os.tmpdir(), "lightspeed-refusal-"));
        marker = path.join(dir, "started");
        process.env.LIGHTSPEED_TEST_START_MARKER = marker;
        delete process.env.LIGHTSPEED_TEST_RUN_FOREVER;
    });
    afterEach(() => {
        for (const [name, value] of [
            ["LIGHTSPEED_TEST_START_MARKER", saved.marker],
            ["LIGHTSPEED_TEST_RUN_FOREVER", saved.forever],
        ] as const) {
            if (value === undefined) delete process.env[name];
            else process.env[name] = value;
        }
        fs.rmSync(dir, { recursive: true, force: true });
    });
    const write = (name: string, text: string) => {
        const file = path.join(dir, name);
        fs.writeFileSync(file, text);
        return file;
    };
    const planTarget = (...extra: string[]) =>
        plan(["--cwd", target, "--stack", "dev", "--quiet", ...extra]);

    it("runs the program with good files (the marker shows a start)", async () => {
        const config = write("good.json", JSON.stringify({ all: "advisory" }));
        const r = await planTarget("--policy-pack-config", config);
        assert.equal(r.code, 0, r.err);
        assert.ok(fs.existsSync(marker), "the program started");
    });

    it("never starts the program for a policy config that is not JSON", async () => {
        const config = write("bad.json", '{\n  "lambda-in-vpc": advisory\n}\n');
        const r = await planTarget("--policy-pack-config", config);
        assert.equal(r.code, 2);
        assert.equal(r.err, `error: ${config}:2:20: not valid JSON: Unexpected token \x27a\x27`);
        assert.equal(fs.existsSync(marker), false, "the program was never started");
    });

    it("never starts the program for a --usage file that is not JSON", async () => {
        const usage = write("usage.json", '{ "defaults": }\n');
        const r = await planTarget("--usage", usage);
        assert.equal(r.code, 2);
        assert.match(r.err, new RegExp(`^error: ${usage}:1:15: not valid JSON`));
        assert.equal(fs.existsSync(marker), false, "the program was never started");
    });

    it("refuses a misspelt policy name without waiting for the program, which it stops", async () => {
        // The program never finishes on its own: a refusal that waited for it would never come.
        process.env.LIGHTSPEED_TEST_RUN_FOREVER = "1";
        const before = new Set(planProcesses(target, packDir));
        const config = write("typo.json", JSON.stringify({ "lambda-in-vcp": "advisory" }));
        const r = await planTarget("--policy-pack-config", config);
        assert.equal(r.code, 2);
        assert.match(
            r.err,
            new RegExp(
                `^error: ${config}: "lambda-in-vcp" is not a policy of this pack \\(did you mean "lambda-in-vpc"\\?\\)`,
            ),
        );
        assert.deepEqual(
            planProcesses(target, packDir).filter((pid) => !before.has(pid)),
            [],
        );
    });
});

describe("engine: the plan reads well", () => {
    it("prints the dev plan with no line over 200 characters, at most 20 advisory lines, and dev's accepted advisories folded into one line each", async () => {
        // The plan command itself, as a pull request runs it: every section it prints counts.
        const json = tmpJson();
        // The program's run is the process's shared dev run (made as the command makes it).
        const r = await plan(["--cwd", repoRoot, "--stack", "dev", "--json", json], {
            runProgram: (o) => (o.cwd === repoRoot && !o.known ? runStack(o.stack) : runProgram(o)),
        });
        assert.equal(r.code, 0, r.err);
        const lines = r.out.split("\n");
        assert.deepEqual(
            lines.filter((l) => l.length > 200),
            [],
        );
        // The advisories: from the violations' header to the exceptions (or the next blank line).
        const start = lines.findIndex((l) => l.startsWith("Policy Violations: "));
        const end = lines.findIndex(
            (l, i) => i > start && (l === "" || l.startsWith("Policy exceptions in force")),
        );
        const advisories = lines.slice(start + 1, end);
        assert.ok(start > 0 && advisories.length > 0, r.out);
        assert.ok(advisories.length <= 20, advisories.join("\n"));
        // Every finding stays in the JSON; the printed plan folds the accepted ones, by rule.
        const doc = JSON.parse(fs.readFileSync(json, "utf8")) as {
            violations: { policyName: string; enforcementLevel: string }[];
        };
        const count = (rule: string) => doc.violations.filter((v) => v.policyName === rule).length;
        assert.ok(count("stateful-protect") > 1 && count("dynamodb-data-protection") > 1);
        assert.deepEqual(
            advisories.filter((l) => l.includes("[accepted]")),
            [
                `    [accepted]  stateful-protect  (${count("stateful-protect")} resources): dev is throwaway: protect is false on purpose`,
                `    [accepted]  dynamodb-data-protection  (${count("dynamodb-data-protection")} resources): dev is throwaway: deletion protection off`,
            ],
        );
        assert.equal(
            lines[start],
            `Policy Violations: 0 mandatory, ${doc.violations.length} advisory (${count("stateful-protect") + count("dynamodb-data-protection")} accepted by the stack's policy config)`,
        );
    });

    it("keeps every tree line of this repository's stacks within 200 characters", async () => {
        for (const stack of ["dev", "prod"]) {
            const tree = renderTree(await planStack(stack)).split("\n");
            assert.deepEqual(
                tree.filter((l) => l.length > 200),
                [],
                stack,
            );
            assert.ok(
                tree.includes(
                    "Remote components (built by their provider plugins; children marked (modeled) are the engine's model of them, not the provider's answer):",
                ),
                stack,
            );
        }
    });
});
