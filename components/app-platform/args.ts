/**
 * AppPlatform's argument types and the value sets they draw from: the module every other file
 * of the component imports, which imports none of them back.
 */
import type * as aws from "@pulumi/aws";
import type * as pulumi from "@pulumi/pulumi";

/** EKS control-plane log types. */
export type ControlPlaneLogType =
    "api" | "audit" | "authenticator" | "controllerManager" | "scheduler";

/** Every {@link ControlPlaneLogType}, in EKS's order. */
export const CONTROL_PLANE_LOG_TYPES: readonly ControlPlaneLogType[] = [
    "api",
    "audit",
    "authenticator",
    "controllerManager",
    "scheduler",
];

/** How a node group buys its instances. */
export type CapacityType = "ON_DEMAND" | "SPOT";

/** Every {@link CapacityType}. */
export const CAPACITY_TYPES: readonly CapacityType[] = ["ON_DEMAND", "SPOT"];

/** The EKS-optimized Amazon Linux 2023 images a node group may run (x86 or Graviton). */
export type NodeAmiType = "AL2023_x86_64_STANDARD" | "AL2023_ARM_64_STANDARD";

/** Every {@link NodeAmiType}. */
export const NODE_AMI_TYPES: readonly NodeAmiType[] = [
    "AL2023_x86_64_STANDARD",
    "AL2023_ARM_64_STANDARD",
];

/** One EKS managed node group. */
export interface NodeGroupArgs {
    /** 1..31 of [a-z0-9-], unique; the node group is `<platform>-<name>`. */
    readonly name: string;
    /** EC2 instance types, at least one ("m6i.large"); several spread a SPOT group's risk. */
    readonly instanceTypes: readonly string[];
    /** Fewest nodes, 0..maxSize. */
    readonly minSize: number;
    /** Nodes at creation, minSize..maxSize. */
    readonly desiredSize: number;
    /** Most nodes, 1..450. */
    readonly maxSize: number;
    /** Root volume size in GiB (gp3, encrypted with the platform key), 20..16384. Default 50. */
    readonly diskSizeGb?: number;
    /** "ON_DEMAND" or "SPOT". Default "ON_DEMAND". */
    readonly capacityType?: CapacityType;
    /** The EKS-optimized AL2023 image: x86 or ARM. Default "AL2023_x86_64_STANDARD". */
    readonly amiType?: NodeAmiType;
    /** Kubernetes labels on the nodes. Default none. */
    readonly labels?: Readonly<Record<string, string>>;
}

/** What the environment's namespace may claim in all (a ResourceQuota). */
export interface NamespaceQuotaArgs {
    /** Sum of CPU requests. Default "4". */
    readonly requestsCpu?: string;
    /** Sum of memory requests. Default "8Gi". */
    readonly requestsMemory?: string;
    /** Sum of CPU limits. Default "8". */
    readonly limitsCpu?: string;
    /** Sum of memory limits. Default "16Gi". */
    readonly limitsMemory?: string;
    /** Pods, 1..10000. Default 50. */
    readonly pods?: number;
}

/** Per-container defaults and ceilings in the namespace (a LimitRange). */
export interface NamespaceLimitsArgs {
    /** CPU request of a container that states none. Default "100m". */
    readonly defaultRequestCpu?: string;
    /** Memory request of a container that states none. Default "128Mi". */
    readonly defaultRequestMemory?: string;
    /** CPU limit of a container that states none. Default "500m". */
    readonly defaultLimitCpu?: string;
    /** Memory limit of a container that states none. Default "512Mi". */
    readonly defaultLimitMemory?: string;
    /** Most CPU one container may ask for. Default "2". */
    readonly maxCpu?: string;
    /** Most memory one container may ask for. Default "4Gi". */
    readonly maxMemory?: string;
}

/** The team's app: one HTTP service behind the load balancer. */
export interface AppWorkloadArgs {
    /** DNS label: the Deployment, Service, Ingress, service account and pod label `app`. */
    readonly name: string;
    /** The service (one of `repositories`) whose ECR repository holds the image. */
    readonly repository: string;
    /** The image tag to run (immutable, never "latest"); set per stack in config. */
    readonly imageTag: string;
    /** The port the container listens on, 1024..65535 (the process is not root). Default 8080. */
    readonly port?: number;
    /** Replicas, and the autoscaler's minimum, 1..100. Default 2. */
    readonly replicas?: number;
    /** The autoscaler's maximum, replicas..100. Default twice `replicas`. */
    readonly maxReplicas?: number;
    /** Average CPU (% of requests) the autoscaler keeps, 10..100. Default 70. */
    readonly targetCpuUtilizationPercent?: number;
    /** Default "250m". */
    readonly cpuRequest?: string;
    /** Default "256Mi". */
    readonly memoryRequest?: string;
    /** Default "1". */
    readonly cpuLimit?: string;
    /** Default "512Mi". */
    readonly memoryLimit?: string;
    /** Liveness probe path (HTTP GET on the port). Default "/healthz". */
    readonly livenessPath?: string;
    /** Readiness probe path, also the load balancer's health check. Default "/readyz". */
    readonly readinessPath?: string;
    /** Environment variables. Never secrets: pass ARNs in `secretArns` and read them at run time. */
    readonly environment?: Readonly<Record<string, pulumi.Input<string>>>;
}

/** Arguments for {@link AppPlatform}. */
export interface AppPlatformArgs {
    /**
     * Attach to the cluster of another stack (`<organization>/<project>/<stack>`, read with a
     * StackReference) instead of owning one: then only the namespace, its workloads, roles,
     * repositories, certificate and log shipping are created here; the cluster, its nodes, the
     * load balancer controller and the add-ons are that stack's. The referenced stack must export
     * SHARED_CLUSTER_OUTPUTS, live in the same account and region, and give this stack's deploy
     * role an access entry. Plain string: it decides which children exist. Default: own a cluster.
     */
    readonly sharedClusterStack?: string;
    /** The owned cluster's physical name, 1..100 of [A-Za-z0-9_-]. Plain string. Default the component's name. */
    readonly clusterName?: string;
    /** Kubernetes minor version of the owned cluster ("1.33"). Plain string. Required when owning. */
    readonly kubernetesVersion?: string;
    /** The VPC of the owned cluster. Required when owning. */
    readonly vpcId?: pulumi.Input<string>;
    /** The VPC's CIDR: the network policy admits the load balancer from it. Required when owning. */
    readonly vpcCidr?: pulumi.Input<string>;
    /** Private subnets: the control plane's network interfaces and the nodes. Required when owning. */
    readonly privateSubnetIds?: pulumi.Input<pulumi.Input<string>[]>;
    /** Public subnets: the internet-facing load balancer only. Required when owning. */
    readonly publicSubnetIds?: pulumi.Input<pulumi.Input<string>[]>;
    /**
     * CIDR blocks that may reach the Kubernetes API over the internet; never 0.0.0.0/0. Plain
     * list. Default none: the endpoint is private (reach it from the VPC, a VPN or a bastion).
     */
    readonly publicAccessCidrs?: readonly string[];
    /**
     * Control-plane log types sent to CloudWatch Logs; must include "api", "audit" and
     * "authenticator"; "controllerManager" and "scheduler" may be added. Default the three.
     */
    readonly controlPlaneLogTypes?: readonly ControlPlaneLogType[];
    /** IAM role ARNs made cluster administrators with access entries. Plain list. Default none. */
    readonly adminRoleArns?: readonly string[];
    /** Managed node groups, at least one. Plain list. Default DEFAULT_NODE_GROUP. */
    readonly nodeGroups?: readonly NodeGroupArgs[];
    /** The environment's namespace (1..58 of [a-z0-9-]); also names its indices and repositories. */
    readonly namespace: string;
    /** The namespace's ResourceQuota. Default NAMESPACE_QUOTA_DEFAULTS. */
    readonly quota?: NamespaceQuotaArgs;
    /** The namespace's LimitRange. Default NAMESPACE_LIMITS_DEFAULTS. */
    readonly limits?: NamespaceLimitsArgs;
    /** Service names, one ECR repository each (`<namespace>/<service>`), at least one. Plain list. */
    readonly repositories: readonly string[];
    /** Tagged images kept per repository, 1..1000. Default 30. */
    readonly keepTaggedImages?: number;
    /** The team's app. */
    readonly app: AppWorkloadArgs;
    /** The DNS name the app is served under ("app.example.com"). Plain string. */
    readonly domainName: string;
    /** The Route 53 public hosted zone holding domainName (certificate validation, the CNAME). */
    readonly hostedZoneId: pulumi.Input<string>;
    /** Key prefix of the load balancer's access logs in their bucket. Default "alb". */
    readonly accessLogPrefix?: string;
    /** Days access logs are kept, 1..3650. Default 365. */
    readonly accessLogRetentionDays?: number;
    /** Refuse to delete the load balancer (and the owned cluster). Plain boolean. Default true. */
    readonly deletionProtection?: boolean;
    /** EventPipeline tables the app reads and writes (items and index queries). Default none. */
    readonly tableArns?: readonly pulumi.Input<string>[];
    /**
     * The customer-managed key of tableArns' tables: DynamoDB decrypts their table key with the
     * caller's kms:Decrypt. Default none (tables under an AWS-owned or AWS-managed key).
     */
    readonly tableKeyArn?: pulumi.Input<string>;
    /** EventPipeline queues the app consumes (receive, delete, extend visibility). Default none. */
    readonly queueArns?: readonly pulumi.Input<string>[];
    /** The customer-managed key of queueArns' queues (SQS decrypts with it). Default none. */
    readonly queueKeyArn?: pulumi.Input<string>;
    /** The topic the app publishes to. Default none. */
    readonly topicArn?: pulumi.Input<string>;
    /** The KMS key of topicArn's topic (SNS asks for a data key with it). Default none. */
    readonly topicKeyArn?: pulumi.Input<string>;
    /**
     * ReminderWorkflow.appPolicyDocument: its statements are merged into the app's policy. A
     * document object with a plain Statement list (not an Output), so it stays readable in a
     * preview. Default none.
     */
    readonly reminderPolicyDocument?: aws.iam.PolicyDocument;
    /** Secrets Manager secrets the app reads (under the aws/secretsmanager key). Default none. */
    readonly secretArns?: readonly pulumi.Input<string>[];
    /** The SearchIndexer domain's ARN: container logs go to daily indices there. Default none. */
    readonly searchDomainArn?: pulumi.Input<string>;
    /** The SearchIndexer domain's endpoint host name; with searchDomainArn. Default none. */
    readonly searchDomainEndpoint?: pulumi.Input<string>;
    /** Days the control-plane and container log groups keep events (a CloudWatch period). Default 365. */
    readonly logRetentionDays?: number;
    /**
     * Protect the stateful children (the key, the cluster, the log groups, the repositories, the
     * access-log bucket, the namespaces) from deletion. Plain boolean: it is a
     * resource option. Default true.
     */
    readonly protect?: boolean;
    /** Tags for every taggable AWS resource the component creates. Default none. */
    readonly tags?: pulumi.Input<Record<string, pulumi.Input<string>>>;
}
