/**
 * Alerts: where every component's CloudWatch alarms go. A KMS-encrypted SNS topic that only
 * CloudWatch alarms of this account may publish to, with e-mail subscriptions for the team, an
 * optional Slack forwarder (a VPC Lambda subscribed to the topic), and the environment's
 * CloudWatch dashboard ({@link Alerts.addDashboard}).
 */
import * as crypto from "crypto";
import { denyInsecureTransport } from "../lib/iam";
import * as path from "path";
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { createKey, keyThroughService, type KeyService } from "../lib/kms";
import { CLOUDWATCH_LOG_RETENTION_DAYS, isLogRetentionDays } from "../lib/log-retention";
import { Flow } from "../lib/flow";
import { SecureFunction } from "../lib/secure-function";
import { WorkloadSecurityGroup } from "../secure-network/workload-security-group";
import { dashboardWidgets, validateDashboardArgs, type AlertsDashboardArgs } from "./dashboard";
import { ALERTS_DEFAULTS, ALERTS_FIXED } from "./defaults";

export { ALERTS_DEFAULTS, ALERTS_FIXED } from "./defaults";
export {
    albNamePrefix,
    albSearchExpression,
    dashboardWidgets,
    queueNameOf,
    validateDashboardArgs,
} from "./dashboard";
export type {
    AlertsDashboardArgs,
    DashboardAlbArgs,
    DashboardContext,
    DashboardPipelineArgs,
    DashboardRemindersArgs,
    DashboardSearchArgs,
    MetricRow,
    MetricWidget,
} from "./dashboard";

/** The item actions the forwarder's delivery records take (claim, read back, finish, give back). */
export const DELIVERY_RECORD_ACTIONS: readonly string[] = [
    "dynamodb:GetItem",
    "dynamodb:PutItem",
    "dynamodb:UpdateItem",
    "dynamodb:DeleteItem",
];

/** The forwarder's handler (bundled by esbuild when the stack runs). */
export const SLACK_FORWARDER_ENTRY = path.join(__dirname, "runtime", "slack-forwarder", "index.ts");

/**
 * Slack delivery of every alarm, through a small Lambda subscribed to the topic. The function runs
 * in the VPC and reaches Slack over HTTPS through the NAT gateways.
 */
export interface AlertsSlackArgs {
    /**
     * ARN of the Secrets Manager secret whose SecretString is the channel's incoming-webhook URL,
     * as plain text (put out of band: it is a credential).
     */
    readonly webhookSecretArn: pulumi.Input<string>;
    /**
     * The customer-managed KMS key that encrypts the secret, if it has one: the forwarder may
     * decrypt with it through Secrets Manager. Default none (the AWS-managed key needs no grant).
     */
    readonly webhookSecretKeyArn?: pulumi.Input<string>;
    /** The VPC the forwarder runs in (its security group is created there). */
    readonly vpcId: pulumi.Input<string>;
    /** The VPC's CIDR block: the forwarder may reach HTTPS there (interface endpoints). */
    readonly vpcCidr: pulumi.Input<string>;
    /** Private subnets with a route to a NAT gateway. */
    readonly subnetIds: pulumi.Input<pulumi.Input<string>[]>;
}

/** Arguments for {@link Alerts}. */
export interface AlertsArgs {
    /** E-mail addresses that receive every alarm (each confirms its subscription). Default none. */
    readonly emails?: readonly string[];
    /**
     * Post every alarm to Slack. Plain object: its presence decides whether the forwarder, its
     * network, its queue and its subscription exist. Default none.
     */
    readonly slack?: AlertsSlackArgs;
    /** Days the forwarder's log group keeps records; a CloudWatch Logs retention period. Default 365. */
    readonly logRetentionDays?: number;
    /**
     * Protect the stateful children (the key, the forwarder's log group, table and dead-letter
     * queue) from deletion. Plain boolean. Default true.
     */
    readonly protect?: boolean;
    /** Tags for every taggable child. */
    readonly tags?: pulumi.Input<Record<string, pulumi.Input<string>>>;
}

/** True for something shaped like an e-mail address: one @, no spaces, a dot in the domain. */
export function isEmailAddress(text: string): boolean {
    // Deliberately loose: RFC 5322 is not worth it, and SNS confirms every address anyway.
    return /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(text);
}

/** A stable, short id for an e-mail address (resource names must not carry the address). */
export function emailId(email: string): string {
    return crypto.createHash("sha256").update(email.toLowerCase()).digest("hex").slice(0, 8);
}

/** Validates {@link AlertsArgs}; throws naming the component and the argument. */
export function validateAlertsArgs(name: string, args: AlertsArgs): void {
    const emails = args.emails ?? ALERTS_DEFAULTS.emails;
    emails.forEach((email, i) => {
        if (!isEmailAddress(email)) {
            throw new Error(
                `Alerts "${name}": emails[${i}] must be an e-mail address, got ${JSON.stringify(email)}`,
            );
        }
    });
    const lower = emails.map((e) => e.toLowerCase());
    const dup = emails.find((_, i) => lower.indexOf(lower[i]) !== i);
    if (dup !== undefined) throw new Error(`Alerts "${name}": emails lists ${dup} twice`);
    const retention = args.logRetentionDays ?? ALERTS_DEFAULTS.logRetentionDays;
    if (!isLogRetentionDays(retention)) {
        throw new Error(
            `Alerts "${name}": logRetentionDays must be one of ${CLOUDWATCH_LOG_RETENTION_DAYS.join(", ")}, got ${retention}`,
        );
    }
}

/** What {@link Alerts.addDashboard} created. */
export interface AlertsDashboard {
    readonly dashboardName: pulumi.Output<string>;
    readonly dashboardArn: pulumi.Output<string>;
    /** The dashboard in the CloudWatch console. */
    readonly url: pulumi.Output<string>;
}

/**
 * The alarm topic and its subscribers: e-mail, and Slack through a forwarder function.
 *
 * Why the forwarder needs no grant on the topic's key: SNS decrypts a message before it delivers
 * it to a subscriber, so Lambda receives plain text. The key is used by CloudWatch (publishing),
 * by SNS itself, and, with Slack, by CloudWatch Logs (the forwarder's log group) and by the
 * forwarder's role through SQS (its undelivered-alarms queue).
 */
export class Alerts extends pulumi.ComponentResource {
    /** The topic every alarm targets (alarm and OK actions). */
    public readonly topicArn: pulumi.Output<string>;
    /** The key that encrypts the topic (and, with Slack, the forwarder's logs and queue). */
    public readonly keyArn: pulumi.Output<string>;
    /** The Slack forwarder's function name; undefined without `slack`. */
    public readonly slackForwarderFunctionName: pulumi.Output<string> | undefined;
    /** The Slack forwarder function, when there is one (a flow's workload). */
    public readonly slackForwarder: pulumi.Resource | undefined;
    /** The queue alarms go to when Slack did not take them in time; undefined without `slack`. */
    public readonly slackDeadLetterQueueUrl: pulumi.Output<string> | undefined;

    private readonly name: string;
    private readonly tags: AlertsArgs["tags"];
    private readonly region: pulumi.Output<string>;
    private readonly accountId: pulumi.Output<string>;
    private dashboardAdded = false;

    constructor(name: string, args: AlertsArgs, opts?: pulumi.ComponentResourceOptions) {
        validateAlertsArgs(name, args);
        super("lightspeed:index:Alerts", name, {}, opts);
        this.name = name;
        this.tags = args.tags;
        const emails = args.emails ?? ALERTS_DEFAULTS.emails;
        const protect = args.protect ?? ALERTS_DEFAULTS.protect;
        const identity = aws.getCallerIdentityOutput({}, { parent: this });
        this.accountId = identity.accountId;
        this.region = aws.getRegionOutput({}, { parent: this }).region;

        // CloudWatch publishes to the encrypted topic itself; with Slack, CloudWatch Logs writes
        // the forwarder's encrypted log group. SNS delivering to Lambda needs no key access.
        const services: KeyService[] = ["cloudwatch"];
        if (args.slack !== undefined) services.push("logs");
        const key = createKey(
            `${name}-key`,
            {
                description: `Encrypts the alarm topic of Alerts ${name}`,
                services,
                protect,
                tags: args.tags,
            },
            this,
        );

        const topic = new aws.sns.Topic(
            `${name}-topic`,
            { displayName: `${name} alarms`, kmsMasterKeyId: key.arn, tags: args.tags },
            { parent: this },
        );

        new aws.sns.TopicPolicy(
            `${name}-topic-policy`,
            {
                arn: topic.arn,
                policy: {
                    Version: "2012-10-17",
                    Statement: [
                        {
                            Sid: "CloudWatchAlarmsOfThisAccountPublish",
                            Effect: "Allow",
                            Principal: { Service: "cloudwatch.amazonaws.com" },
                            Action: "sns:Publish",
                            Resource: topic.arn,
                            Condition: {
                                StringEquals: { "aws:SourceAccount": identity.accountId },
                            },
                        },
                        denyInsecureTransport("sns:Publish", topic.arn),
                    ],
                },
            },
            { parent: this },
        );

        for (const email of emails) {
            // Named by the address, not its position: removing one address leaves the others'
            // confirmed subscriptions alone.
            new aws.sns.TopicSubscription(
                `${name}-email-${emailId(email)}`,
                { topic: topic.arn, protocol: "email", endpoint: email },
                { parent: this },
            );
        }

        const slack =
            args.slack !== undefined
                ? this.createSlackForwarder(args.slack, {
                      key,
                      topic,
                      protect,
                      logRetentionDays: args.logRetentionDays ?? ALERTS_DEFAULTS.logRetentionDays,
                  })
                : undefined;

        this.topicArn = topic.arn;
        this.keyArn = key.arn;
        this.slackForwarderFunctionName = slack?.fn.functionName;
        this.slackForwarder = slack?.fn.function;
        this.slackDeadLetterQueueUrl = slack?.deadLetterQueue.url;
        this.registerOutputs({
            topicArn: this.topicArn,
            keyArn: this.keyArn,
            ...(slack !== undefined && {
                slackForwarderFunctionName: this.slackForwarderFunctionName,
                slackDeadLetterQueueUrl: this.slackDeadLetterQueueUrl,
            }),
        });
    }

    /**
     * Adds the environment's CloudWatch dashboard (`<name>-dashboard`). A method, not an argument:
     * the dashboard shows the other components' resources, and those components need this
     * topic first. Call at most once, after them. The forwarder's undelivered-alarms queue joins
     * the dead-letter widget by itself.
     */
    public addDashboard(args: AlertsDashboardArgs): AlertsDashboard {
        validateDashboardArgs(this.name, args);
        if (this.dashboardAdded) {
            throw new Error(`Alerts "${this.name}": addDashboard() was already called`);
        }
        this.dashboardAdded = true;
        const widgets = dashboardWidgets(
            args,
            {
                region: this.region,
                accountId: this.accountId,
                extraDeadLetterQueueUrls:
                    this.slackDeadLetterQueueUrl !== undefined
                        ? { "alerts: undelivered to Slack": this.slackDeadLetterQueueUrl }
                        : undefined,
            },
            args.periodSeconds ?? ALERTS_DEFAULTS.dashboardPeriodSeconds,
        );
        const dashboard = new aws.cloudwatch.Dashboard(
            `${this.name}-dashboard`,
            {
                dashboardName: args.dashboardName,
                // Not an IAM document: an unknown body during a first preview is fine.
                dashboardBody: pulumi.jsonStringify({ widgets }),
            },
            { parent: this },
        );
        return {
            dashboardName: dashboard.dashboardName,
            dashboardArn: dashboard.dashboardArn,
            url: pulumi.interpolate`https://${this.region}.console.aws.amazon.com/cloudwatch/home?region=${this.region}#dashboards/dashboard/${dashboard.dashboardName}`,
        };
    }

    /**
     * The forwarder: its security group (HTTPS to the VPC and, through NAT, to Slack), its
     * undelivered-alarms queue and that queue's alarm, its delivery-record table, the function,
     * the permission for this topic to invoke it, and the subscription.
     */
    private createSlackForwarder(
        slack: AlertsSlackArgs,
        ctx: {
            key: aws.kms.Key;
            topic: aws.sns.Topic;
            protect: boolean;
            logRetentionDays: number;
        },
    ): { fn: SecureFunction; deadLetterQueue: aws.sqs.Queue } {
        const { name, tags } = this;
        const { key, topic } = ctx;
        const fixed = ALERTS_FIXED;
        const base = `${name}-slack`;
        const port = fixed.slackEgressPort;

        const network = new WorkloadSecurityGroup(
            `${base}-network`,
            {
                vpcId: slack.vpcId,
                vpcCidr: slack.vpcCidr,
                description: `Alerts ${name} Slack forwarder`,
                egressPorts: [port],
                tags,
            },
            { parent: this },
        );
        network.allowInternetEgress(port, "Slack");

        const deadLetterQueue = new aws.sqs.Queue(
            `${base}-dlq`,
            {
                kmsMasterKeyId: key.arn,
                kmsDataKeyReusePeriodSeconds: fixed.kmsDataKeyReusePeriodSeconds,
                messageRetentionSeconds: fixed.slackDeadLetterRetentionSeconds,
                tags,
            },
            // Alarms Slack never got wait here for a replay: deleting the queue loses them.
            { parent: this, protect: ctx.protect },
        );
        new aws.sqs.QueuePolicy(
            `${base}-dlq-policy`,
            {
                queueUrl: deadLetterQueue.url,
                policy: {
                    Version: "2012-10-17",
                    Statement: [denyInsecureTransport("sqs:*", deadLetterQueue.arn)],
                },
            },
            { parent: this },
        );

        // One record per alarm state change, claimed before posting: SNS's duplicate deliveries
        // and Lambda's retries find it and post nothing again. Records expire after a week.
        const deliveries = new aws.dynamodb.Table(
            `${base}-deliveries`,
            {
                billingMode: "PAY_PER_REQUEST",
                hashKey: fixed.slackDeliveryKey,
                attributes: [{ name: fixed.slackDeliveryKey, type: "S" }],
                ttl: { attributeName: fixed.slackDeliveryTtlAttribute, enabled: true },
                pointInTimeRecovery: { enabled: true },
                serverSideEncryption: { enabled: true, kmsKeyArn: key.arn },
                deletionProtectionEnabled: ctx.protect,
                tags,
            },
            { parent: this, protect: ctx.protect },
        );

        const dnsSuffix = aws.getPartitionOutput({}, { parent: this }).dnsSuffix;
        const at = { region: this.region, dnsSuffix };
        const statements: aws.iam.PolicyStatement[] = [
            {
                Sid: "ReadSlackWebhook",
                Effect: "Allow",
                Action: ["secretsmanager:GetSecretValue"],
                Resource: [slack.webhookSecretArn],
            },
            {
                // Lambda sends an alarm it gave up on to the on-failure queue with this role; the
                // queue is encrypted, so SQS asks KMS for a data key on the role's behalf.
                Sid: "SendUndeliveredAlarms",
                Effect: "Allow",
                Action: ["sqs:SendMessage"],
                Resource: [deadLetterQueue.arn],
            },
            keyThroughService(
                "EncryptUndeliveredAlarms",
                ["kms:GenerateDataKey", "kms:Decrypt"],
                key.arn,
                "sqs",
                at,
            ),
            {
                Sid: "DeliveryRecords",
                Effect: "Allow",
                Action: [...DELIVERY_RECORD_ACTIONS],
                Resource: [deliveries.arn],
            },
            // DynamoDB decrypts the table key of the deliveries table (under this key) with the
            // caller's permission: without it every read and write is refused.
            keyThroughService("DecryptDeliveryRecords", ["kms:Decrypt"], key.arn, "dynamodb", at),
        ];
        if (slack.webhookSecretKeyArn !== undefined) {
            statements.push(
                keyThroughService(
                    "DecryptSlackWebhook",
                    ["kms:Decrypt"],
                    slack.webhookSecretKeyArn,
                    "secretsmanager",
                    at,
                ),
            );
        }

        const fn = new SecureFunction(
            base,
            {
                entry: SLACK_FORWARDER_ENTRY,
                description: `Posts the alarms of Alerts ${name} to Slack`,
                subnetIds: slack.subnetIds,
                securityGroupIds: [network.securityGroupId],
                logKmsKeyArn: key.arn,
                logRetentionDays: ctx.logRetentionDays,
                timeoutSeconds: fixed.slackTimeoutSeconds,
                environment: {
                    SLACK_WEBHOOK_SECRET_ARN: slack.webhookSecretArn,
                    [fixed.slackDeliveryEnvironmentVariable]: deliveries.name,
                },
                statements,
                protect: ctx.protect,
                tags,
            },
            { parent: this },
        );

        // SNS invokes asynchronously: a failed invocation is retried by Lambda, then sent here.
        new aws.lambda.FunctionEventInvokeConfig(
            `${base}-invoke-config`,
            {
                functionName: fn.functionName,
                maximumRetryAttempts: fixed.slackMaximumRetryAttempts,
                maximumEventAgeInSeconds: fixed.slackMaximumEventAgeSeconds,
                destinationConfig: { onFailure: { destination: deadLetterQueue.arn } },
            },
            // Lambda checks that the role may send to the queue.
            { parent: this, dependsOn: [fn] },
        );

        const permission = new aws.lambda.Permission(
            `${base}-invoke`,
            {
                function: fn.functionName,
                action: "lambda:InvokeFunction",
                principal: "sns.amazonaws.com",
                // Only this topic, not any topic of any account.
                sourceArn: topic.arn,
            },
            { parent: this },
        );
        new aws.sns.TopicSubscription(
            `${base}-subscription`,
            { topic: topic.arn, protocol: "lambda", endpoint: fn.functionArn },
            // Subscribed once SNS may invoke: no alarm is refused in between.
            { parent: this, dependsOn: [permission] },
        );

        new Flow(
            `${base}-flow-deliveries`,
            {
                from: fn.function,
                to: deliveries,
                actions: [...DELIVERY_RECORD_ACTIONS],
                wiring: fixed.slackDeliveryEnvironmentVariable,
                description: "The forwarder claims each alarm state change before posting it",
            },
            { parent: this },
        );
        new Flow(
            `${base}-flow-undelivered`,
            {
                from: fn.function,
                to: deadLetterQueue,
                actions: ["sqs:SendMessage"],
                wiring: "on-failure",
                description: "Alarms the forwarder gave up on are kept for redrive",
            },
            { parent: this },
        );
        new Flow(
            `${base}-flow-alarms`,
            {
                from: topic,
                fromService: "sns.amazonaws.com",
                to: fn.function,
                actions: ["lambda:InvokeFunction"],
                wiring: "subscription",
                description: "The alarm topic invokes the forwarder",
            },
            { parent: this },
        );

        // E-mail still works when Slack does not: this alarm reaches the e-mail subscribers.
        new aws.cloudwatch.MetricAlarm(
            `${base}-dlq-depth`,
            {
                alarmDescription: `Alerts ${name}: alarms could not be delivered to Slack and wait in the forwarder's queue`,
                namespace: "AWS/SQS",
                metricName: "ApproximateNumberOfMessagesVisible",
                statistic: "Maximum",
                dimensions: { QueueName: deadLetterQueue.name },
                comparisonOperator: "GreaterThanThreshold",
                threshold: 0,
                period: fixed.queueAlarmPeriodSeconds,
                evaluationPeriods: 1,
                treatMissingData: "notBreaching",
                alarmActions: [topic.arn],
                okActions: [topic.arn],
                tags,
            },
            { parent: this },
        );

        return { fn, deadLetterQueue };
    }
}
