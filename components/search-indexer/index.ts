import * as path from "path";
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { EventConsumerArgs } from "../event-pipeline/args";
import { Flow } from "../lib/flow";
import { createKey } from "../lib/kms";
import { SecureFunction } from "../lib/secure-function";
import { WorkloadSecurityGroup } from "../secure-network/workload-security-group";
import { INDEXER_CONSUMER_DEFAULTS, SEARCH_INDEXER_FIXED, withDefaults } from "./defaults";
import type { IndexerConsumerOptions, SearchConnectArgs, SearchIndexerArgs } from "./args";
import type { ResolvedSearchIndexerArgs } from "./defaults";
import {
    domainAccessPolicy,
    domainHttpStatement,
    logPublishingPolicy,
    topicKeyStatement,
} from "./policies";
import {
    INDEXER_CONSUMER_SUFFIX,
    validateConnectArgs,
    validateIndexerConsumerOptions,
    validateIndexPattern,
    validateSearchIndexerArgs,
} from "./validate";

export type {
    IndexerConsumerOptions,
    SearchClientArgs,
    SearchConnectArgs,
    SearchIndexerArgs,
    SearchIndexerPipeline,
} from "./args";
export {
    INDEXER_CONSUMER_DEFAULTS,
    SEARCH_INDEXER_DEFAULTS,
    SEARCH_INDEXER_FIXED,
} from "./defaults";
export { DOMAIN_HTTP_ACTIONS, domainAccessPolicy, logPublishingPolicy } from "./policies";
export {
    AVAILABILITY_ZONE_COUNTS,
    DEDICATED_MASTER_COUNTS,
    DOMAIN_NAME_PATTERN,
    ENGINE_VERSION_PATTERN,
    INDEXER_CONSUMER_SUFFIX,
    INSTANCE_TYPE_PATTERN,
    RESERVED_CLIENT_NAMES,
    validateConnectArgs,
    validateIndexerConsumerOptions,
    validateIndexPattern,
    validateSearchIndexerArgs,
} from "./validate";

/** The indexer's handler (runtime/indexer): DynamoDB change events into OpenSearch. */
export const INDEXER_ENTRY = path.join(__dirname, "runtime", "indexer", "index.ts");
/** The scanner's handler (runtime/scanner): stale open tasks to the findings topic. */
export const SCANNER_ENTRY = path.join(__dirname, "runtime", "scanner", "index.ts");

/** Slugs of the published log types, for child names. */
const LOG_SLUGS: Record<string, string> = {
    INDEX_SLOW_LOGS: "index-slow",
    SEARCH_SLOW_LOGS: "search-slow",
    ES_APPLICATION_LOGS: "application",
};

/**
 * Full-text search over the EventPipeline's tables: an OpenSearch domain in private subnets
 * (KMS at rest, node-to-node encryption, HTTPS with TLS 1.2, IAM-signed requests only, a security
 * group admitting HTTPS from its clients only, slow and error logs in encrypted log groups,
 * health alarms); the indexer, which runs as one of the pipeline's consumers; and a scanner
 * that every five minutes publishes each newly stale open task to a topic.
 *
 * The domain and the pipeline need each other: the indexer (a pipeline consumer) needs the
 * domain's endpoint, and the domain must admit the indexer's security group and be told the
 * tables' physical names. So the stack creates the SearchIndexer first, passes
 * `indexerConsumer()` to the EventPipeline, then calls `connect({ pipeline })` exactly once,
 * which resolves the table names (deferred outputs) and admits the clients.
 */
export class SearchIndexer extends pulumi.ComponentResource {
    /** The domain (a flow's target: clients reach it on HTTPS). */
    public readonly domain: pulumi.Resource;
    /** The scanner function (a flow's workload). */
    public readonly scanner: pulumi.Resource;
    /** The domain's ARN. */
    public readonly domainArn: pulumi.Output<string>;
    /** The domain's name. */
    public readonly domainName: pulumi.Output<string>;
    /** The domain's VPC endpoint (host name); clients call `https://<endpoint>`. */
    public readonly domainEndpoint: pulumi.Output<string>;
    /** The domain's security group (HTTPS from the scanner and the connected clients). */
    public readonly securityGroupId: pulumi.Output<string>;
    /** The component's KMS key (the domain's data, the log groups). */
    public readonly keyArn: pulumi.Output<string>;
    /** The scanner function's name. */
    public readonly scannerFunctionName: pulumi.Output<string>;
    /** The scanner's execution role. */
    public readonly scannerRoleArn: pulumi.Output<string>;
    /** The name of the pipeline consumer {@link indexerConsumer} returns: `<name>-indexer`. */
    public readonly indexerConsumerName: string;

    private readonly name: string;
    private readonly a: ResolvedSearchIndexerArgs;
    private readonly indexedTableNames: pulumi.Output<string>;
    private readonly resolveIndexedTableNames: (source: pulumi.Output<string>) => void;
    private readonly resolveTasksTableName: (source: pulumi.Output<string>) => void;
    private readonly domainGroupId: pulumi.Output<string>;
    private readonly endpointUrl: pulumi.Output<string>;
    private consumerRequested = false;
    private connected = false;

    constructor(name: string, args: SearchIndexerArgs, opts?: pulumi.ComponentResourceOptions) {
        validateSearchIndexerArgs(name, args);
        // No args as component inputs, as EventPipeline: nothing in them belongs in state.
        super("lightspeed:index:SearchIndexer", name, {}, opts);
        this.name = name;
        const a = withDefaults(args);
        this.a = a;
        this.indexerConsumerName = `${name}${INDEXER_CONSUMER_SUFFIX}`;
        const fixed = SEARCH_INDEXER_FIXED;

        // The tables' physical names exist only once the pipeline does, and the pipeline needs
        // this domain first: connect() resolves them.
        const [indexedTableNames, resolveIndexed] = pulumi.deferredOutput<string>();
        const [tasksTableName, resolveTasks] = pulumi.deferredOutput<string>();
        this.indexedTableNames = indexedTableNames;
        this.resolveIndexedTableNames = resolveIndexed;
        this.resolveTasksTableName = resolveTasks;

        const partition = aws.getPartitionOutput({}, { parent: this });
        const accountId = aws.getCallerIdentityOutput({}, { parent: this }).accountId;
        const region = aws.getRegionOutput({}, { parent: this }).region;
        // Written from known names, so the access policy is readable during a first preview.
        const knownDomainArn = pulumi.interpolate`arn:${partition.partition}:es:${region}:${accountId}:domain/${a.domainName}`;

        // OpenSearch uses the key through grants it creates with the deploying principal's
        // permissions (kms:CreateGrant, which the account's key policy statement delegates to
        // IAM): it is not a key service. CloudWatch Logs is, for the log groups.
        const key = createKey(
            `${name}-key`,
            {
                description: `Encrypts the OpenSearch domain ${a.domainName} and the logs of SearchIndexer ${name}`,
                services: ["logs"],
                protect: a.protect,
                tags: a.tags,
            },
            this,
        );

        const logGroups = fixed.logTypes.map(
            (logType) =>
                new aws.cloudwatch.LogGroup(
                    `${name}-${LOG_SLUGS[logType]}-logs`,
                    { retentionInDays: a.logRetentionDays, kmsKeyId: key.arn, tags: a.tags },
                    { parent: this, protect: a.protect },
                ),
        );
        const logPolicy = new aws.cloudwatch.LogResourcePolicy(
            `${name}-log-publishing`,
            {
                // Account-wide and limited to 10 per region: one per domain, named after it.
                policyName: `${a.domainName}-log-publishing`,
                policyDocument: logPublishingPolicy(
                    logGroups.map((g) => g.arn),
                    { accountId, domainArn: knownDomainArn },
                ),
            },
            { parent: this },
        );

        // No rules inline (see WorkloadSecurityGroup): ingress is one rule resource per client,
        // and no egress at all (the provider removes AWS's default allow-all rule).
        const domainGroup = new aws.ec2.SecurityGroup(
            `${name}-domain-sg`,
            {
                vpcId: a.vpcId,
                description: `OpenSearch domain ${a.domainName}: HTTPS from its clients only`,
                revokeRulesOnDelete: true,
                tags: a.tags,
            },
            { parent: this },
        );

        const zones = a.availabilityZoneCount;
        const masters = a.dedicatedMasterCount;
        const domain = new aws.opensearch.Domain(
            `${name}-domain`,
            {
                domainName: a.domainName,
                engineVersion: a.engineVersion,
                clusterConfig: {
                    instanceType: a.instanceType,
                    instanceCount: a.instanceCount,
                    zoneAwarenessEnabled: zones > 1,
                    zoneAwarenessConfig: zones > 1 ? { availabilityZoneCount: zones } : undefined,
                    dedicatedMasterEnabled: masters > 0,
                    dedicatedMasterType: masters > 0 ? a.dedicatedMasterType : undefined,
                    dedicatedMasterCount: masters > 0 ? masters : undefined,
                },
                ebsOptions: {
                    ebsEnabled: true,
                    volumeType: "gp3",
                    volumeSize: a.volumeSizeGb,
                    iops: a.volumeIops,
                    throughput: a.volumeThroughputMibps,
                },
                encryptAtRest: { enabled: true, kmsKeyId: key.arn },
                nodeToNodeEncryption: { enabled: true },
                domainEndpointOptions: {
                    enforceHttps: true,
                    tlsSecurityPolicy: fixed.tlsSecurityPolicy,
                },
                vpcOptions: {
                    // One subnet per zone the domain spans: OpenSearch refuses more or fewer.
                    subnetIds: pulumi.output(a.subnetIds).apply((ids) => ids.slice(0, zones)),
                    securityGroupIds: [domainGroup.id],
                },
                // No fine-grained access control: IAM alone decides, on SigV4-signed requests.
                accessPolicies: pulumi.jsonStringify(
                    domainAccessPolicy({
                        partition: partition.partition,
                        accountId,
                        domainArn: knownDomainArn,
                    }),
                ),
                logPublishingOptions: logGroups.map((group, i) => ({
                    logType: fixed.logTypes[i],
                    cloudwatchLogGroupArn: group.arn,
                    enabled: true,
                })),
                // Service software updates (security patches) install themselves off-peak.
                softwareUpdateOptions: { autoSoftwareUpdateEnabled: true },
                tags: a.tags,
            },
            // OpenSearch checks that it may write to the log groups when the domain is created.
            { parent: this, protect: a.protect, dependsOn: [logPolicy] },
        );
        const endpointUrl = pulumi.interpolate`https://${domain.endpoint}`;

        const scanner = this.createScanner(
            domain,
            endpointUrl,
            tasksTableName,
            key,
            pulumi.interpolate`sns.${region}.${partition.dnsSuffix}`,
        );
        this.ingress("scanner", scanner.securityGroupId, domainGroup.id);
        new Flow(
            `${name}-flow-scanner-domain`,
            {
                from: scanner.fn.function,
                to: domain,
                port: SEARCH_INDEXER_FIXED.port,
                actions: [...SEARCH_INDEXER_FIXED.scannerActions],
                resourceSuffix: "/*",
                wiring: "OPENSEARCH_ENDPOINT",
                description: "The scanner searches for stale open tasks and records its findings",
            },
            { parent: this },
        );
        this.domainGroupId = domainGroup.id;
        this.endpointUrl = endpointUrl;

        this.createAlarms(domain, accountId, scanner.fn);

        this.domain = domain;
        this.scanner = scanner.fn.function;
        this.domainArn = domain.arn;
        this.domainName = domain.domainName;
        this.domainEndpoint = domain.endpoint;
        this.securityGroupId = domainGroup.id;
        this.keyArn = key.arn;
        this.scannerFunctionName = scanner.fn.functionName;
        this.scannerRoleArn = scanner.fn.roleArn;
        this.registerOutputs({
            domainArn: this.domainArn,
            domainName: this.domainName,
            domainEndpoint: this.domainEndpoint,
            securityGroupId: this.securityGroupId,
            keyArn: this.keyArn,
            scannerFunctionName: this.scannerFunctionName,
            scannerRoleArn: this.scannerRoleArn,
        });
    }

    /**
     * The indexer, as a consumer of the EventPipeline: pass it in the pipeline's `consumers`.
     * It reads the change events of `indexedTables` only, and may check aliases, create indexes
     * and write with `_bulk` on this domain. Call once.
     */
    public indexerConsumer(options: IndexerConsumerOptions = {}): EventConsumerArgs {
        if (this.consumerRequested) {
            throw new Error(
                `SearchIndexer "${this.name}": indexerConsumer() was already called: one pipeline ` +
                    `consumer indexes into this domain`,
            );
        }
        validateIndexerConsumerOptions(this.name, options);
        this.consumerRequested = true;
        const { bulkMaxBytes, deleteTombstoneHours, ...consumer } = options;
        const d = INDEXER_CONSUMER_DEFAULTS;
        const tuning = Object.fromEntries(
            Object.entries(consumer).filter(([, value]) => value !== undefined),
        );
        return {
            name: this.indexerConsumerName,
            entry: INDEXER_ENTRY,
            description:
                `Indexes the changes of ${this.a.indexedTables.join(", ")} into OpenSearch ` +
                `domain ${this.a.domainName}`,
            memoryMb: d.memoryMb,
            timeoutSeconds: d.timeoutSeconds,
            ...tuning,
            sourceTables: [...this.a.indexedTables],
            environment: {
                OPENSEARCH_ENDPOINT: this.endpointUrl,
                INDEXED_TABLES: this.indexedTableNames,
                BULK_MAX_BYTES: String(bulkMaxBytes ?? d.bulkMaxBytes),
                DELETE_TOMBSTONE_HOURS: String(deleteTombstoneHours ?? d.deleteTombstoneHours),
            },
            statements: [
                domainHttpStatement(
                    "IndexIntoSearchDomain",
                    SEARCH_INDEXER_FIXED.indexerActions,
                    this.domainArn,
                    ["*"],
                ),
            ],
        };
    }

    /**
     * Completes the component once the pipeline exists: the indexer and the scanner learn the
     * tables' physical names, and the domain admits the indexer's security group and every
     * client's. Call exactly once, with every client: until then the indexer and the scanner
     * cannot be deployed (Pulumi reports a deferred output that was never resolved).
     */
    public connect(args: SearchConnectArgs): void {
        if (this.connected) {
            throw new Error(
                `SearchIndexer "${this.name}": connect() was already called: call it once, with ` +
                    `every client`,
            );
        }
        validateConnectArgs(this.name, this.a.indexedTables, args);
        this.connected = true;
        const { tableNames, consumerSecurityGroupIds } = args.pipeline;
        this.resolveIndexedTableNames(
            pulumi
                .all(this.a.indexedTables.map((t) => tableNames[t]))
                .apply((names) => names.join(",")),
        );
        this.resolveTasksTableName(pulumi.output(tableNames[this.a.tasksTable]));
        this.ingress(
            "indexer",
            consumerSecurityGroupIds[this.indexerConsumerName],
            this.domainGroupId,
        );
        const indexer = args.pipeline.consumerFunctions?.[this.indexerConsumerName];
        if (indexer && this.domain) {
            new Flow(
                `${this.name}-flow-indexer-domain`,
                {
                    from: indexer,
                    to: this.domain,
                    port: SEARCH_INDEXER_FIXED.port,
                    actions: [...SEARCH_INDEXER_FIXED.indexerActions],
                    resourceSuffix: "/*",
                    wiring: "OPENSEARCH_ENDPOINT",
                    description: "The indexer writes every changed record into the domain",
                },
                { parent: this },
            );
        }
        for (const client of args.clients ?? []) {
            this.ingress(client.name, client.securityGroupId, this.domainGroupId);
        }
    }

    /**
     * What a role that ships logs into the domain needs: POST and PUT on the indexes whose names
     * start with `indexPattern`, and on `_bulk`. IAM matches the request's path only: a `_bulk`
     * body may name any index (the indexer's and the scanner's bodies do, so explicit indexes
     * stay allowed), which makes the pattern a statement of intent, not a wall. The role's
     * workload must also be a {@link SearchConnectArgs.clients client}.
     */
    public logShippingStatements(indexPattern: string): aws.iam.PolicyStatement[] {
        validateIndexPattern(this.name, indexPattern);
        return [
            domainHttpStatement(
                "ShipLogsToSearchDomain",
                SEARCH_INDEXER_FIXED.logShippingActions,
                this.domainArn,
                [`${indexPattern}*`, "_bulk"],
            ),
        ];
    }

    /** One HTTPS ingress rule on the domain's group, from a client's group. */
    private ingress(
        client: string,
        sourceGroupId: pulumi.Input<string>,
        domainGroupId: pulumi.Input<string>,
    ): void {
        const port = SEARCH_INDEXER_FIXED.port;
        new aws.vpc.SecurityGroupIngressRule(
            `${this.name}-ingress-${client}`,
            {
                securityGroupId: domainGroupId,
                description: `HTTPS from ${client}`,
                ipProtocol: "tcp",
                fromPort: port,
                toPort: port,
                referencedSecurityGroupId: sourceGroupId,
                tags: this.a.tags,
            },
            { parent: this },
        );
    }

    private createScanner(
        domain: aws.opensearch.Domain,
        endpointUrl: pulumi.Output<string>,
        tasksTableName: pulumi.Output<string>,
        key: aws.kms.Key,
        snsService: pulumi.Output<string>,
    ): { fn: SecureFunction; securityGroupId: pulumi.Output<string> } {
        const { name, a } = this;
        const fixed = SEARCH_INDEXER_FIXED;
        const base = `${name}-scanner`;
        const port = fixed.port;

        // No ingress; HTTPS to the VPC (the domain, interface endpoints), beyond only when asked.
        const network = new WorkloadSecurityGroup(
            `${base}-network`,
            {
                vpcId: a.vpcId,
                vpcCidr: a.vpcCidr,
                description: `SearchIndexer ${name} scanner`,
                egressPorts: [port],
                tags: a.tags,
            },
            { parent: this },
        );
        if (a.scannerInternetEgress) network.allowInternetEgress(port);

        const statements: aws.iam.PolicyStatement[] = [
            domainHttpStatement("SearchTasksAndRecordFindings", fixed.scannerActions, domain.arn, [
                "*",
            ]),
            {
                Sid: "PublishFindings",
                Effect: "Allow",
                Action: ["sns:Publish"],
                Resource: [a.findingsTopicArn],
            },
        ];
        if (a.findingsTopicKeyArn !== undefined) {
            statements.push(topicKeyStatement(a.findingsTopicKeyArn, snsService));
        }

        const fn = new SecureFunction(
            base,
            {
                entry: SCANNER_ENTRY,
                description: `Publishes open tasks untouched for ${a.staleAfterDays} days, once each, from OpenSearch domain ${a.domainName}`,
                subnetIds: a.subnetIds,
                securityGroupIds: [network.securityGroupId],
                logKmsKeyArn: key.arn,
                logRetentionDays: a.logRetentionDays,
                memoryMb: a.scannerMemoryMb,
                timeoutSeconds: a.scannerTimeoutSeconds,
                environment: {
                    OPENSEARCH_ENDPOINT: endpointUrl,
                    TASKS_TABLE: tasksTableName,
                    STALE_AFTER_DAYS: String(a.staleAfterDays),
                    FINDINGS_TOPIC_ARN: a.findingsTopicArn,
                },
                statements,
                protect: a.protect,
                tags: a.tags,
            },
            { parent: this },
        );

        const schedule = new aws.cloudwatch.EventRule(
            `${base}-schedule`,
            {
                description: `Runs the stale-task scan of SearchIndexer ${name}`,
                scheduleExpression: fixed.scanSchedule,
                tags: a.tags,
            },
            { parent: this },
        );
        // Only this rule may invoke the scanner (the pack requires the source ARN).
        const permission = new aws.lambda.Permission(
            `${base}-invoke`,
            {
                action: "lambda:InvokeFunction",
                function: fn.functionName,
                principal: "events.amazonaws.com",
                sourceArn: schedule.arn,
            },
            { parent: this },
        );
        new aws.cloudwatch.EventTarget(
            `${base}-target`,
            {
                rule: schedule.name,
                arn: fn.functionArn,
                retryPolicy: { maximumEventAgeInSeconds: fixed.scanEventMaxAgeSeconds },
            },
            { parent: this, dependsOn: [permission] },
        );
        return { fn, securityGroupId: network.securityGroupId };
    }

    private createAlarms(
        domain: aws.opensearch.Domain,
        accountId: pulumi.Output<string>,
        scanner: SecureFunction,
    ): void {
        const { name, a } = this;
        const fixed = SEARCH_INDEXER_FIXED;
        const domainAlarm = (
            suffix: string,
            m: {
                description: string;
                metricName: string;
                statistic: string;
                comparisonOperator: string;
                threshold: number;
                period?: number;
                evaluationPeriods?: number;
            },
        ): void => {
            this.alarm(`${name}-${suffix}`, {
                ...m,
                namespace: "AWS/ES",
                dimensions: { DomainName: domain.domainName, ClientId: accountId },
                period: m.period ?? fixed.domainAlarmPeriodSeconds,
                evaluationPeriods: m.evaluationPeriods ?? 1,
                // A gauge that stops reporting is neither healthy nor sick: keep the state.
                treatMissingData: "missing",
            });
        };
        const domainLabel = `OpenSearch domain ${a.domainName}`;
        domainAlarm("cluster-red", {
            description: `${domainLabel}: a primary shard is unassigned (cluster red)`,
            metricName: "ClusterStatus.red",
            statistic: "Maximum",
            comparisonOperator: "GreaterThanOrEqualToThreshold",
            threshold: 1,
        });
        // A single data node cannot hold a replica: such a cluster is yellow by design.
        if (a.instanceCount > 1) {
            domainAlarm("cluster-yellow", {
                description: `${domainLabel}: a replica shard is unassigned (cluster yellow)`,
                metricName: "ClusterStatus.yellow",
                statistic: "Maximum",
                comparisonOperator: "GreaterThanOrEqualToThreshold",
                threshold: 1,
            });
        }
        domainAlarm("free-storage", {
            description: `${domainLabel}: a data node has ${a.freeStorageAlarmPercent}% or less of its storage free`,
            metricName: "FreeStorageSpace",
            // Minimum across nodes: the fullest node blocks writes first. The metric is in MiB.
            statistic: "Minimum",
            comparisonOperator: "LessThanOrEqualToThreshold",
            threshold: Math.floor((a.volumeSizeGb * 1024 * a.freeStorageAlarmPercent) / 100),
        });
        domainAlarm("jvm-memory-pressure", {
            description: `${domainLabel}: JVM memory pressure above ${fixed.jvmMemoryPressurePercent}%`,
            metricName: "JVMMemoryPressure",
            statistic: "Maximum",
            comparisonOperator: "GreaterThanThreshold",
            threshold: fixed.jvmMemoryPressurePercent,
            evaluationPeriods: fixed.jvmMemoryPressurePeriods,
        });
        domainAlarm("writes-blocked", {
            description: `${domainLabel}: the cluster blocks writes`,
            metricName: "ClusterIndexWritesBlocked",
            statistic: "Maximum",
            comparisonOperator: "GreaterThanOrEqualToThreshold",
            threshold: 1,
            // AWS's recommendation: five minutes.
            period: 300,
        });
        domainAlarm("snapshot-failure", {
            description: `${domainLabel}: an automated snapshot failed`,
            metricName: "AutomatedSnapshotFailure",
            statistic: "Maximum",
            comparisonOperator: "GreaterThanOrEqualToThreshold",
            threshold: 1,
        });
        this.alarm(`${name}-scanner-errors`, {
            description: `SearchIndexer ${name}: the stale-task scan failed`,
            namespace: "AWS/Lambda",
            metricName: "Errors",
            statistic: "Sum",
            dimensions: { FunctionName: scanner.functionName },
            comparisonOperator: "GreaterThanThreshold",
            threshold: 0,
            period: fixed.scannerAlarmPeriodSeconds,
            evaluationPeriods: 1,
            // No data means no run failed.
            treatMissingData: "notBreaching",
        });
    }

    private alarm(
        resourceName: string,
        m: {
            description: string;
            namespace: string;
            metricName: string;
            statistic: string;
            dimensions: Record<string, pulumi.Input<string>>;
            comparisonOperator: string;
            threshold: number;
            period: number;
            evaluationPeriods: number;
            treatMissingData: string;
        },
    ): void {
        new aws.cloudwatch.MetricAlarm(
            resourceName,
            {
                alarmDescription: m.description,
                namespace: m.namespace,
                metricName: m.metricName,
                statistic: m.statistic,
                dimensions: m.dimensions,
                comparisonOperator: m.comparisonOperator,
                threshold: m.threshold,
                period: m.period,
                evaluationPeriods: m.evaluationPeriods,
                treatMissingData: m.treatMissingData,
                alarmActions: [this.a.alarmTopicArn],
                okActions: [this.a.alarmTopicArn],
                tags: this.a.tags,
            },
            { parent: this },
        );
    }
}
