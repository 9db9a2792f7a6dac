/**
 * What the private-placement rules share: reading subnet, security group and CIDR inputs that may
 * be unknown during preview, and finding which resource an input came from.
 *
 * Unknown values follow one convention. An id or a CIDR that is unknown is the output of a
 * resource in this program (a subnet's id, a VPC's block), so it names something and it is not
 * `0.0.0.0/0`. A value that decides safety on its own (a boolean, a protocol, a port, a whole
 * policy document) and is unknown is reported: the author is told to pass a plain value.
 */
import { isUnknown, Resource } from "./rule";

/** A plain object input, or undefined when the input is absent, unknown or not an object. */
export function objectAt(value: unknown): Record<string, unknown> | undefined {
    return value !== null && typeof value === "object" && !Array.isArray(value)
        ? (value as Record<string, unknown>)
        : undefined;
}

/** A list input as an array (an absent or non-list value is empty; check isUnknown first). */
export function listAt(value: unknown): readonly unknown[] {
    return Array.isArray(value) ? value : [];
}

/** An id input that names something: a non-empty string, or unknown (created by this program). */
export function isSet(value: unknown): boolean {
    return isUnknown(value) || (typeof value === "string" && value.trim() !== "");
}

/**
 * A list of ids that names at least one thing: unknown as a whole (computed by this program), or
 * holding at least one set element.
 */
export function namesSomething(value: unknown): boolean {
    return isUnknown(value) || listAt(value).some(isSet);
}

/** True for a CIDR block that matches every address (`0.0.0.0/0`, `::/0`: a zero-length prefix). */
export function isAnywhere(cidr: unknown): boolean {
    return typeof cidr === "string" && !isUnknown(cidr) && /\/0+$/.test(cidr.trim());
}

/** A boolean input as the rules see it: its value, or "unknown" during preview. */
export function flag(value: unknown): boolean | undefined | "unknown" {
    if (isUnknown(value)) return "unknown";
    // String flags (launch templates) are read however they are cased.
    const v = typeof value === "string" ? value.trim().toLowerCase() : value;
    if (v === true || v === "true") return true;
    if (v === false || v === "false") return false;
    return undefined;
}

/** The URNs the value of `resource`'s top-level input `property` came from. */
export function sourcesOf(resource: Resource, property: string): readonly string[] {
    return resource.propertyDependencies[property] ?? [];
}

/**
 * Where an unknown value inside `resource`'s top-level input `property` came from, and whether
 * that proves it safe. Pulumi records dependencies per top-level input only, so a value unknown
 * anywhere inside it (`ingress[1].cidrBlocks[0]`, `brokerNodeGroupInfo.clientSubnets[1]`) may
 * have been computed from any resource the whole input depends on: it is proven only when every
 * one of them is of an `allowed` type. A VPC block in one ingress entry cannot vouch for an
 * `apply` over a queue's ARN in the next. `tolerated` URNs (such as the resource a policy document
 * is attached to, whose ARN its `Resource` names) may appear beside the allowed sources, but never
 * prove a value alone.
 */
export function provenance(
    resource: Resource,
    property: string,
    allowed: readonly string[],
    resources: readonly Resource[],
    tolerated: readonly string[] = [],
): { readonly proven: boolean; readonly from: readonly Resource[] } {
    const urns = sourcesOf(resource, property);
    const from = resources.filter((r) => urns.includes(r.urn));
    // A dependency the pack was not shown (outside the stack) proves nothing either.
    const complete = new Set(from.map((r) => r.urn)).size === new Set(urns).size;
    const vouches = (r: Resource) => allowed.includes(r.type) || tolerated.includes(r.urn);
    return {
        proven: from.some((r) => allowed.includes(r.type)) && complete && from.every(vouches),
        from,
    };
}

/** True when `resource`'s input `property` came from `target` (by URN), or names its known id. */
export function refersTo(
    resource: Resource,
    property: string,
    target: Resource,
    targetId?: unknown,
): boolean {
    if (sourcesOf(resource, property).includes(target.urn)) return true;
    if (typeof targetId !== "string" || isUnknown(targetId) || targetId === "") return false;
    const value = resource.props[property];
    return value === targetId || (Array.isArray(value) && value.includes(targetId));
}

/** `name (type)`, sorted and joined, to name the resources a finding is about. */
export function describeAll(resources: readonly Resource[]): string {
    return [...new Set(resources.map((r) => `${r.name} (${r.type})`))].sort().join(", ");
}
