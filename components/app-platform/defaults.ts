/**
 * The one place AppPlatform's defaults and fixed settings live. Every default is the secure
 * choice (private API endpoint, the three audit log types, protected stateful children, deletion
 * protection on the load balancer); sizes are the smallest that still run the platform's own
 * controllers with room for the app, and a stack that wants more says so in its config.
 */
import type * as aws from "@pulumi/aws";
import type * as pulumi from "@pulumi/pulumi";
import type {
    AppPlatformArgs,
    AppWorkloadArgs,
    NamespaceLimitsArgs,
    NamespaceQuotaArgs,
    NodeGroupArgs,
} from "./args";
import type { CapacityType, ControlPlaneLogType, NodeAmiType } from "./args";

export { CAPACITY_TYPES, CONTROL_PLANE_LOG_TYPES, NODE_AMI_TYPES } from "./args";
export type { CapacityType, ControlPlaneLogType, NodeAmiType } from "./args";

/** Who called the API, what they changed, how they authenticated: never optional. */
export const REQUIRED_CONTROL_PLANE_LOG_TYPES: readonly ControlPlaneLogType[] = [
    "api",
    "audit",
    "authenticator",
];

/** Defaults of one {@link NodeGroupArgs} entry. */
export const NODE_GROUP_DEFAULTS = {
    capacityType: "ON_DEMAND" as CapacityType,
    amiType: "AL2023_x86_64_STANDARD" as NodeAmiType,
    // Room for the image cache of a few services and the platform's DaemonSets.
    diskSizeGb: 50,
} as const;

/** The node group a stack gets when it names none: two nodes, room to double. */
export const DEFAULT_NODE_GROUP: NodeGroupArgs = {
    name: "general",
    instanceTypes: ["m6i.large"],
    minSize: 2,
    desiredSize: 2,
    maxSize: 4,
};

/** Defaults of {@link NamespaceQuotaArgs}: what one environment's namespace may claim in all. */
export const NAMESPACE_QUOTA_DEFAULTS: Required<NamespaceQuotaArgs> = {
    requestsCpu: "4",
    requestsMemory: "8Gi",
    limitsCpu: "8",
    limitsMemory: "16Gi",
    pods: 50,
};

/** Defaults of {@link NamespaceLimitsArgs}: what a container gets when its spec says nothing. */
export const NAMESPACE_LIMITS_DEFAULTS: Required<NamespaceLimitsArgs> = {
    defaultRequestCpu: "100m",
    defaultRequestMemory: "128Mi",
    defaultLimitCpu: "500m",
    defaultLimitMemory: "512Mi",
    maxCpu: "2",
    maxMemory: "4Gi",
};

/** Defaults of {@link AppWorkloadArgs}. */
export const APP_DEFAULTS = {
    port: 8080,
    replicas: 2,
    targetCpuUtilizationPercent: 70,
    cpuRequest: "250m",
    memoryRequest: "256Mi",
    cpuLimit: "1",
    memoryLimit: "512Mi",
    livenessPath: "/healthz",
    readinessPath: "/readyz",
} as const;

/** Defaults for the optional {@link AppPlatformArgs}. */
export const APP_PLATFORM_DEFAULTS = {
    publicAccessCidrs: [] as readonly string[],
    controlPlaneLogTypes: REQUIRED_CONTROL_PLANE_LOG_TYPES,
    adminRoleArns: [] as readonly string[],
    nodeGroups: [DEFAULT_NODE_GROUP] as readonly NodeGroupArgs[],
    // Tags are immutable, so every deploy is a new tag: keep enough to roll back a month.
    keepTaggedImages: 30,
    accessLogPrefix: "alb",
    accessLogRetentionDays: 365,
    logRetentionDays: 365,
    // A load balancer deleted by a stray `kubectl delete ingress` takes the site down.
    deletionProtection: true,
    protect: true,
} as const;

/** Settings that are not arguments: there is no safe reason to change them per stack. */
export const APP_PLATFORM_FIXED = {
    /**
     * Days a deleted or overwritten access log stays recoverable: the log bucket is versioned, so
     * a delete (by a person or by the retention rule) leaves the old version this long.
     */
    logNoncurrentVersionDays: 30,
    /** API only: access entries, no aws-auth ConfigMap that anyone with kube-system edit can widen. */
    authenticationMode: "API",
    /** AWS's access policy that makes an access entry's principal a cluster administrator. */
    clusterAdminPolicyArn: "arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy",
    /** EKS standard support only: extended support costs six times as much per cluster hour. */
    upgradeSupportType: "STANDARD",
    /**
     * IMDSv2 only, one hop: pods (one hop further, behind the node's network namespace) cannot
     * reach the node role's credentials. Nothing in a pod needs IMDS: pod roles come from EKS
     * Pod Identity (the agent runs on the host network), and the controllers below are given
     * their region and VPC instead of looking them up.
     */
    metadataHopLimit: 1,
    /** The root device of the EKS-optimized Amazon Linux 2023 images. */
    rootDeviceName: "/dev/xvda",
    rootVolumeType: "gp3",
    /** Days a scheduled deletion of the platform key can still be cancelled (AWS maximum). */
    keyDeletionWindowDays: 30,
    /** Untagged images (superseded pushes, build layers) go after a week. */
    untaggedImageExpiryDays: 7,
    /** The AWS-managed node policies: join the cluster, pull from ECR, run the VPC CNI. */
    nodeManagedPolicies: {
        worker: "AmazonEKSWorkerNodePolicy",
        ecr: "AmazonEC2ContainerRegistryPullOnly",
        cni: "AmazonEKS_CNI_Policy",
    },
    /** EKS add-ons the platform installs beyond the eks component's own (VPC CNI, CoreDNS, kube-proxy). */
    addons: {
        podIdentityAgent: "eks-pod-identity-agent",
        // The HorizontalPodAutoscaler reads CPU from the metrics API, which EKS does not serve by itself.
        metricsServer: "metrics-server",
    },
    /** The chart repository of both charts. */
    chartRepository: "https://aws.github.io/eks-charts",
    /** AWS Load Balancer Controller chart 1.14.0 = controller v2.14.0; its IAM policy is policies.ts'. */
    loadBalancerController: {
        chart: "aws-load-balancer-controller",
        version: "1.14.0",
        namespace: "kube-system",
        serviceAccount: "aws-load-balancer-controller",
        replicas: 2,
        /** Requests the scheduler reserves (the chart sets none), and a memory ceiling. */
        resources: {
            requests: { cpu: "100m", memory: "128Mi" },
            limits: { memory: "256Mi" },
        },
    },
    /**
     * Seconds a terminating app pod keeps serving before it stops: the ALB (IP targets) sends to
     * it until the controller's deregistration reaches every load balancer node. Within the
     * grace period, with time left to drain.
     */
    preStopSleepSeconds: 15,
    /** Where the EKS Pod Identity agent answers pods on every node (link-local, port 80). */
    podIdentityAgentCidr: "169.254.170.23/32",
    terminationGracePeriodSeconds: 45,
    /** aws-for-fluent-bit chart 0.2.0 = AWS for Fluent Bit 3.x (Amazon Linux 2023). */
    fluentBit: {
        chart: "aws-for-fluent-bit",
        version: "0.2.0",
        serviceAccount: "fluent-bit",
    },
    /** The IngressClass the load balancer controller serves. */
    ingressClass: "alb",
    /** TLS 1.3 and 1.2 only, forward-secret ciphers: the ALB policy AWS recommends. */
    sslPolicy: "ELBSecurityPolicy-TLS13-1-2-2021-06",
    /** The port the app's Service exposes inside the cluster. */
    servicePort: 80,
    /** Pod Security Standard enforced on the app namespace. */
    podSecurityStandard: "restricted",
    /** A fixed non-root uid/gid for the app's processes (numeric, so runAsNonRoot can verify it). */
    runAsUser: 10001,
    /** Seconds a DNS answer for the app's domain is cached. */
    dnsTtlSeconds: 300,
} as const;

/** {@link NodeGroupArgs} with every default applied. */
export interface ResolvedNodeGroupArgs {
    readonly name: string;
    readonly instanceTypes: readonly string[];
    readonly minSize: number;
    readonly desiredSize: number;
    readonly maxSize: number;
    readonly diskSizeGb: number;
    readonly capacityType: CapacityType;
    readonly amiType: NodeAmiType;
    readonly labels: Readonly<Record<string, string>>;
}

/** Applies {@link NODE_GROUP_DEFAULTS} to one node group. */
export function nodeGroupWithDefaults(group: NodeGroupArgs): ResolvedNodeGroupArgs {
    const d = NODE_GROUP_DEFAULTS;
    return {
        name: group.name,
        instanceTypes: group.instanceTypes,
        minSize: group.minSize,
        desiredSize: group.desiredSize,
        maxSize: group.maxSize,
        diskSizeGb: group.diskSizeGb ?? d.diskSizeGb,
        capacityType: group.capacityType ?? d.capacityType,
        amiType: group.amiType ?? d.amiType,
        labels: group.labels ?? {},
    };
}

/** {@link AppWorkloadArgs} with every default applied. */
export interface ResolvedAppWorkloadArgs {
    readonly name: string;
    readonly repository: string;
    readonly imageTag: string;
    readonly port: number;
    readonly replicas: number;
    readonly maxReplicas: number;
    readonly targetCpuUtilizationPercent: number;
    readonly cpuRequest: string;
    readonly memoryRequest: string;
    readonly cpuLimit: string;
    readonly memoryLimit: string;
    readonly livenessPath: string;
    readonly readinessPath: string;
    readonly environment: Readonly<Record<string, pulumi.Input<string>>>;
}

/** Applies {@link APP_DEFAULTS}; maxReplicas defaults to twice the replicas. */
export function appWithDefaults(app: AppWorkloadArgs): ResolvedAppWorkloadArgs {
    const d = APP_DEFAULTS;
    const replicas = app.replicas ?? d.replicas;
    return {
        name: app.name,
        repository: app.repository,
        imageTag: app.imageTag,
        port: app.port ?? d.port,
        replicas,
        maxReplicas: app.maxReplicas ?? replicas * 2,
        targetCpuUtilizationPercent:
            app.targetCpuUtilizationPercent ?? d.targetCpuUtilizationPercent,
        cpuRequest: app.cpuRequest ?? d.cpuRequest,
        memoryRequest: app.memoryRequest ?? d.memoryRequest,
        cpuLimit: app.cpuLimit ?? d.cpuLimit,
        memoryLimit: app.memoryLimit ?? d.memoryLimit,
        livenessPath: app.livenessPath ?? d.livenessPath,
        readinessPath: app.readinessPath ?? d.readinessPath,
        environment: app.environment ?? {},
    };
}

/** {@link AppPlatformArgs} with every default applied. */
export interface ResolvedAppPlatformArgs {
    readonly sharedClusterStack?: string;
    readonly clusterName?: string;
    readonly kubernetesVersion?: string;
    readonly vpcId?: pulumi.Input<string>;
    readonly vpcCidr?: pulumi.Input<string>;
    readonly privateSubnetIds?: pulumi.Input<pulumi.Input<string>[]>;
    readonly publicSubnetIds?: pulumi.Input<pulumi.Input<string>[]>;
    readonly publicAccessCidrs: readonly string[];
    readonly controlPlaneLogTypes: readonly ControlPlaneLogType[];
    readonly adminRoleArns: readonly string[];
    readonly nodeGroups: readonly ResolvedNodeGroupArgs[];
    readonly namespace: string;
    readonly quota: Required<NamespaceQuotaArgs>;
    readonly limits: Required<NamespaceLimitsArgs>;
    readonly repositories: readonly string[];
    readonly keepTaggedImages: number;
    readonly app: ResolvedAppWorkloadArgs;
    readonly domainName: string;
    readonly hostedZoneId: pulumi.Input<string>;
    readonly accessLogPrefix: string;
    readonly accessLogRetentionDays: number;
    readonly deletionProtection: boolean;
    readonly tableArns: readonly pulumi.Input<string>[];
    readonly tableKeyArn?: pulumi.Input<string>;
    readonly queueArns: readonly pulumi.Input<string>[];
    readonly queueKeyArn?: pulumi.Input<string>;
    readonly topicArn?: pulumi.Input<string>;
    readonly topicKeyArn?: pulumi.Input<string>;
    readonly reminderPolicyDocument?: aws.iam.PolicyDocument;
    readonly secretArns: readonly pulumi.Input<string>[];
    readonly searchDomainArn?: pulumi.Input<string>;
    readonly searchDomainEndpoint?: pulumi.Input<string>;
    readonly logRetentionDays: number;
    readonly protect: boolean;
    readonly tags?: pulumi.Input<Record<string, pulumi.Input<string>>>;
}

/** Applies {@link APP_PLATFORM_DEFAULTS} to every argument left undefined. */
export function withDefaults(args: AppPlatformArgs): ResolvedAppPlatformArgs {
    const d = APP_PLATFORM_DEFAULTS;
    const shared = args.sharedClusterStack !== undefined;
    return {
        sharedClusterStack: args.sharedClusterStack,
        clusterName: args.clusterName,
        kubernetesVersion: args.kubernetesVersion,
        vpcId: args.vpcId,
        vpcCidr: args.vpcCidr,
        privateSubnetIds: args.privateSubnetIds,
        publicSubnetIds: args.publicSubnetIds,
        publicAccessCidrs: args.publicAccessCidrs ?? d.publicAccessCidrs,
        controlPlaneLogTypes: args.controlPlaneLogTypes ?? d.controlPlaneLogTypes,
        adminRoleArns: args.adminRoleArns ?? d.adminRoleArns,
        // A stack in a shared cluster runs no nodes of its own.
        nodeGroups: shared ? [] : (args.nodeGroups ?? d.nodeGroups).map(nodeGroupWithDefaults),
        namespace: args.namespace,
        quota: { ...NAMESPACE_QUOTA_DEFAULTS, ...definedOnly(args.quota ?? {}) },
        limits: { ...NAMESPACE_LIMITS_DEFAULTS, ...definedOnly(args.limits ?? {}) },
        repositories: args.repositories,
        keepTaggedImages: args.keepTaggedImages ?? d.keepTaggedImages,
        app: appWithDefaults(args.app),
        domainName: args.domainName,
        hostedZoneId: args.hostedZoneId,
        accessLogPrefix: args.accessLogPrefix ?? d.accessLogPrefix,
        accessLogRetentionDays: args.accessLogRetentionDays ?? d.accessLogRetentionDays,
        deletionProtection: args.deletionProtection ?? d.deletionProtection,
        tableArns: args.tableArns ?? [],
        tableKeyArn: args.tableKeyArn,
        queueArns: args.queueArns ?? [],
        queueKeyArn: args.queueKeyArn,
        topicArn: args.topicArn,
        topicKeyArn: args.topicKeyArn,
        reminderPolicyDocument: args.reminderPolicyDocument,
        secretArns: args.secretArns ?? [],
        searchDomainArn: args.searchDomainArn,
        searchDomainEndpoint: args.searchDomainEndpoint,
        logRetentionDays: args.logRetentionDays ?? d.logRetentionDays,
        protect: args.protect ?? d.protect,
        tags: args.tags,
    };
}

/** The entries of `obj` whose value is not undefined (so `??`-style merging keeps defaults). */
function definedOnly<T extends object>(obj: T): Partial<T> {
    return Object.fromEntries(Object.entries(obj).filter(([, v]) => v !== undefined)) as Partial<T>;
}
