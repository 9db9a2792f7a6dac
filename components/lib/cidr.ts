/** IPv4 CIDR blocks as components and the stack config read them: strictly, one way. */

/** A parsed IPv4 CIDR block. */
export interface Ipv4Cidr {
    /** The address as an unsigned 32-bit integer. */
    readonly address: number;
    /** The prefix length, 0..32. */
    readonly prefix: number;
}

/**
 * Parses `a.b.c.d/n` strictly (decimal octets and prefix without leading zeros, since "010" reads
 * as octal in some tools and as decimal in others); undefined if malformed.
 */
export function parseIpv4Cidr(cidr: string): Ipv4Cidr | undefined {
    const match = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/.exec(cidr);
    if (!match) return undefined;
    const parts = match.slice(1).map((p) => ({ text: p, value: Number(p) }));
    if (parts.some((p) => p.text.length > 1 && p.text.startsWith("0"))) return undefined;
    const octets = parts.slice(0, 4).map((p) => p.value);
    const prefix = parts[4].value;
    if (octets.some((o) => o > 255) || prefix > 32) return undefined;
    const address = octets.reduce((acc, o) => acc * 256 + o, 0);
    return { address, prefix };
}

/**
 * The block written from its network address (host bits cleared), as `a.b.c.d/n`. AWS silently
 * keeps only the network bits, so a block whose text differs from this is a mistake.
 */
export function ipv4NetworkCidr(cidr: Ipv4Cidr): string {
    const size = 2 ** (32 - cidr.prefix);
    const base = cidr.address - (cidr.address % size);
    const octets = [24, 16, 8, 0].map((shift) => Math.floor(base / 2 ** shift) % 256);
    return `${octets.join(".")}/${cidr.prefix}`;
}
