/**
 * What the offline engine answers in place of AWS and provider plugins: data-source invokes,
 * the outputs of remote (multi-language) components, and, in `--known` mode, the computed outputs
 * of an existing stack. Every answer is a plausible fake; nothing here pretends to be AWS.
 */
import * as crypto from "crypto";
import { UNKNOWN } from "./plan";
import { policyDocumentResult } from "./policy-document";

/** The account every fake ARN names (AWS's documentation account). */
export const FAKE_ACCOUNT = "123456789012";

/** An invoke the engine cannot answer: the message says where to add the answer. */
export class UnsupportedInvokeError extends Error {
    constructor(token: string) {
        super(
            `the offline engine has no answer for the data source ${token}; ` +
                `add one to tools/engine/fakes.ts (invokeResult)`,
        );
        this.name = "UnsupportedInvokeError";
    }
}

/** Seven stable hex characters, as Pulumi's auto-naming suffix. */
function suffix(seed: string, length = 7): string {
    return crypto.createHash("sha256").update(seed).digest("hex").slice(0, length);
}

/** Elastic Load Balancing's log-delivery accounts (AWS's access-log documentation), by region. */
const ELB_ACCOUNTS: Record<string, string> = {
    "us-east-1": "127311923021",
    "us-east-2": "033677994240",
    "us-west-1": "027434742980",
    "us-west-2": "797873946194",
    "eu-west-1": "156460612806",
    "eu-central-1": "054676820928",
};

/**
 * Data sources whose offline answer is exactly AWS's or the provider's: computed from the
 * arguments and the stack's config, or from AWS's published tables. Every other answer is a
 * stand-in, and the plan says so.
 */
export const EXACT_INVOKES: ReadonlySet<string> = new Set([
    "aws:index/getRegion:getRegion",
    "aws:index/getPartition:getPartition",
    "aws:iam/getPolicyDocument:getPolicyDocument",
    "aws:elb/getServiceAccount:getServiceAccount",
]);

/** Answers a data-source invoke. `region` comes from the stack's `aws:region` config. */
export function invokeResult(
    token: string,
    args: Record<string, unknown>,
    region: string,
): Record<string, unknown> {
    switch (token) {
        case "aws:index/getCallerIdentity:getCallerIdentity":
            return {
                accountId: FAKE_ACCOUNT,
                arn: `arn:aws:iam::${FAKE_ACCOUNT}:user/offline-plan`,
                id: FAKE_ACCOUNT,
                userId: "AIDAOFFLINEPLAN000000",
            };
        case "aws:index/getRegion:getRegion": {
            const r = typeof args.region === "string" ? args.region : region;
            return {
                id: r,
                name: r,
                region: r,
                description: r,
                endpoint: `ec2.${r}.amazonaws.com`,
            };
        }
        case "aws:index/getPartition:getPartition":
            return {
                id: "aws",
                partition: "aws",
                dnsSuffix: "amazonaws.com",
                reverseDnsPrefix: "com.amazonaws",
            };
        case "aws:index/getAvailabilityZones:getAvailabilityZones": {
            const letters = ["a", "b", "c", "d", "e", "f"];
            return {
                id: region,
                names: letters.map((l) => `${region}${l}`),
                zoneIds: letters.map(
                    (_, i) => `${region.replace(/-/g, "").slice(0, 4)}-az${i + 1}`,
                ),
                groupNames: [region],
            };
        }
        case "aws:secretsmanager/getRandomPassword:getRandomPassword": {
            // A fixed placeholder, never a real secret: programs mark it secret, so a plan shows
            // "[secret]". Its length and alphabet follow the arguments, as the real one's would.
            const length = typeof args.passwordLength === "number" ? args.passwordLength : 32;
            const alphabet = "OfflinePlanPlaceholder0123456789";
            return {
                ...args,
                id: "offline-plan-random-password",
                randomPassword: Array.from(
                    { length },
                    (_, i) => alphabet[i % alphabet.length],
                ).join(""),
            };
        }
        case "aws:elb/getServiceAccount:getServiceAccount": {
            // The account Elastic Load Balancing writes access logs from, as AWS documents it per
            // region (regions opened since August 2022 use a service principal and have none).
            const r = typeof args.region === "string" ? args.region : region;
            const account = ELB_ACCOUNTS[r];
            if (account === undefined) {
                throw new Error(
                    `the offline engine knows no Elastic Load Balancing account for ${r}; ` +
                        `add it to ELB_ACCOUNTS in tools/engine/fakes.ts`,
                );
            }
            return { id: account, arn: `arn:aws:iam::${account}:root`, region: r };
        }
        case "aws:ec2/getVpc:getVpc": {
            // The default VPC (awsx.classic and many examples look it up), or whichever VPC the
            // filters name: a stand-in whose ids are stable for the same arguments.
            const id = `vpc-0${suffix(JSON.stringify(args), 16)}`;
            return {
                ...args,
                id,
                arn: `arn:aws:ec2:${region}:${FAKE_ACCOUNT}:vpc/${id}`,
                cidrBlock: args.default === true ? "172.31.0.0/16" : "10.0.0.0/16",
                default: args.default === true,
                enableDnsHostnames: true,
                enableDnsSupport: true,
                instanceTenancy: "default",
                ownerId: FAKE_ACCOUNT,
                state: "available",
                tags: {},
            };
        }
        case "aws:ec2/getSubnets:getSubnets": {
            const seed = JSON.stringify(args);
            return {
                ...args,
                id: region,
                ids: [0, 1, 2].map((i) => `subnet-0${suffix(`${seed}-${i}`, 16)}`),
            };
        }
        case "aws:ec2/getAmi:getAmi": {
            const id = `ami-0${suffix(JSON.stringify(args), 16)}`;
            return {
                ...args,
                id,
                imageId: id,
                arn: `arn:aws:ec2:${region}::image/${id}`,
                architecture: "x86_64",
                name: "offline-plan-stand-in-image",
                ownerId: Array.isArray(args.owners) ? String(args.owners[0]) : "amazon",
                rootDeviceName: "/dev/xvda",
                rootDeviceType: "ebs",
                virtualizationType: "hvm",
                state: "available",
            };
        }
        case "aws:ssm/getParameter:getParameter":
            return ssmParameter(args, region);
        case "aws:route53/getZone:getZone": {
            // The hosted zone the arguments name (by name or id), public unless asked for a
            // private one. Route 53 zone ids are `Z` and uppercase alphanumerics.
            const zoneName = String(args.name ?? "example.com").replace(/\.?$/, ".");
            const zoneId =
                typeof args.zoneId === "string"
                    ? args.zoneId
                    : `Z${suffix(zoneName, 20).toUpperCase()}`;
            const servers = [1, 2, 3, 4].map((i) => `ns-${i}.awsdns-offline-plan.net`);
            return {
                ...args,
                id: zoneId,
                zoneId,
                arn: `arn:aws:route53:::hostedzone/${zoneId}`,
                name: zoneName.replace(/\.$/, ""),
                callerReference: "offline-plan",
                comment: "",
                linkedServiceDescription: "",
                linkedServicePrincipal: "",
                nameServers: servers,
                primaryNameServer: servers[0],
                privateZone: args.privateZone === true,
                resourceRecordSetCount: 2,
                tags: {},
            };
        }
        case "aws:ecr/getAuthorizationToken:getAuthorizationToken": {
            // What `docker login` to the account's registry takes; the password is a placeholder,
            // never a credential (programs pass it to a Docker provider's registry auth).
            const registryId = typeof args.registryId === "string" ? args.registryId : FAKE_ACCOUNT;
            const password = "offline-plan-placeholder-ecr-password";
            return {
                ...args,
                id: region,
                region,
                registryId,
                userName: "AWS",
                password,
                authorizationToken: Buffer.from(`AWS:${password}`).toString("base64"),
                proxyEndpoint: `https://${registryId}.dkr.ecr.${region}.amazonaws.com`,
                expiresAt: "2026-01-01T12:00:00Z",
            };
        }
        case "aws:organizations/getOrganization:getOrganization": {
            // The organization the fake account manages, with its one root (ids in AWS's formats:
            // `o-` and ten characters, `r-` and four). Programs read `roots[0].id` to place
            // organizational units.
            const orgId = `o-${suffix("organization", 10)}`;
            const rootId = `r-${suffix("root", 4)}`;
            const master = {
                arn: `arn:aws:organizations::${FAKE_ACCOUNT}:account/${orgId}/${FAKE_ACCOUNT}`,
                email: "offline-plan@example.com",
                id: FAKE_ACCOUNT,
                joinedMethod: "CREATED",
                joinedTimestamp: "2026-01-01T00:00:00Z",
                name: "offline-plan",
                state: "ACTIVE",
            };
            return {
                ...args,
                id: orgId,
                arn: `arn:aws:organizations::${FAKE_ACCOUNT}:organization/${orgId}`,
                accounts: [master],
                nonMasterAccounts: [],
                awsServiceAccessPrincipals: [],
                enabledPolicyTypes: [],
                featureSet: "ALL",
                masterAccountArn: master.arn,
                masterAccountEmail: master.email,
                masterAccountId: FAKE_ACCOUNT,
                masterAccountName: master.name,
                roots: [
                    {
                        arn: `arn:aws:organizations::${FAKE_ACCOUNT}:root/${orgId}/${rootId}`,
                        id: rootId,
                        name: "Root",
                        policyTypes: [],
                    },
                ],
            };
        }
        case "aws:iam/getPolicyDocument:getPolicyDocument":
            // A pure function of its arguments: computed exactly, as the provider would. The SDK
            // never sends an invoke whose arguments are unknown (the result stays unknown).
            return policyDocumentResult(args);
        default:
            throw new UnsupportedInvokeError(token);
    }
}

/**
 * A Systems Manager parameter, as a stand-in. Programs most often read AWS's public parameters
 * (`/aws/service/...`), whose values have a documented shape that the program then parses: the
 * ECS-optimized AMI's `recommended` parameter is a JSON object (awsx.classic reads its
 * `image_id`), and the AMI parameters (`.../image_id`, `ami-amazon-linux-latest/...`) are an image
 * id. Any other parameter's value is a placeholder string.
 */
function ssmParameter(args: Record<string, unknown>, region: string): Record<string, unknown> {
    const name = typeof args.name === "string" ? args.name : "";
    const ami = `ami-0${suffix(name, 16)}`;
    let value = "offline-plan-stand-in-value";
    if (/^\/aws\/service\/ecs\/optimized-ami\/.*\/recommended$/.test(name)) {
        // AWS's documented shape (Amazon ECS developer guide, "Retrieving Amazon ECS-optimized
        // AMI metadata").
        value = JSON.stringify({
            ecs_agent_version: "1.89.0",
            ecs_runtime_version: "Docker version 25.0.6",
            image_id: ami,
            image_name: "offline-plan-stand-in-image",
            os: "Amazon Linux 2",
            schema_version: 1,
            source_image_name: "offline-plan-stand-in-image",
        });
    } else if (
        /^\/aws\/service\/.*(image_id|ami-[^/]*latest\/.+|\/ami\/.+|image-id)$/.test(name) ||
        /^\/aws\/service\/ami-/.test(name)
    ) {
        value = ami;
    }
    const arnName = name.startsWith("/") ? name.slice(1) : name;
    // AWS's public parameters belong to no account; the stack's own are in its account.
    const account = name.startsWith("/aws/service/") ? "" : FAKE_ACCOUNT;
    return {
        ...args,
        id: name,
        name,
        arn: `arn:aws:ssm:${region}:${account}:parameter/${arnName}`,
        type: "String",
        value,
        insecureValue: value,
        version: 1,
    };
}

/** `aws:sqs/queue:Queue` -> `{ pkg: "aws", module: "sqs", resource: "queue", kind: "Queue" }`. */
function parseType(type: string): { pkg: string; module: string; resource: string; kind: string } {
    const [pkg, mod = "", kind = ""] = type.split(":");
    const [module, resource = kind] = mod.split("/");
    return { pkg, module, resource, kind };
}

/** The physical name a resource would get: its `name` input, or auto-naming from its logical name. */
function physicalName(name: string, inputs: Record<string, unknown>): string {
    for (const key of ["name", "bucket", "functionName", "domainName", "clusterName"]) {
        const v = inputs[key];
        if (typeof v === "string" && v !== UNKNOWN) return v;
    }
    return `${name}-${suffix(name)}`;
}

const EC2_ID_PREFIX: Record<string, string> = {
    Vpc: "vpc",
    Subnet: "subnet",
    SecurityGroup: "sg",
    DefaultSecurityGroup: "sg",
    VpcEndpoint: "vpce",
    FlowLog: "fl",
    NatGateway: "nat",
    InternetGateway: "igw",
    RouteTable: "rtb",
    Eip: "eipalloc",
    LaunchTemplate: "lt",
    SecurityGroupIngressRule: "sgr",
    SecurityGroupEgressRule: "sgr",
};

/**
 * Outputs of a custom resource in an existing stack (`--known`): the inputs, plus an id, an ARN,
 * a physical name and the type-specific attributes that programs commonly read.
 */
export function knownOutputs(
    type: string,
    name: string,
    inputs: Record<string, unknown>,
    region: string,
): { id: string; state: Record<string, unknown> } {
    const { pkg, module, resource, kind } = parseType(type);
    const physical = physicalName(name, inputs);
    const state: Record<string, unknown> = { ...inputs };
    if (pkg === "pulumi" && module === "providers") {
        return { id: suffix(`provider:${name}`, 32), state };
    }
    const prefix = EC2_ID_PREFIX[kind];
    let id =
        prefix && (module === "ec2" || module === "vpc")
            ? `${prefix}-0${suffix(name, 16)}`
            : physical;
    const global = module === "iam" || module === "cloudfront" || module === "route53";
    const arnRegion = global ? "" : region;
    let arn = `arn:aws:${module}:${arnRegion}:${FAKE_ACCOUNT}:${resource}/${physical}`;
    switch (`${module}/${kind}`) {
        case "kms/Key":
            id = `${suffix(name, 8)}-${suffix(name + 1, 4)}-${suffix(name + 2, 4)}-${suffix(name + 3, 4)}-${suffix(name + 4, 12)}`;
            arn = `arn:aws:kms:${region}:${FAKE_ACCOUNT}:key/${id}`;
            state.keyId = id;
            break;
        case "cloudwatch/LogGroup":
            arn = `arn:aws:logs:${region}:${FAKE_ACCOUNT}:log-group:${physical}`;
            break;
        case "iam/Role":
        case "iam/Policy":
        case "iam/User":
        case "iam/Group":
            arn = `arn:aws:iam::${FAKE_ACCOUNT}:${resource}/${physical}`;
            state.uniqueId = `AROA${suffix(name, 16).toUpperCase()}`;
            break;
        case "sqs/Queue":
            state.url = `https://sqs.${region}.amazonaws.com/${FAKE_ACCOUNT}/${physical}`;
            id = state.url as string;
            arn = `arn:aws:sqs:${region}:${FAKE_ACCOUNT}:${physical}`;
            break;
        case "sns/Topic":
            arn = `arn:aws:sns:${region}:${FAKE_ACCOUNT}:${physical}`;
            id = arn;
            break;
        case "s3/Bucket":
        case "s3/BucketV2":
            arn = `arn:aws:s3:::${physical}`;
            state.bucket = physical;
            state.bucketDomainName = `${physical}.s3.amazonaws.com`;
            state.bucketRegionalDomainName = `${physical}.s3.${region}.amazonaws.com`;
            break;
        case "lambda/Function":
            arn = `arn:aws:lambda:${region}:${FAKE_ACCOUNT}:function:${physical}`;
            state.invokeArn = `arn:aws:apigateway:${region}:lambda:path/2015-03-31/functions/${arn}/invocations`;
            state.qualifiedArn = `${arn}:$LATEST`;
            break;
        case "dynamodb/Table":
            arn = `arn:aws:dynamodb:${region}:${FAKE_ACCOUNT}:table/${physical}`;
            state.streamArn = `${arn}/stream/2026-01-01T00:00:00.000`;
            break;
        case "kinesis/Stream":
            arn = `arn:aws:kinesis:${region}:${FAKE_ACCOUNT}:stream/${physical}`;
            break;
        case "ec2/Vpc":
            arn = `arn:aws:ec2:${region}:${FAKE_ACCOUNT}:vpc/${id}`;
            break;
        case "acm/Certificate": {
            arn = `arn:aws:acm:${region}:${FAKE_ACCOUNT}:certificate/${suffix(name, 8)}-${suffix(name + 1, 4)}-${suffix(name + 2, 4)}-${suffix(name + 3, 4)}-${suffix(name + 4, 12)}`;
            id = arn;
            // What DNS validation asks for: one CNAME per name on the certificate.
            const names = [
                inputs.domainName,
                ...((inputs.subjectAlternativeNames as unknown[]) ?? []),
            ].filter((n): n is string => typeof n === "string");
            state.domainValidationOptions = [...new Set(names)].map((domain) => ({
                domainName: domain,
                resourceRecordName: `_${suffix(domain, 32)}.${domain}.`,
                resourceRecordType: "CNAME",
                resourceRecordValue: `_${suffix(domain + "v", 32)}.acm-validations.aws.`,
            }));
            break;
        }
        case "sfn/StateMachine":
            arn = `arn:aws:states:${region}:${FAKE_ACCOUNT}:stateMachine:${physical}`;
            id = arn;
            break;
        case "secretsmanager/Secret":
            // Secrets Manager appends six random characters to the name.
            arn = `arn:aws:secretsmanager:${region}:${FAKE_ACCOUNT}:secret:${physical}-${suffix(name, 6)}`;
            id = arn;
            break;
        case "elasticache/ReplicationGroup": {
            id = (inputs.replicationGroupId as string | undefined) ?? physical;
            arn = `arn:aws:elasticache:${region}:${FAKE_ACCOUNT}:replicationgroup:${id}`;
            const host = `${id}.${suffix(name, 6)}.${region}.cache.amazonaws.com`;
            // With in-transit encryption the endpoints are `master.` and `replica.` names.
            state.primaryEndpointAddress = `master.${host}`;
            state.readerEndpointAddress = `replica.${host}`;
            break;
        }
        case "cloudwatch/EventRule":
            // EventBridge rules live under the events service, on the default bus here.
            arn = `arn:aws:events:${region}:${FAKE_ACCOUNT}:rule/${physical}`;
            break;
        case "opensearch/Domain": {
            // Domain ARNs keep the service's old prefix, es; the id is the ARN.
            arn = `arn:aws:es:${region}:${FAKE_ACCOUNT}:domain/${physical}`;
            id = arn;
            state.domainName = physical;
            state.domainId = `${FAKE_ACCOUNT}/${physical}`;
            // A domain in a VPC answers on a `vpc-` host, a public one on a `search-` host.
            const access = inputs.vpcOptions ? "vpc" : "search";
            state.endpoint = `${access}-${physical}-${suffix(name, 26)}.${region}.es.amazonaws.com`;
            state.dashboardEndpoint = `${state.endpoint}/_dashboards`;
            break;
        }
        case "ecr/Repository":
            arn = `arn:aws:ecr:${region}:${FAKE_ACCOUNT}:repository/${physical}`;
            state.registryId = FAKE_ACCOUNT;
            state.repositoryUrl = `${FAKE_ACCOUNT}.dkr.ecr.${region}.amazonaws.com/${physical}`;
            break;
        case "ec2/LaunchTemplate":
            state.latestVersion = 1;
            state.defaultVersion = 1;
            break;
        case "route53/Record":
            state.fqdn = typeof inputs.name === "string" ? inputs.name : physical;
            break;
        case "networking.k8s.io/Ingress": {
            // What the AWS Load Balancer Controller writes back: the ALB's DNS name.
            const metadata = (inputs.metadata ?? {}) as { name?: string; namespace?: string };
            const lb = `k8s-${metadata.namespace ?? "default"}-${metadata.name ?? name}`.slice(
                0,
                32,
            );
            state.status = {
                loadBalancer: {
                    ingress: [
                        { hostname: `${lb}-${suffix(name, 10)}.${region}.elb.amazonaws.com` },
                    ],
                },
            };
            break;
        }
        case "ec2/SecurityGroup":
        case "ec2/DefaultSecurityGroup":
            arn = `arn:aws:ec2:${region}:${FAKE_ACCOUNT}:security-group/${id}`;
            break;
        default:
            break;
    }
    if (state.arn === undefined) state.arn = arn;
    if (state.name === undefined) state.name = physical;
    return { id, state };
}

/**
 * Outputs of a remote component, enough for a program to complete: the shapes its consumers read,
 * unknown in a first preview and fake-but-known with `--known`.
 */
export function remoteComponentOutputs(
    type: string,
    name: string,
    inputs: Record<string, unknown>,
    known: boolean,
    region = "us-east-1",
): Record<string, unknown> {
    const value = (fake: string) => (known ? fake : UNKNOWN);
    switch (type) {
        case "awsx:ec2:Vpc": {
            const azs =
                typeof inputs.numberOfAvailabilityZones === "number"
                    ? inputs.numberOfAvailabilityZones
                    : 3;
            const specs = Array.isArray(inputs.subnetSpecs)
                ? (inputs.subnetSpecs as { type?: string }[])
                : undefined;
            const has = (t: string) => (specs ? specs.some((s) => s.type === t) : t !== "Isolated");
            const ids = (t: string) =>
                has(t)
                    ? Array.from({ length: azs }, (_, i) =>
                          value(`subnet-0${suffix(`${name}-${t}-${i}`, 16)}`),
                      )
                    : [];
            return {
                vpcId: value(`vpc-0${suffix(name, 16)}`),
                privateSubnetIds: ids("Private"),
                publicSubnetIds: ids("Public"),
                isolatedSubnetIds: ids("Isolated"),
            };
        }
        case "eks:index:Cluster": {
            // Only the plain outputs programs read (not the resource references eksCluster,
            // core, ...): a kubeconfig that a kubernetes provider accepts, and the groups.
            const clusterName =
                typeof inputs.name === "string"
                    ? inputs.name
                    : `${name}-eksCluster-${suffix(name)}`;
            const kubeconfig = {
                apiVersion: "v1",
                kind: "Config",
                clusters: [
                    {
                        name: clusterName,
                        cluster: {
                            server: `https://${suffix(name, 32).toUpperCase()}.gr7.${region}.eks.amazonaws.com`,
                            "certificate-authority-data": Buffer.from(
                                "offline-plan-placeholder-ca",
                            ).toString("base64"),
                        },
                    },
                ],
                contexts: [
                    { name: clusterName, context: { cluster: clusterName, user: clusterName } },
                ],
                "current-context": clusterName,
                users: [
                    {
                        name: clusterName,
                        user: {
                            exec: {
                                apiVersion: "client.authentication.k8s.io/v1beta1",
                                command: "aws",
                                args: [
                                    "eks",
                                    "get-token",
                                    "--cluster-name",
                                    clusterName,
                                    "--output",
                                    "json",
                                ],
                            },
                        },
                    },
                ],
            };
            return {
                kubeconfig: known ? kubeconfig : UNKNOWN,
                kubeconfigJson: value(JSON.stringify(kubeconfig)),
                clusterSecurityGroupId: value(`sg-0${suffix(`${name}-cluster`, 16)}`),
                nodeSecurityGroupId: value(`sg-0${suffix(`${name}-node`, 16)}`),
            };
        }
        default:
            // Unknown remote components echo their inputs: enough for programs that only pass them on.
            return { ...inputs };
    }
}

/** A one-line summary of a remote component's args, shown in the tree in place of its children. */
export function describeRemote(type: string, inputs: Record<string, unknown>): string | undefined {
    if (type === "awsx:ec2:Vpc") {
        const azs =
            typeof inputs.numberOfAvailabilityZones === "number"
                ? inputs.numberOfAvailabilityZones
                : 3;
        const nat =
            (inputs.natGateways as { strategy?: string } | undefined)?.strategy ?? "OnePerAz";
        const natCount = nat === "Single" ? 1 : nat === "None" ? 0 : azs;
        const cidr = typeof inputs.cidrBlock === "string" ? inputs.cidrBlock : "10.0.0.0/16";
        const endpoints = Array.isArray(inputs.vpcEndpointSpecs)
            ? inputs.vpcEndpointSpecs.length
            : 0;
        return (
            `${cidr}, ${azs} AZs, NAT gateways: ${nat} (${natCount} NAT gateway${natCount === 1 ? "" : "s"})` +
            (endpoints ? `, ${endpoints} gateway endpoint${endpoints === 1 ? "" : "s"}` : "")
        );
    }
    if (type === "eks:index:Cluster") {
        const version =
            typeof inputs.version === "string"
                ? `Kubernetes ${inputs.version}`
                : "Kubernetes (latest)";
        const cidrs = Array.isArray(inputs.publicAccessCidrs) ? inputs.publicAccessCidrs : [];
        const endpoint =
            inputs.endpointPublicAccess === false
                ? "private endpoint"
                : `public endpoint${cidrs.length ? ` (${cidrs.join(", ")})` : " (0.0.0.0/0)"}`;
        const logs = Array.isArray(inputs.enabledClusterLogTypes)
            ? inputs.enabledClusterLogTypes.join(", ")
            : "none";
        const nodes =
            inputs.skipDefaultNodeGroup === true ? "no default node group" : "default node group";
        return `${version}, ${endpoint}, logs: ${logs}, ${nodes}`;
    }
    return undefined;
}
