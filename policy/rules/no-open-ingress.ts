import { isUnknown, Resource, stackRule } from "../lib/rule";
import {
    flag,
    isAnywhere,
    isSet,
    listAt,
    namesSomething,
    objectAt,
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

/** One CIDR that lets the internet in, with the traffic its rule allows. */
interface Opening {
    /** Input path of the CIDR, e.g. `ingress[0].cidrBlocks`. */
    readonly path: string;
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

function openings(
    prefix: string,
    cidrInputs: Record<string, unknown>,
    rule: Record<string, unknown>,
    protocolInput: string,
): Opening[] {
    const found: Opening[] = [];
    for (const [input, value] of Object.entries(cidrInputs)) {
        const cidrs = Array.isArray(value) ? value : [value];
        for (const cidr of cidrs.filter(isAnywhere) as string[]) {
            found.push({
                path: `${prefix}${input}`,
                cidr,
                protocolInput,
                protocol: rule[protocolInput],
                fromPort: rule.fromPort,
                toPort: rule.toPort,
            });
        }
    }
    return found;
}

/**
 * The finding for one opening, or none when it is TCP 80 or 443 on the group of an
 * internet-facing load balancer (`internal` not true). `balancers` use the opening's group.
 */
function judge(o: Opening, balancers: readonly Resource[]): string[] {
    const t = traffic(o);
    if (t === "unknown") {
        return [
            `${o.path} allows ${o.cidr} in on a protocol or port range that is unknown during preview: pass plain values for ${o.protocolInput}, fromPort and toPort.`,
        ];
    }
    if (t.web) {
        const internal = balancers.map((lb) => flag(lb.props.internal));
        if (internal.some((v) => v === false || v === undefined)) return [];
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

function groupProblems(group: Resource, resources: readonly Resource[]): string[] {
    const ingress = group.props.ingress;
    if (isUnknown(ingress)) {
        return ["ingress is unknown during preview: pass the rules as plain objects."];
    }
    const balancers = balancersUsing([group.urn], undefined, resources);
    return listAt(ingress).flatMap((item, i) => {
        if (isUnknown(item)) {
            return [`ingress[${i}] is unknown during preview: pass it as a plain object.`];
        }
        const rule = objectAt(item) ?? {};
        return openings(
            `ingress[${i}].`,
            { cidrBlocks: rule.cidrBlocks, ipv6CidrBlocks: rule.ipv6CidrBlocks },
            rule,
            "protocol",
        ).flatMap((o) => judge(o, balancers));
    });
}

function ruleProblems(rule: Resource, resources: readonly Resource[]): string[] {
    const p = rule.props;
    const found =
        rule.type === GROUP_RULE
            ? openings(
                  "",
                  { cidrBlocks: p.cidrBlocks, ipv6CidrBlocks: p.ipv6CidrBlocks },
                  p,
                  "protocol",
              )
            : openings("", { cidrIpv4: p.cidrIpv4, cidrIpv6: p.cidrIpv6 }, p, "ipProtocol");
    if (found.length === 0) return [];
    if (rule.type === GROUP_RULE) {
        if (isUnknown(p.type)) {
            return ['type is unknown during preview: pass a plain "ingress" or "egress".'];
        }
        if (p.type !== "ingress") return [];
    }
    const balancers = balancersUsing(
        sourcesOf(rule, "securityGroupId"),
        p.securityGroupId,
        resources,
    );
    return found.flatMap((o) => judge(o, balancers));
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
 * No security group lets `0.0.0.0/0` or `::/0` in, in any form: inline `ingress` on a security
 * group or the default security group, `aws.ec2.SecurityGroupRule` of type "ingress",
 * `aws.vpc.SecurityGroupIngressRule`, and an EKS managed node group's implicit SSH rule. The one
 * exception is TCP 80 or 443 on a group that an internet-facing load balancer (`internal` not true)
 * uses: the load balancer's `securityGroups` and the rule's group come from the same resource
 * (found through propertyDependencies, so it works while ids are unknown) or name the same id.
 */
export const rule = stackRule({
    name: "no-open-ingress",
    description:
        "Security groups must not allow ingress from 0.0.0.0/0 or ::/0, except TCP 80 and 443 on an internet-facing load balancer's group.",
    nearest: {
        cdkNag: [
            "AwsSolutions-EC23",
            "NIST.800.53.R5-EC2RestrictedSSH",
            "NIST.800.53.R5-EC2RestrictedCommonPorts",
        ],
        checkov: ["CKV_AWS_24", "CKV_AWS_25", "CKV_AWS_260", "CKV_AWS_277", "CKV_AWS_100"],
    },
    check: (resources) =>
        resources.flatMap((resource) => {
            const messages = GROUP_TYPES.includes(resource.type)
                ? groupProblems(resource, resources)
                : resource.type === GROUP_RULE || resource.type === INGRESS_RULE
                  ? ruleProblems(resource, resources)
                  : NODE_GROUP_TYPES.includes(resource.type)
                    ? remoteAccessProblems(resource)
                    : [];
            return messages.map((message) => ({ resource, message }));
        }),
});
