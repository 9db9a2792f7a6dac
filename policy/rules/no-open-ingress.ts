import { isUnknown, Resource, stackRule } from "../lib/rule";
import { coversInternet, describeCoverage } from "../lib/cidr";
import {
    describeAll,
    flag,
    isSet,
    listAt,
    namesSomething,
    objectAt,
    provenance,
    sourcesOf,
} from "../lib/network";

const GROUP_TYPES = [
    "aws:ec2/securityGroup:SecurityGroup",
    "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup",
];
const GROUP_RULE = "aws:ec2/securityGroupRule:SecurityGroupRule";
const INGRESS_RULE = "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule";
const LOAD_BALANCER_TYPES = [
    "aws:lb/loadBalancer:LoadBalancer",
    "aws:alb/loadBalancer:LoadBalancer",
    "aws:elb/loadBalancer:LoadBalancer",
];
const NODE_GROUP_TYPES = ["aws:eks/nodeGroup:NodeGroup", "eks:index:ManagedNodeGroup"];

/** TCP ports an internet-facing load balancer may open to the internet. */
const WEB_PORTS = [80, 443];

const FIX =
    "allow known CIDRs or a source security group instead (only TCP 80 and 443 may be open to the internet, on an internet-facing load balancer's security group)";

const PROTOCOL_NAMES: Record<string, string> = {
    tcp: "TCP",
    "6": "TCP",
    udp: "UDP",
    "17": "UDP",
    icmp: "ICMP",
    "1": "ICMP",
    icmpv6: "ICMPv6",
    "58": "ICMPv6",
};

/** One source (or union of sources) that lets the internet in, with the traffic its rule allows. */
interface Opening {
    /** Input path of the CIDR, e.g. `ingress[0].cidrBlocks`. */
    readonly path: string;
    /** The block, or the blocks (and what they add up to) when only their union is the internet. */
    readonly cidr: string;
    /** The name of the protocol input on this form (`protocol` or `ipProtocol`). */
    readonly protocolInput: string;
    readonly protocol: unknown;
    readonly fromPort: unknown;
    readonly toPort: unknown;
}

/** What an opening allows, in words, and whether it is a single web port over TCP. */
function traffic(o: Opening): { text: string; web: boolean } | "unknown" {
    if (isUnknown(o.protocol)) return "unknown";
    const protocol = String(o.protocol).toLowerCase();
    if (protocol === "-1" || protocol === "all") return { text: "all traffic", web: false };
    const name = PROTOCOL_NAMES[protocol];
    if (name !== "TCP" && name !== "UDP")
        return { text: name ?? `protocol ${protocol}`, web: false };
    if (isUnknown(o.fromPort) || isUnknown(o.toPort)) return "unknown";
    const from = Number(o.fromPort ?? NaN);
    const to = Number(o.toPort ?? NaN);
    const ports = from === to ? `${from}` : `${o.fromPort ?? "?"}-${o.toPort ?? "?"}`;
    const web = name === "TCP" && from === to && WEB_PORTS.includes(from);
    return { text: `${name} ${ports}`, web };
}

/**
 * The finding for one opening, or none when it is TCP 80 or 443 on the group of an
 * internet-facing load balancer (`internal` not true) that no workload shares. `balancers` and
 * `workloads` use the opening's group.
 */
function judge(
    o: Opening,
    balancers: readonly Resource[],
    workloads: readonly Resource[],
): string[] {
    const t = traffic(o);
    if (t === "unknown") {
        return [
            `${o.path} allows ${o.cidr} in on a protocol or port range that is unknown during preview: pass plain values for ${o.protocolInput}, fromPort and toPort.`,
        ];
    }
    if (t.web) {
        const internal = balancers.map((lb) => flag(lb.props.internal));
        const facing = balancers.filter(
            (_, i) => internal[i] === false || internal[i] === undefined,
        );
        if (facing.length > 0 && workloads.length > 0) {
            // A group admits the same sources to every member: the exception is the load
            // balancer's, never that of an instance or a function placed in its group.
            const names = facing.map((lb) => `"${lb.name}"`).join(", ");
            return [
                `${o.path} allows ${o.cidr} in on ${t.text} to load balancer ${names}, but workloads use the same group (${describeAll(workloads)}), so their port is open to the internet too: give the load balancer a security group of its own, and let the workloads' group admit only that group.`,
            ];
        }
        if (facing.length > 0) return [];
        const undecided = balancers.filter((_, i) => internal[i] === "unknown");
        if (undecided.length > 0) {
            const names = undecided.map((lb) => `"${lb.name}"`).join(", ");
            return [
                `${o.path} allows ${o.cidr} in on ${t.text}, and whether load balancer ${names} is internet-facing is unknown during preview: pass a plain boolean for its internal input.`,
            ];
        }
    }
    return [`${o.path} allows ${o.cidr} in on ${t.text}: ${FIX}.`];
}

/** The load balancers whose `securityGroups` come from the same resources as `sources`. */
function balancersUsing(
    sources: readonly string[],
    literalId: unknown,
    resources: readonly Resource[],
): Resource[] {
    return resources.filter((lb) => {
        if (!LOAD_BALANCER_TYPES.includes(lb.type)) return false;
        if (sourcesOf(lb, "securityGroups").some((urn) => sources.includes(urn))) return true;
        return (
            typeof literalId === "string" &&
            !isUnknown(literalId) &&
            listAt(lb.props.securityGroups).includes(literalId)
        );
    });
}

/**
 * Resources that name a security group without being placed in it: groups and their rules (which
 * reference it as a source or destination), load balancers (judged above), tags. Any other
 * resource whose input comes from the group, or holds its literal id, places a workload (an
 * instance, a launch template, a function, a task, a database...) in it.
 */
const NOT_PLACED_IN_GROUP = [
    ...GROUP_TYPES,
    GROUP_RULE,
    INGRESS_RULE,
    "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule",
    "aws:vpc/securityGroupVpcAssociation:SecurityGroupVpcAssociation",
    "aws:ec2/tag:Tag",
    ...LOAD_BALANCER_TYPES,
];

/** True when `value` is, or holds anywhere, the string `id`. */
function holds(value: unknown, id: string): boolean {
    if (value === id) return true;
    if (Array.isArray(value)) return value.some((v) => holds(v, id));
    const o = objectAt(value);
    return o !== undefined && Object.values(o).some((v) => holds(v, id));
}

/** The resources placed in a group, found by its sources' URNs or by its literal id. */
function workloadsUsing(
    sources: readonly string[],
    literalId: unknown,
    resources: readonly Resource[],
): Resource[] {
    const id = typeof literalId === "string" && !isUnknown(literalId) ? literalId : undefined;
    return resources.filter(
        (r) =>
            !NOT_PLACED_IN_GROUP.includes(r.type) &&
            !sources.includes(r.urn) &&
            (Object.values(r.propertyDependencies).some((urns) =>
                urns.some((u) => sources.includes(u)),
            ) ||
                (id !== undefined && holds(r.props, id))),
    );
}

// --- Sources: CIDR blocks and the prefix lists the program declares ----------------------------

const PREFIX_LIST = "aws:ec2/managedPrefixList:ManagedPrefixList";
const PREFIX_LIST_ENTRY = "aws:ec2/managedPrefixListEntry:ManagedPrefixListEntry";
const VPC_ENDPOINT = "aws:ec2/vpcEndpoint:VpcEndpoint";

/** Resources whose outputs are the program's own address blocks (a VPC's or subnet's CIDR). */
const ADDRESS_BLOCK_SOURCES = [
    "aws:ec2/vpc:Vpc",
    "aws:ec2/subnet:Subnet",
    "aws:ec2/vpcIpv4CidrBlockAssociation:VpcIpv4CidrBlockAssociation",
    "aws:ec2/vpcIpv6CidrBlockAssociation:VpcIpv6CidrBlockAssociation",
    "awsx:ec2:Vpc",
];

/** One plain source block, where it was written. */
interface Source {
    readonly path: string;
    readonly cidr: string;
}

/** One ingress rule in any form: its traffic, its plain sources, and what could not be read. */
interface Entry {
    readonly resource: Resource;
    /** The security group it opens: a group's URN, `id:<literal id>`, or its id's sources. */
    readonly groupKey: string;
    readonly balancers: readonly Resource[];
    /** Resources other than load balancers placed in the group. */
    readonly workloads: readonly Resource[];
    readonly protocolInput: string;
    readonly protocol: unknown;
    readonly fromPort: unknown;
    readonly toPort: unknown;
    readonly sources: readonly Source[];
    readonly problems: readonly string[];
}

/** ` (it comes from ...)`, naming the resources an unproven unknown came from. */
function cameFrom(from: readonly Resource[]): string {
    return ` (it comes from ${from.length ? describeAll(from) : "no resource"})`;
}

/**
 * Advice when the unknown sits in a list of inline rules: dependencies are recorded for the whole
 * list, so one entry's sources vouch for no other entry's; separate rule resources are judged
 * one by one.
 */
function alone(top: string, input: string): string {
    return top === input
        ? ""
        : `, and give each source its own aws.vpc.SecurityGroupIngressRule: the dependencies of ${top} are recorded for all its entries together`;
}

/** The CIDRs of a prefix list the program declares: its inline entries and its entry resources. */
function prefixListBlocks(
    list: Resource,
    resources: readonly Resource[],
): { cidrs: string[]; unknown: boolean } {
    const cidrs: string[] = [];
    let unknown = isUnknown(list.props.entries);
    for (const e of listAt(list.props.entries)) {
        const cidr = objectAt(e)?.cidr;
        if (isUnknown(e) || isUnknown(cidr)) unknown = true;
        else if (typeof cidr === "string") cidrs.push(cidr);
    }
    for (const r of resources) {
        if (r.type !== PREFIX_LIST_ENTRY || !sourcesOf(r, "prefixListId").includes(list.urn))
            continue;
        if (isUnknown(r.props.cidr)) unknown = true;
        else if (typeof r.props.cidr === "string") cidrs.push(r.props.cidr);
    }
    return { cidrs, unknown };
}

/**
 * Reads one rule's sources. `inputs` maps each CIDR or prefix-list input (as named in messages,
 * with `prefix`) to its value; `depsOf` is the top-level input whose propertyDependencies tell
 * where unknown values came from.
 */
function readSources(
    resource: Resource,
    prefix: string,
    cidrInputs: Record<string, unknown>,
    prefixInputs: Record<string, unknown>,
    depsOf: (input: string) => string,
    resources: readonly Resource[],
): { sources: Source[]; problems: string[] } {
    const sources: Source[] = [];
    const problems: string[] = [];
    for (const [input, value] of Object.entries(cidrInputs)) {
        const path = `${prefix}${input}`;
        const blocks = provenance(resource, depsOf(input), ADDRESS_BLOCK_SOURCES, resources);
        if (isUnknown(value)) {
            if (!blocks.proven) {
                problems.push(
                    `${path} is unknown during preview and does not come only from VPCs or subnets of this program${cameFrom(blocks.from)}: pass plain CIDR blocks (or a VPC's or subnet's cidrBlock output${alone(depsOf(input), input)}).`,
                );
            }
            continue;
        }
        for (const cidr of Array.isArray(value) ? value : [value]) {
            if (typeof cidr === "string" && !isUnknown(cidr)) sources.push({ path, cidr });
            else if (isUnknown(cidr) && !blocks.proven) {
                problems.push(
                    `${path} holds a block that is unknown during preview and does not come only from VPCs or subnets of this program${cameFrom(blocks.from)}: pass plain CIDR blocks (or a VPC's or subnet's cidrBlock output${alone(depsOf(input), input)}).`,
                );
            }
        }
    }
    for (const [input, value] of Object.entries(prefixInputs)) {
        if (value === undefined || value === null) continue;
        const path = `${prefix}${input}`;
        const listIds = provenance(resource, depsOf(input), [PREFIX_LIST, VPC_ENDPOINT], resources);
        const lists = listIds.from.filter((r) => r.type === PREFIX_LIST);
        const serviceLists = listIds.from.some((r) => r.type === VPC_ENDPOINT);
        const ids = isUnknown(value) ? [value] : Array.isArray(value) ? value : [value];
        const unresolved = ids.filter((id) => typeof id === "string" && !isUnknown(id));
        const unknownIds = ids.filter(isUnknown);
        for (const id of unresolved) {
            problems.push(
                `${path} names prefix list "${id}", which this program does not declare, so the sources it lets in cannot be checked: declare it as an aws.ec2.ManagedPrefixList (its entries are then checked), or allow CIDR blocks or a security group.`,
            );
        }
        if (unknownIds.length === 0) continue;
        if (!listIds.proven && (lists.length > 0 || serviceLists)) {
            problems.push(
                `${path} is unknown during preview and does not come only from prefix lists or VPC endpoints of this program${cameFrom(listIds.from)}, so it could name any prefix list: pass the list's id output${alone(depsOf(input), input)}.`,
            );
            continue;
        }
        if (lists.length === 0) {
            if (!serviceLists) {
                problems.push(
                    `${path} is unknown during preview and comes from no aws.ec2.ManagedPrefixList of this program, so the sources it lets in cannot be checked: declare the list in the program, or allow CIDR blocks or a security group.`,
                );
            }
            continue;
        }
        // Each unknown id is one of these lists: count every block of every one.
        for (const list of lists) {
            const { cidrs, unknown } = prefixListBlocks(list, resources);
            if (unknown) {
                problems.push(
                    `${path} uses prefix list "${list.name}", whose entries are unknown during preview: write its cidr values as plain blocks.`,
                );
            }
            for (const cidr of cidrs)
                sources.push({ path: `${path} (prefix list "${list.name}")`, cidr });
        }
    }
    return { sources, problems };
}

function groupEntries(group: Resource, resources: readonly Resource[]): Entry[] | string[] {
    const ingress = group.props.ingress;
    if (isUnknown(ingress)) {
        return ["ingress is unknown during preview: pass the rules as plain objects."];
    }
    const balancers = balancersUsing([group.urn], undefined, resources);
    const workloads = workloadsUsing([group.urn], undefined, resources);
    const unknownItems: string[] = [];
    const entries: Entry[] = [];
    listAt(ingress).forEach((item, i) => {
        if (isUnknown(item)) {
            unknownItems.push(
                `ingress[${i}] is unknown during preview: pass it as a plain object.`,
            );
            return;
        }
        const rule = objectAt(item) ?? {};
        const { sources, problems } = readSources(
            group,
            `ingress[${i}].`,
            { cidrBlocks: rule.cidrBlocks, ipv6CidrBlocks: rule.ipv6CidrBlocks },
            { prefixListIds: rule.prefixListIds },
            () => "ingress",
            resources,
        );
        entries.push({
            resource: group,
            groupKey: group.urn,
            balancers,
            workloads,
            protocolInput: "protocol",
            protocol: rule.protocol,
            fromPort: rule.fromPort,
            toPort: rule.toPort,
            sources,
            problems,
        });
    });
    return unknownItems.length > 0 ? unknownItems : entries;
}

function ruleEntry(rule: Resource, resources: readonly Resource[]): Entry | string[] {
    const p = rule.props;
    if (rule.type === GROUP_RULE) {
        if (isUnknown(p.type)) {
            const opens = [p.cidrBlocks, p.ipv6CidrBlocks, p.prefixListIds].some(
                (v) => v !== undefined && v !== null,
            );
            return opens
                ? ['type is unknown during preview: pass a plain "ingress" or "egress".']
                : [];
        }
        // However it is spelled: only an egress rule is out of scope.
        if (typeof p.type === "string" && p.type.trim().toLowerCase() === "egress") return [];
    }
    const read =
        rule.type === GROUP_RULE
            ? readSources(
                  rule,
                  "",
                  { cidrBlocks: p.cidrBlocks, ipv6CidrBlocks: p.ipv6CidrBlocks },
                  { prefixListIds: p.prefixListIds },
                  (input) => input,
                  resources,
              )
            : readSources(
                  rule,
                  "",
                  { cidrIpv4: p.cidrIpv4, cidrIpv6: p.cidrIpv6 },
                  { prefixListId: p.prefixListId },
                  (input) => input,
                  resources,
              );
    const groupSources = sourcesOf(rule, "securityGroupId");
    const group = resources.find(
        (r) => groupSources.includes(r.urn) && GROUP_TYPES.includes(r.type),
    );
    const literal = p.securityGroupId;
    const groupKey = group
        ? group.urn
        : typeof literal === "string" && !isUnknown(literal)
          ? `id:${literal}`
          : `from:${[...groupSources].sort().join(",")}`;
    return {
        resource: rule,
        groupKey,
        balancers: balancersUsing(group ? [group.urn] : groupSources, literal, resources),
        workloads: workloadsUsing(group ? [group.urn] : groupSources, literal, resources),
        protocolInput: rule.type === GROUP_RULE ? "protocol" : "ipProtocol",
        protocol: rule.type === GROUP_RULE ? p.protocol : p.ipProtocol,
        fromPort: p.fromPort,
        toPort: p.toPort,
        sources: read.sources,
        problems: read.problems,
    };
}

function paths(sources: readonly Source[]): string {
    return [...new Set(sources.map((s) => s.path))].join(", ");
}

function blocks(sources: readonly Source[]): string[] {
    return [...new Set(sources.map((s) => s.cidr))];
}

/**
 * An entry's own findings: each block that alone is the internet (`0.0.0.0/0`, `0.0.0.0/1`,
 * `::/1`), else its blocks together when their union is.
 */
function entryFindings(e: Entry): string[] {
    const at = {
        protocolInput: e.protocolInput,
        protocol: e.protocol,
        fromPort: e.fromPort,
        toPort: e.toPort,
    };
    const wide = e.sources.filter((s) => coversInternet([s.cidr]));
    if (wide.length > 0) {
        return wide.flatMap((s) =>
            judge({ ...at, path: s.path, cidr: s.cidr }, e.balancers, e.workloads),
        );
    }
    const all = blocks(e.sources);
    if (all.length > 1 && coversInternet(all)) {
        const cidr = `${all.join(", ")} (together ${describeCoverage(all)})`;
        return judge({ ...at, path: paths(e.sources), cidr }, e.balancers, e.workloads);
    }
    return [];
}

/** A point of traffic to test unions at: a protocol, and a port for TCP and UDP. */
interface Point {
    readonly protocol: string;
    readonly port?: number;
}

function protocolOf(e: Entry): string | undefined {
    if (isUnknown(e.protocol)) return undefined;
    const p = String(e.protocol).toLowerCase();
    if (p === "-1" || p === "all") return "all";
    return (PROTOCOL_NAMES[p] ?? p).toLowerCase();
}

function covers(e: Entry, point: Point): boolean {
    const p = protocolOf(e);
    if (p === undefined) return false;
    if (p === "all") return true;
    if (p !== point.protocol) return false;
    if (point.port === undefined) return true;
    const from = Number(e.fromPort);
    const to = Number(e.toPort);
    return from <= point.port && point.port <= to;
}

/**
 * Findings for sources that reach the same traffic of the same group from several rules and
 * together are the internet (`0.0.0.0/1` in one rule, `128.0.0.0/1` in another). Only rules
 * that are not already reported alone are named. Tested at each rule's first port: every set of
 * rules that shares a port also shares the highest first port among them.
 */
function unionFindings(group: readonly Entry[], alone: ReadonlySet<Entry>): Map<Entry, string[]> {
    const out = new Map<Entry, string[]>();
    const points: Point[] = [];
    for (const e of group) {
        const p = protocolOf(e);
        if (p === undefined || isUnknown(e.fromPort)) continue;
        const tcpOrUdp = p === "tcp" || p === "udp";
        points.push({ protocol: p, port: tcpOrUdp ? Number(e.fromPort) : undefined });
    }
    for (const point of points) {
        const reaching = group.filter((e) => covers(e, point) && e.sources.length > 0);
        if (reaching.length < 2 || reaching.some((e) => alone.has(e))) continue;
        const all = blocks(reaching.flatMap((e) => e.sources));
        if (!coversInternet(all)) continue;
        const protocol = point.protocol === "all" ? "-1" : point.protocol;
        for (const e of reaching) {
            const others = reaching
                .filter((x) => x !== e)
                .map(
                    (x) =>
                        `"${x.resource.name}"${x.resource === e.resource ? " (another ingress rule)" : ""}`,
                );
            const cidr = `${blocks(e.sources).join(", ")} (with ${[...new Set(others)].join(", ")}: together ${all.join(", ")}, ${describeCoverage(all)})`;
            const messages = judge(
                {
                    path: paths(e.sources),
                    cidr,
                    protocolInput: e.protocolInput,
                    protocol,
                    fromPort: point.port,
                    toPort: point.port,
                },
                e.balancers,
                e.workloads,
            );
            const list = out.get(e) ?? [];
            for (const m of messages) if (!list.includes(m)) list.push(m);
            out.set(e, list);
        }
    }
    return out;
}

/** Every ingress finding of the program, by resource. */
function ingressFindings(
    resources: readonly Resource[],
): { resource: Resource; message: string }[] {
    const findings: { resource: Resource; message: string }[] = [];
    const entries: Entry[] = [];
    for (const r of resources) {
        const read = GROUP_TYPES.includes(r.type)
            ? groupEntries(r, resources)
            : r.type === GROUP_RULE || r.type === INGRESS_RULE
              ? ruleEntry(r, resources)
              : [];
        if (Array.isArray(read) && read.every((x) => typeof x === "string")) {
            for (const message of read as string[]) findings.push({ resource: r, message });
        } else {
            entries.push(...(Array.isArray(read) ? (read as Entry[]) : [read as Entry]));
        }
    }
    const alone = new Set<Entry>();
    for (const e of entries) {
        for (const message of e.problems) findings.push({ resource: e.resource, message });
        const own = entryFindings(e);
        if (own.length > 0) alone.add(e);
        for (const message of own) findings.push({ resource: e.resource, message });
    }
    const byGroup = new Map<string, Entry[]>();
    for (const e of entries) byGroup.set(e.groupKey, [...(byGroup.get(e.groupKey) ?? []), e]);
    for (const group of byGroup.values()) {
        for (const [e, messages] of unionFindings(group, alone)) {
            for (const message of messages) findings.push({ resource: e.resource, message });
        }
    }
    return findings;
}

/** A managed node group with an SSH key and no source groups opens SSH (RDP) to 0.0.0.0/0. */
function remoteAccessProblems(nodeGroup: Resource): string[] {
    const access = nodeGroup.props.remoteAccess;
    if (isUnknown(access)) {
        return ["remoteAccess is unknown during preview: pass it as a plain object."];
    }
    const ra = objectAt(access);
    if (ra === undefined || !isSet(ra.ec2SshKey) || namesSomething(ra.sourceSecurityGroupIds)) {
        return [];
    }
    return [
        "remoteAccess.ec2SshKey is set without remoteAccess.sourceSecurityGroupIds, so EKS opens SSH (RDP on Windows) on the nodes to 0.0.0.0/0: name the security groups that may connect in remoteAccess.sourceSecurityGroupIds, or drop remoteAccess and use SSM Session Manager.",
    ];
}

/**
 * No security group lets the internet in, in any form: inline `ingress` on a security group or the
 * default security group, `aws.ec2.SecurityGroupRule` of type "ingress",
 * `aws.vpc.SecurityGroupIngressRule`, and an EKS managed node group's implicit SSH rule. "The
 * internet" is judged by CIDR algebra (policy/lib/cidr.ts), not by spelling: a block, the blocks of
 * one rule, or the sources of every rule of the same group that reach the same port, including the
 * entries of managed prefix lists the program declares, that together cover a /8 of public IPv4 or
 * a /32 of public IPv6 (`0.0.0.0/1` + `128.0.0.0/1`, `::/1` + `8000::/1`). A prefix list the
 * program does not declare, and a CIDR unknown during preview that no VPC or subnet of the program
 * gives, fail closed. The one exception is TCP 80 or 443 on a group that an internet-facing load
 * balancer (`internal` not true) uses: the load balancer's `securityGroups` and the rule's group
 * come from the same resource (found through propertyDependencies, so it works while ids are
 * unknown) or name the same id, and no workload is placed in that group (any resource but
 * those in NOT_PLACED_IN_GROUP whose input comes from the group or holds its id), since a group admits the same
 * sources to every member.
 */
export const rule = stackRule({
    name: "no-open-ingress",
    unknowns:
        "An unknown CIDR must come only from VPCs or subnets of the program, and an unknown prefix list only from prefix lists (or VPC endpoints) it declares: every resource its top-level input depends on counts, so one inline entry's source vouches for no other; unknown ports or protocol are violations.",
    description:
        "Security groups must not allow ingress from the internet (0.0.0.0/0, ::/0, or blocks and prefix lists whose union covers it), except TCP 80 and 443 on an internet-facing load balancer's own group.",
    nearest: {
        cdkNag: [
            "AwsSolutions-EC23",
            "NIST.800.53.R5-EC2RestrictedSSH",
            "NIST.800.53.R5-EC2RestrictedCommonPorts",
        ],
        checkov: ["CKV_AWS_24", "CKV_AWS_25", "CKV_AWS_260", "CKV_AWS_277", "CKV_AWS_100"],
    },
    check: (resources) => [
        ...ingressFindings(resources),
        ...resources.flatMap((resource) =>
            NODE_GROUP_TYPES.includes(resource.type)
                ? remoteAccessProblems(resource).map((message) => ({ resource, message }))
                : [],
        ),
    ],
});
