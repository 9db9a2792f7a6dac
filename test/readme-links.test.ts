/**
 * Every link in the repository's Markdown resolves inside a fresh clone: a relative link names a
 * file or folder of the repository (never `../` out of it), an anchor names a heading (GitHub's
 * slugs), and a citation of a README section in a script (`README "Development"`) names a
 * section that exists. Absolute URLs are not fetched (no network here).
 */
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { repoRoot } from "./helpers/plan";

const SKIP = new Set([".git", "node_modules", "build", "bin"]);

/** Files under `dir` whose name passes `keep`. */
function files(dir: string, keep: (name: string) => boolean): string[] {
    return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
        const p = path.join(dir, e.name);
        if (e.isDirectory()) return SKIP.has(e.name) ? [] : files(p, keep);
        return keep(e.name) ? [p] : [];
    });
}

/** Markdown without code blocks and code spans, where `[x](y)` is not a link. */
function prose(markdown: string): string {
    return markdown.replace(/^(```|~~~)[\s\S]*?^\1/gm, "").replace(/`[^`\n]*`/g, "");
}

/** GitHub's anchors for a Markdown file's headings (`-1`, `-2` for repeats). */
export function anchors(markdown: string): Set<string> {
    const seen = new Map<string, number>();
    const out = new Set<string>();
    for (const m of markdown
        .replace(/^(```|~~~)[\s\S]*?^\1/gm, "")
        .matchAll(/^#{1,6}\s+(.+?)\s*#*\s*$/gm)) {
        const slug = m[1]
            .trim()
            .toLowerCase()
            .replace(/[^\p{L}\p{N}\s_-]/gu, "")
            .replace(/\s/g, "-");
        const n = seen.get(slug) ?? 0;
        seen.set(slug, n + 1);
        out.add(n === 0 ? slug : `${slug}-${n}`);
    }
    return out;
}

/** The link targets of a Markdown text: inline, images, reference definitions, HTML. */
function targets(markdown: string): string[] {
    const text = prose(markdown);
    return [
        ...[...text.matchAll(/\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)].map((m) => m[1]),
        ...[...text.matchAll(/^\s*\[[^\]]+\]:\s*<?(\S+?)>?(?:\s|$)/gm)].map((m) => m[1]),
        ...[...text.matchAll(/\b(?:href|src)="([^"]+)"/g)].map((m) => m[1]),
    ];
}

/** The links of `file` (a Markdown file under `root`) that do not resolve inside `root`. */
export function brokenLinks(file: string, root: string): string[] {
    const text = fs.readFileSync(file, "utf8");
    const broken: string[] = [];
    for (const target of targets(text)) {
        if (/^[a-z][a-z0-9+.-]*:/i.test(target)) continue; // https:, mailto:
        const [rawPath, anchor] = target.split("#", 2);
        const linked = rawPath ? path.resolve(path.dirname(file), decodeURI(rawPath)) : file;
        const where = `${path.relative(root, file)}: ${target}`;
        const rel = path.relative(root, linked);
        if (rel.startsWith("..") || path.isAbsolute(rel)) {
            broken.push(`${where} (outside the repository)`);
        } else if (!fs.existsSync(linked)) {
            broken.push(`${where} (no such file)`);
        } else if (anchor && linked.endsWith(".md")) {
            if (!anchors(fs.readFileSync(linked, "utf8")).has(anchor)) {
                broken.push(`${where} (no such heading)`);
            }
        }
    }
    return broken;
}

describe("links inside the repository", () => {
    it("reports a link out of the repository, a missing file and a missing heading (the check can fail)", () => {
        const root = fs.mkdtempSync(path.join(os.tmpdir(), "links-"));
        try {
            fs.mkdirSync(path.join(root, "docs"));
            fs.writeFileSync(path.join(root, "docs", "a.md"), "# A\n\n## Two words\n");
            const readme = path.join(root, "README.md");
            fs.writeFileSync(
                readme,
                [
                    "# Top",
                    "[design](../shared/DESIGN.md), [a](docs/a.md#two-words), [gone](docs/b.md),",
                    "[here](#top), [nowhere](#bottom), [web](https://example.com/x),",
                    "[ref]: docs/a.md#three",
                    "`[not a link](../x.md)`",
                    "```",
                    "[nor this](../y.md)",
                    "```",
                ].join("\n"),
            );
            assert.deepEqual(brokenLinks(readme, root), [
                "README.md: ../shared/DESIGN.md (outside the repository)",
                "README.md: docs/b.md (no such file)",
                "README.md: #bottom (no such heading)",
                "README.md: docs/a.md#three (no such heading)",
            ]);
        } finally {
            fs.rmSync(root, { recursive: true, force: true });
        }
    });

    it("slugs headings as GitHub does", () => {
        assert.deepEqual(
            [...anchors("# Policy checks (`policy/`)\n## Cost and graph\n## Cost and graph\n")],
            ["policy-checks-policy", "cost-and-graph", "cost-and-graph-1"],
        );
    });

    it("has no Markdown link that leaves the repository or names nothing", () => {
        const markdown = files(repoRoot, (n) => n.endsWith(".md"));
        assert.ok(markdown.includes(path.join(repoRoot, "README.md")));
        assert.deepEqual(
            markdown.flatMap((f) => brokenLinks(f, repoRoot)),
            [],
        );
    });

    it("cites only README sections that exist", () => {
        const sections = fs
            .readFileSync(path.join(repoRoot, "README.md"), "utf8")
            .replace(/^(```|~~~)[\s\S]*?^\1/gm, "")
            .match(/^#{1,6}\s+.+$/gm)!
            .map((h) => h.replace(/^#+\s+/, "").trim());
        const cited = files(repoRoot, (n) => /\.(ts|js|md|ya?ml|json)$/.test(n) || n === "run")
            .filter((f) => f !== __filename) // its own pattern is not a citation
            .flatMap((f) =>
                [...fs.readFileSync(f, "utf8").matchAll(/README "([^"]+)"/g)].map((m) => ({
                    file: path.relative(repoRoot, f),
                    section: m[1],
                })),
            );
        assert.ok(
            cited.some((c) => c.file === path.join(".ci", "run")),
            ".ci/run cites a section",
        );
        assert.deepEqual(
            cited.filter((c) => !sections.includes(c.section)),
            [],
        );
    });
});
