import * as assert from "node:assert/strict";
import * as fs from "fs";
import * as aws from "@pulumi/aws";
import * as awsx from "@pulumi/awsx";
import * as eks from "@pulumi/eks";
import {
    planComponent,
    planStack,
    Plan,
    RecordedResource,
    repoRoot,
    UNKNOWN,
} from "./helpers/plan";
import * as path from "path";
import { checkPolicies, packDir } from "./helpers/policy";
import { runPolicyGate } from "../tools/engine/policy-gate";
import { planJson, renderTree, summary } from "../tools/engine/render";
import {
    ALB_DEFAULTS,
    ECR_REPOSITORY,
    EKS_APP_PLATFORM,
    FARGATE_SERVICE,
    EKS_DEFAULTS,
    EKS_MANAGED_NODE_GROUP,
    ModelRecord,
    VPC_DEFAULT,
    VPC_SECURE_NETWORK,
} from "./fixtures/models/records";

/** `Kind name` of a resource's parent, or "component" for the modeled component itself. */
function parentLabel(plan: Plan, r: RecordedResource, component: RecordedResource): string {
    if (r.parent === component.urn) return "component";
    const parent = plan.byUrn(r.parent!);
    return `${parent.type.split(":").pop()} ${parent.name}`;
}

function construct(record: ModelRecord): void {
    if (record.type === "awsx:ec2:Vpc") new awsx.ec2.Vpc(record.name, record.args);
    else if (record.type === "eks:index:Cluster") new eks.Cluster(record.name, record.args);
    else if (record.type === "awsx:lb:ApplicationLoadBalancer") {
        new awsx.lb.ApplicationLoadBalancer(record.name, record.args);
    } else if (record.type === "awsx:ecr:Repository") {
        new awsx.ecr.Repository(record.name, record.args);
    } else if (record.type === "eks:index:ManagedNodeGroup") {
        const cluster = new eks.Cluster("cluster", {
            name: "platform",
            skipDefaultNodeGroup: true,
        });
        new eks.ManagedNodeGroup(record.name, {
            ...record.args,
            cluster,
        } as unknown as eks.ManagedNodeGroupArgs);
    } else if (record.type === "awsx:ecs:FargateService") {
        new awsx.ecs.FargateService(record.name, record.args as awsx.ecs.FargateServiceArgs);
    } else throw new Error(`no constructor for ${record.type}`);
}

describe("offline models of remote components", () => {
    for (const record of [
        VPC_DEFAULT,
        VPC_SECURE_NETWORK,
        EKS_APP_PLATFORM,
        EKS_DEFAULTS,
        ALB_DEFAULTS,
        ECR_REPOSITORY,
        FARGATE_SERVICE,
        EKS_MANAGED_NODE_GROUP,
    ]) {
        describe(`${record.type} "${record.name}" (${record.package}@${record.version})`, () => {
            it("was recorded from the version node_modules pins", () => {
                const pkg = JSON.parse(
                    fs.readFileSync(require.resolve(`${record.package}/package.json`), "utf8"),
                ) as { version: string };
                assert.equal(
                    pkg.version,
                    record.version,
                    `${record.package} is ${pkg.version} but the record in ` +
                        `test/fixtures/models/records.ts was read from ${record.version}'s source ` +
                        `(${record.source}): read the new version's source, then update the model ` +
                        "(tools/engine/models) and the record",
                );
            });

            it("registers the recorded children: types, names, parents, order and key inputs", async () => {
                const plan = await planComponent(() => construct(record));
                const component = plan.one(record.type, record.name);
                assert.equal(component.unchecked, undefined);
                const children = plan.descendantsOf(component);
                assert.deepEqual(
                    [...children]
                        .sort((a, b) => plan.resources.indexOf(a) - plan.resources.indexOf(b))
                        .map((r) => [r.type, r.name, parentLabel(plan, r, component)]),
                    record.children.map(([type, name, parent]) => [type, name, parent]),
                );
                const ordered = [...children].sort(
                    (a, b) => plan.resources.indexOf(a) - plan.resources.indexOf(b),
                );
                record.children.forEach(([type, name, , inputs], i) => {
                    const child = ordered[i];
                    assert.equal(child.modeled, true, `${type} ${name} is marked modeled`);
                    for (const [key, value] of Object.entries(inputs ?? {})) {
                        assert.deepEqual(child.inputs[key], value, `${type} ${name}: ${key}`);
                    }
                });
            });
        });
    }

    it("leaves a modeled child's computed outputs unknown in a first preview, fake with --known", async () => {
        const build = () => new awsx.ec2.Vpc("v", { numberOfAvailabilityZones: 1 });
        const preview = await planComponent(build);
        const subnet = preview.one("aws:ec2/subnet:Subnet", "v-public-1");
        assert.equal(subnet.inputs.vpcId, UNKNOWN);
        assert.equal(subnet.inputs.ipv6CidrBlock, UNKNOWN);
        assert.equal(
            preview.one("aws:ec2/natGateway:NatGateway", "v-1").inputs.allocationId,
            UNKNOWN,
        );
        const known = await planComponent(build, { known: true });
        const knownSubnet = known.one("aws:ec2/subnet:Subnet", "v-public-1");
        assert.match(knownSubnet.inputs.vpcId as string, /^vpc-0[0-9a-f]{16}$/);
        assert.equal(knownSubnet.inputs.ipv6CidrBlock, undefined);
    });

    it("gives modeled children the component's protect, as the SDK's Resource does", async () => {
        const plan = await planComponent(
            () => new awsx.ec2.Vpc("v", { numberOfAvailabilityZones: 1 }, { protect: true }),
        );
        const children = plan.descendantsOf(plan.one("awsx:ec2:Vpc"));
        assert.equal(children.length, 12);
        assert.deepEqual(new Set(children.map((r) => r.protect)), new Set([true]));
    });

    it("marks modeled children in the tree and the JSON, and counts them in the summary", async () => {
        const plan = await planComponent(
            () => new awsx.ec2.Vpc("v", { numberOfAvailabilityZones: 1 }),
        );
        const tree = renderTree(plan).split("\n");
        const subnetLine = tree.find((l) => /aws:ec2:Subnet +v-private-1 /.test(l));
        assert.match(subnetLine ?? "", /create +\(modeled\)$/);
        const vpcLine = tree.find((l) => /awsx:ec2:Vpc +v /.test(l));
        assert.match(vpcLine ?? "", /create +remote component$/);
        const json = planJson(plan) as { resources: { type: string; modeled?: boolean }[] };
        assert.deepEqual(
            json.resources
                .filter((r) => r.modeled)
                .map((r) => r.type)
                .sort(),
            plan
                .descendantsOf(plan.one("awsx:ec2:Vpc"))
                .map((r) => r.type)
                .sort(),
        );
        assert.equal(json.resources.find((r) => r.type === "awsx:ec2:Vpc")?.modeled, undefined);
        assert.equal(
            summary(plan),
            "Resources: + 14 to create (12 custom, 1 component, 1 remote component); 12 modeled",
        );
    });

    it("names a remote component without a model as unchecked, in the summary, tree and JSON", async () => {
        const plan = await planComponent(() => new awsx.cloudtrail.Trail("trail", {}));
        const trail = plan.one("awsx:cloudtrail:Trail", "trail");
        assert.equal(trail.unchecked, "no offline model of this type");
        assert.deepEqual(plan.descendantsOf(trail), []);
        assert.deepEqual(summary(plan).split("\n"), [
            "Resources: + 2 to create (0 custom, 1 component, 1 remote component)",
            "Unchecked: awsx:cloudtrail:Trail trail: what it creates is not in this plan and no policy checked it",
            "(no offline model of this type)",
        ]);
        assert.ok(
            renderTree(plan)
                .split("\n")
                .some((l) =>
                    /awsx:cloudtrail:Trail +trail +create +remote component, unchecked$/.test(l),
                ),
        );
        const json = planJson(plan) as { resources: { type: string; unchecked?: string }[] };
        assert.equal(
            json.resources.find((r) => r.type === "awsx:cloudtrail:Trail")?.unchecked,
            "no offline model of this type",
        );
    });

    it("leaves a component unchecked when an argument that decides its children is unknown", async () => {
        const plan = await planComponent(() => {
            // The ARN of a resource created in this run: unknown in a first preview.
            const cidr = new aws.ec2.Vpc("other", { cidrBlock: "10.1.0.0/16" }).arn.apply(
                () => "10.2.0.0/16",
            );
            new awsx.ec2.Vpc("v", { cidrBlock: cidr as unknown as string });
        });
        assert.equal(
            plan.one("awsx:ec2:Vpc").unchecked,
            "cidrBlock is unknown during preview, and decides which children exist",
        );
        assert.deepEqual(plan.descendantsOf(plan.one("awsx:ec2:Vpc")), []);
    });

    it("names what a model leaves out: eks's Fargate profile", async () => {
        const plan = await planComponent(
            () =>
                new eks.Cluster("d", { vpcId: "vpc-0123", subnetIds: ["subnet-a"], fargate: true }),
        );
        assert.deepEqual(plan.one("eks:index:Cluster").modelGaps, [
            "the Fargate profile and its pod execution role (fargate)",
        ]);
        assert.ok(
            renderTree(plan).includes(
                "eks:index:Cluster d: not modeled, unchecked: the Fargate profile and its pod execution role",
            ),
        );
    });

    it("serves modeled children to the policy pack, which checks them like any resource", async () => {
        // No control-plane logs: the rule reads both the component's args and the modeled
        // aws.eks.Cluster, so the finding arrives twice, once per resource.
        const result = await checkPolicies(
            () =>
                new eks.Cluster("d", {
                    vpcId: "vpc-0123",
                    subnetIds: ["subnet-a"],
                    skipDefaultNodeGroup: true,
                }),
        );
        assert.deepEqual(
            result.violations
                .filter((v) => v.policyName === "eks-control-plane-logs")
                .map((v) => `${v.type} ${v.name}`)
                .sort(),
            ["aws:eks/cluster:Cluster d-eksCluster", "eks:index:Cluster d"],
        );
    });

    it("shows the dev and prod VPCs' subnets, route tables and NAT gateways and the cluster as modeled", async () => {
        for (const stack of ["dev", "prod"]) {
            const plan = await planStack(stack);
            const modeled = (type: string) =>
                plan
                    .ofType(type)
                    .filter((r) => r.modeled)
                    .map((r) => r.name);
            // Pulumi.<stack>.yaml: dev has 2 AZs and a Single NAT gateway, prod 3 and OnePerAz.
            const azs = stack === "dev" ? 2 : 3;
            assert.equal(modeled("aws:ec2/subnet:Subnet").length, 2 * azs, stack);
            assert.equal(modeled("aws:ec2/routeTable:RouteTable").length, 2 * azs, stack);
            assert.deepEqual(
                modeled("aws:ec2/natGateway:NatGateway"),
                stack === "dev"
                    ? ["network-vpc-1"]
                    : ["network-vpc-1", "network-vpc-2", "network-vpc-3"],
            );
            assert.deepEqual(modeled("aws:eks/cluster:Cluster"), ["platform-cluster-eksCluster"]);
            assert.deepEqual(plan.unchecked(), [], stack);
        }
    });

    it("checks what a real awsx container program creates: VPC, ECR, ALB and Fargate children", async () => {
        const plan = await planStack("dev", {
            cwd: path.join(repoRoot, "test", "fixtures", "awsx-services"),
        });
        assert.deepEqual(plan.unchecked(), []);
        assert.equal(plan.counts().modeled, 33);
        // The image is built in an apply on the repository's URL, unknown in a first preview:
        // awsx registers nothing for it yet.
        assert.deepEqual(plan.descendantsOf(plan.one("awsx:ecr:Image")), []);
        const result = await runPolicyGate(plan, { packDir, config: {} });
        assert.deepEqual(
            result.violations
                .filter((v) => v.enforcementLevel === "mandatory")
                .map((v) => `${v.policyName} ${v.type} ${v.name}`)
                .sort(),
            [
                "encrypted-at-rest aws:cloudwatch/logGroup:LogGroup service",
                "no-open-ingress aws:ec2/securityGroup:SecurityGroup lb",
                "no-open-ingress aws:ec2/securityGroup:SecurityGroup lb",
                "transport-encrypted aws:lb/listener:Listener lb-0",
            ],
        );
    });
});
