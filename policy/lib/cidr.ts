/**
 * CIDR algebra for the network rules: a set of IPv4 and IPv6 blocks, and how much of the public
 * internet it covers. Rules judge the union of every source that reaches a port, so
 * `0.0.0.0/1` + `128.0.0.0/1` (or a prefix list holding `0.0.0.0/0`) is the internet even though
 * no block says `/0`. Pure functions over strings; no dependency.
 */

/** An inclusive range of addresses of one family. */
interface Range {
    readonly lo: bigint;
    readonly hi: bigint;
}

/** A parsed block. */
export interface Cidr {
    readonly family: 4 | 6;
    readonly lo: bigint;
    readonly hi: bigint;
}

function parseIpv4(text: string): bigint | undefined {
    const parts = text.split(".");
    if (parts.length !== 4) return undefined;
    let value = 0n;
    for (const p of parts) {
        if (!/^\d{1,3}$/.test(p) || Number(p) > 255) return undefined;
        value = (value << 8n) | BigInt(Number(p));
    }
    return value;
}

function parseIpv6(text: string): bigint | undefined {
    let t = text.toLowerCase();
    // An embedded IPv4 tail (::ffff:1.2.3.4) becomes two groups.
    const v4 = /^(.*:)(\d+\.\d+\.\d+\.\d+)$/.exec(t);
    if (v4) {
        const n = parseIpv4(v4[2]);
        if (n === undefined) return undefined;
        t = `${v4[1]}${(n >> 16n).toString(16)}:${(n & 0xffffn).toString(16)}`;
    }
    const halves = t.split("::");
    if (halves.length > 2) return undefined;
    const groups = (s: string) => (s === "" ? [] : s.split(":"));
    const head = groups(halves[0]);
    const tail = halves.length === 2 ? groups(halves[1]) : [];
    const missing = 8 - head.length - tail.length;
    if (halves.length === 1 ? missing !== 0 : missing < 1) return undefined;
    const all = [...head, ...Array<string>(halves.length === 2 ? missing : 0).fill("0"), ...tail];
    let value = 0n;
    for (const g of all) {
        if (!/^[0-9a-f]{1,4}$/.test(g)) return undefined;
        value = (value << 16n) | BigInt(parseInt(g, 16));
    }
    return value;
}

/**
 * Parses `a.b.c.d/n` or an IPv6 block; a bare address is a /32 (/128). Host bits are ignored, as
 * AWS normalizes them. Undefined when the text is not a block.
 */
export function parseCidr(text: string): Cidr | undefined {
    const m = /^\s*([^/\s]+)(?:\/(\d{1,3}))?\s*$/.exec(text);
    if (!m) return undefined;
    const family: 4 | 6 = m[1].includes(":") ? 6 : 4;
    const bits = family === 4 ? 32 : 128;
    const address = family === 4 ? parseIpv4(m[1]) : parseIpv6(m[1]);
    const prefix = m[2] === undefined ? bits : Number(m[2]);
    if (address === undefined || prefix > bits) return undefined;
    const hostBits = BigInt(bits - prefix);
    const lo = (address >> hostBits) << hostBits;
    return { family, lo, hi: lo + (1n << hostBits) - 1n };
}

function rangesOf(blocks: readonly string[]): Cidr[] {
    return blocks.map(parseCidr).filter((c): c is Cidr => c !== undefined);
}

/** Merges ranges into sorted, disjoint ones. */
function merge(ranges: readonly Range[]): Range[] {
    const sorted = [...ranges].sort((a, b) => (a.lo < b.lo ? -1 : a.lo > b.lo ? 1 : 0));
    const out: Range[] = [];
    for (const r of sorted) {
        const last = out[out.length - 1];
        if (last && r.lo <= last.hi + 1n) {
            if (r.hi > last.hi) out[out.length - 1] = { lo: last.lo, hi: r.hi };
        } else out.push(r);
    }
    return out;
}

/** Addresses in both sets of disjoint, sorted ranges. */
function intersectionSize(a: readonly Range[], b: readonly Range[]): bigint {
    let total = 0n;
    for (const x of a) {
        for (const y of b) {
            const lo = x.lo > y.lo ? x.lo : y.lo;
            const hi = x.hi < y.hi ? x.hi : y.hi;
            if (lo <= hi) total += hi - lo + 1n;
        }
    }
    return total;
}

/**
 * IPv4 addresses that are not the internet: this-network, private (RFC 1918), shared (CGNAT),
 * loopback, link-local, protocol assignments, documentation, benchmarking, multicast, reserved.
 */
export const NON_INTERNET_IPV4 = [
    "0.0.0.0/8",
    "10.0.0.0/8",
    "100.64.0.0/10",
    "127.0.0.0/8",
    "169.254.0.0/16",
    "172.16.0.0/12",
    "192.0.0.0/24",
    "192.0.2.0/24",
    "192.168.0.0/16",
    "198.18.0.0/15",
    "198.51.100.0/24",
    "203.0.113.0/24",
    "224.0.0.0/4",
    "240.0.0.0/4",
];

/** The public IPv4 internet: every address minus {@link NON_INTERNET_IPV4}. */
const PUBLIC_IPV4: Range[] = (() => {
    const holes = merge(rangesOf(NON_INTERNET_IPV4));
    const out: Range[] = [];
    let next = 0n;
    for (const h of holes) {
        if (h.lo > next) out.push({ lo: next, hi: h.lo - 1n });
        next = h.hi + 1n;
    }
    if (next <= 0xffffffffn) out.push({ lo: next, hi: 0xffffffffn });
    return out;
})();

/** The public IPv6 internet: global unicast (2000::/3), less the documentation block. */
const PUBLIC_IPV6: Range[] = (() => {
    const all = parseCidr("2000::/3")!;
    const doc = parseCidr("2001:db8::/32")!;
    return [
        { lo: all.lo, hi: doc.lo - 1n },
        { lo: doc.hi + 1n, hi: all.hi },
    ];
})();

/**
 * How much public address space a source may hold before it counts as "the internet": a /8 of
 * IPv4 (16.7 million public addresses) or a /32 of IPv6 (a whole provider allocation). No list of
 * partner or office networks comes near; `0.0.0.0/1`, `0.0.0.0/0` minus one address, or halves of
 * `::/0` do.
 */
export const INTERNET_WIDE = { ipv4: 1n << 24n, ipv6: 1n << 96n };

/** Public addresses a set of blocks covers, per family (overlaps counted once). */
export function publicCoverage(blocks: readonly string[]): { ipv4: bigint; ipv6: bigint } {
    const parsed = rangesOf(blocks);
    const v4 = merge(parsed.filter((c) => c.family === 4));
    const v6 = merge(parsed.filter((c) => c.family === 6));
    return { ipv4: intersectionSize(v4, PUBLIC_IPV4), ipv6: intersectionSize(v6, PUBLIC_IPV6) };
}

/** True when the union of the blocks covers the internet ({@link INTERNET_WIDE}), in either family. */
export function coversInternet(blocks: readonly string[]): boolean {
    const c = publicCoverage(blocks);
    return c.ipv4 >= INTERNET_WIDE.ipv4 || c.ipv6 >= INTERNET_WIDE.ipv6;
}

/** The share of the public internet the blocks cover, in words: `100% of public IPv4`. */
export function describeCoverage(blocks: readonly string[]): string {
    const c = publicCoverage(blocks);
    const total4 = PUBLIC_IPV4.reduce((n, r) => n + r.hi - r.lo + 1n, 0n);
    const total6 = PUBLIC_IPV6.reduce((n, r) => n + r.hi - r.lo + 1n, 0n);
    const pct = (n: bigint, d: bigint) => {
        const tenths = Number((n * 1000n) / d) / 10;
        return n > 0n && tenths === 0 ? "<0.1" : String(tenths);
    };
    const parts: string[] = [];
    if (c.ipv4 > 0n) parts.push(`${pct(c.ipv4, total4)}% of public IPv4`);
    if (c.ipv6 > 0n) parts.push(`${pct(c.ipv6, total6)}% of public IPv6`);
    return parts.join(" and ") || "no public addresses";
}
