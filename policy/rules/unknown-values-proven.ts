import {
    allowStatements,
    documentsOf,
    isServicePrincipal,
    MANAGED_POLICY_ATTACHMENTS,
    typesWithDocuments,
} from "../lib/iam";
import { containsUnknown, isUnknown, Resource, stackRule } from "../lib/rule";
import { describeAll, provenance, sourcesOf } from "../lib/network";

/** Resources whose outputs are the program's own network placement (subnets, groups, VPCs). */
const NETWORK_SOURCES = [
    "aws:ec2/subnet:Subnet",
    "aws:ec2/securityGroup:SecurityGroup",
    "aws:ec2/vpc:Vpc",
    "awsx:ec2:Vpc",
    "aws:eks/cluster:Cluster",
    "eks:index:Cluster",
    // Another stack's exported ids: as trustworthy as a literal id, which the rules accept too.
    "pulumi:pulumi:StackReference",
];

/** Resources whose outputs name a principal: a role, a user, a group, an identity provider. */
const PRINCIPAL_SOURCES = [
    "aws:iam/role:Role",
    "aws:iam/user:User",
    "aws:iam/group:Group",
    "aws:iam/serviceLinkedRole:ServiceLinkedRole",
    "aws:iam/openIdConnectProvider:OpenIdConnectProvider",
    "aws:iam/samlProvider:SamlProvider",
    "aws:cloudfront/originAccessIdentity:OriginAccessIdentity",
    "pulumi:pulumi:StackReference",
];

/** One input whose unknown value must be proven by where it comes from. */
interface Proof {
    readonly types: readonly string[];
    readonly property: string;
    /** The resource types an unknown value may come from, and how to say so in a message. */
    readonly sources: readonly string[];
    readonly what: string;
    readonly fix: string;
}

const LAMBDA = "aws:lambda/function:Function";
const NETWORK_FIX =
    "build it as a plain object whose subnet and security group ids are outputs of aws.ec2.Subnet / aws.ec2.SecurityGroup resources (or an awsx.ec2.Vpc) of this program, or literal ids";

const PROOFS: readonly Proof[] = [
    {
        types: [LAMBDA],
        property: "vpcConfig",
        sources: NETWORK_SOURCES,
        what: "a subnet, security group or VPC",
        fix: NETWORK_FIX,
    },
    {
        types: ["aws:opensearch/domain:Domain", "aws:elasticsearch/domain:Domain"],
        property: "vpcOptions",
        sources: NETWORK_SOURCES,
        what: "a subnet, security group or VPC",
        fix: NETWORK_FIX,
    },
    {
        types: [
            "aws:elasticache/replicationGroup:ReplicationGroup",
            "aws:elasticache/cluster:Cluster",
        ],
        property: "subnetGroupName",
        sources: ["aws:elasticache/subnetGroup:SubnetGroup", "pulumi:pulumi:StackReference"],
        what: "an aws.elasticache.SubnetGroup",
        fix: "pass the name of an aws.elasticache.SubnetGroup of this program, or a literal name",
    },
    {
        types: ["aws:ec2/instance:Instance"],
        property: "subnetId",
        sources: NETWORK_SOURCES,
        what: "a subnet",
        fix: "pass the id of an aws.ec2.Subnet of this program (or of an awsx.ec2.Vpc), or a literal id",
    },
    ...Object.entries(MANAGED_POLICY_ATTACHMENTS).map(([type, { property }]) => ({
        types: [type],
        property,
        sources: ["aws:iam/policy:Policy"],
        what: "an aws.iam.Policy (whose document the pack checks)",
        fix: "pass the arn of an aws.iam.Policy of this program, or a literal AWS-managed policy ARN",
    })),
    {
        types: ["aws:lambda/permission:Permission"],
        property: "principal",
        sources: PRINCIPAL_SOURCES,
        what: "a role, user or identity provider",
        fix: 'pass a literal principal (an account id, a service such as "sns.amazonaws.com") or the arn of a role of this program',
    },
];

function describe(urns: readonly string[], resources: readonly Resource[]): string {
    const from = resources.filter((r) => urns.includes(r.urn));
    return from.length === 0
        ? "no resource"
        : [...new Set(from.map((r) => `${r.name} (${r.type})`))].sort().join(", ");
}

function proven(
    resource: Resource,
    property: string,
    sources: readonly string[],
    resources: readonly Resource[],
): boolean {
    return provenance(resource, property, sources, resources).proven;
}

/**
 * The input of a policy resource that names the resource its document guards: that resource's
 * ARN is what the document's `Resource` names, so it may sit beside the principals' sources.
 */
const GUARDED_INPUT: Record<string, string> = {
    "aws:sqs/queuePolicy:QueuePolicy": "queueUrl",
    "aws:sns/topicPolicy:TopicPolicy": "arn",
    "aws:s3/bucketPolicy:BucketPolicy": "bucket",
    "aws:ecr/repositoryPolicy:RepositoryPolicy": "repository",
    "aws:kms/keyPolicy:KeyPolicy": "keyId",
    "aws:opensearch/domainPolicy:DomainPolicy": "domainName",
    "aws:elasticsearch/domainPolicy:DomainPolicy": "domainName",
    "aws:secretsmanager/secretPolicy:SecretPolicy": "secretArn",
    "aws:kinesis/resourcePolicy:ResourcePolicy": "resourceArn",
    "aws:dynamodb/resourcePolicy:ResourcePolicy": "resourceArn",
    "aws:lambda/resourcePolicy:ResourcePolicy": "resourceArn",
    "aws:cloudwatch/eventBusPolicy:EventBusPolicy": "eventBusName",
    "aws:efs/fileSystemPolicy:FileSystemPolicy": "fileSystemId",
    "aws:backup/vaultPolicy:VaultPolicy": "backupVaultName",
    "aws:cloudwatch/logDestinationPolicy:LogDestinationPolicy": "destinationName",
    "aws:s3control/accessPointPolicy:AccessPointPolicy": "accessPointArn",
    "aws:msk/clusterPolicy:ClusterPolicy": "clusterArn",
    "aws:redshift/resourcePolicy:ResourcePolicy": "resourceArn",
    "aws:s3tables/tableBucketPolicy:TableBucketPolicy": "tableBucketArn",
    "aws:s3tables/tablePolicy:TablePolicy": "tableBucketArn",
};

/**
 * Principals unknown during preview in a resource or trust policy must come from a principal.
 * Dependencies are recorded for the whole document, so every resource it depends on must be a
 * principal source (or the resource the document guards): a role named in one statement vouches
 * for no `apply` in another.
 */
function principalFindings(resource: Resource, resources: readonly Resource[]): string[] {
    const out: string[] = [];
    const guarded = GUARDED_INPUT[resource.type];
    const tolerated = guarded ? sourcesOf(resource, guarded) : [];
    for (const doc of documentsOf(resource.type, resource.props, ["resource", "trust"])) {
        const at = doc.path.split(/[.[]/)[0];
        const unknown = doc.statements.filter((s) =>
            [...(s.principals ?? []), ...(s.notPrincipals ?? [])].some((p) => isUnknown(p.value)),
        );
        if (unknown.length === 0) continue;
        if (provenance(resource, at, PRINCIPAL_SOURCES, resources, tolerated).proven) continue;
        out.push(
            `${doc.path} ${unknown.map((s) => s.label).join(", ")}: a Principal is unknown during preview and does not come only from roles, users or identity providers of this program (it comes from ${describe(sourcesOf(resource, at), resources)}; dependencies are recorded for the whole document): write the principal as a literal (an account, a service) or use the arn of a role of this program, and keep other unknowns out of the document.`,
        );
    }
    return out;
}

/**
 * The provider modules whose resources a service principal acts for, by service: an unknown
 * `sourceArn` (or `aws:SourceArn`) for `sns.amazonaws.com` must come from an SNS resource of the
 * program (a topic), not from an `apply` over a queue. A service not listed acts for its own
 * module (`<service>.amazonaws.com` for `aws:<service>/...`).
 */
const SERVICE_MODULES: Record<string, readonly string[]> = {
    "events.amazonaws.com": ["cloudwatch", "scheduler"],
    "logs.amazonaws.com": ["cloudwatch"],
    "delivery.logs.amazonaws.com": ["cloudwatch"],
    "apigateway.amazonaws.com": ["apigateway", "apigatewayv2"],
    "elasticloadbalancing.amazonaws.com": ["lb", "alb", "elb"],
    "states.amazonaws.com": ["sfn"],
    "es.amazonaws.com": ["opensearch", "elasticsearch"],
    "opensearchservice.amazonaws.com": ["opensearch"],
    "cognito-idp.amazonaws.com": ["cognito"],
    "vpc-flow-logs.amazonaws.com": ["ec2"],
    "config.amazonaws.com": ["cfg"],
};

/** The provider module of a type token: `aws:sns/topic:Topic` is `sns`. */
function moduleOf(type: string): string | undefined {
    return /^aws:([^/:]+)\//.exec(type)?.[1];
}

/** True when `r` is a resource a service principal may act for (see SERVICE_MODULES). */
function actsFor(services: readonly string[], r: Resource): boolean {
    if (r.type === "pulumi:pulumi:StackReference") return true;
    const module = moduleOf(r.type);
    return services.some((service) => {
        const s = service.toLowerCase();
        const modules = SERVICE_MODULES[s] ?? [s.split(".")[0]];
        return module !== undefined && modules.includes(module);
    });
}

/** The source resources of `resource`'s input `property`, and whether they all act for `services`. */
function sourcesActFor(
    resource: Resource,
    property: string,
    services: readonly string[],
    resources: readonly Resource[],
    tolerated: readonly string[] = [],
    alsoAllowed: readonly string[] = [],
): { proven: boolean; from: readonly Resource[] } {
    const urns = sourcesOf(resource, property);
    const from = resources.filter((r) => urns.includes(r.urn));
    const complete = new Set(from.map((r) => r.urn)).size === new Set(urns).size;
    const vouches = (r: Resource) =>
        actsFor(services, r) || alsoAllowed.includes(r.type) || tolerated.includes(r.urn);
    return {
        proven: complete && from.some((r) => actsFor(services, r)) && from.every(vouches),
        from,
    };
}

/** A Lambda permission's unknown sourceArn must come from a resource of its service principal. */
function permissionSourceFindings(resource: Resource, resources: readonly Resource[]): string[] {
    const { principal, sourceArn } = resource.props;
    if (!isUnknown(sourceArn) || typeof principal !== "string" || isUnknown(principal)) return [];
    if (!isServicePrincipal(principal)) return [];
    const { proven, from } = sourcesActFor(resource, "sourceArn", [principal], resources);
    if (proven) return [];
    return [
        `sourceArn is unknown during preview and does not come only from resources ${principal} acts for (it comes from ${describe(
            from.map((r) => r.urn),
            resources,
        )}), so it could be any account's resource when applied: pass the arn output of the bucket, topic, rule or API of this program that invokes the function, or a literal ARN.`,
    ];
}

/**
 * An unknown `aws:SourceArn` in a statement granting a service principal must come from a
 * resource that service acts for. Dependencies are recorded for the whole document, so every
 * resource it depends on must be one (or a principal source, or the resource it guards).
 */
function conditionSourceFindings(resource: Resource, resources: readonly Resource[]): string[] {
    const out: string[] = [];
    const guarded = GUARDED_INPUT[resource.type];
    const tolerated = guarded ? sourcesOf(resource, guarded) : [];
    for (const doc of documentsOf(resource.type, resource.props, ["resource"])) {
        const at = doc.path.split(/[.[]/)[0];
        const unknown = doc.statements.filter(
            (s) =>
                (s.principals ?? []).some((p) => p.type === "Service") &&
                s.conditions.some(
                    (c) => c.key.toLowerCase() === "aws:sourcearn" && c.values.some(isUnknown),
                ),
        );
        if (unknown.length === 0) continue;
        const services = unknown.flatMap((s) =>
            (s.principals ?? [])
                .filter((p) => p.type === "Service" && !isUnknown(p.value))
                .map((p) => p.value),
        );
        const { proven } = sourcesActFor(
            resource,
            at,
            services,
            resources,
            tolerated,
            PRINCIPAL_SOURCES,
        );
        if (proven) continue;
        out.push(
            `${doc.path} ${unknown.map((s) => s.label).join(", ")}: aws:SourceArn is unknown during preview and does not come only from resources ${[...new Set(services)].join(", ")} acts for (it comes from ${describe(sourcesOf(resource, at), resources)}; dependencies are recorded for the whole document), so it could be any account's resource when applied: use the arn output of the program's source resource, or a literal ARN.`,
        );
    }
    return out;
}

/** Provider modules whose resources an IAM action prefix acts on, where the names differ. */
const ACTION_MODULES: Record<string, readonly string[]> = {
    logs: ["cloudwatch"],
    events: ["cloudwatch"],
    cloudwatch: ["cloudwatch"],
    states: ["sfn"],
    es: ["opensearch", "elasticsearch"],
    aoss: ["opensearch"],
    elasticloadbalancing: ["lb", "alb", "elb"],
    "execute-api": ["apigateway", "apigatewayv2"],
    apigateway: ["apigateway", "apigatewayv2"],
    kafka: ["msk"],
    "kafka-cluster": ["msk"],
    elasticfilesystem: ["efs"],
    firehose: ["kinesis"],
    "rds-db": ["rds"],
    sts: ["iam"],
    s3: ["s3", "s3control"],
    ec2: ["ec2", "vpc"],
    "cognito-idp": ["cognito"],
    ses: ["ses", "sesv2"],
};

/**
 * An unknown `Resource` in an identity policy must come from resources its actions act on: an
 * `s3:GetObject` grant whose resource is computed from a queue could be `*` when applied. The
 * document's dependencies are recorded as a whole, so every resource it depends on must be one
 * that some Allow statement's actions act on (or a component's or another stack's output).
 */
function identityResourceFindings(resource: Resource, resources: readonly Resource[]): string[] {
    const out: string[] = [];
    for (const doc of documentsOf(resource.type, resource.props, ["identity"])) {
        const allows = allowStatements([doc]).map((x) => x.statement);
        const unknown = allows.filter((s) => s.resources.some(isUnknown));
        if (unknown.length === 0) continue;
        const services = new Set(
            allows.flatMap((s) =>
                s.actions.map((a) => a.slice(0, Math.max(0, a.indexOf(":"))).toLowerCase()),
            ),
        );
        const modules = new Set([...services].flatMap((svc) => ACTION_MODULES[svc] ?? [svc]));
        const at = doc.path.split(/[.[]/)[0];
        const urns = sourcesOf(resource, at);
        const from = resources.filter((r) => urns.includes(r.urn));
        const actsOn = (r: Resource) => {
            // Outputs of components, remote components and other stacks: not judged here.
            if (!r.type.startsWith("aws:")) return true;
            const module = moduleOf(r.type);
            return module !== undefined && modules.has(module);
        };
        const strangers = from.filter((r) => !actsOn(r));
        if (from.length > 0 && strangers.length === 0) continue;
        out.push(
            `${doc.path} ${unknown.map((s) => s.label).join(", ")}: a Resource is unknown during preview and comes from ${from.length ? describeAll(strangers.length ? strangers : from) : "no resource"}, which the document's actions (${[...services].sort().join(", ")}) do not act on, so it could be "*" when applied: pass the arn output of the resource the actions act on, or a literal ARN.`,
        );
    }
    return out;
}

const DOCUMENT_TYPES = new Set(typesWithDocuments("resource", "trust"));
const IDENTITY_TYPES = new Set(typesWithDocuments("identity"));

/**
 * Fail closed by provenance. A risky input that is unknown during a first preview (a whole
 * `vpcConfig` or `vpcOptions`, a subnet, a managed policy ARN, a Lambda permission's principal, a
 * principal in a resource or trust policy) passes only when its propertyDependencies prove it
 * comes from a resource of the program that makes it safe: a subnet, security group or VPC; an
 * aws.iam.Policy whose document the pack checks; a role, user or identity provider. Anything else
 * (an `apply` over a queue's ARN that returns `"*"` or `undefined`) could be anything at `up`, so it
 * blocks, naming the input and how to write it plainly. Unknown CIDRs are judged by no-open-ingress
 * the same way.
 */
export const rule = stackRule({
    name: "unknown-values-proven",
    unknowns:
        "This rule: unknown vpcConfig, vpcOptions, subnets, policy ARNs, principals, service source ARNs and identity-policy resources pass only when every resource their top-level input depends on makes them safe (for a policy document, beside the resource it guards; for a source ARN, a resource the service acts for; for a Resource, a resource the document's actions act on): a safe source in one statement or entry vouches for no other.",
    description:
        "Risky inputs unknown during preview (vpcConfig, vpcOptions, subnets, policy ARNs, principals, a service's source ARN, an identity policy's resources) must come from program resources that make them safe, or be written plainly.",
    check: (resources) =>
        resources.flatMap((resource) => {
            const messages: string[] = [];
            for (const p of PROOFS) {
                if (!p.types.includes(resource.type)) continue;
                const value = resource.props[p.property];
                if (!containsUnknown(value)) continue;
                if (proven(resource, p.property, p.sources, resources)) continue;
                messages.push(
                    `${p.property} is unknown during preview and does not come from ${p.what} of this program (it comes from ${describe(sourcesOf(resource, p.property), resources)}), so it could be anything when applied: ${p.fix}.`,
                );
            }
            if (DOCUMENT_TYPES.has(resource.type)) {
                messages.push(...principalFindings(resource, resources));
                messages.push(...conditionSourceFindings(resource, resources));
            }
            if (IDENTITY_TYPES.has(resource.type)) {
                messages.push(...identityResourceFindings(resource, resources));
            }
            if (resource.type === "aws:lambda/permission:Permission") {
                messages.push(...permissionSourceFindings(resource, resources));
            }
            return messages.map((message) => ({ resource, message }));
        }),
});
