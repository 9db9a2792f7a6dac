/**
 * SecureFunction: the one way lightspeed deploys a Lambda function. The handler is bundled from
 * TypeScript; the function runs in private subnets behind the caller's security groups, traces
 * with X-Ray, logs JSON into its own KMS-encrypted log group with finite retention, and assumes a
 * role of its own that may write to that log group, manage its VPC network interfaces, send
 * traces, and do exactly what the caller grants it — nothing else.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { bundleHandler, LAMBDA_RUNTIME } from "./lambda-bundle";
import { isLogRetentionDays, CLOUDWATCH_LOG_RETENTION_DAYS } from "./log-retention";

/** Arguments for {@link SecureFunction}. */
export interface SecureFunctionArgs {
    /** The handler's source file (TypeScript exporting `handler`), bundled with esbuild. */
    readonly entry: string;
    /** What the function does; shown in the console. */
    readonly description: string;
    /** Private subnets the function runs in. */
    readonly subnetIds: pulumi.Input<pulumi.Input<string>[]>;
    /** Security groups on the function's network interfaces (see SecureNetwork.workloadSecurityGroup). */
    readonly securityGroupIds: pulumi.Input<pulumi.Input<string>[]>;
    /** KMS key that encrypts the function's log group. */
    readonly logKmsKeyArn: pulumi.Input<string>;
    /** Days the log group keeps records; a CloudWatch Logs retention period. Default 365. */
    readonly logRetentionDays?: number;
    /** Memory in MB, 128..10240. Default 256. */
    readonly memoryMb?: number;
    /** Timeout in seconds, 1..900. Default 30. */
    readonly timeoutSeconds?: number;
    /** Reserved concurrency (caps the function's share of the account). Default none. */
    readonly reservedConcurrency?: number;
    /** Environment variables. Never secrets: pass a Secrets Manager ARN and read it at run time. */
    readonly environment?: Record<string, pulumi.Input<string>>;
    /**
     * The exact extra permissions the handler needs, beyond logs, ENIs and X-Ray: named actions
     * on named resources.
     */
    readonly statements?: aws.iam.PolicyStatement[];
    /** Protect the log group from deletion. Plain boolean (a resource option). Default true. */
    readonly protect?: boolean;
    /** Tags for every taggable child. */
    readonly tags?: pulumi.Input<Record<string, pulumi.Input<string>>>;
}

/** Defaults for the optional {@link SecureFunctionArgs}: one place, each the safe choice. */
export const SECURE_FUNCTION_DEFAULTS = {
    logRetentionDays: 365,
    memoryMb: 256,
    timeoutSeconds: 30,
    protect: true,
    // Graviton: cheaper per GB-second, and every dependency here is pure JavaScript.
    architecture: "arm64",
} as const;

/**
 * What every Lambda in a VPC needs on `*`: AWS grants these EC2 network-interface actions and
 * the X-Ray writes only on all resources (see the policy pack's ACTIONS_ONLY_ON_ANY_RESOURCE).
 */
export const LAMBDA_RUNTIME_STATEMENTS: aws.iam.PolicyStatement[] = [
    {
        Sid: "VpcNetworkInterfaces",
        Effect: "Allow",
        Action: [
            "ec2:CreateNetworkInterface",
            "ec2:DescribeNetworkInterfaces",
            "ec2:DeleteNetworkInterface",
            "ec2:AssignPrivateIpAddresses",
            "ec2:UnassignPrivateIpAddresses",
        ],
        // The EC2 network-interface APIs Lambda calls for VPC functions accept only "*".
        Resource: "*",
    },
    {
        Sid: "XRayTraces",
        Effect: "Allow",
        Action: ["xray:PutTraceSegments", "xray:PutTelemetryRecords"],
        // X-Ray's PutTraceSegments and PutTelemetryRecords accept only "*".
        Resource: "*",
    },
];

/** Validates {@link SecureFunctionArgs}; throws naming the function and the argument. */
export function validateSecureFunctionArgs(name: string, args: SecureFunctionArgs): void {
    const where = `SecureFunction "${name}"`;
    const d = SECURE_FUNCTION_DEFAULTS;
    const memory = args.memoryMb ?? d.memoryMb;
    if (!Number.isInteger(memory) || memory < 128 || memory > 10240) {
        throw new Error(`${where}: memoryMb must be an integer from 128 to 10240, got ${memory}`);
    }
    const timeout = args.timeoutSeconds ?? d.timeoutSeconds;
    if (!Number.isInteger(timeout) || timeout < 1 || timeout > 900) {
        throw new Error(
            `${where}: timeoutSeconds must be an integer from 1 to 900, got ${timeout}`,
        );
    }
    const retention = args.logRetentionDays ?? d.logRetentionDays;
    if (!isLogRetentionDays(retention)) {
        throw new Error(
            `${where}: logRetentionDays must be one of ${CLOUDWATCH_LOG_RETENTION_DAYS.join(", ")}, got ${retention}`,
        );
    }
    const reserved = args.reservedConcurrency;
    if (reserved !== undefined && (!Number.isInteger(reserved) || reserved < 0)) {
        throw new Error(`${where}: reservedConcurrency must be a whole number, got ${reserved}`);
    }
    for (const key of Object.keys(args.environment ?? {})) {
        if (!/^[A-Za-z][A-Za-z0-9_]*$/.test(key) || key.startsWith("AWS_")) {
            throw new Error(
                `${where}: environment variable name ${JSON.stringify(key)} is not allowed`,
            );
        }
    }
}

/** A Lambda function with its own role, log group and network placement. */
export class SecureFunction extends pulumi.ComponentResource {
    /** The function. */
    public readonly function: aws.lambda.Function;
    /** The function's execution role (attach nothing to it; pass `statements`). */
    public readonly role: aws.iam.Role;
    /** The function's ARN. */
    public readonly functionArn: pulumi.Output<string>;
    /** The function's name. */
    public readonly functionName: pulumi.Output<string>;
    /** The execution role's ARN. */
    public readonly roleArn: pulumi.Output<string>;
    /** The log group's name. */
    public readonly logGroupName: pulumi.Output<string>;
    /** SHA-256 of the bundled code (changes exactly when the code does). */
    public readonly codeSha256: string;

    constructor(name: string, args: SecureFunctionArgs, opts?: pulumi.ComponentResourceOptions) {
        validateSecureFunctionArgs(name, args);
        super("lightspeed:index:SecureFunction", name, {}, opts);
        const d = SECURE_FUNCTION_DEFAULTS;
        const bundle = bundleHandler(args.entry);
        this.codeSha256 = bundle.sha256;

        const logGroup = new aws.cloudwatch.LogGroup(
            `${name}-logs`,
            {
                retentionInDays: args.logRetentionDays ?? d.logRetentionDays,
                kmsKeyId: args.logKmsKeyArn,
                tags: args.tags,
            },
            { parent: this, protect: args.protect ?? d.protect },
        );

        this.role = new aws.iam.Role(
            `${name}-role`,
            {
                description: `Execution role of ${name}: ${args.description}`.slice(0, 1000),
                assumeRolePolicy: {
                    Version: "2012-10-17",
                    Statement: [
                        {
                            Effect: "Allow",
                            Principal: { Service: "lambda.amazonaws.com" },
                            Action: "sts:AssumeRole",
                        },
                    ],
                },
                tags: args.tags,
            },
            { parent: this },
        );

        const policy = new aws.iam.RolePolicy(
            `${name}-policy`,
            {
                role: this.role.id,
                policy: {
                    Version: "2012-10-17",
                    Statement: [
                        {
                            Sid: "OwnLogGroup",
                            Effect: "Allow",
                            Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
                            Resource: [logGroup.arn, pulumi.interpolate`${logGroup.arn}:*`],
                        },
                        ...LAMBDA_RUNTIME_STATEMENTS,
                        ...(args.statements ?? []),
                    ],
                },
            },
            { parent: this },
        );

        this.function = new aws.lambda.Function(
            name,
            {
                description: args.description,
                runtime: LAMBDA_RUNTIME,
                architectures: [d.architecture],
                handler: bundle.handler,
                code: bundle.archive,
                role: this.role.arn,
                memorySize: args.memoryMb ?? d.memoryMb,
                timeout: args.timeoutSeconds ?? d.timeoutSeconds,
                reservedConcurrentExecutions: args.reservedConcurrency,
                environment: {
                    // Stack traces point at the TypeScript source.
                    variables: {
                        NODE_OPTIONS: "--enable-source-maps",
                        ...(args.environment ?? {}),
                    },
                },
                vpcConfig: { subnetIds: args.subnetIds, securityGroupIds: args.securityGroupIds },
                tracingConfig: { mode: "Active" },
                loggingConfig: { logFormat: "JSON", logGroup: logGroup.name },
                tags: args.tags,
            },
            // The role must be able to write logs and create ENIs before the function starts.
            { parent: this, dependsOn: [policy] },
        );

        this.functionArn = this.function.arn;
        this.functionName = this.function.name;
        this.roleArn = this.role.arn;
        this.logGroupName = logGroup.name;
        this.registerOutputs({
            functionArn: this.functionArn,
            functionName: this.functionName,
            roleArn: this.roleArn,
            logGroupName: this.logGroupName,
        });
    }
}
