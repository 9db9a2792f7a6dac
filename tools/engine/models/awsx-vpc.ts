/**
 * Model of `awsx.ec2.Vpc` (awsx:ec2:Vpc), from pulumi/pulumi-awsx's source: `awsx/ec2/vpc.ts`
 * (class Vpc: `initialize`, `createInnerVpc`, `decideSubnetSpecs`, `getDefaultAzs`,
 * `shouldCreateNatGateway`, `compareSubnetSpecs`, `createVpcEndpointSecurityGroupId`,
 * `getVpcEndpointDnsDefaults`), `awsx/ec2/subnetDistributorNew.ts` (`getSubnetSpecs`,
 * `getSubnetSpecsAutoMerge`, `allocateSubnetCidrBlocks`, `defaultSubnetInputs`, `nextNetmask`,
 * `getSubnetSpecsExplicit`, `validateAndNormalizeSubnetInputs`),
 * `awsx/ec2/subnetDistributorLegacy.ts` (`getSubnetSpecsLegacy`, `generateDefaultSubnets`,
 * `cidrSubnetV4`, `nextBlock`) and `awsx/ec2/subnetNaming.ts` (`subnetNames`).
 *
 * Read at tag v3.8.0, which is also the newest code in the stored snapshot (e60adf3c,
 * 2026-08-20: nothing under awsx/ changed after v3.8.0 but package.json); the v3.9.0 tag that
 * node_modules pins is not in the snapshot. VPC_RECORD in test/fixtures/models says so.
 *
 * What it registers, in awsx's order: the aws.ec2.Vpc (named like the component), its internet
 * gateway, then per availability zone the subnets (public first), each with its route table,
 * route table association, default route, and for public subnets the EIP and NAT gateway the
 * strategy asks for; then the VPC endpoints (with the security group and ingress rule awsx makes
 * for an "Auto" interface endpoint).
 */
import { UNKNOWN } from "../plan";
import { Handle, ModelBuilder, NotModeled, pick } from "./builder";

/** aws.ec2.Vpc's input properties (node_modules/@pulumi/aws/ec2/vpc.js): what `...args` keeps. */
const VPC_INPUTS = [
    "assignGeneratedIpv6CidrBlock",
    "cidrBlock",
    "enableDnsHostnames",
    "enableDnsSupport",
    "enableNetworkAddressUsageMetrics",
    "instanceTenancy",
    "ipv4IpamPoolId",
    "ipv4NetmaskLength",
    "ipv6CidrBlock",
    "ipv6CidrBlockNetworkBorderGroup",
    "ipv6IpamPoolId",
    "ipv6NetmaskLength",
    "region",
    "tags",
] as const;

interface SubnetSpecInput {
    readonly type: string;
    readonly name?: string;
    readonly cidrMask?: number;
    readonly size?: number;
    readonly cidrBlocks?: string[];
    readonly tags?: Record<string, unknown>;
    readonly assignIpv6AddressOnCreation?: unknown;
}

/** One subnet awsx decided on (awsx/ec2/subnetSpecs.ts SubnetSpec). */
export interface SubnetPlan {
    readonly type: string;
    readonly azName: string;
    readonly cidrBlock: string;
    readonly resourceName: string;
    readonly nameTag: string;
    readonly tags?: Record<string, unknown>;
    readonly assignIpv6AddressOnCreation?: unknown;
}

// --- IPv4 arithmetic (what awsx does with the netmask and ip-address packages) -----------------

function ipToNumber(ip: string): number {
    const parts = ip.split(".").map(Number);
    if (parts.length !== 4 || parts.some((p) => !Number.isInteger(p) || p < 0 || p > 255)) {
        throw new NotModeled(`"${ip}" is not an IPv4 address`);
    }
    return ((parts[0] * 256 + parts[1]) * 256 + parts[2]) * 256 + parts[3];
}

function numberToIp(n: number): string {
    return [24, 16, 8, 0].map((s) => Math.floor(n / 2 ** s) % 256).join(".");
}

/** A block as netmask's `new Netmask(address, bitmask)` makes it: the address masked down. */
interface Block {
    readonly base: number;
    readonly bitmask: number;
}

function block(address: number, bitmask: number): Block {
    const size = 2 ** (32 - bitmask);
    return { base: Math.floor(address / size) * size, bitmask };
}

function parseCidr(cidr: string): { address: number; bitmask: number } {
    const [ip, mask] = cidr.split("/");
    const bitmask = mask === undefined ? 32 : Number(mask);
    if (!Number.isInteger(bitmask) || bitmask < 0 || bitmask > 32) {
        throw new NotModeled(`"${cidr}" is not an IPv4 CIDR block`);
    }
    return { address: ipToNumber(ip), bitmask };
}

const size = (b: Block) => 2 ** (32 - b.bitmask);
const last = (b: Block) => b.base + size(b) - 1;
const show = (b: Block) => `${numberToIp(b.base)}/${b.bitmask}`;

/** subnetDistributorNew.ts `nextNetmask`: the block of the new size after `previous`. */
function nextNetmask(previous: Block, bitmask: number): Block {
    const widened = block(last(previous), bitmask);
    return { base: widened.base + size(widened), bitmask };
}

/** subnetDistributorNew.ts `newBits`. */
function newBits(count: number): number {
    return count === 0 ? 0 : Math.ceil(Math.log2(count));
}

/** subnetNaming.ts `subnetNames`: the Pulumi name (by AZ index) and the Name tag (strategy). */
function subnetNames(
    vpcName: string,
    spec: SubnetSpecInput,
    azNum: number,
    azName: string,
    strategy: string,
): { resourceName: string; nameTag: string } {
    const specName = spec.name ?? spec.type.toLowerCase();
    const azSuffix = /^[a-z]{2}(?:-[a-z]+)+-/.test(azName)
        ? azName.replace(/^[a-z]{2}(?:-[a-z]+)+-/, "")
        : azName;
    return {
        resourceName: `${vpcName}-${specName}-${azNum}`,
        nameTag: `${vpcName}-${specName}-${strategy === "AvailabilityZone" ? azSuffix : azNum}`,
    };
}

/** subnetDistributorNew.ts `validSubnetSizes`: index = netmask. */
const SUBNET_SIZES = Array.from({ length: 31 }, (_, i) => 2 ** (32 - i));

/** subnetDistributorNew.ts `validateAndNormalizeSubnetInputs`, non-explicit branch. */
function normalize(specs: SubnetSpecInput[]): SubnetSpecInput[] {
    return specs.map((spec) => {
        const cidrMask = spec.cidrMask ?? (spec.size ? SUBNET_SIZES.indexOf(spec.size) : undefined);
        return { ...spec, cidrMask, size: cidrMask ? SUBNET_SIZES[cidrMask] : undefined };
    });
}

/** subnetDistributorNew.ts `defaultSubnetInputs`. */
function defaultSubnetInputs(azBitmask: number): SubnetSpecInput[] {
    if (azBitmask > 26) {
        throw new NotModeled(
            `awsx refuses default subnets with less than /26 per AZ (/${azBitmask})`,
        );
    }
    const max = Math.max(azBitmask, 16);
    return [
        { type: "Private", cidrMask: max + 1 },
        { type: "Public", cidrMask: max + 2 },
    ];
}

/** subnetDistributorNew.ts `mergeWithDefaultSubnetSpecs` (AutoMerge). */
function mergeWithDefaults(
    user: SubnetSpecInput[],
    defaults: SubnetSpecInput[],
): SubnetSpecInput[] {
    const overrides = new Map<string, SubnetSpecInput>();
    const extra: SubnetSpecInput[] = [];
    for (const spec of user) {
        const match = defaults.find((d) => d.type.toLowerCase() === spec.type.toLowerCase());
        if (match !== undefined && spec.name === undefined) {
            overrides.set(spec.type.toLowerCase(), spec);
            continue;
        }
        extra.push(spec);
    }
    return [...defaults.map((d) => ({ ...d, ...overrides.get(d.type.toLowerCase()) })), ...extra];
}

/**
 * subnetDistributorNew.ts `getSubnetSpecs` with `allocateSubnetCidrBlocks` ("Auto"), and
 * `getSubnetSpecsAutoMerge` ("AutoMerge"): AZ blocks side by side, subnets packed in each.
 */
function autoSubnets(
    vpcName: string,
    vpcCidr: string,
    azNames: string[],
    userSpecs: SubnetSpecInput[] | undefined,
    azCidrMask: number | undefined,
    merge: boolean,
    nameTagStrategy: string,
): SubnetPlan[] {
    const vpc = parseCidr(vpcCidr);
    const azBitmask = azCidrMask ?? vpc.bitmask + newBits(azNames.length);
    const allocationSpecs = merge
        ? mergeWithDefaults(userSpecs ?? [], defaultSubnetInputs(azBitmask))
        : (userSpecs ?? defaultSubnetInputs(azBitmask));
    const namingSpecs = merge
        ? mergeWithDefaults(userSpecs ?? [], [{ type: "Private" }, { type: "Public" }])
        : (userSpecs ?? [{ type: "Private" }, { type: "Public" }]);
    if (allocationSpecs.length === 0) throw new NotModeled("awsx refuses a VPC with no subnets");
    const defaultBitmask = azBitmask + newBits(allocationSpecs.length);
    const base = block(vpc.address, vpc.bitmask).base;
    const azSize = 2 ** (32 - azBitmask);
    const total = allocationSpecs.reduce(
        (acc, s) => acc + 2 ** (32 - (s.cidrMask ?? defaultBitmask)),
        0,
    );
    if (total > azSize) {
        throw new NotModeled(`subnets need ${total} addresses, an AZ has ${azSize} (awsx fails)`);
    }
    const out: SubnetPlan[] = [];
    let az = block(base, azBitmask);
    azNames.forEach((azName, azIndex) => {
        let current: Block | undefined;
        allocationSpecs.forEach((spec, i) => {
            const mask = spec.cidrMask ?? defaultBitmask;
            current = current === undefined ? block(az.base, mask) : nextNetmask(current, mask);
            const named = namingSpecs[i];
            out.push({
                type: named.type,
                azName,
                cidrBlock: show(current),
                ...subnetNames(vpcName, named, azIndex + 1, azName, nameTagStrategy),
                tags: named.tags,
                assignIpv6AddressOnCreation: named.assignIpv6AddressOnCreation,
            });
        });
        az = { base: az.base + size(az), bitmask: az.bitmask };
    });
    return out;
}

/** subnetDistributorNew.ts `getSubnetSpecsExplicit`: every spec's `cidrBlocks[azIndex]`. */
function explicitSubnets(
    vpcName: string,
    azNames: string[],
    specs: SubnetSpecInput[],
    nameTagStrategy: string,
): SubnetPlan[] {
    return azNames.flatMap((azName, azIndex) =>
        specs.map((spec) => {
            if (!spec.cidrBlocks || spec.cidrBlocks.length !== azNames.length) {
                throw new NotModeled(
                    "with explicit cidrBlocks every subnet spec needs one block per AZ (awsx fails)",
                );
            }
            return {
                type: spec.type,
                azName,
                cidrBlock: spec.cidrBlocks[azIndex],
                ...subnetNames(vpcName, spec, azIndex + 1, azName, nameTagStrategy),
                tags: spec.tags,
                assignIpv6AddressOnCreation: spec.assignIpv6AddressOnCreation,
            };
        }),
    );
}

/** ip-address's view of "a.b.c.d/m": the address as written, the mask, and its masked range. */
interface Addr {
    readonly address: number;
    readonly mask: number;
}

const addrStart = (a: Addr) => block(a.address, a.mask).base;
const addrEnd = (a: Addr) => addrStart(a) + 2 ** (32 - a.mask) - 1;
const addrText = (a: Addr) => `${numberToIp(a.address)}/${a.mask}`;

/** subnetDistributorLegacy.ts `cidrSubnetV4`: the address (unmasked) plus netNum blocks. */
function cidrSubnetV4(range: Addr, bits: number, netNum: number): Addr {
    const mask = range.mask + bits;
    if (mask > 32) throw new NotModeled(`awsx's legacy allocator ran out of bits (/${mask})`);
    return { address: range.address + 2 ** (32 - mask) * netNum, mask };
}

/** subnetDistributorLegacy.ts `isOverlapping`. */
function overlapping(a: Addr, b: Addr): boolean {
    return addrStart(a) <= addrEnd(b) && addrStart(b) <= addrEnd(a);
}

/** subnetDistributorLegacy.ts `nextBlock`. */
function nextBlock(previous: Addr, mask: number): Addr {
    const widened: Addr = { address: addrEnd(previous), mask };
    return { address: addrEnd(widened) + 1, mask };
}

/** subnetDistributorLegacy.ts `nextPow2`. */
function nextPow2(n: number): number {
    if (n === 0) return 1;
    let p = 1;
    while (p < n) p *= 2;
    return p;
}

/** subnetDistributorLegacy.ts `getSubnetSpecsLegacy` (and `generateDefaultSubnets`). */
function legacySubnets(
    vpcName: string,
    vpcCidr: string,
    azNames: string[],
    specs: SubnetSpecInput[] | undefined,
    azCidrMask: number | undefined,
    nameTagStrategy: string,
): SubnetPlan[] {
    const parsed = parseCidr(vpcCidr);
    const vpc: Addr = { address: parsed.address, mask: parsed.bitmask };
    const bitsPerAz =
        azCidrMask !== undefined ? azCidrMask - vpc.mask : Math.log2(nextPow2(azNames.length));
    const azBases = azNames.map((_, i) => cidrSubnetV4(vpc, bitsPerAz, i));
    const plan = (spec: SubnetSpecInput, type: string, a: Addr, i: number): SubnetPlan => ({
        type,
        azName: azNames[i],
        cidrBlock: addrText(a),
        ...subnetNames(vpcName, spec, i + 1, azNames[i], nameTagStrategy),
        tags: spec.tags,
        assignIpv6AddressOnCreation: spec.assignIpv6AddressOnCreation,
    });
    if (specs === undefined) {
        const priv = azBases.map((b, i) =>
            plan({ type: "Private" }, "Private", cidrSubnetV4(b, 1, 0), i),
        );
        const pub = azBases.map((b, i) =>
            plan(
                { type: "Public" },
                "Public",
                cidrSubnetV4(cidrSubnetV4(cidrSubnetV4(b, 1, 0), 0, 1), 1, 0),
                i,
            ),
        );
        return [...priv, ...pub];
    }
    const baseMask = azBases[0].mask;
    const ofType = (t: string) => specs.filter((s) => s.type.toLowerCase() === t);
    const bitsPerSubnet = specs.length === 1 ? 0 : 1;
    const out: SubnetPlan[] = [];
    azNames.forEach((_, i) => {
        let current: Addr = { address: addrStart(azBases[i]) - 1, mask: 32 };
        const made: Record<string, Addr[]> = { private: [], public: [], isolated: [] };
        const place = (type: string, defaultMask: number, previous: string[]) => {
            ofType(type).forEach((spec, j) => {
                const before = previous.map((p) => made[p]).find((m) => m.length > 0);
                const baseCidr = before ? before[before.length - 1] : azBases[i];
                const splitBase = before ? cidrSubnetV4(baseCidr, 0, 1) : azBases[i];
                const mask = spec.cidrMask ?? Math.max(baseMask + bitsPerSubnet, defaultMask);
                let next = cidrSubnetV4(
                    type === "private" ? azBases[i] : splitBase,
                    mask - baseCidr.mask,
                    j,
                );
                if (overlapping(current, next)) next = nextBlock(current, mask);
                made[type].push(next);
                const label = type[0].toUpperCase() + type.slice(1);
                out.push(plan(spec, label, next, i));
                current = next;
            });
        };
        place("private", 19, []);
        place("public", 20, ["private"]);
        place("isolated", 24, ["public", "private"]);
    });
    // getSubnetSpecsLegacy concatenates per AZ: private, public, isolated.
    return out;
}

// --- the model ---------------------------------------------------------------------------------

const str = (v: unknown): string | undefined => (typeof v === "string" ? v : undefined);

/** Fails the model (the component is then reported unchecked) when a value is not plain. */
function plain<T>(value: T, what: string): T {
    if (value === UNKNOWN || JSON.stringify(value ?? null).includes(UNKNOWN)) {
        throw new NotModeled(`${what} is unknown during preview, and decides which children exist`);
    }
    return value;
}

/** The subnets awsx decides on for these arguments (exported for the tests' tables). */
export function decideSubnets(
    name: string,
    args: Record<string, unknown>,
    azNames: string[],
    cidrBlock: string,
): SubnetPlan[] {
    const strategy = str(args.subnetStrategy) ?? "Legacy";
    const nameTagStrategy = str(args.subnetNameTagStrategy) ?? "Legacy";
    const raw = args.subnetSpecs as SubnetSpecInput[] | undefined;
    const azMask =
        typeof args.availabilityZoneCidrMask === "number"
            ? args.availabilityZoneCidrMask
            : undefined;
    const explicit = raw?.some((s) => s.cidrBlocks !== undefined) ?? false;
    const specs = raw === undefined || explicit ? raw : normalize(raw);
    // Vpc.pickSubnetAllocator.
    if (
        strategy === "Legacy" ||
        (specs === undefined && strategy !== "Auto" && strategy !== "AutoMerge")
    ) {
        return legacySubnets(name, cidrBlock, azNames, specs, azMask, nameTagStrategy);
    }
    if (explicit && specs !== undefined) {
        if (strategy === "AutoMerge") {
            throw new NotModeled(
                'awsx refuses explicit cidrBlocks with subnetStrategy "AutoMerge"',
            );
        }
        return explicitSubnets(name, azNames, specs, nameTagStrategy);
    }
    return autoSubnets(
        name,
        cidrBlock,
        azNames,
        specs,
        azMask,
        strategy === "AutoMerge",
        nameTagStrategy,
    );
}

/** vpc.ts `compareSubnetSpecs`: public first, then private, then isolated. */
function rank(type: string): number {
    const t = type.toLowerCase();
    return t === "public" ? 0 : t === "private" ? 1 : 2;
}

/** vpc.ts `shouldCreateNatGateway`. */
function shouldCreateNat(strategy: string, count: number, azIndex: number): boolean {
    switch (strategy.toLowerCase()) {
        case "none":
            return false;
        case "single":
            return count < 1;
        case "oneperaz":
            return count < azIndex + 1;
        default:
            throw new NotModeled(`unknown NatGatewayStrategy "${strategy}" (awsx fails)`);
    }
}

/** Registers what awsx:ec2:Vpc registers; `urn`, `name` and `args` are the component's. */
export function modelVpc(
    b: ModelBuilder,
    urn: string,
    name: string,
    args: Record<string, unknown>,
): void {
    if (args.availabilityZoneNames !== undefined && args.numberOfAvailabilityZones !== undefined) {
        throw new NotModeled(
            "availabilityZoneNames and numberOfAvailabilityZones are both set (awsx fails)",
        );
    }
    for (const key of [
        "subnetSpecs",
        "subnetStrategy",
        "natGateways",
        "availabilityZoneNames",
        "numberOfAvailabilityZones",
        "cidrBlock",
        "vpcEndpointSpecs",
        "vpcEndpointStrategy",
        "availabilityZoneCidrMask",
        "subnetNameTagStrategy",
    ]) {
        plain(args[key], key);
    }
    const region = str(args.region);
    // getDefaultAzs: the first N (default 3) of aws.getAvailabilityZones.
    let azNames: string[];
    if (Array.isArray(args.availabilityZoneNames)) {
        azNames = args.availabilityZoneNames as string[];
    } else {
        const count =
            typeof args.numberOfAvailabilityZones === "number" ? args.numberOfAvailabilityZones : 3;
        const zones = b.invoke(
            "aws:index/getAvailabilityZones:getAvailabilityZones",
            region ? { region } : {},
        ).names as string[];
        if (zones.length < count) {
            throw new NotModeled(`the region has ${zones.length} AZs, fewer than ${count}`);
        }
        azNames = zones.slice(0, count);
    }
    const nat = (args.natGateways ?? {}) as {
        strategy?: string;
        elasticIpAllocationIds?: unknown[];
    };
    const natStrategy = nat.strategy ?? "OnePerAz";
    const allocationIds = nat.elasticIpAllocationIds ?? [];
    // decideCidrBlockVpcInput.
    const cidrBlock =
        str(args.cidrBlock) ?? (args.ipv4IpamPoolId !== undefined ? undefined : "10.0.0.0/16");
    if (cidrBlock === undefined) {
        throw new NotModeled(
            "the CIDR block comes from an IPAM pool, known only after the VPC exists",
        );
    }
    // getVpcEndpointDnsDefaults: "Auto" interface endpoints with private DNS turn DNS on.
    const endpointStrategy = str(args.vpcEndpointStrategy) ?? "Legacy";
    const endpointSpecs = ((args.vpcEndpointSpecs ?? []) as Record<string, unknown>[]).map(
        (spec) => ({
            spec,
            endpointType:
                spec.vpcEndpointType === undefined
                    ? "gateway"
                    : String(spec.vpcEndpointType).toLowerCase(),
        }),
    );
    const dnsOn =
        endpointStrategy === "Auto" &&
        endpointSpecs.some(
            (e) => e.endpointType === "interface" && (e.spec.privateDnsEnabled ?? true) === true,
        );
    const tags = args.tags;
    if (tags === UNKNOWN) throw new NotModeled("tags is unknown during preview");
    const sharedTags = { Name: name, ...(tags as Record<string, unknown> | undefined) };
    const subnets = decideSubnets(name, args, azNames, cidrBlock);

    const vpc = b.register(
        "aws:ec2/vpc:Vpc",
        name,
        urn,
        pick(
            {
                ...args,
                enableDnsHostnames: dnsOn
                    ? (args.enableDnsHostnames ?? true)
                    : args.enableDnsHostnames,
                enableDnsSupport: dnsOn ? (args.enableDnsSupport ?? true) : args.enableDnsSupport,
                cidrBlock,
                tags: sharedTags,
            },
            VPC_INPUTS,
        ),
    );
    const igw = b.register(
        "aws:ec2/internetGateway:InternetGateway",
        name,
        vpc,
        { region, vpcId: vpc.id, tags: sharedTags },
        { dependsOn: [vpc] },
    );

    const routeTables: Handle[] = [];
    const natGateways: Handle[] = [];
    const eips: Handle[] = [];
    const generated: { id: unknown; type: string; azName: string }[] = [];
    azNames.forEach((azName, i) => {
        subnets
            .filter((s) => s.azName === azName && s.type !== "Unused")
            .sort((x, y) => rank(x.type) - rank(y.type))
            .forEach((spec) => {
                const type = spec.type.toLowerCase();
                // resolveAssignIpv6AddressOnCreation: subnet's, else the VPC's, else false.
                const assignIpv6 =
                    spec.assignIpv6AddressOnCreation ?? args.assignGeneratedIpv6CidrBlock ?? false;
                const subnet = b.register(
                    "aws:ec2/subnet:Subnet",
                    spec.resourceName,
                    vpc,
                    {
                        region,
                        vpcId: vpc.id,
                        availabilityZone: spec.azName,
                        mapPublicIpOnLaunch: type === "public",
                        cidrBlock: spec.cidrBlock,
                        assignIpv6AddressOnCreation: assignIpv6,
                        // handleIpv6Cidr waits on the VPC's ipv6CidrBlock: unknown in a first
                        // preview; undefined once known when no IPv6 is assigned.
                        ipv6CidrBlock:
                            b.options.known && assignIpv6 === false ? undefined : UNKNOWN,
                        tags: {
                            ...sharedTags,
                            ...spec.tags,
                            Name: spec.nameTag,
                            SubnetType: spec.type,
                        },
                    },
                    { dependsOn: [vpc] },
                );
                generated.push({ id: subnet.id, type, azName: spec.azName });
                const routeTable = b.register(
                    "aws:ec2/routeTable:RouteTable",
                    spec.resourceName,
                    subnet,
                    {
                        region,
                        vpcId: vpc.id,
                        tags: { ...sharedTags, Name: spec.nameTag, SubnetType: spec.type },
                    },
                    { dependsOn: [subnet] },
                );
                routeTables.push(routeTable);
                b.register(
                    "aws:ec2/routeTableAssociation:RouteTableAssociation",
                    spec.resourceName,
                    routeTable,
                    { region, routeTableId: routeTable.id, subnetId: subnet.id },
                    { dependsOn: [routeTable] },
                );
                if (type === "public" && shouldCreateNat(natStrategy, natGateways.length, i)) {
                    const createEip = allocationIds.length === 0;
                    if (createEip) {
                        eips.push(
                            b.register(
                                "aws:ec2/eip:Eip",
                                `${name}-${i + 1}`,
                                subnet,
                                {
                                    region,
                                    tags: { ...(tags as object), Name: `${name}-${i + 1}` },
                                },
                                { dependsOn: [subnet] },
                            ),
                        );
                    }
                    natGateways.push(
                        b.register(
                            "aws:ec2/natGateway:NatGateway",
                            `${name}-${i + 1}`,
                            subnet,
                            {
                                region,
                                subnetId: subnet.id,
                                allocationId: createEip
                                    ? eips[i].out("allocationId")
                                    : allocationIds[i],
                                tags: { ...(tags as object), Name: `${name}-${i + 1}` },
                            },
                            { dependsOn: [subnet] },
                        ),
                    );
                }
                if (type === "public") {
                    b.register(
                        "aws:ec2/route:Route",
                        spec.resourceName,
                        routeTable,
                        {
                            region,
                            routeTableId: routeTable.id,
                            gatewayId: igw.id,
                            destinationCidrBlock: "0.0.0.0/0",
                        },
                        { dependsOn: [routeTable] },
                    );
                } else if (type === "private" && natStrategy.toLowerCase() !== "none") {
                    const gateway =
                        natStrategy.toLowerCase() === "single" ? natGateways[0] : natGateways[i];
                    if (gateway === undefined) {
                        throw new NotModeled(
                            "a private subnet has no NAT gateway to route through",
                        );
                    }
                    b.register(
                        "aws:ec2/route:Route",
                        spec.resourceName,
                        routeTable,
                        {
                            region,
                            routeTableId: routeTable.id,
                            natGatewayId: gateway.id,
                            destinationCidrBlock: "0.0.0.0/0",
                        },
                        { dependsOn: [routeTable] },
                    );
                }
            });
    });

    for (const { spec, endpointType } of endpointSpecs) {
        const serviceName = str(spec.serviceName);
        if (serviceName === undefined)
            throw new NotModeled("a VPC endpoint's serviceName is not a plain string");
        const endpointRegion = spec.region ?? region;
        const autoInterface = endpointStrategy === "Auto" && endpointType === "interface";
        const autoGateway = endpointStrategy === "Auto" && endpointType === "gateway";
        let securityGroupIds = spec.securityGroupIds;
        if (autoInterface && spec.securityGroupIds === undefined) {
            // createVpcEndpointSecurityGroupId.
            const group = b.register(
                "aws:ec2/securityGroup:SecurityGroup",
                `${serviceName}-sg`,
                vpc,
                {
                    region: endpointRegion,
                    vpcId: vpc.id,
                    tags: { ...sharedTags, ...(spec.tags as object | undefined) },
                },
                { dependsOn: [vpc] },
            );
            const ipType =
                typeof spec.ipAddressType === "string" ? spec.ipAddressType.toLowerCase() : "";
            b.register(
                "aws:ec2/securityGroupRule:SecurityGroupRule",
                `${serviceName}-ingress`,
                vpc,
                {
                    region: endpointRegion,
                    type: "ingress",
                    securityGroupId: group.id,
                    protocol: "tcp",
                    fromPort: 443,
                    toPort: 443,
                    cidrBlocks: [vpc.out("cidrBlock")],
                    ...(ipType === "ipv6" || ipType === "dualstack"
                        ? { ipv6CidrBlocks: [vpc.out("ipv6CidrBlock")] }
                        : {}),
                },
                { dependsOn: [group] },
            );
            securityGroupIds = [group.id];
        }
        // selectVpcEndpointSubnetIds: one subnet per AZ, private before isolated before public.
        const subnetIds =
            autoInterface && spec.subnetIds === undefined && spec.subnetConfigurations === undefined
                ? azNames.flatMap((az) => {
                      for (const t of ["private", "isolated", "public"]) {
                          const found = generated.find((g) => g.azName === az && g.type === t);
                          if (found) return [found.id];
                      }
                      return [];
                  })
                : spec.subnetIds;
        b.register(
            "aws:ec2/vpcEndpoint:VpcEndpoint",
            serviceName,
            vpc,
            {
                autoAccept: spec.autoAccept,
                dnsOptions: spec.dnsOptions,
                ipAddressType: spec.ipAddressType,
                policy: spec.policy,
                privateDnsEnabled:
                    autoInterface && spec.privateDnsEnabled === undefined
                        ? true
                        : spec.privateDnsEnabled,
                region: endpointRegion,
                resourceConfigurationArn: spec.resourceConfigurationArn,
                routeTableIds:
                    autoGateway && spec.routeTableIds === undefined
                        ? routeTables.map((t) => t.id)
                        : spec.routeTableIds,
                securityGroupIds,
                serviceName,
                serviceNetworkArn: spec.serviceNetworkArn,
                serviceRegion: spec.serviceRegion,
                subnetConfigurations: spec.subnetConfigurations,
                subnetIds,
                tags: { ...sharedTags, ...(spec.tags as object | undefined) },
                vpcEndpointType: spec.vpcEndpointType,
                vpcId: vpc.id,
            },
            { dependsOn: [vpc] },
        );
    }
}
