import * as path from "path";
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { denyInsecureTransport } from "../lib/iam";
import { createKey, keyThroughService } from "../lib/kms";
import { SecureFunction } from "../lib/secure-function";
import { WorkloadSecurityGroup } from "../secure-network/workload-security-group";
import { REMINDER_WORKFLOW_FIXED, withDefaults } from "./defaults";
import type { CacheEngine, ReminderWorkflowArgs } from "./args";
import type { ResolvedReminderWorkflowArgs } from "./defaults";
import { assertValidDefinition, reminderDefinition } from "./definition";
import { Flow } from "../lib/flow";
import {
    APP_EXECUTION_ACTIONS,
    STATES_LOG_DELIVERY_ACTIONS,
    STATES_XRAY_ACTIONS,
} from "./policies";
import { validateReminderWorkflowArgs } from "./validate";

export {
    CACHE_ENGINES,
    DEFAULT_ENGINE_VERSION,
    MINIMUM_ENGINE_VERSION,
    REMINDER_WORKFLOW_DEFAULTS,
    REMINDER_WORKFLOW_FIXED,
} from "./defaults";
export type { CacheEngine, ReminderWorkflowArgs };
export {
    APP_EXECUTION_ACTIONS,
    STATES_LOG_DELIVERY_ACTIONS,
    STATES_XRAY_ACTIONS,
} from "./policies";
export {
    ENGINE_VERSION_PATTERN,
    NAME_PATTERN,
    NODE_TYPE_PATTERN,
    REPLICAS_RANGE,
    SNAPSHOT_RETENTION_DAYS_RANGE,
    validateReminderWorkflowArgs,
} from "./validate";

/** The sender Lambda's handler, bundled by SecureFunction. */
export const SENDER_ENTRY = path.join(__dirname, "runtime", "sender", "index.ts");

/**
 * Cancellable reminders: a STANDARD Step Functions state machine waits until a reminder is due,
 * then invokes the sender Lambda, which publishes it to a KMS-encrypted user-notifications topic
 * unless the app cancelled it. The app keeps each reminder's execution handle in an ElastiCache
 * (Valkey or Redis) replication group with TLS, an auth token from Secrets Manager and, with
 * replicas, Multi-AZ failover; only the sender's and the app's client security groups reach it.
 * CloudWatch alarms watch failed, timed-out and throttled executions and the sender's errors
 * (aborted executions are cancellations, not failures). One customer-managed key encrypts the
 * cache, the secret, the topic and the logs.
 */
export class ReminderWorkflow extends pulumi.ComponentResource {
    /** The state machine's ARN. */
    public readonly stateMachineArn: pulumi.Output<string>;
    /** The state machine's name (execution ARNs are `...:execution:<name>:<execution>`). */
    public readonly stateMachineName: pulumi.Output<string>;
    /** The cache's primary endpoint host name (reads and writes). */
    public readonly redisEndpoint: pulumi.Output<string>;
    /** The cache's port. */
    public readonly redisPort: pulumi.Output<number>;
    /** The Secrets Manager secret whose SecretString is the cache's auth token. */
    public readonly authSecretArn: pulumi.Output<string>;
    /**
     * What the app's role needs (attach it as an inline policy): start this state machine's
     * executions, stop and describe them, and read and decrypt the auth token. A document object
     * with Output fields, not an Output, so that it stays readable by the policy pack in preview.
     */
    public readonly appPolicyDocument: aws.iam.PolicyDocument;
    /** The cache (a flow's target: clients reach it on {@link redisPort}). */
    public readonly cache: pulumi.Resource;
    /** The auth token's secret (a flow's target). */
    public readonly authSecret: pulumi.Resource;
    /** The state machine (a flow's target: the app starts executions). */
    public readonly stateMachine: pulumi.Resource;
    /** The sender function (a flow's workload). */
    public readonly sender: pulumi.Resource;
    /** The user-notifications topic the sender publishes reminders to. */
    public readonly topicArn: pulumi.Output<string>;
    /** The sender function's name. */
    public readonly senderFunctionName: pulumi.Output<string>;

    private readonly a: ResolvedReminderWorkflowArgs;
    private readonly name: string;
    private cacheGroup!: aws.ec2.SecurityGroup;

    constructor(name: string, args: ReminderWorkflowArgs, opts?: pulumi.ComponentResourceOptions) {
        validateReminderWorkflowArgs(name, args);
        super("lightspeed:index:ReminderWorkflow", name, args, opts);
        const a = withDefaults(args);
        this.a = a;
        this.name = name;
        const fixed = REMINDER_WORKFLOW_FIXED;

        const partition = aws.getPartitionOutput({}, { parent: this });
        const region = aws.getRegionOutput({}, { parent: this }).region;
        const accountId = aws.getCallerIdentityOutput({}, { parent: this }).accountId;

        // Only CloudWatch Logs uses the key as itself. ElastiCache (a grant made at creation),
        // Secrets Manager and SNS use it on behalf of a role of this account, so through that
        // role's own policy.
        const key = createKey(
            `${name}-key`,
            {
                description: `Encrypts the cache, auth token, topic and logs of ReminderWorkflow ${name}`,
                services: ["logs"],
                protect: a.protect,
                tags: a.tags,
            },
            this,
        );

        // --- User notifications ------------------------------------------------------------------

        const topic = new aws.sns.Topic(
            `${name}-notifications`,
            { kmsMasterKeyId: key.arn, tags: a.tags },
            { parent: this },
        );
        // Publishers and subscribers need their own IAM grants; this policy only refuses
        // plain-HTTP publishing.
        new aws.sns.TopicPolicy(
            `${name}-notifications-policy`,
            {
                arn: topic.arn,
                policy: {
                    Version: "2012-10-17",
                    Statement: [denyInsecureTransport("sns:Publish", [topic.arn])],
                },
            },
            { parent: this },
        );

        // --- The auth token ------------------------------------------------------------------------

        const secret = new aws.secretsmanager.Secret(
            `${name}-auth-token`,
            {
                description: `AUTH token of the ReminderWorkflow ${name} cache`,
                kmsKeyId: key.arn,
                recoveryWindowInDays: fixed.secretRecoveryWindowDays,
                tags: a.tags,
            },
            { parent: this, protect: a.protect },
        );
        // A new random token on every run, marked secret: it never shows in a plan. Both places
        // that take it are write-only fields, which Pulumi never diffs (only the first value is
        // kept, encrypted, in the state's inputs): the token is written when the two resources
        // are created and again only when `authTokenVersion` changes, in the same run for both,
        // so the secret always holds the token the cache accepts.
        const token = pulumi.secret(
            aws.secretsmanager.getRandomPasswordOutput(
                { passwordLength: fixed.authTokenLength, excludePunctuation: true },
                { parent: this },
            ).randomPassword,
        );
        new aws.secretsmanager.SecretVersion(
            `${name}-auth-token-version`,
            {
                secretId: secret.id,
                secretStringWo: token,
                secretStringWoVersion: a.authTokenVersion,
            },
            { parent: this },
        );

        // --- Network -------------------------------------------------------------------------------

        const port = fixed.redisPort;
        const cacheGroup = new aws.ec2.SecurityGroup(
            `${name}-cache-sg`,
            {
                vpcId: a.vpcId,
                description: `ReminderWorkflow ${name} cache: TCP ${port} from its client groups only`,
                // Deleting the group must not hang on rules other groups hold against it.
                revokeRulesOnDelete: true,
                tags: a.tags,
            },
            { parent: this },
        );
        // Clients outside the component (the app's pods) are admitted by their own group, with
        // admitClient: a group made here for them would reach nothing unless something wore it.
        this.cacheGroup = cacheGroup;

        // The sender: HTTPS to the VPC (Secrets Manager's endpoint), the cache, and, by default,
        // HTTPS to the internet for SNS.
        const https = fixed.httpsPort;
        const senderNetwork = new WorkloadSecurityGroup(
            `${name}-sender-network`,
            {
                vpcId: a.vpcId,
                vpcCidr: a.vpcCidr,
                description: `ReminderWorkflow ${name} sender`,
                egressPorts: [https],
                tags: a.tags,
            },
            { parent: this },
        );
        new aws.vpc.SecurityGroupEgressRule(
            `${name}-sender-network-egress-cache-${port}`,
            {
                securityGroupId: senderNetwork.securityGroupId,
                description: `TCP ${port} to the ReminderWorkflow ${name} cache`,
                ipProtocol: "tcp",
                fromPort: port,
                toPort: port,
                referencedSecurityGroupId: cacheGroup.id,
                tags: a.tags,
            },
            { parent: senderNetwork },
        );
        if (a.senderInternetEgress) senderNetwork.allowInternetEgress(https);

        this.admitClient(
            "sender",
            senderNetwork.securityGroupId,
            `the ReminderWorkflow ${name} sender group`,
        );

        // --- The cache -----------------------------------------------------------------------------

        const subnetGroup = new aws.elasticache.SubnetGroup(
            `${name}-cache-subnets`,
            {
                description: `ReminderWorkflow ${name} cache: private subnets`,
                subnetIds: a.subnetIds,
                tags: a.tags,
            },
            { parent: this },
        );
        const failover = a.replicas > 0;
        const cache = new aws.elasticache.ReplicationGroup(
            `${name}-cache`,
            {
                description: `ReminderWorkflow ${name}: reminder execution handles`,
                engine: a.engine,
                engineVersion: a.engineVersion,
                nodeType: a.nodeType,
                // One primary endpoint the client and sender talk to; no cluster redirects.
                clusterMode: "disabled",
                numCacheClusters: a.replicas + 1,
                automaticFailoverEnabled: failover,
                multiAzEnabled: failover,
                port,
                subnetGroupName: subnetGroup.name,
                securityGroupIds: [cacheGroup.id],
                atRestEncryptionEnabled: true,
                kmsKeyId: key.arn,
                transitEncryptionEnabled: true,
                transitEncryptionMode: "required",
                authTokenWo: token,
                authTokenWoVersion: a.authTokenVersion,
                // A new token joins the old one, which stays valid until the next rotation:
                // connections opened with the old token keep working meanwhile.
                authTokenUpdateStrategy: "ROTATE",
                snapshotRetentionLimit: a.snapshotRetentionDays,
                autoMinorVersionUpgrade: true,
                tags: a.tags,
            },
            { parent: this, protect: a.protect },
        );

        // --- The sender ----------------------------------------------------------------------------

        const dnsSuffix = partition.dnsSuffix;
        const decryptToken: aws.iam.PolicyStatement = {
            // Secrets Manager decrypts the token with the caller's permission, for this secret only.
            Sid: "DecryptRedisAuthToken",
            Effect: "Allow",
            Action: ["kms:Decrypt"],
            Resource: [key.arn],
            Condition: {
                StringEquals: {
                    "kms:ViaService": pulumi.interpolate`secretsmanager.${region}.${dnsSuffix}`,
                    "kms:EncryptionContext:SecretARN": secret.arn,
                },
            },
        };
        const readToken: aws.iam.PolicyStatement = {
            Sid: "ReadRedisAuthToken",
            Effect: "Allow",
            Action: ["secretsmanager:GetSecretValue"],
            Resource: [secret.arn],
        };
        const sender = new SecureFunction(
            `${name}-sender`,
            {
                entry: SENDER_ENTRY,
                description: `ReminderWorkflow ${name}: sends a due reminder unless it was cancelled`,
                subnetIds: a.subnetIds,
                securityGroupIds: [senderNetwork.securityGroupId],
                logKmsKeyArn: key.arn,
                logRetentionDays: a.logRetentionDays,
                memoryMb: a.senderMemoryMb,
                timeoutSeconds: a.senderTimeoutSeconds,
                environment: {
                    REDIS_HOST: cache.primaryEndpointAddress,
                    REDIS_PORT: String(port),
                    REDIS_TLS: "true",
                    REDIS_AUTH_SECRET_ARN: secret.arn,
                    USER_NOTIFICATIONS_TOPIC_ARN: topic.arn,
                },
                statements: [
                    readToken,
                    decryptToken,
                    {
                        Sid: "PublishReminders",
                        Effect: "Allow",
                        Action: ["sns:Publish"],
                        Resource: [topic.arn],
                    },
                    // SNS encrypts each published message under the topic's key with the
                    // publisher's permission.
                    keyThroughService(
                        "EncryptReminders",
                        ["kms:GenerateDataKey", "kms:Decrypt"],
                        key.arn,
                        "sns",
                        { region, dnsSuffix },
                    ),
                ],
                protect: a.protect,
                tags: a.tags,
            },
            { parent: this },
        );

        // --- The state machine ---------------------------------------------------------------------

        const logGroup = new aws.cloudwatch.LogGroup(
            `${name}-machine-logs`,
            { retentionInDays: a.logRetentionDays, kmsKeyId: key.arn, tags: a.tags },
            { parent: this, protect: a.protect },
        );
        const role = new aws.iam.Role(
            `${name}-machine-role`,
            {
                description: `Lets the state machine of ReminderWorkflow ${name} invoke its sender, log and trace`,
                assumeRolePolicy: {
                    Version: "2012-10-17",
                    Statement: [
                        {
                            Effect: "Allow",
                            Principal: { Service: "states.amazonaws.com" },
                            Action: "sts:AssumeRole",
                            // Confused-deputy protection: state machines of this account and
                            // region only. The role exists before its machine, so it cannot name
                            // the machine's own ARN.
                            Condition: {
                                StringEquals: { "aws:SourceAccount": accountId },
                                ArnLike: {
                                    "aws:SourceArn": pulumi.interpolate`arn:${partition.partition}:states:${region}:${accountId}:stateMachine:*`,
                                },
                            },
                        },
                    ],
                },
                tags: a.tags,
            },
            { parent: this },
        );
        const rolePolicy = new aws.iam.RolePolicy(
            `${name}-machine-role-policy`,
            {
                role: role.id,
                policy: {
                    Version: "2012-10-17",
                    Statement: [
                        {
                            Sid: "InvokeSender",
                            Effect: "Allow",
                            Action: ["lambda:InvokeFunction"],
                            // The function and its versions and aliases, nothing else.
                            Resource: [
                                sender.functionArn,
                                pulumi.interpolate`${sender.functionArn}:*`,
                            ],
                        },
                        {
                            Sid: "DeliverExecutionLogs",
                            Effect: "Allow",
                            Action: [...STATES_LOG_DELIVERY_ACTIONS],
                            // Vended log delivery takes no resource: AWS grants it on "*" only.
                            Resource: "*",
                        },
                        {
                            Sid: "XRayTraces",
                            Effect: "Allow",
                            Action: [...STATES_XRAY_ACTIONS],
                            // X-Ray's write and sampling calls accept only "*".
                            Resource: "*",
                        },
                    ],
                },
            },
            { parent: this },
        );

        const sendTimeoutSeconds = a.senderTimeoutSeconds + fixed.sendTimeoutMarginSeconds;
        // Built once the sender's ARN is known; during a first preview it is not, and the
        // definition stays unknown (the builder never sees a placeholder). Pure: no resources.
        const definition = sender.functionArn.apply((senderFunctionArn) => {
            const def = reminderDefinition({ senderFunctionArn, sendTimeoutSeconds });
            assertValidDefinition(def);
            return JSON.stringify(def);
        });
        const machine = new aws.sfn.StateMachine(
            `${name}-machine`,
            {
                type: "STANDARD",
                definition,
                roleArn: role.arn,
                loggingConfiguration: {
                    level: "ALL",
                    // Inputs and outputs carry user ids (client/keys.ts keeps them out of
                    // names for this reason): the log has events, never execution data.
                    includeExecutionData: false,
                    logDestination: pulumi.interpolate`${logGroup.arn}:*`,
                },
                tracingConfiguration: { enabled: true },
                tags: a.tags,
            },
            // Step Functions checks the role's log delivery grants when the machine is created.
            { parent: this, dependsOn: [rolePolicy] },
        );

        // --- Alarms --------------------------------------------------------------------------------

        const machineMetric = (metricName: string, what: string) =>
            this.alarm(`${name}-${kebab(metricName)}`, {
                description: `ReminderWorkflow ${name}: ${what}`,
                namespace: "AWS/States",
                metricName,
                dimensions: { StateMachineArn: machine.arn },
            });
        machineMetric("ExecutionsFailed", "reminder executions failed");
        machineMetric("ExecutionsTimedOut", "reminder executions timed out");
        machineMetric("ExecutionThrottled", "reminder executions were throttled");
        this.alarm(`${name}-sender-errors`, {
            description: `ReminderWorkflow ${name}: the sender failed invocations`,
            namespace: "AWS/Lambda",
            metricName: "Errors",
            dimensions: { FunctionName: sender.functionName },
        });

        // --- Outputs -------------------------------------------------------------------------------

        this.stateMachineArn = machine.arn;
        this.stateMachineName = machine.name;
        this.redisEndpoint = cache.primaryEndpointAddress;
        this.redisPort = cache.port.apply((p) => p ?? port);
        this.authSecretArn = secret.arn;
        this.cache = cache;
        this.authSecret = secret;
        this.stateMachine = machine;
        this.sender = sender.function;

        // --- Flows ---------------------------------------------------------------------------------

        new Flow(
            `${name}-flow-sender-cache`,
            {
                from: sender.function,
                to: cache,
                port,
                wiring: "REDIS_HOST",
                description: "The sender reads a reminder's handle to skip cancelled reminders",
            },
            { parent: this },
        );
        new Flow(
            `${name}-flow-sender-token`,
            {
                from: sender.function,
                to: secret,
                actions: ["secretsmanager:GetSecretValue"],
                wiring: "REDIS_AUTH_SECRET_ARN",
                description: "The sender reads the cache's auth token",
            },
            { parent: this },
        );
        new Flow(
            `${name}-flow-sender-topic`,
            {
                from: sender.function,
                to: topic,
                actions: ["sns:Publish"],
                wiring: "USER_NOTIFICATIONS_TOPIC_ARN",
                description: "The sender publishes a due reminder to the user-notifications topic",
            },
            { parent: this },
        );
        new Flow(
            `${name}-flow-machine-sender`,
            {
                from: machine,
                to: sender.function,
                actions: ["lambda:InvokeFunction"],
                wiring: "definition",
                description: "The state machine invokes the sender when a reminder is due",
            },
            { parent: this },
        );
        this.topicArn = topic.arn;
        this.senderFunctionName = sender.functionName;
        this.appPolicyDocument = {
            Version: "2012-10-17",
            Statement: [
                {
                    Sid: "StartReminderExecutions",
                    Effect: "Allow",
                    Action: ["states:StartExecution"],
                    Resource: [machine.arn],
                },
                {
                    Sid: "ManageReminderExecutions",
                    Effect: "Allow",
                    Action: [...APP_EXECUTION_ACTIONS],
                    Resource: [
                        pulumi.interpolate`arn:${partition.partition}:states:${region}:${accountId}:execution:${machine.name}:*`,
                    ],
                },
                readToken,
                decryptToken,
            ],
        };
        this.registerOutputs({
            stateMachineArn: this.stateMachineArn,
            stateMachineName: this.stateMachineName,
            redisEndpoint: this.redisEndpoint,
            redisPort: this.redisPort,
            authSecretArn: this.authSecretArn,
            appPolicyDocument: this.appPolicyDocument,
            topicArn: this.topicArn,
            senderFunctionName: this.senderFunctionName,
        });
    }

    /**
     * Admits a client's security group to the cache on its port (one ingress rule, named
     * `<component>-cache-ingress-<who>-<port>`); `description` names the group's wearer.
     */
    public admitClient(
        who: string,
        sourceSecurityGroupId: pulumi.Input<string>,
        description: string,
    ): aws.vpc.SecurityGroupIngressRule {
        const port = REMINDER_WORKFLOW_FIXED.redisPort;
        return new aws.vpc.SecurityGroupIngressRule(
            `${this.name}-cache-ingress-${who}-${port}`,
            {
                securityGroupId: this.cacheGroup.id,
                description: `TCP ${port} from ${description}`,
                ipProtocol: "tcp",
                fromPort: port,
                toPort: port,
                referencedSecurityGroupId: sourceSecurityGroupId,
                tags: this.a.tags,
            },
            { parent: this },
        );
    }

    /** A Sum > 0 alarm over one minute, to the alarm topic on ALARM and on OK. */
    private alarm(
        resourceName: string,
        m: {
            description: string;
            namespace: string;
            metricName: string;
            dimensions: Record<string, pulumi.Input<string>>;
        },
    ): void {
        new aws.cloudwatch.MetricAlarm(
            resourceName,
            {
                alarmDescription: m.description,
                namespace: m.namespace,
                metricName: m.metricName,
                statistic: "Sum",
                dimensions: m.dimensions,
                comparisonOperator: "GreaterThanThreshold",
                threshold: 0,
                period: REMINDER_WORKFLOW_FIXED.alarmPeriodSeconds,
                evaluationPeriods: 1,
                // No data means nothing ran or nothing failed: not an alarm.
                treatMissingData: "notBreaching",
                alarmActions: [this.a.alarmTopicArn],
                okActions: [this.a.alarmTopicArn],
                tags: this.a.tags,
            },
            { parent: this },
        );
    }
}

/** `ExecutionsTimedOut` -> `executions-timed-out`. */
function kebab(metricName: string): string {
    return metricName.replace(/([a-z])([A-Z])/g, "$1-$2").toLowerCase();
}
