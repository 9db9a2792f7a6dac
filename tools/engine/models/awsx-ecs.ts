/**
 * Models of `awsx.ecs.FargateService` and `awsx.ecs.EC2Service`, from pulumi/pulumi-awsx's source
 * at tag v3.8.0 (the newest in the stored snapshot; see awsx-vpc.ts): `awsx/ecs/fargateService.ts`
 * (class FargateService, `getDefaultNetworkConfiguration`), `awsx/ecs/ec2Service.ts` (class
 * EC2Service), `awsx/ecs/fargateTaskDefinition.ts` and `awsx/ecs/ec2TaskDefinition.ts` (the
 * task-definition components and their `buildTaskDefinitionArgs`), `awsx/role.ts`
 * (`defaultRoleWithPolicies`, `defaultRoleAssumeRolePolicy`, `defaultExecutionRolePolicyARNs`),
 * `awsx/cloudwatch/logGroup.ts` (`defaultLogGroup`), `awsx/ecs/containers.ts`
 * (`computeLoadBalancers`) and `awsx/utils.ts` (`sha1hash`).
 *
 * The task definition's container definitions (and with them the default family, cpu and memory)
 * are computed from the log group's name, which the engine leaves unknown in a first preview, so
 * they are unknown here; with `--known` they stay unknown too (a declared gap).
 */
import * as crypto from "crypto";
import { UNKNOWN } from "../plan";
import { Handle, ModelBuilder, NotModeled, pick } from "./builder";

type Args = Record<string, unknown>;

/** aws.ecs.Service's input properties (node_modules/@pulumi/aws/ecs/service.js). */
const SERVICE_INPUTS = [
    "alarms",
    "availabilityZoneRebalancing",
    "capacityProviderStrategies",
    "cluster",
    "deploymentCircuitBreaker",
    "deploymentConfiguration",
    "deploymentController",
    "deploymentMaximumPercent",
    "deploymentMinimumHealthyPercent",
    "desiredCount",
    "enableEcsManagedTags",
    "enableExecuteCommand",
    "forceDelete",
    "forceNewDeployment",
    "healthCheckGracePeriodSeconds",
    "iamRole",
    "launchType",
    "loadBalancers",
    "name",
    "networkConfiguration",
    "orderedPlacementStrategies",
    "placementConstraints",
    "platformVersion",
    "propagateTags",
    "region",
    "schedulingStrategy",
    "serviceConnectConfiguration",
    "serviceRegistries",
    "sigintRollback",
    "tags",
    "taskDefinition",
    "triggers",
    "volumeConfiguration",
    "vpcLatticeConfigurations",
    "waitForSteadyState",
] as const;

/** aws.ecs.TaskDefinition's input properties (node_modules/@pulumi/aws/ecs/taskDefinition.js). */
const TASK_DEFINITION_INPUTS = [
    "containerDefinitions",
    "cpu",
    "enableFaultInjection",
    "ephemeralStorage",
    "executionRoleArn",
    "family",
    "ipcMode",
    "memory",
    "networkMode",
    "pidMode",
    "placementConstraints",
    "proxyConfiguration",
    "region",
    "requiresCompatibilities",
    "runtimePlatform",
    "skipDestroy",
    "tags",
    "taskRoleArn",
    "trackLatest",
    "volumes",
] as const;

/** aws.iam.Role's input properties (node_modules/@pulumi/aws/iam/role.js). */
const ROLE_INPUTS = [
    "assumeRolePolicy",
    "description",
    "forceDetachPolicies",
    "inlinePolicies",
    "managedPolicyArns",
    "maxSessionDuration",
    "name",
    "namePrefix",
    "path",
    "permissionsBoundary",
    "tags",
] as const;

const EXECUTION_POLICY = "arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy";

/** role.ts `defaultRoleAssumeRolePolicy`. */
const ECS_TASKS_TRUST = {
    Version: "2012-10-17",
    Statement: [
        {
            Action: "sts:AssumeRole",
            Principal: { Service: "ecs-tasks.amazonaws.com" },
            Effect: "Allow",
            Sid: "",
        },
    ],
};

const OPEN_GROUP = {
    ingress: [
        {
            fromPort: 0,
            toPort: 0,
            protocol: "-1",
            cidrBlocks: ["0.0.0.0/0"],
            ipv6CidrBlocks: ["::/0"],
        },
    ],
    egress: [
        {
            fromPort: 0,
            toPort: 65535,
            protocol: "tcp",
            cidrBlocks: ["0.0.0.0/0"],
            ipv6CidrBlocks: ["::/0"],
        },
    ],
};

/** utils.ts `sha1hash`. */
function sha1hash(s: string): string {
    return crypto.createHash("sha1").update(s).digest("hex").substring(0, 8);
}

/** role.ts `defaultRoleWithPolicies`: the role's ARN (unknown when created in this run). */
function defaultRole(
    b: ModelBuilder,
    name: string,
    parent: Handle,
    inputs: Args | undefined,
    policyArns: string[],
): unknown {
    if (inputs?.roleArn !== undefined && inputs.args !== undefined) {
        throw new NotModeled("a role with both roleArn and args (awsx fails)");
    }
    if (inputs?.skip === true) return undefined;
    if (inputs?.roleArn !== undefined) return inputs.roleArn;
    const args: Args = {
        assumeRolePolicy: ECS_TASKS_TRUST,
        policyArns,
        ...(inputs?.args as Args | undefined),
    };
    const assumeRolePolicy =
        typeof args.assumeRolePolicy === "string"
            ? args.assumeRolePolicy
            : JSON.stringify(args.assumeRolePolicy);
    const role = b.register(
        "aws:iam/role:Role",
        name,
        parent,
        pick({ ...args, assumeRolePolicy }, ROLE_INPUTS),
    );
    for (const policyArn of (args.policyArns as string[] | undefined) ?? []) {
        b.register(
            "aws:iam/rolePolicyAttachment:RolePolicyAttachment",
            `${name}-${sha1hash(policyArn)}`,
            parent,
            { role: role.out("name"), policyArn },
        );
    }
    return role.out("arn");
}

/** The task-definition component and its children; returns the task definition's handle. */
function taskDefinition(
    b: ModelBuilder,
    kind: "Fargate" | "EC2",
    urn: string,
    name: string,
    args: Args,
    gaps: string[],
): { taskDefinition: Handle; loadBalancers: unknown } {
    if ((args.container === undefined) === (args.containers === undefined)) {
        throw new NotModeled("exactly one of container and containers is needed (awsx fails)");
    }
    const component = b.component(`awsx:ecs:${kind}TaskDefinition`, name, urn, {});
    const logGroup = (args.logGroup ?? {}) as Args;
    if (!logGroup.skip && logGroup.existing === undefined) {
        b.register("aws:cloudwatch/logGroup:LogGroup", name, component, {
            ...(logGroup.args as Args | undefined),
        });
    }
    const taskRoleArn = defaultRole(b, `${name}-task`, component, args.taskRole as Args, []);
    const executionRoleArn = defaultRole(
        b,
        `${name}-execution`,
        component,
        args.executionRole as Args,
        [EXECUTION_POLICY],
    );
    gaps.push(
        `the container definitions of ${kind === "Fargate" ? "FargateTaskDefinition" : "EC2TaskDefinition"} ${name} ` +
            "(computed from the log group's name; left unknown)",
    );
    const containers = (args.containers ?? { c: args.container }) as Record<string, Args>;
    const hasTargetGroup = Object.values(containers).some((c) =>
        JSON.stringify(c?.portMappings ?? []).includes('"targetGroup"'),
    );
    const base: Args =
        kind === "Fargate"
            ? {
                  ...args,
                  cpu: args.cpu ?? UNKNOWN,
                  memory: args.memory ?? UNKNOWN,
                  requiresCompatibilities: ["FARGATE"],
                  networkMode: "awsvpc",
              }
            : { networkMode: "awsvpc", ...args, requiresCompatibilities: ["EC2"] };
    const definition = b.register(
        "aws:ecs/taskDefinition:TaskDefinition",
        name,
        component,
        pick(
            {
                ...base,
                taskRoleArn,
                executionRoleArn,
                family: args.family ?? UNKNOWN,
                containerDefinitions: UNKNOWN,
            },
            TASK_DEFINITION_INPUTS,
        ),
    );
    // computeLoadBalancers: one per port mapping with a target group, whose ARN is unknown
    // while it is being created; none without.
    return { taskDefinition: definition, loadBalancers: hasTargetGroup ? UNKNOWN : [] };
}

function service(
    b: ModelBuilder,
    kind: "Fargate" | "EC2",
    urn: string,
    name: string,
    args: Args,
    gaps: string[],
): void {
    if (args.taskDefinition !== undefined && args.taskDefinitionArgs !== undefined) {
        throw new NotModeled("both taskDefinition and taskDefinitionArgs (awsx fails)");
    }
    if (
        kind === "Fargate" &&
        args.networkConfiguration !== undefined &&
        args.assignPublicIp !== undefined
    ) {
        throw new NotModeled("both networkConfiguration and assignPublicIp (awsx fails)");
    }
    let taskDefinitionArn = args.taskDefinition;
    let loadBalancers: unknown;
    if (args.taskDefinitionArgs !== undefined) {
        const made = taskDefinition(b, kind, urn, name, args.taskDefinitionArgs as Args, gaps);
        taskDefinitionArn = made.taskDefinition.out("arn");
        loadBalancers = made.loadBalancers;
    }
    if (taskDefinitionArn === undefined) {
        throw new NotModeled("neither taskDefinition nor taskDefinitionArgs (awsx fails)");
    }
    if (args.capacityProviderStrategies && args.useClusterDefaultCapacityProviderStrategy) {
        throw new NotModeled(
            "both capacityProviderStrategies and useClusterDefaultCapacityProviderStrategy",
        );
    }
    const launchType =
        args.capacityProviderStrategies || args.useClusterDefaultCapacityProviderStrategy
            ? undefined
            : kind === "Fargate"
              ? "FARGATE"
              : "EC2";
    let networkConfiguration = args.networkConfiguration;
    if (kind === "Fargate" && networkConfiguration === undefined) {
        // getDefaultNetworkConfiguration: an open security group in the default VPC, and its
        // private (or, with assignPublicIp, public) subnets, which the engine cannot tell apart.
        const vpc = b.invoke("aws:ec2/getVpc:getVpc", { default: true });
        const sg = b.register("aws:ec2/securityGroup:SecurityGroup", `${name}-sg`, urn, {
            vpcId: vpc.id,
            ...OPEN_GROUP,
        });
        networkConfiguration = {
            subnets: UNKNOWN,
            assignPublicIp: args.assignPublicIp ?? false,
            securityGroups: [sg.id],
        };
    }
    b.register(
        "aws:ecs/service:Service",
        name,
        urn,
        pick(
            {
                ...(kind === "Fargate" ? { desiredCount: 1 } : {}),
                ...args,
                networkConfiguration,
                launchType,
                loadBalancers: args.loadBalancers ?? loadBalancers,
                waitForSteadyState: !(args.continueBeforeSteadyState ?? false),
                taskDefinition: taskDefinitionArn,
            },
            SERVICE_INPUTS,
        ),
    );
}

/** Registers what awsx:ecs:FargateService registers. */
export function modelFargateService(
    b: ModelBuilder,
    urn: string,
    name: string,
    args: Args,
    gaps: string[],
): void {
    service(b, "Fargate", urn, name, args, gaps);
}

/** Registers what awsx:ecs:EC2Service registers. */
export function modelEc2Service(
    b: ModelBuilder,
    urn: string,
    name: string,
    args: Args,
    gaps: string[],
): void {
    service(b, "EC2", urn, name, args, gaps);
}
