import * as aws from "@pulumi/aws";
import * as eks from "@pulumi/eks";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { fluentBitValues, loadBalancerControllerValues } from "./charts";
import { APP_PLATFORM_FIXED, withDefaults } from "./defaults";
import type { AppPlatformArgs } from "./args";
import type { ResolvedAppPlatformArgs, ResolvedNodeGroupArgs } from "./defaults";
import {
    accessLogBucketPolicy,
    appStatements,
    ecrLifecyclePolicy,
    loadBalancerControllerPolicy,
    logShippingStatements,
    nodeTrustPolicy,
    platformKeyPolicy,
    podIdentityTrustPolicy,
} from "./policies";
import { validateAppPlatformArgs } from "./validate";

export { fluentBitValues, loadBalancerControllerValues } from "./charts";
export {
    APP_DEFAULTS,
    APP_PLATFORM_DEFAULTS,
    APP_PLATFORM_FIXED,
    CAPACITY_TYPES,
    CONTROL_PLANE_LOG_TYPES,
    DEFAULT_NODE_GROUP,
    NAMESPACE_LIMITS_DEFAULTS,
    NAMESPACE_QUOTA_DEFAULTS,
    NODE_AMI_TYPES,
    NODE_GROUP_DEFAULTS,
    REQUIRED_CONTROL_PLANE_LOG_TYPES,
} from "./defaults";
export type {
    AppPlatformArgs,
    AppWorkloadArgs,
    CapacityType,
    ControlPlaneLogType,
    NamespaceLimitsArgs,
    NamespaceQuotaArgs,
    NodeAmiType,
    NodeGroupArgs,
} from "./args";
export {
    accessLogBucketPolicy,
    APP_INDEX_ACTIONS,
    APP_QUEUE_ACTIONS,
    APP_SECRET_ACTIONS,
    APP_STATEMENT_SIDS,
    APP_TABLE_ACTIONS,
    appStatements,
    ecrLifecyclePolicy,
    loadBalancerControllerPolicy,
    LOG_SHIPPING_LOGS_ACTIONS,
    LOG_SHIPPING_SEARCH_ACTIONS,
    LOG_SHIPPING_SEARCH_PATH,
    logShippingStatements,
    NODE_VOLUME_KEY_ACTIONS,
    nodeTrustPolicy,
    platformKeyPolicy,
    POD_IDENTITY_PRINCIPAL,
    POD_IDENTITY_TRUST_ACTIONS,
    podIdentityTrustPolicy,
    TOPIC_KEY_ACTIONS,
} from "./policies";
export {
    ACCESS_LOG_RETENTION_RANGE,
    isQuantity,
    quantityValue,
    RESERVED_NAMESPACES,
    validateAppPlatformArgs,
} from "./validate";

/**
 * The outputs a cluster-owning stack must export, by name, for stacks that attach to its cluster
 * with `sharedClusterStack`: the cluster's name and kubeconfig (the platform's own outputs), and
 * the VPC's CIDR and public subnets (SecureNetwork's), where the attached stack's load balancer
 * and network policy live.
 */
export const SHARED_CLUSTER_OUTPUTS = {
    clusterName: "clusterName",
    kubeconfig: "kubeconfig",
    vpcCidr: "vpcCidr",
    publicSubnetIds: "publicSubnetIds",
} as const;

/** The cluster the workloads run in: owned here or read from another stack. */
interface ClusterHandle {
    readonly name: pulumi.Output<string>;
    readonly kubeconfig: pulumi.Output<string>;
    readonly vpcCidr: pulumi.Output<string>;
    readonly publicSubnetIds: pulumi.Output<string[]>;
    /**
     * The security group the pods are in: the cluster security group EKS creates, which the
     * nodes of the platform's node groups wear (their launch templates name no group). Unknown
     * to a stack on a shared cluster.
     */
    readonly podSecurityGroupId?: pulumi.Output<string>;
    /** What cluster-scoped workloads wait for (cluster, nodes, add-ons); empty when shared. */
    readonly ready: pulumi.Resource[];
}

/**
 * Where one team's services run, per environment: an EKS cluster (private API endpoint, audit
 * logs to an encrypted log group, secrets envelope-encrypted, access entries only) with managed
 * node groups in private subnets (IMDSv2 with one hop, encrypted gp3 roots), or a namespace in
 * another stack's cluster; a namespace per environment with a quota, limits, the restricted Pod
 * Security Standard and a default-deny network policy; an ECR repository per service; the AWS
 * Load Balancer Controller and an internet-facing HTTPS ALB with access logs; the app itself with
 * its EKS Pod Identity role; and Fluent Bit shipping the namespace's container logs to CloudWatch
 * and OpenSearch. One customer-managed key encrypts secrets, volumes, repositories and logs.
 */
export class AppPlatform extends pulumi.ComponentResource {
    /**
     * The app's pods, as a flow's workload: their EKS Pod Identity association (service account,
     * namespace, role and cluster).
     */
    public readonly appWorkload: pulumi.Resource;
    /** Fluent Bit's pods, as a flow's workload (their Pod Identity association). */
    public readonly logShippingWorkload: pulumi.Resource;
    /** The container log group Fluent Bit ships to (a flow's target). */
    public readonly containerLogGroup: pulumi.Resource;
    /**
     * The security group the platform's pods are in (the cluster security group): what a target
     * in the VPC admits for them. Undefined on a shared cluster.
     */
    public readonly podSecurityGroupId: pulumi.Output<string> | undefined;
    /** The EKS cluster's name (owned, or the shared stack's). */
    public readonly clusterName: pulumi.Output<string>;
    /** A kubeconfig for the cluster (JSON; secret). */
    public readonly kubeconfig: pulumi.Output<string>;
    /** The environment's namespace. */
    public readonly namespace: pulumi.Output<string>;
    /** ECR repository URLs, by service. */
    public readonly repositoryUrls: Record<string, pulumi.Output<string>>;
    /** The load balancer's DNS name, from the Ingress status (unknown until it exists). */
    public readonly albHostname: pulumi.Output<string>;
    /** The app's URL. */
    public readonly url: pulumi.Output<string>;
    /** The app's pod role (SearchIndexer or others may name it). */
    public readonly appRoleArn: pulumi.Output<string>;
    /** The log shipper's pod role: SearchIndexer's domain access policy names it. */
    public readonly logShippingRoleArn: pulumi.Output<string>;
    /** The CloudWatch log group of the namespace's container logs. */
    public readonly containerLogGroupName: pulumi.Output<string>;
    /** The bucket of the load balancer's access logs. */
    public readonly accessLogBucketName: pulumi.Output<string>;
    /** The platform's KMS key. */
    public readonly keyArn: pulumi.Output<string>;

    private readonly name: string;
    private readonly a: ResolvedAppPlatformArgs;
    private egressScope!: {
        provider: k8s.Provider;
        cluster: ClusterHandle;
        namespace: k8s.core.v1.Namespace;
        logsNamespace?: k8s.core.v1.Namespace;
    };
    private readonly partition: pulumi.Output<string>;
    private readonly accountId: pulumi.Output<string>;
    private readonly region: pulumi.Output<string>;
    private readonly dnsSuffix: pulumi.Output<string>;

    constructor(name: string, args: AppPlatformArgs, opts?: pulumi.ComponentResourceOptions) {
        validateAppPlatformArgs(name, args);
        // Inputs hold policy documents and app environments: registered as outputs instead.
        super("lightspeed:index:AppPlatform", name, {}, opts);
        this.name = name;
        const a = withDefaults(args);
        this.a = a;
        const owned = a.sharedClusterStack === undefined;

        const partition = aws.getPartitionOutput({}, { parent: this });
        this.partition = partition.partition;
        this.dnsSuffix = partition.dnsSuffix;
        this.accountId = aws.getCallerIdentityOutput({}, { parent: this }).accountId;
        this.region = aws.getRegionOutput({}, { parent: this }).region;

        const key = new aws.kms.Key(
            `${name}-key`,
            {
                description: `Encrypts the secrets, node volumes, images and logs of AppPlatform ${name}`,
                enableKeyRotation: true,
                deletionWindowInDays: APP_PLATFORM_FIXED.keyDeletionWindowDays,
                // aws.kms.Key#policy takes only a string (pulumi/pulumi-aws#2170); built from
                // invoke results only, so it stays known, and readable, during a preview.
                policy: pulumi.jsonStringify(
                    platformKeyPolicy(["logs"], owned, {
                        accountId: this.accountId,
                        partition: this.partition,
                        region: this.region,
                        dnsSuffix: this.dnsSuffix,
                    }),
                ),
                tags: a.tags,
            },
            { parent: this, protect: a.protect },
        );

        const cluster = owned ? this.ownedCluster(key) : this.sharedCluster();
        const provider = new k8s.Provider(
            `${name}-k8s`,
            { kubeconfig: cluster.kubeconfig, enableServerSideApply: true },
            { parent: this },
        );
        const k8sOpts = (dependsOn: pulumi.Resource[] = []): pulumi.CustomResourceOptions => ({
            parent: this,
            provider,
            dependsOn: [...cluster.ready, ...dependsOn],
        });
        // In a shared cluster the owning stack runs the controller.
        const controller = owned ? [this.loadBalancerController(cluster, provider)] : [];

        const namespace = this.environmentNamespace(cluster, k8sOpts);
        this.egressScope = { provider, cluster, namespace };
        const repositoryUrls = this.repositories(key);
        const certificateArn = this.certificate();
        const accessLogs = this.accessLogBucket();

        // --- The app --------------------------------------------------------------------------

        const app = a.app;
        const appRole = this.podRole(
            `${name}-app`,
            `The pod role of ${app.name} in namespace ${a.namespace} (AppPlatform ${name})`,
            a.namespace,
            app.name,
            cluster,
            appStatements({
                tableArns: a.tableArns,
                tableKeyArn: a.tableKeyArn,
                queueArns: a.queueArns,
                queueKeyArn: a.queueKeyArn,
                topicArn: a.topicArn,
                topicKeyArn: a.topicKeyArn,
                reminderPolicyDocument: a.reminderPolicyDocument,
                secretArns: a.secretArns,
                region: this.region,
                dnsSuffix: this.dnsSuffix,
            }),
        );
        const labels = { app: app.name };
        const serviceAccount = new k8s.core.v1.ServiceAccount(
            `${name}-app-sa`,
            {
                metadata: { name: app.name, namespace: namespace.metadata.name, labels },
                // The app does not call the Kubernetes API; Pod Identity mounts its own token.
                automountServiceAccountToken: false,
            },
            k8sOpts(),
        );
        const image = pulumi.interpolate`${repositoryUrls[app.repository]}:${app.imageTag}`;
        const uid = APP_PLATFORM_FIXED.runAsUser;
        const deployment = new k8s.apps.v1.Deployment(
            `${name}-app`,
            {
                metadata: { name: app.name, namespace: namespace.metadata.name, labels },
                spec: {
                    replicas: app.replicas,
                    selector: { matchLabels: labels },
                    strategy: {
                        type: "RollingUpdate",
                        rollingUpdate: { maxSurge: 1, maxUnavailable: 0 },
                    },
                    template: {
                        metadata: { labels },
                        spec: {
                            serviceAccountName: serviceAccount.metadata.name,
                            automountServiceAccountToken: false,
                            terminationGracePeriodSeconds:
                                APP_PLATFORM_FIXED.terminationGracePeriodSeconds,
                            securityContext: {
                                runAsNonRoot: true,
                                runAsUser: uid,
                                runAsGroup: uid,
                                fsGroup: uid,
                                seccompProfile: { type: "RuntimeDefault" },
                            },
                            // One replica per zone first, so a zone's loss leaves the others.
                            topologySpreadConstraints: [
                                {
                                    maxSkew: 1,
                                    topologyKey: "topology.kubernetes.io/zone",
                                    whenUnsatisfiable: "ScheduleAnyway",
                                    labelSelector: { matchLabels: labels },
                                },
                            ],
                            containers: [
                                {
                                    name: app.name,
                                    image,
                                    ports: [{ name: "http", containerPort: app.port }],
                                    env: [
                                        { name: "AWS_REGION", value: this.region },
                                        ...Object.entries(app.environment).map(
                                            ([variable, value]) => ({ name: variable, value }),
                                        ),
                                    ],
                                    resources: {
                                        requests: {
                                            cpu: app.cpuRequest,
                                            memory: app.memoryRequest,
                                        },
                                        limits: { cpu: app.cpuLimit, memory: app.memoryLimit },
                                    },
                                    livenessProbe: {
                                        httpGet: { path: app.livenessPath, port: "http" },
                                        initialDelaySeconds: 10,
                                        periodSeconds: 10,
                                        failureThreshold: 3,
                                    },
                                    readinessProbe: {
                                        httpGet: { path: app.readinessPath, port: "http" },
                                        periodSeconds: 5,
                                        failureThreshold: 3,
                                    },
                                    securityContext: {
                                        runAsNonRoot: true,
                                        readOnlyRootFilesystem: true,
                                        allowPrivilegeEscalation: false,
                                        capabilities: { drop: ["ALL"] },
                                    },
                                    // Behind ALB IP targets: keep serving until deregistration
                                    // has reached the load balancer (no shell needed: the
                                    // kubelet sleeps, Kubernetes 1.30+).
                                    lifecycle: {
                                        preStop: {
                                            sleep: {
                                                seconds: APP_PLATFORM_FIXED.preStopSleepSeconds,
                                            },
                                        },
                                    },
                                    // The one writable place, with a read-only root filesystem.
                                    volumeMounts: [{ name: "tmp", mountPath: "/tmp" }],
                                },
                            ],
                            volumes: [{ name: "tmp", emptyDir: { sizeLimit: "256Mi" } }],
                        },
                    },
                },
            },
            {
                // Pods that start before their association exists get no AWS credentials, and
                // the controller's webhook must be up to add their readiness gate.
                ...k8sOpts([appRole.association, ...controller]),
                // The autoscaler owns the replica count once the Deployment exists; `replicas`
                // is its floor (minReplicas), so a deploy never scales a busy app back down.
                ignoreChanges: ["spec.replicas"],
            },
        );
        const service = new k8s.core.v1.Service(
            `${name}-app-service`,
            {
                metadata: { name: app.name, namespace: namespace.metadata.name, labels },
                spec: {
                    type: "ClusterIP",
                    selector: labels,
                    ports: [
                        {
                            name: "http",
                            port: APP_PLATFORM_FIXED.servicePort,
                            targetPort: "http",
                            protocol: "TCP",
                        },
                    ],
                },
            },
            k8sOpts(),
        );
        new k8s.autoscaling.v2.HorizontalPodAutoscaler(
            `${name}-app-hpa`,
            {
                metadata: { name: app.name, namespace: namespace.metadata.name, labels },
                spec: {
                    scaleTargetRef: {
                        apiVersion: "apps/v1",
                        kind: "Deployment",
                        name: deployment.metadata.name,
                    },
                    minReplicas: app.replicas,
                    maxReplicas: app.maxReplicas,
                    metrics: [
                        {
                            type: "Resource",
                            resource: {
                                name: "cpu",
                                target: {
                                    type: "Utilization",
                                    averageUtilization: app.targetCpuUtilizationPercent,
                                },
                            },
                        },
                    ],
                },
            },
            k8sOpts(),
        );
        new k8s.policy.v1.PodDisruptionBudget(
            `${name}-app-pdb`,
            {
                metadata: { name: app.name, namespace: namespace.metadata.name, labels },
                // One pod at a time: a node drain never takes every replica, and a single
                // replica (dev) can still be drained.
                spec: { maxUnavailable: 1, selector: { matchLabels: labels } },
            },
            k8sOpts(),
        );

        const attributes = pulumi.interpolate`access_logs.s3.enabled=true,access_logs.s3.bucket=${accessLogs.bucket},access_logs.s3.prefix=${a.accessLogPrefix},deletion_protection.enabled=${String(a.deletionProtection)},routing.http.drop_invalid_header_fields.enabled=true`;
        const ingress = new k8s.networking.v1.Ingress(
            `${name}-app-ingress`,
            {
                metadata: {
                    name: app.name,
                    namespace: namespace.metadata.name,
                    labels,
                    annotations: ingressAnnotations({
                        publicSubnetIds: cluster.publicSubnetIds,
                        certificateArn,
                        healthCheckPath: app.readinessPath,
                        attributes,
                    }),
                },
                spec: {
                    ingressClassName: APP_PLATFORM_FIXED.ingressClass,
                    rules: [
                        {
                            host: a.domainName,
                            http: {
                                paths: [
                                    {
                                        path: "/",
                                        pathType: "Prefix",
                                        backend: {
                                            service: {
                                                name: service.metadata.name,
                                                port: { name: "http" },
                                            },
                                        },
                                    },
                                ],
                            },
                        },
                    ],
                },
            },
            // The bucket must take logs before the controller turns them on.
            k8sOpts([...controller, accessLogs.policy]),
        );
        const albHostname = ingress.status.apply(
            (status) => status?.loadBalancer?.ingress?.[0]?.hostname ?? "",
        );
        new aws.route53.Record(
            `${name}-app-dns`,
            {
                zoneId: a.hostedZoneId,
                name: a.domainName,
                type: "CNAME",
                records: [albHostname],
                ttl: APP_PLATFORM_FIXED.dnsTtlSeconds,
            },
            { parent: this },
        );

        // --- Log shipping ---------------------------------------------------------------------

        const logShipping = this.logShipping(key, cluster, provider);

        this.appWorkload = appRole.association;
        this.logShippingWorkload = logShipping.workload;
        this.containerLogGroup = logShipping.logGroup;
        this.podSecurityGroupId = cluster.podSecurityGroupId;
        this.clusterName = cluster.name;
        this.kubeconfig = pulumi.secret(cluster.kubeconfig);
        this.namespace = namespace.metadata.name;
        this.repositoryUrls = repositoryUrls;
        this.albHostname = albHostname;
        this.url = pulumi.output(`https://${a.domainName}`);
        this.appRoleArn = appRole.role.arn;
        this.logShippingRoleArn = logShipping.roleArn;
        this.containerLogGroupName = logShipping.logGroupName;
        this.accessLogBucketName = accessLogs.bucket;
        this.keyArn = key.arn;
        this.registerOutputs({
            clusterName: this.clusterName,
            kubeconfig: this.kubeconfig,
            namespace: this.namespace,
            repositoryUrls: this.repositoryUrls,
            albHostname: this.albHostname,
            url: this.url,
            appRoleArn: this.appRoleArn,
            logShippingRoleArn: this.logShippingRoleArn,
            containerLogGroupName: this.containerLogGroupName,
            accessLogBucketName: this.accessLogBucketName,
            keyArn: this.keyArn,
        });
    }

    /**
     * The cluster this stack owns: its control-plane log group (created first, so EKS writes into
     * a group with a retention and the platform key instead of creating one without), the eks
     * component, the node role and node groups, the Pod Identity agent and metrics server, and the
     * load balancer controller with its pod role.
     */
    private ownedCluster(key: aws.kms.Key): ClusterHandle {
        const { name, a } = this;
        const clusterName = a.clusterName ?? name;
        const fixed = APP_PLATFORM_FIXED;

        const controlPlaneLogs = new aws.cloudwatch.LogGroup(
            `${name}-control-plane-logs`,
            {
                // The name EKS writes control-plane logs to.
                name: `/aws/eks/${clusterName}/cluster`,
                retentionInDays: a.logRetentionDays,
                kmsKeyId: key.arn,
                tags: a.tags,
            },
            { parent: this, protect: a.protect },
        );

        const publicEndpoint = a.publicAccessCidrs.length > 0;
        const accessEntries: Record<string, eks.types.input.AccessEntryArgs> = {};
        a.adminRoleArns.forEach((principalArn, i) => {
            accessEntries[`admin-${i}`] = {
                principalArn,
                type: "STANDARD",
                accessPolicies: {
                    admin: {
                        policyArn: fixed.clusterAdminPolicyArn,
                        accessScope: { type: "cluster" },
                    },
                },
            };
        });
        const cluster = new eks.Cluster(
            `${name}-cluster`,
            {
                name: clusterName,
                version: a.kubernetesVersion,
                vpcId: a.vpcId,
                privateSubnetIds: a.privateSubnetIds,
                publicSubnetIds: a.publicSubnetIds,
                endpointPrivateAccess: true,
                endpointPublicAccess: publicEndpoint,
                publicAccessCidrs: publicEndpoint ? [...a.publicAccessCidrs] : undefined,
                enabledClusterLogTypes: [...a.controlPlaneLogTypes],
                encryptionConfigKeyArn: key.arn,
                authenticationMode: fixed.authenticationMode,
                accessEntries,
                // Node groups are the platform's own (below), with launch templates the pack reads.
                skipDefaultNodeGroup: true,
                nodeAssociatePublicIpAddress: false,
                // No extra cluster and node groups (open egress, unused by managed node groups):
                // the control plane and the nodes share the cluster security group EKS creates.
                skipDefaultSecurityGroups: true,
                // Pod roles use EKS Pod Identity (policies.ts says why), not IRSA.
                createOidcProvider: false,
                // The managed VPC CNI add-on, with network policy enforcement on.
                useDefaultVpcCni: false,
                vpcCniOptions: { enableNetworkPolicy: true },
                upgradePolicy: { supportType: fixed.upgradeSupportType },
                deletionProtection: a.deletionProtection,
                tags: a.tags,
            },
            { parent: this, protect: a.protect, dependsOn: [controlPlaneLogs] },
        );

        const nodeRole = new aws.iam.Role(
            `${name}-node-role`,
            {
                description: `The nodes of EKS cluster ${clusterName} (AppPlatform ${name})`,
                assumeRolePolicy: nodeTrustPolicy(),
                tags: a.tags,
            },
            { parent: this },
        );
        const attachments = Object.entries(fixed.nodeManagedPolicies).map(
            ([short, policy]) =>
                new aws.iam.RolePolicyAttachment(
                    `${name}-node-role-${short}`,
                    {
                        role: nodeRole.name,
                        policyArn: pulumi.interpolate`arn:${this.partition}:iam::aws:policy/${policy}`,
                    },
                    { parent: this },
                ),
        );
        const nodeGroups = a.nodeGroups.map((group) =>
            this.nodeGroup(group, clusterName, nodeRole, key, [cluster, ...attachments]),
        );

        const addonOpts = { parent: this, dependsOn: [cluster, ...nodeGroups] };
        const podIdentityAgent = new aws.eks.Addon(
            `${name}-pod-identity-agent`,
            {
                clusterName,
                addonName: fixed.addons.podIdentityAgent,
                resolveConflictsOnCreate: "OVERWRITE",
                resolveConflictsOnUpdate: "OVERWRITE",
                tags: a.tags,
            },
            addonOpts,
        );
        const metricsServer = new aws.eks.Addon(
            `${name}-metrics-server`,
            {
                clusterName,
                addonName: fixed.addons.metricsServer,
                resolveConflictsOnCreate: "OVERWRITE",
                resolveConflictsOnUpdate: "OVERWRITE",
                tags: a.tags,
            },
            addonOpts,
        );

        return {
            name: pulumi.output(clusterName),
            kubeconfig: cluster.kubeconfigJson,
            vpcCidr: pulumi.output(a.vpcCidr!), // validated: required when owning
            publicSubnetIds: pulumi.output(a.publicSubnetIds!),
            podSecurityGroupId: cluster.clusterSecurityGroupId,
            ready: [cluster, ...nodeGroups, podIdentityAgent, metricsServer],
        };
    }

    /**
     * The AWS Load Balancer Controller (one per cluster, so only where the cluster is owned), with
     * its pod role; Ingresses wait for it, since its webhook must answer before one is admitted.
     */
    private loadBalancerController(
        cluster: ClusterHandle,
        provider: k8s.Provider,
    ): k8s.helm.v3.Release {
        const { name, a } = this;
        const fixed = APP_PLATFORM_FIXED;
        const lbc = fixed.loadBalancerController;
        const role = this.podRole(
            `${name}-lb-controller`,
            `The AWS Load Balancer Controller of EKS cluster ${a.clusterName ?? name} (AppPlatform ${name})`,
            lbc.namespace,
            lbc.serviceAccount,
            cluster,
            loadBalancerControllerPolicy(this.partition).Statement as aws.iam.PolicyStatement[],
        );
        return new k8s.helm.v3.Release(
            `${name}-lb-controller`,
            {
                name: lbc.chart,
                chart: lbc.chart,
                version: lbc.version,
                repositoryOpts: { repo: fixed.chartRepository },
                namespace: lbc.namespace,
                values: loadBalancerControllerValues({
                    clusterName: cluster.name,
                    region: this.region,
                    vpcId: a.vpcId!, // validated: required when owning
                }),
                atomic: true,
                cleanupOnFail: true,
            },
            {
                parent: this,
                provider,
                dependsOn: [
                    ...cluster.ready,
                    role.association,
                    ...(role.policy ? [role.policy] : []),
                ],
            },
        );
    }

    /** One managed node group with its launch template (IMDSv2, encrypted gp3 root, no public IP). */
    private nodeGroup(
        group: ResolvedNodeGroupArgs,
        clusterName: string,
        nodeRole: aws.iam.Role,
        key: aws.kms.Key,
        dependsOn: pulumi.Resource[],
    ): aws.eks.NodeGroup {
        const { name, a } = this;
        const fixed = APP_PLATFORM_FIXED;
        const base = `${name}-${group.name}`;
        // No network interfaces or security groups: EKS then puts the nodes in the cluster
        // security group, in the node group's (private) subnets, which map no public IPs.
        const template = new aws.ec2.LaunchTemplate(
            `${base}-nodes`,
            {
                description: `Nodes of ${clusterName}/${group.name}: IMDSv2, encrypted gp3 root volume`,
                updateDefaultVersion: true,
                metadataOptions: {
                    httpEndpoint: "enabled",
                    httpTokens: "required",
                    httpPutResponseHopLimit: fixed.metadataHopLimit,
                    instanceMetadataTags: "disabled",
                },
                blockDeviceMappings: [
                    {
                        deviceName: fixed.rootDeviceName,
                        ebs: {
                            volumeSize: group.diskSizeGb,
                            volumeType: fixed.rootVolumeType,
                            encrypted: "true",
                            kmsKeyId: key.arn,
                            deleteOnTermination: "true",
                        },
                    },
                ],
                // The nodes and their volumes carry the platform's tags (EC2 refuses empty ones).
                tagSpecifications:
                    a.tags === undefined
                        ? undefined
                        : [
                              { resourceType: "instance", tags: a.tags },
                              { resourceType: "volume", tags: a.tags },
                          ],
                tags: a.tags,
            },
            { parent: this },
        );
        return new aws.eks.NodeGroup(
            base,
            {
                clusterName,
                nodeGroupNamePrefix: `${group.name}-`,
                nodeRoleArn: nodeRole.arn,
                subnetIds: a.privateSubnetIds!, // validated: required when owning
                instanceTypes: [...group.instanceTypes],
                capacityType: group.capacityType,
                amiType: group.amiType,
                scalingConfig: {
                    minSize: group.minSize,
                    desiredSize: group.desiredSize,
                    maxSize: group.maxSize,
                },
                updateConfig: { maxUnavailable: 1 },
                launchTemplate: {
                    id: template.id,
                    version: template.latestVersion.apply((v) => String(v)),
                },
                labels: { ...group.labels },
                tags: a.tags,
            },
            { parent: this, dependsOn },
        );
    }

    /** The cluster of `sharedClusterStack`, read through a StackReference. */
    private sharedCluster(): ClusterHandle {
        const outputs = SHARED_CLUSTER_OUTPUTS;
        const ref = new pulumi.StackReference(
            `${this.name}-cluster-ref`,
            { name: this.a.sharedClusterStack! },
            { parent: this },
        );
        return {
            name: ref.requireOutput(outputs.clusterName).apply((v) => String(v)),
            kubeconfig: pulumi.secret(ref.requireOutput(outputs.kubeconfig)).apply(kubeconfigText),
            vpcCidr: ref.requireOutput(outputs.vpcCidr).apply((v) => String(v)),
            publicSubnetIds: ref
                .requireOutput(outputs.publicSubnetIds)
                .apply((v) => (v as unknown[]).map(String)),
            ready: [],
        };
    }

    /**
     * The environment's namespace (restricted Pod Security Standard), its ResourceQuota and
     * LimitRange, and two network policies: every pod's ingress denied, then the app's port
     * admitted from the VPC only. The ALB sends to pod IPs (target type ip) from its network
     * interfaces in the public subnets, which no pod selector can name: the VPC's CIDR admits
     * them (and the kubelet's probes from the nodes) and nothing from outside the VPC.
     */
    private environmentNamespace(
        cluster: ClusterHandle,
        k8sOpts: (dependsOn?: pulumi.Resource[]) => pulumi.CustomResourceOptions,
    ): k8s.core.v1.Namespace {
        const { name, a } = this;
        const pss = APP_PLATFORM_FIXED.podSecurityStandard;
        const namespace = new k8s.core.v1.Namespace(
            `${name}-namespace`,
            {
                metadata: {
                    name: a.namespace,
                    labels: {
                        "pod-security.kubernetes.io/enforce": pss,
                        "pod-security.kubernetes.io/warn": pss,
                        "pod-security.kubernetes.io/audit": pss,
                        // The controller gates a new pod's readiness on its ALB target being
                        // healthy, so a rolling update never outruns the load balancer.
                        "elbv2.k8s.aws/pod-readiness-gate-inject": "enabled",
                    },
                },
            },
            // Deleting or replacing it deletes everything in it, the team's own deploys and
            // secrets included.
            { ...k8sOpts(), protect: a.protect },
        );
        const ns = namespace.metadata.name;
        new k8s.core.v1.ResourceQuota(
            `${name}-quota`,
            {
                metadata: { name: "environment-quota", namespace: ns },
                spec: {
                    hard: {
                        "requests.cpu": a.quota.requestsCpu,
                        "requests.memory": a.quota.requestsMemory,
                        "limits.cpu": a.quota.limitsCpu,
                        "limits.memory": a.quota.limitsMemory,
                        pods: String(a.quota.pods),
                        // Traffic enters through the Ingress's ALB only.
                        "services.loadbalancers": "0",
                        "services.nodeports": "0",
                    },
                },
            },
            k8sOpts(),
        );
        new k8s.core.v1.LimitRange(
            `${name}-limits`,
            {
                metadata: { name: "container-limits", namespace: ns },
                spec: {
                    limits: [
                        {
                            type: "Container",
                            defaultRequest: {
                                cpu: a.limits.defaultRequestCpu,
                                memory: a.limits.defaultRequestMemory,
                            },
                            default: {
                                cpu: a.limits.defaultLimitCpu,
                                memory: a.limits.defaultLimitMemory,
                            },
                            max: { cpu: a.limits.maxCpu, memory: a.limits.maxMemory },
                        },
                    ],
                },
            },
            k8sOpts(),
        );
        new k8s.networking.v1.NetworkPolicy(
            `${name}-default-deny`,
            {
                metadata: { name: "default-deny-ingress", namespace: ns },
                spec: { podSelector: {}, policyTypes: ["Ingress"] },
            },
            k8sOpts(),
        );
        new k8s.networking.v1.NetworkPolicy(
            `${name}-allow-alb`,
            {
                metadata: { name: `allow-alb-to-${a.app.name}`, namespace: ns },
                spec: {
                    podSelector: { matchLabels: { app: a.app.name } },
                    policyTypes: ["Ingress"],
                    ingress: [
                        {
                            from: [{ ipBlock: { cidr: cluster.vpcCidr } }],
                            ports: [{ protocol: "TCP", port: a.app.port }],
                        },
                    ],
                },
            },
            k8sOpts(),
        );
        return namespace;
    }

    /** One ECR repository per service, `<namespace>/<service>`, with its lifecycle policy. */
    private repositories(key: aws.kms.Key): Record<string, pulumi.Output<string>> {
        const { name, a } = this;
        const urls: Record<string, pulumi.Output<string>> = {};
        for (const service of a.repositories) {
            const repository = new aws.ecr.Repository(
                `${name}-repo-${service}`,
                {
                    name: `${a.namespace}/${service}`,
                    imageTagMutability: "IMMUTABLE",
                    imageScanningConfiguration: { scanOnPush: true },
                    encryptionConfigurations: [{ encryptionType: "KMS", kmsKey: key.arn }],
                    tags: a.tags,
                },
                { parent: this, protect: a.protect },
            );
            new aws.ecr.LifecyclePolicy(
                `${name}-repo-${service}-lifecycle`,
                {
                    repository: repository.name,
                    policy: JSON.stringify(
                        ecrLifecyclePolicy(
                            a.keepTaggedImages,
                            APP_PLATFORM_FIXED.untaggedImageExpiryDays,
                        ),
                    ),
                },
                { parent: this },
            );
            urls[service] = repository.repositoryUrl;
        }
        return urls;
    }

    /** The ALB's ACM certificate for domainName, validated through Route 53; its ARN once issued. */
    private certificate(): pulumi.Output<string> {
        const { name, a } = this;
        const certificate = new aws.acm.Certificate(
            `${name}-certificate`,
            { domainName: a.domainName, validationMethod: "DNS", tags: a.tags },
            { parent: this },
        );
        // One domain, so exactly one validation option (read in apply, nothing created there).
        // The "" only keeps an offline plan with faked outputs, which may have none, going.
        const option = (
            field: "resourceRecordName" | "resourceRecordType" | "resourceRecordValue",
        ) => certificate.domainValidationOptions.apply((options) => options?.[0]?.[field] ?? "");
        const record = new aws.route53.Record(
            `${name}-certificate-validation-record`,
            {
                zoneId: a.hostedZoneId,
                name: option("resourceRecordName"),
                type: option("resourceRecordType"),
                records: [option("resourceRecordValue")],
                ttl: APP_PLATFORM_FIXED.dnsTtlSeconds,
                allowOverwrite: true,
            },
            { parent: this },
        );
        const validation = new aws.acm.CertificateValidation(
            `${name}-certificate-validation`,
            { certificateArn: certificate.arn, validationRecordFqdns: [record.fqdn] },
            { parent: this },
        );
        return validation.certificateArn;
    }

    /**
     * The ALB access-log bucket: private, owner-enforced, TLS only, written by the region's ELB
     * account under the prefix, expiring logs after accessLogRetentionDays. SSE-S3 (AES256): ALB
     * access logs support no other default encryption, so the pack's `s3-encryption` rule needs
     * an exception for this bucket.
     */
    private accessLogBucket(): { bucket: pulumi.Output<string>; policy: aws.s3.BucketPolicy } {
        const { name, a } = this;
        const base = `${name}-alb-logs`;
        const bucket = new aws.s3.Bucket(
            base,
            { tags: a.tags },
            { parent: this, protect: a.protect },
        );
        const publicAccessBlock = new aws.s3.BucketPublicAccessBlock(
            `${base}-public-access-block`,
            {
                bucket: bucket.id,
                blockPublicAcls: true,
                blockPublicPolicy: true,
                ignorePublicAcls: true,
                restrictPublicBuckets: true,
            },
            { parent: this },
        );
        new aws.s3.BucketOwnershipControls(
            `${base}-ownership`,
            { bucket: bucket.id, rule: { objectOwnership: "BucketOwnerEnforced" } },
            { parent: this },
        );
        new aws.s3.BucketServerSideEncryptionConfiguration(
            `${base}-encryption`,
            {
                bucket: bucket.id,
                rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } }],
            },
            { parent: this },
        );
        // Versioned, as the audit trail it is: a deleted log can be restored for a while.
        const versioning = new aws.s3.BucketVersioning(
            `${base}-versioning`,
            { bucket: bucket.id, versioningConfiguration: { status: "Enabled" } },
            { parent: this },
        );
        new aws.s3.BucketLifecycleConfiguration(
            `${base}-lifecycle`,
            {
                bucket: bucket.id,
                rules: [
                    {
                        id: "expire-access-logs",
                        status: "Enabled",
                        filter: {},
                        // With Days, S3 also removes the delete markers left once the old
                        // versions are gone (S3 user guide, "Managing delete markers").
                        expiration: { days: a.accessLogRetentionDays },
                        noncurrentVersionExpiration: {
                            noncurrentDays: APP_PLATFORM_FIXED.logNoncurrentVersionDays,
                        },
                        abortIncompleteMultipartUpload: { daysAfterInitiation: 7 },
                    },
                ],
            },
            // S3 rejects noncurrent-version rules until versioning is on.
            { parent: this, dependsOn: [versioning] },
        );
        const elbAccount = aws.elb.getServiceAccountOutput({}, { parent: this });
        const policy = new aws.s3.BucketPolicy(
            `${base}-policy`,
            {
                bucket: bucket.id,
                policy: accessLogBucketPolicy(
                    bucket.arn,
                    a.accessLogPrefix,
                    this.accountId,
                    elbAccount.arn,
                ),
            },
            // S3 refuses a policy while the public access block is being written.
            { parent: this, dependsOn: [publicAccessBlock] },
        );
        return { bucket: bucket.bucket, policy };
    }

    /**
     * Fluent Bit in its own namespace (`<namespace>-logs`, privileged: it reads the nodes'
     * /var/log), with its pod role, shipping this environment's container logs to a log group
     * under the platform key and, with a search domain, to daily OpenSearch indices.
     */
    private logShipping(
        key: aws.kms.Key,
        cluster: ClusterHandle,
        provider: k8s.Provider,
    ): {
        roleArn: pulumi.Output<string>;
        logGroupName: pulumi.Output<string>;
        logGroup: aws.cloudwatch.LogGroup;
        workload: aws.eks.PodIdentityAssociation;
    } {
        const { name, a } = this;
        const fixed = APP_PLATFORM_FIXED;
        const logGroup = new aws.cloudwatch.LogGroup(
            `${name}-container-logs`,
            {
                name: `/${name}/${a.namespace}/containers`,
                retentionInDays: a.logRetentionDays,
                kmsKeyId: key.arn,
                tags: a.tags,
            },
            { parent: this, protect: a.protect },
        );
        const logsNamespace = `${a.namespace}-logs`;
        const namespace = new k8s.core.v1.Namespace(
            `${name}-logs-namespace`,
            {
                metadata: {
                    name: logsNamespace,
                    labels: { "pod-security.kubernetes.io/enforce": "privileged" },
                },
            },
            // As the environment's namespace: stateful-protect judges every namespace alike.
            { parent: this, provider, dependsOn: cluster.ready, protect: a.protect },
        );
        this.egressScope.logsNamespace = namespace;
        const role = this.podRole(
            `${name}-log-shipping`,
            `Fluent Bit shipping namespace ${a.namespace}'s container logs (AppPlatform ${name})`,
            logsNamespace,
            fixed.fluentBit.serviceAccount,
            cluster,
            logShippingStatements({
                logGroupArn: logGroup.arn,
                searchDomainArn: a.searchDomainArn,
            }),
        );
        new k8s.helm.v3.Release(
            `${name}-fluent-bit`,
            {
                name: "fluent-bit",
                chart: fixed.fluentBit.chart,
                version: fixed.fluentBit.version,
                repositoryOpts: { repo: fixed.chartRepository },
                namespace: namespace.metadata.name,
                values: fluentBitValues({
                    namespace: a.namespace,
                    region: this.region,
                    logGroupName: logGroup.name,
                    searchDomainEndpoint: a.searchDomainEndpoint,
                }),
                atomic: true,
                cleanupOnFail: true,
            },
            {
                parent: this,
                provider,
                dependsOn: [
                    ...cluster.ready,
                    role.association,
                    ...(role.policy ? [role.policy] : []),
                ],
            },
        );
        return {
            roleArn: role.role.arn,
            logGroupName: logGroup.name,
            logGroup,
            workload: role.association,
        };
    }

    /**
     * Limits what the app's pods (`app`) or Fluent Bit's (`log-shipping`) may send to, from the
     * flows declared for them: a target in the VPC on its port (to the VPC's CIDR), AWS APIs on
     * HTTPS (through NAT or the interface endpoints), and always DNS (kube-dns) and the EKS Pod
     * Identity agent (169.254.170.23:80, where pods get their credentials). One NetworkPolicy;
     * everything else leaving those pods is dropped by the VPC CNI's policy agent.
     */
    public limitEgress(
        workload: "app" | "log-shipping",
        flows: readonly { readonly port: number | undefined }[],
    ): k8s.networking.v1.NetworkPolicy {
        const { name, a } = this;
        const { provider, cluster, namespace } = this.egressScope;
        const inVpc = [...new Set(flows.flatMap((f) => (f.port === undefined ? [] : [f.port])))];
        const awsApis = flows.some((f) => f.port === undefined);
        const logs = this.egressScope.logsNamespace;
        const ns = workload === "app" ? namespace.metadata.name : logs!.metadata.name;
        const tcp = (port: number) => ({ protocol: "TCP", port });
        return new k8s.networking.v1.NetworkPolicy(
            `${name}-${workload}-egress`,
            {
                metadata: { name: `${workload}-egress-from-flows`, namespace: ns },
                spec: {
                    podSelector: workload === "app" ? { matchLabels: { app: a.app.name } } : {},
                    policyTypes: ["Egress"],
                    egress: [
                        {
                            to: [
                                {
                                    namespaceSelector: {
                                        matchLabels: {
                                            "kubernetes.io/metadata.name": "kube-system",
                                        },
                                    },
                                    podSelector: { matchLabels: { "k8s-app": "kube-dns" } },
                                },
                            ],
                            ports: [
                                { protocol: "UDP", port: 53 },
                                { protocol: "TCP", port: 53 },
                            ],
                        },
                        {
                            to: [{ ipBlock: { cidr: APP_PLATFORM_FIXED.podIdentityAgentCidr } }],
                            ports: [tcp(80)],
                        },
                        ...(inVpc.length
                            ? [
                                  {
                                      to: [{ ipBlock: { cidr: cluster.vpcCidr } }],
                                      ports: inVpc.map(tcp),
                                  },
                              ]
                            : []),
                        ...(awsApis
                            ? [{ to: [{ ipBlock: { cidr: "0.0.0.0/0" } }], ports: [tcp(443)] }]
                            : []),
                    ],
                },
            },
            { parent: this, provider, dependsOn: cluster.ready },
        );
    }

    /**
     * A pod role: trusted by EKS Pod Identity for one namespace and service account of the
     * cluster, with `statements` as its inline policy (none when empty), and its association.
     */
    private podRole(
        base: string,
        description: string,
        namespace: string,
        serviceAccount: string,
        cluster: ClusterHandle,
        statements: aws.iam.PolicyStatement[],
    ): {
        role: aws.iam.Role;
        policy: aws.iam.RolePolicy | undefined;
        association: aws.eks.PodIdentityAssociation;
    } {
        const clusterArn = pulumi.interpolate`arn:${this.partition}:eks:${this.region}:${this.accountId}:cluster/${cluster.name}`;
        const role = new aws.iam.Role(
            `${base}-role`,
            {
                description,
                assumeRolePolicy: podIdentityTrustPolicy({
                    accountId: this.accountId,
                    clusterArn,
                    namespace,
                    serviceAccount,
                }),
                tags: this.a.tags,
            },
            { parent: this },
        );
        const policy =
            statements.length === 0
                ? undefined
                : new aws.iam.RolePolicy(
                      `${base}-policy`,
                      { role: role.id, policy: { Version: "2012-10-17", Statement: statements } },
                      { parent: this },
                  );
        const association = new aws.eks.PodIdentityAssociation(
            `${base}-identity`,
            {
                clusterName: cluster.name,
                namespace,
                serviceAccount,
                roleArn: role.arn,
                tags: this.a.tags,
            },
            { parent: this, dependsOn: cluster.ready },
        );
        return { role, policy, association };
    }
}

/** A kubeconfig read from a stack output: a string as it is, an object as JSON. */
function kubeconfigText(value: unknown): string {
    return typeof value === "string" ? value : JSON.stringify(value);
}

/** The app Ingress's ALB annotations (aws-load-balancer-controller v2.14). */
function ingressAnnotations(inputs: {
    publicSubnetIds: pulumi.Output<string[]>;
    certificateArn: pulumi.Input<string>;
    healthCheckPath: string;
    attributes: pulumi.Input<string>;
}): Record<string, pulumi.Input<string>> {
    const prefix = "alb.ingress.kubernetes.io";
    return {
        [`${prefix}/scheme`]: "internet-facing",
        [`${prefix}/target-type`]: "ip",
        // Named, so the ALB never lands in a private subnet by tag discovery.
        [`${prefix}/subnets`]: inputs.publicSubnetIds.apply((ids) => ids.join(",")),
        [`${prefix}/certificate-arn`]: inputs.certificateArn,
        [`${prefix}/listen-ports`]: JSON.stringify([{ HTTP: 80 }, { HTTPS: 443 }]),
        [`${prefix}/ssl-redirect`]: "443",
        [`${prefix}/ssl-policy`]: APP_PLATFORM_FIXED.sslPolicy,
        [`${prefix}/healthcheck-path`]: inputs.healthCheckPath,
        [`${prefix}/load-balancer-attributes`]: inputs.attributes,
    };
}
