/**
 * Flows: "workload W reaches resource R over port P to do actions A", declared in the program as
 * `lightspeed:index:Flow` component resources (components/lib/flow.ts), and proven here on the
 * plan alone, link by link:
 *
 * - network: the workload's security groups may send to the target (its port, in the same VPC)
 *   and the target's groups admit them; an AWS API target needs a VPC endpoint for its service
 *   or a NAT gateway, with the workload's egress to it. A workload outside any VPC (a function
 *   without `vpcConfig`, a state machine, a service principal) reaches AWS APIs directly.
 * - iam: the workload's identity policies (with the target's resource policy) allow every action
 *   on the target, evaluated by `@cloud-copilot/iam-simulate`; an encrypted target's customer
 *   managed key allows the KMS calls its service makes for the caller, key policy included.
 * - wiring: the workload reads the target's address (an environment variable, a Helm release's
 *   values, an event source mapping, a subscription, a state machine definition).
 *
 * It reads what AnalyzeStack is given: each resource's final state (outputs) and, per input, the
 * URNs its value came from. In a first preview ids and ARNs are unknown; the links are then
 * proven through property dependencies, as `vpc-flow-logs` proves a flow log's VPC: an unknown
 * ARN in a statement stands for the resources its document depends on whose service fits the
 * statement's actions, an unknown group id for the groups it came from. With known values (an
 * update) the ARNs themselves are compared.
 */
import { runSimulation } from "@cloud-copilot/iam-simulate";
import { parseCidr } from "./cidr";
import { objectAt } from "./network";
import { globMatches } from "./iam";
import { isUnknown, Resource } from "./rule";

/** The type token of a flow. */
export const FLOW_TYPE = "lightspeed:index:Flow";

/** One link of a flow, proven or not. */
export interface FlowLink {
    readonly link: "ends" | "network" | "iam" | "kms" | "wiring";
    readonly holds: boolean;
    /** What was found (holds) or what is missing, and the fix (does not hold). */
    readonly detail: string;
    /** Security group rule resources a holding network link goes through. */
    readonly uses?: readonly string[];
}

/** A flow and its verdict. */
export interface FlowResult {
    readonly flow: Resource;
    readonly name: string;
    readonly description: string;
    /** The workload's resource name (or the service principal). */
    readonly from: string;
    readonly fromUrn: string;
    /** The service principal the workload is, when it is one. */
    readonly fromService?: string;
    readonly to: string;
    readonly toUrn: string;
    readonly port?: number;
    readonly actions: readonly string[];
    readonly holds: boolean;
    readonly links: readonly FlowLink[];
}

/** A flow's declaration, as its registered outputs carry it. */
interface Declared {
    readonly from: string;
    readonly fromService?: string;
    readonly to: string;
    readonly port?: number;
    readonly actions: readonly string[];
    readonly resourceSuffix: string;
    /** `executions`: the actions act on the target state machine's executions. */
    readonly actsOn?: string;
    readonly wiring?: string;
    readonly description: string;
    readonly accountId: string;
    readonly region: string;
    readonly partition: string;
}

const T = {
    function: "aws:lambda/function:Function",
    stateMachine: "aws:sfn/stateMachine:StateMachine",
    podIdentity: "aws:eks/podIdentityAssociation:PodIdentityAssociation",
    role: "aws:iam/role:Role",
    rolePolicy: "aws:iam/rolePolicy:RolePolicy",
    rolePolicyAttachment: "aws:iam/rolePolicyAttachment:RolePolicyAttachment",
    policy: "aws:iam/policy:Policy",
    securityGroup: "aws:ec2/securityGroup:SecurityGroup",
    ingressRule: "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule",
    egressRule: "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule",
    sgRule: "aws:ec2/securityGroupRule:SecurityGroupRule",
    vpc: "aws:ec2/vpc:Vpc",
    awsxVpc: "awsx:ec2:Vpc",
    natGateway: "aws:ec2/natGateway:NatGateway",
    vpcEndpoint: "aws:ec2/vpcEndpoint:VpcEndpoint",
    eksCluster: "eks:index:Cluster",
    key: "aws:kms/key:Key",
    keyPolicy: "aws:kms/keyPolicy:KeyPolicy",
    deployment: "kubernetes:apps/v1:Deployment",
    helmRelease: "kubernetes:helm.sh/v3:Release",
    eventSourceMapping: "aws:lambda/eventSourceMapping:EventSourceMapping",
    subscription: "aws:sns/topicSubscription:TopicSubscription",
    permission: "aws:lambda/permission:Permission",
} as const;

/** What each target type is, for IAM, KMS and the network. */
interface TargetKind {
    /** IAM action prefix and VPC endpoint service name. */
    readonly service: string;
    /** The ARN of a resource named `n` (region `r`, account `a`, partition `p`). */
    readonly arn: (p: string, r: string, a: string, n: string) => string;
    /** Where the resource's physical name is, when given. */
    readonly nameKeys: readonly string[];
    /** The input holding its customer managed key, if it can have one. */
    readonly keyInput?: string;
    /** Its security groups, when it sits in a VPC (path of a list of ids). */
    readonly securityGroups?: readonly string[];
    /** Resource policies: [type, input naming this resource]. */
    readonly policies?: readonly (readonly [string, string])[];
    /** Its own policy input, when it has one. */
    readonly ownPolicy?: string;
}

const KINDS: Readonly<Record<string, TargetKind>> = {
    "aws:dynamodb/table:Table": {
        service: "dynamodb",
        arn: (p, r, a, n) => `arn:${p}:dynamodb:${r}:${a}:table/${n}`,
        nameKeys: ["name"],
        keyInput: "serverSideEncryption",
    },
    "aws:kinesis/stream:Stream": {
        service: "kinesis",
        arn: (p, r, a, n) => `arn:${p}:kinesis:${r}:${a}:stream/${n}`,
        nameKeys: ["name"],
        keyInput: "kmsKeyId",
    },
    "aws:sqs/queue:Queue": {
        service: "sqs",
        arn: (p, r, a, n) => `arn:${p}:sqs:${r}:${a}:${n}`,
        nameKeys: ["name"],
        keyInput: "kmsMasterKeyId",
        policies: [["aws:sqs/queuePolicy:QueuePolicy", "queueUrl"]],
        ownPolicy: "policy",
    },
    "aws:sns/topic:Topic": {
        service: "sns",
        arn: (p, r, a, n) => `arn:${p}:sns:${r}:${a}:${n}`,
        nameKeys: ["name"],
        keyInput: "kmsMasterKeyId",
        policies: [["aws:sns/topicPolicy:TopicPolicy", "arn"]],
        ownPolicy: "policy",
    },
    "aws:secretsmanager/secret:Secret": {
        service: "secretsmanager",
        arn: (p, r, a, n) => `arn:${p}:secretsmanager:${r}:${a}:secret:${n}`,
        nameKeys: ["name"],
        keyInput: "kmsKeyId",
        policies: [["aws:secretsmanager/secretPolicy:SecretPolicy", "secretArn"]],
    },
    "aws:opensearch/domain:Domain": {
        service: "es",
        arn: (p, r, a, n) => `arn:${p}:es:${r}:${a}:domain/${n}`,
        nameKeys: ["domainName"],
        securityGroups: ["vpcOptions", "securityGroupIds"],
        policies: [["aws:opensearch/domainPolicy:DomainPolicy", "domainName"]],
        ownPolicy: "accessPolicies",
    },
    "aws:elasticache/replicationGroup:ReplicationGroup": {
        service: "elasticache",
        arn: (p, r, a, n) => `arn:${p}:elasticache:${r}:${a}:replicationgroup:${n}`,
        nameKeys: ["replicationGroupId"],
        securityGroups: ["securityGroupIds"],
    },
    "aws:sfn/stateMachine:StateMachine": {
        service: "states",
        arn: (p, r, a, n) => `arn:${p}:states:${r}:${a}:stateMachine:${n}`,
        nameKeys: ["name"],
    },
    "aws:lambda/function:Function": {
        service: "lambda",
        arn: (p, r, a, n) => `arn:${p}:lambda:${r}:${a}:function:${n}`,
        nameKeys: ["name"],
    },
    "aws:kms/key:Key": {
        service: "kms",
        arn: (p, r, a, n) => `arn:${p}:kms:${r}:${a}:key/${n}`,
        nameKeys: [],
        ownPolicy: "policy",
    },
    "aws:s3/bucket:Bucket": {
        service: "s3",
        arn: (p, _r, _a, n) => `arn:${p}:s3:::${n}`,
        nameKeys: ["bucket"],
        policies: [["aws:s3/bucketPolicy:BucketPolicy", "bucket"]],
    },
    "aws:cloudwatch/logGroup:LogGroup": {
        service: "logs",
        arn: (p, r, a, n) => `arn:${p}:logs:${r}:${a}:log-group:${n}`,
        nameKeys: ["name"],
    },
    "aws:iam/role:Role": {
        service: "iam",
        arn: (p, _r, a, n) => `arn:${p}:iam::${a}:role/${n}`,
        nameKeys: ["name"],
    },
};

/** KMS calls a service makes with the caller's permissions, per action the caller performs. */
const KEY_ACTIONS: Readonly<Record<string, (action: string) => readonly string[]>> = {
    // DynamoDB decrypts the table key under the caller's permission, for reads and writes.
    dynamodb: () => ["kms:Decrypt"],
    kinesis: (a) => (/^kinesis:PutRecords?$/.test(a) ? ["kms:GenerateDataKey"] : ["kms:Decrypt"]),
    sqs: (a) =>
        a === "sqs:SendMessage" ? ["kms:GenerateDataKey", "kms:Decrypt"] : ["kms:Decrypt"],
    sns: () => ["kms:GenerateDataKey", "kms:Decrypt"],
    secretsmanager: () => ["kms:Decrypt"],
};

// --- Reading the plan -----------------------------------------------------------------------

class View {
    readonly byUrn: Map<string, Resource>;
    constructor(readonly resources: readonly Resource[]) {
        this.byUrn = new Map(resources.map((r) => [r.urn, r]));
    }
    deps(r: Resource, input: string): string[] {
        return [...(r.propertyDependencies[input] ?? [])];
    }
    depsOfType(r: Resource, input: string, ...types: string[]): Resource[] {
        return this.deps(r, input)
            .map((u) => this.byUrn.get(u))
            .filter((d): d is Resource => d !== undefined && types.includes(d.type));
    }
    ofType(type: string): Resource[] {
        return this.resources.filter((r) => r.type === type);
    }
    /** Resources of `type` whose `input` came from `target` (or equals one of its known values). */
    referring(type: string, input: string, target: Resource): Resource[] {
        return this.ofType(type).filter((r) => this.deps(r, input).includes(target.urn));
    }
    ancestors(r: Resource): string[] {
        const out: string[] = [];
        let p = r.parent;
        while (p) {
            out.push(p);
            p = this.byUrn.get(p)?.parent;
        }
        return out;
    }
    label(r: Resource): string {
        return `${r.name} (${r.type})`;
    }
}

function str(v: unknown): string | undefined {
    return typeof v === "string" && !isUnknown(v) ? v : undefined;
}

function at(v: unknown, path: readonly string[]): unknown {
    for (const k of path) v = objectAt(v)?.[k];
    return v;
}

function declared(flow: Resource): Declared | string {
    const p = flow.props;
    const from = str(p.from);
    const to = str(p.to);
    const actions = Array.isArray(p.actions) ? p.actions.filter((a) => str(a)) : [];
    if (!from || !to) return "the flow does not name both ends by URN (from, to)";
    return {
        from,
        fromService: str(p.fromService),
        to,
        port: typeof p.port === "number" ? p.port : undefined,
        actions: actions as string[],
        resourceSuffix: str(p.resourceSuffix) ?? "",
        actsOn: str(p.actsOn),
        wiring: str(p.wiring),
        description: str(p.description) ?? "",
        accountId: str(p.accountId) ?? "123456789012",
        region: str(p.region) ?? "us-east-1",
        partition: str(p.partition) ?? "aws",
    };
}

/**
 * The ARN the flow's actions act on: the target's, with the declared suffix, or for `executions`
 * one execution of the target state machine. Its name is one no grant can have foreseen, so only
 * a statement covering every execution of the machine (`execution:<machine name>:*`) allows it.
 */
function actedOnArn(target: Resource, targetArn: string, d: Declared): string | FlowLink {
    if (d.actsOn === undefined) return targetArn + d.resourceSuffix;
    const execution =
        d.actsOn === "executions" && target.type === T.stateMachine
            ? executionArn(targetArn, "flow-check-any-execution")
            : undefined;
    return (
        execution ?? {
            link: "iam",
            holds: false,
            detail: `actsOn ${JSON.stringify(d.actsOn)} is not something ${target.name} (${target.type}) has: only a state machine's "executions"`,
        }
    );
}

/** The ARN of execution `execution` of the state machine `machineArn` (undefined: not one). */
function executionArn(machineArn: string, execution: string): string | undefined {
    const machine = /^(arn:[^:]+:states:[^:]*:[^:]*:)stateMachine:([^:]+)$/.exec(machineArn);
    return machine ? `${machine[1]}execution:${machine[2]}:${execution}` : undefined;
}

/** A resource's ARN: its known `arn` output, else a stand-in built from its name (first preview). */
function arnOf(r: Resource, d: Declared): string | undefined {
    const known = str(r.props.arn);
    if (known) return known;
    const kind = KINDS[r.type];
    if (!kind) return undefined;
    const name = kind.nameKeys.map((k) => str(r.props[k])).find((n) => n !== undefined) ?? r.name;
    return kind.arn(d.partition, d.region, d.accountId, name);
}

// --- Documents with unknowns ----------------------------------------------------------------

/** The service prefixes of a statement's actions (lowercase). */
function servicesOf(statement: Record<string, unknown>): Set<string> {
    const actions = ([] as unknown[]).concat(statement.Action ?? [], statement.NotAction ?? []);
    return new Set(
        actions
            .filter((a): a is string => typeof a === "string")
            .map((a) => a.split(":")[0].toLowerCase()),
    );
}

/**
 * A document with each unknown replaced by what it can only have come from: an unknown ARN in a
 * statement's Resource stands for each resource the document's property depends on whose service
 * fits the statement's actions (its ARN, paths under it, and a state machine's executions);
 * anything else unknown becomes a value that matches nothing. Undefined when the document itself
 * is unknown or unreadable.
 */
function resolveDocument(
    value: unknown,
    candidates: readonly Resource[],
    d: Declared,
): Record<string, unknown> | undefined {
    let doc: unknown = value;
    if (typeof value === "string") {
        if (isUnknown(value)) return undefined;
        try {
            doc = JSON.parse(value);
        } catch {
            return undefined;
        }
    }
    const document = objectAt(doc);
    if (!document) return undefined;
    const statements = ([] as unknown[]).concat(document.Statement ?? []);
    const nothing = "arn:aws:unknown:::unresolved";
    const resolveArns = (v: unknown, services: Set<string>): unknown => {
        const list = ([] as unknown[]).concat(v);
        const out: string[] = [];
        for (const item of list) {
            if (isUnknown(item)) {
                const fits = candidates.filter((c) => {
                    const kind = KINDS[c.type];
                    return kind && (services.has(kind.service) || services.has("*"));
                });
                for (const c of fits) {
                    const arn = arnOf(c, d);
                    if (arn) out.push(arn, `${arn}/*`, `${arn}:*`);
                    // A state machine's executions are named apart from it (execution:<name>:*).
                    const executions = arn && c.type === T.stateMachine && executionArn(arn, "*");
                    if (executions) out.push(executions);
                }
                if (fits.length === 0) out.push(nothing);
            } else if (typeof item === "string") out.push(item);
        }
        return out;
    };
    // In a Principal or a Condition, an unknown is the ARN of one of the dependencies.
    const anyCandidate = candidates.flatMap((c) => {
        const arn = arnOf(c, d);
        return arn ? [arn] : [];
    });
    const deepResolve = (v: unknown, inValues: boolean): unknown => {
        if (isUnknown(v)) return inValues && anyCandidate.length ? anyCandidate : nothing;
        if (Array.isArray(v)) {
            return v.flatMap((x) => {
                const r = deepResolve(x, inValues);
                return Array.isArray(r) && isUnknown(x) ? r : [r];
            });
        }
        const o = objectAt(v);
        if (o) {
            return Object.fromEntries(
                Object.entries(o).map(([k, x]) => [k, deepResolve(x, inValues)]),
            );
        }
        return v;
    };
    return {
        ...document,
        Statement: statements.map((s) => {
            const st = objectAt(s) ?? {};
            const services = servicesOf(st);
            const out: Record<string, unknown> = {};
            for (const [k, v] of Object.entries(st)) {
                out[k] =
                    k === "Resource" || k === "NotResource"
                        ? resolveArns(v, services)
                        : deepResolve(v, k === "Condition" || k === "Principal");
            }
            return out;
        }),
    };
}

function documentAt(
    view: View,
    r: Resource,
    input: string,
    d: Declared,
    value: unknown = r.props[input],
): Record<string, unknown> | undefined {
    const candidates = view.deps(r, input).flatMap((u) => {
        const c = view.byUrn.get(u);
        return c ? [c] : [];
    });
    return resolveDocument(value, candidates, d);
}

// --- Identity -------------------------------------------------------------------------------

interface Identity {
    /** Principal for the simulator: a role ARN or a service principal. */
    readonly principal: string;
    readonly role?: Resource;
    readonly policies: { name: string; policy: Record<string, unknown> }[];
    readonly notes: string[];
}

function roleOf(view: View, workload: Resource): Resource | undefined {
    const input =
        workload.type === T.function
            ? "role"
            : workload.type === T.stateMachine || workload.type === T.podIdentity
              ? "roleArn"
              : undefined;
    return input ? view.depsOfType(workload, input, T.role)[0] : undefined;
}

function identityPolicies(view: View, role: Resource, d: Declared): Identity["policies"] {
    const out: Identity["policies"] = [];
    const inline = Array.isArray(role.props.inlinePolicies) ? role.props.inlinePolicies : [];
    inline.forEach((p, i) => {
        const doc = documentAt(view, role, "inlinePolicies", d, objectAt(p)?.policy);
        if (doc) out.push({ name: `${role.name}-inline-${i}`, policy: doc });
    });
    for (const rp of view.referring(T.rolePolicy, "role", role)) {
        const doc = documentAt(view, rp, "policy", d);
        if (doc) out.push({ name: rp.name, policy: doc });
    }
    for (const att of view.referring(T.rolePolicyAttachment, "role", role)) {
        for (const p of view.depsOfType(att, "policyArn", T.policy)) {
            const doc = documentAt(view, p, "policy", d);
            if (doc) out.push({ name: p.name, policy: doc });
        }
    }
    return out;
}

// --- Network --------------------------------------------------------------------------------

/** Where a workload sits: outside any VPC, or in one with these groups. */
type Placement =
    | { readonly inVpc: false }
    | {
          readonly inVpc: true;
          /** Security group URNs; an eks cluster's URN stands for its cluster security group. */
          readonly groups: readonly string[];
          readonly vpc?: string;
          readonly label: string;
      };

/**
 * The VPC of a set of groups: the URN of the VPC in the plan their vpcId came from, or else
 * `vpc-id:<id>` for a VPC outside this program named by a plain id.
 */
function vpcOfGroups(view: View, groups: readonly string[]): string | undefined {
    for (const g of groups) {
        const r = view.byUrn.get(g);
        if (!r) continue;
        const vpc = view.deps(r, "vpcId").find((u) => {
            const t = view.byUrn.get(u)?.type;
            return t === T.vpc || t === T.awsxVpc;
        });
        if (vpc) return vpc;
        const id = str(r.props.vpcId);
        if (id) return `vpc-id:${id}`;
    }
    return undefined;
}

function placementOf(view: View, workload: Resource): Placement {
    if (workload.type === T.function) {
        const config = objectAt(workload.props.vpcConfig);
        if (!config) return { inVpc: false };
        const groups = view.depsOfType(workload, "vpcConfig", T.securityGroup).map((g) => g.urn);
        return {
            inVpc: true,
            groups,
            vpc: vpcOfGroups(view, groups),
            label: `the function's security groups (${groups.map((g) => view.byUrn.get(g)!.name).join(", ") || "none"})`,
        };
    }
    if (workload.type === T.podIdentity) {
        // Pods without a SecurityGroupPolicy use their node's groups; nodes of a managed node
        // group whose launch template names none are in the cluster security group EKS creates.
        // The cluster: where its name came from, or else what the association waits for.
        const cluster =
            view.depsOfType(workload, "clusterName", T.eksCluster)[0] ??
            workload.dependencies
                .map((u) => view.byUrn.get(u))
                .find((r): r is Resource => r?.type === T.eksCluster);
        if (!cluster) return { inVpc: true, groups: [], label: "the pods' cluster (not found)" };
        return {
            inVpc: true,
            groups: [cluster.urn],
            vpc: vpcOfGroups(view, [cluster.urn]),
            label: `the cluster security group of ${cluster.name}`,
        };
    }
    return { inVpc: false };
}

function portCovers(rule: Resource, port: number): boolean {
    const proto = str(rule.props.ipProtocol) ?? str(rule.props.protocol);
    if (proto === "-1" || proto === "all") return true;
    if (proto !== "tcp" && proto !== "6") return false;
    const from = rule.props.fromPort;
    const to = rule.props.toPort;
    return typeof from === "number" && typeof to === "number" && from <= port && port <= to;
}

function cidrCovers(outer: string | undefined, inner: string | undefined): boolean {
    if (!outer || !inner) return false;
    const o = parseCidr(outer);
    const i = parseCidr(inner);
    return !!o && !!i && o.family === i.family && o.lo <= i.lo && i.hi <= o.hi;
}

function vpcCidr(view: View, vpc: string | undefined): string | undefined {
    if (!vpc) return undefined;
    const r = view.byUrn.get(vpc);
    if (r?.type === T.vpc) return str(r.props.cidrBlock);
    const child = view.resources.find((c) => c.type === T.vpc && c.parent === vpc);
    return child ? str(child.props.cidrBlock) : str(objectAt(r?.props.vpc)?.cidrBlock);
}

/** Rules of a group in one direction (rule resources, and inline rules of the group). */
function rulesOf(view: View, group: string, direction: "ingress" | "egress"): Resource[] {
    const type = direction === "ingress" ? T.ingressRule : T.egressRule;
    const separate = view
        .ofType(type)
        .filter((r) => view.deps(r, "securityGroupId").includes(group));
    const legacy = view
        .ofType(T.sgRule)
        .filter(
            (r) =>
                str(r.props.type) === direction && view.deps(r, "securityGroupId").includes(group),
        );
    const owner = view.byUrn.get(group);
    const inline: Resource[] =
        owner?.type === T.securityGroup && Array.isArray(owner.props[direction])
            ? (owner.props[direction] as unknown[]).map((x, i) => ({
                  ...owner,
                  name: `${owner.name}.${direction}[${i}]`,
                  props: { ...(objectAt(x) ?? {}), inlineOf: owner.urn },
              }))
            : [];
    return [...separate, ...legacy, ...inline];
}

/** Does a rule name one of `groups` as its peer (by dependency: ids are unknown before create)? */
function namesGroup(view: View, rule: Resource, groups: readonly string[]): boolean {
    for (const input of ["referencedSecurityGroupId", "sourceSecurityGroupId"]) {
        if (view.deps(rule, input).some((u) => groups.includes(u))) return true;
    }
    return false;
}

function cidrsOf(rule: Resource): string[] {
    const out: string[] = [];
    for (const k of ["cidrIpv4", "cidrBlocks"]) {
        for (const c of ([] as unknown[]).concat(rule.props[k] ?? [])) {
            const s = str(c);
            if (s) out.push(s);
        }
    }
    return out;
}

/**
 * The egress rule of `groups` that lets traffic out on `port` to the destination, the narrowest
 * when several do: a rule naming the destination's group, then one to a prefix list, then the
 * CIDR rule with the longest prefix. AWS allows the traffic if any rule matches; the flow is said
 * to go through the narrowest, so that a broad rule (0.0.0.0/0) beside a narrow one (the VPC's
 * CIDR) is not taken as the path of traffic the narrow one already allows, and least reachability
 * asks what the broad one is for.
 */
function egressAllows(
    view: View,
    groups: readonly string[],
    port: number,
    to: { groups?: readonly string[]; cidr?: string; prefixList?: boolean; within?: boolean },
): Resource | "cluster" | undefined {
    let best: { rule: Resource; rank: number } | undefined;
    const consider = (rule: Resource, rank: number) => {
        if (!best || rank > best.rank) best = { rule, rank };
    };
    for (const g of groups) {
        // The cluster security group EKS creates allows all outbound traffic.
        if (view.byUrn.get(g)?.type === T.eksCluster) return "cluster";
        for (const rule of rulesOf(view, g, "egress")) {
            if (!portCovers(rule, port)) continue;
            if (to.groups && namesGroup(view, rule, to.groups)) consider(rule, 1000);
            if (to.prefixList && rule.props.prefixListId !== undefined) consider(rule, 900);
            for (const c of cidrsOf(rule)) {
                const bits = Number(/\/(\d+)$/.exec(c)?.[1] ?? 128); // no prefix: one address
                if (to.cidr && cidrCovers(c, to.cidr)) consider(rule, bits);
                // `within`: a rule to a block inside `to.cidr` (an unknown VPC's CIDR in a
                // private range).
                else if (to.within && to.cidr && cidrCovers(to.cidr, c)) consider(rule, bits);
            }
        }
    }
    return best?.rule;
}

/** The rule resources a holding network link went through (for least reachability). */
function used(...rules: (Resource | "cluster" | undefined)[]): string[] {
    return rules.flatMap((r) => (r && r !== "cluster" && !r.props.inlineOf ? [r.urn] : []));
}

function ingressAdmits(
    view: View,
    groups: readonly string[],
    port: number,
    from: { groups: readonly string[]; cidr?: string },
): Resource | undefined {
    for (const g of groups) {
        for (const rule of rulesOf(view, g, "ingress")) {
            if (!portCovers(rule, port)) continue;
            if (namesGroup(view, rule, from.groups)) return rule;
            if (from.cidr && cidrsOf(rule).some((c) => cidrCovers(c, from.cidr))) return rule;
        }
    }
    return undefined;
}

function names(view: View, urns: readonly string[]): string {
    return urns.map((u) => view.byUrn.get(u)?.name ?? u).join(", ") || "none";
}

function networkLink(
    view: View,
    d: Declared,
    workload: Resource | undefined,
    target: Resource,
): FlowLink {
    if (d.fromService || !workload) {
        return { link: "network", holds: true, detail: `${d.fromService} calls the AWS API` };
    }
    const placement = placementOf(view, workload);
    const kind = KINDS[target.type];
    const targetGroupPath = kind?.securityGroups;
    if (d.wiring === "event-source-mapping" || d.wiring === "on-failure") {
        return {
            link: "network",
            holds: true,
            detail:
                d.wiring === "on-failure"
                    ? "the Lambda service sends failed batches for the function"
                    : "the Lambda service reads the source for the function",
        };
    }
    if (targetGroupPath) {
        // A target in the VPC: same VPC, the port out of the workload's groups, into the target's.
        const port = d.port;
        if (port === undefined) {
            return {
                link: "network",
                holds: false,
                detail: `${target.name} listens in the VPC: declare the flow's port`,
            };
        }
        const targetGroups = view.deps(target, targetGroupPath[0]).filter((u) => {
            const t = view.byUrn.get(u)?.type;
            return t === T.securityGroup;
        });
        if (!placement.inVpc) {
            return {
                link: "network",
                holds: false,
                detail: `${target.name} is in a VPC but ${workload.name} is not: give it a vpcConfig in that VPC`,
            };
        }
        const targetVpc = vpcOfGroups(view, targetGroups);
        if (!placement.vpc || placement.vpc !== targetVpc) {
            return {
                link: "network",
                holds: false,
                detail: `${workload.name} (${names(view, placement.vpc ? [placement.vpc] : [])}) and ${target.name} (${names(view, targetVpc ? [targetVpc] : [])}) are not in one VPC`,
            };
        }
        // A VPC outside this program: its CIDR is unknown here, and a private block (RFC 1918)
        // stands for it.
        const outside = targetVpc.startsWith("vpc-id:");
        const cidr = vpcCidr(view, targetVpc);
        const egress =
            egressAllows(view, placement.groups, port, { groups: targetGroups, cidr }) ??
            (outside
                ? ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16"]
                      .map((block) =>
                          egressAllows(view, placement.groups, port, { cidr: block, within: true }),
                      )
                      .find((r) => r !== undefined)
                : undefined);
        if (!egress) {
            return {
                link: "network",
                holds: false,
                detail: `no egress on TCP ${port} from ${placement.label} to ${target.name}'s groups (${names(view, targetGroups)}) or the VPC's CIDR: add a SecurityGroupEgressRule`,
            };
        }
        const admitted = ingressAdmits(view, targetGroups, port, {
            groups: placement.groups,
        });
        if (!admitted) {
            return {
                link: "network",
                holds: false,
                detail: `no ingress on TCP ${port} into ${target.name}'s groups (${names(view, targetGroups)}) from ${placement.label}: add a SecurityGroupIngressRule referencing it`,
            };
        }
        return {
            link: "network",
            holds: true,
            detail: `TCP ${port} from ${placement.label} to ${names(view, targetGroups)} (${admitted.name})`,
            uses: used(egress, admitted),
        };
    }
    // An AWS API: directly from outside a VPC; from inside, through an endpoint or NAT.
    if (!placement.inVpc) {
        return {
            link: "network",
            holds: true,
            detail: `${workload.name} calls the AWS API directly (no VPC)`,
        };
    }
    const service = kind?.service ?? target.type.split(":")[1]?.split("/")[0] ?? "";
    const https = 443;
    const vpc = placement.vpc;
    if (!vpc || !view.byUrn.has(vpc)) {
        // Its routes, endpoints and NAT gateways are another program's: not checked here.
        return {
            link: "network",
            holds: true,
            detail: `unchecked: ${workload.name}'s VPC (${vpc?.replace("vpc-id:", "") ?? "unknown"}) is not in this program, so its route to ${service} is not`,
            // Its HTTPS egress rules stand for the route that is not checked.
            uses: placement.groups.flatMap((g) =>
                used(...rulesOf(view, g, "egress").filter((r) => portCovers(r, https))),
            ),
        };
    }
    const inVpc = (r: Resource) =>
        (vpc !== undefined && view.deps(r, "vpcId").includes(vpc)) ||
        (vpc !== undefined && view.ancestors(r).includes(vpc));
    const endpoints = view
        .ofType(T.vpcEndpoint)
        .filter((e) => inVpc(e) && (str(e.props.serviceName) ?? "").endsWith(`.${service}`));
    const cidr = vpcCidr(view, vpc);
    for (const e of endpoints) {
        const type = str(e.props.vpcEndpointType) ?? "Gateway";
        if (type === "Gateway") {
            // The endpoint routes to the service's public addresses: its prefix list, or a rule
            // to everywhere, lets the traffic out.
            const egress = egressAllows(view, placement.groups, https, {
                prefixList: true,
                cidr: "0.0.0.0/0",
            });
            if (egress) {
                return {
                    link: "network",
                    holds: true,
                    detail: `through gateway endpoint ${e.name}`,
                    uses: used(egress),
                };
            }
        } else {
            const groups = view.deps(e, "securityGroupIds");
            const egress = egressAllows(view, placement.groups, https, { groups, cidr });
            const ingress =
                egress && ingressAdmits(view, groups, https, { groups: placement.groups, cidr });
            if (egress && ingress) {
                return {
                    link: "network",
                    holds: true,
                    detail: `through interface endpoint ${e.name}`,
                    uses: used(egress, ingress),
                };
            }
        }
    }
    // A NAT gateway is in the VPC through its subnet (or, modeled, as the VPC's child).
    const nat = view
        .ofType(T.natGateway)
        .find(
            (n) =>
                inVpc(n) ||
                view
                    .depsOfType(n, "subnetId", "aws:ec2/subnet:Subnet")
                    .some((subnet) => inVpc(subnet)),
        );
    const internet = nat && egressAllows(view, placement.groups, https, { cidr: "0.0.0.0/0" });
    if (internet) {
        return {
            link: "network",
            holds: true,
            detail: `HTTPS to ${service} through NAT gateway ${nat.name}`,
            uses: used(internet),
        };
    }
    return {
        link: "network",
        holds: false,
        detail: `${workload.name} cannot reach ${service}: no ${service} endpoint in its VPC that ${placement.label} may use, and no NAT gateway with HTTPS egress to 0.0.0.0/0`,
    };
}

// --- IAM and KMS ----------------------------------------------------------------------------

/**
 * @cloud-copilot/iam-simulate 0.1.173 drops context keys of the form
 * `kms:EncryptionContext:<key>` (simulationEngine.js `normalizeSimulationParameters` matches
 * variable keys only in the `prefix/name` form, `listHasVariableKeyMatch`), so a condition on
 * one never matches. Such conditions are decided here, against the request's context, before
 * the simulator sees the document: a statement whose condition on them fails does not apply
 * (it is dropped), and one whose condition holds keeps its other conditions.
 */
function decideEncryptionContext(
    doc: Record<string, unknown> | undefined,
    context: Record<string, string>,
): Record<string, unknown> | undefined {
    if (!doc) return doc;
    const statements = ([] as unknown[]).concat(doc.Statement ?? []).flatMap((s) => {
        const st = objectAt(s);
        const condition = objectAt(st?.Condition);
        if (!st || !condition) return [s];
        const kept: Record<string, unknown> = {};
        for (const [op, entries] of Object.entries(condition)) {
            const rest: Record<string, unknown> = {};
            for (const [key, values] of Object.entries(objectAt(entries) ?? {})) {
                if (!/^kms:EncryptionContext:/i.test(key)) {
                    rest[key] = values;
                    continue;
                }
                const actual = Object.entries(context).find(
                    ([k]) => k.toLowerCase() === key.toLowerCase(),
                )?.[1];
                const wanted = ([] as unknown[])
                    .concat(values)
                    .filter((v) => typeof v === "string");
                const ok =
                    actual !== undefined &&
                    /^(StringEquals|StringLike)$/.test(op) &&
                    wanted.some((w) =>
                        op === "StringLike" ? globMatches(w, actual, false) : w === actual,
                    );
                if (!ok) return [];
            }
            if (Object.keys(rest).length) kept[op] = rest;
        }
        return [{ ...st, Condition: kept }];
    });
    return { ...doc, Statement: statements };
}

async function allowed(
    principal: string,
    action: string,
    resource: string,
    d: Declared,
    identity: Identity["policies"],
    resourcePolicy: Record<string, unknown> | undefined,
    context: Record<string, string>,
): Promise<{ ok: boolean; why?: string }> {
    const result = await runSimulation(
        {
            request: {
                principal,
                action,
                resource: { resource, accountId: d.accountId },
                contextVariables: context,
            },
            identityPolicies: identity.map((p) => ({
                name: p.name,
                policy: decideEncryptionContext(p.policy, context)!,
            })),
            serviceControlPolicies: [],
            resourceControlPolicies: [],
            resourcePolicy: decideEncryptionContext(resourcePolicy, context),
        },
        {},
    );
    if (result.resultType === "error") return { ok: false, why: result.errors.message };
    return { ok: result.overallResult === "Allowed", why: result.overallResult };
}

function resourcePolicyOf(
    view: View,
    target: Resource,
    d: Declared,
): Record<string, unknown> | undefined {
    const kind = KINDS[target.type];
    const statements: unknown[] = [];
    const add = (doc: Record<string, unknown> | undefined) => {
        if (doc) statements.push(...([] as unknown[]).concat(doc.Statement ?? []));
    };
    if (kind?.ownPolicy && target.props[kind.ownPolicy] !== undefined) {
        add(documentAt(view, target, kind.ownPolicy, d));
    }
    for (const [type, input] of kind?.policies ?? []) {
        for (const p of view.referring(type, input, target)) {
            add(
                documentAt(view, p, type.endsWith("DomainPolicy") ? "accessPolicies" : "policy", d),
            );
        }
    }
    if (target.type === T.key) {
        for (const p of view.referring(T.keyPolicy, "keyId", target))
            add(documentAt(view, p, "policy", d));
    }
    if (target.type === T.function) {
        for (const p of view.referring(T.permission, "function", target)) {
            const principal = str(p.props.principal);
            const action = str(p.props.action);
            if (!principal || !action) continue;
            const st: Record<string, unknown> = {
                Effect: "Allow",
                Principal: principal.endsWith(".amazonaws.com")
                    ? { Service: principal }
                    : { AWS: principal },
                Action: action,
                Resource: arnOf(target, d),
            };
            if (p.props.sourceArn !== undefined) {
                const src = str(p.props.sourceArn);
                const from = view
                    .deps(p, "sourceArn")
                    .map((u) => view.byUrn.get(u))
                    .filter((x): x is Resource => !!x);
                const values = src
                    ? [src]
                    : from.map((f) => arnOf(f, d)).filter((x): x is string => !!x);
                st.Condition = {
                    ArnLike: { "aws:SourceArn": values.length ? values : ["unresolved"] },
                };
            }
            statements.push(st);
        }
    }
    return statements.length ? { Version: "2012-10-17", Statement: statements } : undefined;
}

function keyOf(view: View, target: Resource): Resource | undefined {
    const input = KINDS[target.type]?.keyInput;
    if (!input) return undefined;
    const value = target.props[input];
    const text = str(value) ?? str(objectAt(value)?.kmsKeyArn);
    // AWS managed keys (alias/aws/...) are used by the service itself: no caller grant needed.
    if (text?.startsWith("alias/aws/")) return undefined;
    return view.depsOfType(target, input, T.key)[0];
}

async function iamLinks(
    view: View,
    d: Declared,
    workload: Resource | undefined,
    target: Resource,
): Promise<FlowLink[]> {
    const links: FlowLink[] = [];
    let principal: string;
    let policies: Identity["policies"] = [];
    // Every flow is TLS: a policy's deny of insecure transport does not apply to it.
    const context: Record<string, string> = { "aws:SecureTransport": "true" };
    if (d.fromService) {
        principal = d.fromService;
        const source = view.byUrn.get(d.from);
        const sourceArn = source && arnOf(source, d);
        if (sourceArn) context["aws:SourceArn"] = sourceArn;
        context["aws:SourceAccount"] = d.accountId;
    } else {
        const role = workload && roleOf(view, workload);
        if (!role) {
            return [
                {
                    link: "iam",
                    holds: false,
                    detail: `${workload?.name ?? d.from} has no IAM role in the plan (its role input must come from an aws.iam.Role)`,
                },
            ];
        }
        principal = arnOf(role, d)!;
        policies = identityPolicies(view, role, d);
    }
    if (d.actions.length === 0) {
        return [
            {
                link: "iam",
                holds: true,
                detail: `no IAM actions: ${target.name} authenticates its clients itself`,
            },
        ];
    }
    const targetArn = arnOf(target, d);
    if (!targetArn) {
        return [{ link: "iam", holds: false, detail: `no ARN known for ${target.type}` }];
    }
    const actedOn = actedOnArn(target, targetArn, d);
    if (typeof actedOn !== "string") return [...links, actedOn];
    const resourcePolicy = resourcePolicyOf(view, target, d);
    const denied: string[] = [];
    for (const action of d.actions) {
        const r = await allowed(principal, action, actedOn, d, policies, resourcePolicy, context);
        if (!r.ok) denied.push(`${action} (${r.why})`);
    }
    const who = d.fromService ?? `role ${roleOf(view, workload!)!.name}`;
    links.push(
        denied.length === 0
            ? {
                  link: "iam",
                  holds: true,
                  detail: `${who} may ${d.actions.join(", ")} on ${target.name}`,
              }
            : {
                  link: "iam",
                  holds: false,
                  detail: `${who} may not ${denied.join(", ")} on ${target.name}: add a statement allowing it on the target's ARN${resourcePolicy ? " (and check its resource policy)" : ""}`,
              },
    );

    const key = keyOf(view, target);
    const service = KINDS[target.type]?.service ?? "";
    const keyActions = KEY_ACTIONS[service];
    if (key && keyActions) {
        const needed = [...new Set(d.actions.flatMap((a) => keyActions(a)))];
        const keyArn = arnOf(key, d)!;
        const keyPolicy = resourcePolicyOf(view, key, d);
        const viaService = `${service}.${d.region}.amazonaws.com`;
        const missing: string[] = [];
        for (const action of needed) {
            const r = await allowed(principal, action, keyArn, d, policies, keyPolicy, {
                ...context,
                // A service principal calls KMS as itself; a role's calls come through the service.
                ...(d.fromService
                    ? {}
                    : { "kms:ViaService": viaService, "kms:CallerAccount": d.accountId }),
                // Secrets Manager names the secret in its encryption context.
                ...(service === "secretsmanager"
                    ? { "kms:EncryptionContext:SecretARN": targetArn }
                    : {}),
            });
            if (!r.ok) missing.push(`${action} (${r.why})`);
        }
        links.push(
            missing.length === 0
                ? {
                      link: "kms",
                      holds: true,
                      detail: `${who} may ${needed.join(", ")} with key ${key.name} through ${service}`,
                  }
                : {
                      link: "kms",
                      holds: false,
                      detail: `${target.name} is encrypted with key ${key.name}, and ${who} may not ${missing.join(", ")} with it through ${service}: grant them on the key's ARN (identity policy, with kms:ViaService ${viaService}) and in its key policy`,
                  },
        );
    }
    return links;
}

// --- Wiring ---------------------------------------------------------------------------------

/** Known strings among a resource's outputs: what a workload may have been given to find it. */
function addressesOf(r: Resource): string[] {
    return Object.values(r.props)
        .map(str)
        .filter((s): s is string => s !== undefined && s.length >= 3);
}

function valueNames(value: unknown, deps: readonly string[], target: Resource): boolean {
    const s = str(value);
    if (s !== undefined) return addressesOf(target).some((a) => s.includes(a));
    return isUnknown(value) && deps.includes(target.urn);
}

function wiringLink(
    view: View,
    d: Declared,
    workload: Resource | undefined,
    target: Resource,
): FlowLink {
    const w = d.wiring;
    if (!w) {
        // A flow that does not say how the workload finds its target proves nothing about it.
        return {
            link: "wiring",
            holds: false,
            detail: "the flow does not say where the workload reads the target's address: declare its wiring",
        };
    }
    const fail = (detail: string): FlowLink => ({ link: "wiring", holds: false, detail });
    if (w === "event-source-mapping") {
        const found = view
            .ofType(T.eventSourceMapping)
            .find(
                (m) =>
                    view.deps(m, "functionName").includes(d.from) &&
                    view.deps(m, "eventSourceArn").includes(target.urn),
            );
        return found
            ? { link: "wiring", holds: true, detail: `event source mapping ${found.name}` }
            : fail(
                  `no event source mapping from ${target.name} to ${workload?.name}: add an aws.lambda.EventSourceMapping`,
              );
    }
    if (w === "on-failure") {
        // A stream's mapping, or the asynchronous invoke config (SNS invoking the function).
        const found = [
            ...view.ofType(T.eventSourceMapping),
            ...view.ofType("aws:lambda/functionEventInvokeConfig:FunctionEventInvokeConfig"),
        ].find(
            (m) =>
                view.deps(m, "functionName").includes(d.from) &&
                view.deps(m, "destinationConfig").includes(target.urn),
        );
        return found
            ? { link: "wiring", holds: true, detail: `on-failure destination of ${found.name}` }
            : fail(
                  `no event source mapping of ${workload?.name} sends its failures to ${target.name}: set destinationConfig.onFailure`,
              );
    }
    if (w === "subscription") {
        const found = view
            .ofType(T.subscription)
            .find(
                (s) =>
                    view.deps(s, "topic").includes(d.from) &&
                    view.deps(s, "endpoint").includes(target.urn),
            );
        return found
            ? { link: "wiring", holds: true, detail: `subscription ${found.name}` }
            : fail(
                  `no subscription of ${target.name} to the topic: add an aws.sns.TopicSubscription`,
              );
    }
    if (!workload) return fail("no workload to read the address");
    if (w === "definition") {
        return view.deps(workload, "definition").includes(target.urn)
            ? {
                  link: "wiring",
                  holds: true,
                  detail: `${workload.name}'s definition names ${target.name}`,
              }
            : fail(`${workload.name}'s definition does not name ${target.name}`);
    }
    if (workload.type === T.function) {
        const vars = objectAt(objectAt(workload.props.environment)?.variables) ?? {};
        if (!(w in vars))
            return fail(
                `${workload.name} has no environment variable ${w}: set it to the address of ${target.name}`,
            );
        return valueNames(vars[w], view.deps(workload, "environment"), target)
            ? { link: "wiring", holds: true, detail: `${w} in ${workload.name}'s environment` }
            : fail(`${w} in ${workload.name}'s environment does not come from ${target.name}`);
    }
    if (workload.type === T.podIdentity) {
        const namespace = str(workload.props.namespace);
        const account = str(workload.props.serviceAccount);
        const deployments = view.ofType(T.deployment).filter((dep) => {
            const spec = objectAt(objectAt(objectAt(dep.props.spec)?.template)?.spec);
            return (
                str(objectAt(dep.props.metadata)?.namespace) === namespace &&
                str(spec?.serviceAccountName) === account
            );
        });
        for (const dep of deployments) {
            const containers = ([] as unknown[]).concat(
                at(dep.props, ["spec", "template", "spec", "containers"]) ?? [],
            );
            for (const c of containers) {
                for (const e of ([] as unknown[]).concat(objectAt(c)?.env ?? [])) {
                    if (
                        str(objectAt(e)?.name) === w &&
                        valueNames(objectAt(e)?.value, view.deps(dep, "spec"), target)
                    ) {
                        return {
                            link: "wiring",
                            holds: true,
                            detail: `${w} in Deployment ${dep.name}`,
                        };
                    }
                }
            }
        }
        if (w === "values") {
            const release = view
                .ofType(T.helmRelease)
                .find(
                    (h) =>
                        str(h.props.namespace) === namespace &&
                        (view.deps(h, "values").includes(target.urn) ||
                            addressesOf(target).some((a) =>
                                JSON.stringify(h.props.values ?? {}).includes(a),
                            )),
                );
            if (release)
                return {
                    link: "wiring",
                    holds: true,
                    detail: `Helm release ${release.name}'s values`,
                };
            return fail(
                `no Helm release in namespace ${namespace} is given ${target.name}'s address in its values`,
            );
        }
        return fail(
            `no Deployment running as ${namespace}/${account} has ${w} from ${target.name} in its environment`,
        );
    }
    return fail(`cannot read ${workload.type}'s configuration`);
}

// --- Evaluation -----------------------------------------------------------------------------

/** Every flow of the plan, each with its links and verdict. */
export async function evaluateFlows(resources: readonly Resource[]): Promise<FlowResult[]> {
    const view = new View(resources);
    const results: FlowResult[] = [];
    for (const flow of view.ofType(FLOW_TYPE)) {
        const d = declared(flow);
        const base = {
            flow,
            name: flow.name,
            description: typeof d === "string" ? "" : d.description,
            actions: typeof d === "string" ? [] : d.actions,
            port: typeof d === "string" ? undefined : d.port,
        };
        if (typeof d === "string") {
            results.push({
                ...base,
                from: "?",
                fromUrn: "",
                to: "?",
                toUrn: "",
                holds: false,
                links: [{ link: "ends", holds: false, detail: d }],
            });
            continue;
        }
        const source = view.byUrn.get(d.from);
        const target = view.byUrn.get(d.to);
        const from = d.fromService ?? source?.name ?? d.from;
        if (!target || (!source && !d.fromService)) {
            results.push({
                ...base,
                from,
                fromUrn: d.from,
                to: target?.name ?? d.to,
                toUrn: d.to,
                holds: false,
                links: [
                    {
                        link: "ends",
                        holds: false,
                        detail: `${!target ? d.to : d.from} is not in the plan`,
                    },
                ],
            });
            continue;
        }
        const workload = d.fromService ? undefined : source;
        const links = [
            networkLink(view, d, workload, target),
            ...(await iamLinks(view, d, workload, target)),
            wiringLink(view, d, workload, target),
        ];
        results.push({
            ...base,
            from,
            fromUrn: d.from,
            fromService: d.fromService,
            to: target.name,
            toUrn: target.urn,
            holds: links.every((l) => l.holds),
            links,
        });
    }
    return results;
}

/** One line per flow that does not hold: every missing link, named. */
export function flowFinding(result: FlowResult): string {
    const missing = result.links.filter((l) => !l.holds);
    const port = result.port ? `, TCP ${result.port}` : "";
    const actions = result.actions.length ? `: ${result.actions.join(", ")}` : "";
    return `flow ${result.name} (${result.from} -> ${result.to}${port}${actions}) does not hold: ${missing.map((l) => `${l.link}: ${l.detail}`).join("; ")}.`;
}

// --- Least reachability ---------------------------------------------------------------------

const RULE_TYPES = new Set<string>([T.ingressRule, T.egressRule, T.sgRule]);

/**
 * What a workload needs to run at all, not to reach data, by workload type: a Lambda function's
 * network interfaces in a VPC, its own log streams and traces (the actions of AWS's
 * AWSLambdaVPCAccessExecutionRole, AWSLambdaBasicExecutionRole and AWSXRayDaemonWriteAccess);
 * a state machine's log delivery and traces (Step Functions' "IAM policies for logging to
 * CloudWatch Logs" and X-Ray tracing). Never reported as unexplained.
 */
const RUNTIME_ACTIONS: Readonly<Record<string, RegExp>> = {
    [T.function]:
        /^(ec2:(CreateNetworkInterface|DeleteNetworkInterface|DescribeNetworkInterfaces|AssignPrivateIpAddresses|UnassignPrivateIpAddresses)|xray:(PutTraceSegments|PutTelemetryRecords)|logs:(CreateLogStream|PutLogEvents))$/i,
    [T.stateMachine]:
        /^(logs:(CreateLogDelivery|GetLogDelivery|UpdateLogDelivery|DeleteLogDelivery|ListLogDeliveries|PutResourcePolicy|DescribeResourcePolicies|DescribeLogGroups)|xray:(PutTraceSegments|PutTelemetryRecords|GetSamplingRules|GetSamplingTargets))$/i,
};

/**
 * What no flow explains: every security group rule (a separate rule resource) that no holding
 * flow's network link goes through, and every action a flow workload's identity policies allow
 * that none of its flows names (nor a key link needs). Advisory: some paths and grants serve
 * what is not declared as a flow yet (logs, dead-letter queues, the cluster's own traffic).
 */
export function unexplained(
    resources: readonly Resource[],
    results: readonly FlowResult[],
): { resource: Resource; message: string }[] {
    const view = new View(resources);
    const findings: { resource: Resource; message: string }[] = [];
    const usedRules = new Set(
        results.filter((r) => r.holds).flatMap((r) => r.links.flatMap((l) => l.uses ?? [])),
    );
    // Rules on groups some flow's network runs through: the paths a flow could explain.
    const flowGroups = new Set(
        results
            .flatMap((r) => r.links.flatMap((l) => l.uses ?? []))
            .flatMap((u) => {
                const rule = view.byUrn.get(u);
                return rule ? view.deps(rule, "securityGroupId") : [];
            }),
    );
    for (const rule of resources.filter((r) => RULE_TYPES.has(r.type))) {
        if (usedRules.has(rule.urn)) continue;
        if (!view.deps(rule, "securityGroupId").some((g) => flowGroups.has(g))) continue;
        const direction =
            rule.type === T.ingressRule
                ? "ingress"
                : rule.type === T.egressRule
                  ? "egress"
                  : (str(rule.props.type) ?? "rule");
        const ports =
            rule.props.fromPort === rule.props.toPort
                ? `${rule.props.fromPort}`
                : `${rule.props.fromPort}-${rule.props.toPort}`;
        findings.push({
            resource: rule,
            message: `${direction} on ${str(rule.props.ipProtocol) ?? "?"} ${ports} is on a group flows use, but no declared flow goes through it: declare the flow it serves, or remove it.`,
        });
    }
    const byWorkload = new Map<string, FlowResult[]>();
    for (const r of results) {
        if (r.fromService) continue;
        byWorkload.set(r.fromUrn, [...(byWorkload.get(r.fromUrn) ?? []), r]);
    }
    for (const [urn, flows] of byWorkload) {
        const workload = view.byUrn.get(urn);
        const role = workload && roleOf(view, workload);
        if (!role) continue;
        const needed = new Set<string>();
        for (const f of flows) {
            for (const a of f.actions) needed.add(a.toLowerCase());
            const target = view.byUrn.get(f.toUrn);
            const service = target ? KINDS[target.type]?.service : undefined;
            const keyActions = service ? KEY_ACTIONS[service] : undefined;
            if (keyActions)
                for (const a of f.actions)
                    for (const k of keyActions(a)) needed.add(k.toLowerCase());
        }
        const extra = new Set<string>();
        const d: Declared = declared(flows[0].flow) as Declared;
        for (const p of identityPolicies(view, role, d)) {
            for (const st of ([] as unknown[]).concat(p.policy.Statement ?? [])) {
                const statement = objectAt(st);
                if (!statement || statement.Effect !== "Allow") continue;
                for (const a of ([] as unknown[]).concat(statement.Action ?? [])) {
                    const runtime = RUNTIME_ACTIONS[workload!.type];
                    if (typeof a !== "string" || needed.has(a.toLowerCase())) continue;
                    if (!runtime?.test(a)) extra.add(a);
                }
            }
        }
        if (extra.size) {
            findings.push({
                resource: role,
                message: `allows ${[...extra].sort().join(", ")}, which no declared flow of ${workload!.name} needs: declare the flows they serve, or remove them.`,
            });
        }
    }
    return findings;
}
