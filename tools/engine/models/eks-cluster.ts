/**
 * Model of `eks.Cluster` (eks:index:Cluster), from pulumi/pulumi-eks at tag v4.3.0 (the version
 * node_modules pins): `nodejs/eks/cluster/cluster.ts` (`createCluster`, `createCore`,
 * `createOrGetInstanceProfile`), `nodejs/eks/servicerole.ts` (class ServiceRole),
 * `nodejs/eks/cluster/authenticationMode.ts` (`createAccessEntries`, `supportsConfigMap`,
 * `supportsAccessEntries`), `nodejs/eks/addons/cni-addon.ts` (class VpcCniAddon) and
 * `nodejs/eks/nodes/securitygroup.ts` (`createNodeGroupSecurityGroup`).
 *
 * Not modeled (recorded as gaps, so the plan names them): the default node group
 * (`createNodeGroupV2`: launch template, auto scaling group, ...), Fargate profiles, storage
 * classes, the auto mode node role's compute config, and the VPC CNI add-on's computed
 * `configurationValues` (left unknown).
 */
import * as crypto from "crypto";
import { UNKNOWN } from "../plan";
import { Handle, ModelBuilder, NotModeled, pick } from "./builder";

const str = (v: unknown): string | undefined => (typeof v === "string" ? v : undefined);

/** servicerole.ts `sha1hash`: the first 8 hex digits of SHA-1. */
function sha1hash(s: string): string {
    return crypto.createHash("sha1").update(s).digest("hex").substring(0, 8);
}

/** servicerole.ts class ServiceRole: the component, its role, one attachment per policy. */
function serviceRole(
    b: ModelBuilder,
    name: string,
    parent: string,
    args: {
        service: string;
        description?: string;
        managedPolicies: string[];
        tags: unknown;
        assumeRoleActions?: string[];
    },
    partition: string,
): Handle {
    const component = b.component("eks:index:ServiceRole", name, parent, {
        service: args.service,
        description: args.description,
        managedPolicyArns: args.managedPolicies.map((p) => ({
            id: `arn:aws:iam::aws:policy/${p}`,
            arn: `arn:${partition}:iam::aws:policy/${p}`,
        })),
        tags: args.tags,
        assumeRoleActions: args.assumeRoleActions,
    });
    const role = b.register("aws:iam/role:Role", `${name}-role`, component, {
        description: args.description,
        assumeRolePolicy: JSON.stringify({
            Version: "2012-10-17",
            Statement: [
                {
                    Action: args.assumeRoleActions ?? ["sts:AssumeRole"],
                    Effect: "Allow",
                    Principal: { Service: [args.service] },
                },
            ],
        }),
        tags: args.tags,
    });
    for (const policy of args.managedPolicies) {
        b.register(
            "aws:iam/rolePolicyAttachment:RolePolicyAttachment",
            `${name}-${sha1hash(`arn:aws:iam::aws:policy/${policy}`)}`,
            component,
            { policyArn: `arn:${partition}:iam::aws:policy/${policy}`, role: role.ref() },
        );
    }
    return role;
}

const merge = (...parts: unknown[]): unknown =>
    parts.some((p) => p === UNKNOWN)
        ? UNKNOWN
        : Object.assign({}, ...parts.map((p) => (p ?? {}) as object));

/** Registers what eks:index:Cluster registers; `urn`, `name` and `args` are the component's. */
export function modelCluster(
    b: ModelBuilder,
    urn: string,
    name: string,
    args: Record<string, unknown>,
    gaps: string[],
): void {
    if (args.subnetIds !== undefined && (args.publicSubnetIds || args.privateSubnetIds)) {
        throw new NotModeled("subnetIds with public/privateSubnetIds (eks fails)");
    }
    for (const key of [
        "skipDefaultNodeGroup",
        "skipDefaultSecurityGroups",
        "authenticationMode",
        "autoMode",
        "fargate",
        "createOidcProvider",
        "useDefaultVpcCni",
        "kubeProxyAddonOptions",
        "corednsAddonOptions",
        "accessEntries",
        "createInstanceRole",
    ]) {
        if (JSON.stringify(args[key] ?? null).includes(UNKNOWN)) {
            throw new NotModeled(
                `${key} is unknown during preview, and decides which children exist`,
            );
        }
    }
    const tags = args.tags;
    const autoMode = (args.autoMode ?? {}) as { enabled?: boolean; createNodeRole?: boolean };
    const partition = String(
        b.invoke("aws:index/getPartition:getPartition", {}).partition ?? "aws",
    );
    const authenticationMode = str(args.authenticationMode);

    // The VPC: the default VPC's when none is given (aws.ec2.getVpc).
    const vpcId = args.vpcId ?? b.invoke("aws:ec2/getVpc:getVpc", { default: true }).id;
    const clusterSubnetIds =
        args.subnetIds ??
        (args.publicSubnetIds !== undefined || args.privateSubnetIds !== undefined
            ? [
                  ...((args.publicSubnetIds as unknown[] | undefined) ?? []),
                  ...((args.privateSubnetIds as unknown[] | undefined) ?? []),
              ]
            : args.vpcId === undefined
              ? b.invoke("aws:ec2/getSubnets:getSubnets", {
                    filters: [{ name: "vpc-id", values: [vpcId] }],
                }).ids
              : []);

    // The EKS service role.
    let eksRole: Handle | undefined;
    if (args.serviceRole === undefined) {
        const managed = ["AmazonEKSClusterPolicy"];
        if (autoMode.enabled) {
            managed.push(
                "AmazonEKSComputePolicy",
                "AmazonEKSBlockStoragePolicy",
                "AmazonEKSLoadBalancingPolicy",
                "AmazonEKSNetworkingPolicy",
            );
        }
        eksRole = serviceRole(
            b,
            `${name}-eksRole`,
            urn,
            {
                service: "eks.amazonaws.com",
                description: "Allows EKS to manage clusters on your behalf.",
                managedPolicies: managed,
                tags,
                assumeRoleActions: ["sts:AssumeRole", "sts:TagSession"],
            },
            partition,
        );
    }

    const skipDefaultSecurityGroups = args.skipDefaultSecurityGroups ?? autoMode.enabled;
    let clusterSecurityGroupId: unknown;
    if (args.clusterSecurityGroup !== undefined) {
        clusterSecurityGroupId = UNKNOWN;
    } else if (!skipDefaultSecurityGroups) {
        const group = b.register(
            "aws:ec2/securityGroup:SecurityGroup",
            `${name}-eksClusterSecurityGroup`,
            urn,
            {
                vpcId,
                revokeRulesOnDelete: true,
                tags: merge(
                    { Name: `${name}-eksClusterSecurityGroup` },
                    args.clusterSecurityGroupTags,
                    tags,
                ),
            },
        );
        b.register(
            "aws:ec2/securityGroupRule:SecurityGroupRule",
            `${name}-eksClusterInternetEgressRule`,
            urn,
            {
                description: "Allow internet access.",
                type: "egress",
                fromPort: 0,
                toPort: 0,
                protocol: "-1",
                cidrBlocks: ["0.0.0.0/0"],
                securityGroupId: group.id,
            },
        );
        clusterSecurityGroupId = group.id;
    }

    let autoNodeRole: Handle | undefined;
    if (autoMode.enabled && autoMode.createNodeRole !== false) {
        autoNodeRole = serviceRole(
            b,
            `${name}-nodeRole`,
            urn,
            {
                service: "ec2.amazonaws.com",
                managedPolicies: [
                    "AmazonEKSWorkerNodeMinimalPolicy",
                    "AmazonEC2ContainerRegistryPullOnly",
                ],
                tags,
            },
            partition,
        );
        gaps.push(
            "the auto mode compute, storage and network config of the cluster (left unknown)",
        );
    }

    const publicAccessCidrs = args.publicAccessCidrs;
    if (publicAccessCidrs !== undefined && args.endpointPublicAccess === false) {
        throw new NotModeled("publicAccessCidrs with endpointPublicAccess false (eks fails)");
    }
    const cluster = b.register(
        "aws:eks/cluster:Cluster",
        `${name}-eksCluster`,
        urn,
        {
            name: args.name,
            roleArn: args.serviceRole !== undefined ? UNKNOWN : eksRole!.out("arn"),
            computeConfig: autoMode.enabled ? UNKNOWN : undefined,
            storageConfig: autoMode.enabled ? { blockStorage: { enabled: true } } : undefined,
            kubernetesNetworkConfig:
                args.kubernetesServiceIpAddressRange || args.ipFamily || autoMode.enabled
                    ? {
                          serviceIpv4Cidr:
                              (args.ipFamily ?? "ipv4") === "ipv4"
                                  ? args.kubernetesServiceIpAddressRange
                                  : undefined,
                          ipFamily: args.ipFamily ?? "ipv4",
                          elasticLoadBalancing: autoMode.enabled ? { enabled: true } : undefined,
                      }
                    : undefined,
            bootstrapSelfManagedAddons: autoMode.enabled
                ? false
                : (args.bootstrapSelfManagedAddons ?? true),
            vpcConfig: {
                securityGroupIds:
                    clusterSecurityGroupId === undefined ? undefined : [clusterSecurityGroupId],
                subnetIds: clusterSubnetIds,
                endpointPrivateAccess: args.endpointPrivateAccess,
                endpointPublicAccess: args.endpointPublicAccess,
                publicAccessCidrs,
            },
            version: args.version,
            enabledClusterLogTypes: args.enabledClusterLogTypes,
            tags: merge({ Name: `${name}-eksCluster` }, args.clusterTags, tags),
            encryptionConfig:
                args.encryptionConfigKeyArn === undefined
                    ? undefined
                    : {
                          provider: { keyArn: args.encryptionConfigKeyArn },
                          resources: ["secrets"],
                      },
            accessConfig: authenticationMode
                ? { authenticationMode, bootstrapClusterCreatorAdminPermissions: true }
                : undefined,
            upgradePolicy: args.upgradePolicy,
            deletionProtection: args.deletionProtection,
        },
        { dependsOn: [...(eksRole ? [eksRole] : []), ...(autoNodeRole ? [autoNodeRole] : [])] },
    );
    const clusterName = cluster.out("name");
    const clusterVersion = cluster.out("version");

    // kube-proxy: on unless auto mode; its version from aws.eks.getAddonVersion (AWS's answer,
    // unknown offline) unless given.
    const kubeProxy = (args.kubeProxyAddonOptions ?? {}) as Record<string, unknown>;
    if ((kubeProxy.enabled ?? !autoMode.enabled) === true) {
        b.register("aws:eks/addon:Addon", `${name}-kube-proxy`, urn, {
            clusterName,
            addonName: "kube-proxy",
            preserve: true,
            tags,
            resolveConflictsOnCreate: kubeProxy.resolveConflictsOnCreate ?? "OVERWRITE",
            resolveConflictsOnUpdate: kubeProxy.resolveConflictsOnUpdate ?? "OVERWRITE",
            addonVersion: kubeProxy.version ?? UNKNOWN,
            configurationValues:
                kubeProxy.configurationValues === undefined
                    ? undefined
                    : JSON.stringify(kubeProxy.configurationValues),
        });
    }

    // The Kubernetes provider for the cluster; its kubeconfig waits on the endpoint.
    b.register("pulumi:providers:kubernetes", `${name}-eks-k8s`, urn, {
        kubeconfig: UNKNOWN,
        enableConfigMapMutable: args.enableConfigMapMutable,
    });

    // Node instance roles.
    const skipDefaultNodeGroup = Boolean(
        args.skipDefaultNodeGroup || args.fargate || autoMode.enabled,
    );
    let defaultInstanceRole: unknown;
    const instanceRoleArns: unknown[] = [];
    if (args.instanceRoles !== undefined) {
        instanceRoleArns.push(UNKNOWN);
    } else if (args.instanceRole !== undefined) {
        if (!skipDefaultNodeGroup) {
            b.register("aws:iam/instanceProfile:InstanceProfile", `${name}-instanceProfile`, urn, {
                role: args.instanceRole,
            });
        }
        defaultInstanceRole = UNKNOWN;
        instanceRoleArns.push(UNKNOWN);
    } else if (
        args.createInstanceRole === true ||
        (!args.skipDefaultNodeGroup && args.createInstanceRole === undefined)
    ) {
        const role = serviceRole(
            b,
            `${name}-instanceRole`,
            urn,
            {
                service: "ec2.amazonaws.com",
                managedPolicies: [
                    "AmazonEKSWorkerNodePolicy",
                    "AmazonEKS_CNI_Policy",
                    "AmazonEC2ContainerRegistryReadOnly",
                ],
                tags,
            },
            partition,
        );
        defaultInstanceRole = role.out("arn");
        instanceRoleArns.push(role.out("arn"));
        if (args.customInstanceRolePolicy !== undefined) {
            b.register("aws:iam/rolePolicy:RolePolicy", `${name}-EKSWorkerCustomPolicy`, urn, {
                role: role.ref(),
                policy: args.customInstanceRolePolicy,
            });
        }
        if (args.instanceProfileName === undefined) {
            b.register("aws:iam/instanceProfile:InstanceProfile", `${name}-instanceProfile`, urn, {
                role: role.ref(),
            });
        }
    }

    // The aws-auth ConfigMap (CONFIG_MAP, the default, and API_AND_CONFIG_MAP).
    if (
        !authenticationMode ||
        authenticationMode === "CONFIG_MAP" ||
        authenticationMode === "API_AND_CONFIG_MAP"
    ) {
        b.register("kubernetes:core/v1:ConfigMap", `${name}-nodeAccess`, urn, {
            apiVersion: "v1",
            kind: "ConfigMap",
            immutable: false,
            metadata: {
                name: "aws-auth",
                namespace: "kube-system",
                annotations: { "pulumi.com/patchForce": "true" },
            },
            // createAwsAuthData: YAML of the instance roles and the mappings; the role ARNs are
            // unknown in a first preview.
            data: UNKNOWN,
        });
    }

    // Access entries (API and API_AND_CONFIG_MAP): the default instance role's, then the args'.
    if (authenticationMode === "API" || authenticationMode === "API_AND_CONFIG_MAP") {
        const entries: [string, Record<string, unknown>][] = [];
        if (defaultInstanceRole !== undefined) {
            entries.push([
                "defaultNodeGroupInstanceRole",
                { principalArn: defaultInstanceRole, type: "EC2_LINUX" },
            ]);
        }
        entries.push(
            ...Object.entries(
                (args.accessEntries ?? {}) as Record<string, Record<string, unknown>>,
            ),
        );
        for (const [entryName, entry] of entries) {
            const created = b.register(
                "aws:eks/accessEntry:AccessEntry",
                `${name}-${entryName}`,
                urn,
                {
                    clusterName,
                    kubernetesGroups: entry.kubernetesGroups,
                    principalArn: entry.principalArn,
                    tags: entry.tags,
                    type: entry.type,
                    userName: entry.username,
                },
                { dependsOn: [cluster] },
            );
            for (const [associationName, association] of Object.entries(
                (entry.accessPolicies ?? {}) as Record<string, Record<string, unknown>>,
            )) {
                b.register(
                    "aws:eks/accessPolicyAssociation:AccessPolicyAssociation",
                    `${name}-${entryName}-${associationName}`,
                    created,
                    {
                        accessScope: association.accessScope,
                        principalArn: entry.principalArn,
                        policyArn: association.policyArn,
                        clusterName,
                    },
                    { dependsOn: [created] },
                );
            }
        }
    }

    if (args.storageClasses !== undefined) gaps.push("storage classes (storageClasses)");

    // The VPC CNI add-on, unless useDefaultVpcCni (default: on unless auto mode).
    const vpcCniEnabled =
        args.useDefaultVpcCni !== undefined ? !args.useDefaultVpcCni : !autoMode.enabled;
    if (vpcCniEnabled) {
        const options = (args.vpcCniOptions ?? {}) as Record<string, unknown>;
        const cni = b.component("eks:index:VpcCniAddon", `${name}-vpc-cni`, urn, {
            ...options,
            clusterName,
            clusterVersion,
            tags,
        });
        b.register("aws:eks/addon:Addon", `${name}-vpc-cni`, cni, {
            clusterName,
            addonVersion: options.addonVersion ?? UNKNOWN,
            addonName: "vpc-cni",
            resolveConflictsOnCreate: options.resolveConflictsOnCreate ?? "OVERWRITE",
            resolveConflictsOnUpdate: options.resolveConflictsOnUpdate ?? "OVERWRITE",
            preserve: true,
            // computeEnv + mergeConfigurationValues: not modeled.
            configurationValues: UNKNOWN,
            serviceAccountRoleArn: options.serviceAccountRoleArn,
            tags,
        });
        if (options.securityContextPrivileged) {
            gaps.push("the VPC CNI DaemonSet patch (securityContextPrivileged)");
        }
    }

    if (args.fargate) gaps.push("the Fargate profile and its pod execution role (fargate)");

    if (args.createOidcProvider === true) {
        b.register(
            "aws:iam/openIdConnectProvider:OpenIdConnectProvider",
            `${name}-oidcProvider`,
            urn,
            {
                clientIdLists: ["sts.amazonaws.com"],
                url: UNKNOWN,
                thumbprintLists: [UNKNOWN],
            },
        );
    }

    // createCluster: the node security group and its rules, unless skipped; then the default
    // node group (createNodeGroupV2), which makes its own group when the cluster's is skipped.
    let nodeGroupSecurityGroup: Handle | undefined;
    if (!skipDefaultSecurityGroups) {
        nodeGroupSecurityGroup = nodeSecurityGroup(
            b,
            name,
            urn,
            vpcId,
            clusterSecurityGroupId,
            clusterName,
            args,
        );
    }
    if (!skipDefaultNodeGroup) {
        nodeGroupSecurityGroup ??= nodeSecurityGroup(
            b,
            name,
            urn,
            vpcId,
            UNKNOWN,
            clusterName,
            args,
        );
        defaultNodeGroup(b, name, urn, args, nodeGroupSecurityGroup, clusterName, gaps);
    }

    // coredns: with a default node group, Fargate or auto mode, or when asked for. createCore
    // creates it in an apply callback on `args.fargate`, which runs after the synchronous code
    // (the node security group included), hence last.
    const coredns = (args.corednsAddonOptions ?? {}) as Record<string, unknown>;
    const corednsExplicit = coredns.enabled === true || coredns.configurationValues !== undefined;
    if (
        corednsExplicit ||
        ((args.fargate || !args.skipDefaultNodeGroup || autoMode.enabled) &&
            (coredns.enabled ?? true) === true)
    ) {
        b.register("aws:eks/addon:Addon", `${name}-coredns`, urn, {
            clusterName,
            addonName: "coredns",
            tags,
            preserve: true,
            addonVersion: coredns.version ?? UNKNOWN,
            resolveConflictsOnCreate: coredns.resolveConflictsOnCreate ?? "OVERWRITE",
            resolveConflictsOnUpdate: coredns.resolveConflictsOnUpdate ?? "OVERWRITE",
            configurationValues: args.fargate
                ? JSON.stringify({
                      computeType: "Fargate",
                      ...((coredns.configurationValues as object) ?? {}),
                  })
                : coredns.configurationValues === undefined
                  ? undefined
                  : JSON.stringify(coredns.configurationValues),
        });
    }
}

/**
 * nodes/securitygroup.ts `createNodeGroupSecurityGroup`: the node group's security group and the
 * rules between it, the cluster's group and the internet; returns the group.
 */
function nodeSecurityGroup(
    b: ModelBuilder,
    name: string,
    urn: string,
    vpcId: unknown,
    clusterSecurityGroupId: unknown,
    clusterName: unknown,
    args: Record<string, unknown>,
): Handle {
    const tags = args.tags;
    const nodeGroup = b.register(
        "aws:ec2/securityGroup:SecurityGroup",
        `${name}-nodeSecurityGroup`,
        urn,
        {
            vpcId,
            revokeRulesOnDelete: true,
            tags:
                clusterName === UNKNOWN
                    ? UNKNOWN
                    : merge(
                          {
                              Name: `${name}-nodeSecurityGroup`,
                              [`kubernetes.io/cluster/${String(clusterName)}`]: "owned",
                          },
                          args.nodeSecurityGroupTags,
                          tags,
                      ),
        },
    );
    const rule = (suffix: string, inputs: Record<string, unknown>) =>
        b.register("aws:ec2/securityGroupRule:SecurityGroupRule", `${name}-${suffix}`, urn, inputs);
    rule("eksNodeIngressRule", {
        description: "Allow nodes to communicate with each other",
        type: "ingress",
        fromPort: 0,
        toPort: 0,
        protocol: "-1",
        securityGroupId: nodeGroup.id,
        self: true,
    });
    rule("eksNodeClusterIngressRule", {
        description:
            "Allow worker Kubelets and pods to receive communication from the cluster control plane",
        type: "ingress",
        fromPort: 1025,
        toPort: 65535,
        protocol: "tcp",
        securityGroupId: nodeGroup.id,
        sourceSecurityGroupId: clusterSecurityGroupId,
    });
    rule("eksExtApiServerClusterIngressRule", {
        description:
            "Allow pods running extension API servers on port 443 to receive communication from cluster control plane",
        type: "ingress",
        fromPort: 443,
        toPort: 443,
        protocol: "tcp",
        securityGroupId: nodeGroup.id,
        sourceSecurityGroupId: clusterSecurityGroupId,
    });
    rule("eksNodeInternetEgressRule", {
        description: "Allow internet access.",
        type: "egress",
        fromPort: 0,
        toPort: 0,
        protocol: "-1",
        cidrBlocks: ["0.0.0.0/0"],
        securityGroupId: nodeGroup.id,
    });
    rule("eksClusterIngressRule", {
        description: "Allow pods to communicate with the cluster API Server",
        type: "ingress",
        fromPort: 443,
        toPort: 443,
        protocol: "tcp",
        securityGroupId: clusterSecurityGroupId,
        sourceSecurityGroupId: nodeGroup.id,
    });
    return nodeGroup;
}

/**
 * nodes/nodegroup.ts `createNodeGroupV2` for the cluster's default node group: a key pair (with
 * nodePublicKey), the launch template and the auto scaling group. The AMI (an SSM parameter and
 * getAmi lookup) and the user data are AWS's and the cluster's answers: unknown here.
 */
function defaultNodeGroup(
    b: ModelBuilder,
    name: string,
    urn: string,
    args: Record<string, unknown>,
    securityGroup: Handle,
    clusterName: unknown,
    gaps: string[],
): void {
    // createCore: nodeGroupOptions, or the cluster's singular node arguments.
    const o = (args.nodeGroupOptions ?? {
        nodeSubnetIds: args.nodeSubnetIds,
        nodeAssociatePublicIpAddress: args.nodeAssociatePublicIpAddress,
        instanceType: args.instanceType,
        nodePublicKey: args.nodePublicKey,
        nodeRootVolumeEncrypted: args.nodeRootVolumeEncrypted,
        nodeRootVolumeSize: args.nodeRootVolumeSize,
        nodeUserData: args.nodeUserData,
        minSize: args.minSize,
        maxSize: args.maxSize,
        desiredCapacity: args.desiredCapacity,
        amiId: args.nodeAmiId,
        gpu: args.gpu,
        version: args.version,
    }) as Record<string, unknown>;
    if (o.extraNodeSecurityGroups !== undefined) {
        gaps.push("the default node group's extraNodeSecurityGroups (left unknown)");
    }
    let keyName = o.keyName;
    if (o.nodePublicKey) {
        const key = b.register("aws:ec2/keyPair:KeyPair", `${name}-keyPair`, urn, {
            publicKey: o.nodePublicKey,
        });
        keyName = key.out("keyName");
    }
    // getOperatingSystem: AL2023 unless amiType/operatingSystem say otherwise.
    const os = o.amiType !== undefined ? UNKNOWN : (o.operatingSystem ?? "AL2023");
    const onOff = (v: unknown) => (v === undefined ? undefined : v ? "true" : "false");
    let blockDeviceMappings: unknown;
    if (os === "AL2") {
        blockDeviceMappings = [
            {
                deviceName: UNKNOWN,
                ebs: {
                    encrypted: o.nodeRootVolumeEncrypted ? "true" : "false",
                    volumeSize: o.nodeRootVolumeSize ?? 20,
                    volumeType: o.nodeRootVolumeType ?? "gp2",
                    iops: o.nodeRootVolumeIops,
                    throughput: o.nodeRootVolumeThroughput,
                    deleteOnTermination:
                        (o.nodeRootVolumeDeleteOnTermination ?? true) ? "true" : "false",
                },
            },
        ];
    } else if (os === UNKNOWN) {
        blockDeviceMappings = UNKNOWN;
    } else {
        const ebs = {
            encrypted: onOff(o.nodeRootVolumeEncrypted),
            volumeSize: o.nodeRootVolumeSize,
            volumeType: o.nodeRootVolumeType,
            iops: o.nodeRootVolumeIops,
            throughput: o.nodeRootVolumeThroughput,
            deleteOnTermination: onOff(o.nodeRootVolumeDeleteOnTermination),
        };
        blockDeviceMappings = Object.values(ebs).every((v) => v === undefined)
            ? []
            : [{ deviceName: UNKNOWN, ebs }];
    }
    const template = b.register(
        "aws:ec2/launchTemplate:LaunchTemplate",
        `${name}-launchTemplate`,
        urn,
        {
            imageId: o.amiId ?? UNKNOWN,
            instanceType: o.instanceType ?? "t3.medium",
            iamInstanceProfile: { name: o.instanceProfileName ?? UNKNOWN },
            keyName,
            instanceMarketOptions: o.spotPrice
                ? { marketType: "spot", spotOptions: { maxPrice: o.spotPrice } }
                : undefined,
            blockDeviceMappings,
            networkInterfaces: [
                {
                    associatePublicIpAddress: String(o.nodeAssociatePublicIpAddress ?? true),
                    securityGroups: [securityGroup.id],
                },
            ],
            metadataOptions: o.metadataOptions,
            userData: UNKNOWN,
            tagSpecifications: o.launchTemplateTagSpecifications,
            monitoring:
                o.enableDetailedMonitoring === undefined || o.enableDetailedMonitoring === null
                    ? undefined
                    : { enabled: o.enableDetailedMonitoring },
        },
    );
    const tags = Object.entries(
        (args.autoScalingGroupTags ?? o.autoScalingGroupTags ?? {}) as object,
    );
    b.register("aws:autoscaling/group:Group", name, urn, {
        minSize: o.minSize ?? 1,
        maxSize: o.maxSize ?? 2,
        desiredCapacity: o.desiredCapacity ?? 2,
        launchTemplate: { name: template.out("name"), version: UNKNOWN },
        // nodeSubnetIds, else the cluster's private, else public subnets, else the subnets
        // computeWorkerSubnets picks by their route tables (AWS's answer: unknown here).
        vpcZoneIdentifiers:
            o.nodeSubnetIds ?? args.privateSubnetIds ?? args.publicSubnetIds ?? UNKNOWN,
        instanceRefresh: {
            strategy: "Rolling",
            preferences: { minHealthyPercentage: o.minRefreshPercentage ?? 50 },
        },
        // inputTagsToASGTags.
        tags:
            clusterName === UNKNOWN
                ? UNKNOWN
                : [
                      ...tags.map(([key, value]) => ({ key, value, propagateAtLaunch: true })),
                      {
                          value: "owned",
                          key: `kubernetes.io/cluster/${String(clusterName)}`,
                          propagateAtLaunch: true,
                      },
                      {
                          key: "Name",
                          value: `${String(clusterName)}-worker`,
                          propagateAtLaunch: true,
                      },
                  ],
        defaultInstanceWarmup: o.defaultInstanceWarmup,
    });
}

/** aws.eks.NodeGroup's input properties (node_modules/@pulumi/aws/eks/nodeGroup.js). */
const NODE_GROUP_INPUTS = [
    "amiType",
    "capacityType",
    "clusterName",
    "diskSize",
    "forceUpdateVersion",
    "instanceTypes",
    "labels",
    "launchTemplate",
    "nodeGroupName",
    "nodeGroupNamePrefix",
    "nodeRepairConfig",
    "nodeRoleArn",
    "region",
    "releaseVersion",
    "remoteAccess",
    "scalingConfig",
    "subnetIds",
    "tags",
    "taints",
    "updateConfig",
    "version",
    "warmPoolConfig",
] as const;

/** nodes/userdata.ts `customUserDataArgs`, and what else needs a custom launch template. */
const CUSTOM_USER_DATA = [
    "bootstrapExtraArgs",
    "kubeletExtraArgs",
    "bottlerocketSettings",
    "nodeadmExtraOptions",
];
const CUSTOM_LAUNCH_TEMPLATE = [
    ...CUSTOM_USER_DATA,
    "enableIMDSv2",
    "userData",
    "amiId",
    "enableEfaSupport",
];

/**
 * Registers what eks:index:ManagedNodeGroup registers (nodes/nodegroup.ts class
 * ManagedNodeGroup, `createManagedNodeGroup`): a placement group with EFA, and the
 * aws.eks.NodeGroup. What comes from the cluster (its name and version, its subnets) arrives as
 * a reference to the cluster component, whose outputs are unknown here unless given directly.
 */
export function modelManagedNodeGroup(
    b: ModelBuilder,
    urn: string,
    name: string,
    args: Record<string, unknown>,
    gaps: string[],
): void {
    if (args.nodeRole !== undefined && args.nodeRoleArn !== undefined) {
        throw new NotModeled("both nodeRole and nodeRoleArn (eks fails)");
    }
    if (args.nodeRole === undefined && args.nodeRoleArn === undefined) {
        throw new NotModeled("neither nodeRole nor nodeRoleArn (eks fails)");
    }
    // Without a version or launch template, the cluster's version (unknown here).
    const nodeGroupArgs: Record<string, unknown> = {
        ...args,
        version: args.version ?? (args.launchTemplate === undefined ? UNKNOWN : undefined),
    };
    delete nodeGroupArgs.cluster;
    if (args.enableEfaSupport === true) {
        b.register("aws:ec2/placementGroup:PlacementGroup", name, urn, {
            strategy: "cluster",
            tags: args.tags,
        });
        gaps.push("the EFA subnet filter (filterEfaSubnets)");
    }
    let launchTemplate = args.launchTemplate;
    if (CUSTOM_LAUNCH_TEMPLATE.some((k) => args[k] !== undefined)) {
        gaps.push(`the custom launch template of ${name} (createMNGCustomLaunchTemplate)`);
        launchTemplate = { id: UNKNOWN, version: UNKNOWN };
        delete nodeGroupArgs.diskSize;
    }
    let amiType = args.amiType;
    if (CUSTOM_USER_DATA.some((k) => args[k] !== undefined) || args.userData || args.amiId) {
        delete nodeGroupArgs.version;
        delete nodeGroupArgs.releaseVersion;
        amiType = undefined;
    } else if (amiType === undefined && args.operatingSystem !== undefined) {
        // determineAmiType: from the OS, GPU and instance types' architecture.
        amiType = UNKNOWN;
    }
    const scaling = (args.scalingConfig ?? {}) as Record<string, unknown>;
    // The node role: an ARN, or a Role (a resource reference) whose ARN is unknown while new.
    const nodeRoleArn = args.nodeRoleArn ?? UNKNOWN;
    b.register(
        "aws:eks/nodeGroup:NodeGroup",
        name,
        urn,
        pick(
            {
                ...nodeGroupArgs,
                amiType,
                clusterName: args.clusterName ?? UNKNOWN,
                nodeRoleArn,
                scalingConfig: {
                    desiredSize: scaling.desiredSize ?? 2,
                    minSize: scaling.minSize ?? 1,
                    maxSize: scaling.maxSize ?? 2,
                },
                subnetIds: args.subnetIds ?? UNKNOWN,
                launchTemplate,
            },
            NODE_GROUP_INPUTS,
        ),
    );
}
