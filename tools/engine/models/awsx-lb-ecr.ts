/**
 * Models of `awsx.lb.ApplicationLoadBalancer`, `awsx.lb.NetworkLoadBalancer` and
 * `awsx.ecr.Repository`, from pulumi/pulumi-awsx's source at tag v3.8.0 (the newest in the stored
 * snapshot; see awsx-vpc.ts): `awsx/lb/applicationLoadBalancer.ts` (class ApplicationLoadBalancer,
 * `getDefaultProtocol`, `getListenerProtocol`), `awsx/lb/networkLoadBalancer.ts` (class
 * NetworkLoadBalancer), `awsx/ec2/getDefaultVpc.ts` (`getDefaultVpc`) and
 * `awsx/ecr/repository.ts` (class Repository, `buildLifecyclePolicy`, `convertRules`) and
 * `awsx/ecr/image.ts` (class Image, `computeImageFromAsset`, `createUniqueImageName`).
 */
import * as crypto from "crypto";
import { UNKNOWN } from "../plan";
import { Handle, ModelBuilder, NotModeled, pick } from "./builder";

/** aws.lb.LoadBalancer's input properties (node_modules/@pulumi/aws/lb/loadBalancer.js). */
const LOAD_BALANCER_INPUTS = [
    "accessLogs",
    "clientKeepAlive",
    "connectionLogs",
    "customerOwnedIpv4Pool",
    "desyncMitigationMode",
    "dnsRecordClientRoutingPolicy",
    "dropInvalidHeaderFields",
    "enableCrossZoneLoadBalancing",
    "enableDeletionProtection",
    "enableHttp2",
    "enablePrefixForIpv6SourceNat",
    "enableTlsVersionAndCipherSuiteHeaders",
    "enableWafFailOpen",
    "enableXffClientPort",
    "enableZonalShift",
    "enforceSecurityGroupInboundRulesOnPrivateLinkTraffic",
    "healthCheckLogs",
    "idleTimeout",
    "internal",
    "ipAddressType",
    "ipamPools",
    "loadBalancerType",
    "minimumLoadBalancerCapacity",
    "name",
    "namePrefix",
    "preserveHostHeader",
    "region",
    "secondaryIpsAutoAssignedPerSubnet",
    "securityGroups",
    "subnetMappings",
    "subnets",
    "tags",
    "xffHeaderProcessingMode",
] as const;

/** aws.ecr.Repository's input properties (node_modules/@pulumi/aws/ecr/repository.js). */
const REPOSITORY_INPUTS = [
    "encryptionConfigurations",
    "forceDelete",
    "imageScanningConfiguration",
    "imageTagMutability",
    "imageTagMutabilityExclusionFilters",
    "name",
    "region",
    "tags",
] as const;

type Args = Record<string, unknown>;

/**
 * The subnets and VPC of a load balancer: `subnets` (awsx:ec2 Subnet resources, which arrive as
 * references), `subnetIds`, `subnetMappings`, else the default VPC's public subnets.
 */
function placement(b: ModelBuilder, args: Args): { subnets: unknown; vpcId: unknown } {
    const given = [args.subnetIds, args.subnets, args.subnetMappings].filter(
        (x) => x !== undefined,
    );
    if (given.length > 1) {
        throw new NotModeled("more than one of subnets, subnetIds, subnetMappings (awsx fails)");
    }
    if (args.subnets !== undefined) return { subnets: UNKNOWN, vpcId: UNKNOWN };
    // subnetIds / subnetMappings: the VPC comes from aws.ec2.getSubnet on the first subnet, an
    // answer the engine has no stand-in for: unknown here.
    if (args.subnetIds !== undefined) return { subnets: args.subnetIds, vpcId: UNKNOWN };
    if (args.subnetMappings !== undefined) return { subnets: undefined, vpcId: UNKNOWN };
    // getDefaultVpc: aws.ec2.getVpc({ default: true }); the public subnets are picked by
    // aws.ec2.getSubnet's mapPublicIpOnLaunch, which the engine does not answer: unknown.
    const vpc = b.invoke("aws:ec2/getVpc:getVpc", { default: true });
    return { subnets: UNKNOWN, vpcId: vpc.id };
}

/** applicationLoadBalancer.ts `getListenerProtocol`. */
function listenerProtocol(listener: Args | undefined, defaultPort?: unknown): Args | undefined {
    if (listener) {
        const { port, protocol } = listener;
        if (port && protocol) return { port, protocol };
        if (port) return { port, protocol: protocol ?? (port === 443 ? "HTTPS" : "HTTP") };
        if (protocol) return { protocol, port: protocol === "HTTPS" ? 443 : 80 };
    }
    return { port: defaultPort ?? 80, protocol: "HTTP" };
}

/** applicationLoadBalancer.ts `getDefaultProtocol` (a listener list of 1 gives none). */
function defaultProtocol(args: Args): Args | undefined {
    let listener = args.listener as Args | undefined;
    const listeners = args.listeners as Args[] | undefined;
    if (listeners) {
        if (listeners.length !== 1) listener = listeners[0];
        else return undefined;
    }
    return listenerProtocol(listener, args.defaultTargetGroupPort);
}

function listenersOf(
    b: ModelBuilder,
    urn: string,
    name: string,
    args: Args,
    lb: Handle,
    targetGroup: Handle,
    base: (listener: Args) => Args,
): void {
    if (args.listener !== undefined && args.listeners !== undefined) {
        throw new NotModeled("both listener and listeners (awsx fails)");
    }
    const defaultActions = [{ type: "forward", targetGroupArn: targetGroup.out("arn") }];
    const list = args.listener
        ? [args.listener as Args]
        : args.listeners
          ? (args.listeners as Args[])
          : [undefined];
    list.forEach((listener, i) => {
        b.register("aws:lb/listener:Listener", `${name}-${i}`, urn, {
            defaultActions,
            ...base(listener ?? {}),
            ...(listener ?? {}),
            loadBalancerArn: lb.out("arn"),
        });
    });
}

/** Registers what awsx:lb:ApplicationLoadBalancer registers. */
export function modelApplicationLoadBalancer(
    b: ModelBuilder,
    urn: string,
    name: string,
    args: Args,
): void {
    for (const key of ["listener", "listeners", "defaultSecurityGroup", "securityGroups"]) {
        if (JSON.stringify(args[key] ?? null).includes(UNKNOWN)) {
            throw new NotModeled(
                `${key} is unknown during preview, and decides which children exist`,
            );
        }
    }
    const { subnets, vpcId } = placement(b, args);
    const lbArgs: Args = { ...args, subnets: subnets ?? args.subnets };
    const group = args.defaultSecurityGroup as
        { skip?: boolean; args?: Args; securityGroupId?: unknown } | undefined;
    if (args.securityGroups === undefined && !group?.skip) {
        if (group?.args && group.securityGroupId) {
            throw new NotModeled(
                "defaultSecurityGroup has both args and securityGroupId (awsx fails)",
            );
        }
        if (group?.securityGroupId) {
            lbArgs.securityGroups = [group.securityGroupId];
        } else {
            const sg = b.register(
                "aws:ec2/securityGroup:SecurityGroup",
                name,
                urn,
                group?.args ?? {
                    vpcId,
                    ingress: [
                        {
                            fromPort: 0,
                            toPort: 0,
                            protocol: "-1",
                            cidrBlocks: ["0.0.0.0/0"],
                            ipv6CidrBlocks: ["::/0"],
                        },
                    ],
                    egress: [
                        {
                            fromPort: 0,
                            toPort: 65535,
                            protocol: "tcp",
                            cidrBlocks: ["0.0.0.0/0"],
                            ipv6CidrBlocks: ["::/0"],
                        },
                    ],
                },
            );
            lbArgs.securityGroups = [sg.id];
        }
    }
    lbArgs.loadBalancerType = "application";
    const lb = b.register(
        "aws:lb/loadBalancer:LoadBalancer",
        name,
        urn,
        pick(lbArgs, LOAD_BALANCER_INPUTS),
    );
    if (args.defaultTargetGroup !== undefined && args.defaultTargetGroupPort !== undefined) {
        throw new NotModeled("both defaultTargetGroup and defaultTargetGroupPort (awsx fails)");
    }
    const protocol = defaultProtocol(args);
    const targetGroup = b.register("aws:lb/targetGroup:TargetGroup", name, urn, {
        vpcId,
        targetType: "ip",
        ...protocol,
        ...(args.defaultTargetGroup as Args | undefined),
    });
    listenersOf(b, urn, name, args, lb, targetGroup, (listener) =>
        args.listeners ? (listenerProtocol(listener) ?? {}) : (protocol ?? {}),
    );
}

/** Registers what awsx:lb:NetworkLoadBalancer registers. */
export function modelNetworkLoadBalancer(
    b: ModelBuilder,
    urn: string,
    name: string,
    args: Args,
): void {
    for (const key of ["listener", "listeners"]) {
        if (JSON.stringify(args[key] ?? null).includes(UNKNOWN)) {
            throw new NotModeled(
                `${key} is unknown during preview, and decides which children exist`,
            );
        }
    }
    const { subnets, vpcId } = placement(b, args);
    const lb = b.register(
        "aws:lb/loadBalancer:LoadBalancer",
        name,
        urn,
        pick(
            {
                ...args,
                subnets: subnets ?? args.subnets,
                loadBalancerType: "network",
                enableHttp2: false,
                idleTimeout: 0,
            },
            LOAD_BALANCER_INPUTS,
        ),
    );
    if (args.defaultTargetGroup !== undefined && args.defaultTargetGroupPort !== undefined) {
        throw new NotModeled("both defaultTargetGroup and defaultTargetGroupPort (awsx fails)");
    }
    const targetGroup = b.register("aws:lb/targetGroup:TargetGroup", name, urn, {
        vpcId,
        protocol: "TCP",
        port: args.defaultTargetGroupPort ?? 80,
        ...(args.defaultTargetGroup as Args | undefined),
    });
    listenersOf(b, urn, name, args, lb, targetGroup, () => ({ protocol: "TCP", port: 80 }));
}

/** repository.ts `convertRules`: the lifecycle policy document awsx writes. */
function lifecycleDocument(rules: Args[] | undefined): Args {
    const list = rules ?? [
        { description: "remove untagged images", tagStatus: "untagged", maximumNumberOfImages: 1 },
    ];
    const any = list.filter((r) => r.tagStatus === "any");
    if (any.length >= 2) throw new NotModeled('more than one [selection: "any"] rule (awsx fails)');
    const ordered = [...list.filter((r) => r.tagStatus !== "any"), ...any];
    return {
        rules: ordered.map((rule, i) => {
            let count: Args;
            if (rule.maximumNumberOfImages !== undefined) {
                count = {
                    countType: "imageCountMoreThan",
                    countNumber: rule.maximumNumberOfImages,
                };
            } else if (rule.maximumAgeLimit !== undefined) {
                count = {
                    countType: "sinceImagePushed",
                    countNumber: rule.maximumAgeLimit,
                    countUnit: "days",
                };
            } else {
                throw new NotModeled("a lifecycle rule without a count (awsx fails)");
            }
            const tag =
                rule.tagStatus === "any" || rule.tagStatus === "untagged"
                    ? { tagStatus: rule.tagStatus }
                    : { tagStatus: "tagged", tagPrefixList: rule.tagPrefixList };
            return {
                rulePriority: i + 1,
                description: rule.description,
                selection: { ...tag, ...count },
                action: { type: "expire" },
            };
        }),
    };
}

/** Registers what awsx:ecr:Repository registers. */
export function modelRepository(b: ModelBuilder, urn: string, name: string, args: Args): void {
    const lifecycle = args.lifecyclePolicy as { skip?: boolean; rules?: Args[] } | undefined;
    if (JSON.stringify(lifecycle ?? null).includes(UNKNOWN)) {
        throw new NotModeled("lifecyclePolicy is unknown during preview");
    }
    const lowerCaseName = name.toLowerCase();
    const repository = b.register(
        "aws:ecr/repository:Repository",
        lowerCaseName,
        urn,
        pick(args, REPOSITORY_INPUTS),
    );
    if (!lifecycle?.skip) {
        b.register("aws:ecr/lifecyclePolicy:LifecyclePolicy", lowerCaseName, urn, {
            repository: repository.out("name"),
            policy: lifecycleDocument(lifecycle?.rules),
            region: args.region,
        });
    }
}

/**
 * Registers what awsx:ecr:Image registers. awsx builds inside `pulumi.output(args).apply(...)`,
 * so while any argument is unknown (the repository URL of a repository created in the same run,
 * in a first preview) the callback does not run and the provider registers nothing.
 */
export function modelImage(b: ModelBuilder, urn: string, args: Args): void {
    if (JSON.stringify(args).includes(UNKNOWN)) return;
    const { repositoryUrl, registryId: _registryId, imageTag, ...docker } = args;
    void _registryId;
    const str = (v: unknown) => (typeof v === "string" ? v : undefined);
    // createUniqueImageName.
    let sig = str(docker.context) ?? ".";
    if (docker.dockerfile) sig += `;dockerfile=${String(docker.dockerfile)}`;
    for (const [k, v] of Object.entries((docker.args ?? {}) as Args))
        sig += `;arg[${k}]=${String(v)}`;
    sig += b.options.stack;
    const hash = crypto.createHash("sha1").update(sig).digest("hex").substring(0, 8);
    const imageName = str(args.imageName) ?? str(imageTag) ?? `${hash}-container`;
    const canonical = `${String(repositoryUrl)}:${imageName}`;
    const cacheFrom = Array.isArray(docker.cacheFrom)
        ? docker.cacheFrom.map((ref) => ({ registry: { ref } }))
        : [];
    if (cacheFrom.length === 0) cacheFrom.push({ registry: { ref: canonical } });
    b.register("docker-build:index:Image", imageName, urn, {
        tags: [canonical],
        buildArgs: docker.args,
        cacheFrom,
        cacheTo: [{ inline: {} }],
        context: { location: str(docker.context) ?? "." },
        dockerfile: { location: docker.dockerfile },
        platforms: docker.platform ? [docker.platform] : [],
        target: docker.target,
        push: true,
        // getDockerCredentials: aws.ecr.getAuthorizationToken's answer, a secret.
        registries: UNKNOWN,
    });
}
