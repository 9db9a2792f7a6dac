import * as assert from "node:assert/strict";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { repoRoot } from "./helpers/plan";
import { PlanResource } from "../tools/cost/estimate";
import { buildGraph, renderMermaid } from "../tools/graph";
import { main } from "../tools/plan";

const fixtures = path.join(repoRoot, "test", "fixtures", "cost");

function fixture(name: "base" | "head"): PlanResource[] {
    return JSON.parse(fs.readFileSync(path.join(fixtures, `${name}.json`), "utf8")).resources;
}

/** A minimal resource for hand-built plans. */
function r(
    type: string,
    name: string,
    parent: string,
    deps: Record<string, string[]> = {},
    extra: Partial<PlanResource> = {},
): PlanResource {
    return {
        urn: `urn:pulumi:t::p::${type}::${name}`,
        type,
        name,
        parent,
        custom: true,
        inputs: {},
        dependencies: [...new Set(Object.values(deps).flat())],
        propertyDependencies: deps,
        ...extra,
    };
}

describe("graph: nodes and edges of a fixture plan", () => {
    const graph = buildGraph(fixture("head"));

    it("makes each top-level component a subgraph", () => {
        assert.deepEqual(
            graph.groups.map((g) => [g.id, g.label]),
            [
                ["g_alerts", "Alerts alerts"],
                ["g_net", "SecureNetwork net"],
                ["g_pipe", "EventPipeline pipe"],
                ["g_app", "AppPlatform app"],
                ["g_search", "SearchIndexer search"],
                ["g_reminders", "ReminderWorkflow reminders"],
            ],
        );
    });

    it("draws remote components, wrapped functions and key data resources, node by node", () => {
        assert.deepEqual(
            graph.nodes.map((n) => [n.id, n.label, n.shape, n.group]),
            [
                ["n_alerts_topic", "SNS topic<br/>alerts-topic", "channel", "g_alerts"],
                ["n_net_vpc", "VPC<br/>net-vpc", "box", "g_net"],
                ["n_pipe_orders", "DynamoDB table<br/>pipe-orders", "store", "g_pipe"],
                ["n_pipe_stream", "Kinesis stream<br/>pipe-stream", "channel", "g_pipe"],
                // The SecureFunction component is drawn as the one Lambda inside it.
                ["n_pipe_shipper", "Lambda<br/>pipe-shipper", "compute", "g_pipe"],
                ["n_pipe_shipper_dlq", "SQS queue<br/>pipe-shipper-dlq", "channel", "g_pipe"],
                ["n_app_eks", "EKS cluster<br/>app-eks", "box", "g_app"],
                ["n_search_domain", "OpenSearch<br/>search-domain", "store", "g_search"],
                ["n_search_indexer", "Lambda<br/>search-indexer", "compute", "g_search"],
                ["n_reminders_cache", "ElastiCache<br/>reminders-cache", "store", "g_reminders"],
            ],
        );
        // The Lambda resource itself, IAM, KMS, logs and security groups are not nodes.
        const urns = new Set(graph.nodes.map((n) => n.urn));
        for (const res of fixture("head").filter((x) => urns.has(x.urn))) {
            assert.ok(!/aws:(iam|kms|cloudwatch|ec2)\//.test(res.type), res.type);
        }
    });

    it("derives the data flows from connectors, compute and dependencies, edge by edge", () => {
        assert.deepEqual(
            graph.edges.map((e) => `${e.from} ${e.dotted ? "-.->" : "-->"} ${e.to} ${e.label}`),
            [
                "n_net_vpc -.-> g_pipe vpc",
                "n_net_vpc -.-> g_app vpc",
                "n_pipe_orders --> n_pipe_stream changes",
                "n_pipe_stream --> n_pipe_shipper records",
                "n_pipe_stream --> n_search_indexer records",
                "n_pipe_shipper --> n_alerts_topic alarms",
                "n_pipe_shipper --> n_pipe_orders reads/writes",
                "n_pipe_shipper --> n_pipe_shipper_dlq failures",
                "n_search_indexer --> n_search_domain indexes",
            ],
        );
    });

    it("renders a Mermaid flowchart grouped in subgraphs", () => {
        const text = renderMermaid(graph).split("\n");
        assert.deepEqual(text.slice(0, 5), [
            "```mermaid",
            "flowchart LR",
            '    subgraph g_alerts["Alerts alerts"]',
            '        n_alerts_topic[["SNS topic<br/>alerts-topic"]]',
            "    end",
        ]);
        assert.ok(text.includes('        n_pipe_orders[("DynamoDB table<br/>pipe-orders")]'));
        assert.ok(text.includes('        n_pipe_shipper("Lambda<br/>pipe-shipper")'));
        assert.ok(text.includes('    n_pipe_orders -->|"changes"| n_pipe_stream'));
        assert.ok(text.includes('    n_net_vpc -.->|"vpc"| g_pipe'));
        assert.equal(text.at(-1), "```");
    });
});

describe("graph: edges by meaning", () => {
    const stack = "urn:pulumi:t::p::pulumi:pulumi:Stack::p-t";
    const root: PlanResource = {
        ...r("pulumi:pulumi:Stack", "p-t", ""),
        urn: stack,
        parent: null,
        custom: false,
    };
    const comp = (type: string, name: string) => ({ ...r(type, name, stack), custom: false });

    it("adds an IAM grant across components when nothing else connects them", () => {
        const app = comp("lightspeed:index:AppPlatform", "app");
        const rw = comp("lightspeed:index:ReminderWorkflow", "rw");
        const sender = r("aws:lambda/function:Function", "rw-sender", rw.urn);
        const machine = r("aws:sfn/stateMachine:StateMachine", "rw-machine", rw.urn, {
            definition: [sender.urn],
        });
        const podPolicy = r("aws:iam/rolePolicy:RolePolicy", "app-pod-policy", app.urn, {
            policy: [machine.urn],
        });
        // The sender's own policy names the machine too, but they are already connected.
        const senderPolicy = r("aws:iam/rolePolicy:RolePolicy", "rw-sender-policy", rw.urn, {
            policy: [sender.urn],
        });
        const graph = buildGraph([root, app, rw, machine, sender, podPolicy, senderPolicy]);
        assert.deepEqual(
            graph.edges.map((e) => `${e.from} --> ${e.to} ${e.label}`),
            ["g_app --> n_rw_machine starts executions", "n_rw_machine --> n_rw_sender invokes"],
        );
    });

    it("sends a queue's failed messages to its dead-letter queue, and a bucket to CloudFront", () => {
        const site = comp("lightspeed:index:StaticSite", "site");
        const dlq = r("aws:sqs/queue:Queue", "q-dlq", site.urn);
        const queue = r("aws:sqs/queue:Queue", "q", site.urn, { redrivePolicy: [dlq.urn] });
        const bucket = r("aws:s3/bucket:Bucket", "b", site.urn);
        const cdn = r("aws:cloudfront/distribution:Distribution", "cdn", site.urn, {
            origins: [bucket.urn],
        });
        const graph = buildGraph([root, site, dlq, queue, bucket, cdn]);
        assert.deepEqual(
            graph.edges.map((e) => `${e.from} --> ${e.to} ${e.label}`),
            ["n_q --> n_q_dlq dead letters", "n_b --> n_cdn origin"],
        );
    });
});

describe("npm run plan --graph", () => {
    it("writes the diagram to the file", async () => {
        const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "lightspeed-graph-")), "g.md");
        const out: string[] = [];
        const code = await main(
            [
                "--cwd",
                path.join(repoRoot, "test", "fixtures", "nested"),
                "--stack",
                "dev",
                "--quiet",
                "--no-policy",
                "--graph",
                file,
            ],
            { out: (l) => out.push(l), err: (l) => out.push(l) },
        );
        assert.equal(code, 0, out.join("\n"));
        assert.ok(out.includes(`Wrote ${file}`));
        const text = fs.readFileSync(file, "utf8");
        assert.ok(text.includes("### Architecture: dev\n\n```mermaid\nflowchart LR\n"), text);
        assert.ok(text.includes('    subgraph g_box["Box box"]'), text);
        assert.ok(text.includes('        n_box_a[["SQS queue<br/>box-a"]]'), text);
    });
});
