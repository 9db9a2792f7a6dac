/**
 * Imports run one way (STYLE.md): no circular import among our TypeScript modules, type-only
 * imports and re-exports included. The graph is read with TypeScript's own pre-processor (every
 * `import`, `import type`, `export ... from`, `require()` and `import()`), relative specifiers
 * resolved as Node does for `.ts` sources; cycles are the strongly connected components.
 * What `npx madge --circular --extensions ts components stacks tools policy` reports, kept
 * fixed by `npm test`.
 */
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import * as ts from "typescript";

const ROOT = path.resolve(__dirname, "..");
const FOLDERS = ["components", "stacks", "tools", "policy"];
const SKIP = new Set(["node_modules", "bin", "build"]);

/** Every `.ts` source under `dir` (no declaration files). */
function sources(dir: string): string[] {
    return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
        const p = path.join(dir, e.name);
        if (e.isDirectory()) return SKIP.has(e.name) ? [] : sources(p);
        return e.name.endsWith(".ts") && !e.name.endsWith(".d.ts") ? [p] : [];
    });
}

/** The source file a relative specifier names, if it is one of ours. */
function resolve(from: string, specifier: string): string | undefined {
    if (!specifier.startsWith(".")) return undefined;
    const base = path.resolve(path.dirname(from), specifier);
    const stem = base.replace(/\.js$/, "");
    return [base, `${stem}.ts`, path.join(base, "index.ts")].find(
        (p) => p.endsWith(".ts") && fs.existsSync(p) && fs.statSync(p).isFile(),
    );
}

/** Module -> the modules it imports. */
export function importGraph(files: readonly string[]): Map<string, string[]> {
    const graph = new Map<string, string[]>();
    for (const file of files) {
        const info = ts.preProcessFile(fs.readFileSync(file, "utf8"), true, true);
        const targets = info.importedFiles
            .map((f) => resolve(file, f.fileName))
            .filter((t): t is string => t !== undefined);
        graph.set(file, [...new Set(targets)]);
    }
    return graph;
}

/** The import cycles: strongly connected components of more than one module, or a self-import. */
export function importCycles(graph: ReadonlyMap<string, readonly string[]>): string[][] {
    // Tarjan's algorithm.
    let counter = 0;
    const index = new Map<string, number>();
    const low = new Map<string, number>();
    const stack: string[] = [];
    const onStack = new Set<string>();
    const cycles: string[][] = [];
    const visit = (v: string) => {
        index.set(v, counter);
        low.set(v, counter);
        counter++;
        stack.push(v);
        onStack.add(v);
        for (const w of graph.get(v) ?? []) {
            if (!index.has(w)) {
                visit(w);
                low.set(v, Math.min(low.get(v)!, low.get(w)!));
            } else if (onStack.has(w)) {
                low.set(v, Math.min(low.get(v)!, index.get(w)!));
            }
        }
        if (low.get(v) === index.get(v)) {
            const component: string[] = [];
            let w: string;
            do {
                w = stack.pop()!;
                onStack.delete(w);
                component.push(w);
            } while (w !== v);
            if (component.length > 1 || (graph.get(v) ?? []).includes(v)) {
                cycles.push(component.sort());
            }
        }
    };
    for (const v of graph.keys()) if (!index.has(v)) visit(v);
    return cycles;
}

describe("imports run one way", () => {
    it("finds a cycle through a type-only import and a re-export (the check can fail)", () => {
        const dir = fs.mkdtempSync(path.join(require("node:os").tmpdir(), "cycles-"));
        try {
            const write = (name: string, text: string) =>
                fs.writeFileSync(path.join(dir, name), text);
            write("index.ts", 'import { withDefaults } from "./defaults";\nexport const x = 1;\n');
            write(
                "defaults.ts",
                'import type { Args } from "./args";\nexport const withDefaults = 1;\n',
            );
            write("args.ts", 'export { x } from "./index";\nexport interface Args {}\n');
            write("leaf.ts", 'import { x } from "./index";\n');
            const files = ["index.ts", "defaults.ts", "args.ts", "leaf.ts"].map((f) =>
                path.join(dir, f),
            );
            assert.deepEqual(
                importCycles(importGraph(files)).map((c) => c.map((f) => path.basename(f))),
                [["args.ts", "defaults.ts", "index.ts"]],
            );
        } finally {
            fs.rmSync(dir, { recursive: true, force: true });
        }
    });

    it(`has no circular import in ${FOLDERS.join(", ")}`, () => {
        const files = FOLDERS.flatMap((f) => sources(path.join(ROOT, f)));
        assert.ok(files.length > 100, `read ${files.length} modules`);
        const cycles = importCycles(importGraph(files)).map((c) =>
            c.map((f) => path.relative(ROOT, f)).join(" <-> "),
        );
        assert.deepEqual(cycles, []);
    });
});
