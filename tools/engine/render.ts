/**
 * How a plan reads: a resource tree by parent in the Pulumi CLI's layout, a count summary, and
 * the JSON document described in DESIGN.md.
 */
import { Plan, RecordedResource, UNKNOWN } from "./plan";
import { describeRemote } from "./fakes";
import type { CostReport } from "../cost/estimate";

/** `aws:ec2/vpc:Vpc` -> `aws:ec2:Vpc`, as the CLI shows types. */
export function displayType(type: string): string {
    const parts = type.split(":");
    if (parts.length !== 3) return type;
    const [pkg, mod, kind] = parts;
    const slash = mod.lastIndexOf("/");
    return `${pkg}:${slash >= 0 ? mod.slice(0, slash) : mod}:${kind}`;
}

interface Row {
    readonly prefix: string;
    readonly resource: RecordedResource;
}

function rows(plan: Plan): Row[] {
    const out: Row[] = [];
    const walk = (r: RecordedResource, indent: string, last: boolean, root: boolean) => {
        out.push({ prefix: root ? "" : `${indent}${last ? "└─ " : "├─ "}`, resource: r });
        const children = plan.childrenOf(r);
        const next = root ? "" : `${indent}${last ? "   " : "│  "}`;
        children.forEach((c, i) => walk(c, next, i === children.length - 1, false));
    };
    const urns = new Set(plan.resources.map((r) => r.urn));
    // Roots: the stack, and anything whose parent was never registered (should not happen).
    plan.resources
        .filter((r) => r.parent === undefined || !urns.has(r.parent))
        .forEach((r) => walk(r, "", true, true));
    return out;
}

/**
 * The summary line: how many resources of each category the run would create (and how many of
 * them the engine's models of remote components registered), then one line per remote component
 * whose children nobody checks.
 */
export function summary(plan: Plan): string {
    const c = plan.counts();
    const parts = [
        `${c.custom} custom`,
        `${c.components} component${c.components === 1 ? "" : "s"}`,
    ];
    if (c.remote) parts.push(`${c.remote} remote component${c.remote === 1 ? "" : "s"}`);
    const verb = plan.known ? "in the stack" : "to create";
    const reads = c.reads ? `; ${c.reads} to read` : "";
    const modeled = c.modeled ? `; ${c.modeled} modeled` : "";
    const line = `Resources: ${plan.known ? "" : "+ "}${c.total} ${verb} (${parts.join(", ")})${modeled}${reads}`;
    const unchecked = plan.unchecked();
    if (unchecked.length === 0) return line;
    return [
        line,
        ...unchecked.flatMap((r) =>
            wrap(
                `Unchecked: ${displayType(r.type)} ${r.name}: what it creates is not in this plan ` +
                    `and no policy checked it (${r.unchecked})`,
                100,
                "",
            ),
        ),
    ].join("\n");
}

/** The resource tree, as `pulumi preview` lays it out, with remote components' key args. */
export function renderTree(plan: Plan): string {
    // A remote component's key arguments are listed under the tree, wrapped: in the Info column
    // they pushed lines past 200 characters.
    const remotes: string[] = [];
    const table = rows(plan).map(({ prefix, resource }) => {
        const notes: string[] = [];
        if (resource.remote) {
            const d = describeRemote(resource.type, resource.inputs);
            notes.push(
                resource.unchecked === undefined
                    ? "remote component"
                    : "remote component, unchecked",
            );
            const label = `${displayType(resource.type)} ${resource.name}`;
            if (d) remotes.push(`${label}: ${d}`);
            if (resource.unchecked !== undefined) {
                remotes.push(`${label}: unchecked, ${resource.unchecked}`);
            }
            for (const gap of resource.modelGaps ?? []) {
                remotes.push(`${label}: not modeled, unchecked: ${gap}`);
            }
        }
        if (resource.modeled) notes.push("(modeled)");
        if (resource.protect) notes.push("protected");
        if (resource.retainOnDelete) notes.push("retained on delete");
        return {
            type: prefix + displayType(resource.type),
            name: resource.name,
            op: resource.read ? "read" : plan.known ? "" : "create",
            mark: resource.read ? " >  " : plan.known ? "    " : " +  ",
            info: notes.join("; "),
        };
    });
    const typeWidth = Math.max(4, ...table.map((r) => r.type.length)) + 2;
    const nameWidth = Math.max(4, ...table.map((r) => r.name.length)) + 2;
    const ops = !plan.known || table.some((r) => r.op !== "");
    const header = `     ${"Type".padEnd(typeWidth)}${"Name".padEnd(nameWidth)}${ops ? "Plan    Info" : "Info"}`;
    const lines = table.map(
        (r) =>
            `${r.mark} ${r.type.padEnd(typeWidth)}${r.name.padEnd(nameWidth)}` +
            (ops ? `${r.op.padEnd(8)}${r.info}` : r.info),
    );
    const notes = remotes.length
        ? [
              "",
              "Remote components (built by their provider plugins; children marked (modeled) are the " +
                  "engine's model of them, not the provider's answer):",
              ...remotes.flatMap((r) => wrap(r)),
          ]
        : [];
    return [header, ...lines.map((l) => l.trimEnd()), ...notes].join("\n");
}

/**
 * A warning for resources created inside `apply` callbacks: a real first preview of a new stack
 * would not show them (nor check them against policy) while their inputs are unknown.
 */
export function renderCreatedInApply(plan: Plan): string | undefined {
    const found = plan.resources.filter((r) => r.createdInApply);
    if (found.length === 0) return undefined;
    const names = found.map((r) => `${displayType(r.type)} ${r.name}`).join(", ");
    return [
        ...wrap(
            `warning: ${found.length} resource(s) were created inside an apply callback: ${names}. ` +
                "A first preview of a new stack runs such a callback only once its input is " +
                "known, so `pulumi preview` (and a policy check on it) would not show them; create " +
                "them outside apply, passing Outputs as inputs.",
            100,
            "",
        ),
        "",
    ].join("\n");
}

/**
 * The stack's outputs as the CLI lists them after a preview: one per line, values as JSON
 * (secrets already `[secret]`), and `output<unknown>` for what is only known after the update.
 */
export function renderOutputs(outputs: Record<string, unknown>): string | undefined {
    const keys = Object.keys(outputs).sort();
    if (keys.length === 0) return undefined;
    const show = (v: unknown): string =>
        v === UNKNOWN
            ? "output<unknown>"
            : JSON.stringify(v, (_k, x) => (x === UNKNOWN ? "output<unknown>" : x));
    return ["Outputs:", ...keys.map((k) => `    ${k}: ${show(outputs[k])}`)].join("\n");
}

/** A policy violation, in the shape of the JSON document. */
export interface Violation {
    readonly policyPackName: string;
    readonly policyName: string;
    readonly enforcementLevel: string;
    readonly urn?: string;
    readonly type?: string;
    readonly name?: string;
    readonly message: string;
}

/** An exception granted by the policy config (see policy-gate). */
export interface ExceptionEntry {
    readonly policy: string;
    readonly resource: string;
    readonly reason: string;
}

/** Lines of at most `width` characters, broken at spaces, each prefixed with `indent`. */
export function wrap(text: string, width = 100, indent = "    "): string[] {
    const out: string[] = [];
    for (const paragraph of text.split("\n")) {
        let line = "";
        for (const word of paragraph.split(" ")) {
            if (line && indent.length + line.length + 1 + word.length > width) {
                out.push(indent + line);
                line = word;
            } else {
                line = line ? `${line} ${word}` : word;
            }
        }
        out.push(indent + line);
    }
    return out;
}

/**
 * Violations in the CLI's format (`[mandatory]  rule  (type: name)`, then the message, wrapped),
 * mandatory first, each on its own; advisories grouped by rule (how many, which resources, the
 * first finding's reason), so that one deliberate choice repeated over many resources reads as
 * one line of concern; the advisories of a rule the stack's policy config accepts (`accepted`,
 * by rule name: its reason) fold into one line, `[accepted]  rule  (N resources): reason`, and
 * findings that only report an exception listed below (its reason in their message) into one
 * line too, so that no exception is printed twice. Then
 * the config's exceptions, each once, and how many checks could not run during preview.
 */
export function renderViolations(
    violations: readonly Violation[],
    exceptions: readonly ExceptionEntry[] = [],
    cannotRun = 0,
    accepted: ReadonlyMap<string, string> = new Map(),
): string {
    const lines: string[] = [];
    const mandatory = violations.filter((v) => v.enforcementLevel === "mandatory");
    const advisory = violations.filter((v) => v.enforcementLevel !== "mandatory");
    if (violations.length === 0) {
        lines.push("    no policy violations");
    } else {
        const folded = advisory.filter((v) => accepted.has(v.policyName)).length;
        lines.push(
            `Policy Violations: ${mandatory.length} mandatory, ${advisory.length} advisory` +
                (folded ? ` (${folded} accepted by the stack's policy config)` : ""),
        );
        for (const v of mandatory) {
            const target = v.type ? `  (${v.type}: ${v.name})` : "";
            lines.push(`    [mandatory]  ${v.policyName}${target}`);
            lines.push(...wrap(v.message));
        }
        const byRule = new Map<string, Violation[]>();
        for (const v of advisory) {
            const key = `${v.enforcementLevel}\u0000${v.policyName}`;
            if (!byRule.has(key)) byRule.set(key, []);
            byRule.get(key)!.push(v);
        }
        for (const group of byRule.values()) {
            const [first] = group;
            const reason = accepted.get(first.policyName);
            if (reason !== undefined) {
                const count = group.length === 1 ? "1 resource" : `${group.length} resources`;
                lines.push(...wrap(`[accepted]  ${first.policyName}  (${count}): ${reason}`));
                continue;
            }
            // Findings that only repeat an exception listed below (a waiver being reported):
            // one line here, so no exception is printed twice.
            if (group.every((v) => exceptions.some((e) => v.message.includes(e.reason)))) {
                const resources = new Set(group.map((v) => v.urn ?? v.name)).size;
                lines.push(
                    ...wrap(
                        `[${first.enforcementLevel}]  ${first.policyName}  (${group.length} ` +
                            `finding${group.length === 1 ? "" : "s"} on ${resources} ` +
                            `resource${resources === 1 ? "" : "s"}): waived by the exceptions below`,
                    ),
                );
                continue;
            }
            if (group.length === 1) {
                const target = first.type ? `  (${first.type}: ${first.name})` : "";
                lines.push(`    [${first.enforcementLevel}]  ${first.policyName}${target}`);
                lines.push(...wrap(first.message));
                continue;
            }
            lines.push(
                `    [${first.enforcementLevel}]  ${first.policyName}  (${group.length} resources)`,
            );
            const counts = new Map<string, number>();
            for (const v of group) {
                const n = v.name ?? v.urn ?? "(stack)";
                counts.set(n, (counts.get(n) ?? 0) + 1);
            }
            const names = [...counts]
                .map(([n, c]) => (c === 1 ? n : `${n} (${c} findings)`))
                .join(", ");
            lines.push(...wrap(`resources: ${names}`, 100, "      "));
            lines.push(...wrap(`first: ${first.message}`, 100, "      "));
        }
    }
    if (exceptions.length) {
        const unique = [
            ...new Map(exceptions.map((e) => [`${e.policy}\u0000${e.resource}`, e])).values(),
        ];
        lines.push(`Policy exceptions in force: ${unique.length}`);
        for (const e of unique) {
            lines.push(...wrap(`[exception]  ${e.policy}  ${e.resource}: ${e.reason}`));
        }
    }
    if (cannotRun) {
        lines.push(
            ...wrap(
                `${cannotRun} policy check(s) could not run during preview because a value was ` +
                    "unknown (see the advisory violations above)",
                100,
                "",
            ),
        );
    }
    return lines.join("\n");
}

/** The policy part of the JSON document. */
export interface PolicyJson {
    readonly packName: string;
    readonly packVersion: string;
    readonly violations: readonly Violation[];
    readonly exceptions: readonly ExceptionEntry[];
    readonly cannotRunInPreview: readonly Violation[];
}

/**
 * The `--json` document (DESIGN.md); secrets never appear in it. `cost` is the monthly estimate
 * (tools/cost), null when none was computed.
 */
export function planJson(
    plan: Plan,
    policy?: PolicyJson,
    cost?: CostReport,
    standIns: ReadonlyMap<string, number> = new Map(),
): Record<string, unknown> {
    return {
        stack: plan.stack,
        project: plan.project,
        mode: plan.known ? "known" : "preview",
        summary: plan.counts(),
        resources: plan.resources.map((r) => ({
            urn: r.urn,
            type: r.type,
            name: r.name,
            parent: r.parent ?? null,
            custom: r.custom,
            remote: r.remote,
            ...(r.read ? { read: true } : {}),
            inputs: r.inputs,
            dependencies: r.dependencies,
            propertyDependencies: r.propertyDependencies,
            protect: r.protect,
            retainOnDelete: r.retainOnDelete,
            deleteBeforeReplace: r.deleteBeforeReplace,
            ignoreChanges: r.ignoreChanges,
            replaceOnChanges: r.replaceOnChanges,
            additionalSecretOutputs: r.additionalSecretOutputs,
            aliases: r.aliases,
            provider: r.provider ?? null,
            providers: r.providers,
            outputs: r.outputs ?? null,
            ...(r.createdInApply ? { createdInApply: true } : {}),
            ...(r.modeled ? { modeled: true } : {}),
            ...(r.unchecked !== undefined ? { unchecked: r.unchecked } : {}),
            ...(r.modelGaps ? { modelGaps: r.modelGaps } : {}),
        })),
        outputs: plan.outputs,
        violations: policy?.violations ?? [],
        policy: policy
            ? {
                  pack: `${policy.packName}@${policy.packVersion}`,
                  exceptions: policy.exceptions,
                  cannotRunInPreview: policy.cannotRunInPreview.length,
              }
            : null,
        cost: cost ?? null,
        // Data sources answered with an offline stand-in (not AWS's answer), with call counts.
        offlineStandIns: Object.fromEntries(standIns),
    };
}
