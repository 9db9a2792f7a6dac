/**
 * How a cost estimate reads: the table `npm run plan -- --cost` prints, and the markdown of
 * `--cost-diff`, written for a pull-request comment.
 */
import { displayType } from "../engine/render";
import { CostItem, CostReport, PlanResource } from "./estimate";

/** `$1,234.56`. */
export function money(value: number): string {
    const sign = value < 0 ? "-" : "";
    return `${sign}$${Math.abs(value).toLocaleString("en-US", {
        minimumFractionDigits: 2,
        maximumFractionDigits: 2,
    })}`;
}

/** `+$1.00` / `-$1.00` / `$0.00`. */
function delta(value: number): string {
    return value >= 0 ? `+${money(value)}` : money(value);
}

function nameOf(urn: string): string {
    return urn.slice(urn.lastIndexOf("::") + 2);
}

function typeOf(urn: string): string {
    const parts = urn.split("::");
    const chain = parts[parts.length - 2] ?? "";
    return chain.slice(chain.lastIndexOf("$") + 1);
}

/** The line that closes the estimate (tests and CI read it). */
export function totalLine(report: CostReport): string {
    return `Total: ${money(report.monthlyTotal)} per month`;
}

/**
 * The estimate as the CLI prints it: resources that cost something, dearest first, then how many
 * cost nothing, then the unpriced ones, then the total.
 */
export function renderCost(report: CostReport): string {
    const charged = [...report.items]
        .filter((i) => i.monthly > 0)
        .sort((a, b) => b.monthly - a.monthly || a.name.localeCompare(b.name));
    const zero = report.items.filter((i) => i.monthly === 0);
    const rows = charged.map((i) => ({
        monthly: money(i.monthly),
        type: displayType(i.type),
        name: i.name,
        basis: i.basis,
    }));
    const mw = Math.max(7, ...rows.map((r) => r.monthly.length));
    const tw = Math.max(4, ...rows.map((r) => r.type.length)) + 2;
    const nw = Math.max(4, ...rows.map((r) => r.name.length)) + 2;
    const usage = report.usage ? `defaults + ${report.usage}` : "defaults";
    const lines = [
        `Cost estimate: USD per month, ${report.region} on-demand prices of ${report.pricesAsOf}; usage: ${usage}`,
        ...(report.stackRegion && report.stackRegion !== report.region
            ? [
                  `warning: the stack deploys to ${report.stackRegion}, but these are ${report.region} ` +
                      `prices; AWS prices differ by region, so this is not ${report.stackRegion}'s total`,
              ]
            : []),
        `    ${"Monthly".padStart(mw)}  ${"Type".padEnd(tw)}${"Name".padEnd(nw)}Basis`,
        ...rows.map(
            (r) =>
                `    ${r.monthly.padStart(mw)}  ${r.type.padEnd(tw)}${r.name.padEnd(nw)}${r.basis}`,
        ),
    ];
    if (zero.length) {
        lines.push(
            `    + ${zero.length} resource(s) at no charge (IAM, network configuration, ...)`,
        );
    }
    if (report.unpriced.length) {
        lines.push(
            `Unpriced: ${report.unpriced.length} resource(s), not (or not wholly) in the total`,
        );
        for (const urn of report.unpriced)
            lines.push(`    ${displayType(typeOf(urn))}  ${nameOf(urn)}`);
    }
    lines.push(totalLine(report));
    return lines.join("\n");
}

/** A plan's `--json` document, as far as the diff reads it. */
export interface PlanDocument {
    readonly stack?: string;
    readonly resources?: readonly PlanResource[];
    readonly cost?: CostReport | null;
}

interface Change {
    readonly kind: "added" | "removed" | "changed";
    readonly name: string;
    readonly type: string;
    readonly before?: number;
    readonly after?: number;
}

function escapeCell(text: string): string {
    return text.replace(/\|/g, "\\|");
}

/**
 * The difference between two estimates, as markdown for a pull-request comment: the totals and
 * their delta, then every item added, removed or changed (by URN), largest change first, then the
 * unpriced resources that came or went.
 */
export function costDiffMarkdown(base: CostReport, head: CostReport, stack: string): string {
    const before = new Map(base.items.map((i) => [i.urn, i]));
    const after = new Map(head.items.map((i) => [i.urn, i]));
    const changes: Change[] = [];
    const add = (kind: Change["kind"], i: CostItem, b?: number, a?: number) =>
        changes.push({ kind, name: i.name, type: i.type, before: b, after: a });
    for (const i of head.items) {
        const old = before.get(i.urn);
        if (!old) add("added", i, undefined, i.monthly);
        else if (old.monthly !== i.monthly) add("changed", i, old.monthly, i.monthly);
    }
    for (const i of base.items) if (!after.has(i.urn)) add("removed", i, i.monthly, undefined);
    const d = (c: Change) => (c.after ?? 0) - (c.before ?? 0);
    changes.sort((x, y) => Math.abs(d(y)) - Math.abs(d(x)) || x.name.localeCompare(y.name));

    const total = Math.round((head.monthlyTotal - base.monthlyTotal) * 100) / 100;
    const percent =
        base.monthlyTotal > 0
            ? `, ${total >= 0 ? "+" : ""}${((total / base.monthlyTotal) * 100).toFixed(1)}%`
            : "";
    const lines = [
        `### Cost estimate: ${stack}`,
        "",
        `Monthly total: ${money(base.monthlyTotal)} → **${money(head.monthlyTotal)}** ` +
            `(${delta(total)}${percent})`,
        "",
    ];
    // Dropping zero-cost additions and removals keeps the comment about money.
    const shown = changes.filter((c) => d(c) !== 0);
    if (shown.length === 0) {
        lines.push("No priced resource changes cost.");
    } else {
        lines.push("| change | resource | type | before | after | delta |");
        lines.push("| --- | --- | --- | ---: | ---: | ---: |");
        for (const c of shown) {
            lines.push(
                `| ${c.kind} | \`${escapeCell(c.name)}\` | \`${displayType(c.type)}\` | ` +
                    `${c.before === undefined ? "" : money(c.before)} | ` +
                    `${c.after === undefined ? "" : money(c.after)} | ${delta(Math.round(d(c) * 100) / 100)} |`,
            );
        }
        const free = changes.length - shown.length;
        if (free)
            lines.push(
                "",
                `${free} resource(s) at no charge added, removed or unchanged in price.`,
            );
    }
    const newUnpriced = head.unpriced.filter((u) => !base.unpriced.includes(u));
    const goneUnpriced = base.unpriced.filter((u) => !head.unpriced.includes(u));
    if (newUnpriced.length || goneUnpriced.length) {
        lines.push("");
        const list = (urns: string[]) =>
            urns.map((u) => `\`${nameOf(u)}\` (\`${displayType(typeOf(u))}\`)`).join(", ");
        if (newUnpriced.length)
            lines.push(`Newly unpriced, not in the totals: ${list(newUnpriced)}.`);
        if (goneUnpriced.length) lines.push(`No longer unpriced: ${list(goneUnpriced)}.`);
    }
    lines.push(
        "",
        `<sub>${head.region} on-demand prices of ${head.pricesAsOf}; usage: ` +
            `${head.usage ? `defaults + ${head.usage}` : "defaults"}; estimates, not a bill.</sub>`,
    );
    return lines.join("\n") + "\n";
}
