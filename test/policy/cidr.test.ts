/** The CIDR algebra of policy/lib/cidr.ts, table by table. */
import * as assert from "node:assert/strict";
import { coversInternet, describeCoverage, parseCidr, publicCoverage } from "../../policy/lib/cidr";

describe("policy/lib/cidr", () => {
    it("parses IPv4 and IPv6 blocks, clearing host bits, and refuses what is not a block", () => {
        const cases: [string, [number, string, string] | undefined][] = [
            ["0.0.0.0/0", [4, "0", "4294967295"]],
            ["10.0.1.7/24", [4, "167772416", "167772671"]],
            ["1.2.3.4", [4, "16909060", "16909060"]],
            ["::/0", [6, "0", ((1n << 128n) - 1n).toString()]],
            ["::ffff:1.2.3.4/128", [6, "281470698652420", "281470698652420"]],
            [
                "2001:db8::/32",
                [6, (0x20010db8n << 96n).toString(), ((0x20010db9n << 96n) - 1n).toString()],
            ],
            ["256.0.0.0/8", undefined],
            ["10.0.0.0/33", undefined],
            ["1::2::3/64", undefined],
            ["example.com/24", undefined],
            ["", undefined],
        ];
        for (const [text, expected] of cases) {
            const c = parseCidr(text);
            assert.deepEqual(c && [c.family, c.lo.toString(), c.hi.toString()], expected, text);
        }
    });

    it("calls a set the internet when its union covers a /8 of public space, in either family", () => {
        const cases: [string[], boolean][] = [
            [["0.0.0.0/0"], true],
            [["::/0"], true],
            [["0.0.0.0/1", "128.0.0.0/1"], true],
            [["0.0.0.0/1"], true],
            [["128.0.0.0/2", "192.0.0.0/2"], true],
            [["::/1", "8000::/1"], true],
            [["2000::/4"], true],
            [["8.0.0.0/8"], true],
            // Private, shared and reserved space is not the internet, however large.
            [["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "100.64.0.0/10"], false],
            [["224.0.0.0/3"], false],
            [["fc00::/7", "fe80::/10"], false],
            [["203.0.113.0/24", "198.51.100.0/24", "8.8.8.0/24"], false],
            [["8.0.0.0/9", "8.128.0.0/10"], false],
            [["2001:db8::/32"], false],
            [["2600:1f18::/36"], false],
            [[], false],
            [["not-a-cidr"], false],
        ];
        for (const [blocks, expected] of cases) {
            assert.equal(coversInternet(blocks), expected, blocks.join(" + "));
        }
    });

    it("counts overlapping blocks once and only public addresses", () => {
        assert.equal(publicCoverage(["8.8.8.0/24", "8.8.8.0/25"]).ipv4, 256n);
        assert.equal(publicCoverage(["10.0.0.0/8"]).ipv4, 0n);
        assert.equal(describeCoverage(["0.0.0.0/1", "128.0.0.0/1"]), "100% of public IPv4");
        assert.equal(describeCoverage(["0.0.0.0/1"]), "56.5% of public IPv4");
        assert.equal(describeCoverage(["10.0.0.0/8"]), "no public addresses");
    });
});
