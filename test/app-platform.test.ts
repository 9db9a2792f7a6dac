import * as assert from "node:assert/strict";
import {
    AppPlatform,
    AppPlatformArgs,
    APP_TABLE_ACTIONS,
    fluentBitValues,
    loadBalancerControllerValues,
    NODE_VOLUME_KEY_ACTIONS,
    quantityValue,
    validateAppPlatformArgs,
} from "../components/app-platform";
import { KEY_ACCOUNT_ACTIONS, KEY_LOGS_ACTIONS } from "../components/lib/kms";
import { runPolicyGate, startPolicyPack } from "../tools/engine/policy-gate";
import { Violation } from "../tools/engine/render";
import {
    Plan,
    planComponent,
    RecordedResource,
    SECRET,
    UNKNOWN,
    valueOf,
    withoutModeled,
} from "./helpers/plan";
import { brief, packDir } from "./helpers/policy";

const T = {
    platform: "lightspeed:index:AppPlatform",
    key: "aws:kms/key:Key",
    logGroup: "aws:cloudwatch/logGroup:LogGroup",
    cluster: "eks:index:Cluster",
    role: "aws:iam/role:Role",
    rolePolicy: "aws:iam/rolePolicy:RolePolicy",
    attachment: "aws:iam/rolePolicyAttachment:RolePolicyAttachment",
    launchTemplate: "aws:ec2/launchTemplate:LaunchTemplate",
    nodeGroup: "aws:eks/nodeGroup:NodeGroup",
    addon: "aws:eks/addon:Addon",
    association: "aws:eks/podIdentityAssociation:PodIdentityAssociation",
    repository: "aws:ecr/repository:Repository",
    lifecycle: "aws:ecr/lifecyclePolicy:LifecyclePolicy",
    certificate: "aws:acm/certificate:Certificate",
    validation: "aws:acm/certificateValidation:CertificateValidation",
    record: "aws:route53/record:Record",
    bucket: "aws:s3/bucket:Bucket",
    publicAccess: "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock",
    ownership: "aws:s3/bucketOwnershipControls:BucketOwnershipControls",
    encryption:
        "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
    bucketLifecycle: "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration",
    bucketVersioning: "aws:s3/bucketVersioning:BucketVersioning",
    bucketPolicy: "aws:s3/bucketPolicy:BucketPolicy",
    k8sProvider: "pulumi:providers:kubernetes",
    namespace: "kubernetes:core/v1:Namespace",
    quota: "kubernetes:core/v1:ResourceQuota",
    limitRange: "kubernetes:core/v1:LimitRange",
    networkPolicy: "kubernetes:networking.k8s.io/v1:NetworkPolicy",
    serviceAccount: "kubernetes:core/v1:ServiceAccount",
    deployment: "kubernetes:apps/v1:Deployment",
    service: "kubernetes:core/v1:Service",
    ingress: "kubernetes:networking.k8s.io/v1:Ingress",
    hpa: "kubernetes:autoscaling/v2:HorizontalPodAutoscaler",
    pdb: "kubernetes:policy/v1:PodDisruptionBudget",
    release: "kubernetes:helm.sh/v3:Release",
} as const;

const ACCOUNT = "123456789012"; // the offline engine's getCallerIdentity answer
const CUSTOMERS = `arn:aws:dynamodb:us-east-1:${ACCOUNT}:table/pipeline-customers`;
const TASKS = `arn:aws:dynamodb:us-east-1:${ACCOUNT}:table/pipeline-tasks`;
const TOPIC = `arn:aws:sns:us-east-1:${ACCOUNT}:pipeline-events`;
const TOPIC_KEY = `arn:aws:kms:us-east-1:${ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
const MACHINE = `arn:aws:states:us-east-1:${ACCOUNT}:stateMachine:reminders`;
const SECRET_ARN = `arn:aws:secretsmanager:us-east-1:${ACCOUNT}:secret:web-config-AbCdEf`;
const DOMAIN_ARN = `arn:aws:es:us-east-1:${ACCOUNT}:domain/search`;
const DOMAIN_ENDPOINT = "vpc-search-abc123.us-east-1.es.amazonaws.com";
const ADMIN = `arn:aws:iam::${ACCOUNT}:role/platform-admin`;
const SHARED = "acme/lightspeed/prod";
const TAGS = { team: "platform" };

/** What ReminderWorkflow.appPolicyDocument looks like: a document object with plain statements. */
const REMINDER_DOCUMENT = {
    Version: "2012-10-17" as const,
    Statement: [
        {
            Sid: "StartReminderExecutions",
            Effect: "Allow" as const,
            Action: ["states:StartExecution"],
            Resource: [MACHINE],
        },
    ],
};

/** A cluster this stack owns, with every grant. */
const OWNED: AppPlatformArgs = {
    clusterName: "lightspeed-prod",
    kubernetesVersion: "1.33",
    vpcId: "vpc-0a",
    vpcCidr: "10.20.0.0/16",
    privateSubnetIds: ["subnet-private-a", "subnet-private-b"],
    publicSubnetIds: ["subnet-public-a", "subnet-public-b"],
    adminRoleArns: [ADMIN],
    nodeGroups: [
        {
            name: "general",
            instanceTypes: ["m6i.large", "m7i.large"],
            minSize: 2,
            desiredSize: 3,
            maxSize: 6,
            diskSizeGb: 80,
        },
    ],
    namespace: "prod",
    repositories: ["web", "worker"],
    keepTaggedImages: 20,
    app: {
        name: "web",
        repository: "web",
        imageTag: "1.4.2",
        replicas: 3,
        maxReplicas: 6,
        environment: { LOG_LEVEL: "info" },
    },
    domainName: "app.lightspeed.example.com",
    hostedZoneId: "Z0123456789ABCDEFGHIJ",
    tableArns: [CUSTOMERS, TASKS],
    topicArn: TOPIC,
    topicKeyArn: TOPIC_KEY,
    reminderPolicyDocument: REMINDER_DOCUMENT,
    secretArns: [SECRET_ARN],
    searchDomainArn: DOMAIN_ARN,
    searchDomainEndpoint: DOMAIN_ENDPOINT,
    tags: TAGS,
};

/** The same environment as a namespace of another stack's cluster. */
const SHARED_ARGS: AppPlatformArgs = {
    ...OWNED,
    clusterName: undefined,
    kubernetesVersion: undefined,
    vpcId: undefined,
    vpcCidr: undefined,
    privateSubnetIds: undefined,
    publicSubnetIds: undefined,
    adminRoleArns: undefined,
    nodeGroups: undefined,
    namespace: "staging",
    sharedClusterStack: SHARED,
};

/** The outputs the cluster-owning stack exports (SHARED_CLUSTER_OUTPUTS). */
const SHARED_OUTPUTS = {
    clusterName: "lightspeed-shared",
    kubeconfig: { apiVersion: "v1", kind: "Config" },
    vpcCidr: "10.30.0.0/16",
    publicSubnetIds: ["subnet-shared-a", "subnet-shared-b"],
};

/** The policy-config exceptions recommended for every stack with an AppPlatform named "platform". */
const EXCEPTIONS = {
    "iam-no-wildcard-resources": {
        exceptions: [
            {
                resource:
                    "urn:pulumi:*::*::lightspeed:index:AppPlatform$aws:iam/rolePolicy:RolePolicy::platform-lb-controller-policy",
                reason: "AWS Load Balancer Controller v2.14's published IAM policy: it creates, then manages, load balancers, target groups and security groups whose ARNs do not exist in advance, and scopes those grants with elbv2.k8s.aws/cluster tag conditions",
            },
        ],
    },
    "s3-encryption": {
        exceptions: [
            {
                resource:
                    "urn:pulumi:*::*::lightspeed:index:AppPlatform$aws:s3/bucket:Bucket::platform-alb-logs",
                reason: "ALB access logs can only be delivered to a bucket whose default encryption is SSE-S3 (AES256), not SSE-KMS; the bucket is private, owner-enforced and TLS-only",
            },
        ],
    },
};

async function planPlatform(
    args: AppPlatformArgs,
    options: { known?: boolean; stackReferences?: Record<string, Record<string, unknown>> } = {},
): Promise<{ plan: Plan; full: Plan; platform: AppPlatform }> {
    let platform: AppPlatform | undefined;
    const plan = await planComponent(() => {
        platform = new AppPlatform("platform", args);
    }, options);
    // `plan`: what AppPlatform registers; `full`: with the eks models' children, as the pack sees it.
    return { plan: withoutModeled(plan), full: plan, platform: platform! };
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
    return (
        (typeof policy === "string" ? JSON.parse(policy) : policy) as { Statement: Statement[] }
    ).Statement;
}

/** A Kubernetes object's spec (or another top-level field) from its recorded inputs. */
function field(resource: RecordedResource, name = "spec"): unknown {
    return resource.inputs[name];
}

/** The gate's findings for a planned program, briefed and sorted; every policy must have run. */
async function gate(plan: Plan, policyConfig: Record<string, unknown>): Promise<Violation[]> {
    const result = await runPolicyGate(plan, { packDir, config: policyConfig });
    assert.deepEqual(result.cannotRunInPreview.map(brief), [], "every policy ran during preview");
    return result.violations;
}

/** A waived finding in one line: `resource: rule / the finding's first words`. */
function waived(v: Violation): string {
    const m = /^(\S+) waived by exception "[^"]+": .*\(finding: (.*?)(?: allows | is ).*$/s.exec(
        v.message.split("\n").slice(1).join(" "),
    );
    return `${v.name}: ${m ? `${m[1]} / ${m[2]}` : v.message}`;
}

const POD_TRUST = (cluster: string, namespace: string, serviceAccount: string) => ({
    Version: "2012-10-17",
    Statement: [
        {
            Sid: "EksPodIdentityForOneServiceAccount",
            Effect: "Allow",
            Principal: { Service: "pods.eks.amazonaws.com" },
            Action: ["sts:AssumeRole", "sts:TagSession"],
            Condition: {
                StringEquals: {
                    "aws:SourceAccount": ACCOUNT,
                    "aws:RequestTag/eks-cluster-arn": `arn:aws:eks:us-east-1:${ACCOUNT}:cluster/${cluster}`,
                    "aws:RequestTag/kubernetes-namespace": namespace,
                    "aws:RequestTag/kubernetes-service-account": serviceAccount,
                },
            },
        },
    ],
});

describe("AppPlatform", () => {
    // The pack compiles TypeScript for seconds: let it boot while the component tests run.
    before(() => startPolicyPack(packDir));

    describe("an owned cluster (first preview)", () => {
        let plan: Plan;
        before(async () => {
            ({ plan } = await planPlatform(OWNED));
        });

        it("registers exactly its children, named after it", () => {
            const component = plan.one(T.platform, "platform");
            assert.deepEqual(
                typesAndNames(plan.childrenOf(component)),
                [
                    `${T.key} platform-key`,
                    // the cluster
                    `${T.logGroup} platform-control-plane-logs`,
                    `${T.cluster} platform-cluster`,
                    `${T.role} platform-node-role`,
                    `${T.attachment} platform-node-role-worker`,
                    `${T.attachment} platform-node-role-ecr`,
                    `${T.attachment} platform-node-role-cni`,
                    `${T.launchTemplate} platform-general-nodes`,
                    `${T.nodeGroup} platform-general`,
                    `${T.addon} platform-pod-identity-agent`,
                    `${T.addon} platform-metrics-server`,
                    `${T.k8sProvider} platform-k8s`,
                    // the load balancer controller
                    `${T.role} platform-lb-controller-role`,
                    `${T.rolePolicy} platform-lb-controller-policy`,
                    `${T.association} platform-lb-controller-identity`,
                    `${T.release} platform-lb-controller`,
                    // the namespace
                    `${T.namespace} platform-namespace`,
                    `${T.quota} platform-quota`,
                    `${T.limitRange} platform-limits`,
                    `${T.networkPolicy} platform-default-deny`,
                    `${T.networkPolicy} platform-allow-alb`,
                    // repositories
                    `${T.repository} platform-repo-web`,
                    `${T.lifecycle} platform-repo-web-lifecycle`,
                    `${T.repository} platform-repo-worker`,
                    `${T.lifecycle} platform-repo-worker-lifecycle`,
                    // certificate and access logs
                    `${T.certificate} platform-certificate`,
                    `${T.record} platform-certificate-validation-record`,
                    `${T.validation} platform-certificate-validation`,
                    `${T.bucket} platform-alb-logs`,
                    `${T.publicAccess} platform-alb-logs-public-access-block`,
                    `${T.ownership} platform-alb-logs-ownership`,
                    `${T.encryption} platform-alb-logs-encryption`,
                    `${T.bucketVersioning} platform-alb-logs-versioning`,
                    `${T.bucketLifecycle} platform-alb-logs-lifecycle`,
                    `${T.bucketPolicy} platform-alb-logs-policy`,
                    // the app
                    `${T.role} platform-app-role`,
                    `${T.rolePolicy} platform-app-policy`,
                    `${T.association} platform-app-identity`,
                    `${T.serviceAccount} platform-app-sa`,
                    `${T.deployment} platform-app`,
                    `${T.service} platform-app-service`,
                    `${T.hpa} platform-app-hpa`,
                    `${T.pdb} platform-app-pdb`,
                    `${T.ingress} platform-app-ingress`,
                    `${T.record} platform-app-dns`,
                    // log shipping
                    `${T.logGroup} platform-container-logs`,
                    `${T.namespace} platform-logs-namespace`,
                    `${T.role} platform-log-shipping-role`,
                    `${T.rolePolicy} platform-log-shipping-policy`,
                    `${T.association} platform-log-shipping-identity`,
                    `${T.release} platform-fluent-bit`,
                ].sort(),
            );
            assert.equal(plan.descendantsOf(component).length, 51);
        });

        it("protects exactly the stateful children: key, cluster, logs, repositories, bucket, namespace", () => {
            assert.deepEqual(typesAndNames(plan.resources.filter((r) => r.protect)), [
                `${T.logGroup} platform-container-logs`,
                `${T.logGroup} platform-control-plane-logs`,
                `${T.repository} platform-repo-web`,
                `${T.repository} platform-repo-worker`,
                `${T.key} platform-key`,
                `${T.bucket} platform-alb-logs`,
                `${T.cluster} platform-cluster`,
                `${T.namespace} platform-logs-namespace`,
                `${T.namespace} platform-namespace`,
            ]);
        });

        it("cluster: private endpoint, audit logs, secrets under the key, API auth with access entries", () => {
            const cluster = plan.one(T.cluster, "platform-cluster");
            assert.equal(cluster.remote, true);
            assert.deepEqual(cluster.inputs, {
                name: "lightspeed-prod",
                version: "1.33",
                vpcId: "vpc-0a",
                privateSubnetIds: ["subnet-private-a", "subnet-private-b"],
                publicSubnetIds: ["subnet-public-a", "subnet-public-b"],
                endpointPrivateAccess: true,
                endpointPublicAccess: false,
                enabledClusterLogTypes: ["api", "audit", "authenticator"],
                encryptionConfigKeyArn: UNKNOWN,
                authenticationMode: "API",
                accessEntries: {
                    "admin-0": {
                        principalArn: ADMIN,
                        type: "STANDARD",
                        accessPolicies: {
                            admin: {
                                policyArn:
                                    "arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy",
                                accessScope: { type: "cluster" },
                            },
                        },
                    },
                },
                skipDefaultNodeGroup: true,
                nodeAssociatePublicIpAddress: false,
                skipDefaultSecurityGroups: true,
                createOidcProvider: false,
                useDefaultVpcCni: false,
                vpcCniOptions: {
                    enableNetworkPolicy: true,
                    resolveConflictsOnCreate: "OVERWRITE",
                    resolveConflictsOnUpdate: "OVERWRITE",
                },
                upgradePolicy: { supportType: "STANDARD" },
                deletionProtection: true,
                tags: TAGS,
            });
            const key = plan.one(T.key, "platform-key");
            assert.deepEqual(cluster.propertyDependencies.encryptionConfigKeyArn, [key.urn]);
        });

        it("control-plane logs: EKS's group name, created first with the retention and the key", () => {
            const logs = plan.one(T.logGroup, "platform-control-plane-logs");
            assert.deepEqual(logs.inputs, {
                name: "/aws/eks/lightspeed-prod/cluster",
                retentionInDays: 365,
                kmsKeyId: UNKNOWN,
                tags: TAGS,
            });
            assert.deepEqual(logs.propertyDependencies.kmsKeyId, [
                plan.one(T.key, "platform-key").urn,
            ]);
            assert.ok(plan.one(T.cluster).dependencies.includes(logs.urn));
        });

        it("key: rotated, 30-day window; the account, CloudWatch Logs and Auto Scaling (node volumes)", () => {
            const key = plan.one(T.key, "platform-key");
            assert.equal(key.inputs.enableKeyRotation, true);
            assert.equal(key.inputs.deletionWindowInDays, 30);
            const autoScaling = `arn:aws:iam::${ACCOUNT}:role/aws-service-role/autoscaling.amazonaws.com/AWSServiceRoleForAutoScaling`;
            assert.deepEqual(statementsOf(key), [
                {
                    Sid: "AccountAdministersAndUsesKey",
                    Effect: "Allow",
                    Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` },
                    Action: KEY_ACCOUNT_ACTIONS,
                    Resource: "*",
                },
                {
                    Sid: "CloudWatchLogsUsesKeyForThisAccountsLogGroups",
                    Effect: "Allow",
                    Principal: { Service: "logs.us-east-1.amazonaws.com" },
                    Action: KEY_LOGS_ACTIONS,
                    Resource: "*",
                    Condition: {
                        ArnLike: {
                            "kms:EncryptionContext:aws:logs:arn": `arn:aws:logs:us-east-1:${ACCOUNT}:log-group:*`,
                        },
                    },
                },
                {
                    Sid: "AutoScalingUsesKeyForNodeVolumes",
                    Effect: "Allow",
                    Principal: { AWS: autoScaling },
                    Action: NODE_VOLUME_KEY_ACTIONS,
                    Resource: "*",
                },
                {
                    Sid: "AutoScalingGrantsKeyToNodeVolumes",
                    Effect: "Allow",
                    Principal: { AWS: autoScaling },
                    Action: "kms:CreateGrant",
                    Resource: "*",
                    Condition: { Bool: { "kms:GrantIsForAWSResource": "true" } },
                },
            ]);
        });

        it("node role: trusted by EC2 only, with the worker, ECR pull-only and CNI policies", () => {
            assert.deepEqual(
                statementsOf(plan.one(T.role, "platform-node-role"), "assumeRolePolicy"),
                [
                    {
                        Sid: "Ec2NodesAssumeNodeRole",
                        Effect: "Allow",
                        Principal: { Service: "ec2.amazonaws.com" },
                        Action: "sts:AssumeRole",
                    },
                ],
            );
            assert.deepEqual(
                plan.ofType(T.attachment).map((r) => [r.name, r.inputs.policyArn]),
                [
                    [
                        "platform-node-role-worker",
                        "arn:aws:iam::aws:policy/AmazonEKSWorkerNodePolicy",
                    ],
                    [
                        "platform-node-role-ecr",
                        "arn:aws:iam::aws:policy/AmazonEC2ContainerRegistryPullOnly",
                    ],
                    ["platform-node-role-cni", "arn:aws:iam::aws:policy/AmazonEKS_CNI_Policy"],
                ],
            );
        });

        it("launch template: IMDSv2 with one hop, an encrypted gp3 root under the key, no network interfaces", () => {
            const template = plan.one(T.launchTemplate, "platform-general-nodes");
            assert.deepEqual(template.inputs, {
                description: "Nodes of lightspeed-prod/general: IMDSv2, encrypted gp3 root volume",
                updateDefaultVersion: true,
                metadataOptions: {
                    httpEndpoint: "enabled",
                    httpTokens: "required",
                    httpPutResponseHopLimit: 1,
                    instanceMetadataTags: "disabled",
                },
                blockDeviceMappings: [
                    {
                        deviceName: "/dev/xvda",
                        ebs: {
                            volumeSize: 80,
                            volumeType: "gp3",
                            encrypted: "true",
                            kmsKeyId: UNKNOWN,
                            deleteOnTermination: "true",
                        },
                    },
                ],
                tagSpecifications: [
                    { resourceType: "instance", tags: TAGS },
                    { resourceType: "volume", tags: TAGS },
                ],
                tags: TAGS,
            });
            assert.deepEqual(template.propertyDependencies.blockDeviceMappings, [
                plan.one(T.key, "platform-key").urn,
            ]);
        });

        it("node group: private subnets, the sizes and instance types, its template, after the cluster", () => {
            const group = plan.one(T.nodeGroup, "platform-general");
            assert.deepEqual(group.inputs, {
                clusterName: "lightspeed-prod",
                nodeGroupNamePrefix: "general-",
                nodeRoleArn: UNKNOWN,
                subnetIds: ["subnet-private-a", "subnet-private-b"],
                instanceTypes: ["m6i.large", "m7i.large"],
                capacityType: "ON_DEMAND",
                amiType: "AL2023_x86_64_STANDARD",
                scalingConfig: { minSize: 2, desiredSize: 3, maxSize: 6 },
                updateConfig: { maxUnavailable: 1 },
                launchTemplate: { id: UNKNOWN, version: UNKNOWN },
                labels: {},
                tags: TAGS,
            });
            assert.deepEqual(group.propertyDependencies.launchTemplate, [
                plan.one(T.launchTemplate).urn,
            ]);
            for (const before of [
                plan.one(T.cluster).urn,
                ...plan.ofType(T.attachment).map((r) => r.urn),
            ]) {
                assert.ok(group.dependencies.includes(before), before);
            }
        });

        it("add-ons: the Pod Identity agent and the metrics server, once nodes exist", () => {
            const group = plan.one(T.nodeGroup).urn;
            assert.deepEqual(
                plan.ofType(T.addon).map((r) => [r.name, r.inputs]),
                ["eks-pod-identity-agent", "metrics-server"].map((addon) => [
                    addon === "metrics-server"
                        ? "platform-metrics-server"
                        : "platform-pod-identity-agent",
                    {
                        clusterName: "lightspeed-prod",
                        addonName: addon,
                        resolveConflictsOnCreate: "OVERWRITE",
                        resolveConflictsOnUpdate: "OVERWRITE",
                        tags: TAGS,
                    },
                ]),
            );
            for (const addon of plan.ofType(T.addon)) assert.ok(addon.dependencies.includes(group));
        });

        it("namespace: restricted pod security, quota, limits, deny-all ingress but the ALB from the VPC", () => {
            assert.deepEqual(field(plan.one(T.namespace, "platform-namespace"), "metadata"), {
                name: "prod",
                labels: {
                    "pod-security.kubernetes.io/enforce": "restricted",
                    "pod-security.kubernetes.io/warn": "restricted",
                    "pod-security.kubernetes.io/audit": "restricted",
                    "elbv2.k8s.aws/pod-readiness-gate-inject": "enabled",
                },
            });
            assert.deepEqual(field(plan.one(T.quota)), {
                hard: {
                    "requests.cpu": "4",
                    "requests.memory": "8Gi",
                    "limits.cpu": "8",
                    "limits.memory": "16Gi",
                    pods: "50",
                    "services.loadbalancers": "0",
                    "services.nodeports": "0",
                },
            });
            assert.deepEqual(field(plan.one(T.limitRange)), {
                limits: [
                    {
                        type: "Container",
                        defaultRequest: { cpu: "100m", memory: "128Mi" },
                        default: { cpu: "500m", memory: "512Mi" },
                        max: { cpu: "2", memory: "4Gi" },
                    },
                ],
            });
            const policies = plan.ofType(T.networkPolicy);
            assert.deepEqual(
                policies.map((p) => [field(p, "metadata"), field(p)]),
                [
                    [
                        { name: "default-deny-ingress", namespace: "prod" },
                        { podSelector: {}, policyTypes: ["Ingress"] },
                    ],
                    [
                        { name: "allow-alb-to-web", namespace: "prod" },
                        {
                            podSelector: { matchLabels: { app: "web" } },
                            policyTypes: ["Ingress"],
                            ingress: [
                                {
                                    from: [{ ipBlock: { cidr: "10.20.0.0/16" } }],
                                    ports: [{ protocol: "TCP", port: 8080 }],
                                },
                            ],
                        },
                    ],
                ],
            );
            // Every Kubernetes object goes through the platform's provider, after the add-ons.
            const provider = plan.one(T.k8sProvider).urn;
            for (const r of plan.resources.filter((r) => r.type.startsWith("kubernetes:"))) {
                assert.ok(r.provider?.startsWith(`${provider}::`), r.name);
                assert.ok(
                    r.dependencies.includes(plan.one(T.addon, "platform-pod-identity-agent").urn),
                    r.name,
                );
            }
        });

        it("repositories: <namespace>/<service>, immutable tags, scan on push, the key; lifecycle exact", () => {
            for (const service of ["web", "worker"]) {
                const repo = plan.one(T.repository, `platform-repo-${service}`);
                assert.deepEqual(repo.inputs, {
                    name: `prod/${service}`,
                    imageTagMutability: "IMMUTABLE",
                    imageScanningConfiguration: { scanOnPush: true },
                    encryptionConfigurations: [{ encryptionType: "KMS", kmsKey: UNKNOWN }],
                    tags: TAGS,
                });
                const lifecycle = plan.one(T.lifecycle, `platform-repo-${service}-lifecycle`);
                assert.deepEqual(JSON.parse(lifecycle.inputs.policy as string), {
                    rules: [
                        {
                            rulePriority: 1,
                            description: "Expire untagged images 7 days after their push",
                            selection: {
                                tagStatus: "untagged",
                                countType: "sinceImagePushed",
                                countUnit: "days",
                                countNumber: 7,
                            },
                            action: { type: "expire" },
                        },
                        {
                            rulePriority: 2,
                            description: "Keep the newest 20 tagged images",
                            selection: {
                                tagStatus: "tagged",
                                tagPatternList: ["*"],
                                countType: "imageCountMoreThan",
                                countNumber: 20,
                            },
                            action: { type: "expire" },
                        },
                    ],
                });
                assert.deepEqual(lifecycle.propertyDependencies.repository, [repo.urn]);
            }
        });

        it("load balancer controller: pinned chart, exact values, its Pod Identity role", () => {
            const release = plan.one(T.release, "platform-lb-controller");
            assert.deepEqual(release.inputs, {
                name: "aws-load-balancer-controller",
                chart: "aws-load-balancer-controller",
                version: "1.14.0",
                repositoryOpts: { repo: "https://aws.github.io/eks-charts" },
                namespace: "kube-system",
                atomic: true,
                cleanupOnFail: true,
                compat: "true",
                values: {
                    clusterName: "lightspeed-prod",
                    region: "us-east-1",
                    vpcId: "vpc-0a",
                    replicaCount: 2,
                    resources: {
                        requests: { cpu: "100m", memory: "128Mi" },
                        limits: { memory: "256Mi" },
                    },
                    serviceAccount: { create: true, name: "aws-load-balancer-controller" },
                    ingressClass: "alb",
                    createIngressClassResource: true,
                    enableServiceMutatorWebhook: false,
                    podDisruptionBudget: { maxUnavailable: 1 },
                },
            });
            assert.deepEqual(
                statementsOf(plan.one(T.role, "platform-lb-controller-role"), "assumeRolePolicy"),
                POD_TRUST("lightspeed-prod", "kube-system", "aws-load-balancer-controller")
                    .Statement,
            );
            assert.deepEqual(plan.one(T.association, "platform-lb-controller-identity").inputs, {
                clusterName: "lightspeed-prod",
                namespace: "kube-system",
                serviceAccount: "aws-load-balancer-controller",
                roleArn: UNKNOWN,
                tags: TAGS,
            });
            for (const name of [
                "platform-lb-controller-identity",
                "platform-lb-controller-policy",
            ]) {
                assert.ok(release.dependencies.includes(plan.named(name).urn), name);
            }
        });

        it("load balancer controller policy: AWS's statements, every action named, tag conditions kept", () => {
            const statements = statementsOf(
                plan.one(T.rolePolicy, "platform-lb-controller-policy"),
            );
            assert.deepEqual(
                statements.map((s) => s.Sid),
                [
                    "CreateElbServiceLinkedRole",
                    "Describe",
                    "CertificatesAndFirewalls",
                    "SecurityGroupIngress",
                    "CreateSecurityGroup",
                    "TagNewSecurityGroup",
                    "RetagOwnSecurityGroups",
                    "ManageOwnSecurityGroups",
                    "CreateTaggedLoadBalancers",
                    "ListenersAndRules",
                    "RetagOwnLoadBalancers",
                    "TagListenersAndRules",
                    "ManageOwnLoadBalancers",
                    "TagOnCreate",
                    "RegisterTargets",
                    "ListenerSettings",
                ],
            );
            const actions = statements.flatMap((s) => [s.Action].flat());
            assert.equal(actions.length, 86);
            assert.ok(
                actions.every((a) => /^[a-z0-9-]+:[A-Za-z]+$/.test(a)),
                "no wildcard action",
            );
            assert.deepEqual(statements[0].Condition, {
                StringEquals: { "iam:AWSServiceName": "elasticloadbalancing.amazonaws.com" },
            });
            assert.deepEqual(statements[12].Condition, {
                Null: { "aws:ResourceTag/elbv2.k8s.aws/cluster": "false" },
            });
            assert.deepEqual(
                statements[14].Resource,
                "arn:aws:elasticloadbalancing:*:*:targetgroup/*/*",
            );
        });

        it("app role: trusted for prod/web only; tables, topic, reminders, its secrets, nothing else", () => {
            assert.deepEqual(
                plan.one(T.role, "platform-app-role").inputs.assumeRolePolicy,
                POD_TRUST("lightspeed-prod", "prod", "web"),
            );
            assert.deepEqual(statementsOf(plan.one(T.rolePolicy, "platform-app-policy")), [
                {
                    Sid: "PipelineTableItems",
                    Effect: "Allow",
                    Action: [
                        "dynamodb:GetItem",
                        "dynamodb:PutItem",
                        "dynamodb:UpdateItem",
                        "dynamodb:DeleteItem",
                        "dynamodb:Query",
                    ],
                    Resource: [CUSTOMERS, TASKS],
                },
                {
                    Sid: "PipelineTableIndexes",
                    Effect: "Allow",
                    Action: ["dynamodb:Query"],
                    Resource: [`${CUSTOMERS}/index/*`, `${TASKS}/index/*`],
                },
                {
                    Sid: "PublishEvents",
                    Effect: "Allow",
                    Action: ["sns:Publish"],
                    Resource: [TOPIC],
                },
                {
                    Sid: "EncryptEvents",
                    Effect: "Allow",
                    Action: ["kms:GenerateDataKey", "kms:Decrypt"],
                    Resource: [TOPIC_KEY],
                    Condition: {
                        StringEquals: { "kms:ViaService": "sns.us-east-1.amazonaws.com" },
                    },
                },
                ...REMINDER_DOCUMENT.Statement,
                {
                    Sid: "ReadOwnSecrets",
                    Effect: "Allow",
                    Action: ["secretsmanager:GetSecretValue", "secretsmanager:DescribeSecret"],
                    Resource: [SECRET_ARN],
                },
            ]);
            assert.deepEqual(APP_TABLE_ACTIONS.length, 5);
            assert.deepEqual(plan.one(T.association, "platform-app-identity").inputs, {
                clusterName: "lightspeed-prod",
                namespace: "prod",
                serviceAccount: "web",
                roleArn: UNKNOWN,
                tags: TAGS,
            });
        });

        it("app: non-root, read-only root, no escalation, no capabilities, RuntimeDefault seccomp", () => {
            const pod = (
                field(plan.one(T.deployment, "platform-app")) as {
                    template: { spec: Record<string, unknown> };
                }
            ).template.spec;
            assert.equal(pod.serviceAccountName, "web");
            assert.equal(pod.automountServiceAccountToken, false);
            assert.deepEqual(pod.securityContext, {
                runAsNonRoot: true,
                runAsUser: 10001,
                runAsGroup: 10001,
                fsGroup: 10001,
                seccompProfile: { type: "RuntimeDefault" },
            });
            const [container] = pod.containers as Record<string, unknown>[];
            assert.deepEqual(container.securityContext, {
                runAsNonRoot: true,
                readOnlyRootFilesystem: true,
                allowPrivilegeEscalation: false,
                capabilities: { drop: ["ALL"] },
            });
            assert.deepEqual(container.resources, {
                requests: { cpu: "250m", memory: "256Mi" },
                limits: { cpu: "1", memory: "512Mi" },
            });
            // Behind ALB IP targets: keeps serving until the target is deregistered everywhere.
            assert.deepEqual(container.lifecycle, { preStop: { sleep: { seconds: 15 } } });
            assert.equal(pod.terminationGracePeriodSeconds, 45);
            assert.deepEqual(container.livenessProbe, {
                httpGet: { path: "/healthz", port: "http" },
                initialDelaySeconds: 10,
                periodSeconds: 10,
                failureThreshold: 3,
            });
            assert.deepEqual(container.readinessProbe, {
                httpGet: { path: "/readyz", port: "http" },
                periodSeconds: 5,
                failureThreshold: 3,
            });
            assert.deepEqual(container.env, [
                { name: "AWS_REGION", value: "us-east-1" },
                { name: "LOG_LEVEL", value: "info" },
            ]);
            assert.deepEqual(container.ports, [{ name: "http", containerPort: 8080 }]);
            assert.deepEqual(container.volumeMounts, [{ name: "tmp", mountPath: "/tmp" }]);
            assert.deepEqual(pod.volumes, [{ name: "tmp", emptyDir: { sizeLimit: "256Mi" } }]);
            const deployment = plan.one(T.deployment);
            assert.equal((field(deployment) as { replicas: number }).replicas, 3);
            assert.deepEqual(deployment.ignoreChanges, ["spec.replicas"]);
            assert.ok(
                deployment.dependencies.includes(plan.one(T.release, "platform-lb-controller").urn),
            );
            assert.ok(
                deployment.dependencies.includes(
                    plan.one(T.association, "platform-app-identity").urn,
                ),
            );
        });

        it("service, autoscaler and disruption budget", () => {
            assert.deepEqual(field(plan.one(T.service)), {
                type: "ClusterIP",
                selector: { app: "web" },
                ports: [{ name: "http", port: 80, targetPort: "http", protocol: "TCP" }],
            });
            assert.deepEqual(field(plan.one(T.hpa)), {
                scaleTargetRef: { apiVersion: "apps/v1", kind: "Deployment", name: "web" },
                minReplicas: 3,
                maxReplicas: 6,
                metrics: [
                    {
                        type: "Resource",
                        resource: {
                            name: "cpu",
                            target: { type: "Utilization", averageUtilization: 70 },
                        },
                    },
                ],
            });
            assert.deepEqual(field(plan.one(T.pdb)), {
                maxUnavailable: 1,
                selector: { matchLabels: { app: "web" } },
            });
        });

        it("ingress: internet-facing ALB in the public subnets, HTTPS with the certificate, HTTP redirected", () => {
            const ingress = plan.one(T.ingress);
            assert.deepEqual((field(ingress, "metadata") as { annotations: unknown }).annotations, {
                "alb.ingress.kubernetes.io/scheme": "internet-facing",
                "alb.ingress.kubernetes.io/target-type": "ip",
                "alb.ingress.kubernetes.io/subnets": "subnet-public-a,subnet-public-b",
                "alb.ingress.kubernetes.io/certificate-arn": UNKNOWN,
                "alb.ingress.kubernetes.io/listen-ports": '[{"HTTP":80},{"HTTPS":443}]',
                "alb.ingress.kubernetes.io/ssl-redirect": "443",
                "alb.ingress.kubernetes.io/ssl-policy": "ELBSecurityPolicy-TLS13-1-2-2021-06",
                "alb.ingress.kubernetes.io/healthcheck-path": "/readyz",
                "alb.ingress.kubernetes.io/load-balancer-attributes": UNKNOWN,
            });
            assert.deepEqual(field(ingress), {
                ingressClassName: "alb",
                rules: [
                    {
                        host: "app.lightspeed.example.com",
                        http: {
                            paths: [
                                {
                                    path: "/",
                                    pathType: "Prefix",
                                    backend: { service: { name: "web", port: { name: "http" } } },
                                },
                            ],
                        },
                    },
                ],
            });
            for (const before of ["platform-lb-controller", "platform-alb-logs-policy"]) {
                assert.ok(ingress.dependencies.includes(plan.named(before).urn), before);
            }
            // The certificate is the validated one.
            assert.ok(
                ingress.dependencies.includes(plan.one(T.validation).urn),
                "waits for the certificate's validation",
            );
        });

        it("certificate: DNS validation in the zone; the app's name points at the ALB", () => {
            assert.deepEqual(plan.one(T.certificate).inputs, {
                domainName: "app.lightspeed.example.com",
                validationMethod: "DNS",
                tags: TAGS,
            });
            const record = plan.one(T.record, "platform-certificate-validation-record");
            assert.equal(record.inputs.zoneId, "Z0123456789ABCDEFGHIJ");
            const dns = plan.one(T.record, "platform-app-dns");
            assert.deepEqual(
                { ...dns.inputs, records: undefined },
                {
                    zoneId: "Z0123456789ABCDEFGHIJ",
                    name: "app.lightspeed.example.com",
                    type: "CNAME",
                    ttl: 300,
                    records: undefined,
                },
            );
            assert.deepEqual(dns.propertyDependencies.records, [plan.one(T.ingress).urn]);
        });

        it("access-log bucket: private, owner-enforced, SSE-S3 (the only kind ALB logs take), ELB writes under the prefix", () => {
            assert.deepEqual(plan.one(T.encryption).inputs.rules, [
                { applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } },
            ]);
            assert.deepEqual(
                Object.fromEntries(
                    Object.entries(plan.one(T.publicAccess).inputs).filter(([k]) => k !== "bucket"),
                ),
                {
                    blockPublicAcls: true,
                    blockPublicPolicy: true,
                    ignorePublicAcls: true,
                    restrictPublicBuckets: true,
                },
            );
            assert.deepEqual(plan.one(T.ownership).inputs.rule, {
                objectOwnership: "BucketOwnerEnforced",
            });
            assert.deepEqual(plan.one(T.bucketLifecycle).inputs.rules, [
                {
                    id: "expire-access-logs",
                    status: "Enabled",
                    filter: {},
                    expiration: { days: 365 },
                    // Versioned: a deleted log stays recoverable for 30 days.
                    noncurrentVersionExpiration: { noncurrentDays: 30 },
                    abortIncompleteMultipartUpload: { daysAfterInitiation: 7 },
                },
            ]);
            assert.deepEqual(plan.one(T.bucketVersioning).inputs.versioningConfiguration, {
                status: "Enabled",
            });
            assert.ok(
                plan.one(T.bucketLifecycle).dependencies.includes(plan.one(T.bucketVersioning).urn),
            );
            const [tls, elb] = statementsOf(plan.one(T.bucketPolicy));
            assert.deepEqual(
                { ...tls, Resource: undefined },
                {
                    Sid: "DenyInsecureTransport",
                    Effect: "Deny",
                    Principal: "*",
                    Action: "s3:*",
                    Condition: { Bool: { "aws:SecureTransport": "false" } },
                    Resource: undefined,
                },
            );
            assert.deepEqual(
                { ...elb, Resource: undefined },
                {
                    Sid: "ElbWritesAccessLogs",
                    Effect: "Allow",
                    // us-east-1's Elastic Load Balancing account.
                    Principal: { AWS: "arn:aws:iam::127311923021:root" },
                    Action: "s3:PutObject",
                    Resource: undefined,
                },
            );
        });

        it("log shipping: its own privileged namespace, a role for the group and the domain, exact values", () => {
            assert.deepEqual(field(plan.one(T.namespace, "platform-logs-namespace"), "metadata"), {
                name: "prod-logs",
                labels: { "pod-security.kubernetes.io/enforce": "privileged" },
            });
            assert.deepEqual(plan.one(T.logGroup, "platform-container-logs").inputs, {
                name: "/platform/prod/containers",
                retentionInDays: 365,
                kmsKeyId: UNKNOWN,
                tags: TAGS,
            });
            assert.deepEqual(
                plan.one(T.role, "platform-log-shipping-role").inputs.assumeRolePolicy,
                POD_TRUST("lightspeed-prod", "prod-logs", "fluent-bit"),
            );
            const [group, domain] = statementsOf(
                plan.one(T.rolePolicy, "platform-log-shipping-policy"),
            );
            assert.deepEqual(
                { ...group, Resource: undefined },
                {
                    Sid: "ShipToLogGroup",
                    Effect: "Allow",
                    Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
                    Resource: undefined,
                },
            );
            assert.deepEqual(domain, {
                Sid: "ShipToSearchDomain",
                Effect: "Allow",
                Action: ["es:ESHttpPost"],
                Resource: [`${DOMAIN_ARN}/_bulk`],
            });
            const release = plan.one(T.release, "platform-fluent-bit");
            assert.deepEqual(
                { ...release.inputs, values: undefined },
                {
                    name: "fluent-bit",
                    chart: "aws-for-fluent-bit",
                    version: "0.2.0",
                    repositoryOpts: { repo: "https://aws.github.io/eks-charts" },
                    namespace: "prod-logs",
                    atomic: true,
                    cleanupOnFail: true,
                    compat: "true",
                    values: undefined,
                },
            );
            assert.deepEqual(release.inputs.values, {
                serviceAccount: { create: true, name: "fluent-bit" },
                input: { path: "/var/log/containers/*_prod_*.log" },
                cloudWatchLogs: {
                    enabled: true,
                    region: "us-east-1",
                    logGroupName: "/platform/prod/containers",
                    logStreamPrefix: "fluent-bit-",
                    autoCreateGroup: false,
                },
                opensearch: {
                    enabled: true,
                    host: DOMAIN_ENDPOINT,
                    port: "443",
                    tls: "On",
                    awsAuth: "On",
                    awsRegion: "us-east-1",
                    logstashFormat: "On",
                    logstashPrefix: "logs-prod",
                    logstashDateFormat: "%Y.%m.%d",
                    suppressTypeName: "On",
                },
                cloudWatch: { enabled: false },
                elasticsearch: { enabled: false },
                firehose: { enabled: false },
                kinesis: { enabled: false },
            });
        });
    });

    describe("egress from flows", () => {
        it("limitEgress: DNS, the Pod Identity agent, the flows' VPC ports and HTTPS for AWS APIs, nothing else", async () => {
            const plan = await planComponent(() => {
                const platform = new AppPlatform("platform", OWNED);
                platform.limitEgress("app", [{ port: 6379 }, { port: undefined }, { port: 6379 }]);
                platform.limitEgress("log-shipping", [{ port: 443 }]);
            });
            const dns = {
                to: [
                    {
                        namespaceSelector: {
                            matchLabels: { "kubernetes.io/metadata.name": "kube-system" },
                        },
                        podSelector: { matchLabels: { "k8s-app": "kube-dns" } },
                    },
                ],
                ports: [
                    { protocol: "UDP", port: 53 },
                    { protocol: "TCP", port: 53 },
                ],
            };
            const agent = {
                to: [{ ipBlock: { cidr: "169.254.170.23/32" } }],
                ports: [{ protocol: "TCP", port: 80 }],
            };
            const app = plan.one(T.networkPolicy, "platform-app-egress");
            assert.deepEqual(app.inputs.metadata, {
                name: "app-egress-from-flows",
                namespace: "prod",
            });
            assert.deepEqual(field(app), {
                podSelector: { matchLabels: { app: "web" } },
                policyTypes: ["Egress"],
                egress: [
                    dns,
                    agent,
                    {
                        to: [{ ipBlock: { cidr: "10.20.0.0/16" } }],
                        ports: [{ protocol: "TCP", port: 6379 }],
                    },
                    {
                        to: [{ ipBlock: { cidr: "0.0.0.0/0" } }],
                        ports: [{ protocol: "TCP", port: 443 }],
                    },
                ],
            });
            const logs = plan.one(T.networkPolicy, "platform-log-shipping-egress");
            assert.deepEqual(logs.inputs.metadata, {
                name: "log-shipping-egress-from-flows",
                namespace: "prod-logs",
            });
            assert.deepEqual(field(logs), {
                podSelector: {},
                policyTypes: ["Egress"],
                egress: [
                    dns,
                    agent,
                    {
                        to: [{ ipBlock: { cidr: "10.20.0.0/16" } }],
                        ports: [{ protocol: "TCP", port: 443 }],
                    },
                ],
            });
        });
    });

    describe("chart values (pure)", () => {
        it("the controller is told its cluster, region and VPC; Fluent Bit without a domain ships to CloudWatch only", () => {
            assert.deepEqual(
                loadBalancerControllerValues({
                    clusterName: "c",
                    region: "eu-west-1",
                    vpcId: "vpc-1",
                }),
                {
                    clusterName: "c",
                    region: "eu-west-1",
                    vpcId: "vpc-1",
                    replicaCount: 2,
                    resources: {
                        requests: { cpu: "100m", memory: "128Mi" },
                        limits: { memory: "256Mi" },
                    },
                    serviceAccount: { create: true, name: "aws-load-balancer-controller" },
                    ingressClass: "alb",
                    createIngressClassResource: true,
                    enableServiceMutatorWebhook: false,
                    podDisruptionBudget: { maxUnavailable: 1 },
                },
            );
            const values = fluentBitValues({
                namespace: "dev",
                region: "eu-west-1",
                logGroupName: "/g",
            });
            assert.deepEqual(values.opensearch, { enabled: false });
            assert.deepEqual(values.input, { path: "/var/log/containers/*_dev_*.log" });
        });
    });

    describe("an owned cluster (existing stack, known outputs)", () => {
        let plan: Plan;
        let platform: AppPlatform;
        before(async () => {
            ({ plan, platform } = await planPlatform(OWNED, { known: true }));
        });

        it("exposes the cluster, namespace, repositories, ALB host name and roles", async () => {
            assert.equal(await valueOf(platform.clusterName), "lightspeed-prod");
            assert.equal(await valueOf(platform.namespace), "prod");
            assert.deepEqual(
                {
                    web: await valueOf(platform.repositoryUrls.web),
                    worker: await valueOf(platform.repositoryUrls.worker),
                },
                {
                    web: `${ACCOUNT}.dkr.ecr.us-east-1.amazonaws.com/prod/web`,
                    worker: `${ACCOUNT}.dkr.ecr.us-east-1.amazonaws.com/prod/worker`,
                },
            );
            assert.match(
                (await valueOf(platform.albHostname))!,
                /^k8s-prod-web-[0-9a-f]{10}\.us-east-1\.elb\.amazonaws\.com$/,
            );
            assert.equal(await valueOf(platform.url), "https://app.lightspeed.example.com");
            assert.match(
                (await valueOf(platform.appRoleArn))!,
                /^arn:aws:iam::123456789012:role\/platform-app-role-[0-9a-f]{7}$/,
            );
            assert.match(
                (await valueOf(platform.logShippingRoleArn))!,
                /^arn:aws:iam::123456789012:role\/platform-log-shipping-role-[0-9a-f]{7}$/,
            );
            const kubeconfig = JSON.parse((await valueOf(platform.kubeconfig))!);
            assert.equal(kubeconfig["current-context"], "lightspeed-prod");
            assert.equal(plan.one(T.platform).outputs?.kubeconfig, SECRET);
        });

        it("runs the tagged image from its repository; logs go under the prefix, deletion protected", () => {
            const pod = (
                field(plan.one(T.deployment)) as {
                    template: { spec: { containers: { image: string }[] } };
                }
            ).template.spec;
            assert.equal(
                pod.containers[0].image,
                `${ACCOUNT}.dkr.ecr.us-east-1.amazonaws.com/prod/web:1.4.2`,
            );
            const annotations = (
                field(plan.one(T.ingress), "metadata") as { annotations: Record<string, string> }
            ).annotations;
            const bucket = plan.one(T.bucket).name;
            assert.match(
                annotations["alb.ingress.kubernetes.io/load-balancer-attributes"],
                new RegExp(
                    `^access_logs\\.s3\\.enabled=true,access_logs\\.s3\\.bucket=${bucket}-[0-9a-f]{7},access_logs\\.s3\\.prefix=alb,deletion_protection\\.enabled=true,routing\\.http\\.drop_invalid_header_fields\\.enabled=true$`,
                ),
            );
            const elb = statementsOf(plan.one(T.bucketPolicy))[1];
            assert.match(
                elb.Resource as string,
                new RegExp(`^arn:aws:s3:::${bucket}-[0-9a-f]{7}/alb/AWSLogs/${ACCOUNT}/\\*$`),
            );
        });
    });

    describe("a public endpoint", () => {
        it("is open only to the given CIDRs", async () => {
            const { plan } = await planPlatform({
                ...OWNED,
                publicAccessCidrs: ["203.0.113.0/24"],
                controlPlaneLogTypes: [
                    "api",
                    "audit",
                    "authenticator",
                    "controllerManager",
                    "scheduler",
                ],
            });
            const inputs = plan.one(T.cluster).inputs;
            assert.equal(inputs.endpointPrivateAccess, true);
            assert.equal(inputs.endpointPublicAccess, true);
            assert.deepEqual(inputs.publicAccessCidrs, ["203.0.113.0/24"]);
            assert.deepEqual(inputs.enabledClusterLogTypes, [
                "api",
                "audit",
                "authenticator",
                "controllerManager",
                "scheduler",
            ]);
        });
    });

    describe("shared cluster mode", () => {
        let plan: Plan;
        let platform: AppPlatform;
        before(async () => {
            ({ plan, platform } = await planPlatform(SHARED_ARGS, {
                stackReferences: { [SHARED]: SHARED_OUTPUTS },
            }));
        });

        it("creates no cluster, node group, controller or add-on: only the environment's own objects", () => {
            const component = plan.one(T.platform, "platform");
            const children = plan.childrenOf(component);
            // The cluster's stack is read (a read step), not created.
            assert.deepEqual(typesAndNames(children.filter((r) => r.read)), [
                "pulumi:pulumi:StackReference platform-cluster-ref",
            ]);
            assert.deepEqual(
                typesAndNames(children.filter((r) => !r.read)),
                [
                    `${T.key} platform-key`,
                    `${T.k8sProvider} platform-k8s`,
                    `${T.namespace} platform-namespace`,
                    `${T.quota} platform-quota`,
                    `${T.limitRange} platform-limits`,
                    `${T.networkPolicy} platform-default-deny`,
                    `${T.networkPolicy} platform-allow-alb`,
                    `${T.repository} platform-repo-web`,
                    `${T.lifecycle} platform-repo-web-lifecycle`,
                    `${T.repository} platform-repo-worker`,
                    `${T.lifecycle} platform-repo-worker-lifecycle`,
                    `${T.certificate} platform-certificate`,
                    `${T.record} platform-certificate-validation-record`,
                    `${T.validation} platform-certificate-validation`,
                    `${T.bucket} platform-alb-logs`,
                    `${T.publicAccess} platform-alb-logs-public-access-block`,
                    `${T.ownership} platform-alb-logs-ownership`,
                    `${T.encryption} platform-alb-logs-encryption`,
                    `${T.bucketVersioning} platform-alb-logs-versioning`,
                    `${T.bucketLifecycle} platform-alb-logs-lifecycle`,
                    `${T.bucketPolicy} platform-alb-logs-policy`,
                    `${T.role} platform-app-role`,
                    `${T.rolePolicy} platform-app-policy`,
                    `${T.association} platform-app-identity`,
                    `${T.serviceAccount} platform-app-sa`,
                    `${T.deployment} platform-app`,
                    `${T.service} platform-app-service`,
                    `${T.hpa} platform-app-hpa`,
                    `${T.pdb} platform-app-pdb`,
                    `${T.ingress} platform-app-ingress`,
                    `${T.record} platform-app-dns`,
                    `${T.logGroup} platform-container-logs`,
                    `${T.namespace} platform-logs-namespace`,
                    `${T.role} platform-log-shipping-role`,
                    `${T.rolePolicy} platform-log-shipping-policy`,
                    `${T.association} platform-log-shipping-identity`,
                    `${T.release} platform-fluent-bit`,
                ].sort(),
            );
            for (const type of [T.cluster, T.nodeGroup, T.launchTemplate, T.addon]) {
                assert.deepEqual(plan.ofType(type), [], type);
            }
        });

        it("takes the cluster, its VPC and public subnets from the referenced stack", async () => {
            assert.equal(await valueOf(platform.clusterName), "lightspeed-shared");
            assert.deepEqual(
                JSON.parse((await valueOf(platform.kubeconfig))!),
                SHARED_OUTPUTS.kubeconfig,
            );
            for (const name of ["platform-app-identity", "platform-log-shipping-identity"]) {
                assert.equal(plan.one(T.association, name).inputs.clusterName, "lightspeed-shared");
            }
            assert.deepEqual(
                plan.one(T.role, "platform-app-role").inputs.assumeRolePolicy,
                POD_TRUST("lightspeed-shared", "staging", "web"),
            );
            const allow = field(plan.one(T.networkPolicy, "platform-allow-alb")) as {
                ingress: { from: unknown }[];
            };
            assert.deepEqual(allow.ingress[0].from, [{ ipBlock: { cidr: "10.30.0.0/16" } }]);
            const annotations = (
                field(plan.one(T.ingress), "metadata") as { annotations: Record<string, string> }
            ).annotations;
            assert.equal(
                annotations["alb.ingress.kubernetes.io/subnets"],
                "subnet-shared-a,subnet-shared-b",
            );
            // The key has no Auto Scaling grants: no nodes boot from it here.
            assert.deepEqual(
                statementsOf(plan.one(T.key)).map((s) => s.Sid),
                ["AccountAdministersAndUsesKey", "CloudWatchLogsUsesKeyForThisAccountsLogGroups"],
            );
            assert.equal(plan.one(T.k8sProvider).inputs.kubeconfig, SECRET);
        });

        it("plans without the other stack's outputs too (they are then unknown)", async () => {
            const { plan: blind, platform: p } = await planPlatform(SHARED_ARGS);
            assert.equal(await valueOf(p.clusterName), undefined);
            assert.equal(
                blind.one(T.association, "platform-app-identity").inputs.clusterName,
                UNKNOWN,
            );
            assert.equal(blind.ofType(T.cluster).length, 0);
        });
    });

    describe("policy pack", () => {
        const prod = require("../policy/config/prod.json") as Record<string, unknown>;

        it("prod config with the recommended exceptions: nothing but the two waivers, in force", async () => {
            const { full: plan } = await planPlatform(OWNED);
            const violations = await gate(plan, { ...prod, ...EXCEPTIONS });
            assert.deepEqual(
                violations.filter((v) => v.policyName !== "exceptions-in-force").map(brief),
                [],
            );
            assert.deepEqual(
                violations
                    .filter((v) => v.policyName === "exceptions-in-force")
                    .map(waived)
                    .sort(),
                [
                    'platform-alb-logs: s3-encryption / BucketServerSideEncryptionConfiguration "platform-alb-logs-encryption" rules[0].applyServerSideEncryptionByDefault.sseAlgorithm',
                    ...[
                        'Statement[0] (Sid "CreateElbServiceLinkedRole")',
                        'Statement[1] (Sid "Describe")',
                        'Statement[2] (Sid "CertificatesAndFirewalls")',
                        'Statement[3] (Sid "SecurityGroupIngress")',
                        'Statement[4] (Sid "CreateSecurityGroup")',
                        // ARNs such as arn:aws:ec2:*:*:security-group/* cover every resource of
                        // their type in every account: the same waiver covers them.
                        'Statement[5] (Sid "TagNewSecurityGroup")',
                        'Statement[6] (Sid "RetagOwnSecurityGroups")',
                        'Statement[7] (Sid "ManageOwnSecurityGroups")',
                        'Statement[8] (Sid "CreateTaggedLoadBalancers")',
                        'Statement[9] (Sid "ListenersAndRules")',
                        'Statement[10] (Sid "RetagOwnLoadBalancers")',
                        'Statement[11] (Sid "TagListenersAndRules")',
                        'Statement[12] (Sid "ManageOwnLoadBalancers")',
                        'Statement[13] (Sid "TagOnCreate")',
                        'Statement[14] (Sid "RegisterTargets")',
                        'Statement[15] (Sid "ListenerSettings")',
                    ].map(
                        (s) =>
                            `platform-lb-controller-policy: iam-no-wildcard-resources / policy ${s}`,
                    ),
                ].sort(),
            );
        });

        it("without the exceptions, exactly those two rules block", async () => {
            const { full: plan } = await planPlatform(OWNED);
            // prod.json carries the two exceptions; take them out to see what they waive.
            const bare: Record<string, unknown> = { ...prod };
            for (const rule of Object.keys(EXCEPTIONS)) delete bare[rule];
            const violations = await gate(plan, bare);
            assert.deepEqual(
                [
                    ...new Set(
                        violations.map((v) => `${v.enforcementLevel} ${v.policyName} ${v.name}`),
                    ),
                ].sort(),
                [
                    "mandatory iam-no-wildcard-resources platform-lb-controller-policy",
                    "mandatory s3-encryption platform-alb-logs",
                ],
            );
        });

        it("a throwaway dev platform (nothing protected) gets only dev's advisories", async () => {
            const dev = require("../policy/config/dev.json") as Record<string, unknown>;
            const { full: plan } = await planPlatform({
                ...OWNED,
                protect: false,
                deletionProtection: false,
            });
            assert.equal(plan.resources.filter((r) => r.protect).length, 0);
            assert.equal(plan.one(T.cluster).inputs.deletionProtection, false);
            const violations = await gate(plan, { ...dev, ...EXCEPTIONS });
            assert.deepEqual(
                violations
                    .filter((v) => v.policyName !== "exceptions-in-force")
                    .map((v) => `${v.enforcementLevel} ${v.policyName} ${v.name}`)
                    .sort(),
                [
                    "advisory stateful-protect platform-alb-logs",
                    "advisory stateful-protect platform-cluster",
                    // The aws.eks.Cluster of the engine's model of eks.Cluster.
                    "advisory stateful-protect platform-cluster-eksCluster",
                    "advisory stateful-protect platform-container-logs",
                    "advisory stateful-protect platform-control-plane-logs",
                    "advisory stateful-protect platform-key",
                    "advisory stateful-protect platform-logs-namespace",
                    "advisory stateful-protect platform-namespace",
                    "advisory stateful-protect platform-repo-web",
                    "advisory stateful-protect platform-repo-worker",
                ],
            );
        });

        it("shared mode with the prod config: only the access-log bucket's waiver", async () => {
            const { full: plan } = await planPlatform(SHARED_ARGS, {
                stackReferences: { [SHARED]: SHARED_OUTPUTS },
            });
            const violations = await gate(plan, { ...prod, ...EXCEPTIONS });
            assert.deepEqual(violations.map(waived), [
                'platform-alb-logs: s3-encryption / BucketServerSideEncryptionConfiguration "platform-alb-logs-encryption" rules[0].applyServerSideEncryptionByDefault.sseAlgorithm',
            ]);
        });
    });

    describe("validation", () => {
        const app = (a: Partial<AppPlatformArgs["app"]>): Partial<AppPlatformArgs> => ({
            app: { ...OWNED.app, ...a },
        });
        const group = (g: Record<string, unknown>): Partial<AppPlatformArgs> => ({
            nodeGroups: [{ ...OWNED.nodeGroups![0], ...g } as never],
        });
        const cases: [string, Partial<AppPlatformArgs>, string][] = [
            [
                "an open API endpoint",
                { publicAccessCidrs: ["0.0.0.0/0"] },
                'publicAccessCidrs must not include "0.0.0.0/0": it opens the Kubernetes API server to the whole internet; list the networks that administer the cluster, or none for a private endpoint',
            ],
            [
                "a malformed CIDR",
                { publicAccessCidrs: ["203.0.113.0"] },
                'publicAccessCidrs must be IPv4 CIDR blocks like "203.0.113.0/24", got "203.0.113.0"',
            ],
            [
                "a CIDR with host bits",
                { publicAccessCidrs: ["203.0.113.7/24"] },
                'publicAccessCidrs must be written with their network address, "203.0.113.0/24" not "203.0.113.7/24"',
            ],
            [
                "no audit log",
                { controlPlaneLogTypes: ["api", "authenticator"] },
                'controlPlaneLogTypes must include "api", "audit", "authenticator" (who called the API, what changed, how they authenticated); missing "audit"',
            ],
            [
                "an unknown log type",
                { controlPlaneLogTypes: ["api", "audit", "authenticator", "kubelet" as never] },
                'controlPlaneLogTypes must be of "api", "audit", "authenticator", "controllerManager", "scheduler", got "kubelet"',
            ],
            [
                "a missing version",
                { kubernetesVersion: undefined },
                "kubernetesVersion is required for a cluster this stack owns (no sharedClusterStack), got undefined",
            ],
            [
                "a patch version",
                { kubernetesVersion: "1.33.2" },
                'kubernetesVersion must be a Kubernetes minor version like "1.33", got "1.33.2"',
            ],
            [
                "a missing VPC",
                { vpcCidr: undefined },
                "vpcCidr is required for a cluster this stack owns (no sharedClusterStack), got undefined",
            ],
            [
                "a bad cluster name",
                { clusterName: "-prod" },
                'clusterName must be 1..100 of letters, digits, "-" and "_", starting with a letter or digit, got "-prod"',
            ],
            [
                "an admin that is a user",
                { adminRoleArns: [`arn:aws:iam::${ACCOUNT}:user/alice`] },
                `adminRoleArns must be IAM role ARNs ("arn:aws:iam::<account>:role/<name>"), got "arn:aws:iam::${ACCOUNT}:user/alice"`,
            ],
            [
                "no node group",
                { nodeGroups: [] },
                "nodeGroups must list at least one node group, got []",
            ],
            [
                "desired above max",
                group({ desiredSize: 7 }),
                'nodeGroups "general": desiredSize must be an integer from minSize 2 to maxSize 6, got 7',
            ],
            [
                "min above max",
                group({ minSize: 7, desiredSize: 7 }),
                'nodeGroups "general": minSize must be an integer from 0 to 6, got 7',
            ],
            [
                "no instance type",
                group({ instanceTypes: [] }),
                'nodeGroups "general": instanceTypes must list at least one EC2 instance type, got []',
            ],
            [
                "a tiny root volume",
                group({ diskSizeGb: 8 }),
                'nodeGroups "general": diskSizeGb must be an integer from 20 to 16384, got 8',
            ],
            [
                "an unknown capacity type",
                group({ capacityType: "RESERVED" }),
                'nodeGroups "general": capacityType must be "ON_DEMAND" or "SPOT", got "RESERVED"',
            ],
            [
                "a shared stack that also sizes nodes",
                { sharedClusterStack: SHARED },
                `clusterName, kubernetesVersion, vpcId, vpcCidr, privateSubnetIds, publicSubnetIds, adminRoleArns, nodeGroups are for a cluster this stack owns; with sharedClusterStack the cluster, its network and its nodes come from "${SHARED}"`,
            ],
            [
                "a short stack name",
                { ...SHARED_ARGS, sharedClusterStack: "prod" },
                'sharedClusterStack must be a fully qualified stack name "<organization>/<project>/<stack>", got "prod"',
            ],
            [
                "a reserved namespace",
                { namespace: "kube-system" },
                'namespace "kube-system" is reserved by Kubernetes (default, kube-system, kube-public, kube-node-lease)',
            ],
            [
                "an upper-case namespace",
                { namespace: "Prod" },
                'namespace must be 1..58 of [a-z0-9-], starting and ending with a letter or digit (its log namespace adds "-logs"), got "Prod"',
            ],
            [
                "a bad quota",
                { quota: { limitsMemory: "16 GB" } },
                'quota.limitsMemory must be a Kubernetes quantity like "500m", "2" or "512Mi", got "16 GB"',
            ],
            [
                "no repository",
                { repositories: [] },
                "repositories must name at least one service, got []",
            ],
            [
                "a repeated repository",
                { repositories: ["web", "web"] },
                'repositories lists "web" more than once',
            ],
            [
                "an app from no repository",
                app({ repository: "api" }),
                'app.repository must be one of repositories ("web", "worker"), got "api"',
            ],
            [
                "the latest tag",
                app({ imageTag: "latest" }),
                'app.imageTag must name one release; "latest" names whatever was pushed last (tags are immutable here)',
            ],
            [
                "a privileged port",
                app({ port: 80 }),
                "app.port must be an integer from 1024 to 65535, got 80",
            ],
            [
                "fewer max replicas than replicas",
                app({ replicas: 3, maxReplicas: 2 }),
                "app.maxReplicas must be an integer from 3 to 100, got 2",
            ],
            [
                "a relative probe path",
                app({ readinessPath: "readyz" }),
                'app.readinessPath must be an absolute HTTP path like "/readyz", got "readyz"',
            ],
            [
                "a region override",
                app({ environment: { AWS_REGION: "eu-west-1" } }),
                "app.environment.AWS_REGION is set by the platform",
            ],
            [
                "a quota too small for the app at its largest",
                app({ maxReplicas: 8 }),
                'quota.limitsCpu "8" cannot hold the app at its largest: app.maxReplicas 8 + 1 (rolling update) x app.cpuLimit "1"',
            ],
            [
                "a pod quota too small for the app at its largest",
                { quota: { pods: 5 } },
                "quota.pods 5 cannot hold the app at its largest: app.maxReplicas 6 + 1 (rolling update)",
            ],
            [
                "a domain with a trailing dot",
                { domainName: "app.example.com." },
                'domainName must be a lower-case DNS name like "app.example.com" (no trailing dot), got "app.example.com."',
            ],
            [
                "a bad zone id",
                { hostedZoneId: "zone-1" },
                'hostedZoneId must be a Route 53 zone id like "Z0123456789ABCDEFGHIJ", got "zone-1"',
            ],
            [
                "a log prefix under AWSLogs",
                { accessLogPrefix: "AWSLogs" },
                'accessLogPrefix must be path segments of [a-z0-9-] without leading or trailing "/", got "AWSLogs"',
            ],
            [
                "a topic key without a topic",
                { topicArn: undefined },
                "topicKeyArn is the key of topicArn's topic: set topicArn too",
            ],
            [
                "a table that is a stream",
                { tableArns: [`${CUSTOMERS}/stream/2026-01-01T00:00:00.000`] },
                `tableArns must be DynamoDB table ARNs ("arn:aws:dynamodb:<region>:<account>:table/<name>"), got "${CUSTOMERS}/stream/2026-01-01T00:00:00.000"`,
            ],
            [
                "a reminder statement that reuses an app Sid",
                {
                    reminderPolicyDocument: {
                        Version: "2012-10-17",
                        Statement: [{ ...REMINDER_DOCUMENT.Statement[0], Sid: "PublishEvents" }],
                    },
                },
                'reminderPolicyDocument reuses the Sid "PublishEvents" of the app policy\'s own statements',
            ],
            [
                "a domain without its endpoint",
                { searchDomainEndpoint: undefined },
                "searchDomainArn needs searchDomainEndpoint (the host Fluent Bit ships to)",
            ],
            [
                "an endpoint URL",
                { searchDomainEndpoint: `https://${DOMAIN_ENDPOINT}` },
                `searchDomainEndpoint must be the domain's host name, without scheme or path, got "https://${DOMAIN_ENDPOINT}"`,
            ],
            [
                "a retention CloudWatch refuses",
                { logRetentionDays: 100 },
                "logRetentionDays must be one of 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653, got 100",
            ],
        ];
        for (const [what, change, message] of cases) {
            it(`rejects ${what}`, () => {
                assert.throws(
                    () => validateAppPlatformArgs("platform", { ...OWNED, ...change }),
                    new Error(`AppPlatform "platform": ${message}`),
                );
            });
        }

        it("reads Kubernetes quantities as Kubernetes does", () => {
            const table: [string, number | undefined][] = [
                ["250m", 0.25],
                ["2", 2],
                ["0.5", 0.5],
                ["512Mi", 512 * 2 ** 20],
                ["8Gi", 8 * 2 ** 30],
                ["1G", 1e9],
                ["16 GB", undefined],
                ["-1", undefined],
                ["1.5.0", undefined],
            ];
            for (const [text, value] of table) assert.equal(quantityValue(text), value, text);
        });

        it("accepts the owned and shared forms, and a minimal owned one", () => {
            validateAppPlatformArgs("platform", OWNED);
            validateAppPlatformArgs("platform", SHARED_ARGS);
            validateAppPlatformArgs("platform", {
                kubernetesVersion: "1.33",
                vpcId: "vpc-0a",
                vpcCidr: "10.0.0.0/16",
                privateSubnetIds: ["subnet-a"],
                publicSubnetIds: ["subnet-b"],
                namespace: "dev",
                repositories: ["web"],
                app: { name: "web", repository: "web", imageTag: "1.0.0" },
                domainName: "app.example.com",
                hostedZoneId: "Z0123456789ABCDEFGHIJ",
            });
        });

        it("fails before registering anything", async () => {
            await assert.rejects(
                planPlatform({ ...OWNED, publicAccessCidrs: ["0.0.0.0/0"] }),
                /AppPlatform "platform": publicAccessCidrs must not include "0.0.0.0\/0"/,
            );
        });
    });
});

describe("AppPlatform: its eks.Cluster, as the engine's model of eks builds it", () => {
    it("creates no security group or node group of eks's own, and protects what it creates", async () => {
        const { full } = await planPlatform(OWNED);
        const cluster = full.one("eks:index:Cluster", "platform-cluster");
        const modeled = full.descendantsOf(cluster);
        // skipDefaultSecurityGroups and skipDefaultNodeGroup: the nodes run in EKS's own cluster
        // security group, in AppPlatform's node groups.
        assert.deepEqual(
            modeled.filter((r) =>
                /securityGroup|autoscaling|launchTemplate|nodeGroup/.test(r.type),
            ),
            [],
        );
        assert.deepEqual(
            full.one("aws:eks/cluster:Cluster", "platform-cluster-eksCluster").inputs.vpcConfig,
            {
                subnetIds: [
                    "subnet-public-a",
                    "subnet-public-b",
                    "subnet-private-a",
                    "subnet-private-b",
                ],
                endpointPrivateAccess: true,
                endpointPublicAccess: false,
            },
        );
        assert.ok(modeled.length > 0);
        assert.deepEqual(new Set(modeled.map((r) => r.protect)), new Set([true]));
    });
});
