/**
 * The lightspeed program: validates the stack's config, then composes the components. Stacks
 * differ only in their `Pulumi.<stack>.yaml` values, never in code paths.
 */
import * as path from "path";
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { Alerts, queueNameOf } from "../components/alerts";
import {
    APP_QUEUE_ACTIONS,
    APP_TABLE_ACTIONS,
    AppPlatform,
    LOG_SHIPPING_SEARCH_ACTIONS,
    LOG_SHIPPING_SEARCH_PATH,
} from "../components/app-platform";
import { EventPipeline } from "../components/event-pipeline";
import { Flow } from "../components/lib/flow";
import { APP_EXECUTION_ACTIONS, ReminderWorkflow } from "../components/reminder-workflow";
import { SearchIndexer } from "../components/search-indexer";
import { type InterfaceEndpointService, SecureNetwork } from "../components/secure-network";
import { StaticSite } from "../components/static-site";
import { TeamAccess } from "../components/team-access";
import { loadStackConfig, PROJECT } from "./config";

// First, before any resource exists: a bad config stops the program with every problem listed,
// instead of after part of the stack has been registered.
const config = loadStackConfig();
const tags = { environment: config.environment, project: PROJECT };

const network = new SecureNetwork("network", {
    region: config.region,
    cidrBlock: config.network.cidrBlock,
    availabilityZoneCount: config.network.availabilityZoneCount,
    natStrategy: config.network.natStrategy,
    flowLogRetentionDays: config.network.flowLogRetentionDays,
    interfaceEndpoints: config.network.interfaceEndpoints,
    protect: config.protect,
    tags,
});
// A function in the VPC reaches an AWS service through its interface endpoint where the stack
// has one, else through NAT: HTTPS to the internet only when some service it calls has none.
const throughNat = (...services: InterfaceEndpointService[]) =>
    services.some((s) => !config.network.interfaceEndpoints.includes(s));

// The alert channel's incoming-webhook URL (not marketing's): put out of band, like the one below.
const alertSlackWebhook = config.alertSlack
    ? new aws.secretsmanager.Secret(
          "alerts-slack-webhook",
          {
              description:
                  "Alerts Slack incoming-webhook URL for the alarm forwarder (value put out of band)",
              recoveryWindowInDays: 30,
              tags,
          },
          { protect: config.protect },
      )
    : undefined;

// Every component's alarms go here: e-mail, and Slack through a forwarder in the VPC.
const alerts = new Alerts("alerts", {
    emails: config.alertEmails,
    slack: alertSlackWebhook && {
        webhookSecretArn: alertSlackWebhook.arn,
        vpcId: network.vpcId,
        vpcCidr: network.vpcCidr,
        subnetIds: network.privateSubnetIds,
    },
    logRetentionDays: config.logRetentionDays,
    protect: config.protect,
    tags,
});

// The marketing channel's incoming-webhook URL. Only the container is managed here: the value is
// put once, out of band (README, "Deploying for real"), so it never sits in Pulumi config or
// state, and it can be rotated without a deploy.
const slackWebhook = new aws.secretsmanager.Secret(
    "slack-webhook",
    {
        description:
            "Marketing Slack incoming-webhook URL for the new-customer notifier (value put out of band)",
        recoveryWindowInDays: 30,
        tags,
    },
    { protect: config.protect },
);

// Tasks left open and untouched: the five-minute scan reports each once here.
const staleTasks = new aws.sns.Topic("stale-tasks", {
    displayName: "Stale open tasks (SearchIndexer scan)",
    // The AWS-managed SNS key: the scanner publishes with its role, no key grant needed.
    kmsMasterKeyId: "alias/aws/sns",
    tags,
});

// Text search over every table, in the VPC; the indexer below keeps it current.
const search = new SearchIndexer("search", {
    vpcId: network.vpcId,
    vpcCidr: network.vpcCidr,
    subnetIds: network.privateSubnetIds,
    domainName: `${config.environment}-search`,
    indexedTables: ["customers", "tasks"],
    tasksTable: "tasks",
    alarmTopicArn: alerts.topicArn,
    findingsTopicArn: staleTasks.arn,
    engineVersion: config.search.engineVersion,
    instanceType: config.search.instanceType,
    instanceCount: config.search.instanceCount,
    availabilityZoneCount: config.search.availabilityZones,
    dedicatedMasterCount: config.search.dedicatedMasterCount,
    dedicatedMasterType: config.search.dedicatedMasterType,
    volumeSizeGb: config.search.volumeSizeGb,
    staleAfterDays: config.search.staleAfterDays,
    scannerInternetEgress: throughNat("sns"),
    logRetentionDays: config.logRetentionDays,
    protect: config.protect,
    tags,
});

// Apps save records in DynamoDB; every change flows through Kinesis to the consumers.
const pipeline = new EventPipeline("pipeline", {
    vpcId: network.vpcId,
    vpcCidr: network.vpcCidr,
    subnetIds: network.privateSubnetIds,
    alarmTopicArn: alerts.topicArn,
    tables: [
        {
            name: "customers",
            hashKey: "customerId",
            attributes: [{ name: "customerId", type: "S" }],
        },
        {
            name: "tasks",
            hashKey: "customerId",
            rangeKey: "taskId",
            ttlAttribute: "expiresAt",
            attributes: [
                { name: "customerId", type: "S" },
                { name: "taskId", type: "S" },
            ],
        },
    ],
    streamMode: config.pipeline.streamMode,
    shardCount: config.pipeline.shardCount,
    retentionHours: config.pipeline.retentionHours,
    archive: config.pipeline.archive,
    archiveTransitionDays: config.pipeline.archiveTransitionDays,
    logRetentionDays: config.logRetentionDays,
    deletionProtection: config.protect,
    protect: config.protect,
    // Domain events for the team's services: one topic, a queue per subscriber (with its DLQ).
    messagingQueues: [{ name: "app" }],
    tags,
    consumers: [
        {
            name: "new-customer-notifier",
            entry: path.join(
                __dirname,
                "..",
                "components",
                "event-pipeline",
                "runtime",
                "new-customer-notifier",
                "index.ts",
            ),
            description:
                "Announces new customers above a size threshold in the marketing Slack channel",
            sourceTables: ["customers"],
            // INSERT and MODIFY: a customer corrected up to the threshold is announced then.
            eventNames: ["INSERT", "MODIFY"],
            tableNameEnvironment: { CUSTOMERS_TABLE: "customers" },
            environment: {
                MIN_EMPLOYEES: String(config.notifier.minEmployees),
                SLACK_WEBHOOK_SECRET_ARN: slackWebhook.arn,
            },
            statements: [
                {
                    Sid: "ReadSlackWebhook",
                    Effect: "Allow",
                    Action: ["secretsmanager:GetSecretValue"],
                    Resource: [slackWebhook.arn],
                },
            ],
            idempotency: true,
            // Slack is on the internet (through NAT); so are DynamoDB and Secrets Manager where a
            // stack has no endpoint for them.
            internetEgress: true,
            // Worst case per record: 4 attempts of 5 s plus backoff.
            timeoutSeconds: 60,
            batchSize: config.notifier.batchSize,
            maximumBatchingWindowSeconds: 5,
        },
        // Every new or changed record, indexed within seconds; deletes remembered as long as a
        // stale event can still arrive from the stream.
        search.indexerConsumer({
            deleteTombstoneHours: Math.max(24, config.pipeline.retentionHours),
        }),
    ],
});

// Cancellable, time-based work: "remind the user to finish the tutorial unless they finished it".
const reminders = new ReminderWorkflow("reminders", {
    vpcId: network.vpcId,
    vpcCidr: network.vpcCidr,
    subnetIds: network.privateSubnetIds,
    alarmTopicArn: alerts.topicArn,
    nodeType: config.reminders.nodeType,
    replicas: config.reminders.replicas,
    snapshotRetentionDays: config.reminders.snapshotRetentionDays,
    authTokenVersion: config.reminders.authTokenVersion,
    // The sender publishes to SNS and reads the cache's token from Secrets Manager.
    senderInternetEgress: throughNat("sns", "secretsmanager"),
    logRetentionDays: config.logRetentionDays,
    protect: config.protect,
    tags,
});

// Where the team's services run: EKS (or a namespace on another stack's cluster), ECR, an HTTPS
// load balancer, pod roles that can do exactly what the app needs, logs shipped out.
const app = config.app;
const cluster = app.sharedClusterStack
    ? { sharedClusterStack: app.sharedClusterStack }
    : {
          kubernetesVersion: app.kubernetesVersion,
          vpcId: network.vpcId,
          vpcCidr: network.vpcCidr,
          privateSubnetIds: network.privateSubnetIds,
          publicSubnetIds: network.publicSubnetIds,
          publicAccessCidrs: app.publicAccessCidrs,
          adminRoleArns: app.adminRoleArns,
          nodeGroups: [{ name: "general", ...app.nodes }],
      };
const platform = new AppPlatform("platform", {
    ...cluster,
    namespace: config.environment,
    repositories: app.repositories,
    app: {
        name: "web",
        repository: app.repositories[0],
        imageTag: app.imageTag,
        replicas: app.replicas,
        maxReplicas: app.maxReplicas,
        environment: {
            STATE_MACHINE_ARN: reminders.stateMachineArn,
            REDIS_HOST: reminders.redisEndpoint,
            REDIS_AUTH_SECRET_ARN: reminders.authSecretArn,
            EVENTS_TOPIC_ARN: pipeline.topicArn!,
            EVENTS_QUEUE_URL: pipeline.queueUrls.app,
            CUSTOMERS_TABLE: pipeline.tableNames.customers,
            TASKS_TABLE: pipeline.tableNames.tasks,
        },
    },
    domainName: app.domainName,
    hostedZoneId: app.hostedZoneId,
    deletionProtection: app.deletionProtection,
    accessLogRetentionDays: app.accessLogRetentionDays,
    tableArns: Object.values(pipeline.tableArns),
    tableKeyArn: pipeline.keyArn,
    queueArns: [pipeline.queueArns.app],
    queueKeyArn: pipeline.keyArn,
    topicArn: pipeline.topicArn,
    topicKeyArn: pipeline.keyArn,
    reminderPolicyDocument: reminders.appPolicyDocument,
    searchDomainArn: search.domainArn,
    searchDomainEndpoint: search.domainEndpoint,
    logRetentionDays: config.logRetentionDays,
    protect: config.protect,
    tags,
});

// The pods (in the cluster security group) reach the reminder cache and ship logs to the domain.
if (platform.podSecurityGroupId) {
    reminders.admitClient("app-pods", platform.podSecurityGroupId, "the platform's pods");
}
search.connect({
    pipeline,
    clients: platform.podSecurityGroupId
        ? [{ name: "log-shipping", securityGroupId: platform.podSecurityGroupId }]
        : [],
});

// --- Flows: what reaches what across components (each component declares its own inside) ------
// The pack's flows-hold rule proves each one on the plan: network, IAM and keys, wiring.
const notifier = pipeline.consumerFunctions["new-customer-notifier"];
new Flow("notifier-slack-webhook", {
    from: notifier,
    to: slackWebhook,
    actions: ["secretsmanager:GetSecretValue"],
    wiring: "SLACK_WEBHOOK_SECRET_ARN",
    description: "The notifier reads the marketing channel's webhook URL",
});
if (alerts.slackForwarder && alertSlackWebhook) {
    new Flow("alerts-slack-webhook", {
        from: alerts.slackForwarder,
        to: alertSlackWebhook,
        actions: ["secretsmanager:GetSecretValue"],
        wiring: "SLACK_WEBHOOK_SECRET_ARN",
        description: "The alarm forwarder reads the alert channel's webhook URL",
    });
}
new Flow("scanner-stale-tasks", {
    from: search.scanner,
    to: staleTasks,
    actions: ["sns:Publish"],
    wiring: "FINDINGS_TOPIC_ARN",
    description: "The scanner reports each newly stale open task",
});
const appFlows: Flow[] = [];
const logFlows: Flow[] = [];
for (const [table, variable] of [
    ["customers", "CUSTOMERS_TABLE"],
    ["tasks", "TASKS_TABLE"],
] as const) {
    appFlows.push(
        new Flow(`app-${table}`, {
            from: platform.appWorkload,
            to: pipeline.tables[table],
            actions: APP_TABLE_ACTIONS,
            wiring: variable,
            description: `The app reads and writes the ${table} table (through the pipeline key)`,
        }),
    );
}
appFlows.push(
    new Flow("app-events-topic", {
        from: platform.appWorkload,
        to: pipeline.topic!,
        actions: ["sns:Publish"],
        wiring: "EVENTS_TOPIC_ARN",
        description: "The app publishes domain events",
    }),
);
appFlows.push(
    new Flow("app-events-queue", {
        from: platform.appWorkload,
        to: pipeline.queues.app,
        actions: APP_QUEUE_ACTIONS,
        wiring: "EVENTS_QUEUE_URL",
        description: "The app consumes its queue of domain events",
    }),
);
appFlows.push(
    new Flow("app-reminder-machine", {
        from: platform.appWorkload,
        to: reminders.stateMachine,
        actions: ["states:StartExecution"],
        wiring: "STATE_MACHINE_ARN",
        description: "The app schedules a reminder",
    }),
);
appFlows.push(
    new Flow("app-reminder-executions", {
        from: platform.appWorkload,
        to: reminders.stateMachine,
        actsOn: "executions",
        actions: [...APP_EXECUTION_ACTIONS],
        wiring: "STATE_MACHINE_ARN",
        description:
            "The app checks a stored handle and cancels a reminder the user no longer needs",
    }),
);
appFlows.push(
    new Flow("app-reminder-cache", {
        from: platform.appWorkload,
        to: reminders.cache,
        port: 6379,
        wiring: "REDIS_HOST",
        description: "The app keeps each reminder's execution handle in the cache",
    }),
);
appFlows.push(
    new Flow("app-reminder-token", {
        from: platform.appWorkload,
        to: reminders.authSecret,
        actions: ["secretsmanager:GetSecretValue"],
        wiring: "REDIS_AUTH_SECRET_ARN",
        description: "The app reads the cache's auth token",
    }),
);
logFlows.push(
    new Flow("logs-search-domain", {
        from: platform.logShippingWorkload,
        to: search.domain,
        port: 443,
        actions: [...LOG_SHIPPING_SEARCH_ACTIONS],
        resourceSuffix: LOG_SHIPPING_SEARCH_PATH,
        wiring: "values",
        description: "Fluent Bit ships the namespace's container logs to daily indices",
    }),
);
logFlows.push(
    new Flow("logs-container-group", {
        from: platform.logShippingWorkload,
        to: platform.containerLogGroup,
        actions: ["logs:CreateLogStream", "logs:PutLogEvents"],
        resourceSuffix: ":log-stream:fluent-bit",
        wiring: "values",
        description: "Fluent Bit ships the namespace's container logs to CloudWatch",
    }),
);

// The pods may send only where their flows go (and to DNS and the Pod Identity agent).
platform.limitEgress("app", appFlows);
platform.limitEgress("log-shipping", logFlows);

// The web front end and static artifacts: private bucket, CloudFront, HTTPS only.
const site = new StaticSite("site", {
    contentDir: path.join(__dirname, "..", "site"),
    spaFallback: config.site.spaFallback,
    notFoundPage: config.site.spaFallback ? undefined : "404.html",
    priceClass: config.site.priceClass,
    domainName: config.site.domainName,
    hostedZoneId: config.site.hostedZoneId,
    webAclArn: config.site.webAclArn,
    logRetentionDays: config.site.logRetentionDays,
    protect: config.protect,
    tags,
});

// The environment at a glance: added last, since it shows what the components above created.
const deadLetterQueueUrls = {
    ...pipeline.consumerDeadLetterQueueUrls,
    ...pipeline.queueDeadLetterQueueUrls,
};
const dashboard = alerts.addDashboard({
    dashboardName: `${PROJECT}-${config.environment}`,
    pipeline: {
        streamName: pipeline.streamName,
        consumerFunctionNames: pipeline.consumerFunctionNames,
    },
    deadLetterQueueUrls,
    search: { domainName: search.domainName },
    reminders: { stateMachineArn: reminders.stateMachineArn },
    // The controller names the ALB after the Ingress: namespace and app name.
    alb: { ingressNamespace: platform.namespace, ingressName: "web" },
});

// ARNs the components expose only as names or URLs, built from this account and region.
const partition = aws.getPartitionOutput().partition;
const region = aws.getRegionOutput().region;
const accountId = aws.getCallerIdentityOutput().accountId;
const arnOf = (service: string, resource: pulumi.Input<string>) =>
    pulumi.interpolate`arn:${partition}:${service}:${region}:${accountId}:${resource}`;
const bucketArn = (bucket: pulumi.Input<string>) =>
    pulumi.interpolate`arn:${partition}:s3:::${bucket}`;
const functionArns = [
    ...Object.values(pipeline.consumerFunctionNames),
    search.scannerFunctionName,
    reminders.senderFunctionName,
    ...(alerts.slackForwarderFunctionName ? [alerts.slackForwarderFunctionName] : []),
].map((fn) => arnOf("lambda", pulumi.interpolate`function:${fn}`));
const deadLetterQueueArns = [
    ...Object.values(deadLetterQueueUrls),
    ...(alerts.slackDeadLetterQueueUrl ? [alerts.slackDeadLetterQueueUrl] : []),
].map((url) => arnOf("sqs", queueNameOf(url)));
const archiveBucketArns = pipeline.archiveBucketName ? [bucketArn(pipeline.archiveBucketName)] : [];

// People: developers read the environment, operators run it; MFA for both; nobody deletes the
// artifacts (site content) or the archives (stream archive, access logs).
const team = config.teamAccess
    ? new TeamAccess("team", {
          environment: config.environment,
          read: {
              // Log groups are auto-named after their component: one pattern per component.
              logGroupArns: [
                  "alerts",
                  "network",
                  "pipeline",
                  "search",
                  "reminders",
                  "platform",
              ].map((component) => arnOf("logs", `log-group:${component}-*`)),
              functionArns,
              tableArns: Object.values(pipeline.tableArns),
              streamArns: [pipeline.streamArn],
              queueArns: [...Object.values(pipeline.queueArns), ...deadLetterQueueArns],
              topicArns: [alerts.topicArn, pipeline.topicArn!, reminders.topicArn, staleTasks.arn],
              stateMachineArns: [reminders.stateMachineArn],
              searchDomainArns: [search.domainArn],
              bucketArns: [bucketArn(site.bucketName), ...archiveBucketArns],
          },
          operate: {
              stateMachineArns: [reminders.stateMachineArn],
              functionArns,
              deadLetterQueueArns,
              redriveTargetQueueArns: Object.values(pipeline.queueArns),
              queueKeyArns: [pipeline.keyArn, alerts.keyArn],
          },
          protectedBucketArns: [
              bucketArn(site.bucketName),
              bucketArn(site.logBucketName),
              bucketArn(platform.accessLogBucketName),
              ...archiveBucketArns,
          ],
          tags,
      })
    : undefined;

/** The topic every alarm notifies (subscribe Slack or a pager to it). */
export const alarmTopicArn = alerts.topicArn;
/** The VPC's id. */
export const vpcId = network.vpcId;
/** The VPC's IPv4 CIDR block. */
export const vpcCidr = network.vpcCidr;
/** Private subnet ids, one per availability zone. */
export const privateSubnetIds = network.privateSubnetIds;
/** Public subnet ids, one per availability zone. */
export const publicSubnetIds = network.publicSubnetIds;
/** Where the static site is served. */
export const siteUrl = site.url;
/** The static site's bucket. */
export const siteBucketName = site.bucketName;
/** The static site's CloudFront distribution. */
export const siteDistributionId = site.distributionId;
/** The change-event stream every table writes to. */
export const streamArn = pipeline.streamArn;
/** The topic the team's services publish domain events to. */
export const eventsTopicArn = pipeline.topicArn;
/** Physical table names, by logical name. */
export const tableNames = pipeline.tableNames;
/** Put the marketing webhook URL here: aws secretsmanager put-secret-value --secret-id <arn>. */
export const slackWebhookSecretArn = slackWebhook.arn;
/** The reminder state machine. */
export const reminderStateMachineArn = reminders.stateMachineArn;
/** Where reminder handles live (primary endpoint of the cache). */
export const reminderRedisEndpoint = reminders.redisEndpoint;
/** The EKS cluster's name (read by stacks that share it). */
export const clusterName = platform.clusterName;
/** The cluster's kubeconfig (secret; read by stacks that share it). */
export const kubeconfig = platform.kubeconfig;
/** ECR repository URLs, by service. */
export const repositoryUrls = platform.repositoryUrls;
/** The app load balancer's DNS name. */
export const albHostname = platform.albHostname;
/** Where the app is served. */
export const appUrl = platform.url;
/** The search domain's endpoint (in the VPC). */
export const searchEndpoint = search.domainEndpoint;
/** Where stale open tasks are reported. */
export const staleTasksTopicArn = staleTasks.arn;
/** The environment's CloudWatch dashboard. */
export const dashboardUrl = dashboard.url;
/** Put the alert channel's webhook URL here (with lightspeed:alertSlack). */
export const alertSlackWebhookSecretArn = alertSlackWebhook?.arn;
/** Add people who read the environment here (IAM group). */
export const developersGroupName = team?.developersGroupName;
/** Add people who run the environment here (IAM group). */
export const operatorsGroupName = team?.operatorsGroupName;
