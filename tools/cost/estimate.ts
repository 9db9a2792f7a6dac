/**
 * The monthly cost estimate of a plan: every custom resource and remote component is priced by its
 * type token and inputs (sizes, counts, modes) from the dated table in `prices.ts`, with the usage
 * a plan cannot say (requests, GB, durations) from `usage.ts`. A type with no rule, or inputs the
 * rules cannot read, lands in `unpriced`, never at zero; only resources that AWS really does not
 * bill are priced at 0, with the reason in their basis.
 */
import { UNKNOWN } from "../engine/plan";
import {
    EC2_HOURLY,
    ELASTICACHE_HOURLY,
    HOURS_PER_MONTH,
    OPENSEARCH_HOURLY,
    PRICE_REGION,
    PRICES,
    PRICES_AS_OF,
    PriceName,
    VALKEY_NODE_FACTOR,
} from "./prices";
import {
    defaultValues,
    NO_OVERRIDES,
    USAGE_DEFAULTS,
    UsageError,
    UsageGroup,
    UsageOverrides,
    UsageValues,
} from "./usage";

/** A resource as the plan records it (a RecordedResource, or one of the `--json` document). */
export interface PlanResource {
    readonly urn: string;
    readonly type: string;
    readonly name: string;
    readonly parent?: string | null;
    readonly custom: boolean;
    readonly remote?: boolean;
    /** Registered by the engine's model of a remote component (tools/engine/models). */
    readonly modeled?: boolean;
    readonly inputs: Record<string, unknown>;
    readonly dependencies: readonly string[];
    readonly propertyDependencies: Readonly<Record<string, readonly string[]>>;
}

/** One priced resource, as in the `cost` field of the `--json` document. */
export interface CostItem {
    readonly urn: string;
    readonly type: string;
    readonly name: string;
    /** USD per month, rounded to cents. */
    readonly monthly: number;
    /** How the figure was reached: quantities, unit prices and assumptions, or why it is 0. */
    readonly basis: string;
}

/** The `cost` field of the `--json` document. */
export interface CostReport {
    readonly currency: "USD";
    /** The sum of the items, in USD per month; unpriced resources are not in it. */
    readonly monthlyTotal: number;
    /** Every priced resource, in plan order (those at no charge included, at 0). */
    readonly items: readonly CostItem[];
    /** URNs of resources whose cost (or part of it, see their item's basis) is not estimated. */
    readonly unpriced: readonly string[];
    readonly region: string;
    /** The region the stack deploys to, when known (the prices are `region`'s). */
    readonly stackRegion?: string;
    readonly pricesAsOf: string;
    /** The usage file applied over the defaults, if any. */
    readonly usage: string | null;
}

/** What a rule returns: a price, or undefined when the resource cannot be priced. */
interface Priced {
    readonly monthly: number;
    readonly basis: string;
    /** A part of the cost left out (the resource is then also listed as unpriced). */
    readonly partial?: string;
}

/** What a rule can ask about the plan and the usage assumptions. */
interface Context {
    /** The usage values of a group for a resource: defaults, then file defaults, then overrides. */
    usage<G extends UsageGroup>(group: G, resource?: PlanResource): UsageValues<G>;
    /** True when the usage file overrides this key for this very resource. */
    overridden(resource: PlanResource, key: string): boolean;
    /** The resources one input property of a resource came from (`*`: all its dependencies). */
    sources(resource: PlanResource, property: string): PlanResource[];
    readonly resources: readonly PlanResource[];
}

interface Rule {
    /** The usage group the rule reads (the keys a per-resource override may set). */
    readonly usage?: UsageGroup;
    price(r: PlanResource, ctx: Context): Priced | undefined;
}

const H = HOURS_PER_MONTH;

function p(name: PriceName): number {
    return PRICES[name].usd;
}

/** `$0.045`: a unit price as the table has it. */
function usd(n: number): string {
    return `$${n}`;
}

/** `12,345`: a count. */
function n(value: number): string {
    return value.toLocaleString("en-US", { maximumFractionDigits: 3 });
}

function num(v: unknown): number | undefined {
    return typeof v === "number" && Number.isFinite(v) ? v : undefined;
}

function str(v: unknown): string | undefined {
    return typeof v === "string" && v !== UNKNOWN ? v : undefined;
}

function obj(v: unknown): Record<string, unknown> {
    return v !== null && typeof v === "object" && !Array.isArray(v)
        ? (v as Record<string, unknown>)
        : {};
}

function plural(count: number, word: string): string {
    return `${n(count)} ${word}${count === 1 ? "" : "s"}`;
}

function free(reason: string): Rule {
    return { price: () => ({ monthly: 0, basis: `no charge: ${reason}` }) };
}

// ---------------------------------------------------------------------------------------------
// Network

/** AZs of an awsx Vpc from its inputs (awsx's default is 3). */
function vpcAzs(inputs: Record<string, unknown>): number {
    const names = inputs.availabilityZoneNames;
    if (Array.isArray(names)) return names.length;
    return num(inputs.numberOfAvailabilityZones) ?? 3;
}

const awsxVpc: Rule = {
    usage: "nat",
    price(r, ctx) {
        const azs = vpcAzs(r.inputs);
        const strategy = str(obj(r.inputs.natGateways).strategy) ?? "OnePerAz";
        const nats = { None: 0, Single: 1, OnePerAz: azs }[strategy];
        if (nats === undefined) return undefined;
        const interfaceSpecs = Array.isArray(r.inputs.vpcEndpointSpecs)
            ? r.inputs.vpcEndpointSpecs.filter((s) => obj(s).vpcEndpointType === "Interface").length
            : 0;
        const parts: string[] = [];
        let monthly = 0;
        if (nats > 0) {
            const gb = ctx.usage("nat", r).gbProcessedPerMonth;
            monthly +=
                nats * H * (p("natGatewayHour") + p("publicIpv4Hour")) + gb * p("natGatewayGb");
            parts.push(
                `${plural(nats, "NAT gateway")} (${strategy}, ${azs} AZs) × ${H} h × ` +
                    `(${usd(p("natGatewayHour"))} + ${usd(p("publicIpv4Hour"))} public IPv4) + ` +
                    `${n(gb)} GB × ${usd(p("natGatewayGb"))}`,
            );
        }
        if (interfaceSpecs > 0) {
            monthly += interfaceSpecs * azs * H * p("interfaceEndpointAzHour");
            parts.push(
                `${plural(interfaceSpecs, "interface endpoint")} × ${azs} AZs × ${H} h × ` +
                    usd(p("interfaceEndpointAzHour")),
            );
        }
        if (parts.length === 0) {
            return {
                monthly: 0,
                basis: "no charge: no NAT gateway; the VPC, subnets, routes and gateway endpoints are free",
            };
        }
        return { monthly, basis: parts.join(" + ") };
    },
};

const natGateway: Rule = {
    usage: "nat",
    price(r, ctx) {
        const isPublic = r.inputs.connectivityType !== "private";
        const gb = ctx.usage("nat", r).gbProcessedPerMonth;
        const hourly = p("natGatewayHour") + (isPublic ? p("publicIpv4Hour") : 0);
        return {
            monthly: H * hourly + gb * p("natGatewayGb"),
            basis:
                `${H} h × (${usd(p("natGatewayHour"))}` +
                (isPublic ? ` + ${usd(p("publicIpv4Hour"))} public IPv4` : "") +
                `) + ${n(gb)} GB × ${usd(p("natGatewayGb"))}`,
        };
    },
};

const elasticIp: Rule = {
    price: () => ({
        monthly: H * p("publicIpv4Hour"),
        basis: `${H} h × ${usd(p("publicIpv4Hour"))} public IPv4`,
    }),
};

/**
 * The AZs an interface endpoint has a network interface in: its subnets when the plan knows them,
 * else the subnets it depends on, else the AZ count of the awsx Vpc its subnets come from.
 */
function endpointAzs(r: PlanResource, ctx: Context): { azs: number; how: string } | undefined {
    const subnets = r.inputs.subnetIds;
    if (Array.isArray(subnets)) return { azs: subnets.length, how: "subnets" };
    const sources = ctx.sources(r, "subnetIds");
    const subnetResources = sources.filter((s) => s.type === "aws:ec2/subnet:Subnet");
    if (subnetResources.length > 0) return { azs: subnetResources.length, how: "subnets" };
    const vpc = [...sources, ...ctx.sources(r, "vpcId")].find((s) => s.type === "awsx:ec2:Vpc");
    if (vpc) return { azs: vpcAzs(vpc.inputs), how: `AZs of ${vpc.name}` };
    return undefined;
}

const vpcEndpoint: Rule = {
    usage: "vpcEndpoint",
    price(r, ctx) {
        const kind = str(r.inputs.vpcEndpointType) ?? "Gateway";
        if (kind === "Gateway") {
            return { monthly: 0, basis: "no charge: gateway endpoints (S3, DynamoDB) are free" };
        }
        if (kind !== "Interface") return undefined;
        const found = endpointAzs(r, ctx);
        if (!found) return undefined;
        const gb = ctx.usage("vpcEndpoint", r).gbProcessedPerMonth;
        return {
            monthly: found.azs * H * p("interfaceEndpointAzHour") + gb * p("interfaceEndpointGb"),
            basis:
                `${found.azs} AZs (${found.how}) × ${H} h × ${usd(p("interfaceEndpointAzHour"))} + ` +
                `${n(gb)} GB × ${usd(p("interfaceEndpointGb"))}`,
        };
    },
};

// ---------------------------------------------------------------------------------------------
// EKS and EC2

const controlPlane = {
    monthly: H * PRICES.eksClusterHour.usd,
    basis: `control plane ${H} h × ${usd(PRICES.eksClusterHour.usd)}`,
};

/** Nodes × instance-hours + root volumes; undefined when the instance type has no price. */
function nodes(
    count: number,
    instanceType: string,
    diskGb: number | undefined,
    volumeType: string,
): Priced | undefined {
    const hourly = EC2_HOURLY[instanceType];
    if (hourly === undefined) return undefined;
    let monthly = count * H * hourly;
    let basis = `${n(count)} × ${instanceType} × ${H} h × ${usd(hourly)}`;
    if (diskGb !== undefined && diskGb > 0) {
        const perGb =
            volumeType === "gp3"
                ? p("ebsGp3GbMonth")
                : volumeType === "gp2"
                  ? p("ebsGp2GbMonth")
                  : 0;
        if (perGb === 0) {
            return { monthly, basis, partial: `${volumeType} root volumes not priced` };
        }
        monthly += count * diskGb * perGb;
        basis += ` + ${n(count)} × ${diskGb} GB ${volumeType} × ${usd(perGb)}`;
    }
    return { monthly, basis };
}

const eksClusterComponent: Rule = {
    price(r) {
        const i = r.inputs;
        if (i.fargate !== undefined && i.fargate !== false) {
            return { ...controlPlane, partial: "Fargate pods not priced" };
        }
        if (obj(i.autoMode).enabled === true) {
            return { ...controlPlane, partial: "EKS Auto Mode compute not priced" };
        }
        if (i.skipDefaultNodeGroup === true) {
            return {
                monthly: controlPlane.monthly,
                basis: `${controlPlane.basis}; no default node group`,
            };
        }
        const o = obj(i.nodeGroupOptions);
        const count = num(o.desiredCapacity) ?? num(i.desiredCapacity) ?? 2;
        const type = str(o.instanceType) ?? str(i.instanceType) ?? "t3.medium";
        const disk = num(o.nodeRootVolumeSize) ?? num(i.nodeRootVolumeSize) ?? 20;
        const volume = str(o.nodeRootVolumeType) ?? str(i.nodeRootVolumeType) ?? "gp2";
        const group = nodes(count, type, disk, volume);
        if (!group) return undefined;
        return {
            monthly: controlPlane.monthly + group.monthly,
            basis: `${controlPlane.basis} + default node group ${group.basis}`,
            partial: group.partial,
        };
    },
};

const eksCluster: Rule = { price: () => controlPlane };

/** The root volume a launch template gives (size in GB and type), if the plan says it. */
function templateVolume(template: PlanResource): { gb: number; type: string } | undefined {
    const mappings = Array.isArray(template.inputs.blockDeviceMappings)
        ? template.inputs.blockDeviceMappings
        : [];
    const ebs = obj(obj(mappings[0]).ebs);
    const gb = num(ebs.volumeSize);
    return gb === undefined ? undefined : { gb, type: str(ebs.volumeType) ?? "gp2" };
}

/** A managed node group (aws.eks.NodeGroup or the eks ManagedNodeGroup component). */
const managedNodeGroup: Rule = {
    price(r, ctx) {
        const i = r.inputs;
        if (str(i.capacityType) === "SPOT") return undefined;
        const desired = num(obj(i.scalingConfig).desiredSize);
        if (desired === undefined) return undefined;
        const types = Array.isArray(i.instanceTypes) ? i.instanceTypes : ["t3.medium"];
        const type = str(types[0]);
        if (!type) return undefined;
        if (i.launchTemplate === undefined)
            return nodes(desired, type, num(i.diskSize) ?? 20, "gp2");
        // With a launch template the root volume is the template's.
        const template = ctx
            .sources(r, "launchTemplate")
            .find((s) => s.type === "aws:ec2/launchTemplate:LaunchTemplate");
        const volume = template && templateVolume(template);
        if (!volume) {
            const group = nodes(desired, type, undefined, "gp2");
            return group && { ...group, partial: "launch template volumes not priced" };
        }
        return nodes(desired, type, volume.gb, volume.type);
    },
};

/** A self-managed node group (the eks NodeGroup and NodeGroupV2 components). */
const selfManagedNodeGroup: Rule = {
    price(r) {
        const i = r.inputs;
        if (i.spotPrice !== undefined) return undefined;
        return nodes(
            num(i.desiredCapacity) ?? 2,
            str(i.instanceType) ?? "t3.medium",
            num(i.nodeRootVolumeSize) ?? 20,
            str(i.nodeRootVolumeType) ?? "gp2",
        );
    },
};

const ec2Instance: Rule = {
    price(r) {
        const type = str(r.inputs.instanceType);
        if (!type || EC2_HOURLY[type] === undefined) return undefined;
        return {
            monthly: H * EC2_HOURLY[type],
            basis: `${type} × ${H} h × ${usd(EC2_HOURLY[type])}`,
            partial: "root volume not priced",
        };
    },
};

// ---------------------------------------------------------------------------------------------
// Data stores

const opensearchDomain: Rule = {
    price(r) {
        const c = obj(r.inputs.clusterConfig);
        const type = str(c.instanceType);
        if (!type || OPENSEARCH_HOURLY[type] === undefined) return undefined;
        const count = num(c.instanceCount) ?? 1;
        let monthly = count * H * OPENSEARCH_HOURLY[type];
        const parts = [`${n(count)} × ${type} × ${H} h × ${usd(OPENSEARCH_HOURLY[type])}`];
        const partial: string[] = [];
        if (c.dedicatedMasterEnabled === true) {
            const masterType = str(c.dedicatedMasterType);
            const masters = num(c.dedicatedMasterCount) ?? 3;
            if (!masterType || OPENSEARCH_HOURLY[masterType] === undefined) return undefined;
            monthly += masters * H * OPENSEARCH_HOURLY[masterType];
            parts.push(
                `${n(masters)} masters × ${masterType} × ${H} h × ${usd(OPENSEARCH_HOURLY[masterType])}`,
            );
        }
        if (c.warmEnabled === true) partial.push("UltraWarm nodes not priced");
        const ebs = obj(r.inputs.ebsOptions);
        const size = num(ebs.volumeSize);
        if (ebs.ebsEnabled === true && size !== undefined) {
            const volume = str(ebs.volumeType) ?? "gp2";
            const perGb =
                volume === "gp3"
                    ? p("opensearchGp3GbMonth")
                    : volume === "gp2"
                      ? p("opensearchGp2GbMonth")
                      : undefined;
            if (perGb === undefined) {
                partial.push(`${volume} storage not priced`);
            } else {
                monthly += count * size * perGb;
                parts.push(`${n(count)} × ${size} GB ${volume} × ${usd(perGb)}`);
                if ((num(ebs.iops) ?? 0) > 3000 || (num(ebs.throughput) ?? 0) > 125) {
                    partial.push("gp3 IOPS/throughput above the baseline not priced");
                }
            }
        }
        return { monthly, basis: parts.join(" + "), partial: partial.join("; ") || undefined };
    },
};

function cacheNodePrice(nodeType: string, engine: string): number | undefined {
    const base = ELASTICACHE_HOURLY[nodeType];
    if (base === undefined) return undefined;
    return engine === "valkey" ? base * VALKEY_NODE_FACTOR : base;
}

const replicationGroup: Rule = {
    price(r) {
        const i = r.inputs;
        const type = str(i.nodeType);
        const engine = str(i.engine) ?? "redis";
        if (!type) return undefined;
        const hourly = cacheNodePrice(type, engine);
        if (hourly === undefined) return undefined;
        const count =
            num(i.numCacheClusters) ??
            (num(i.numNodeGroups) ?? 1) * (1 + (num(i.replicasPerNodeGroup) ?? 0));
        return {
            monthly: count * H * hourly,
            basis:
                `${plural(count, "node")} × ${type} (${engine}) × ${H} h × ` +
                usd(Number(hourly.toFixed(6))),
        };
    },
};

const cacheCluster: Rule = {
    price(r) {
        if (r.inputs.replicationGroupId !== undefined) {
            return { monthly: 0, basis: "no charge of its own: priced on its replication group" };
        }
        const type = str(r.inputs.nodeType);
        const engine = str(r.inputs.engine) ?? "redis";
        const hourly = type ? cacheNodePrice(type, engine) : undefined;
        if (!type || hourly === undefined) return undefined;
        const count = num(r.inputs.numCacheNodes) ?? 1;
        return {
            monthly: count * H * hourly,
            basis: `${plural(count, "node")} × ${type} (${engine}) × ${H} h × ${usd(Number(hourly.toFixed(6)))}`,
        };
    },
};

/** Lambda mappings and Firehose streams that read a Kinesis stream. */
function streamReaders(stream: PlanResource, ctx: Context): PlanResource[] {
    return ctx.resources.filter(
        (x) =>
            (x.type === "aws:lambda/eventSourceMapping:EventSourceMapping" &&
                (x.propertyDependencies.eventSourceArn ?? []).includes(stream.urn)) ||
            (x.type === "aws:kinesis/firehoseDeliveryStream:FirehoseDeliveryStream" &&
                (x.propertyDependencies.kinesisSourceConfiguration ?? []).includes(stream.urn)),
    );
}

const kinesisStream: Rule = {
    usage: "kinesis",
    price(r, ctx) {
        const mode = str(obj(r.inputs.streamModeDetails).streamMode) ?? "PROVISIONED";
        const retention = num(r.inputs.retentionPeriod) ?? 24;
        const use = ctx.usage("kinesis", r);
        const partial =
            retention > 168 ? "long-term retention beyond 7 days not priced" : undefined;
        const efo = ctx.resources.some(
            (x) =>
                x.type === "aws:kinesis/streamConsumer:StreamConsumer" &&
                (x.propertyDependencies.streamArn ?? []).includes(r.urn),
        );
        const partials = [partial, efo ? "enhanced fan-out not priced" : undefined].filter(Boolean);
        if (mode === "ON_DEMAND") {
            const readers = streamReaders(r, ctx).length;
            const gbIn = use.gbIngestedPerMonth;
            const gbOut = gbIn * readers;
            // Records stay 24 h for free; up to 7 days, each GB is billed for the extra hours.
            const retained = retention > 24 ? (gbIn * (Math.min(retention, 168) - 24)) / H : 0;
            const parts = [
                `${H} h × ${usd(p("kinesisOnDemandStreamHour"))}`,
                `${n(gbIn)} GB in × ${usd(p("kinesisOnDemandGbIn"))}`,
                `${n(gbOut)} GB out (${plural(readers, "reader")}) × ${usd(p("kinesisOnDemandGbOut"))}`,
            ];
            if (retained > 0) {
                parts.push(
                    `${n(Number(retained.toFixed(2)))} GB-month retained ${retention} h × ` +
                        usd(p("kinesisOnDemandRetentionGbMonth")),
                );
            }
            return {
                monthly:
                    H * p("kinesisOnDemandStreamHour") +
                    gbIn * p("kinesisOnDemandGbIn") +
                    gbOut * p("kinesisOnDemandGbOut") +
                    retained * p("kinesisOnDemandRetentionGbMonth"),
                basis: `on-demand: ${parts.join(" + ")}`,
                partial: partials.join("; ") || undefined,
            };
        }
        if (mode !== "PROVISIONED") return undefined;
        const shards = num(r.inputs.shardCount);
        if (shards === undefined) return undefined;
        const records = use.recordsPerMonth;
        const extended = retention > 24;
        const shardHourly =
            p("kinesisShardHour") + (extended ? p("kinesisExtendedRetentionShardHour") : 0);
        return {
            monthly: shards * H * shardHourly + (records / 1e6) * p("kinesisPutUnitsMillion"),
            basis:
                `provisioned: ${plural(shards, "shard")} × ${H} h × (${usd(p("kinesisShardHour"))}` +
                (extended
                    ? ` + ${usd(p("kinesisExtendedRetentionShardHour"))} retention ${retention} h`
                    : "") +
                `) + ${n(records)} PUT units × ${usd(p("kinesisPutUnitsMillion"))}/M`,
            partial: partials.join("; ") || undefined,
        };
    },
};

const firehose: Rule = {
    usage: "firehose",
    price(r, ctx) {
        const source = ctx
            .sources(r, "kinesisSourceConfiguration")
            .find((s) => s.type === "aws:kinesis/stream:Stream");
        let gb = ctx.usage("firehose", r).gbIngestedPerMonth;
        let from = "";
        if (source && !ctx.overridden(r, "gbIngestedPerMonth")) {
            gb = ctx.usage("kinesis", source).gbIngestedPerMonth;
            from = ` (all of ${source.name})`;
        }
        const extended = obj(r.inputs.extendedS3Configuration);
        const partial: string[] = [];
        if (obj(extended.dynamicPartitioningConfiguration).enabled === true) {
            partial.push("dynamic partitioning not priced");
        }
        if (obj(extended.dataFormatConversionConfiguration).enabled === true) {
            partial.push("format conversion not priced");
        }
        return {
            monthly: gb * p("firehoseGb"),
            basis: `${n(gb)} GB ingested${from} × ${usd(p("firehoseGb"))}`,
            partial: partial.join("; ") || undefined,
        };
    },
};

const dynamodbTable: Rule = {
    usage: "dynamodb",
    price(r, ctx) {
        const i = r.inputs;
        const use = ctx.usage("dynamodb", r);
        if (str(i.tableClass) === "STANDARD_INFREQUENT_ACCESS") return undefined;
        const parts: string[] = [];
        let monthly = 0;
        const mode = str(i.billingMode) ?? "PROVISIONED";
        if (mode === "PAY_PER_REQUEST") {
            monthly +=
                (use.writeRequestUnitsPerMonth / 1e6) * p("dynamodbWriteMillion") +
                (use.readRequestUnitsPerMonth / 1e6) * p("dynamodbReadMillion");
            parts.push(
                `${n(use.writeRequestUnitsPerMonth)} WRU × ${usd(p("dynamodbWriteMillion"))}/M`,
                `${n(use.readRequestUnitsPerMonth)} RRU × ${usd(p("dynamodbReadMillion"))}/M`,
            );
        } else {
            const wcu = num(i.writeCapacity);
            const rcu = num(i.readCapacity);
            if (wcu === undefined || rcu === undefined) return undefined;
            monthly += wcu * H * p("dynamodbWcuHour") + rcu * H * p("dynamodbRcuHour");
            parts.push(
                `${n(wcu)} WCU × ${H} h × ${usd(p("dynamodbWcuHour"))}`,
                `${n(rcu)} RCU × ${H} h × ${usd(p("dynamodbRcuHour"))}`,
            );
        }
        monthly += use.storageGb * p("dynamodbStorageGbMonth");
        parts.push(`${n(use.storageGb)} GB × ${usd(p("dynamodbStorageGbMonth"))}`);
        if (obj(i.pointInTimeRecovery).enabled === true) {
            monthly += use.storageGb * p("dynamodbPitrGbMonth");
            parts.push(`PITR ${n(use.storageGb)} GB × ${usd(p("dynamodbPitrGbMonth"))}`);
        }
        const replicas = Array.isArray(i.replicas) && i.replicas.length > 0;
        return {
            monthly,
            basis: parts.join(" + "),
            partial: replicas ? "global table replicas not priced" : undefined,
        };
    },
};

const kinesisStreamingDestination: Rule = {
    price(r, ctx) {
        const table = ctx
            .sources(r, "tableName")
            .find((s) => s.type === "aws:dynamodb/table:Table");
        if (!table) return undefined;
        const units = ctx.usage("dynamodb", table).writeRequestUnitsPerMonth;
        return {
            monthly: (units / 1e6) * p("dynamodbCdcMillion"),
            basis: `${n(units)} change data capture units (${table.name}'s writes) × ${usd(p("dynamodbCdcMillion"))}/M`,
        };
    },
};

const s3Bucket: Rule = {
    usage: "s3",
    price(r, ctx) {
        const use = ctx.usage("s3", r);
        return {
            monthly:
                use.storageGb * p("s3StandardGbMonth") +
                (use.putRequestsPerMonth / 1000) * p("s3PutThousand") +
                (use.getRequestsPerMonth / 1000) * p("s3GetThousand"),
            basis:
                `${n(use.storageGb)} GB × ${usd(p("s3StandardGbMonth"))} + ` +
                `${n(use.putRequestsPerMonth)} PUT × ${usd(p("s3PutThousand"))}/1k + ` +
                `${n(use.getRequestsPerMonth)} GET × ${usd(p("s3GetThousand"))}/1k`,
        };
    },
};

const ecrRepository: Rule = {
    usage: "ecr",
    price(r, ctx) {
        const gb = ctx.usage("ecr", r).storageGb;
        return {
            monthly: gb * p("ecrStorageGbMonth"),
            basis: `${n(gb)} GB × ${usd(p("ecrStorageGbMonth"))}`,
        };
    },
};

// ---------------------------------------------------------------------------------------------
// Compute and integration

const lambdaFunction: Rule = {
    usage: "lambda",
    price(r, ctx) {
        const use = ctx.usage("lambda", r);
        const arch = Array.isArray(r.inputs.architectures)
            ? str(r.inputs.architectures[0])
            : undefined;
        const arm = arch === "arm64";
        const memoryMb = num(r.inputs.memorySize) ?? 128;
        const gbSeconds =
            use.invocationsPerMonth * (use.averageDurationMs / 1000) * (memoryMb / 1024);
        const rate = arm ? p("lambdaGbSecondArm") : p("lambdaGbSecondX86");
        let monthly =
            (use.invocationsPerMonth / 1e6) * p("lambdaRequestsMillion") + gbSeconds * rate;
        let basis =
            `${n(use.invocationsPerMonth)} requests × ${usd(p("lambdaRequestsMillion"))}/M + ` +
            `${n(Number(gbSeconds.toFixed(1)))} GB-s (${memoryMb} MB × ${n(use.averageDurationMs)} ms, ` +
            `${arm ? "arm64" : "x86_64"}) × ${usd(rate)}`;
        if (str(obj(r.inputs.tracingConfig).mode) === "Active") {
            const traces = use.invocationsPerMonth * use.tracedFraction;
            monthly += (traces / 1e6) * p("xrayTracesMillion");
            basis += ` + ${n(traces)} X-Ray traces × ${usd(p("xrayTracesMillion"))}/M`;
        }
        return { monthly, basis };
    },
};

const stateMachine: Rule = {
    usage: "stepFunctions",
    price(r, ctx) {
        if ((str(r.inputs.type) ?? "STANDARD") !== "STANDARD") return undefined;
        const use = ctx.usage("stepFunctions", r);
        const transitions = use.executionsPerMonth * use.transitionsPerExecution;
        return {
            monthly: (transitions / 1000) * p("sfnStandardThousandTransitions"),
            basis:
                `${n(use.executionsPerMonth)} executions × ${n(use.transitionsPerExecution)} transitions × ` +
                `${usd(p("sfnStandardThousandTransitions"))}/1k`,
        };
    },
};

const snsTopic: Rule = {
    usage: "sns",
    price(r, ctx) {
        if (r.inputs.fifoTopic === true) return undefined;
        const publishes = ctx.usage("sns", r).publishesPerMonth;
        return {
            monthly: (publishes / 1e6) * p("snsPublishMillion"),
            basis: `${n(publishes)} publishes × ${usd(p("snsPublishMillion"))}/M`,
        };
    },
};

const snsSubscription: Rule = {
    usage: "sns",
    price(r, ctx) {
        const protocol = str(r.inputs.protocol);
        const count = ctx.usage("sns", r).notificationsPerMonth;
        switch (protocol) {
            case "lambda":
            case "sqs":
                return {
                    monthly: 0,
                    basis: `no charge: deliveries to ${protocol === "sqs" ? "SQS" : "Lambda"} are free`,
                };
            case "email":
            case "email-json":
                return {
                    monthly: (count / 1e5) * p("snsEmailHundredThousand"),
                    basis: `${n(count)} e-mails × ${usd(p("snsEmailHundredThousand"))}/100k`,
                };
            case "http":
            case "https":
                return {
                    monthly: (count / 1e6) * p("snsHttpMillion"),
                    basis: `${n(count)} notifications × ${usd(p("snsHttpMillion"))}/M`,
                };
            default:
                return undefined;
        }
    },
};

const sqsQueue: Rule = {
    usage: "sqs",
    price(r, ctx) {
        const fifo = r.inputs.fifoQueue === true;
        const price = fifo ? p("sqsFifoMillion") : p("sqsStandardMillion");
        const requests = ctx.usage("sqs", r).requestsPerMonth;
        return {
            monthly: (requests / 1e6) * price,
            basis: `${n(requests)} requests × ${usd(price)}/M${fifo ? " (FIFO)" : ""}`,
        };
    },
};

/** The awsx Vpc a resource depends on, directly or through a few hops. */
function vpcOf(r: PlanResource, ctx: Context, depth = 3): PlanResource | undefined {
    let frontier = [r];
    const seen = new Set<string>([r.urn]);
    for (let d = 0; d < depth; d++) {
        const next: PlanResource[] = [];
        for (const x of frontier) {
            for (const s of ctx.sources(x, "*")) {
                if (s.type === "awsx:ec2:Vpc") return s;
                if (!seen.has(s.urn)) {
                    seen.add(s.urn);
                    next.push(s);
                }
            }
        }
        frontier = next;
    }
    return undefined;
}

/**
 * An ALB or NLB: hours and capacity units, and for an internet-facing one a public IPv4 address
 * per subnet (its AZs), counted from its subnets or its VPC.
 */
function loadBalancerPrice(
    kind: string,
    lcus: number,
    publicIps: { count: number; how: string } | "unknown" | "none",
): Priced | undefined {
    let hourly: number;
    let basis: string;
    if (kind === "application") {
        hourly = p("albHour") + lcus * p("albLcuHour");
        basis = `ALB ${H} h × (${usd(p("albHour"))} + ${n(lcus)} LCU × ${usd(p("albLcuHour"))}`;
    } else if (kind === "network") {
        hourly = p("nlbHour") + lcus * p("nlbLcuHour");
        basis = `NLB ${H} h × (${usd(p("nlbHour"))} + ${n(lcus)} NLCU × ${usd(p("nlbLcuHour"))}`;
    } else {
        return undefined;
    }
    if (publicIps === "unknown") {
        return {
            monthly: H * hourly,
            basis: `${basis})`,
            partial: "public IPv4 addresses not priced",
        };
    }
    if (publicIps !== "none") {
        hourly += publicIps.count * p("publicIpv4Hour");
        basis += ` + ${n(publicIps.count)} public IPv4 (${publicIps.how}) × ${usd(p("publicIpv4Hour"))}`;
    }
    return { monthly: H * hourly, basis: `${basis})` };
}

function publicIpsOf(
    r: PlanResource,
    ctx: Context,
    subnets: unknown,
): { count: number; how: string } | "unknown" {
    if (Array.isArray(subnets) && !subnets.includes(UNKNOWN)) {
        return { count: subnets.length, how: "subnets" };
    }
    if (typeof subnets === "string" && subnets !== UNKNOWN && !subnets.includes(UNKNOWN)) {
        return { count: subnets.split(",").length, how: "subnets" };
    }
    const vpc = vpcOf(r, ctx);
    return vpc ? { count: vpcAzs(vpc.inputs), how: `AZs of ${vpc.name}` } : "unknown";
}

const loadBalancer: Rule = {
    usage: "loadBalancer",
    price(r, ctx) {
        const kind = str(r.inputs.loadBalancerType) ?? "application";
        const internal = r.inputs.internal === true;
        const mappings = Array.isArray(r.inputs.subnetMappings)
            ? r.inputs.subnetMappings
            : undefined;
        return loadBalancerPrice(
            kind,
            ctx.usage("loadBalancer", r).averageLcus,
            internal ? "none" : publicIpsOf(r, ctx, mappings ?? r.inputs.subnets),
        );
    },
};

/** A Kubernetes Ingress served by the AWS Load Balancer Controller gets an ALB of its own. */
const kubernetesIngress: Rule = {
    usage: "loadBalancer",
    price(r, ctx) {
        const spec = obj(r.inputs.spec);
        const annotations = obj(obj(r.inputs.metadata).annotations);
        const cls = str(spec.ingressClassName) ?? str(annotations["kubernetes.io/ingress.class"]);
        if (cls !== "alb") return undefined;
        // Ingresses of one group share an ALB: which one carries it the plan cannot say.
        if (annotations["alb.ingress.kubernetes.io/group.name"] !== undefined) return undefined;
        const internetFacing =
            annotations["alb.ingress.kubernetes.io/scheme"] === "internet-facing";
        const priced = loadBalancerPrice(
            "application",
            ctx.usage("loadBalancer", r).averageLcus,
            internetFacing
                ? publicIpsOf(r, ctx, annotations["alb.ingress.kubernetes.io/subnets"])
                : "none",
        );
        return (
            priced && {
                ...priced,
                basis: `${priced.basis}, created by the load balancer controller`,
            }
        );
    },
};

const kubernetesService: Rule = {
    price(r) {
        const type = str(obj(r.inputs.spec).type) ?? "ClusterIP";
        if (type === "LoadBalancer") return undefined;
        return { monthly: 0, basis: `no charge: a ${type} Service runs on the cluster's nodes` };
    },
};

/** Storage quantity (`10Gi`, `500Mi`, `1Ti`) in GB; undefined when unreadable. */
function quantityGb(q: string | undefined): number | undefined {
    const m = q?.match(/^(\d+(?:\.\d+)?)(Mi|Gi|Ti|M|G|T)?$/);
    if (!m) return undefined;
    const factor: Record<string, number> = {
        Mi: 1 / 1024,
        Gi: 1,
        Ti: 1024,
        M: 1 / 1000,
        G: 1,
        T: 1000,
    };
    return Number(m[1]) * factor[m[2] ?? "G"];
}

const persistentVolumeClaim: Rule = {
    price(r) {
        const spec = obj(r.inputs.spec);
        const gb = quantityGb(str(obj(obj(spec.resources).requests).storage));
        if (gb === undefined) return undefined;
        // EKS's default storage class is gp2; a class named for gp3 gets gp3.
        const gp3 = (str(spec.storageClassName) ?? "").includes("gp3");
        const perGb = gp3 ? p("ebsGp3GbMonth") : p("ebsGp2GbMonth");
        return {
            monthly: gb * perGb,
            basis: `${n(gb)} GB EBS ${gp3 ? "gp3" : "gp2"} × ${usd(perGb)}`,
        };
    },
};

/** Invocations a month of a `rate(...)` schedule expression; undefined for `cron(...)`. */
function rateInvocations(expression: string | undefined): number | undefined {
    const m = expression?.match(/^rate\((\d+)\s+(minute|minutes|hour|hours|day|days)\)$/);
    if (!m) return undefined;
    const minutes =
        Number(m[1]) * (m[2].startsWith("minute") ? 1 : m[2].startsWith("hour") ? 60 : 1440);
    return Math.round((H * 60) / minutes);
}

const schedule: Rule = {
    usage: "scheduler",
    price(r, ctx) {
        const fromRate = ctx.overridden(r, "invocationsPerMonth")
            ? undefined
            : rateInvocations(str(r.inputs.scheduleExpression));
        const count = fromRate ?? ctx.usage("scheduler", r).invocationsPerMonth;
        return {
            monthly: (count / 1e6) * p("schedulerInvocationsMillion"),
            basis: `${n(count)} invocations × ${usd(p("schedulerInvocationsMillion"))}/M`,
        };
    },
};

// ---------------------------------------------------------------------------------------------
// Observability, keys, secrets, edge

const logGroup: Rule = {
    usage: "logs",
    price(r, ctx) {
        if (str(r.inputs.logGroupClass) === "INFREQUENT_ACCESS") return undefined;
        const use = ctx.usage("logs", r);
        const days = num(r.inputs.retentionInDays) ?? 0;
        const months = days > 0 ? (days * 12) / 365 : use.neverExpireMonths;
        const stored = use.gbIngestedPerMonth * months;
        return {
            monthly: use.gbIngestedPerMonth * p("logsIngestGb") + stored * p("logsStoredGbMonth"),
            basis:
                `${n(use.gbIngestedPerMonth)} GB ingested × ${usd(p("logsIngestGb"))} + ` +
                `${n(Number(stored.toFixed(2)))} GB stored (${days > 0 ? `${days} days` : "never expires"}) × ` +
                usd(p("logsStoredGbMonth")),
        };
    },
};

const logDelivery: Rule = {
    usage: "logDelivery",
    price(r, ctx) {
        const destination = ctx.sources(r, "deliveryDestinationArn")[0];
        const target = destination
            ? ctx.sources(destination, "deliveryDestinationConfiguration")[0]
            : undefined;
        if (!target || !target.type.startsWith("aws:s3/bucket")) return undefined;
        const gb = ctx.usage("logDelivery", r).gbDeliveredPerMonth;
        return {
            monthly: gb * p("vendedLogsToS3Gb"),
            basis: `${n(gb)} GB vended logs to S3 × ${usd(p("vendedLogsToS3Gb"))}`,
        };
    },
};

const metricAlarm: Rule = {
    price(r) {
        const queries = Array.isArray(r.inputs.metricQueries) ? r.inputs.metricQueries : [];
        const metrics = Math.max(1, queries.filter((q) => obj(q).metric !== undefined).length);
        const anomaly = r.inputs.thresholdMetricId !== undefined ? 3 : 1;
        const highRes = (num(r.inputs.period) ?? 60) < 60;
        const price = highRes ? p("alarmHighResMetricMonth") : p("alarmMetricMonth");
        const count = metrics * anomaly;
        return {
            monthly: count * price,
            basis: `${plural(count, "alarm metric")}${highRes ? " (high resolution)" : ""} × ${usd(price)}`,
        };
    },
};

const kmsKey: Rule = {
    usage: "kms",
    price(r, ctx) {
        const requests = ctx.usage("kms", r).requestsPerMonth;
        return {
            monthly: p("kmsKeyMonth") + (requests / 1e4) * p("kmsRequestsTenThousand"),
            basis:
                `1 key × ${usd(p("kmsKeyMonth"))} + ${n(requests)} requests × ${usd(p("kmsRequestsTenThousand"))}/10k` +
                (r.inputs.enableKeyRotation === true
                    ? " (each of the first two yearly rotations adds $1)"
                    : ""),
        };
    },
};

const secret: Rule = {
    usage: "secretsManager",
    price(r, ctx) {
        const calls = ctx.usage("secretsManager", r).apiCallsPerMonth;
        return {
            monthly: p("secretMonth") + (calls / 1e4) * p("secretApiTenThousand"),
            basis: `1 secret × ${usd(p("secretMonth"))} + ${n(calls)} API calls × ${usd(p("secretApiTenThousand"))}/10k`,
        };
    },
};

const distribution: Rule = {
    usage: "cloudfront",
    price(r, ctx) {
        const use = ctx.usage("cloudfront", r);
        return {
            monthly:
                use.gbOutPerMonth * p("cloudfrontGbOut") +
                (use.httpsRequestsPerMonth / 1e4) * p("cloudfrontHttpsTenThousand"),
            basis:
                `${n(use.gbOutPerMonth)} GB out × ${usd(p("cloudfrontGbOut"))} + ` +
                `${n(use.httpsRequestsPerMonth)} HTTPS requests × ${usd(p("cloudfrontHttpsTenThousand"))}/10k ` +
                "(North America/Europe rates)",
        };
    },
};

const invalidation: Rule = {
    usage: "cloudfront",
    price(r, ctx) {
        const paths = ctx.usage("cloudfront", r).invalidationPathsPerMonth;
        return {
            monthly: paths * p("cloudfrontInvalidationPath"),
            basis: `${n(paths)} paths × ${usd(p("cloudfrontInvalidationPath"))} (the account's first 1,000 a month are free)`,
        };
    },
};

const certificate: Rule = {
    price(r) {
        if (r.inputs.certificateAuthorityArn !== undefined) return undefined;
        return { monthly: 0, basis: "no charge: public ACM certificates are free" };
    },
};

// ---------------------------------------------------------------------------------------------

/**
 * Helm charts whose own objects cost nothing on AWS: what they make (an ALB for an Ingress, log
 * data) is priced where the plan shows it. Any other chart may create load balancers or volumes
 * the plan cannot see, and stays unpriced.
 */
const FREE_CHARTS = new Set([
    "aws-load-balancer-controller",
    "aws-for-fluent-bit",
    "metrics-server",
    "external-dns",
    "cert-manager",
]);

const helmRelease: Rule = {
    price(r) {
        const chart = str(r.inputs.chart);
        if (!chart || !FREE_CHARTS.has(chart.slice(chart.lastIndexOf("/") + 1))) return undefined;
        return {
            monthly: 0,
            basis: `no charge: ${chart} runs on the cluster's nodes; what it creates is priced where the plan shows it`,
        };
    },
};

const IAM = free("IAM is not billed");
const NETWORK_CONFIG = free(
    "VPC configuration (security groups, subnets, routes, ACLs) is not billed",
);
const S3_CONFIG = free(
    "bucket configuration is not billed (storage and requests are priced on the bucket)",
);

/** The rules, by type token. */
const RULES: Readonly<Record<string, Rule>> = {
    "awsx:ec2:Vpc": awsxVpc,
    "aws:ec2/natGateway:NatGateway": natGateway,
    "aws:ec2/eip:Eip": elasticIp,
    "aws:ec2/vpcEndpoint:VpcEndpoint": vpcEndpoint,
    "aws:ec2/vpc:Vpc": NETWORK_CONFIG,
    "aws:ec2/subnet:Subnet": NETWORK_CONFIG,
    "aws:ec2/routeTable:RouteTable": NETWORK_CONFIG,
    "aws:ec2/route:Route": NETWORK_CONFIG,
    "aws:ec2/routeTableAssociation:RouteTableAssociation": NETWORK_CONFIG,
    "aws:ec2/mainRouteTableAssociation:MainRouteTableAssociation": NETWORK_CONFIG,
    "aws:ec2/internetGateway:InternetGateway": NETWORK_CONFIG,
    "aws:ec2/egressOnlyInternetGateway:EgressOnlyInternetGateway": NETWORK_CONFIG,
    "aws:ec2/securityGroup:SecurityGroup": NETWORK_CONFIG,
    "aws:ec2/securityGroupRule:SecurityGroupRule": NETWORK_CONFIG,
    "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup": NETWORK_CONFIG,
    "aws:ec2/defaultRouteTable:DefaultRouteTable": NETWORK_CONFIG,
    "aws:ec2/defaultNetworkAcl:DefaultNetworkAcl": NETWORK_CONFIG,
    "aws:ec2/networkAcl:NetworkAcl": NETWORK_CONFIG,
    "aws:ec2/networkAclRule:NetworkAclRule": NETWORK_CONFIG,
    "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule": NETWORK_CONFIG,
    "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule": NETWORK_CONFIG,
    "aws:ec2/flowLog:FlowLog": free("flow logs are billed as ingestion into their log group"),
    "aws:ec2/launchTemplate:LaunchTemplate": free("a launch template is not billed"),
    "aws:ec2/instance:Instance": ec2Instance,

    "eks:index:Cluster": eksClusterComponent,
    "aws:eks/cluster:Cluster": eksCluster,
    "eks:index:ManagedNodeGroup": managedNodeGroup,
    "aws:eks/nodeGroup:NodeGroup": managedNodeGroup,
    "eks:index:NodeGroup": selfManagedNodeGroup,
    "eks:index:NodeGroupV2": selfManagedNodeGroup,
    "aws:eks/addon:Addon": free("EKS add-ons from AWS are not billed"),
    "eks:index:Addon": free("EKS add-ons from AWS are not billed"),
    "eks:index:VpcCniAddon": free("EKS add-ons from AWS are not billed"),
    "aws:eks/accessEntry:AccessEntry": free("EKS access entries are not billed"),
    "aws:eks/accessPolicyAssociation:AccessPolicyAssociation": free(
        "EKS access entries are not billed",
    ),
    "aws:eks/podIdentityAssociation:PodIdentityAssociation": free("EKS Pod Identity is not billed"),

    "aws:opensearch/domain:Domain": opensearchDomain,
    "aws:opensearch/domainPolicy:DomainPolicy": free("a domain policy is not billed"),
    "aws:elasticache/replicationGroup:ReplicationGroup": replicationGroup,
    "aws:elasticache/cluster:Cluster": cacheCluster,
    "aws:elasticache/subnetGroup:SubnetGroup": free("ElastiCache subnet groups are not billed"),
    "aws:elasticache/parameterGroup:ParameterGroup": free(
        "ElastiCache parameter groups are not billed",
    ),
    "aws:elasticache/user:User": free("ElastiCache users are not billed"),
    "aws:elasticache/userGroup:UserGroup": free("ElastiCache user groups are not billed"),

    "aws:kinesis/stream:Stream": kinesisStream,
    "aws:kinesis/firehoseDeliveryStream:FirehoseDeliveryStream": firehose,
    "aws:dynamodb/table:Table": dynamodbTable,
    "aws:dynamodb/kinesisStreamingDestination:KinesisStreamingDestination":
        kinesisStreamingDestination,
    "aws:dynamodb/tableItem:TableItem": free("an item's bytes count in its table's storage"),
    "aws:s3/bucket:Bucket": s3Bucket,
    "aws:s3/bucketV2:BucketV2": s3Bucket,
    "aws:s3/bucketObject:BucketObject": free("an object's bytes count in its bucket's storage"),
    "aws:s3/bucketObjectv2:BucketObjectv2": free("an object's bytes count in its bucket's storage"),
    "aws:s3/bucketPolicy:BucketPolicy": S3_CONFIG,
    "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock": S3_CONFIG,
    "aws:s3/bucketOwnershipControls:BucketOwnershipControls": S3_CONFIG,
    "aws:s3/bucketVersioning:BucketVersioning": S3_CONFIG,
    "aws:s3/bucketVersioningV2:BucketVersioningV2": S3_CONFIG,
    "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration":
        S3_CONFIG,
    "aws:s3/bucketServerSideEncryptionConfigurationV2:BucketServerSideEncryptionConfigurationV2":
        S3_CONFIG,
    "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration": S3_CONFIG,
    "aws:s3/bucketLifecycleConfigurationV2:BucketLifecycleConfigurationV2": S3_CONFIG,
    "aws:s3/bucketNotification:BucketNotification": S3_CONFIG,
    "aws:s3/bucketCorsConfiguration:BucketCorsConfiguration": S3_CONFIG,
    "aws:s3/bucketCorsConfigurationV2:BucketCorsConfigurationV2": S3_CONFIG,
    "aws:ecr/repository:Repository": ecrRepository,
    "aws:ecr/lifecyclePolicy:LifecyclePolicy": free("ECR lifecycle policies are not billed"),
    "aws:ecr/repositoryPolicy:RepositoryPolicy": free("ECR repository policies are not billed"),

    "aws:lambda/function:Function": lambdaFunction,
    "aws:lambda/permission:Permission": free("a Lambda permission is not billed"),
    "aws:lambda/eventSourceMapping:EventSourceMapping": free(
        "polling a stream is not billed; the invocations are priced on the function",
    ),
    "aws:lambda/alias:Alias": free("a Lambda alias is not billed"),
    "aws:sfn/stateMachine:StateMachine": stateMachine,
    "aws:sns/topic:Topic": snsTopic,
    "aws:sns/topicSubscription:TopicSubscription": snsSubscription,
    "aws:sns/topicPolicy:TopicPolicy": free("a topic policy is not billed"),
    "aws:sqs/queue:Queue": sqsQueue,
    "aws:sqs/queuePolicy:QueuePolicy": free("a queue policy is not billed"),
    "aws:sqs/redrivePolicy:RedrivePolicy": free("a redrive policy is not billed"),
    "aws:cloudwatch/eventRule:EventRule": free(
        "EventBridge rules are not billed (custom events published to a bus are, per event)",
    ),
    "aws:cloudwatch/eventTarget:EventTarget": free("an EventBridge target is not billed"),
    "aws:scheduler/schedule:Schedule": schedule,
    "aws:scheduler/scheduleGroup:ScheduleGroup": free("a schedule group is not billed"),
    "aws:lb/loadBalancer:LoadBalancer": loadBalancer,
    "aws:alb/loadBalancer:LoadBalancer": loadBalancer,
    "aws:lb/listener:Listener": free("listeners are billed in the load balancer's LCUs"),
    "aws:lb/listenerRule:ListenerRule": free(
        "listener rules are billed in the load balancer's LCUs",
    ),
    "aws:lb/targetGroup:TargetGroup": free("target groups are not billed"),
    "aws:lb/targetGroupAttachment:TargetGroupAttachment": free("target groups are not billed"),

    "aws:cloudwatch/logGroup:LogGroup": logGroup,
    "aws:cloudwatch/logStream:LogStream": free("a log stream's data is priced on its log group"),
    "aws:cloudwatch/logDelivery:LogDelivery": logDelivery,
    "aws:cloudwatch/logDeliverySource:LogDeliverySource": free(
        "log delivery is priced on the LogDelivery",
    ),
    "aws:cloudwatch/logDeliveryDestination:LogDeliveryDestination": free(
        "log delivery is priced on the LogDelivery",
    ),
    "aws:cloudwatch/logResourcePolicy:LogResourcePolicy": free("a resource policy is not billed"),
    "aws:cloudwatch/metricAlarm:MetricAlarm": metricAlarm,
    "aws:cloudwatch/compositeAlarm:CompositeAlarm": {
        price: () => ({
            monthly: p("compositeAlarmMonth"),
            basis: `1 composite alarm × ${usd(p("compositeAlarmMonth"))}`,
        }),
    },
    "aws:cloudwatch/dashboard:Dashboard": {
        price: () => ({
            monthly: p("dashboardMonth"),
            basis: `1 dashboard × ${usd(p("dashboardMonth"))} (the account's first 3 are free)`,
        }),
    },
    "aws:kms/key:Key": kmsKey,
    "aws:kms/alias:Alias": free("a KMS alias is not billed"),
    "aws:secretsmanager/secret:Secret": secret,
    "aws:ssm/parameter:Parameter": {
        price(r) {
            if (str(r.inputs.tier) === "Advanced") {
                return {
                    monthly: p("ssmAdvancedParameterMonth"),
                    basis: `1 advanced parameter × ${usd(p("ssmAdvancedParameterMonth"))}`,
                };
            }
            if (r.inputs.tier !== undefined && str(r.inputs.tier) !== "Standard") return undefined;
            return { monthly: 0, basis: "no charge: standard SSM parameters are free" };
        },
    },
    "aws:secretsmanager/secretVersion:SecretVersion": free(
        "versions are included in the secret's price",
    ),
    "aws:secretsmanager/secretPolicy:SecretPolicy": free("a secret policy is not billed"),
    "aws:cloudfront/distribution:Distribution": distribution,
    "aws:cloudfront/originAccessControl:OriginAccessControl": free(
        "CloudFront configuration is not billed",
    ),
    "aws:cloudfront/originAccessIdentity:OriginAccessIdentity": free(
        "CloudFront configuration is not billed",
    ),
    "aws:cloudfront/responseHeadersPolicy:ResponseHeadersPolicy": free(
        "CloudFront configuration is not billed",
    ),
    "aws:cloudfront/cachePolicy:CachePolicy": free("CloudFront configuration is not billed"),
    "aws:cloudfront/originRequestPolicy:OriginRequestPolicy": free(
        "CloudFront configuration is not billed",
    ),
    "pulumi-nodejs:dynamic:CloudFrontInvalidation": invalidation,
    "aws:acm/certificate:Certificate": certificate,
    "aws:acm/certificateValidation:CertificateValidation": free("validation is not billed"),
    "aws:route53/zone:Zone": {
        price: () => ({
            monthly: p("route53ZoneMonth"),
            basis: `1 hosted zone × ${usd(p("route53ZoneMonth"))}`,
        }),
    },
    "aws:route53/record:Record": free(
        "records are not billed (queries are, on the zone; alias queries to AWS resources are free)",
    ),

    "aws:iam/role:Role": IAM,
    "aws:iam/policy:Policy": IAM,
    "aws:iam/rolePolicy:RolePolicy": IAM,
    "aws:iam/rolePolicyAttachment:RolePolicyAttachment": IAM,
    "aws:iam/policyAttachment:PolicyAttachment": IAM,
    "aws:iam/instanceProfile:InstanceProfile": IAM,
    "aws:iam/openIdConnectProvider:OpenIdConnectProvider": IAM,
    "aws:iam/serviceLinkedRole:ServiceLinkedRole": IAM,
    "aws:iam/group:Group": IAM,
    "aws:iam/groupPolicy:GroupPolicy": IAM,
    "aws:iam/groupPolicyAttachment:GroupPolicyAttachment": IAM,
    "aws:iam/groupMembership:GroupMembership": IAM,
    "aws:iam/userGroupMembership:UserGroupMembership": IAM,
    "aws:iam/user:User": IAM,
    "aws:iam/userPolicy:UserPolicy": IAM,
    "aws:iam/userPolicyAttachment:UserPolicyAttachment": IAM,
    "aws:lambda/functionEventInvokeConfig:FunctionEventInvokeConfig": free(
        "a function's async invocation settings are not billed (its retries are invocations)",
    ),

    "kubernetes:networking.k8s.io/v1:Ingress": kubernetesIngress,
    "kubernetes:core/v1:Service": kubernetesService,
    "kubernetes:core/v1:PersistentVolumeClaim": persistentVolumeClaim,
    "kubernetes:helm.sh/v3:Release": helmRelease,
};

/** Kubernetes objects with no AWS cost of their own (what they run is priced on the nodes). */
const KUBERNETES_FREE = free("a Kubernetes object runs on the cluster's nodes, priced there");

/** Helm charts and YAML bundles can create load balancers and volumes this plan cannot see. */
const KUBERNETES_OPAQUE = /^kubernetes:(helm\.sh|yaml|kustomize)/;

function ruleFor(r: PlanResource): Rule | undefined {
    const rule = RULES[r.type];
    if (rule) return rule;
    if (r.type.startsWith("kubernetes:") && !KUBERNETES_OPAQUE.test(r.type)) return KUBERNETES_FREE;
    if (r.type.startsWith("random:") || r.type.startsWith("tls:")) {
        return free("generated by Pulumi, not an AWS resource");
    }
    return undefined;
}

/**
 * True for what the estimate looks at: custom resources and remote components, not providers,
 * and not the modeled children of a remote component, which its own rule prices (the awsx Vpc's
 * NAT gateways, the eks Cluster's control plane): counting both would bill them twice.
 */
function billable(r: PlanResource): boolean {
    if (r.type.startsWith("pulumi:providers:") || r.type === "pulumi:pulumi:Stack") return false;
    if (r.modeled === true) return false;
    return r.custom || r.remote === true;
}

function cents(value: number): number {
    return Math.round(value * 100) / 100;
}

/** Options of {@link estimateCost}. */
export interface EstimateOptions {
    readonly usage?: UsageOverrides;
    /**
     * Skip resource overrides that name no resource of this plan (for re-pricing an earlier plan
     * with today's usage file, which may name resources added since).
     */
    readonly lenient?: boolean;
    /** The region the stack deploys to (`aws:region`), when known. */
    readonly stackRegion?: string;
}

/** Prices every resource of a plan. Throws UsageError for an override that does not fit. */
export function estimateCost(
    resources: readonly PlanResource[],
    options: EstimateOptions = {},
): CostReport {
    const overrides = options.usage ?? NO_OVERRIDES;
    const byUrn = new Map(resources.map((r) => [r.urn, r]));
    const byName = new Map<string, PlanResource[]>();
    for (const r of resources) byName.set(r.name, [...(byName.get(r.name) ?? []), r]);

    // Resource overrides name a resource by name or URN and set keys of the group its rule reads.
    const overrideOf = new Map<string, Record<string, number>>();
    for (const [key, values] of Object.entries(overrides.resources)) {
        const found = byUrn.has(key) ? [byUrn.get(key)!] : (byName.get(key) ?? []);
        const where = `${overrides.source ?? "usage"}: resources.${key}`;
        if (found.length === 0 && options.lenient) continue;
        if (found.length !== 1) {
            throw new UsageError(
                found.length === 0
                    ? `${where}: no resource with that name or URN in this plan`
                    : `${where}: ${found.length} resources have that name; use the URN`,
            );
        }
        const group = ruleFor(found[0])?.usage;
        const allowed = group ? Object.keys(USAGE_DEFAULTS[group]) : [];
        for (const k of Object.keys(values)) {
            if (!allowed.includes(k)) {
                throw new UsageError(
                    `${where}: unknown key "${k}" for ${found[0].type} ` +
                        `(allowed: ${allowed.length ? allowed.join(", ") : "none, it reads no usage"})`,
                );
            }
        }
        overrideOf.set(found[0].urn, { ...overrideOf.get(found[0].urn), ...values });
    }

    const ctxFor = (current: PlanResource): Context => ({
        usage<G extends UsageGroup>(group: G, resource: PlanResource = current): UsageValues<G> {
            const own =
                ruleFor(resource)?.usage === group ? overrideOf.get(resource.urn) : undefined;
            return {
                ...defaultValues(group),
                ...overrides.defaults[group],
                ...own,
            } as UsageValues<G>;
        },
        overridden(resource, key) {
            return overrideOf.get(resource.urn)?.[key] !== undefined;
        },
        sources(resource, property) {
            const urns =
                property === "*"
                    ? resource.dependencies
                    : (resource.propertyDependencies[property] ?? []);
            return urns
                .map((urn) => byUrn.get(urn))
                .filter((x): x is PlanResource => x !== undefined);
        },
        resources,
    });

    const items: CostItem[] = [];
    const unpriced: string[] = [];
    for (const r of resources) {
        if (!billable(r)) continue;
        const priced = ruleFor(r)?.price(r, ctxFor(r));
        if (!priced) {
            unpriced.push(r.urn);
            continue;
        }
        const basis = priced.partial ? `${priced.basis} (${priced.partial})` : priced.basis;
        items.push({
            urn: r.urn,
            type: r.type,
            name: r.name,
            monthly: cents(priced.monthly),
            basis,
        });
        if (priced.partial) unpriced.push(r.urn);
    }
    const totalCents = items.reduce((sum, i) => sum + Math.round(i.monthly * 100), 0);
    return {
        currency: "USD",
        monthlyTotal: totalCents / 100,
        items,
        unpriced,
        region: PRICE_REGION,
        ...(options.stackRegion ? { stackRegion: options.stackRegion } : {}),
        pricesAsOf: PRICES_AS_OF,
        usage: overrides.source ?? null,
    };
}
