/**
 * The architecture graph of a plan, for `npm run plan -- --graph FILE.md`: the components and
 * their key data resources as nodes, grouped by top-level component, and the data flows between
 * them as edges, derived from parents and (property) dependencies. Drawn as a Mermaid flowchart
 * that a pull-request comment renders.
 *
 * Nodes: every top-level component is a subgraph; inside it, its nested components that hold a
 * key resource (a SecureFunction is its Lambda), its remote components (awsx Vpc, EKS), and its
 * key resources not inside a nested component (tables, streams, topics, queues, buckets, ...).
 * IAM, KMS, logs, security groups and configuration resources are never nodes.
 *
 * Edges, always between the nodes (or subgraphs) that hold the resources:
 * - connectors say what flows: a Lambda event source mapping (stream -> function, "records";
 *   function -> its on-failure queue, "failures"), a DynamoDB Kinesis streaming destination
 *   (table -> stream, "changes"), a Firehose stream (source -> it -> destination), an alarm
 *   (watched resource -> alarm topic, "alarms"), an SNS subscription, a CloudWatch log delivery;
 * - compute (a Lambda function, a state machine, a Kubernetes workload) whose inputs name a key
 *   resource calls it: compute -> resource, labelled by what the resource is ("reads/writes",
 *   "publishes", "invokes", "starts executions", ...);
 * - a key resource whose inputs name another gets data from it: source -> resource (bucket ->
 *   CloudFront, "origin");
 * - an IAM policy that names a key resource adds holder -> resource, only between nodes not
 *   already connected (the policy cannot say which way data flows);
 * - a dependency on the VPC is a dotted "vpc" edge to the dependent's top-level component.
 * A resource in component A whose inputs depend on one in component B thus gives an edge between
 * B's and A's nodes, oriented by what the types mean.
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
}

/** The graph of a plan. */
export interface Graph {
    readonly groups: readonly GraphGroup[];
    readonly nodes: readonly GraphNode[];
    readonly edges: readonly GraphEdge[];
}

/** Key resources: what a reader of the diagram needs to see, with a short name and a shape. */
const KEY: Readonly<Record<string, { kind: string; shape: NodeShape; target?: string }>> = {
    "aws:dynamodb/table:Table": { kind: "DynamoDB table", shape: "store", target: "reads/writes" },
    "aws:kinesis/stream:Stream": {
        kind: "Kinesis stream",
        shape: "channel",
        target: "puts records",
    },
    "aws:kinesis/firehoseDeliveryStream:FirehoseDeliveryStream": {
        kind: "Firehose",
        shape: "channel",
        target: "puts records",
    },
    "aws:sns/topic:Topic": { kind: "SNS topic", shape: "channel", target: "publishes" },
    "aws:sqs/queue:Queue": { kind: "SQS queue", shape: "channel", target: "sends" },
    "aws:s3/bucket:Bucket": { kind: "S3 bucket", shape: "store", target: "objects" },
    "aws:s3/bucketV2:BucketV2": { kind: "S3 bucket", shape: "store", target: "objects" },
    "aws:opensearch/domain:Domain": { kind: "OpenSearch", shape: "store", target: "indexes" },
    "aws:elasticache/replicationGroup:ReplicationGroup": {
        kind: "ElastiCache",
        shape: "store",
        target: "reads/writes",
    },
    "aws:elasticache/serverlessCache:ServerlessCache": {
        kind: "ElastiCache",
        shape: "store",
        target: "reads/writes",
    },
    "aws:ecr/repository:Repository": { kind: "ECR repository", shape: "store", target: "images" },
    "aws:cloudfront/distribution:Distribution": { kind: "CloudFront", shape: "edge" },
    "aws:lb/loadBalancer:LoadBalancer": { kind: "Load balancer", shape: "edge", target: "routes" },
    "aws:eks/cluster:Cluster": { kind: "EKS cluster", shape: "box", target: "deploys" },
    "kubernetes:networking.k8s.io/v1:Ingress": {
        kind: "Ingress (ALB)",
        shape: "edge",
        target: "routes",
    },
    "aws:lambda/function:Function": { kind: "Lambda", shape: "compute", target: "invokes" },
    "aws:sfn/stateMachine:StateMachine": {
        kind: "Step Functions",
        shape: "compute",
        target: "starts executions",
    },
    "kubernetes:apps/v1:Deployment": { kind: "Deployment", shape: "compute", target: "calls" },
    "kubernetes:apps/v1:StatefulSet": { kind: "StatefulSet", shape: "compute", target: "calls" },
    "kubernetes:batch/v1:CronJob": { kind: "CronJob", shape: "compute", target: "calls" },
};

/** Resources that act on what they name: compute -> resource. */
const COMPUTE = new Set([
    "aws:lambda/function:Function",
    "aws:sfn/stateMachine:StateMachine",
    "kubernetes:apps/v1:Deployment",
    "kubernetes:apps/v1:StatefulSet",
    "kubernetes:batch/v1:CronJob",
]);

const REMOTE_KIND: Readonly<Record<string, string>> = {
    "awsx:ec2:Vpc": "VPC",
    "eks:index:Cluster": "EKS cluster",
    "eks:index:ManagedNodeGroup": "EKS node group",
    "eks:index:NodeGroup": "EKS node group",
    "eks:index:NodeGroupV2": "EKS node group",
};

const VPC_TYPES = new Set(["awsx:ec2:Vpc", "aws:ec2/vpc:Vpc", "aws:ec2/subnet:Subnet"]);

const IAM_POLICIES = new Set(["aws:iam/rolePolicy:RolePolicy", "aws:iam/policy:Policy"]);

/** The last segment of a type token: `lightspeed:index:EventPipeline` -> `EventPipeline`. */
function kindOf(type: string): string {
    return type.slice(type.lastIndexOf(":") + 1);
}

function isKey(r: PlanResource): boolean {
    if (r.type === "aws:elasticache/cluster:Cluster")
        return r.inputs.replicationGroupId === undefined;
    return KEY[r.type] !== undefined;
}

function keyInfo(r: PlanResource): { kind: string; shape: NodeShape; target?: string } {
    if (r.type === "aws:elasticache/cluster:Cluster") {
        return { kind: "ElastiCache", shape: "store", target: "reads/writes" };
    }
    return KEY[r.type];
}

/** Builds the graph of a plan's resources. */
export function buildGraph(resources: readonly PlanResource[]): Graph {
    const byUrn = new Map(resources.map((r) => [r.urn, r]));
    const order = new Map(resources.map((r, i) => [r.urn, i]));
    const stack = resources.find((r) => r.type === "pulumi:pulumi:Stack");
    const parentOf = (r: PlanResource) => (r.parent ? byUrn.get(r.parent) : undefined);
    const isTop = (r: PlanResource) => r.parent === stack?.urn || (!r.parent && r !== stack);
    const isComponent = (r: PlanResource) => !r.custom && r !== stack;

    /** The top-level ancestor (or the resource itself when it is top level). */
    const topOf = (r: PlanResource): PlanResource | undefined => {
        let cur: PlanResource | undefined = r;
        while (cur && !isTop(cur)) cur = parentOf(cur);
        return cur;
    };
    const descendants = (r: PlanResource): PlanResource[] => {
        const out: PlanResource[] = [];
        for (const c of resources.filter((x) => x.parent === r.urn)) out.push(c, ...descendants(c));
        return out;
    };

    // Which resources are drawn: top-level components as subgraphs, the rest as nodes.
    const groupUrns = new Set<string>();
    const nodeUrns = new Set<string>();
    for (const r of resources) {
        if (r === stack) continue;
        if (isComponent(r)) {
            if (isTop(r) && !r.remote) groupUrns.add(r.urn);
            else if (r.remote) nodeUrns.add(r.urn);
            else if (descendants(r).some(isKey)) nodeUrns.add(r.urn);
        }
    }
    for (const r of resources) {
        if (r.custom && isKey(r)) {
            // A key resource inside a nested component node is drawn as that component.
            let cur = parentOf(r);
            let inNested = false;
            while (cur && cur !== stack) {
                if (nodeUrns.has(cur.urn)) inNested = true;
                cur = parentOf(cur);
            }
            if (!inNested) nodeUrns.add(r.urn);
        }
    }

    // Stable, readable ids: `g_<name>` for subgraphs, `n_<name>` for nodes.
    const ids = new Map<string, string>();
    const used = new Set<string>();
    for (const r of resources) {
        if (!groupUrns.has(r.urn) && !nodeUrns.has(r.urn)) continue;
        const base = `${groupUrns.has(r.urn) ? "g" : "n"}_${r.name.replace(/[^A-Za-z0-9_]/g, "_")}`;
        let id = base;
        for (let i = 2; used.has(id); i++) id = `${base}_${i}`;
        used.add(id);
        ids.set(r.urn, id);
    }

    /** The node or subgraph a resource is drawn as (nearest drawn ancestor-or-self). */
    const anchor = (urn: string): string | undefined => {
        let cur = byUrn.get(urn);
        while (cur && cur !== stack) {
            const id = ids.get(cur.urn);
            if (id) return id;
            cur = parentOf(cur);
        }
        return undefined;
    };
    const groupIdOf = (r: PlanResource): string | undefined => {
        const top = topOf(r);
        return top && groupUrns.has(top.urn) ? ids.get(top.urn) : undefined;
    };

    const groups: GraphGroup[] = resources
        .filter((r) => groupUrns.has(r.urn))
        .map((r) => ({ id: ids.get(r.urn)!, urn: r.urn, label: `${kindOf(r.type)} ${r.name}` }));
    const nodes: GraphNode[] = resources
        .filter((r) => nodeUrns.has(r.urn))
        .map((r) => {
            let kind: string;
            let shape: NodeShape;
            const inner = r.custom ? [] : descendants(r).filter(isKey);
            if (!r.custom && !r.remote && inner.length === 1) {
                // A component around one key resource (a SecureFunction) is drawn as that resource.
                ({ kind, shape } = keyInfo(inner[0]));
            } else if (!r.custom) {
                kind = REMOTE_KIND[r.type] ?? kindOf(r.type);
                shape = r.remote ? "box" : "compute";
            } else {
                ({ kind, shape } = keyInfo(r));
            }
            return {
                id: ids.get(r.urn)!,
                urn: r.urn,
                label: `${kind}<br/>${r.name}`,
                shape,
                group: groupIdOf(r),
            };
        });
    const groupOfId = new Map<string, string | undefined>(nodes.map((nd) => [nd.id, nd.group]));

    const edges: GraphEdge[] = [];
    const seen = new Set<string>();
    const connected = (a: string, b: string) =>
        edges.some((e) => (e.from === a && e.to === b) || (e.from === b && e.to === a));
    const addEdge = (
        from: string | undefined,
        to: string | undefined,
        label: string,
        dotted = false,
    ) => {
        if (!from || !to || from === to) return;
        // A subgraph and a node inside it are not a flow worth drawing.
        if (groupOfId.get(from) === to || groupOfId.get(to) === from) return;
        const key = `${from}>${to}>${label}`;
        if (seen.has(key)) return;
        seen.add(key);
        edges.push({ from, to, label, dotted });
    };

    const deps = (r: PlanResource, ...props: string[]): PlanResource[] => {
        const urns = props.length
            ? props.flatMap((p) => r.propertyDependencies[p] ?? [])
            : r.dependencies;
        return [...new Set(urns)].map((u) => byUrn.get(u)).filter((x): x is PlanResource => !!x);
    };
    const keyDeps = (r: PlanResource, ...props: string[]) =>
        deps(r, ...props).filter((d) => isKey(d) || (d.remote === true && !VPC_TYPES.has(d.type)));
    const targetLabel = (d: PlanResource) => (d.custom ? keyInfo(d).target : undefined) ?? "uses";

    const iamCandidates: [string | undefined, string | undefined, string][] = [];
    for (const r of resources) {
        if (r === stack) continue;
        switch (r.type) {
            case "aws:lambda/eventSourceMapping:EventSourceMapping": {
                const fn = anchor(deps(r, "functionName")[0]?.urn ?? r.urn);
                for (const s of keyDeps(r, "eventSourceArn")) {
                    const label =
                        s.type === "aws:sqs/queue:Queue"
                            ? "messages"
                            : s.type === "aws:dynamodb/table:Table"
                              ? "changes"
                              : "records";
                    addEdge(anchor(s.urn), fn, label);
                }
                for (const d of keyDeps(r, "destinationConfig"))
                    addEdge(fn, anchor(d.urn), "failures");
                continue;
            }
            case "aws:dynamodb/kinesisStreamingDestination:KinesisStreamingDestination":
                for (const t of keyDeps(r, "tableName")) {
                    for (const s of keyDeps(r, "streamArn"))
                        addEdge(anchor(t.urn), anchor(s.urn), "changes");
                }
                continue;
            case "aws:kinesis/firehoseDeliveryStream:FirehoseDeliveryStream": {
                const self = anchor(r.urn);
                for (const s of keyDeps(r, "kinesisSourceConfiguration"))
                    addEdge(anchor(s.urn), self, "records");
                const destinations = Object.keys(r.propertyDependencies).filter(
                    (p) => p.endsWith("Configuration") && p !== "kinesisSourceConfiguration",
                );
                for (const d of keyDeps(r, ...destinations))
                    addEdge(self, anchor(d.urn), "archive");
                continue;
            }
            case "aws:cloudwatch/metricAlarm:MetricAlarm":
            case "aws:cloudwatch/compositeAlarm:CompositeAlarm": {
                const watched = keyDeps(r, "dimensions", "metricQueries", "alarmRule").map((d) =>
                    anchor(d.urn),
                );
                const subjects = watched.length ? watched : [anchor(r.urn)];
                for (const t of keyDeps(
                    r,
                    "alarmActions",
                    "okActions",
                    "insufficientDataActions",
                )) {
                    for (const s of subjects) addEdge(s, anchor(t.urn), "alarms");
                }
                continue;
            }
            case "aws:sns/topicSubscription:TopicSubscription":
                for (const t of keyDeps(r, "topic")) {
                    for (const e of keyDeps(r, "endpoint"))
                        addEdge(anchor(t.urn), anchor(e.urn), "notifications");
                }
                continue;
            case "aws:sqs/queue:Queue":
                // A queue names its dead-letter queue: failed messages flow there.
                for (const d of keyDeps(r, "redrivePolicy"))
                    addEdge(anchor(r.urn), anchor(d.urn), "dead letters");
                break;
            case "aws:cloudwatch/logDelivery:LogDelivery": {
                const from = deps(r, "deliverySourceName").flatMap((s) =>
                    keyDeps(s, "resourceArn"),
                );
                const to = deps(r, "deliveryDestinationArn").flatMap((d) =>
                    keyDeps(d, "deliveryDestinationConfiguration"),
                );
                for (const f of from)
                    for (const t of to) addEdge(anchor(f.urn), anchor(t.urn), "access logs");
                continue;
            }
        }
        if (IAM_POLICIES.has(r.type)) {
            for (const d of keyDeps(r))
                iamCandidates.push([anchor(r.urn), anchor(d.urn), targetLabel(d)]);
        } else if (COMPUTE.has(r.type)) {
            for (const d of keyDeps(r)) addEdge(anchor(r.urn), anchor(d.urn), targetLabel(d));
        } else if (isKey(r)) {
            const skip =
                r.type === "aws:sqs/queue:Queue"
                    ? new Set(r.propertyDependencies.redrivePolicy ?? [])
                    : new Set<string>();
            for (const d of keyDeps(r).filter((x) => !skip.has(x.urn))) {
                const label =
                    d.type.startsWith("aws:s3/") && r.type.startsWith("aws:cloudfront/")
                        ? "origin"
                        : "";
                addEdge(anchor(d.urn), anchor(r.urn), label);
            }
        }
        const group = groupIdOf(r);
        for (const v of deps(r).filter((d) => VPC_TYPES.has(d.type))) {
            addEdge(anchor(v.urn), group ?? anchor(r.urn), "vpc", true);
        }
    }
    for (const [from, to, label] of iamCandidates) {
        if (from && to && !connected(from, to)) addEdge(from, to, label);
    }

    const position = new Map<string, number>([
        ...groups.map((g) => [g.id, order.get(g.urn)!] as [string, number]),
        ...nodes.map((nd) => [nd.id, order.get(nd.urn)!] as [string, number]),
    ]);
    edges.sort(
        (a, b) =>
            position.get(a.from)! - position.get(b.from)! ||
            position.get(a.to)! - position.get(b.to)! ||
            a.label.localeCompare(b.label),
    );
    return { groups, nodes, edges };
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
        const arrow = e.dotted ? "-.->" : "-->";
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
