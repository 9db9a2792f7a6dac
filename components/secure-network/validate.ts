/**
 * Pure validation for SecureNetwork and WorkloadSecurityGroup: runs before any resource is
 * registered, and every message names the component, its name and the argument at fault.
 */
import { ipv4NetworkCidr, parseIpv4Cidr } from "../lib/cidr";
import { CLOUDWATCH_LOG_RETENTION_DAYS, isLogRetentionDays } from "../lib/log-retention";
import { INTERFACE_ENDPOINT_SERVICES, NAT_STRATEGIES } from "./args";
import type { SecureNetworkArgs, WorkloadSecurityGroupArgs } from "./args";
import { SECURE_NETWORK_DEFAULTS } from "./defaults";

/** Shortest and longest VPC prefix SecureNetwork accepts. */
export const VPC_PREFIX_RANGE = { min: 16, max: 24 } as const;

/** Availability zone counts SecureNetwork accepts. */
export const AVAILABILITY_ZONE_RANGE = { min: 2, max: 6 } as const;

/** AWS's smallest subnet. */
const SMALLEST_SUBNET_PREFIX = 28;

/** The netmasks of one availability zone's share of the VPC and of its two subnets. */
export interface SubnetLayout {
    /** Each AZ's share of the VPC: an equal, power-of-two slice. */
    readonly availabilityZoneCidrMask: number;
    /** The private subnet: half of the AZ's share. */
    readonly privateCidrMask: number;
    /** The public subnet: a quarter of the AZ's share (the last quarter stays free). */
    readonly publicCidrMask: number;
}

/**
 * The subnet plan for a VPC prefix and an AZ count. Each AZ gets an equal power-of-two share of
 * the VPC (prefix + ceil(log2(azCount)) bits); the private subnet takes half of it, the public
 * subnet a quarter, and a quarter stays free for later subnets. This is awsx's own default
 * proportion, written out so the plan shows it. The public subnet must still be /28 or larger.
 */
export function subnetLayout(vpcPrefix: number, availabilityZoneCount: number): SubnetLayout {
    const availabilityZoneCidrMask = vpcPrefix + Math.ceil(Math.log2(availabilityZoneCount));
    return {
        availabilityZoneCidrMask,
        privateCidrMask: availabilityZoneCidrMask + 1,
        publicCidrMask: availabilityZoneCidrMask + 2,
    };
}

/**
 * Why a VPC of prefix `vpcPrefix` cannot hold {@link subnetLayout}'s subnets for
 * `availabilityZoneCount` zones (`each public subnet would be /29, ...`); undefined when it can.
 * The one subnet-room rule: SecureNetwork and the stack config both apply it.
 */
export function subnetLayoutProblem(
    vpcPrefix: number,
    availabilityZoneCount: number,
): string | undefined {
    const { publicCidrMask } = subnetLayout(vpcPrefix, availabilityZoneCount);
    if (publicCidrMask <= SMALLEST_SUBNET_PREFIX) return undefined;
    return (
        `each public subnet would be /${publicCidrMask}, ` +
        `and AWS subnets must be /${SMALLEST_SUBNET_PREFIX} or larger`
    );
}

/** A value as a message shows it: strings quoted, arrays as JSON, numbers as written. */
function show(value: unknown): string {
    if (value === undefined || typeof value === "number") return String(value);
    return JSON.stringify(value);
}

const REGION_PATTERN = /^[a-z]{2}(-[a-z]+)+-\d{1,2}$/;

/**
 * Throws the first problem with a SecureNetwork's arguments, as
 * `SecureNetwork "<name>": <argument> must be ..., got ...`. Arguments left undefined are checked
 * at their defaults (a default never fails, but the subnet-room rule depends on two of them).
 */
export function validateSecureNetworkArgs(name: string, args: SecureNetworkArgs): void {
    const fail = (message: string): never => {
        throw new Error(`SecureNetwork "${name}": ${message}`);
    };
    const d = SECURE_NETWORK_DEFAULTS;

    if (typeof args.region !== "string" || !REGION_PATTERN.test(args.region)) {
        fail(`region must be an AWS region name like "us-east-1", got ${show(args.region)}`);
    }

    const cidrBlock = args.cidrBlock ?? d.cidrBlock;
    const cidr = parseIpv4Cidr(cidrBlock);
    if (cidr === undefined) {
        return fail(
            `cidrBlock must be an IPv4 CIDR block like "10.0.0.0/16", got ${show(cidrBlock)}`,
        );
    }
    const { min: minPrefix, max: maxPrefix } = VPC_PREFIX_RANGE;
    if (cidr.prefix < minPrefix || cidr.prefix > maxPrefix) {
        fail(`cidrBlock prefix must be /${minPrefix}../${maxPrefix}, got /${cidr.prefix}`);
    }
    const networkCidr = ipv4NetworkCidr(cidr);
    if (networkCidr !== cidrBlock) {
        fail(
            `cidrBlock must be a network address (no host bits set), got ${show(cidrBlock)}; ` +
                `did you mean "${networkCidr}"?`,
        );
    }

    const azCount = args.availabilityZoneCount ?? d.availabilityZoneCount;
    const { min: minAz, max: maxAz } = AVAILABILITY_ZONE_RANGE;
    if (!Number.isInteger(azCount) || azCount < minAz || azCount > maxAz) {
        fail(`availabilityZoneCount must be ${minAz}..${maxAz}, got ${show(azCount)}`);
    }
    const layoutProblem = subnetLayoutProblem(cidr.prefix, azCount);
    if (layoutProblem !== undefined) {
        fail(
            `cidrBlock /${cidr.prefix} is too small for ${azCount} availability zones: ` +
                layoutProblem,
        );
    }

    const natStrategy = args.natStrategy ?? d.natStrategy;
    if (!NAT_STRATEGIES.includes(natStrategy)) {
        fail(
            `natStrategy must be ${NAT_STRATEGIES.map(show).join(" or ")}, got ${show(natStrategy)}`,
        );
    }

    const retention = args.flowLogRetentionDays ?? d.flowLogRetentionDays;
    if (!isLogRetentionDays(retention)) {
        fail(
            `flowLogRetentionDays must be one of ${CLOUDWATCH_LOG_RETENTION_DAYS.join(", ")}, ` +
                `got ${show(retention)}`,
        );
    }

    const endpoints = args.interfaceEndpoints ?? d.interfaceEndpoints;
    const seen = new Set<string>();
    for (const service of endpoints) {
        if (!INTERFACE_ENDPOINT_SERVICES.includes(service)) {
            fail(
                `interfaceEndpoints has unknown service ${show(service)}; ` +
                    `known: ${INTERFACE_ENDPOINT_SERVICES.join(", ")}`,
            );
        }
        if (seen.has(service)) {
            fail(`interfaceEndpoints lists ${show(service)} more than once`);
        }
        seen.add(service);
    }
}

/** Throws the first problem with a WorkloadSecurityGroup's arguments, naming the argument. */
export function validateWorkloadSecurityGroupArgs(
    name: string,
    args: WorkloadSecurityGroupArgs,
): void {
    const fail = (message: string): never => {
        throw new Error(`WorkloadSecurityGroup "${name}": ${message}`);
    };
    // AWS stores at most 255 characters; an empty description would say nothing to an operator.
    if (
        typeof args.description !== "string" ||
        args.description.trim().length === 0 ||
        args.description.length > 255
    ) {
        fail(`description must be 1..255 characters, got ${show(args.description)}`);
    }
    if (!Array.isArray(args.egressPorts) || args.egressPorts.length === 0) {
        fail(`egressPorts must list at least one port, got ${show(args.egressPorts)}`);
    }
    const seen = new Set<number>();
    for (const port of args.egressPorts) {
        if (!Number.isInteger(port) || port < 1 || port > 65535) {
            fail(`egressPorts must be 1..65535, got ${show(port)}`);
        }
        if (seen.has(port)) {
            fail(`egressPorts lists ${port} more than once`);
        }
        seen.add(port);
    }
}
