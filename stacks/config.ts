/**
 * The stack's configuration: one table of keys (type, description, default, rule), a pure parser
 * that checks a whole config map against it and reports every problem at once, and the one
 * place in the project that reads Pulumi config.
 *
 * Adding a key is one entry in {@link PROJECT_CONFIG} plus its use in {@link parseStackConfig};
 * `Pulumi.yaml` documents the same table, and a test keeps the two equal. The network keys take
 * their allowed values, defaults and rules from SecureNetwork, so a stack and the component can
 * never disagree on what is valid.
 */
import * as pulumi from "@pulumi/pulumi";
import { isEmailAddress } from "../components/alerts";
import {
    APP_PLATFORM_DEFAULTS,
    CAPACITY_TYPES,
    CapacityType,
    DEFAULT_NODE_GROUP,
    NODE_GROUP_DEFAULTS,
} from "../components/app-platform";
import {
    EVENT_PIPELINE_DEFAULTS,
    RETENTION_HOURS_RANGE,
    STREAM_MODES,
    StreamMode,
} from "../components/event-pipeline";
import { NODE_TYPE_PATTERN, REMINDER_WORKFLOW_DEFAULTS } from "../components/reminder-workflow";
import {
    AVAILABILITY_ZONE_COUNTS,
    DEDICATED_MASTER_COUNTS,
    ENGINE_VERSION_PATTERN,
    INSTANCE_TYPE_PATTERN,
    SEARCH_INDEXER_DEFAULTS,
} from "../components/search-indexer";
import {
    isCloudFrontWebAclArn,
    isHostedZoneId,
    isSiteDomainName,
    PRICE_CLASSES,
    PriceClass,
    RETENTION_DAYS_RANGE,
    STATIC_SITE_DEFAULTS,
} from "../components/static-site";
import { ipv4NetworkCidr, parseIpv4Cidr } from "../components/lib/cidr";
import { CLOUDWATCH_LOG_RETENTION_DAYS } from "../components/lib/log-retention";
import {
    AVAILABILITY_ZONE_RANGE,
    INTERFACE_ENDPOINT_SERVICES,
    NAT_STRATEGIES,
    SECURE_NETWORK_DEFAULTS,
    subnetLayoutProblem,
    VPC_PREFIX_RANGE,
} from "../components/secure-network";
import type { InterfaceEndpointService, NatStrategy } from "../components/secure-network";
import { closest } from "../components/lib/nearest";

/** The project name, which is also the namespace of its config keys (`lightspeed:vpcCidr`). */
export const PROJECT = "lightspeed";

/** The value types Pulumi project config can declare in `Pulumi.yaml`. */
export type ProjectConfigType = "string" | "integer" | "boolean" | "array";

/** A default as written in YAML; the program receives it in its raw text form. */
export type ConfigDefault = string | number | boolean | readonly string[];

/** The outcome of decoding one raw value: the typed value, or what was expected and what came. */
export type Decoded<T> =
    | { readonly ok: true; readonly value: T }
    | {
          readonly ok: false;
          /** The rule, phrased to follow the key's name: `must be an integer from 2 to 6`. */
          readonly expected: string;
          /** What to show as the bad value when it is not the whole raw text (JSON-quoted). */
          readonly got?: string;
      };

/** One config key: its `Pulumi.yaml` declaration and how its raw text becomes a typed value. */
export interface ConfigKeySpec<T, Secret extends boolean = boolean> {
    /** The type declared in `Pulumi.yaml`; the CLI checks it before the program starts. */
    readonly type: ProjectConfigType;
    /** For arrays: the item type, as `Pulumi.yaml` requires. */
    readonly items?: { readonly type: ProjectConfigType };
    /** What the key controls; copied verbatim into `Pulumi.yaml`. */
    readonly description: string;
    /** Applied when the stack does not set the key. No default means the key is required. */
    readonly default?: ConfigDefault;
    /**
     * The value must be set with `pulumi config set --secret` and reaches the program as a
     * secret `pulumi.Output`, so it stays encrypted in state and masked in previews.
     */
    readonly secret?: Secret;
    /** Turns the raw text into the typed value, or says what was wrong. */
    readonly decode: (text: string) => Decoded<T>;
}

/** A table of config keys, by their name within a namespace. */
export type ConfigTable = Readonly<Record<string, ConfigKeySpec<unknown>>>;

/** The typed value a spec yields: secret keys arrive wrapped, as `Config.requireSecret` does. */
export type ConfigValue<S> =
    S extends ConfigKeySpec<infer T, infer Secret>
        ? true extends Secret
            ? pulumi.Output<T>
            : T
        : never;

/** The typed values of a whole table. */
export type ConfigValues<Table extends ConfigTable> = {
    readonly [K in keyof Table]: ConfigValue<Table[K]>;
};

/**
 * Declares one key; a function only so TypeScript infers the value type and the secret flag.
 * (The tables are deliberately not `satisfies ConfigTable`: that context would widen the flag.)
 */
function key<T, Secret extends boolean = false>(
    spec: ConfigKeySpec<T, Secret>,
): ConfigKeySpec<T, Secret> {
    return spec;
}

const ok = <T>(value: T): Decoded<T> => ({ ok: true, value });
const fail = <T>(expected: string, got?: string): Decoded<T> => ({ ok: false, expected, got });

function integerFrom(min: number, max: number): (text: string) => Decoded<number> {
    return (text) => {
        const expected = `must be an integer from ${min} to ${max}`;
        // Number() would also accept " 3", "3.0", "0x3" and "3e0": the stack file should say 3.
        if (!/^-?\d+$/.test(text)) return fail(expected);
        const value = Number(text);
        return value >= min && value <= max ? ok(value) : fail(expected);
    };
}

function integerOneOf(allowed: readonly number[], what: string): (text: string) => Decoded<number> {
    return (text) =>
        /^\d+$/.test(text) && allowed.includes(Number(text))
            ? ok(Number(text))
            : fail(`must be one of ${what}: ${allowed.join(", ")}`);
}

function oneOf<T extends string>(allowed: readonly T[]): (text: string) => Decoded<T> {
    return (text) =>
        (allowed as readonly string[]).includes(text)
            ? ok(text as T)
            : fail(`must be one of ${allowed.join(", ")}`);
}

function booleanValue(text: string): Decoded<boolean> {
    // YAML true/false arrive as "true"/"false"; "yes", "1" and friends are typos, not booleans.
    if (text === "true") return ok(true);
    if (text === "false") return ok(false);
    return fail("must be true or false");
}

function matching(pattern: RegExp, meaning: string): (text: string) => Decoded<string> {
    return (text) =>
        pattern.test(text) ? ok(text) : fail(`must match ${pattern.source} (${meaning})`);
}

function vpcCidrBlock(text: string): Decoded<string> {
    const cidr = parseIpv4Cidr(text);
    if (!cidr) return fail("must be an IPv4 CIDR block such as 10.0.0.0/16");
    const { min, max } = VPC_PREFIX_RANGE;
    if (cidr.prefix < min || cidr.prefix > max) {
        return fail(`must have a prefix length from /${min} to /${max}`);
    }
    const network = ipv4NetworkCidr(cidr);
    if (network !== text) {
        // AWS would silently keep only the network bits; say which block that is.
        return fail(`must start at its block's network address (${network})`);
    }
    return ok(text);
}

function emptyOr(
    rule: (text: string) => boolean,
    meaning: string,
): (text: string) => Decoded<string> {
    return (text) =>
        text === "" || rule(text) ? ok(text) : fail(`must be "" (none) or ${meaning}`);
}

/** Addresses a list of IPv4 blocks covers, overlaps counted once. */
function ipv4AddressCount(cidrs: readonly string[]): number {
    const ranges = cidrs
        .map(parseIpv4Cidr)
        .filter((c) => c !== undefined)
        .map((c) => {
            const size = 2 ** (32 - c.prefix);
            const lo = c.address - (c.address % size);
            return [lo, lo + size - 1] as const;
        })
        .sort((a, b) => a[0] - b[0]);
    let total = 0;
    let end = -1;
    for (const [lo, hi] of ranges) {
        if (hi <= end) continue;
        total += hi - Math.max(lo, end + 1) + 1;
        end = hi;
    }
    return total;
}

/** The most addresses an allow-list may cover together: less than a /8 is a list of networks. */
const INTERNET_WIDE_ADDRESSES = 2 ** 24;

/**
 * A list of IPv4 blocks that together stay below a /8: `0.0.0.0/1` + `128.0.0.0/1` is the
 * internet even though neither block is /0.
 */
function belowInternet(
    decode: (text: string) => Decoded<string[]>,
): (text: string) => Decoded<string[]> {
    return (text) => {
        const decoded = decode(text);
        if (!decoded.ok) return decoded;
        const count = ipv4AddressCount(decoded.value);
        return count >= INTERNET_WIDE_ADDRESSES
            ? fail(
                  `must together cover fewer addresses than a /8 (${INTERNET_WIDE_ADDRESSES}); these cover ${count}, which opens the endpoint to the internet`,
              )
            : decoded;
    };
}

function stringList(
    rule: (item: string) => boolean,
    meaning: string,
): (text: string) => Decoded<string[]> {
    return (text) => {
        let parsed: unknown;
        try {
            parsed = JSON.parse(text);
        } catch {
            return fail(`must be a list of ${meaning}`);
        }
        if (!Array.isArray(parsed) || !parsed.every((item) => typeof item === "string")) {
            return fail(`must be a list of ${meaning}`);
        }
        const bad = (parsed as string[]).filter((item) => !rule(item));
        if (bad.length > 0) {
            return fail(
                `entries must each be ${meaning}`,
                bad.map((b) => JSON.stringify(b)).join(", "),
            );
        }
        const twice = (parsed as string[]).filter((item, i, all) => all.indexOf(item) !== i);
        if (twice.length > 0) {
            return fail(
                "must not list an entry twice",
                twice.map((t) => JSON.stringify(t)).join(", "),
            );
        }
        return ok(parsed as string[]);
    };
}

function emailList(text: string): Decoded<string[]> {
    let parsed: unknown;
    try {
        parsed = JSON.parse(text);
    } catch {
        return fail("must be a list of e-mail addresses");
    }
    if (!Array.isArray(parsed) || !parsed.every((item) => typeof item === "string")) {
        return fail("must be a list of e-mail addresses");
    }
    const items = parsed as string[];
    const bad = items.filter((item) => !isEmailAddress(item));
    if (bad.length > 0) {
        return fail(
            "entries must each be an e-mail address",
            bad.map((b) => JSON.stringify(b)).join(", "),
        );
    }
    const lower = items.map((item) => item.toLowerCase());
    const twice = items.filter((_, i) => lower.indexOf(lower[i]) !== i);
    if (twice.length > 0) {
        return fail(
            "must not list an address twice",
            twice.map((t) => JSON.stringify(t)).join(", "),
        );
    }
    return ok(items);
}

function uniqueListOf<T extends string>(allowed: readonly T[]): (text: string) => Decoded<T[]> {
    return (text) => {
        const expected = "must be a list of strings";
        let parsed: unknown;
        try {
            parsed = JSON.parse(text);
        } catch {
            return fail(expected);
        }
        if (!Array.isArray(parsed) || !parsed.every((item) => typeof item === "string")) {
            return fail(expected);
        }
        const items = parsed as string[];
        const unknown = items.filter((item) => !(allowed as readonly string[]).includes(item));
        if (unknown.length > 0) {
            return fail(
                `entries must each be one of ${allowed.join(", ")}`,
                unknown.map((item) => JSON.stringify(item)).join(", "),
            );
        }
        const twice = items.filter((item, i) => items.indexOf(item) !== i);
        if (twice.length > 0) {
            return fail(
                "must not list an entry twice",
                [...new Set(twice)].map((item) => `${JSON.stringify(item)} twice`).join(", "),
            );
        }
        return ok(items as T[]);
    };
}

/**
 * Every `lightspeed:` config key: the single source of the keys' types, descriptions, defaults
 * and rules. `Pulumi.yaml`'s `config:` block is {@link projectConfigSchema} of this table.
 */
export const PROJECT_CONFIG = {
    environment: key({
        type: "string",
        description:
            "Names the environment: the Kubernetes namespace, the prefix of resource names and " +
            "the environment tag. 2 to 20 characters: a lowercase letter, then lowercase " +
            "letters, digits or hyphens.",
        decode: matching(
            /^[a-z][a-z0-9-]{1,19}$/,
            "2 to 20 characters: a lowercase letter, then lowercase letters, digits or hyphens",
        ),
    }),
    vpcCidr: key({
        type: "string",
        description:
            `IPv4 CIDR block of the VPC, /${VPC_PREFIX_RANGE.min} to /${VPC_PREFIX_RANGE.max}, ` +
            "written with its network address (10.0.0.0/16, not 10.0.0.1/16). Each availability " +
            "zone gets an equal power-of-two share of it: half for its private subnet, a quarter " +
            "for its public subnet, which must be /28 or larger (so a /24 holds at most 4 zones).",
        default: SECURE_NETWORK_DEFAULTS.cidrBlock,
        decode: vpcCidrBlock,
    }),
    availabilityZones: key({
        type: "integer",
        description:
            "How many availability zones the VPC spans, " +
            `${AVAILABILITY_ZONE_RANGE.min} to ${AVAILABILITY_ZONE_RANGE.max}.`,
        default: SECURE_NETWORK_DEFAULTS.availabilityZoneCount,
        decode: integerFrom(AVAILABILITY_ZONE_RANGE.min, AVAILABILITY_ZONE_RANGE.max),
    }),
    natGateways: key({
        type: "string",
        description:
            "NAT gateways for the private subnets: Single (one, cheaper, a single zone's outage " +
            "cuts egress) or OnePerAz (one per availability zone).",
        default: SECURE_NETWORK_DEFAULTS.natStrategy,
        decode: oneOf(NAT_STRATEGIES),
    }),
    flowLogRetentionDays: key({
        type: "integer",
        description:
            "Days CloudWatch Logs keeps the VPC flow logs; one of the periods CloudWatch " +
            `accepts: ${CLOUDWATCH_LOG_RETENTION_DAYS.join(", ")}.`,
        default: SECURE_NETWORK_DEFAULTS.flowLogRetentionDays,
        decode: integerOneOf(CLOUDWATCH_LOG_RETENTION_DAYS, "CloudWatch Logs' retention periods"),
    }),
    protect: key({
        type: "boolean",
        description:
            "Protect stateful resources (KMS keys, log groups, tables, the stream, queues, " +
            "buckets, the search domain, the cache, secrets, image repositories, the EKS " +
            "cluster, the Kubernetes namespaces) from deletion: Pulumi refuses to delete or " +
            "replace them until this is turned off. Set false only for throwaway stacks.",
        default: true,
        decode: booleanValue,
    }),
    alertEmails: key({
        type: "array",
        items: { type: "string" },
        description:
            "E-mail addresses that receive every CloudWatch alarm of the environment; each " +
            "address confirms its subscription once.",
        default: [],
        decode: emailList,
    }),
    alertSlack: key({
        type: "boolean",
        description:
            "Post every alarm to Slack too, through a forwarder function in the VPC; the channel's " +
            "incoming-webhook URL is put out of band in the secret the stack outputs " +
            "(alertSlackWebhookSecretArn).",
        default: false,
        decode: booleanValue,
    }),
    teamAccess: key({
        type: "boolean",
        description:
            "Create the IAM groups <environment>-developers and <environment>-operators (MFA " +
            "required, no deletion of artifact and archive buckets). Off where people sign in " +
            "through IAM Identity Center instead.",
        default: true,
        decode: booleanValue,
    }),
    logRetentionDays: key({
        type: "integer",
        description:
            "Days CloudWatch Logs keeps application logs (Lambda functions, Firehose, state " +
            `machines); one of the periods CloudWatch accepts: ${CLOUDWATCH_LOG_RETENTION_DAYS.join(", ")}.`,
        default: EVENT_PIPELINE_DEFAULTS.logRetentionDays,
        decode: integerOneOf(CLOUDWATCH_LOG_RETENTION_DAYS, "CloudWatch Logs' retention periods"),
    }),
    pipelineStreamMode: key({
        type: "string",
        description:
            "Capacity mode of the change-event stream: ON_DEMAND (scales by itself) or " +
            "PROVISIONED (pipelineShardCount shards, cheaper at a steady load).",
        default: EVENT_PIPELINE_DEFAULTS.streamMode,
        decode: oneOf(STREAM_MODES),
    }),
    pipelineShardCount: key({
        type: "integer",
        description:
            "Shards of the change-event stream when pipelineStreamMode is PROVISIONED, 1 to 10000; ignored otherwise.",
        default: 1,
        decode: integerFrom(1, 10_000),
    }),
    pipelineRetentionHours: key({
        type: "integer",
        description:
            `Hours a change event stays in the stream, ${RETENTION_HOURS_RANGE.min} to ${RETENTION_HOURS_RANGE.max}: ` +
            "how long a broken consumer can be fixed and replayed before events age out.",
        default: EVENT_PIPELINE_DEFAULTS.retentionHours,
        decode: integerFrom(RETENTION_HOURS_RANGE.min, RETENTION_HOURS_RANGE.max),
    }),
    pipelineArchive: key({
        type: "boolean",
        description:
            "Archive every change event to S3 through Kinesis Data Firehose (compressed, by date).",
        default: EVENT_PIPELINE_DEFAULTS.archive,
        decode: booleanValue,
    }),
    pipelineArchiveTransitionDays: key({
        type: "integer",
        description: "Days before archived events move to Glacier Instant Retrieval, 1 to 3650.",
        default: EVENT_PIPELINE_DEFAULTS.archiveTransitionDays,
        decode: integerFrom(1, 3650),
    }),
    notifierMinEmployees: key({
        type: "integer",
        description:
            "The new-customer notifier announces a new customer in the marketing Slack channel " +
            "when it has at least this many employees, 1 to 10000000.",
        default: 50,
        decode: integerFrom(1, 10_000_000),
    }),
    notifierBatchSize: key({
        type: "integer",
        description:
            "Change events the new-customer notifier takes per invocation, 1 to 100 (Slack " +
            "webhooks accept about one message a second).",
        default: 10,
        decode: integerFrom(1, 100),
    }),
    searchEngineVersion: key({
        type: "string",
        description:
            "OpenSearch engine version of the search domain (pinned: an upgrade is a blue/green deployment).",
        default: SEARCH_INDEXER_DEFAULTS.engineVersion,
        decode: matching(ENGINE_VERSION_PATTERN, "OpenSearch_MAJOR.MINOR"),
    }),
    searchInstanceType: key({
        type: "string",
        description:
            "Instance type of the search domain's data nodes, e.g. t3.small.search or r6g.large.search.",
        default: SEARCH_INDEXER_DEFAULTS.instanceType,
        decode: matching(INSTANCE_TYPE_PATTERN, "an OpenSearch instance type ending in .search"),
    }),
    searchInstanceCount: key({
        type: "integer",
        description:
            "Data nodes of the search domain, 1 to 80; a multiple of searchAvailabilityZones.",
        default: SEARCH_INDEXER_DEFAULTS.instanceCount,
        decode: integerFrom(1, 80),
    }),
    searchAvailabilityZones: key({
        type: "integer",
        description:
            "Zones the search domain's nodes spread over: 1, 2 or 3 (at most lightspeed:availabilityZones).",
        default: SEARCH_INDEXER_DEFAULTS.availabilityZoneCount,
        decode: integerOneOf(AVAILABILITY_ZONE_COUNTS, "zone counts OpenSearch supports"),
    }),
    searchDedicatedMasterCount: key({
        type: "integer",
        description: "Dedicated master nodes of the search domain: 0 (none), 3 or 5.",
        default: SEARCH_INDEXER_DEFAULTS.dedicatedMasterCount,
        decode: integerOneOf(DEDICATED_MASTER_COUNTS, "dedicated master counts"),
    }),
    searchDedicatedMasterType: key({
        type: "string",
        description:
            "Instance type of the dedicated masters; empty when searchDedicatedMasterCount is 0.",
        default: SEARCH_INDEXER_DEFAULTS.dedicatedMasterType,
        decode: emptyOr(
            (t) => INSTANCE_TYPE_PATTERN.test(t),
            "an OpenSearch instance type ending in .search",
        ),
    }),
    searchVolumeSizeGb: key({
        type: "integer",
        description: "gp3 storage per data node of the search domain, in GB, 10 to 24576.",
        default: SEARCH_INDEXER_DEFAULTS.volumeSizeGb,
        decode: integerFrom(10, 24_576),
    }),
    searchStaleAfterDays: key({
        type: "integer",
        description:
            "Days after which an open, untouched task is reported by the five-minute scan, 1 to 3650.",
        default: SEARCH_INDEXER_DEFAULTS.staleAfterDays,
        decode: integerFrom(1, 3650),
    }),
    reminderCacheNodeType: key({
        type: "string",
        description:
            "ElastiCache node type of the reminder handles' cache (Valkey), e.g. cache.t4g.micro.",
        default: REMINDER_WORKFLOW_DEFAULTS.nodeType,
        decode: matching(NODE_TYPE_PATTERN, "an ElastiCache node type such as cache.t4g.small"),
    }),
    reminderCacheReplicas: key({
        type: "integer",
        description:
            "Read replicas of the reminder cache, 0 to 5; with 1 or more the cache is Multi-AZ " +
            "with automatic failover.",
        default: REMINDER_WORKFLOW_DEFAULTS.replicas,
        decode: integerFrom(0, 5),
    }),
    reminderSnapshotRetentionDays: key({
        type: "integer",
        description: "Days of daily snapshots the reminder cache keeps, 0 (none) to 35.",
        default: REMINDER_WORKFLOW_DEFAULTS.snapshotRetentionDays,
        decode: integerFrom(0, 35),
    }),
    reminderAuthTokenVersion: key({
        type: "integer",
        description:
            "Version of the reminder cache's AUTH token; raise it by one to rotate the token.",
        default: REMINDER_WORKFLOW_DEFAULTS.authTokenVersion,
        decode: integerFrom(1, 1_000_000),
    }),
    appSharedClusterStack: key({
        type: "string",
        description:
            "Run the app on another stack's EKS cluster (org/project/stack, whose outputs carry " +
            "clusterName, kubeconfig, vpcCidr and publicSubnetIds) and create only this " +
            "environment's namespace and workloads; empty: this stack owns its cluster.",
        default: "",
        decode: emptyOr(
            (t) => /^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/.test(t),
            "org/project/stack",
        ),
    }),
    appKubernetesVersion: key({
        type: "string",
        description: "Kubernetes version of the EKS cluster (1.MINOR), when this stack owns it.",
        default: "1.33",
        decode: matching(/^1\.\d{2}$/, "1.MINOR, e.g. 1.33"),
    }),
    appPublicAccessCidrs: key({
        type: "array",
        items: { type: "string" },
        description:
            "CIDRs that may reach the cluster's API endpoint from the internet; empty (the " +
            "default) keeps the endpoint private. 0.0.0.0/0, and blocks that together cover a /8 " +
            "or more (0.0.0.0/1 + 128.0.0.0/1), are refused.",
        default: [...APP_PLATFORM_DEFAULTS.publicAccessCidrs],
        decode: belowInternet(
            stringList(
                (c) => parseIpv4Cidr(c) !== undefined && !c.endsWith("/0"),
                "an IPv4 CIDR narrower than /0",
            ),
        ),
    }),
    appAdminRoleArns: key({
        type: "array",
        items: { type: "string" },
        description:
            "IAM role ARNs that administer the cluster (EKS access entries with the cluster admin policy).",
        default: [...APP_PLATFORM_DEFAULTS.adminRoleArns],
        decode: stringList(
            (a) => /^arn:aws[a-z-]*:iam::\d{12}:role\/.+$/.test(a),
            "an IAM role ARN",
        ),
    }),
    appNodeInstanceTypes: key({
        type: "array",
        items: { type: "string" },
        description:
            "EC2 instance types of the cluster's managed node group (more than one helps SPOT capacity).",
        default: [...DEFAULT_NODE_GROUP.instanceTypes],
        decode: stringList(
            (t) => /^[a-z][a-z0-9-]*\.[a-z0-9]+$/.test(t),
            "an EC2 instance type such as m6i.large",
        ),
    }),
    appNodeCapacityType: key({
        type: "string",
        description: "ON_DEMAND or SPOT capacity for the node group.",
        default: NODE_GROUP_DEFAULTS.capacityType,
        decode: oneOf(CAPACITY_TYPES),
    }),
    appNodeMinSize: key({
        type: "integer",
        description: "Fewest nodes in the node group, 1 to 100.",
        default: DEFAULT_NODE_GROUP.minSize,
        decode: integerFrom(1, 100),
    }),
    appNodeDesiredSize: key({
        type: "integer",
        description: "Nodes the node group starts with, between appNodeMinSize and appNodeMaxSize.",
        default: DEFAULT_NODE_GROUP.desiredSize,
        decode: integerFrom(1, 100),
    }),
    appNodeMaxSize: key({
        type: "integer",
        description: "Most nodes in the node group, 1 to 100.",
        default: DEFAULT_NODE_GROUP.maxSize,
        decode: integerFrom(1, 100),
    }),
    appNodeDiskSizeGb: key({
        type: "integer",
        description: "Encrypted gp3 root volume of each node, in GB, 20 to 1000.",
        default: NODE_GROUP_DEFAULTS.diskSizeGb,
        decode: integerFrom(20, 1000),
    }),
    appRepositories: key({
        type: "array",
        items: { type: "string" },
        description:
            "ECR repositories, one per service (images are pushed by CI with immutable tags).",
        default: ["web"],
        decode: stringList(
            (r) => /^[a-z0-9]+(?:[-_][a-z0-9]+)*$/.test(r),
            "a repository name such as web",
        ),
    }),
    appImageTag: key({
        type: "string",
        description:
            "Tag of the app's image in its ECR repository (tags are immutable: a deploy is a new tag).",
        decode: matching(/^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/, "a Docker image tag"),
    }),
    appReplicas: key({
        type: "integer",
        description: "Fewest replicas of the app (the autoscaler's minimum), 1 to 100.",
        default: 2,
        decode: integerFrom(1, 100),
    }),
    appMaxReplicas: key({
        type: "integer",
        description: "Most replicas the autoscaler may run, 1 to 200, at least appReplicas.",
        default: 4,
        decode: integerFrom(1, 200),
    }),
    appDomainName: key({
        type: "string",
        description:
            "DNS name the app is served under over HTTPS (ACM certificate, DNS validation, a CNAME to the ALB).",
        decode: matching(
            /^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/,
            "a lower-case DNS name",
        ),
    }),
    appHostedZoneId: key({
        type: "string",
        description: "The Route 53 public hosted zone holding appDomainName.",
        decode: matching(/^Z[A-Z0-9]{1,31}$/, "a Route 53 hosted zone id"),
    }),
    appDeletionProtection: key({
        type: "boolean",
        description: "Turn on the app load balancer's deletion protection.",
        default: APP_PLATFORM_DEFAULTS.deletionProtection,
        decode: booleanValue,
    }),
    appAccessLogRetentionDays: key({
        type: "integer",
        description: "Days the app load balancer's access logs are kept, 1 to 3650.",
        default: APP_PLATFORM_DEFAULTS.accessLogRetentionDays,
        decode: integerFrom(1, 3650),
    }),
    siteDomainName: key({
        type: "string",
        description:
            "DNS name the static site is served under (www.example.com), with an ACM certificate " +
            "and alias records in siteHostedZoneId; empty for none: the site is then served on " +
            "CloudFront's default *.cloudfront.net certificate, which the cloudfront-https policy " +
            "rejects unless the stack's policy config waives it.",
        default: "",
        decode: emptyOr(
            isSiteDomainName,
            "a lower-case DNS name such as www.example.com, without a trailing dot",
        ),
    }),
    siteHostedZoneId: key({
        type: "string",
        description:
            "The Route 53 public hosted zone holding siteDomainName; empty when siteDomainName is.",
        default: "",
        decode: emptyOr(isHostedZoneId, "a Route 53 hosted zone id such as Z0123456789ABCDEFGHIJ"),
    }),
    sitePriceClass: key({
        type: "string",
        description:
            "CloudFront price class of the static site: PriceClass_100, PriceClass_200 or PriceClass_All.",
        default: STATIC_SITE_DEFAULTS.priceClass,
        decode: oneOf(PRICE_CLASSES),
    }),
    siteSpaFallback: key({
        type: "boolean",
        description:
            "Serve the static site as a single-page app: a path with no file gets index.html with " +
            "status 200 (otherwise 404.html with status 404).",
        default: false,
        decode: booleanValue,
    }),
    siteWebAclArn: key({
        type: "string",
        description:
            "ARN of a WAFv2 web ACL with CLOUDFRONT scope (us-east-1) in front of the static site; empty for none.",
        default: "",
        decode: emptyOr(isCloudFrontWebAclArn, "a WAFv2 web ACL ARN of CLOUDFRONT scope"),
    }),
    siteLogRetentionDays: key({
        type: "integer",
        description: `Days the static site's CloudFront access logs are kept, ${RETENTION_DAYS_RANGE.min} to ${RETENTION_DAYS_RANGE.max}.`,
        default: STATIC_SITE_DEFAULTS.logRetentionDays,
        decode: integerFrom(RETENTION_DAYS_RANGE.min, RETENTION_DAYS_RANGE.max),
    }),
    interfaceEndpoints: key({
        type: "array",
        items: { type: "string" },
        description:
            "Interface VPC endpoints to create, so traffic to these AWS services stays off the " +
            `NAT gateways; each one of ${INTERFACE_ENDPOINT_SERVICES.join(", ")}, at most once. ` +
            "ecr.api and ecr.dkr go together: pulling an image from ECR needs both.",
        default: SECURE_NETWORK_DEFAULTS.interfaceEndpoints,
        decode: uniqueListOf(INTERFACE_ENDPOINT_SERVICES),
    }),
};

/**
 * Keys of other namespaces that the program needs. They are not declared in `Pulumi.yaml`:
 * Pulumi only lets a project declare a type or default for its own namespace, and a value
 * there would apply to every stack, while each stack must choose its region.
 */
export const PROVIDER_CONFIG = {
    aws: {
        region: key({
            type: "string",
            description: "The AWS region the stack deploys to, such as us-east-1.",
            decode: (text: string): Decoded<string> =>
                /^[a-z]{2}(-[a-z]+)+-\d{1,2}$/.test(text)
                    ? ok(text)
                    : fail("must be an AWS region name such as us-east-1"),
        }),
    },
};

/** The whole stack configuration, validated and typed. */
export interface StackConfig {
    /** The environment's name: Kubernetes namespace, resource name prefix, `environment` tag. */
    readonly environment: string;
    /** Protect stateful resources from deletion (`lightspeed:protect`). */
    readonly protect: boolean;
    /** Who receives the environment's alarms (`lightspeed:alertEmails`). */
    readonly alertEmails: readonly string[];
    /** Post alarms to Slack (`lightspeed:alertSlack`). */
    readonly alertSlack: boolean;
    /** Create the people's IAM groups (`lightspeed:teamAccess`). */
    readonly teamAccess: boolean;
    /** The AWS region (`aws:region`). */
    readonly region: string;
    /** The VPC and what it carries. */
    readonly network: NetworkConfig;
    /** The static site. */
    readonly site: SiteConfig;
    /** Days application log groups keep their records (`lightspeed:logRetentionDays`). */
    readonly logRetentionDays: number;
    /** The change-event pipeline. */
    readonly pipeline: PipelineConfig;
    /** The new-customer notifier. */
    readonly notifier: { readonly minEmployees: number; readonly batchSize: number };
    /** The app platform (EKS) and the team's app. */
    readonly app: AppConfig;
    /** The search domain. */
    readonly search: {
        readonly engineVersion: string;
        readonly instanceType: string;
        readonly instanceCount: number;
        readonly availabilityZones: number;
        readonly dedicatedMasterCount: number;
        /** Undefined without dedicated masters. */
        readonly dedicatedMasterType?: string;
        readonly volumeSizeGb: number;
        readonly staleAfterDays: number;
    };
    /** The reminder workflow's cache. */
    readonly reminders: {
        readonly nodeType: string;
        readonly replicas: number;
        readonly snapshotRetentionDays: number;
        readonly authTokenVersion: number;
    };
}

/** The app part of {@link StackConfig}, in the shape of `AppPlatform`'s arguments. */
export interface AppConfig {
    /** Another stack's cluster to run on; undefined: this stack owns one. */
    readonly sharedClusterStack?: string;
    readonly kubernetesVersion: string;
    readonly publicAccessCidrs: readonly string[];
    readonly adminRoleArns: readonly string[];
    readonly nodes: {
        readonly instanceTypes: readonly string[];
        readonly capacityType: CapacityType;
        readonly minSize: number;
        readonly desiredSize: number;
        readonly maxSize: number;
        readonly diskSizeGb: number;
    };
    readonly repositories: readonly string[];
    readonly imageTag: string;
    readonly replicas: number;
    readonly maxReplicas: number;
    readonly domainName: string;
    readonly hostedZoneId: string;
    readonly deletionProtection: boolean;
    readonly accessLogRetentionDays: number;
}

/** The pipeline part of {@link StackConfig}, in the shape of `EventPipeline`'s arguments. */
export interface PipelineConfig {
    readonly streamMode: StreamMode;
    /** Set only for a PROVISIONED stream. */
    readonly shardCount?: number;
    readonly retentionHours: number;
    readonly archive: boolean;
    readonly archiveTransitionDays: number;
}

/** The static site part of {@link StackConfig}, in the shape of `StaticSite`'s arguments. */
export interface SiteConfig {
    /** DNS name of the site; undefined: the default CloudFront certificate. */
    readonly domainName?: string;
    /** Route 53 zone of `domainName`. */
    readonly hostedZoneId?: string;
    readonly priceClass: PriceClass;
    readonly spaFallback: boolean;
    readonly webAclArn?: string;
    readonly logRetentionDays: number;
}

/** The network part of {@link StackConfig}, in the shape of `SecureNetwork`'s arguments. */
export interface NetworkConfig {
    /** IPv4 CIDR block of the VPC, aligned, /16 to /24, with room for every zone's subnets. */
    readonly cidrBlock: string;
    /** Availability zones the VPC spans, 2 to 6. */
    readonly availabilityZoneCount: number;
    /** One NAT gateway for the VPC or one per availability zone. */
    readonly natStrategy: NatStrategy;
    /** Days the VPC flow logs are kept; a CloudWatch Logs retention period. */
    readonly flowLogRetentionDays: number;
    /** Interface VPC endpoints to create, without duplicates. */
    readonly interfaceEndpoints: readonly InterfaceEndpointService[];
}

/** Invalid stack configuration: every problem found, one per line of the message. */
export class ConfigError extends pulumi.RunError {
    /** The problems, each naming the key, the bad value and what is allowed. */
    public readonly problems: readonly string[];

    constructor(problems: readonly string[]) {
        // A RunError: the CLI prints the message alone, without a stack trace of this file.
        super(problems.join("\n"));
        this.name = "ConfigError";
        this.problems = problems;
    }
}

/** How a stack file's value reaches a program: strings as they are, everything else as JSON. */
export function toRawConfigValue(value: unknown): string {
    return typeof value === "string" ? value : JSON.stringify(value);
}

function setCommand(fullKey: string, secret: boolean): string {
    return `pulumi config set${secret ? " --secret" : ""} ${fullKey} <value>`;
}

/**
 * Reads every key of `table` under `namespace` from a raw config map and returns the typed values
 * of the keys that are valid, with one problem per invalid key. Defaults go through the same
 * rules as stack values. A secret key must arrive as a secret and comes back as a secret Output;
 * a plain key must not arrive as a secret, since its value would then leave the program unmasked.
 * Secret values never appear in a problem.
 */
export function readConfigTable<Table extends ConfigTable>(
    namespace: string,
    table: Table,
    raw: Readonly<Record<string, string>>,
    secretKeys: readonly string[],
): { values: Partial<ConfigValues<Table>>; problems: string[] } {
    const values: Record<string, unknown> = {};
    const problems: string[] = [];
    for (const [name, spec] of Object.entries(table)) {
        const fullKey = `${namespace}:${name}`;
        const secret = spec.secret === true;
        const given = Object.prototype.hasOwnProperty.call(raw, fullKey);
        if (given && secret && !secretKeys.includes(fullKey)) {
            problems.push(
                `${fullKey} is a secret but the stack gives it in plain text; ` +
                    `set it with: ${setCommand(fullKey, true)}`,
            );
            continue;
        }
        if (given && !secret && secretKeys.includes(fullKey)) {
            problems.push(
                `${fullKey} is not a secret but the stack gives it encrypted; ` +
                    `set it in plain text with: ${setCommand(fullKey, false)}`,
            );
            continue;
        }
        const text = given
            ? raw[fullKey]
            : spec.default === undefined
              ? undefined
              : toRawConfigValue(spec.default);
        if (text === undefined) {
            problems.push(
                `missing required config key ${fullKey}; set it with: ${setCommand(fullKey, secret)}`,
            );
            continue;
        }
        const decoded = spec.decode(text);
        if (!decoded.ok) {
            const got = secret ? "[secret]" : (decoded.got ?? JSON.stringify(text));
            problems.push(`${fullKey} ${decoded.expected}, got ${got}`);
            continue;
        }
        values[name] = secret ? pulumi.secret(decoded.value) : decoded.value;
    }
    return { values: values as Partial<ConfigValues<Table>>, problems };
}

/**
 * One problem per key in `namespace` that `table` does not declare: a typo would otherwise be
 * ignored silently and the default used instead. Suggests the nearest declared key.
 */
export function unknownKeyProblems(
    namespace: string,
    table: ConfigTable,
    raw: Readonly<Record<string, string>>,
): string[] {
    const known = Object.keys(table);
    return Object.keys(raw)
        .filter(
            (k) => k.startsWith(`${namespace}:`) && !known.includes(k.slice(namespace.length + 1)),
        )
        .sort()
        .map((k) => {
            // Case-blind, so `VpcCidr` still points at `vpcCidr` (Pulumi keys are case-sensitive).
            const nearest = closest(k.slice(namespace.length + 1), known);
            return nearest === undefined
                ? `unknown config key ${k} (known keys: ${known.map((n) => `${namespace}:${n}`).join(", ")})`
                : `unknown config key ${k} (did you mean ${namespace}:${nearest}?)`;
        });
}

type ProjectValues = Partial<ConfigValues<typeof PROJECT_CONFIG>>;

/** Rules that involve more than one key; each runs only when its keys are valid on their own. */
function consistencyProblems(v: ProjectValues): string[] {
    const problems: string[] = [];
    const k = (name: keyof typeof PROJECT_CONFIG): string => `${PROJECT}:${name}`;

    if (v.vpcCidr !== undefined && v.availabilityZones !== undefined) {
        // SecureNetwork's own subnet-room rule, so a config accepted here is one it accepts.
        const prefix = parseIpv4Cidr(v.vpcCidr)!.prefix; // decoded above
        const problem = subnetLayoutProblem(prefix, v.availabilityZones);
        if (problem !== undefined) {
            problems.push(
                `${k("vpcCidr")} ${v.vpcCidr} is too small for ` +
                    `${k("availabilityZones")} ${v.availabilityZones}: ${problem}`,
            );
        }
    }

    if (
        v.appNodeMinSize !== undefined &&
        v.appNodeDesiredSize !== undefined &&
        v.appNodeMaxSize !== undefined
    ) {
        if (!(
            v.appNodeMinSize <= v.appNodeDesiredSize && v.appNodeDesiredSize <= v.appNodeMaxSize
        )) {
            problems.push(
                `${k("appNodeMinSize")} ${v.appNodeMinSize}, ${k("appNodeDesiredSize")} ${v.appNodeDesiredSize} ` +
                    `and ${k("appNodeMaxSize")} ${v.appNodeMaxSize} must be in order: min <= desired <= max`,
            );
        }
    }
    if (
        v.appReplicas !== undefined &&
        v.appMaxReplicas !== undefined &&
        v.appMaxReplicas < v.appReplicas
    ) {
        problems.push(
            `${k("appMaxReplicas")} ${v.appMaxReplicas} must be at least ${k("appReplicas")} ${v.appReplicas}`,
        );
    }

    const zones = v.searchAvailabilityZones;
    if (zones !== undefined && v.availabilityZones !== undefined && zones > v.availabilityZones) {
        problems.push(
            `${k("searchAvailabilityZones")} ${zones} exceeds ${k("availabilityZones")} ` +
                `${v.availabilityZones}: the search domain can only use the VPC's zones`,
        );
    }
    if (
        zones !== undefined &&
        v.searchInstanceCount !== undefined &&
        v.searchInstanceCount % zones !== 0
    ) {
        problems.push(
            `${k("searchInstanceCount")} ${v.searchInstanceCount} must be a multiple of ` +
                `${k("searchAvailabilityZones")} ${zones}, so every zone holds the same nodes`,
        );
    }
    if (v.searchDedicatedMasterCount !== undefined && v.searchDedicatedMasterType !== undefined) {
        if ((v.searchDedicatedMasterCount === 0) !== (v.searchDedicatedMasterType === "")) {
            problems.push(
                `${k("searchDedicatedMasterType")} must be empty exactly when ` +
                    `${k("searchDedicatedMasterCount")} is 0, got ${JSON.stringify(v.searchDedicatedMasterType)} ` +
                    `with ${v.searchDedicatedMasterCount}`,
            );
        }
    }

    if (v.siteDomainName !== undefined && v.siteHostedZoneId !== undefined) {
        if ((v.siteDomainName === "") !== (v.siteHostedZoneId === "")) {
            problems.push(
                `${k("siteDomainName")} and ${k("siteHostedZoneId")} go together: set both or neither`,
            );
        }
    }

    const endpoints = v.interfaceEndpoints;
    if (endpoints !== undefined) {
        const has = (e: InterfaceEndpointService): boolean => endpoints.includes(e);
        for (const [present, missing] of [
            ["ecr.dkr", "ecr.api"],
            ["ecr.api", "ecr.dkr"],
        ] as const) {
            if (has(present) && !has(missing)) {
                problems.push(
                    `${k("interfaceEndpoints")} has "${present}" without "${missing}": pulling ` +
                        `an image from ECR needs both; add "${missing}" or remove "${present}"`,
                );
            }
        }
    }
    return problems;
}

/**
 * Validates a stack's whole config map and returns it typed, or throws one {@link ConfigError}
 * listing every problem. Pure: the same map always gives the same answer, and nothing is read
 * from the environment.
 *
 * @param raw Full keys (`lightspeed:vpcCidr`, `aws:region`) to values as Pulumi passes them:
 *   strings as they are, numbers and booleans as their text, lists and objects as JSON.
 * @param secretKeys The full keys whose values the stack gives as secrets (`secure:`).
 */
export function parseStackConfig(
    raw: Readonly<Record<string, string>>,
    secretKeys: readonly string[],
): StackConfig {
    const project = readConfigTable(PROJECT, PROJECT_CONFIG, raw, secretKeys);
    const aws = readConfigTable("aws", PROVIDER_CONFIG.aws, raw, secretKeys);
    const problems = [
        ...project.problems,
        ...aws.problems,
        ...unknownKeyProblems(PROJECT, PROJECT_CONFIG, raw),
        ...consistencyProblems(project.values),
    ];
    if (problems.length > 0) throw new ConfigError(problems);

    const v = project.values as ConfigValues<typeof PROJECT_CONFIG>;
    return {
        environment: v.environment,
        protect: v.protect,
        alertEmails: v.alertEmails,
        alertSlack: v.alertSlack,
        teamAccess: v.teamAccess,
        region: (aws.values as ConfigValues<typeof PROVIDER_CONFIG.aws>).region,
        network: {
            cidrBlock: v.vpcCidr,
            availabilityZoneCount: v.availabilityZones,
            natStrategy: v.natGateways,
            flowLogRetentionDays: v.flowLogRetentionDays,
            interfaceEndpoints: v.interfaceEndpoints,
        },
        logRetentionDays: v.logRetentionDays,
        pipeline: {
            streamMode: v.pipelineStreamMode,
            shardCount: v.pipelineStreamMode === "PROVISIONED" ? v.pipelineShardCount : undefined,
            retentionHours: v.pipelineRetentionHours,
            archive: v.pipelineArchive,
            archiveTransitionDays: v.pipelineArchiveTransitionDays,
        },
        notifier: { minEmployees: v.notifierMinEmployees, batchSize: v.notifierBatchSize },
        app: {
            sharedClusterStack:
                v.appSharedClusterStack === "" ? undefined : v.appSharedClusterStack,
            kubernetesVersion: v.appKubernetesVersion,
            publicAccessCidrs: v.appPublicAccessCidrs,
            adminRoleArns: v.appAdminRoleArns,
            nodes: {
                instanceTypes: v.appNodeInstanceTypes,
                capacityType: v.appNodeCapacityType,
                minSize: v.appNodeMinSize,
                desiredSize: v.appNodeDesiredSize,
                maxSize: v.appNodeMaxSize,
                diskSizeGb: v.appNodeDiskSizeGb,
            },
            repositories: v.appRepositories,
            imageTag: v.appImageTag,
            replicas: v.appReplicas,
            maxReplicas: v.appMaxReplicas,
            domainName: v.appDomainName,
            hostedZoneId: v.appHostedZoneId,
            deletionProtection: v.appDeletionProtection,
            accessLogRetentionDays: v.appAccessLogRetentionDays,
        },
        search: {
            engineVersion: v.searchEngineVersion,
            instanceType: v.searchInstanceType,
            instanceCount: v.searchInstanceCount,
            availabilityZones: v.searchAvailabilityZones,
            dedicatedMasterCount: v.searchDedicatedMasterCount,
            dedicatedMasterType:
                v.searchDedicatedMasterCount === 0 ? undefined : v.searchDedicatedMasterType,
            volumeSizeGb: v.searchVolumeSizeGb,
            staleAfterDays: v.searchStaleAfterDays,
        },
        reminders: {
            nodeType: v.reminderCacheNodeType,
            replicas: v.reminderCacheReplicas,
            snapshotRetentionDays: v.reminderSnapshotRetentionDays,
            authTokenVersion: v.reminderAuthTokenVersion,
        },
        site: {
            domainName: v.siteDomainName === "" ? undefined : v.siteDomainName,
            hostedZoneId: v.siteHostedZoneId === "" ? undefined : v.siteHostedZoneId,
            priceClass: v.sitePriceClass,
            spaFallback: v.siteSpaFallback,
            webAclArn: v.siteWebAclArn === "" ? undefined : v.siteWebAclArn,
            logRetentionDays: v.siteLogRetentionDays,
        },
    };
}

/**
 * The full keys among `keys` that the stack gives as secrets. The SDK keeps this list in its
 * per-program store (filled from PULUMI_CONFIG_SECRET_KEYS by the language host, or by
 * `runtime.setAllConfig` for inline programs) and exports `runtime.isConfigSecret` to read it,
 * but leaves that function out of its typings, so it is looked up here with a guard.
 */
function configSecretKeys(keys: readonly string[]): string[] {
    const runtime = pulumi.runtime as typeof pulumi.runtime & {
        isConfigSecret?: (key: string) => boolean;
    };
    const isConfigSecret = runtime.isConfigSecret;
    if (typeof isConfigSecret === "function") return keys.filter((k) => isConfigSecret(k));
    // An SDK without the function: fall back to the language host's variable.
    const env = process.env.PULUMI_CONFIG_SECRET_KEYS;
    const listed: unknown = env ? JSON.parse(env) : [];
    return Array.isArray(listed) ? keys.filter((k) => listed.includes(k)) : [];
}

/**
 * Reads and validates the running stack's config. The only reader of Pulumi config in the
 * project; call it before registering any resource, so a bad config stops the program first.
 */
export function loadStackConfig(): StackConfig {
    const raw = pulumi.runtime.allConfig();
    return parseStackConfig(raw, configSecretKeys(Object.keys(raw)));
}

/** One key as `Pulumi.yaml` declares it. */
export interface ProjectConfigDeclaration {
    readonly type: ProjectConfigType;
    readonly items?: { readonly type: ProjectConfigType };
    readonly description: string;
    readonly default?: ConfigDefault;
    readonly secret?: boolean;
}

/**
 * The `config:` block `Pulumi.yaml` must contain: {@link PROJECT_CONFIG} without its rules. The
 * CLI then applies the same defaults and checks the types before the program starts.
 */
export function projectConfigSchema(): Record<string, ProjectConfigDeclaration> {
    const schema: Record<string, ProjectConfigDeclaration> = {};
    for (const [name, spec] of Object.entries(PROJECT_CONFIG as ConfigTable)) {
        schema[name] = {
            type: spec.type,
            ...(spec.items !== undefined && { items: spec.items }),
            description: spec.description,
            ...(spec.default !== undefined && { default: spec.default }),
            ...(spec.secret === true && { secret: true }),
        };
    }
    return schema;
}
