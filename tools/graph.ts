/**
 * The architecture graph of a plan, for `npm run plan -- --graph FILE.md`: the components and
 * the data flows the program declares (lightspeed:index:Flow), drawn in the direction data
 * moves, as a Mermaid flowchart that a pull-request comment renders.
 *
 * - Every top-level component that holds an end of a flow is a subgraph; each flow end is a node
 *   in the component it belongs to (a Lambda, a state machine, pods by their service account, a
 *   table, a stream, a queue, a topic, a cache, a domain, a secret, ...).
 * - Each declared flow is one edge, labelled with its name: from the target to the workload when
 *   the workload only reads (a consumer reads a stream), from the workload to the target when it
 *   only writes (publishes, sends, starts, invokes), both ways when it does both or talks to the
 *   target over the network only (a cache).
 * - People's access (a component whose children are IAM groups or users, such as TeamAccess) is
 *   drawn apart, as a box with no edges: a grant to a person is not a data flow.
 * Nothing else is drawn: IAM dependencies say who may, not what moves.
 */
import { PlanResource } from "./cost/estimate";

/** A subgraph: one top-level component. */
export interface GraphGroup {
    readonly id: string;
    readonly urn: string;
    readonly label: string;
}

/** How a node is drawn. */
export type NodeShape = "store" | "channel" | "compute" | "edge" | "box";

/** A node: a component or a key resource. */
export interface GraphNode {
    readonly id: string;
    readonly urn: string;
    readonly label: string;
    readonly shape: NodeShape;
    /** The id of the subgraph it is drawn in, if any. */
    readonly group?: string;
}

/** A data flow between two nodes or subgraphs. */
export interface GraphEdge {
    readonly from: string;
    readonly to: string;
    readonly label: string;
    readonly dotted: boolean;
    /** Data moves both ways (reads and writes, or a network conversation). */
    readonly both?: boolean;
}

/** The graph of a plan. */
export interface Graph {
    readonly groups: readonly GraphGroup[];
    readonly nodes: readonly GraphNode[];
    readonly edges: readonly GraphEdge[];
}

/** A declared flow, as the plan's flows report it (ends by URN). */
export interface GraphFlow {
    readonly name: string;
    readonly fromUrn: string;
    readonly toUrn: string;
    /** The service principal the flow's workload is, when it is one. */
    readonly fromService?: string;
    readonly port?: number;
    readonly actions: readonly string[];
}

/** How a flow end is drawn, by type. */
const SHAPES: Readonly<Record<string, { kind: string; shape: NodeShape }>> = {
    "aws:dynamodb/table:Table": { kind: "DynamoDB table", shape: "store" },
    "aws:kinesis/stream:Stream": { kind: "Kinesis stream", shape: "channel" },
    "aws:sns/topic:Topic": { kind: "SNS topic", shape: "channel" },
    "aws:sqs/queue:Queue": { kind: "SQS queue", shape: "channel" },
    "aws:s3/bucket:Bucket": { kind: "S3 bucket", shape: "store" },
    "aws:elasticache/replicationGroup:ReplicationGroup": { kind: "cache", shape: "store" },
    "aws:opensearch/domain:Domain": { kind: "OpenSearch", shape: "store" },
    "aws:secretsmanager/secret:Secret": { kind: "secret", shape: "store" },
    "aws:cloudwatch/logGroup:LogGroup": { kind: "log group", shape: "store" },
    "aws:kms/key:Key": { kind: "KMS key", shape: "box" },
    "aws:lambda/function:Function": { kind: "Lambda", shape: "compute" },
    "aws:sfn/stateMachine:StateMachine": { kind: "Step Functions", shape: "compute" },
    "aws:eks/podIdentityAssociation:PodIdentityAssociation": { kind: "pods", shape: "compute" },
};

/** Actions that only read: the data moves from the target to the workload. */
const READ =
    /^[a-z0-9-]+:(Get|Query|Scan|Receive|Describe|List|BatchGet|ESHttpGet|ESHttpHead|ChangeMessageVisibility|DeleteMessage)/;

/** The last segment of a type token: `lightspeed:index:EventPipeline` -> `EventPipeline`. */
function kindOf(type: string): string {
    return type.slice(type.lastIndexOf(":") + 1);
}

const PEOPLE = new Set(["aws:iam/group:Group", "aws:iam/user:User"]);

/** The graph of a plan's declared flows, grouped by top-level component. */
export function buildGraph(resources: readonly PlanResource[], flows: readonly GraphFlow[]): Graph {
    const byUrn = new Map(resources.map((r) => [r.urn, r]));
    const stack = resources.find((r) => r.type === "pulumi:pulumi:Stack");
    const topOf = (r: PlanResource): PlanResource => {
        let at = r;
        while (at.parent && at.parent !== stack?.urn && byUrn.has(at.parent)) {
            at = byUrn.get(at.parent)!;
        }
        return at;
    };
    const ids = new Map<string, string>();
    const id = (urn: string, prefix: string) => {
        if (!ids.has(urn)) ids.set(urn, `${prefix}${ids.size}`);
        return ids.get(urn)!;
    };
    const groups = new Map<string, GraphGroup>();
    const nodes = new Map<string, GraphNode>();
    const groupOf = (r: PlanResource): string | undefined => {
        const top = topOf(r);
        if (top === r) return undefined; // a resource of the program itself
        if (!groups.has(top.urn)) {
            groups.set(top.urn, {
                id: id(top.urn, "g"),
                urn: top.urn,
                label: `${top.name} (${kindOf(top.type)})`,
            });
        }
        return groups.get(top.urn)!.id;
    };
    const node = (urn: string, service?: string): string | undefined => {
        const key = service ? `${urn}#${service}` : urn;
        const r = byUrn.get(urn);
        if (!r) return undefined;
        if (!nodes.has(key)) {
            const info = SHAPES[r.type] ?? { kind: kindOf(r.type), shape: "box" as NodeShape };
            nodes.set(key, {
                id: id(key, "n"),
                urn,
                label: service ? `${service} (for ${r.name})` : `${r.name} (${info.kind})`,
                shape: service ? "edge" : info.shape,
                group: groupOf(r),
            });
        }
        return nodes.get(key)!.id;
    };
    const edges: GraphEdge[] = [];
    for (const f of flows) {
        const from = node(f.fromUrn, f.fromService);
        const to = node(f.toUrn);
        if (!from || !to) continue;
        const reads = f.actions.filter((a) => READ.test(a)).length;
        const writes = f.actions.length - reads;
        const direction =
            f.actions.length === 0 || (reads > 0 && writes > 0) ? "both" : reads > 0 ? "in" : "out";
        edges.push(
            direction === "in"
                ? { from: to, to: from, label: f.name, dotted: false }
                : { from, to, label: f.name, dotted: false, both: direction === "both" },
        );
    }
    // People's access: drawn apart, no edges.
    for (const r of resources) {
        if (!PEOPLE.has(r.type) || !r.parent) continue;
        const top = topOf(r);
        if (top === r || nodes.has(top.urn)) continue;
        nodes.set(top.urn, {
            id: id(top.urn, "n"),
            urn: top.urn,
            label: `${top.name} (${kindOf(top.type)}: people's access, not data)`,
            shape: "box",
        });
    }
    return { groups: [...groups.values()], nodes: [...nodes.values()], edges };
}

function quote(label: string): string {
    return `"${label.replace(/"/g, "#quot;")}"`;
}

function drawNode(nd: GraphNode): string {
    const l = quote(nd.label);
    switch (nd.shape) {
        case "store":
            return `${nd.id}[(${l})]`;
        case "channel":
            return `${nd.id}[[${l}]]`;
        case "compute":
            return `${nd.id}(${l})`;
        case "edge":
            return `${nd.id}{{${l}}}`;
        default:
            return `${nd.id}[${l}]`;
    }
}

/** The graph as a Mermaid flowchart, fenced for markdown. */
export function renderMermaid(graph: Graph): string {
    const lines = ["```mermaid", "flowchart LR"];
    for (const g of graph.groups) {
        lines.push(`    subgraph ${g.id}[${quote(g.label)}]`);
        for (const nd of graph.nodes.filter((x) => x.group === g.id))
            lines.push(`        ${drawNode(nd)}`);
        lines.push("    end");
    }
    for (const nd of graph.nodes.filter((x) => x.group === undefined))
        lines.push(`    ${drawNode(nd)}`);
    for (const e of graph.edges) {
        const arrow = e.dotted ? "-.->" : e.both ? "<-->" : "-->";
        lines.push(`    ${e.from} ${arrow}${e.label ? `|${quote(e.label)}|` : ""} ${e.to}`);
    }
    lines.push("```");
    return lines.join("\n");
}

/** The markdown file `--graph` writes. */
export function graphMarkdown(graph: Graph, stack: string): string {
    return (
        `<!-- generated by: npm run plan -- --stack ${stack} --graph; edit the components, not this file -->\n` +
        `### Architecture: ${stack}\n\n` +
        renderMermaid(graph) +
        "\n"
    );
}
