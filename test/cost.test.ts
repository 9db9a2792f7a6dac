import * as assert from "node:assert/strict";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { repoRoot } from "./helpers/plan";
import { CostReport, estimateCost, PlanResource } from "../tools/cost/estimate";
import { costDiffMarkdown, renderCost } from "../tools/cost/report";
import { parseUsage, usageTableMarkdown, UsageError } from "../tools/cost/usage";
import { EC2_HOURLY, PRICES } from "../tools/cost/prices";
import { main } from "../tools/plan";

const fixtures = path.join(repoRoot, "test", "fixtures", "cost");
const simple = path.join(repoRoot, "test", "fixtures", "simple");

/** A fixture plan's resources (hand-written `--json` documents: stable as the real stacks grow). */
function fixture(name: "base" | "head"): PlanResource[] {
    return JSON.parse(fs.readFileSync(path.join(fixtures, `${name}.json`), "utf8")).resources;
}

/** name -> monthly, for the items of a report. */
function monthlyByName(report: CostReport): Record<string, number> {
    return Object.fromEntries(report.items.map((i) => [i.name, i.monthly]));
}

function urnOf(resources: PlanResource[], name: string): string {
    const found = resources.filter((r) => r.name === name);
    assert.equal(found.length, 1, name);
    return found[0].urn;
}

/** A copy of a fixture with one resource's inputs changed. */
function withInputs(
    resources: PlanResource[],
    name: string,
    change: (inputs: Record<string, unknown>) => Record<string, unknown>,
): PlanResource[] {
    return resources.map((r) => (r.name === name ? { ...r, inputs: change({ ...r.inputs }) } : r));
}

describe("cost: estimate of a fixture plan", () => {
    it("prices every resource by type and inputs, to the cent", () => {
        const report = estimateCost(fixture("head"));
        // Each figure by hand, with the table's prices and the default usage:
        assert.deepEqual(monthlyByName(report), {
            // 730 h × $0.10 + 3 × t3.large × 730 h × $0.0832 + 3 × 20 GB gp2 × $0.10
            "app-eks": 261.21,
            // 2 × t3.small.search × 730 h × $0.036 + 2 × 20 GB gp3 × $0.122
            "search-domain": 57.44,
            // 1 NAT (Single) × 730 h × ($0.045 + $0.005) + 100 GB × $0.045
            "net-vpc": 41,
            // 2 nodes × cache.t4g.small $0.032 × 0.8 (valkey) × 730 h
            "reminders-cache": 37.38,
            // 730 h × $0.04 + 10 GB × $0.08 + 20 GB (2 readers) × $0.04 + 10 GB × 24 h / 730 h × $0.10
            "pipe-stream": 30.83,
            // 2 AZs (the VPC's) × 730 h × $0.01 + 10 GB × $0.01
            "net-endpoint-sts": 14.7,
            // 5M WRU × $0.625/M + 10M RRU × $0.125/M + 5 GB × ($0.25 + $0.20 PITR)
            "pipe-orders": 6.63,
            // 1M × $0.20/M + 1M × 0.2 s × 0.5 GB × $0.0000133334 (arm64)
            "pipe-shipper": 1.53,
            // 2 GB × $0.50 + 2 GB × 30 days × 12/365 × $0.03
            "pipe-shipper-logs": 1.06,
            "pipe-key": 1.03,
            // 1M × $0.20/M + 1M × 0.2 s × 0.125 GB × $0.0000166667 (x86_64)
            "search-indexer": 0.62,
            "pipe-orders-stream": 0.5,
            "pipe-shipper-errors": 0.1,
            "alerts-topic": 0.05,
            "pipe-shipper-dlq": 0.04,
            "net-endpoints-sg": 0,
            "pipe-shipper-role": 0,
            "pipe-shipper-policy": 0,
            "pipe-shipper-mapping": 0,
            "search-indexer-mapping": 0,
        });
        assert.equal(report.monthlyTotal, 454.12);
        assert.equal(report.currency, "USD");
        assert.equal(report.region, "us-east-1");
        assert.equal(report.usage, null);
    });

    it("prices the base fixture too: provisioned stream, two nodes, a secret", () => {
        const report = estimateCost(fixture("base"));
        const m = monthlyByName(report);
        // 730 h × $0.10 + 2 × 730 h × $0.0832 + 2 × 20 GB × $0.10
        assert.equal(m["app-eks"], 198.47);
        // 1 shard × 730 h × $0.015 + 10M PUT units × $0.014/M
        assert.equal(m["pipe-stream"], 11.09);
        assert.equal(m["pipe-webhook"], 0.45);
        assert.equal(report.monthlyTotal, 334.71);
        assert.deepEqual(report.unpriced, []);
    });

    it("leaves out providers, the stack and local components", () => {
        const report = estimateCost(fixture("head"));
        const types = new Set(report.items.map((i) => i.type));
        assert.ok(!types.has("pulumi:providers:aws"));
        assert.ok(!types.has("pulumi:pulumi:Stack"));
        assert.ok(![...types].some((t) => t.startsWith("lightspeed:")));
        assert.ok(types.has("eks:index:Cluster"), "a remote component is priced");
    });

    it("says why a resource costs nothing", () => {
        const report = estimateCost(fixture("head"));
        const role = report.items.find((i) => i.name === "pipe-shipper-role")!;
        assert.equal(role.basis, "no charge: IAM is not billed");
    });
});

describe("cost: what it cannot price", () => {
    it("lists a type without a price as unpriced, not as zero", () => {
        const resources = fixture("head");
        const report = estimateCost(resources);
        const api = urnOf(resources, "app-api");
        assert.deepEqual(report.unpriced, [api]);
        assert.ok(!report.items.some((i) => i.urn === api));
    });

    it("lists an instance type missing from the table as unpriced", () => {
        assert.equal(EC2_HOURLY["x9.huge"], undefined);
        const resources = withInputs(fixture("head"), "app-eks", (i) => ({
            ...i,
            instanceType: "x9.huge",
        }));
        const report = estimateCost(resources);
        assert.ok(report.unpriced.includes(urnOf(resources, "app-eks")));
        assert.ok(!report.items.some((i) => i.name === "app-eks"));
        assert.equal(report.monthlyTotal, 192.91);
    });

    it("prices what it can and lists the rest as unpriced when part is unknown", () => {
        const resources = withInputs(fixture("head"), "search-domain", (i) => ({
            ...i,
            ebsOptions: { ebsEnabled: true, volumeSize: 20, volumeType: "gp3", iops: 6000 },
        }));
        const report = estimateCost(resources);
        const domain = report.items.find((i) => i.name === "search-domain")!;
        assert.equal(domain.monthly, 57.44);
        assert.match(domain.basis, /\(gp3 IOPS\/throughput above the baseline not priced\)$/);
        assert.ok(report.unpriced.includes(domain.urn));
    });

    it("leaves an interface endpoint unpriced when nothing says its AZs", () => {
        const resources = fixture("head").map((r) =>
            r.name === "net-endpoint-sts"
                ? { ...r, propertyDependencies: {}, dependencies: [] }
                : r,
        );
        const report = estimateCost(resources);
        assert.ok(report.unpriced.includes(urnOf(resources, "net-endpoint-sts")));
    });
});

describe("cost: rules read the inputs", () => {
    const vpc = (inputs: Record<string, unknown>) =>
        estimateCost(
            withInputs(fixture("head"), "net-vpc", () => inputs).filter(
                (r) => r.type === "awsx:ec2:Vpc",
            ),
        ).items[0];

    for (const [inputs, monthly] of [
        [{ numberOfAvailabilityZones: 3, natGateways: { strategy: "OnePerAz" } }, 114],
        [{ numberOfAvailabilityZones: 3 }, 114],
        [{ numberOfAvailabilityZones: 2, natGateways: { strategy: "Single" } }, 41],
        [{ availabilityZoneNames: ["a", "b"], natGateways: { strategy: "OnePerAz" } }, 77.5],
        [{ natGateways: { strategy: "None" } }, 0],
    ] as const) {
        it(`awsx Vpc ${JSON.stringify(inputs)} costs $${monthly}`, () => {
            assert.equal(vpc(inputs).monthly, monthly);
        });
    }

    it("counts an endpoint's subnets when the plan knows them", () => {
        const resources = withInputs(fixture("head"), "net-endpoint-sts", (i) => ({
            ...i,
            subnetIds: ["subnet-1", "subnet-2", "subnet-3"],
        }));
        const item = estimateCost(resources).items.find((i) => i.name === "net-endpoint-sts")!;
        assert.equal(item.monthly, 22);
        assert.match(item.basis, /^3 AZs \(subnets\)/);
    });

    it("prices ElastiCache nodes as type × (1 + replicas), Redis at the full rate", () => {
        const resources = withInputs(fixture("head"), "reminders-cache", () => ({
            engine: "redis",
            nodeType: "cache.r7g.large",
            numNodeGroups: 1,
            replicasPerNodeGroup: 2,
        }));
        const item = estimateCost(resources).items.find((i) => i.name === "reminders-cache")!;
        assert.equal(item.monthly, Math.round(3 * 730 * 0.219 * 100) / 100);
    });

    it("uses the node group's inputs: a managed node group of desired size × type", () => {
        const group: PlanResource = {
            urn: "urn:pulumi:fix::shop::aws:eks/nodeGroup:NodeGroup::ng",
            type: "aws:eks/nodeGroup:NodeGroup",
            name: "ng",
            parent: null,
            custom: true,
            inputs: {
                scalingConfig: { desiredSize: 4, minSize: 2, maxSize: 6 },
                instanceTypes: ["m7g.large"],
                diskSize: 50,
            },
            dependencies: [],
            propertyDependencies: {},
        };
        const [item] = estimateCost([group]).items;
        // 4 × 730 h × $0.0816 + 4 × 50 GB × $0.10
        assert.equal(item.monthly, 258.27);
    });

    it("prices an AppPlatform-shaped EKS: control plane, launch-template nodes, the Ingress's ALB", () => {
        const res = (
            type: string,
            name: string,
            inputs: Record<string, unknown>,
            deps: Record<string, string[]> = {},
            extra: Partial<PlanResource> = {},
        ): PlanResource => ({
            urn: `urn:pulumi:fix::shop::${type}::${name}`,
            type,
            name,
            parent: null,
            custom: true,
            inputs,
            dependencies: [...new Set(Object.values(deps).flat())],
            propertyDependencies: deps,
            ...extra,
        });
        const vpc = res(
            "awsx:ec2:Vpc",
            "vpc",
            { numberOfAvailabilityZones: 2 },
            {},
            { custom: false, remote: true },
        );
        const cluster = res(
            "eks:index:Cluster",
            "eks",
            { skipDefaultNodeGroup: true, vpcId: "04da6b54-80e4-46f7-96ec-b56ff0331ba9" },
            { vpcId: [vpc.urn] },
            { custom: false, remote: true },
        );
        const template = res("aws:ec2/launchTemplate:LaunchTemplate", "nodes", {
            blockDeviceMappings: [
                { deviceName: "/dev/xvda", ebs: { volumeSize: 50, volumeType: "gp3" } },
            ],
        });
        const group = res(
            "aws:eks/nodeGroup:NodeGroup",
            "ng",
            {
                instanceTypes: ["m6i.large"],
                capacityType: "ON_DEMAND",
                scalingConfig: { minSize: 2, desiredSize: 2, maxSize: 4 },
                launchTemplate: { id: "04da6b54-80e4-46f7-96ec-b56ff0331ba9" },
            },
            { launchTemplate: [template.urn] },
        );
        const ingress = res(
            "kubernetes:networking.k8s.io/v1:Ingress",
            "app-ingress",
            {
                metadata: {
                    annotations: {
                        "alb.ingress.kubernetes.io/scheme": "internet-facing",
                        "alb.ingress.kubernetes.io/subnets": "04da6b54-80e4-46f7-96ec-b56ff0331ba9",
                    },
                },
                spec: { ingressClassName: "alb" },
            },
            { metadata: [cluster.urn] },
        );
        const chart = res("kubernetes:helm.sh/v3:Release", "lbc", {
            chart: "aws-load-balancer-controller",
        });
        const other = res("kubernetes:helm.sh/v3:Release", "nginx", { chart: "ingress-nginx" });
        const report = estimateCost([vpc, cluster, template, group, ingress, chart, other]);
        const m = monthlyByName(report);
        assert.equal(m.eks, 73);
        // 2 × m6i.large × 730 h × $0.096 + 2 × 50 GB gp3 × $0.08
        assert.equal(m.ng, 148.16);
        // 730 h × ($0.0225 + 1 LCU × $0.008 + 2 public IPv4 (the VPC's AZs) × $0.005)
        assert.ok(Math.abs(m["app-ingress"] - 29.57) < 0.011, String(m["app-ingress"]));
        assert.equal(m.lbc, 0);
        assert.deepEqual(report.unpriced, [other.urn]);
    });

    it("knows every price's source and date", () => {
        for (const [name, price] of Object.entries(PRICES)) {
            assert.match(price.source, /^https:\/\/aws\.amazon\.com\//, name);
            if (price.checked === "confirmed") assert.ok(price.checkedAgainst, name);
        }
    });
});

describe("cost: usage assumptions", () => {
    it("changes exactly the items an override touches", () => {
        const resources = fixture("head");
        const before = monthlyByName(estimateCost(resources));
        const usage = parseUsage({
            defaults: { lambda: { invocationsPerMonth: 2_000_000 } },
            resources: { "pipe-orders": { storageGb: 50 } },
        });
        const after = monthlyByName(estimateCost(resources, { usage }));
        const changed = Object.keys(after).filter((k) => after[k] !== before[k]);
        assert.deepEqual(changed.sort(), ["pipe-orders", "pipe-shipper", "search-indexer"]);
        // 2M × $0.20/M + 2M × 0.1 GB-s × $0.0000133334
        assert.equal(after["pipe-shipper"], 3.07);
        assert.equal(after["search-indexer"], 1.23);
        // 5 GB -> 50 GB at $0.25 + $0.20 PITR: + 45 × $0.45
        assert.equal(after["pipe-orders"], 26.88);
    });

    it("feeds a table's writes to its streaming destination", () => {
        const usage = parseUsage({
            resources: { "pipe-orders": { writeRequestUnitsPerMonth: 20_000_000 } },
        });
        const after = monthlyByName(estimateCost(fixture("head"), { usage }));
        assert.equal(after["pipe-orders-stream"], 2);
    });

    it("names what is wrong in a usage file", () => {
        const resources = fixture("head");
        const cases: [unknown, string][] = [
            [{ default: {} }, 'u.json: unknown key "default" (allowed: defaults, resources)'],
            [{ defaults: { lamda: {} } }, 'u.json: defaults: unknown group "lamda"'],
            [
                { defaults: { lambda: { invocations: 1 } } },
                'u.json: defaults.lambda: unknown key "invocations"',
            ],
            [
                { defaults: { lambda: { invocationsPerMonth: -1 } } },
                "u.json: defaults.lambda.invocationsPerMonth must be a number >= 0, got -1",
            ],
        ];
        for (const [doc, message] of cases) {
            assert.throws(
                () => parseUsage(doc, "u.json"),
                (err: Error) => err instanceof UsageError && err.message.startsWith(message),
                message,
            );
        }
        assert.throws(
            () =>
                estimateCost(resources, {
                    usage: parseUsage({ resources: { "no-such": { storageGb: 1 } } }, "u.json"),
                }),
            new UsageError(
                "u.json: resources.no-such: no resource with that name or URN in this plan",
            ),
        );
        assert.throws(
            () =>
                estimateCost(resources, {
                    usage: parseUsage(
                        { resources: { "pipe-orders": { invocationsPerMonth: 1 } } },
                        "u.json",
                    ),
                }),
            new UsageError(
                'u.json: resources.pipe-orders: unknown key "invocationsPerMonth" for aws:dynamodb/table:Table ' +
                    "(allowed: writeRequestUnitsPerMonth, readRequestUnitsPerMonth, storageGb)",
            ),
        );
    });

    it("keeps the README's table of defaults exact", () => {
        const readme = fs.readFileSync(path.join(repoRoot, "README.md"), "utf8");
        const start = readme.indexOf("<!-- usage:start -->");
        const end = readme.indexOf("<!-- usage:end -->");
        assert.ok(start >= 0 && end > start, "README has the usage markers");
        assert.ok(
            readme.slice(start, end).includes(usageTableMarkdown()),
            "README's usage table differs from tools/cost/usage.ts: paste usageTableMarkdown()",
        );
    });

    it("has valid per-stack usage files", () => {
        const dir = path.join(repoRoot, "tools", "cost", "usage");
        for (const file of fs.readdirSync(dir).filter((f) => f.endsWith(".json"))) {
            parseUsage(JSON.parse(fs.readFileSync(path.join(dir, file), "utf8")), file);
        }
    });
});

describe("cost: the diff for a pull request", () => {
    it("lists added, removed and changed items by URN with the total delta, as markdown", () => {
        const base = estimateCost(fixture("base"));
        const head = estimateCost(fixture("head"));
        assert.equal(
            costDiffMarkdown(base, head, "fix"),
            [
                "### Cost estimate: fix",
                "",
                "Monthly total: $334.71 → **$454.12** (+$119.41, +35.7%)",
                "",
                "| change | resource | type | before | after | delta |",
                "| --- | --- | --- | ---: | ---: | ---: |",
                "| changed | `app-eks` | `eks:index:Cluster` | $198.47 | $261.21 | +$62.74 |",
                "| added | `reminders-cache` | `aws:elasticache:ReplicationGroup` |  | $37.38 | +$37.38 |",
                "| changed | `pipe-stream` | `aws:kinesis:Stream` | $11.09 | $30.83 | +$19.74 |",
                "| removed | `pipe-webhook` | `aws:secretsmanager:Secret` | $0.45 |  | -$0.45 |",
                "",
                "Newly unpriced, not in the totals: `app-api` (`aws:apigateway:RestApi`).",
                "",
                "<sub>us-east-1 on-demand prices of 2026-11-28; usage: defaults; estimates, not a bill.</sub>",
                "",
            ].join("\n"),
        );
    });

    it("says so when nothing changes cost", () => {
        const head = estimateCost(fixture("head"));
        assert.ok(costDiffMarkdown(head, head, "fix").includes("No priced resource changes cost."));
        assert.ok(costDiffMarkdown(head, head, "fix").includes("(+$0.00, +0.0%)"));
    });
});

describe("npm run plan --cost", () => {
    async function plan(argv: string[]): Promise<{ code: number; out: string; err: string }> {
        const out: string[] = [];
        const err: string[] = [];
        const code = await main([...argv, "--no-policy"], {
            out: (l) => out.push(l),
            err: (l) => err.push(l),
        });
        return { code, out: out.join("\n"), err: err.join("\n") };
    }
    const tmp = (name: string) =>
        path.join(fs.mkdtempSync(path.join(os.tmpdir(), "lightspeed-cost-")), name);

    it("prints each priced resource and the total line", async () => {
        const { code, out } = await plan(["--cwd", simple, "--stack", "test", "--quiet", "--cost"]);
        assert.equal(code, 0);
        const lines = out.split("\n");
        // The key ($1 + 10,000 requests × $0.03/10k) and two queues (100,000 × $0.40/M).
        assert.ok(lines.includes("Total: $1.11 per month"), out);
        assert.ok(
            lines.some((l) => /^ +\$1\.03 {2}aws:kms:Key +key +1 key × \$1 /.test(l)),
            out,
        );
        assert.ok(
            lines.includes("    + 1 resource(s) at no charge (IAM, network configuration, ...)"),
            out,
        );
        // simple deploys to eu-west-1: the prices are said to be another region's.
        assert.ok(
            lines.includes(
                "warning: the stack deploys to eu-west-1, but these are us-east-1 prices; AWS " +
                    "prices differ by region, so this is not eu-west-1's total",
            ),
            out,
        );
    });

    it("prices IAM groups, their policies and attachments, and async invoke settings at no charge", () => {
        const types = [
            "aws:iam/group:Group",
            "aws:iam/groupPolicyAttachment:GroupPolicyAttachment",
            "aws:lambda/functionEventInvokeConfig:FunctionEventInvokeConfig",
        ];
        const resources = types.map((type, i) => ({
            urn: `urn:pulumi:test::p::${type}::r${i}`,
            type,
            name: `r${i}`,
            custom: true,
            inputs: {},
            dependencies: [],
            propertyDependencies: {},
        }));
        const report = estimateCost(resources);
        assert.deepEqual(report.unpriced, []);
        assert.equal(report.monthlyTotal, 0);
    });

    it("puts the estimate in --json as cost", async () => {
        const file = tmp("plan.json");
        const { code } = await plan([
            "--cwd",
            simple,
            "--stack",
            "test",
            "--quiet",
            "--json",
            file,
        ]);
        assert.equal(code, 0);
        const doc = JSON.parse(fs.readFileSync(file, "utf8"));
        assert.equal(doc.cost.currency, "USD");
        assert.equal(doc.cost.monthlyTotal, 1.11);
        assert.deepEqual(Object.keys(doc.cost.items[0]), [
            "urn",
            "type",
            "name",
            "monthly",
            "basis",
        ]);
        assert.deepEqual(doc.cost.unpriced, []);
        assert.deepEqual(
            doc.cost.items.map((i: { name: string; monthly: number }) => [i.name, i.monthly]),
            [
                ["key", 1.03],
                ["token", 0],
                ["queue-0", 0.04],
                ["queue-1", 0.04],
            ],
        );
    });

    it("applies --usage and prints --cost-diff against an earlier plan", async () => {
        const base = tmp("base.json");
        assert.equal(
            (await plan(["--cwd", simple, "--stack", "test", "--quiet", "--json", base])).code,
            0,
        );
        const usage = tmp("usage.json");
        fs.writeFileSync(
            usage,
            JSON.stringify({ resources: { "queue-1": { requestsPerMonth: 10_000_000 } } }),
        );
        const out = tmp("diff.md");
        const run = await plan([
            "--cwd",
            simple,
            "--stack",
            "test",
            "--quiet",
            "--usage",
            usage,
            "--cost-diff",
            base,
            "--cost-diff-out",
            out,
        ]);
        assert.equal(run.code, 0, run.err);
        const md = fs.readFileSync(out, "utf8");
        // The base is re-priced with the same usage: the assumptions are not a change.
        assert.ok(md.includes("Monthly total: $5.07 → **$5.07** (+$0.00, +0.0%)"), md);
        assert.ok(run.out.includes(`Wrote ${out}`));
    });

    it("exits 2 naming a bad usage file", async () => {
        const usage = tmp("usage.json");
        fs.writeFileSync(usage, JSON.stringify({ defaults: { sqs: { requests: 1 } } }));
        const { code, err } = await plan([
            "--cwd",
            simple,
            "--stack",
            "test",
            "--quiet",
            "--cost",
            "--usage",
            usage,
        ]);
        assert.equal(code, 2);
        assert.ok(err.startsWith(`error: ${usage}: defaults.sqs: unknown key "requests"`), err);
    });

    it("renders a report whose last line is the total", () => {
        const text = renderCost(estimateCost(fixture("head")));
        assert.equal(text.split("\n").at(-1), "Total: $454.12 per month");
        assert.ok(text.includes("Unpriced: 1 resource(s), not (or not wholly) in the total"));
    });
});
