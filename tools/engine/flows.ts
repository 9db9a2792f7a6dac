/**
 * The plan's flows, judged by the same code the policy pack's `flows-hold` rule runs
 * (policy/lib/flows.ts), over the same view of the stack: each resource's final outputs with
 * secrets unwrapped (as @pulumi/policy hands them to a stack policy) and its inputs' property
 * dependencies. The plan prints the verdicts and writes them to JSON; the pack blocks on them.
 */
import { evaluateFlows, FlowLink, FlowResult } from "../../policy/lib/flows";
import type { Resource } from "../../policy/lib/rule";
import { plainValue } from "./monitor";
import type { Plan } from "./plan";
import { analyzerValue } from "./policy-gate";
import { wrap } from "./render";

/** The stack as AnalyzeStack shows it to a stack policy. */
export function stackView(plan: Plan): Resource[] {
    return plan.resources.map((r) => ({
        type: r.type,
        name: r.name,
        urn: r.urn,
        props: plainValue(analyzerValue(plan.rawOutputs.get(r.urn) ?? {})) as Record<
            string,
            unknown
        >,
        protect: r.protect,
        parent: r.parent,
        dependencies: r.dependencies,
        propertyDependencies: r.propertyDependencies,
    }));
}

/** Every declared flow of the plan, with its links and verdict. */
export function planFlows(plan: Plan): Promise<FlowResult[]> {
    return evaluateFlows(stackView(plan));
}

/** A flow as `--json` carries it: ends by resource name, and each missing link. */
export interface FlowJson extends Omit<FlowResult, "flow" | "links"> {
    readonly links: readonly Omit<FlowLink, "uses">[];
    /** Each link that does not hold, as `link: detail`. */
    readonly missing: readonly string[];
}

export function flowJson(f: FlowResult): FlowJson {
    const { flow: _flow, links, ...declared } = f;
    return {
        ...declared,
        links: links.map(({ uses: _uses, ...link }) => link),
        missing: links.filter((l) => !l.holds).map((l) => `${l.link}: ${l.detail}`),
    };
}

/**
 * The plan's Flows section: a line per flow (holds, or what breaks it), each missing link with
 * its fix below it, wrapped to the plan's width.
 */
export function renderFlows(flows: readonly FlowJson[]): string {
    const holding = flows.filter((f) => f.holds).length;
    const lines = [
        `Flows: ${flows.length} declared, ${holding} hold, ${flows.length - holding} broken`,
    ];
    for (const f of flows) {
        const port = f.port ? ` TCP ${f.port}` : "";
        const what = f.actions.length ? `: ${f.actions.join(", ")}` : "";
        const head = wrap(`${f.from} -> ${f.to}${port}${what}`, 100, "          ");
        lines.push(`    ${f.holds ? "holds " : "BROKEN"}  ${f.name}`, ...head);
        for (const m of f.missing) lines.push(...wrap(`missing ${m}`, 100, "          "));
    }
    return lines.join("\n");
}
