/**
 * The one place SecureNetwork's defaults live. Every default is the secure choice; a stack that
 * wants less (one NAT gateway in dev, shorter log retention) says so in its config.
 */
import type * as pulumi from "@pulumi/pulumi";
import type { InterfaceEndpointService, NatStrategy, SecureNetworkArgs } from "./args";
import { INTERFACE_ENDPOINT_SERVICES } from "./args";

export { INTERFACE_ENDPOINT_SERVICES, NAT_STRATEGIES } from "./args";
export type { InterfaceEndpointService, NatStrategy } from "./args";

/** Defaults for the optional {@link SecureNetworkArgs}. */
export const SECURE_NETWORK_DEFAULTS = {
    cidrBlock: "10.0.0.0/16",
    availabilityZoneCount: 3,
    // A single NAT gateway is a single point of failure for every private subnet's egress.
    natStrategy: "OnePerAz" as NatStrategy,
    flowLogRetentionDays: 365,
    // Keeps AWS API traffic off the NAT gateways and inside the VPC.
    interfaceEndpoints: INTERFACE_ENDPOINT_SERVICES,
    // Deleting the flow log key makes every record it encrypted unreadable: refuse by default.
    protect: true,
} as const;

/** Settings that are not arguments: there is no safe reason to change them per stack. */
export const SECURE_NETWORK_FIXED = {
    /** Seconds; 60 is the finest flow log aggregation AWS offers (the other choice is 600). */
    flowLogMaxAggregationIntervalSeconds: 60,
    /** The only port interface endpoints listen on. */
    endpointPort: 443,
} as const;

/** {@link SecureNetworkArgs} with every default applied. */
export interface ResolvedSecureNetworkArgs {
    readonly region: string;
    readonly cidrBlock: string;
    readonly availabilityZoneCount: number;
    readonly natStrategy: NatStrategy;
    readonly flowLogRetentionDays: number;
    readonly interfaceEndpoints: readonly InterfaceEndpointService[];
    readonly protect: boolean;
    readonly tags?: pulumi.Input<Record<string, pulumi.Input<string>>>;
}

/** Applies {@link SECURE_NETWORK_DEFAULTS} to every argument left undefined. */
export function withDefaults(args: SecureNetworkArgs): ResolvedSecureNetworkArgs {
    const d = SECURE_NETWORK_DEFAULTS;
    return {
        region: args.region,
        cidrBlock: args.cidrBlock ?? d.cidrBlock,
        availabilityZoneCount: args.availabilityZoneCount ?? d.availabilityZoneCount,
        natStrategy: args.natStrategy ?? d.natStrategy,
        flowLogRetentionDays: args.flowLogRetentionDays ?? d.flowLogRetentionDays,
        interfaceEndpoints: args.interfaceEndpoints ?? d.interfaceEndpoints,
        protect: args.protect ?? d.protect,
        tags: args.tags,
    };
}
