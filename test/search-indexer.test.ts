import * as assert from "node:assert/strict";
import * as pulumi from "@pulumi/pulumi";
import { EventConsumerArgs, EventPipeline } from "../components/event-pipeline";
import { CLOUDWATCH_LOG_RETENTION_DAYS } from "../components/lib/log-retention";
import {
    INDEXER_ENTRY,
    SCANNER_ENTRY,
    SearchConnectArgs,
    SearchIndexer,
    SearchIndexerArgs,
    validateConnectArgs,
    validateIndexerConsumerOptions,
    validateIndexPattern,
    validateSearchIndexerArgs,
} from "../components/search-indexer";
import { runPolicyGate, startPolicyPack } from "../tools/engine/policy-gate";
import { Plan, planComponent, RecordedResource, UNKNOWN, valueOf } from "./helpers/plan";
import { brief, packDir, violationsOf } from "./helpers/policy";

/**
 * What the program's flows do not explain, advisory: the log shippers' ingress (their flow is the
 * stack's to declare) and the scanner's publishing to the findings topic (its flow too); with the
 * whole program (`all`), also the scanner's internet egress and its topic key grant.
 */
const UNDECLARED = (all: boolean): string[] => {
    const least = (name: string, message: string) =>
        `advisory flows-least-reachability ${name}: ${message}`;
    return [
        least(
            "search-ingress-app-logs",
            "ingress on tcp 443 is on a group flows use, but no declared flow goes through it: declare the flow it serves, or remove it.",
        ),
        ...(all
            ? [
                  least(
                      "search-scanner-network-egress-internet-443",
                      "egress on tcp 443 is on a group flows use, but no declared flow goes through it: declare the flow it serves, or remove it.",
                  ),
              ]
            : []),
        least(
            "search-scanner-role",
            `allows ${all ? "kms:Decrypt, kms:GenerateDataKey, " : ""}sns:Publish, which no declared flow of search-scanner needs: declare the flows they serve, or remove them.`,
        ),
    ];
};

const T = {
    search: "lightspeed:index:SearchIndexer",
    fnComponent: "lightspeed:index:SecureFunction",
    workload: "lightspeed:index:WorkloadSecurityGroup",
    key: "aws:kms/key:Key",
    logGroup: "aws:cloudwatch/logGroup:LogGroup",
    logPolicy: "aws:cloudwatch/logResourcePolicy:LogResourcePolicy",
    domain: "aws:opensearch/domain:Domain",
    sg: "aws:ec2/securityGroup:SecurityGroup",
    ingress: "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule",
    egress: "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule",
    fn: "aws:lambda/function:Function",
    rolePolicy: "aws:iam/rolePolicy:RolePolicy",
    rule: "aws:cloudwatch/eventRule:EventRule",
    target: "aws:cloudwatch/eventTarget:EventTarget",
    permission: "aws:lambda/permission:Permission",
    alarm: "aws:cloudwatch/metricAlarm:MetricAlarm",
    mapping: "aws:lambda/eventSourceMapping:EventSourceMapping",
} as const;

const ACCOUNT = "123456789012"; // the offline engine's getCallerIdentity answer
const REGION = "us-east-1";
const ALARMS = `arn:aws:sns:${REGION}:${ACCOUNT}:alarms`;
const FINDINGS = `arn:aws:sns:${REGION}:${ACCOUNT}:stale-tasks`;
const FINDINGS_KEY = `arn:aws:kms:${REGION}:${ACCOUNT}:key/0a1b2c3d-0000-1111-2222-333344445555`;
const SUBNETS = ["subnet-0a", "subnet-0b", "subnet-0c"];
const APP_LOGS_SG = "sg-0app10g5";
const TAGS = { team: "platform" };
const DOMAIN_ARN = `arn:aws:es:${REGION}:${ACCOUNT}:domain/prod-search`;

/** Production sizing: three data nodes over three zones, three masters; SNS through NAT. */
const PROD: SearchIndexerArgs = {
    vpcId: "vpc-0a",
    vpcCidr: "10.0.0.0/16",
    subnetIds: SUBNETS,
    domainName: "prod-search",
    indexedTables: ["customers", "tasks"],
    tasksTable: "tasks",
    alarmTopicArn: ALARMS,
    findingsTopicArn: FINDINGS,
    findingsTopicKeyArn: FINDINGS_KEY,
    scannerInternetEgress: true,
    tags: TAGS,
};

/** Development sizing: one small node, no zone awareness, no masters, nothing protected. */
const DEV: SearchIndexerArgs = {
    ...PROD,
    domainName: "dev-search",
    findingsTopicKeyArn: undefined,
    scannerInternetEgress: false,
    instanceType: "t3.small.search",
    instanceCount: 1,
    availabilityZoneCount: 1,
    dedicatedMasterCount: 0,
    volumeSizeGb: 10,
    logRetentionDays: 30,
    protect: false,
};

/** What one program run built. */
interface Program {
    search: SearchIndexer;
    pipeline: EventPipeline;
    consumer: EventConsumerArgs;
}

/**
 * The stack's wiring: SearchIndexer first, its indexer as a pipeline consumer, then connect()
 * with one more client (an app's log shipper).
 */
function program(args: SearchIndexerArgs, built: Partial<Program> = {}): void {
    const search = new SearchIndexer("search", args);
    const consumer = search.indexerConsumer({ batchSize: 50 });
    const pipeline = new EventPipeline("pipeline", {
        vpcId: "vpc-0a",
        vpcCidr: "10.0.0.0/16",
        subnetIds: SUBNETS,
        alarmTopicArn: ALARMS,
        archive: false,
        tables: [
            { name: "customers", hashKey: "id", attributes: [{ name: "id", type: "S" }] },
            { name: "tasks", hashKey: "taskId", attributes: [{ name: "taskId", type: "S" }] },
        ],
        consumers: [consumer],
    });
    search.connect({
        pipeline,
        clients: [{ name: "app-logs", securityGroupId: APP_LOGS_SG }],
    });
    Object.assign(built, { search, pipeline, consumer });
}

async function planProgram(
    args: SearchIndexerArgs,
    options: { known?: boolean } = {},
): Promise<Program & { plan: Plan }> {
    const built: Partial<Program> = {};
    const plan = await planComponent(() => program(args, built), options);
    return { plan, ...(built as Program) };
}

/** `type name` strings, sorted, so that registration order (which is async) does not matter. */
function typesAndNames(resources: readonly RecordedResource[]): string[] {
    return resources.map((r) => `${r.type} ${r.name}`).sort();
}

interface Statement {
    Sid?: string;
    Effect: string;
    Action: string | string[];
    Resource?: unknown;
    Principal?: unknown;
    Condition?: unknown;
}

function statementsOf(resource: RecordedResource, property = "policy"): Statement[] {
    const policy = resource.inputs[property];
    const doc = (typeof policy === "string" ? JSON.parse(policy) : policy) as {
        Statement: Statement[];
    };
    return doc.Statement;
}

/** The gate's findings for an already planned program, briefed and sorted (as violationsOf). */
async function gate(plan: Plan, policyConfig: Record<string, unknown>): Promise<string[]> {
    const result = await runPolicyGate(plan, { packDir, config: policyConfig });
    assert.deepEqual(result.cannotRunInPreview.map(brief), [], "every policy ran during preview");
    return result.violations.map(brief).sort();
}

const ACCESS_POLICY = {
    Version: "2012-10-17",
    Statement: [
        {
            Sid: "AccountPrincipalsWithTheirOwnGrants",
            Effect: "Allow",
            Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` },
            Action: ["es:ESHttpDelete", "es:ESHttpHead", "es:ESHttpPost", "es:ESHttpPut"],
            Resource: `${DOMAIN_ARN}/*`,
        },
    ],
};

const LOG_TYPES = ["INDEX_SLOW_LOGS", "SEARCH_SLOW_LOGS", "ES_APPLICATION_LOGS"];
const LOG_GROUPS = ["search-index-slow-logs", "search-search-slow-logs", "search-application-logs"];

describe("SearchIndexer", () => {
    // The pack compiles TypeScript for seconds: let it boot while the component tests run.
    before(() => startPolicyPack(packDir));

    describe("a production domain (first preview)", () => {
        let plan: Plan;
        before(async () => {
            ({ plan } = await planProgram(PROD));
        });
        const urn = (type: string, name: string) => plan.one(type, name).urn;

        it("registers exactly its children, named after it", () => {
            assert.deepEqual(
                typesAndNames(plan.childrenOf(plan.one(T.search, "search"))),
                [
                    `${T.key} search-key`,
                    `${T.logGroup} search-index-slow-logs`,
                    `${T.logGroup} search-search-slow-logs`,
                    `${T.logGroup} search-application-logs`,
                    `${T.logPolicy} search-log-publishing`,
                    `${T.sg} search-domain-sg`,
                    `${T.domain} search-domain`,
                    `${T.workload} search-scanner-network`,
                    `${T.fnComponent} search-scanner`,
                    `${T.rule} search-scanner-schedule`,
                    `${T.permission} search-scanner-invoke`,
                    `${T.target} search-scanner-target`,
                    `${T.ingress} search-ingress-scanner`,
                    `${T.ingress} search-ingress-indexer`,
                    `${T.ingress} search-ingress-app-logs`,
                    `${T.alarm} search-cluster-red`,
                    `${T.alarm} search-cluster-yellow`,
                    `${T.alarm} search-free-storage`,
                    `${T.alarm} search-jvm-memory-pressure`,
                    `${T.alarm} search-writes-blocked`,
                    `${T.alarm} search-snapshot-failure`,
                    `${T.alarm} search-scanner-errors`,
                    `lightspeed:index:Flow search-flow-scanner-domain`,
                    `lightspeed:index:Flow search-flow-indexer-domain`,
                ].sort(),
            );
        });

        it("domain: pinned engine, zone-aware nodes and masters, gp3, KMS, TLS 1.2, private subnets", () => {
            const domain = plan.one(T.domain, "search-domain");
            assert.deepEqual(domain.inputs, {
                domainName: "prod-search",
                engineVersion: "OpenSearch_2.17",
                clusterConfig: {
                    instanceType: "r6g.large.search",
                    instanceCount: 3,
                    zoneAwarenessEnabled: true,
                    zoneAwarenessConfig: { availabilityZoneCount: 3 },
                    dedicatedMasterEnabled: true,
                    dedicatedMasterType: "m6g.large.search",
                    dedicatedMasterCount: 3,
                },
                ebsOptions: {
                    ebsEnabled: true,
                    volumeType: "gp3",
                    volumeSize: 20,
                    iops: 3000,
                    throughput: 125,
                },
                encryptAtRest: { enabled: true, kmsKeyId: UNKNOWN },
                nodeToNodeEncryption: { enabled: true },
                domainEndpointOptions: {
                    enforceHttps: true,
                    tlsSecurityPolicy: "Policy-Min-TLS-1-2-PFS-2023-10",
                },
                vpcOptions: { subnetIds: SUBNETS, securityGroupIds: [UNKNOWN] },
                accessPolicies: JSON.stringify(ACCESS_POLICY),
                logPublishingOptions: LOG_TYPES.map((logType) => ({
                    logType,
                    cloudwatchLogGroupArn: UNKNOWN,
                    enabled: true,
                })),
                softwareUpdateOptions: { autoSoftwareUpdateEnabled: true },
                tags: TAGS,
            });
            assert.deepEqual(domain.propertyDependencies.encryptAtRest, [urn(T.key, "search-key")]);
            assert.deepEqual(domain.propertyDependencies.vpcOptions, [
                urn(T.sg, "search-domain-sg"),
            ]);
            assert.deepEqual(
                domain.propertyDependencies.logPublishingOptions,
                LOG_GROUPS.map((g) => urn(T.logGroup, g)),
            );
            // OpenSearch checks its right to write the log groups when it creates the domain.
            assert.ok(domain.dependencies.includes(urn(T.logPolicy, "search-log-publishing")));
        });

        it("access policy: readable during a first preview, the account's principals, the clients' methods only", () => {
            const [statement] = statementsOf(plan.one(T.domain), "accessPolicies");
            assert.deepEqual(statement, ACCESS_POLICY.Statement[0]);
        });

        it("protects exactly the stateful children: key, domain, log groups", () => {
            assert.deepEqual(
                plan.resources
                    .filter((r) => r.protect && r.name.startsWith("search"))
                    .map((r) => r.name)
                    .sort(),
                [...LOG_GROUPS, "search-domain", "search-key", "search-scanner-logs"].sort(),
            );
        });

        it("log groups: the component's key and the retention; OpenSearch may write exactly them", () => {
            for (const name of LOG_GROUPS) {
                const group = plan.one(T.logGroup, name);
                assert.deepEqual(group.inputs, {
                    retentionInDays: 365,
                    kmsKeyId: UNKNOWN,
                    tags: TAGS,
                });
                assert.deepEqual(group.propertyDependencies.kmsKeyId, [urn(T.key, "search-key")]);
            }
            const policy = plan.one(T.logPolicy, "search-log-publishing");
            assert.equal(policy.inputs.policyName, "prod-search-log-publishing");
            assert.deepEqual(
                policy.propertyDependencies.policyDocument,
                LOG_GROUPS.map((g) => urn(T.logGroup, g)),
            );
        });

        it("key policy: the account and CloudWatch Logs; OpenSearch uses the key through grants", () => {
            assert.deepEqual(
                statementsOf(plan.one(T.key, "search-key")).map((s) => s.Sid),
                ["AccountAdministersAndUsesKey", "CloudWatchLogsUsesKeyForThisAccountsLogGroups"],
            );
        });

        it("security groups: the domain's has no inline rules; HTTPS in from the scanner, the indexer and the clients only", () => {
            const group = plan.one(T.sg, "search-domain-sg");
            assert.deepEqual(group.inputs, {
                vpcId: "vpc-0a",
                description: "OpenSearch domain prod-search: HTTPS from its clients only",
                revokeRulesOnDelete: true,
                tags: TAGS,
            });
            const ingress = plan
                .ofType(T.ingress)
                .filter((r) => r.name.startsWith("search-"))
                .map((r) => ({
                    name: r.name,
                    port: [r.inputs.ipProtocol, r.inputs.fromPort, r.inputs.toPort],
                    onto: r.propertyDependencies.securityGroupId,
                    from: r.propertyDependencies.referencedSecurityGroupId ?? [],
                    cidr: [r.inputs.cidrIpv4, r.inputs.cidrIpv6],
                }))
                .sort((x, y) => x.name.localeCompare(y.name));
            const domainSg = [urn(T.sg, "search-domain-sg")];
            const https = ["tcp", 443, 443];
            const none = [undefined, undefined];
            assert.deepEqual(ingress, [
                // A literal id: no resource of the program.
                {
                    name: "search-ingress-app-logs",
                    port: https,
                    onto: domainSg,
                    from: [],
                    cidr: none,
                },
                {
                    name: "search-ingress-indexer",
                    port: https,
                    onto: domainSg,
                    from: [urn(T.sg, "pipeline-search-indexer-network-sg")],
                    cidr: none,
                },
                {
                    name: "search-ingress-scanner",
                    port: https,
                    onto: domainSg,
                    from: [urn(T.sg, "search-scanner-network-sg")],
                    cidr: none,
                },
            ]);
            assert.equal(
                plan.one(T.ingress, "search-ingress-app-logs").inputs.referencedSecurityGroupId,
                APP_LOGS_SG,
            );
            // Nothing else may open the domain's group.
            assert.deepEqual(
                plan
                    .ofType(T.egress)
                    .filter((r) => r.propertyDependencies.securityGroupId?.[0] === domainSg[0]),
                [],
            );
        });

        it("scanner network: HTTPS to the VPC, and to the internet when asked (SNS without an endpoint)", () => {
            const rules = plan
                .ofType(T.egress)
                .filter((r) => r.name.startsWith("search-scanner-network"))
                .map((r) => [r.name, r.inputs.ipProtocol, r.inputs.fromPort, r.inputs.cidrIpv4])
                .sort();
            assert.deepEqual(rules, [
                ["search-scanner-network-egress-443", "tcp", 443, "10.0.0.0/16"],
                ["search-scanner-network-egress-internet-443", "tcp", 443, "0.0.0.0/0"],
            ]);
        });

        it("schedule: every five minutes, through a permission scoped to the rule", () => {
            assert.deepEqual(plan.one(T.rule, "search-scanner-schedule").inputs, {
                description: "Runs the stale-task scan of SearchIndexer search",
                scheduleExpression: "rate(5 minutes)",
                tags: TAGS,
            });
            const permission = plan.one(T.permission, "search-scanner-invoke");
            assert.deepEqual(permission.inputs, {
                action: "lambda:InvokeFunction",
                function: UNKNOWN,
                principal: "events.amazonaws.com",
                sourceArn: UNKNOWN,
            });
            assert.deepEqual(permission.propertyDependencies.sourceArn, [
                urn(T.rule, "search-scanner-schedule"),
            ]);
            assert.deepEqual(permission.propertyDependencies.function, [
                urn(T.fn, "search-scanner"),
            ]);
            const target = plan.one(T.target, "search-scanner-target");
            assert.deepEqual(target.inputs, {
                rule: UNKNOWN,
                arn: UNKNOWN,
                retryPolicy: { maximumEventAgeInSeconds: 300 },
            });
            assert.deepEqual(target.propertyDependencies.arn, [urn(T.fn, "search-scanner")]);
            assert.ok(target.dependencies.includes(permission.urn), "target after permission");
        });

        it("alarms: red, yellow, free storage, JVM pressure, writes blocked, snapshots, scanner errors", () => {
            const alarms = plan
                .ofType(T.alarm)
                .filter((r) => r.name.startsWith("search-"))
                .map((r) => [
                    r.name,
                    r.inputs.namespace,
                    r.inputs.metricName,
                    r.inputs.statistic,
                    r.inputs.comparisonOperator,
                    r.inputs.threshold,
                    r.inputs.period,
                    r.inputs.evaluationPeriods,
                    r.inputs.treatMissingData,
                ])
                .sort((x, y) => String(x[0]).localeCompare(String(y[0])));
            const ge = "GreaterThanOrEqualToThreshold";
            const es = "AWS/ES";
            assert.deepEqual(alarms, [
                ["search-cluster-red", es, "ClusterStatus.red", "Maximum", ge, 1, 60, 1, "missing"],
                [
                    "search-cluster-yellow",
                    es,
                    "ClusterStatus.yellow",
                    "Maximum",
                    ge,
                    1,
                    60,
                    1,
                    "missing",
                ],
                // 25% of 20 GiB, in MiB.
                [
                    "search-free-storage",
                    es,
                    "FreeStorageSpace",
                    "Minimum",
                    "LessThanOrEqualToThreshold",
                    5120,
                    60,
                    1,
                    "missing",
                ],
                [
                    "search-jvm-memory-pressure",
                    es,
                    "JVMMemoryPressure",
                    "Maximum",
                    "GreaterThanThreshold",
                    80,
                    60,
                    3,
                    "missing",
                ],
                [
                    "search-scanner-errors",
                    "AWS/Lambda",
                    "Errors",
                    "Sum",
                    "GreaterThanThreshold",
                    0,
                    300,
                    1,
                    "notBreaching",
                ],
                [
                    "search-snapshot-failure",
                    es,
                    "AutomatedSnapshotFailure",
                    "Maximum",
                    ge,
                    1,
                    60,
                    1,
                    "missing",
                ],
                [
                    "search-writes-blocked",
                    es,
                    "ClusterIndexWritesBlocked",
                    "Maximum",
                    ge,
                    1,
                    300,
                    1,
                    "missing",
                ],
            ]);
            for (const alarm of plan.ofType(T.alarm).filter((r) => r.name.startsWith("search-"))) {
                assert.deepEqual(alarm.inputs.alarmActions, [ALARMS], alarm.name);
                assert.deepEqual(alarm.inputs.okActions, [ALARMS], alarm.name);
                const source =
                    alarm.name === "search-scanner-errors" ? "search-scanner" : "search-domain";
                const type = alarm.name === "search-scanner-errors" ? T.fn : T.domain;
                assert.deepEqual(
                    alarm.propertyDependencies.dimensions,
                    [urn(type, source)],
                    alarm.name,
                );
            }
        });
    });

    describe("a production domain (existing stack, known outputs)", () => {
        let plan: Plan;
        let search: SearchIndexer;
        let pipeline: EventPipeline;
        let consumer: EventConsumerArgs;
        before(async () => {
            ({ plan, search, pipeline, consumer } = await planProgram(PROD, { known: true }));
        });

        it("exposes the domain's ARN, name and endpoint, its group, key and scanner", async () => {
            assert.equal(await valueOf(search.domainArn), DOMAIN_ARN);
            assert.equal(await valueOf(search.domainName), "prod-search");
            assert.match(
                (await valueOf(search.domainEndpoint))!,
                /^vpc-prod-search-[0-9a-f]{26}\.us-east-1\.es\.amazonaws\.com$/,
            );
            assert.match((await valueOf(search.securityGroupId))!, /^sg-0[0-9a-f]{16}$/);
            assert.match(
                (await valueOf(search.keyArn))!,
                /^arn:aws:kms:us-east-1:123456789012:key\//,
            );
            assert.match(
                (await valueOf(search.scannerFunctionName))!,
                /^search-scanner-[0-9a-f]{7}$/,
            );
            assert.match(
                (await valueOf(search.scannerRoleArn))!,
                /^arn:aws:iam::123456789012:role\/search-scanner-role-[0-9a-f]{7}$/,
            );
            assert.equal(search.indexerConsumerName, "search-indexer");
            assert.deepEqual(Object.keys(plan.one(T.search).outputs ?? {}).sort(), [
                "domainArn",
                "domainEndpoint",
                "domainName",
                "keyArn",
                "scannerFunctionName",
                "scannerRoleArn",
                "securityGroupId",
            ]);
        });

        it("indexerConsumer(): the handler, the endpoint, the tables' physical names, its grant", async () => {
            const endpoint = await valueOf(search.domainEndpoint);
            const customers = await valueOf(pipeline.tableNames.customers);
            const tasks = await valueOf(pipeline.tableNames.tasks);
            assert.deepEqual(await valueOf(pulumi.output(consumer)), {
                name: "search-indexer",
                entry: INDEXER_ENTRY,
                description:
                    "Indexes the changes of customers, tasks into OpenSearch domain prod-search",
                memoryMb: 512,
                timeoutSeconds: 60,
                batchSize: 50,
                sourceTables: ["customers", "tasks"],
                environment: {
                    OPENSEARCH_ENDPOINT: `https://${endpoint}`,
                    INDEXED_TABLES: `${customers},${tasks}`,
                    BULK_MAX_BYTES: "5242880",
                    DELETE_TOMBSTONE_HOURS: "24",
                },
                statements: [
                    {
                        Sid: "IndexIntoSearchDomain",
                        Effect: "Allow",
                        Action: ["es:ESHttpHead", "es:ESHttpPost", "es:ESHttpPut"],
                        Resource: [`${DOMAIN_ARN}/*`],
                    },
                ],
            });
        });

        it("the pipeline runs the indexer on the indexed tables' events, with EventPipeline's mapping defaults", async () => {
            const customers = await valueOf(pipeline.tableNames.customers);
            const tasks = await valueOf(pipeline.tableNames.tasks);
            const mapping = plan.one(T.mapping, "pipeline-search-indexer-mapping").inputs;
            assert.deepEqual(
                [
                    mapping.batchSize,
                    mapping.maximumRetryAttempts,
                    mapping.bisectBatchOnFunctionError,
                ],
                [50, 5, true],
            );
            assert.deepEqual(mapping.filterCriteria, {
                filters: [{ pattern: JSON.stringify({ data: { tableName: [customers, tasks] } }) }],
            });
            const policy = plan.one(T.rolePolicy, "pipeline-search-indexer-policy");
            assert.deepEqual(
                statementsOf(policy).find((s) => s.Sid === "IndexIntoSearchDomain")?.Resource,
                [`${DOMAIN_ARN}/*`],
            );
        });

        it("log publishing policy: es.amazonaws.com, the three log groups' streams, this domain of this account", () => {
            const published = (
                plan.one(T.domain).inputs.logPublishingOptions as {
                    logType: string;
                    cloudwatchLogGroupArn: string;
                }[]
            ).map((o) => o.cloudwatchLogGroupArn);
            published.forEach((arn, i) =>
                assert.match(
                    arn,
                    new RegExp(
                        `^arn:aws:logs:us-east-1:${ACCOUNT}:log-group:${LOG_GROUPS[i]}-[0-9a-f]{7}$`,
                    ),
                ),
            );
            assert.deepEqual(statementsOf(plan.one(T.logPolicy), "policyDocument"), [
                {
                    Sid: "OpenSearchPublishesDomainLogs",
                    Effect: "Allow",
                    Principal: { Service: "es.amazonaws.com" },
                    Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
                    Resource: published.map((arn) => `${arn}:*`),
                    Condition: {
                        StringEquals: { "aws:SourceAccount": ACCOUNT },
                        ArnLike: { "aws:SourceArn": DOMAIN_ARN },
                    },
                },
            ]);
        });

        it("ingress: exactly the scanner's, the indexer's and the client's groups, onto the domain's", async () => {
            const domainSg = await valueOf(search.securityGroupId);
            const scannerSg = (
                plan.one(T.fn, "search-scanner").inputs.vpcConfig as {
                    securityGroupIds: string[];
                }
            ).securityGroupIds;
            const rules = Object.fromEntries(
                ["scanner", "indexer", "app-logs"].map((client) => {
                    const r = plan.one(T.ingress, `search-ingress-${client}`).inputs;
                    assert.equal(r.securityGroupId, domainSg, client);
                    assert.equal(r.description, `HTTPS from ${client}`);
                    return [client, r.referencedSecurityGroupId];
                }),
            );
            assert.deepEqual(rules, {
                scanner: scannerSg[0],
                indexer: await valueOf(pipeline.consumerSecurityGroupIds["search-indexer"]),
                "app-logs": APP_LOGS_SG,
            });
            assert.deepEqual(plan.one(T.domain).inputs.vpcOptions, {
                subnetIds: SUBNETS,
                securityGroupIds: [domainSg],
            });
        });

        it("scanner: its handler's environment, and exactly its domain, topic and topic-key grants", async () => {
            const fn = plan.one(T.fn, "search-scanner").inputs;
            assert.deepEqual((fn.environment as { variables: unknown }).variables, {
                NODE_OPTIONS: "--enable-source-maps",
                OPENSEARCH_ENDPOINT: `https://${await valueOf(search.domainEndpoint)}`,
                TASKS_TABLE: await valueOf(pipeline.tableNames.tasks),
                STALE_AFTER_DAYS: "7",
                FINDINGS_TOPIC_ARN: FINDINGS,
            });
            assert.deepEqual([fn.memorySize, fn.timeout], [256, 60]);
            assert.deepEqual(
                statementsOf(plan.one(T.rolePolicy, "search-scanner-policy")).slice(3),
                [
                    {
                        Sid: "SearchTasksAndRecordFindings",
                        Effect: "Allow",
                        Action: [
                            "es:ESHttpDelete",
                            "es:ESHttpHead",
                            "es:ESHttpPost",
                            "es:ESHttpPut",
                        ],
                        Resource: [`${DOMAIN_ARN}/*`],
                    },
                    {
                        Sid: "PublishFindings",
                        Effect: "Allow",
                        Action: ["sns:Publish"],
                        Resource: [FINDINGS],
                    },
                    {
                        Sid: "EncryptFindings",
                        Effect: "Allow",
                        Action: ["kms:GenerateDataKey", "kms:Decrypt"],
                        Resource: [FINDINGS_KEY],
                        Condition: {
                            StringEquals: { "kms:ViaService": "sns.us-east-1.amazonaws.com" },
                        },
                    },
                ],
            );
            assert.ok(SCANNER_ENTRY.endsWith("search-indexer/runtime/scanner/index.ts"));
        });

        it("schedule: the target invokes the scanner; the permission names the rule's ARN", async () => {
            const functionName = await valueOf(search.scannerFunctionName);
            const permission = plan.one(T.permission, "search-scanner-invoke").inputs;
            const ruleArn = permission.sourceArn as string;
            assert.match(
                ruleArn,
                new RegExp(
                    `^arn:aws:events:us-east-1:${ACCOUNT}:rule/search-scanner-schedule-[0-9a-f]{7}$`,
                ),
            );
            assert.deepEqual(permission, {
                action: "lambda:InvokeFunction",
                function: functionName,
                principal: "events.amazonaws.com",
                sourceArn: ruleArn,
            });
            assert.deepEqual(plan.one(T.target, "search-scanner-target").inputs, {
                rule: ruleArn.split("/").pop(),
                arn: `arn:aws:lambda:${REGION}:${ACCOUNT}:function:${functionName}`,
                retryPolicy: { maximumEventAgeInSeconds: 300 },
            });
        });

        it("logShippingStatements(): POST on the pattern's indexes and on _bulk", async () => {
            assert.deepEqual(
                await valueOf(pulumi.output(search.logShippingStatements("app-logs-"))),
                [
                    {
                        Sid: "ShipLogsToSearchDomain",
                        Effect: "Allow",
                        Action: ["es:ESHttpPost"],
                        Resource: [`${DOMAIN_ARN}/app-logs-*`, `${DOMAIN_ARN}/_bulk`],
                    },
                ],
            );
            assert.throws(
                () => search.logShippingStatements("*"),
                new Error(
                    'SearchIndexer "search": logShippingStatements(): indexPattern must be the lowercase prefix of index names (^[a-z0-9][a-z0-9._-]{0,199}$, no wildcard), got "*"',
                ),
            );
        });
    });

    describe("a development domain", () => {
        let plan: Plan;
        before(async () => {
            ({ plan } = await planProgram(DEV));
        });

        it("one small node in the first subnet: no zone awareness, no masters", () => {
            const domain = plan.one(T.domain).inputs;
            assert.deepEqual(domain.clusterConfig, {
                instanceType: "t3.small.search",
                instanceCount: 1,
                zoneAwarenessEnabled: false,
                dedicatedMasterEnabled: false,
            });
            assert.deepEqual((domain.vpcOptions as { subnetIds: string[] }).subnetIds, [
                "subnet-0a",
            ]);
            assert.equal((domain.ebsOptions as { volumeSize: number }).volumeSize, 10);
        });

        it("no yellow alarm (one node holds no replica), free storage at 25% of 10 GiB", () => {
            assert.deepEqual(
                plan.ofType(T.alarm).filter((r) => r.name === "search-cluster-yellow"),
                [],
            );
            assert.equal(plan.one(T.alarm, "search-free-storage").inputs.threshold, 2560);
        });

        it("protects nothing, keeps logs 30 days, no internet, no topic-key grant", () => {
            assert.deepEqual(
                plan.resources.filter((r) => r.protect && r.name.startsWith("search")),
                [],
            );
            for (const group of plan
                .ofType(T.logGroup)
                .filter((r) => r.name.startsWith("search"))) {
                assert.equal(group.inputs.retentionInDays, 30, group.name);
            }
            assert.deepEqual(
                plan.ofType(T.egress).filter((r) => r.name.includes("internet")),
                [],
            );
            assert.deepEqual(
                statementsOf(plan.one(T.rolePolicy, "search-scanner-policy")).map((s) => s.Sid),
                [
                    "OwnLogGroup",
                    "VpcNetworkInterfaces",
                    "XRayTraces",
                    "SearchTasksAndRecordFindings",
                    "PublishFindings",
                ],
            );
        });

        it("the prod policy config blocks exactly its unprotected stateful children and short logs", async () => {
            const prod = require("../policy/config/prod.json") as Record<string, unknown>;
            const protect = (name: string, loses: string) =>
                `mandatory stateful-protect ${name}: protect is not set: deleting or replacing this resource loses ${loses}; pass { protect: true } in its resource options.`;
            const retention = (name: string) =>
                `mandatory log-retention ${name}: retentionInDays is 30: set 365..3653 days.`;
            const logGroups = [...LOG_GROUPS, "search-scanner-logs"];
            assert.deepEqual(
                await gate(plan, prod),
                [
                    ...logGroups.map(retention),
                    ...logGroups.map((g) => protect(g, "its log events")),
                    protect("search-domain", "its indices"),
                    protect("search-key", "every piece of data encrypted under it"),
                    ...UNDECLARED(false),
                ].sort(),
            );
        });
    });

    describe("policy pack", () => {
        it("passes the whole program (SearchIndexer, EventPipeline with the indexer, connect) under the prod config", async () => {
            const prod = require("../policy/config/prod.json") as Record<string, unknown>;
            assert.deepEqual(
                await violationsOf("*", () => program(PROD), { policyConfig: prod }),
                UNDECLARED(true),
            );
        });
    });

    describe("wiring", () => {
        it("indexerConsumer() and connect() may each be called once", async () => {
            const errors: string[] = [];
            await planComponent(() => {
                const built: Partial<Program> = {};
                program(DEV, built);
                for (const call of [
                    () => built.search!.indexerConsumer(),
                    () => built.search!.connect({ pipeline: built.pipeline! }),
                ]) {
                    try {
                        call();
                    } catch (err) {
                        errors.push((err as Error).message);
                    }
                }
            });
            assert.deepEqual(errors, [
                'SearchIndexer "search": indexerConsumer() was already called: one pipeline consumer indexes into this domain',
                'SearchIndexer "search": connect() was already called: call it once, with every client',
            ]);
        });

        it("fails before registering anything when an argument is invalid", async () => {
            await assert.rejects(
                planProgram({ ...PROD, availabilityZoneCount: 4 }),
                new Error('SearchIndexer "search": availabilityZoneCount must be 1, 2 or 3, got 4'),
            );
        });
    });

    describe("validation", () => {
        const cases: [string, Partial<SearchIndexerArgs>, string][] = [
            ["a missing VPC", { vpcId: "" }, 'vpcId is required, got ""'],
            [
                "a missing findings topic",
                { findingsTopicArn: undefined },
                "findingsTopicArn is required, got undefined",
            ],
            [
                "a domain name with capitals",
                { domainName: "Prod_Search" },
                'domainName must be 3..28 lowercase letters, digits or hyphens, starting with a letter (^[a-z][a-z0-9-]{2,27}$), got "Prod_Search"',
            ],
            [
                "a domain name of 29 characters",
                { domainName: "a".repeat(29) },
                `domainName must be 3..28 lowercase letters, digits or hyphens, starting with a letter (^[a-z][a-z0-9-]{2,27}$), got "${"a".repeat(29)}"`,
            ],
            [
                "no indexed table",
                { indexedTables: [] },
                "indexedTables must name at least one of the pipeline's tables, got []",
            ],
            [
                "an indexed table twice",
                { indexedTables: ["tasks", "tasks"] },
                'indexedTables lists "tasks" more than once',
            ],
            [
                "a tasks table that is not indexed",
                { tasksTable: "todos" },
                'tasksTable must be one of indexedTables ("customers", "tasks"): the scanner searches its index, got "todos"',
            ],
            [
                "an Elasticsearch engine",
                { engineVersion: "Elasticsearch_7.10" },
                'engineVersion must be an OpenSearch version such as "OpenSearch_2.17" (^OpenSearch_\\d+\\.\\d+$), got "Elasticsearch_7.10"',
            ],
            [
                "an Elasticsearch instance type",
                { instanceType: "r6g.large.elasticsearch" },
                'instanceType must be an OpenSearch instance type such as "r6g.large.search" (^[a-z][a-z0-9-]*\\.[a-z0-9]+\\.search$), got "r6g.large.elasticsearch"',
            ],
            [
                "four zones",
                { availabilityZoneCount: 4 },
                "availabilityZoneCount must be 1, 2 or 3, got 4",
            ],
            ["no data node", { instanceCount: 0 }, "instanceCount must be 1..80, got 0"],
            [
                "nodes that do not divide over the zones",
                { instanceCount: 4 },
                "instanceCount must be a multiple of availabilityZoneCount (3), so that every zone holds as many data nodes, got 4",
            ],
            [
                "fewer subnets than zones",
                { subnetIds: ["subnet-0a", "subnet-0b"] },
                "subnetIds must list at least availabilityZoneCount (3) private subnets, one per zone, got 2",
            ],
            [
                "two masters",
                { dedicatedMasterCount: 2 },
                "dedicatedMasterCount must be 0, 3 or 5, got 2",
            ],
            [
                "a master type without masters",
                { dedicatedMasterCount: 0, dedicatedMasterType: "m6g.large.search" },
                'dedicatedMasterType is only for dedicatedMasterCount 3 or 5, got "m6g.large.search" with 0',
            ],
            ["a 5 GiB volume", { volumeSizeGb: 5 }, "volumeSizeGb must be 10..24576, got 5"],
            [
                "IOPS below gp3's baseline",
                { volumeIops: 2000 },
                "volumeIops must be 3000..16000, got 2000",
            ],
            [
                "throughput above gp3's",
                { volumeThroughputMibps: 2000 },
                "volumeThroughputMibps must be 125..1000, got 2000",
            ],
            [
                "a 0% storage alarm",
                { freeStorageAlarmPercent: 0 },
                "freeStorageAlarmPercent must be 1..99, got 0",
            ],
            ["stale after 0 days", { staleAfterDays: 0 }, "staleAfterDays must be 1..3650, got 0"],
            [
                "64 MB for the scanner",
                { scannerMemoryMb: 64 },
                "scannerMemoryMb must be 128..10240, got 64",
            ],
            [
                "a scan longer than its interval",
                { scannerTimeoutSeconds: 600 },
                "scannerTimeoutSeconds must be 1..300 (a run ends before the next one is due), got 600",
            ],
            [
                "a retention CloudWatch Logs refuses",
                { logRetentionDays: 10 },
                `logRetentionDays must be one of ${CLOUDWATCH_LOG_RETENTION_DAYS.join(", ")}, got 10`,
            ],
        ];
        for (const [what, args, message] of cases) {
            it(`rejects ${what}`, () => {
                assert.throws(
                    () => validateSearchIndexerArgs("search", { ...PROD, ...args }),
                    new Error(`SearchIndexer "search": ${message}`),
                );
            });
        }

        it("rejects a component name that cannot name the pipeline consumer", () => {
            assert.throws(
                () => validateSearchIndexerArgs("Search", PROD),
                new Error(
                    'SearchIndexer "Search": the component\'s name must be lowercase words joined by hyphens (^[a-z][a-z0-9]*(-[a-z0-9]+)*$), at most 32 characters: it names the pipeline consumer "<name>-indexer"',
                ),
            );
        });

        it("accepts the production and development arguments", () => {
            validateSearchIndexerArgs("search", PROD);
            validateSearchIndexerArgs("search", DEV);
        });

        const consumerCases: [
            string,
            Parameters<typeof validateIndexerConsumerOptions>[1],
            string,
        ][] = [
            [
                "a 100-byte bulk body",
                { bulkMaxBytes: 100 },
                "indexerConsumer(): bulkMaxBytes must be 1024..104857600, got 100",
            ],
            [
                "no tombstones",
                { deleteTombstoneHours: 0 },
                "indexerConsumer(): deleteTombstoneHours must be 1..8760, got 0",
            ],
            [
                "tombstones shorter than a record's age",
                { deleteTombstoneHours: 1, maximumRecordAgeSeconds: 7200 },
                "indexerConsumer(): deleteTombstoneHours (1 h) must cover maximumRecordAgeSeconds (7200 s): a delete must be remembered as long as an older change can arrive",
            ],
        ];
        for (const [what, options, message] of consumerCases) {
            it(`indexerConsumer() rejects ${what}`, () => {
                assert.throws(
                    () => validateIndexerConsumerOptions("search", options),
                    new Error(`SearchIndexer "search": ${message}`),
                );
            });
        }

        const pipeline = {
            tableNames: { customers: "p-customers-1", tasks: "p-tasks-1" },
            consumerSecurityGroupIds: { "search-indexer": "sg-0idx" },
        };
        const connectCases: [string, SearchConnectArgs, string][] = [
            [
                "a pipeline without the tasks table",
                { pipeline: { ...pipeline, tableNames: { customers: "p-customers-1" } } },
                'connect(): the pipeline has no table "tasks" (indexedTables); it has "customers"',
            ],
            [
                "a pipeline without the indexer",
                { pipeline: { ...pipeline, consumerSecurityGroupIds: {} } },
                'connect(): the pipeline has no consumer "search-indexer": pass indexerConsumer() in its consumers',
            ],
            [
                "a client named like the scanner",
                { pipeline, clients: [{ name: "scanner", securityGroupId: "sg-0a" }] },
                'connect(): client name "scanner" is reserved (indexer, scanner: the component admits them itself)',
            ],
            [
                "a client twice",
                {
                    pipeline,
                    clients: [
                        { name: "app", securityGroupId: "sg-0a" },
                        { name: "app", securityGroupId: "sg-0b" },
                    ],
                },
                'connect(): client name "app" is listed more than once',
            ],
            [
                "a client name with capitals",
                { pipeline, clients: [{ name: "App", securityGroupId: "sg-0a" }] },
                'connect(): client names must be lowercase words joined by hyphens (^[a-z][a-z0-9]*(-[a-z0-9]+)*$), got "App"',
            ],
            [
                "a client without a security group",
                { pipeline, clients: [{ name: "app", securityGroupId: "" }] },
                'connect(): client "app": securityGroupId is required',
            ],
        ];
        for (const [what, args, message] of connectCases) {
            it(`connect() rejects ${what}`, () => {
                assert.throws(
                    () => validateConnectArgs("search", ["customers", "tasks"], args),
                    new Error(`SearchIndexer "search": ${message}`),
                );
            });
        }

        it("index patterns: lowercase prefixes only", () => {
            validateIndexPattern("search", "app-logs-");
            for (const bad of ["", "_all", "App", "logs*"]) {
                assert.throws(() => validateIndexPattern("search", bad), /indexPattern must be/);
            }
        });
    });
});
