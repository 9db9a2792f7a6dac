/**
 * Corpus cases through the plan CLI, out of process: `node tools/bin/plan.js` (what `npm run
 * plan` runs) with `--cwd test/fixtures/corpus-cli --stack unsafe|careful --json`, so the
 * program runs in its own process and the pack starts as the Pulumi CLI starts it. The unsafe
 * stack exits 1 with each case's exact violation on its target; the careful stack exits 0 with no
 * mandatory violation at all. Two plans in all (each costs seconds).
 */
import * as assert from "node:assert/strict";
import { spawn } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { repoRoot } from "../helpers/plan";
import { CLI_CASES } from "./corpus/cli";
import { Case, prefixer } from "./corpus/case";

interface PlanJson {
    readonly violations: readonly {
        readonly policyName: string;
        readonly enforcementLevel: string;
        readonly name?: string;
        readonly message: string;
    }[];
}

/** Runs the plan entry point as its own process; resolves with its exit code and JSON. */
function plan(stack: string): Promise<{ code: number | null; out: string; json: PlanJson }> {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "lightspeed-corpus-cli-"));
    const json = path.join(dir, "plan.json");
    const args = [
        path.join(repoRoot, "tools", "bin", "plan.js"),
        "--cwd",
        path.join(repoRoot, "test", "fixtures", "corpus-cli"),
        "--stack",
        stack,
        "--quiet",
        "--json",
        json,
    ];
    const child = spawn(process.execPath, args, { stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    child.stdout.on("data", (d) => (out += d));
    child.stderr.on("data", (d) => (out += d));
    return new Promise((resolve) =>
        child.on("close", (code) => {
            const parsed = fs.existsSync(json)
                ? (JSON.parse(fs.readFileSync(json, "utf8")) as PlanJson)
                : { violations: [] };
            fs.rmSync(dir, { recursive: true, force: true });
            resolve({ code, out, json: parsed });
        }),
    );
}

/** The finding without the rule's description line. */
const finding = (message: string) => message.split("\n").slice(1).join(" ");

/** Each CLI case's exact mandatory findings of its rule on its target. */
const EXPECTED: Record<(typeof CLI_CASES)[number], string[]> = {
    "w01-action-q-star": [
        'policy Statement[0] allows "s3:?*": name the actions the workload calls (s3:<Action>, ...), not every action of the service.',
    ],
    "w16-github-repo-star": [
        "assumeRolePolicy Statement[0] trusts the OIDC provider token.actions.githubusercontent.com without a condition on token.actions.githubusercontent.com:sub: pin the token's subject (for example the repository and branch) and audience with StringEquals or StringLike.",
    ],
    "c01-halves-one-rule": [
        "ingress[0].cidrBlocks allows 0.0.0.0/1 in on TCP 22: allow known CIDRs or a source security group instead (only TCP 80 and 443 may be open to the internet, on an internet-facing load balancer's security group).",
        "ingress[0].cidrBlocks allows 128.0.0.0/1 in on TCP 22: allow known CIDRs or a source security group instead (only TCP 80 and 443 may be open to the internet, on an internet-facing load balancer's security group).",
    ],
    "u10-ingress-mixed-entries": [
        "ingress[1].cidrBlocks holds a block that is unknown during preview and does not come only from VPCs or subnets of this program (it comes from u10-ingress-mixed-entries--q (aws:sqs/queue:Queue), u10-ingress-mixed-entries--vpc (aws:ec2/vpc:Vpc)): pass plain CIDR blocks (or a VPC's or subnet's cidrBlock output, and give each source its own aws.vpc.SecurityGroupIngressRule: the dependencies of ingress are recorded for all its entries together).",
    ],
    "u11-queue-policy-mixed-principals": [
        "policy Statement[0], Statement[1]: a Principal is unknown during preview and does not come only from roles, users or identity providers of this program (it comes from u11-queue-policy-mixed-principals--caller (aws:iam/role:Role), u11-queue-policy-mixed-principals--jobs (aws:sqs/queue:Queue), u11-queue-policy-mixed-principals--other (aws:sqs/queue:Queue); dependencies are recorded for the whole document): write the principal as a literal (an account, a service) or use the arn of a role of this program, and keep other unknowns out of the document.",
    ],
    "t13-event-bus-everyone": [
        'principal "*" lets every AWS account put events on the bus: name the account, or set condition { key: "aws:PrincipalOrgID", type: "StringEquals", value: "<your organization id>" }.',
    ],
    "p01-rds-default-vpc": [
        "dbSubnetGroupName is not set, so the database goes into the default VPC: create a subnet group (aws.rds.SubnetGroup) over the program's private subnets and pass its name.",
        "vpcSecurityGroupIds is not set, so the database uses the VPC's default security group: name a security group of this program.",
    ],
    "t24-mysql-no-tls": [
        'parameterGroupName is not set, so the engine\'s default parameter group applies, where require_secure_transport does not require TLS: declare a parameter group in this program that sets require_secure_transport "ON", and pass its name as parameterGroupName.',
    ],
};

describe("policy corpus through the plan CLI (npm run plan -- --cwd test/fixtures/corpus-cli)", function () {
    this.timeout(0);

    it("blocks every unsafe case (exit 1) with its exact violation on its target", async () => {
        const r = await plan("unsafe");
        assert.equal(r.code, 1, r.out);
        for (const id of CLI_CASES) {
            const c = (require(path.join(__dirname, "corpus", id, "case.ts")) as { default: Case })
                .default;
            const target = prefixer(id)(c.target);
            const got = r.json.violations
                .filter(
                    (v) =>
                        v.enforcementLevel === "mandatory" &&
                        v.policyName === c.rule &&
                        v.name === target,
                )
                .map((v) => finding(v.message))
                .sort();
            assert.deepEqual(got, EXPECTED[id], `${id}: ${c.rule} on ${target}`);
        }
    });

    it("passes every careful twin (exit 0, no mandatory violation)", async () => {
        const r = await plan("careful");
        assert.equal(r.code, 0, r.out);
        assert.deepEqual(
            r.json.violations.filter((v) => v.enforcementLevel === "mandatory"),
            [],
        );
    });
});
