/**
 * Pure validation for AppPlatform: runs before any resource is registered, and every message
 * names the component, its name and the argument at fault.
 */
import type * as aws from "@pulumi/aws";
import { ipv4NetworkCidr, parseIpv4Cidr } from "../lib/cidr";
import { CLOUDWATCH_LOG_RETENTION_DAYS, isLogRetentionDays } from "../lib/log-retention";
import {
    APP_DEFAULTS,
    appWithDefaults,
    CAPACITY_TYPES,
    CONTROL_PLANE_LOG_TYPES,
    NAMESPACE_LIMITS_DEFAULTS,
    NAMESPACE_QUOTA_DEFAULTS,
    NODE_AMI_TYPES,
    nodeGroupWithDefaults,
    REQUIRED_CONTROL_PLANE_LOG_TYPES,
} from "./defaults";
import type { AppPlatformArgs, NodeGroupArgs } from "./args";
import { APP_STATEMENT_SIDS } from "./policies";

/** Namespaces Kubernetes owns: an environment never takes one of them. */
export const RESERVED_NAMESPACES: readonly string[] = [
    "default",
    "kube-system",
    "kube-public",
    "kube-node-lease",
];

/** Days AppPlatform accepts for `accessLogRetentionDays`. */
export const ACCESS_LOG_RETENTION_RANGE = { min: 1, max: 3650 } as const;

/** A value as a message shows it: strings quoted, arrays as JSON, numbers as written. */
function show(value: unknown): string {
    if (value === undefined || typeof value === "number") return String(value);
    return JSON.stringify(value);
}

type Fail = (message: string) => never;

/** A DNS-1123 label of at most `max` characters (Kubernetes object and namespace names). */
function isLabel(text: unknown, max: number): boolean {
    return (
        typeof text === "string" &&
        text.length <= max &&
        /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(text)
    );
}

/** A Kubernetes resource quantity: `250m`, `1`, `0.5`, `512Mi`, `8Gi`. */
export function isQuantity(text: unknown): boolean {
    return (
        typeof text === "string" && /^(\d+(\.\d+)?|\.\d+)(m|k|M|G|T|P|Ki|Mi|Gi|Ti|Pi)?$/.test(text)
    );
}

const QUANTITY_SUFFIXES: Record<string, number> = {
    "": 1,
    m: 1e-3,
    k: 1e3,
    M: 1e6,
    G: 1e9,
    T: 1e12,
    P: 1e15,
    Ki: 2 ** 10,
    Mi: 2 ** 20,
    Gi: 2 ** 30,
    Ti: 2 ** 40,
    Pi: 2 ** 50,
};

/** A Kubernetes quantity's value (cores, bytes); undefined when it is not one. */
export function quantityValue(text: unknown): number | undefined {
    if (!isQuantity(text)) return undefined;
    const m = /^([\d.]+)([A-Za-z]*)$/.exec(text as string)!;
    return Number(m[1]) * QUANTITY_SUFFIXES[m[2]];
}

/** Lower-case DNS name of two or more labels, no trailing dot (ACM certificates, Route 53). */
const DOMAIN_NAME =
    /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]([a-z0-9-]{0,61}[a-z0-9])?$/;
const HOSTED_ZONE_ID = /^Z[A-Z0-9]{1,31}$/;
const ROLE_ARN = /^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]{1,512}$/;
const TABLE_ARN = /^arn:aws[a-z-]*:dynamodb:[a-z0-9-]+:\d{12}:table\/[A-Za-z0-9_.-]{3,255}$/;
const TOPIC_ARN = /^arn:aws[a-z-]*:sns:[a-z0-9-]+:\d{12}:[A-Za-z0-9_-]{1,256}(\.fifo)?$/;
const KMS_KEY_ARN = /^arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:key\/[A-Za-z0-9-]+$/;
const SECRET_ARN = /^arn:aws[a-z-]*:secretsmanager:[a-z0-9-]+:\d{12}:secret:[\w/+=.@-]+$/;
const DOMAIN_ARN = /^arn:aws[a-z-]*:es:[a-z0-9-]+:\d{12}:domain\/[a-z][a-z0-9-]{2,27}$/;
/** A fully qualified Pulumi stack name: `<organization>/<project>/<stack>`. */
const STACK_NAME = /^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/;
/** EKS cluster names: 1..100 of letters, digits, `-` and `_`, starting alphanumeric. */
const CLUSTER_NAME = /^[0-9A-Za-z][A-Za-z0-9_-]{0,99}$/;
/** ECR image tags: up to 128 of letters, digits, `_`, `.`, `-`, not starting with `.` or `-`. */
const IMAGE_TAG = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/;
const INSTANCE_TYPE = /^[a-z][a-z0-9-]*\.[a-z0-9]+$/;
const LABEL_KEY =
    /^([a-z0-9]([-a-z0-9.]*[a-z0-9])?\/)?[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/;
const LABEL_VALUE = /^([A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?)?$/;
const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Arguments that only make sense for a cluster the stack owns. */
const OWNED_CLUSTER_ARGS = [
    "clusterName",
    "kubernetesVersion",
    "vpcId",
    "vpcCidr",
    "privateSubnetIds",
    "publicSubnetIds",
    "publicAccessCidrs",
    "controlPlaneLogTypes",
    "adminRoleArns",
    "nodeGroups",
] as const;

/** Checks a plain-string argument against a pattern; Outputs are left to AWS. */
function checkArn(fail: Fail, arg: string, value: unknown, pattern: RegExp, like: string): void {
    if (typeof value === "string" && !pattern.test(value)) {
        fail(`${arg} must be ${like}, got ${show(value)}`);
    }
}

function checkInteger(fail: Fail, arg: string, value: unknown, min: number, max: number): void {
    if (typeof value !== "number" || !Number.isInteger(value) || value < min || value > max) {
        fail(`${arg} must be an integer from ${min} to ${max}, got ${show(value)}`);
    }
}

function checkQuantity(fail: Fail, arg: string, value: unknown): void {
    if (!isQuantity(value)) {
        fail(
            `${arg} must be a Kubernetes quantity like "500m", "2" or "512Mi", got ${show(value)}`,
        );
    }
}

function checkNodeGroup(fail: Fail, group: NodeGroupArgs, seen: Set<string>): void {
    const g = nodeGroupWithDefaults(group);
    if (typeof g.name !== "string" || !/^[a-z][a-z0-9-]{0,30}$/.test(g.name)) {
        fail(
            `nodeGroups: names must be 1..31 of [a-z0-9-] starting with a letter, got ${show(g.name)}`,
        );
    }
    if (seen.has(g.name)) fail(`nodeGroups: "${g.name}" is declared more than once`);
    seen.add(g.name);
    const where = `nodeGroups "${g.name}"`;
    if (!Array.isArray(g.instanceTypes) || g.instanceTypes.length === 0) {
        fail(
            `${where}: instanceTypes must list at least one EC2 instance type, got ${show(g.instanceTypes)}`,
        );
    }
    for (const type of g.instanceTypes) {
        if (typeof type !== "string" || !INSTANCE_TYPE.test(type)) {
            fail(
                `${where}: instanceTypes must be EC2 instance types like "m6i.large", got ${show(type)}`,
            );
        }
    }
    checkInteger(fail, `${where}: maxSize`, g.maxSize, 1, 450);
    checkInteger(fail, `${where}: minSize`, g.minSize, 0, g.maxSize);
    if (
        typeof g.desiredSize !== "number" ||
        !Number.isInteger(g.desiredSize) ||
        g.desiredSize < g.minSize ||
        g.desiredSize > g.maxSize
    ) {
        fail(
            `${where}: desiredSize must be an integer from minSize ${g.minSize} to maxSize ${g.maxSize}, got ${show(g.desiredSize)}`,
        );
    }
    checkInteger(fail, `${where}: diskSizeGb`, g.diskSizeGb, 20, 16384);
    if (!CAPACITY_TYPES.includes(g.capacityType)) {
        fail(
            `${where}: capacityType must be ${CAPACITY_TYPES.map(show).join(" or ")}, got ${show(g.capacityType)}`,
        );
    }
    if (!NODE_AMI_TYPES.includes(g.amiType)) {
        fail(
            `${where}: amiType must be ${NODE_AMI_TYPES.map(show).join(" or ")}, got ${show(g.amiType)}`,
        );
    }
    for (const [key, value] of Object.entries(g.labels)) {
        if (!LABEL_KEY.test(key) || typeof value !== "string" || !LABEL_VALUE.test(value)) {
            fail(
                `${where}: labels must be Kubernetes label keys and values, got ${show(key)}: ${show(value)}`,
            );
        }
    }
}

function checkCluster(fail: Fail, args: AppPlatformArgs): void {
    if (args.sharedClusterStack !== undefined) {
        if (
            typeof args.sharedClusterStack !== "string" ||
            !STACK_NAME.test(args.sharedClusterStack)
        ) {
            fail(
                `sharedClusterStack must be a fully qualified stack name "<organization>/<project>/<stack>", ` +
                    `got ${show(args.sharedClusterStack)}`,
            );
        }
        const set = OWNED_CLUSTER_ARGS.filter((arg) => args[arg] !== undefined);
        if (set.length > 0) {
            fail(
                `${set.join(", ")} ${set.length === 1 ? "is" : "are"} for a cluster this stack owns; ` +
                    `with sharedClusterStack the cluster, its network and its nodes come from ` +
                    `${show(args.sharedClusterStack)}`,
            );
        }
        return;
    }

    for (const required of [
        "kubernetesVersion",
        "vpcId",
        "vpcCidr",
        "privateSubnetIds",
        "publicSubnetIds",
    ] as const) {
        const value = args[required];
        if (value === undefined || value === null || value === "") {
            fail(
                `${required} is required for a cluster this stack owns (no sharedClusterStack), got ${show(value)}`,
            );
        }
    }
    if (typeof args.kubernetesVersion !== "string" || !/^1\.\d{2}$/.test(args.kubernetesVersion)) {
        fail(
            `kubernetesVersion must be a Kubernetes minor version like "1.33", got ${show(args.kubernetesVersion)}`,
        );
    }
    if (
        args.clusterName !== undefined &&
        (typeof args.clusterName !== "string" || !CLUSTER_NAME.test(args.clusterName))
    ) {
        fail(
            `clusterName must be 1..100 of letters, digits, "-" and "_", starting with a letter or digit, ` +
                `got ${show(args.clusterName)}`,
        );
    }

    const cidrs = args.publicAccessCidrs ?? [];
    const seen = new Set<string>();
    for (const cidr of cidrs) {
        const parsed = typeof cidr === "string" ? parseIpv4Cidr(cidr) : undefined;
        if (parsed === undefined) {
            fail(
                `publicAccessCidrs must be IPv4 CIDR blocks like "203.0.113.0/24", got ${show(cidr)}`,
            );
        }
        if (parsed.prefix === 0) {
            fail(
                `publicAccessCidrs must not include ${show(cidr)}: it opens the Kubernetes API server ` +
                    `to the whole internet; list the networks that administer the cluster, or none ` +
                    `for a private endpoint`,
            );
        }
        if (ipv4NetworkCidr(parsed) !== cidr) {
            fail(
                `publicAccessCidrs must be written with their network address, ` +
                    `${show(ipv4NetworkCidr(parsed))} not ${show(cidr)}`,
            );
        }
        if (seen.has(cidr)) fail(`publicAccessCidrs lists ${show(cidr)} more than once`);
        seen.add(cidr);
    }

    const logTypes = args.controlPlaneLogTypes ?? REQUIRED_CONTROL_PLANE_LOG_TYPES;
    const logSeen = new Set<string>();
    for (const type of logTypes) {
        if (!CONTROL_PLANE_LOG_TYPES.includes(type)) {
            fail(
                `controlPlaneLogTypes must be of ${CONTROL_PLANE_LOG_TYPES.map(show).join(", ")}, got ${show(type)}`,
            );
        }
        if (logSeen.has(type)) fail(`controlPlaneLogTypes lists ${show(type)} more than once`);
        logSeen.add(type);
    }
    const missing = REQUIRED_CONTROL_PLANE_LOG_TYPES.filter((t) => !logSeen.has(t));
    if (missing.length > 0) {
        fail(
            `controlPlaneLogTypes must include ${REQUIRED_CONTROL_PLANE_LOG_TYPES.map(show).join(", ")} ` +
                `(who called the API, what changed, how they authenticated); missing ${missing.map(show).join(", ")}`,
        );
    }

    const roles = new Set<string>();
    for (const arn of args.adminRoleArns ?? []) {
        checkArn(
            fail,
            "adminRoleArns",
            arn,
            ROLE_ARN,
            'IAM role ARNs ("arn:aws:iam::<account>:role/<name>")',
        );
        if (roles.has(arn)) fail(`adminRoleArns lists ${show(arn)} more than once`);
        roles.add(arn);
    }

    if (
        args.nodeGroups !== undefined &&
        (!Array.isArray(args.nodeGroups) || args.nodeGroups.length === 0)
    ) {
        fail(`nodeGroups must list at least one node group, got ${show(args.nodeGroups)}`);
    }
    const groups = new Set<string>();
    for (const group of args.nodeGroups ?? []) checkNodeGroup(fail, group, groups);
}

function checkNamespace(fail: Fail, args: AppPlatformArgs): void {
    // The log shipper's namespace is `<namespace>-logs`: both must be valid 63-character labels.
    if (!isLabel(args.namespace, 58)) {
        fail(
            `namespace must be 1..58 of [a-z0-9-], starting and ending with a letter or digit ` +
                `(its log namespace adds "-logs"), got ${show(args.namespace)}`,
        );
    }
    if (RESERVED_NAMESPACES.includes(args.namespace)) {
        fail(
            `namespace ${show(args.namespace)} is reserved by Kubernetes (${RESERVED_NAMESPACES.join(", ")})`,
        );
    }
    const quota = { ...NAMESPACE_QUOTA_DEFAULTS, ...(args.quota ?? {}) };
    for (const key of ["requestsCpu", "requestsMemory", "limitsCpu", "limitsMemory"] as const) {
        checkQuantity(fail, `quota.${key}`, quota[key]);
    }
    checkInteger(fail, "quota.pods", quota.pods, 1, 10000);
    const limits = { ...NAMESPACE_LIMITS_DEFAULTS, ...(args.limits ?? {}) };
    for (const [key, value] of Object.entries(limits)) checkQuantity(fail, `limits.${key}`, value);
}

function checkApp(fail: Fail, args: AppPlatformArgs): void {
    if (!Array.isArray(args.repositories) || args.repositories.length === 0) {
        fail(`repositories must name at least one service, got ${show(args.repositories)}`);
    }
    const repos = new Set<string>();
    for (const repo of args.repositories) {
        if (typeof repo !== "string" || !/^[a-z][a-z0-9-]{0,62}$/.test(repo)) {
            fail(
                `repositories must be service names of 1..63 of [a-z0-9-] starting with a letter, got ${show(repo)}`,
            );
        }
        if (repos.has(repo)) fail(`repositories lists ${show(repo)} more than once`);
        repos.add(repo);
    }
    if (args.keepTaggedImages !== undefined) {
        checkInteger(fail, "keepTaggedImages", args.keepTaggedImages, 1, 1000);
    }

    if (args.app === undefined || args.app === null) fail(`app is required, got ${show(args.app)}`);
    const app = appWithDefaults(args.app);
    if (!isLabel(app.name, 63)) {
        fail(`app.name must be a DNS label (1..63 of [a-z0-9-]), got ${show(app.name)}`);
    }
    if (!repos.has(app.repository)) {
        fail(
            `app.repository must be one of repositories (${[...repos].map(show).join(", ")}), got ${show(app.repository)}`,
        );
    }
    if (typeof app.imageTag !== "string" || !IMAGE_TAG.test(app.imageTag)) {
        fail(
            `app.imageTag must be an image tag (1..128 of [A-Za-z0-9_.-]), got ${show(app.imageTag)}`,
        );
    }
    if (app.imageTag === "latest") {
        fail(
            `app.imageTag must name one release; "latest" names whatever was pushed last (tags are immutable here)`,
        );
    }
    // A non-root process cannot bind a port below 1024.
    checkInteger(fail, "app.port", app.port, 1024, 65535);
    checkInteger(fail, "app.replicas", app.replicas, 1, 100);
    checkInteger(fail, "app.maxReplicas", app.maxReplicas, app.replicas, 100);
    checkInteger(fail, "app.targetCpuUtilizationPercent", app.targetCpuUtilizationPercent, 10, 100);
    for (const key of ["cpuRequest", "memoryRequest", "cpuLimit", "memoryLimit"] as const) {
        checkQuantity(fail, `app.${key}`, app[key]);
    }
    for (const key of ["livenessPath", "readinessPath"] as const) {
        const path = app[key];
        if (typeof path !== "string" || !/^\/[\x21-\x7e]*$/.test(path)) {
            fail(
                `app.${key} must be an absolute HTTP path like ${show(APP_DEFAULTS[key])}, got ${show(path)}`,
            );
        }
    }
    for (const variable of Object.keys(app.environment)) {
        if (!ENV_NAME.test(variable)) {
            fail(`app.environment names must be [A-Za-z_][A-Za-z0-9_]*, got ${show(variable)}`);
        }
        if (variable === "AWS_REGION") fail(`app.environment.AWS_REGION is set by the platform`);
    }
}

/**
 * The quota must hold the app at its largest: maxReplicas pods plus the one a rolling update
 * adds (maxSurge 1), each with its requests and limits.
 */
function checkQuotaHoldsApp(fail: Fail, args: AppPlatformArgs): void {
    const app = appWithDefaults(args.app);
    const quota = { ...NAMESPACE_QUOTA_DEFAULTS, ...(args.quota ?? {}) };
    const pods = app.maxReplicas + 1;
    const pairs = [
        ["requestsCpu", "cpuRequest"],
        ["requestsMemory", "memoryRequest"],
        ["limitsCpu", "cpuLimit"],
        ["limitsMemory", "memoryLimit"],
    ] as const;
    for (const [total, each] of pairs) {
        const need = quantityValue(app[each])! * pods;
        if (need > quantityValue(quota[total])! * (1 + 1e-9)) {
            fail(
                `quota.${total} ${show(quota[total])} cannot hold the app at its largest: ` +
                    `app.maxReplicas ${app.maxReplicas} + 1 (rolling update) x app.${each} ${show(app[each])}`,
            );
        }
    }
    if (pods > quota.pods) {
        fail(
            `quota.pods ${quota.pods} cannot hold the app at its largest: ` +
                `app.maxReplicas ${app.maxReplicas} + 1 (rolling update)`,
        );
    }
}

function checkIngress(fail: Fail, args: AppPlatformArgs): void {
    if (typeof args.domainName !== "string" || !DOMAIN_NAME.test(args.domainName)) {
        fail(
            `domainName must be a lower-case DNS name like "app.example.com" (no trailing dot), got ${show(args.domainName)}`,
        );
    }
    if (args.hostedZoneId === undefined || args.hostedZoneId === "") {
        fail(
            `hostedZoneId is required (the Route 53 zone that validates the certificate and holds domainName), got ${show(args.hostedZoneId)}`,
        );
    }
    checkArn(
        fail,
        "hostedZoneId",
        args.hostedZoneId,
        HOSTED_ZONE_ID,
        'a Route 53 zone id like "Z0123456789ABCDEFGHIJ"',
    );
    const prefix = args.accessLogPrefix;
    if (
        prefix !== undefined &&
        (typeof prefix !== "string" ||
            !/^[a-z0-9][a-z0-9-]*(\/[a-z0-9][a-z0-9-]*)*$/.test(prefix) ||
            prefix.includes("AWSLogs"))
    ) {
        fail(
            `accessLogPrefix must be path segments of [a-z0-9-] without leading or trailing "/", got ${show(prefix)}`,
        );
    }
    if (args.accessLogRetentionDays !== undefined) {
        const { min, max } = ACCESS_LOG_RETENTION_RANGE;
        checkInteger(fail, "accessLogRetentionDays", args.accessLogRetentionDays, min, max);
    }
}

function checkGrants(fail: Fail, args: AppPlatformArgs): void {
    for (const arn of args.tableArns ?? []) {
        checkArn(
            fail,
            "tableArns",
            arn,
            TABLE_ARN,
            'DynamoDB table ARNs ("arn:aws:dynamodb:<region>:<account>:table/<name>")',
        );
    }
    checkArn(
        fail,
        "topicArn",
        args.topicArn,
        TOPIC_ARN,
        'an SNS topic ARN ("arn:aws:sns:<region>:<account>:<name>")',
    );
    if (args.topicKeyArn !== undefined && args.topicArn === undefined) {
        fail(`topicKeyArn is the key of topicArn's topic: set topicArn too`);
    }
    checkArn(
        fail,
        "topicKeyArn",
        args.topicKeyArn,
        KMS_KEY_ARN,
        'a KMS key ARN ("arn:aws:kms:<region>:<account>:key/<id>")',
    );
    for (const arn of args.secretArns ?? []) {
        checkArn(
            fail,
            "secretArns",
            arn,
            SECRET_ARN,
            'Secrets Manager secret ARNs ("arn:aws:secretsmanager:<region>:<account>:secret:<name>")',
        );
    }
    const doc = args.reminderPolicyDocument;
    if (doc !== undefined) {
        if (doc === null || typeof doc !== "object" || !Array.isArray(doc.Statement)) {
            fail(
                `reminderPolicyDocument must be a policy document object with a plain Statement list ` +
                    `(ReminderWorkflow.appPolicyDocument), got ${show(doc)}`,
            );
        }
        for (const statement of doc.Statement as aws.iam.PolicyStatement[]) {
            const sid = (statement as { Sid?: unknown }).Sid;
            if (typeof sid === "string" && APP_STATEMENT_SIDS.includes(sid)) {
                fail(
                    `reminderPolicyDocument reuses the Sid ${show(sid)} of the app policy's own statements`,
                );
            }
        }
    }
    const hasArn = args.searchDomainArn !== undefined;
    const hasEndpoint = args.searchDomainEndpoint !== undefined;
    if (hasArn !== hasEndpoint) {
        fail(
            hasArn
                ? `searchDomainArn needs searchDomainEndpoint (the host Fluent Bit ships to)`
                : `searchDomainEndpoint needs searchDomainArn (what the log shipper's role may write to)`,
        );
    }
    checkArn(
        fail,
        "searchDomainArn",
        args.searchDomainArn,
        DOMAIN_ARN,
        'an OpenSearch domain ARN ("arn:aws:es:<region>:<account>:domain/<name>")',
    );
    const endpoint = args.searchDomainEndpoint;
    if (
        typeof endpoint === "string" &&
        (endpoint.includes("://") || endpoint.includes("/") || !endpoint.includes("."))
    ) {
        fail(
            `searchDomainEndpoint must be the domain's host name, without scheme or path, got ${show(endpoint)}`,
        );
    }
}

/**
 * Throws the first problem with an AppPlatform's arguments, as
 * `AppPlatform "<name>": <argument> must be ..., got ...`. Arguments left undefined are checked
 * at their defaults.
 */
export function validateAppPlatformArgs(name: string, args: AppPlatformArgs): void {
    const fail: Fail = (message: string): never => {
        throw new Error(`AppPlatform "${name}": ${message}`);
    };
    checkCluster(fail, args);
    checkNamespace(fail, args);
    checkApp(fail, args);
    checkQuotaHoldsApp(fail, args);
    checkIngress(fail, args);
    checkGrants(fail, args);
    const retention = args.logRetentionDays;
    if (retention !== undefined && !isLogRetentionDays(retention)) {
        fail(
            `logRetentionDays must be one of ${CLOUDWATCH_LOG_RETENTION_DAYS.join(", ")}, got ${show(retention)}`,
        );
    }
}
