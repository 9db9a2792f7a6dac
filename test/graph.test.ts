/**
 * The `--graph` diagram draws the components and the declared flows only, in the direction data
 * moves, with people's access apart (#15). The stacks' own plans are the fixtures: their flows
 * must all hold, and TeamAccess must have no data edge.
 */
import * as assert from "node:assert/strict";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { planStack, repoRoot } from "./helpers/plan";
import { PlanResource } from "../tools/cost/estimate";
import { planFlows, flowJson } from "../tools/engine/flows";
import { buildGraph, renderMermaid } from "../tools/graph";
import { main } from "../tools/plan";

function r(type: string, name: string, parent?: string): PlanResource {
    return {
        urn: `urn:pulumi:t::p::${type}::${name}`,
        type,
        name,
        parent,
        custom: !type.startsWith("lightspeed:"),
        inputs: {},
        dependencies: [],
        propertyDependencies: {},
    };
}

describe("graph: declared flows, the way data moves", () => {
    const root = r("pulumi:pulumi:Stack", "t-p");
    const pipeline = r("lightspeed:index:EventPipeline", "pipeline", root.urn);
    const stream = r("aws:kinesis/stream:Stream", "stream", pipeline.urn);
    const consumer = r("aws:lambda/function:Function", "consumer", pipeline.urn);
    const topic = r("aws:sns/topic:Topic", "events", pipeline.urn);
    const cache = r("aws:elasticache/replicationGroup:ReplicationGroup", "cache", pipeline.urn);
    const team = r("lightspeed:index:TeamAccess", "team", root.urn);
    const group = r("aws:iam/group:Group", "team-developers", team.urn);
    const graph = buildGraph(
        [root, pipeline, stream, consumer, topic, cache, team, group],
        [
            {
                name: "reads",
                fromUrn: consumer.urn,
                toUrn: stream.urn,
                actions: ["kinesis:GetRecords"],
            },
            {
                name: "publishes",
                fromUrn: consumer.urn,
                toUrn: topic.urn,
                actions: ["sns:Publish"],
            },
            { name: "talks", fromUrn: consumer.urn, toUrn: cache.urn, port: 6379, actions: [] },
        ],
    );

    it("draws a read from the target to the workload, a write the other way, a conversation both ways", () => {
        assert.deepEqual(renderMermaid(graph).split("\n"), [
            "```mermaid",
            "flowchart LR",
            '    subgraph g1["pipeline (EventPipeline)"]',
            '        n0("consumer (Lambda)")',
            '        n2[["stream (Kinesis stream)"]]',
            '        n3[["events (SNS topic)"]]',
            '        n4[("cache (cache)")]',
            "    end",
            '    n5["team (TeamAccess: people\'s access, not data)"]',
            '    n2 -->|"reads"| n0',
            '    n0 -->|"publishes"| n3',
            '    n0 <-->|"talks"| n4',
            "```",
        ]);
    });

    for (const stack of ["dev", "prod"]) {
        for (const known of [false, true]) {
            it(`${stack}${known ? " (known)" : ""}: every flow holds, at least 12, and people have no data edge`, async () => {
                const plan = await planStack(stack, { known });
                const flows = (await planFlows(plan)).map(flowJson);
                assert.deepEqual(
                    flows.filter((f) => !f.holds).map((f) => [f.name, f.missing]),
                    [],
                );
                assert.ok(flows.length >= 12, `${flows.length} flows`);
                for (const name of [
                    "app-reminder-cache",
                    "app-customers",
                    "app-tasks",
                    "logs-search-domain",
                    "search-flow-indexer-domain",
                    "reminders-flow-sender-cache",
                ]) {
                    assert.ok(
                        flows.some((f) => f.name === name),
                        name,
                    );
                }
                const g = buildGraph(plan.resources, flows);
                const people = g.nodes.filter((n) => n.urn.includes("lightspeed:index:TeamAccess"));
                assert.equal(people.length, 1);
                assert.deepEqual(
                    g.edges.filter((e) => people.some((p) => p.id === e.from || p.id === e.to)),
                    [],
                );
                assert.equal(g.edges.length, flows.length);
            });
        }
    }

    it("writes the diagram to the file", async () => {
        const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "lightspeed-graph-")), "g.md");
        const out: string[] = [];
        const code = await main(
            [
                "--cwd",
                path.join(repoRoot, "test", "fixtures", "flows"),
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
        assert.ok(text.includes('    n0 <-->|"fn-cache"| n1'), text);
        assert.ok(text.includes('    n0 <-->|"fn-items"| n2'), text);
    });
});
