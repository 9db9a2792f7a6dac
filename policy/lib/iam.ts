/**
 * IAM documents as the least-privilege rules read them: where each resource type holds one, a
 * parser that turns a document (JSON string or `aws.iam.PolicyDocument` object, as the engine
 * passes it) into typed statements, and action matching that understands wildcards on both sides.
 * Pure functions over plain values; unknown values are the engine's sentinels (see ./rule).
 */
import { CatalogAction, iamCatalog } from "./iam-catalog";
import { isUnknown } from "./rule";

// --- Where documents live -------------------------------------------------------------------

/**
 * What a document governs. `identity`: what its holder may do (`*` means every resource).
 * `trust`: who may assume a role. `resource`: who may act on the resource that holds it (its
 * `Resource: "*"` means "this resource", so wildcard-resource rules do not apply).
 */
export type DocumentKind = "identity" | "trust" | "resource";

/** One property that holds an IAM document. */
export interface DocumentLocation {
    /** Property name; `inlinePolicies[].policy` for a document inside each element of a list. */
    readonly path: string;
    readonly kind: DocumentKind;
    /** True when the SDK accepts an `aws.iam.PolicyDocument` object here, not only a string. */
    readonly acceptsObject: boolean;
    /** For string-only properties: the resource whose document does accept an object. */
    readonly objectAlternative?: string;
}

const identity = (path = "policy"): DocumentLocation => ({
    path,
    kind: "identity",
    acceptsObject: path === "policy",
});
const resource = (
    path: string,
    acceptsObject: boolean,
    objectAlternative?: string,
): DocumentLocation => ({ path, kind: "resource", acceptsObject, objectAlternative });

/**
 * Every resource type (provider v7) with a property holding an IAM document, checked against
 * node_modules/@pulumi/aws. Identity: the IAM policy resources, Role inline policies and IAM
 * Identity Center inline policies. Trust: Role `assumeRolePolicy`. Resource: the services the
 * platform uses (SQS, SNS, S3, KMS, ECR, OpenSearch, Lambda, Secrets Manager, EventBridge, Kinesis,
 * DynamoDB, CloudWatch Logs), and EFS, Backup, Glacier (vaults and vault locks), MSK, Redshift
 * (and Serverless), Glue, S3 Tables, Vectors and Files, S3 on Outposts, Object Lambda and Access
 * Grants, Aurora DSQL, Managed Prometheus and SageMaker model groups, whose policies guard data;
 * and Private CA, CodeArtifact, ECR Public, CodeBuild and SES, whose policies hand over
 * certificates, packages, images, builds or a domain's mail. Left out on purpose:
 * VPC endpoint and API Gateway policies, where `Principal: "*"` narrowed by a network condition is
 * the normal form, and EKS Pod Identity session policies, which can only narrow a role.
 */
export const IAM_DOCUMENTS: Readonly<Record<string, readonly DocumentLocation[]>> = {
    "aws:iam/policy:Policy": [identity()],
    "aws:iam/rolePolicy:RolePolicy": [identity()],
    "aws:iam/userPolicy:UserPolicy": [identity()],
    "aws:iam/groupPolicy:GroupPolicy": [identity()],
    "aws:iam/role:Role": [
        { path: "assumeRolePolicy", kind: "trust", acceptsObject: true },
        {
            path: "inlinePolicies[].policy",
            kind: "identity",
            acceptsObject: false,
            objectAlternative: "aws.iam.RolePolicy",
        },
    ],
    "aws:ssoadmin/permissionSetInlinePolicy:PermissionSetInlinePolicy": [identity("inlinePolicy")],
    "aws:sqs/queue:Queue": [resource("policy", false, "aws.sqs.QueuePolicy")],
    "aws:sqs/queuePolicy:QueuePolicy": [resource("policy", true)],
    "aws:sns/topic:Topic": [resource("policy", false, "aws.sns.TopicPolicy")],
    "aws:sns/topicPolicy:TopicPolicy": [resource("policy", true)],
    "aws:s3/bucket:Bucket": [resource("policy", true)],
    "aws:s3/bucketV2:BucketV2": [resource("policy", false, "aws.s3.BucketPolicy")],
    "aws:s3/bucketPolicy:BucketPolicy": [resource("policy", true)],
    "aws:s3/accessPoint:AccessPoint": [resource("policy", false)],
    "aws:s3control/accessPointPolicy:AccessPointPolicy": [resource("policy", false)],
    "aws:kms/key:Key": [resource("policy", false)],
    "aws:kms/keyPolicy:KeyPolicy": [resource("policy", false)],
    "aws:kms/replicaKey:ReplicaKey": [resource("policy", false)],
    "aws:kms/externalKey:ExternalKey": [resource("policy", false)],
    "aws:kms/replicaExternalKey:ReplicaExternalKey": [resource("policy", false)],
    "aws:ecr/repositoryPolicy:RepositoryPolicy": [resource("policy", true)],
    "aws:ecr/registryPolicy:RegistryPolicy": [resource("policy", true)],
    "aws:ecr/repositoryCreationTemplate:RepositoryCreationTemplate": [
        resource("repositoryPolicy", false),
    ],
    "aws:opensearch/domain:Domain": [resource("accessPolicies", false)],
    "aws:opensearch/domainPolicy:DomainPolicy": [resource("accessPolicies", false)],
    "aws:elasticsearch/domain:Domain": [resource("accessPolicies", true)],
    "aws:elasticsearch/domainPolicy:DomainPolicy": [resource("accessPolicies", true)],
    "aws:lambda/resourcePolicy:ResourcePolicy": [resource("policy", false)],
    "aws:secretsmanager/secret:Secret": [resource("policy", false)],
    "aws:secretsmanager/secretPolicy:SecretPolicy": [resource("policy", false)],
    "aws:cloudwatch/eventBusPolicy:EventBusPolicy": [resource("policy", false)],
    "aws:kinesis/resourcePolicy:ResourcePolicy": [resource("policy", false)],
    "aws:dynamodb/resourcePolicy:ResourcePolicy": [resource("policy", false)],
    "aws:cloudwatch/logResourcePolicy:LogResourcePolicy": [resource("policyDocument", true)],
    "aws:cloudwatch/logDestinationPolicy:LogDestinationPolicy": [resource("accessPolicy", false)],
    "aws:efs/fileSystemPolicy:FileSystemPolicy": [resource("policy", false)],
    "aws:backup/vaultPolicy:VaultPolicy": [resource("policy", false)],
    // Data stores whose policies could open their data to anyone.
    "aws:glacier/vault:Vault": [resource("accessPolicy", false)],
    "aws:msk/clusterPolicy:ClusterPolicy": [resource("policy", false)],
    "aws:redshift/resourcePolicy:ResourcePolicy": [resource("policy", false)],
    "aws:glue/resourcePolicy:ResourcePolicy": [resource("policy", false)],
    "aws:s3tables/tableBucketPolicy:TableBucketPolicy": [resource("resourcePolicy", false)],
    "aws:s3tables/tablePolicy:TablePolicy": [resource("resourcePolicy", false)],
    "aws:s3/vectorsVectorBucketPolicy:VectorsVectorBucketPolicy": [resource("policy", false)],
    "aws:s3/filesFileSystemPolicy:FilesFileSystemPolicy": [resource("policy", false)],
    "aws:s3control/bucketPolicy:BucketPolicy": [resource("policy", false)],
    "aws:s3control/objectLambdaAccessPointPolicy:ObjectLambdaAccessPointPolicy": [
        resource("policy", false),
    ],
    "aws:s3control/accessGrantsInstanceResourcePolicy:AccessGrantsInstanceResourcePolicy": [
        resource("policy", false),
    ],
    "aws:glacier/vaultLock:VaultLock": [resource("policy", false)],
    "aws:dsql/clusterPolicy:ClusterPolicy": [resource("policy", false)],
    "aws:redshiftserverless/resourcePolicy:ResourcePolicy": [resource("policy", false)],
    "aws:amp/resourcePolicy:ResourcePolicy": [resource("policyDocument", false)],
    "aws:sagemaker/modelPackageGroupPolicy:ModelPackageGroupPolicy": [
        resource("resourcePolicy", false),
    ],
    // What a public grant hands over besides data: certificates issued by the private CA,
    // packages, images and builds others trust, mail sent as the program's domains.
    "aws:acmpca/policy:Policy": [resource("policy", false)],
    "aws:codeartifact/domainPermissions:DomainPermissions": [resource("policyDocument", false)],
    "aws:codeartifact/repositoryPermissionsPolicy:RepositoryPermissionsPolicy": [
        resource("policyDocument", false),
    ],
    "aws:ecrpublic/repositoryPolicy:RepositoryPolicy": [resource("policy", false)],
    "aws:codebuild/resourcePolicy:ResourcePolicy": [resource("policy", false)],
    "aws:ses/identityPolicy:IdentityPolicy": [resource("policy", false)],
    "aws:sesv2/emailIdentityPolicy:EmailIdentityPolicy": [resource("policy", false)],
};

/** The resource types holding a document of one of these kinds. */
export function typesWithDocuments(...kinds: DocumentKind[]): string[] {
    return Object.entries(IAM_DOCUMENTS)
        .filter(([, locations]) => locations.some((l) => kinds.includes(l.kind)))
        .map(([type]) => type);
}

/** A document as found in a resource's inputs, before parsing. */
export interface FoundDocument {
    /** Where it is, as written in messages: `policy`, `inlinePolicies[0].policy`. */
    readonly path: string;
    readonly location: DocumentLocation;
    readonly value: unknown;
}

/** The documents of the given kinds in a resource's inputs (absent ones are skipped). */
export function findDocuments(
    type: string,
    props: Record<string, unknown>,
    kinds: readonly DocumentKind[] = ["identity", "trust", "resource"],
): FoundDocument[] {
    const found: FoundDocument[] = [];
    for (const location of IAM_DOCUMENTS[type] ?? []) {
        if (!kinds.includes(location.kind)) continue;
        const [listKey, itemKey] = location.path.split("[].");
        if (itemKey === undefined) {
            found.push({ path: location.path, location, value: props[location.path] });
            continue;
        }
        const list = props[listKey];
        if (isUnknown(list)) {
            found.push({ path: listKey, location, value: list });
        } else if (Array.isArray(list)) {
            list.forEach((item, i) => {
                const path = `${listKey}[${i}].${itemKey}`;
                const value =
                    isUnknown(item) || item === null || typeof item !== "object"
                        ? item
                        : (item as Record<string, unknown>)[itemKey];
                found.push({ path, location, value });
            });
        }
    }
    return found.filter((d) => !isAbsent(d.value));
}

function isAbsent(value: unknown): boolean {
    return value === undefined || value === null || (typeof value === "string" && !value.trim());
}

// --- Parsing ---------------------------------------------------------------------------------

/** One entry of a `Principal`: `{ type: "*", value: "*" }` for the bare `"*"`. */
export interface PrincipalEntry {
    /** `AWS`, `Service`, `Federated`, `CanonicalUser`, or `*`. */
    readonly type: string;
    /** The principal, or an unknown sentinel (a reference to a program resource). */
    readonly value: string;
}

/** One key test of a `Condition`: `{ "StringEquals": { "aws:SourceAccount": "1234" } }`. */
export interface ConditionTest {
    readonly operator: string;
    readonly key: string;
    /** Values as written; unknown sentinels are references to program resources. */
    readonly values: readonly unknown[];
}

/** A statement, normalized. Lists are always lists; unreadable parts are left out. */
export interface Statement {
    /** How messages name it: `Statement`, `Statement[2]` or `Statement[2] (Sid "Read")`. */
    readonly label: string;
    readonly sid?: string;
    /** Undefined when unknown or malformed: rules then skip the statement. */
    readonly effect?: "Allow" | "Deny";
    /** Known actions as written (unknown elements are left out and reported). */
    readonly actions: readonly string[];
    readonly notActions: readonly string[];
    readonly hasNotAction: boolean;
    /** Resources as written; unknown sentinels are references to program resources. */
    readonly resources: readonly string[];
    readonly hasNotResource: boolean;
    /** Undefined when the statement has no readable Principal. */
    readonly principals?: readonly PrincipalEntry[];
    readonly notPrincipals?: readonly PrincipalEntry[];
    /** False when the Condition block, or one operator's block, is unknown. */
    readonly conditionsReadable: boolean;
    readonly conditions: readonly ConditionTest[];
}

/** A document, parsed. */
export interface ParsedDocument {
    readonly path: string;
    readonly location: DocumentLocation;
    readonly statements: readonly Statement[];
    /** True when the whole document (or its Statement list) could not be read. */
    readonly unreadable: boolean;
    /** Parts that are unknown during preview, as paths: `Statement[0].Action[1]`. */
    readonly unknownParts: readonly string[];
    /** Parts that are malformed, each with what is wrong. */
    readonly malformed: readonly string[];
}

type Json = Record<string, unknown>;

function isObject(v: unknown): v is Json {
    return v !== null && typeof v === "object" && !Array.isArray(v);
}

/** Parses one document; never throws. */
export function parseDocument(found: FoundDocument): ParsedDocument {
    const unknownParts: string[] = [];
    const malformed: string[] = [];
    const result = (statements: Statement[], unreadable: boolean): ParsedDocument => ({
        path: found.path,
        location: found.location,
        statements,
        unreadable,
        unknownParts,
        malformed,
    });

    let doc = found.value;
    if (isUnknown(doc)) {
        unknownParts.push("");
        return result([], true);
    }
    if (typeof doc === "string") {
        try {
            doc = JSON.parse(doc);
        } catch {
            malformed.push("is not valid JSON");
            return result([], true);
        }
    }
    if (!isObject(doc)) {
        malformed.push("is not a policy document (an object with a Statement list)");
        return result([], true);
    }
    const raw = doc.Statement;
    if (raw === undefined) return result([], false); // `{}`: no statements (Secrets Manager's "delete")
    if (isUnknown(raw)) {
        unknownParts.push("Statement");
        return result([], true);
    }
    if (!Array.isArray(raw) && !isObject(raw)) {
        malformed.push("Statement must be an object or a list of objects");
        return result([], true);
    }
    const entries: [string, unknown][] = Array.isArray(raw)
        ? raw.map((s, i) => [`Statement[${i}]`, s])
        : [["Statement", raw]];
    const statements: Statement[] = [];
    for (const [at, s] of entries) {
        if (isUnknown(s)) unknownParts.push(at);
        else if (!isObject(s)) malformed.push(`${at} must be an object`);
        else statements.push(parseStatement(at, s, unknownParts, malformed));
    }
    return result(statements, false);
}

function parseStatement(
    at: string,
    s: Json,
    unknownParts: string[],
    malformed: string[],
): Statement {
    const sid = typeof s.Sid === "string" && !isUnknown(s.Sid) ? s.Sid : undefined;
    let effect: Statement["effect"];
    if (isUnknown(s.Effect)) unknownParts.push(`${at}.Effect`);
    else if (s.Effect === "Allow" || s.Effect === "Deny") effect = s.Effect;
    else malformed.push(`${at}.Effect must be "Allow" or "Deny", got ${JSON.stringify(s.Effect)}`);

    const strings = (key: string, unknownIsReference: boolean): string[] => {
        const v = s[key];
        if (v === undefined) return [];
        const items: [string, unknown][] = Array.isArray(v)
            ? v.map((x, i) => [`${at}.${key}[${i}]`, x])
            : [[`${at}.${key}`, v]];
        const out: string[] = [];
        for (const [path, x] of items) {
            if (isUnknown(x)) {
                if (unknownIsReference) out.push(x as string);
                else unknownParts.push(path);
            } else if (typeof x === "string") out.push(x);
            else malformed.push(`${path} must be a string, got ${JSON.stringify(x)}`);
        }
        return out;
    };

    const principals = (key: string): PrincipalEntry[] | undefined => {
        const v = s[key];
        if (v === undefined) return undefined;
        if (isUnknown(v)) {
            unknownParts.push(`${at}.${key}`);
            return undefined;
        }
        if (v === "*") return [{ type: "*", value: "*" }];
        if (!isObject(v)) {
            malformed.push(
                `${at}.${key} must be "*" or an object such as { AWS: ... } or { Service: ... }, got ${JSON.stringify(v)}`,
            );
            return undefined;
        }
        const out: PrincipalEntry[] = [];
        for (const [type, values] of Object.entries(v)) {
            for (const value of Array.isArray(values) ? values : [values]) {
                if (typeof value === "string") out.push({ type, value });
                else malformed.push(`${at}.${key}.${type} must be a string or a list of strings`);
            }
        }
        return out;
    };

    // In document order, so problems are reported in the order they are written.
    const actions = strings("Action", false);
    const notActions = strings("NotAction", false);
    const resources = strings("Resource", true);
    const principalEntries = principals("Principal");
    const notPrincipals = principals("NotPrincipal");
    let conditionsReadable = true;
    const conditions: ConditionTest[] = [];
    if (isUnknown(s.Condition)) {
        unknownParts.push(`${at}.Condition`);
        conditionsReadable = false;
    } else if (isObject(s.Condition)) {
        for (const [operator, tests] of Object.entries(s.Condition)) {
            if (isUnknown(tests)) {
                unknownParts.push(`${at}.Condition.${operator}`);
                conditionsReadable = false;
            } else if (isObject(tests)) {
                for (const [key, values] of Object.entries(tests)) {
                    conditions.push({
                        operator,
                        key,
                        values: Array.isArray(values) ? values : [values],
                    });
                }
            } else malformed.push(`${at}.Condition.${operator} must be an object of keys`);
        }
    } else if (s.Condition !== undefined) {
        malformed.push(`${at}.Condition must be an object of operators`);
        conditionsReadable = false;
    }

    return {
        label: sid === undefined ? at : `${at} (Sid "${sid}")`,
        sid,
        effect,
        actions,
        notActions,
        hasNotAction: s.NotAction !== undefined,
        resources,
        hasNotResource: s.NotResource !== undefined,
        principals: principalEntries,
        notPrincipals,
        conditionsReadable,
        conditions,
    };
}

/** The parsed documents of the given kinds in a resource's inputs. */
export function documentsOf(
    type: string,
    props: Record<string, unknown>,
    kinds?: readonly DocumentKind[],
): ParsedDocument[] {
    return findDocuments(type, props, kinds).map(parseDocument);
}

/** The statements that allow, with the documents they are in (unreadable effects are skipped). */
export function allowStatements(
    docs: readonly ParsedDocument[],
): { doc: ParsedDocument; statement: Statement }[] {
    return docs.flatMap((doc) =>
        doc.statements
            .filter((statement) => statement.effect === "Allow")
            .map((statement) => ({ doc, statement })),
    );
}

// --- The one wildcard matcher ----------------------------------------------------------------

/**
 * IAM's wildcard match, used for every action, resource, principal and condition pattern in the
 * pack: `*` matches any run of characters (also none), `?` exactly one. No regular expression:
 * patterns are attacker input, and a backtracking engine can be made to spin. Actions, service
 * prefixes and condition keys compare without case (`ignoreCase`), as IAM does.
 */
export function globMatches(pattern: string, value: string, ignoreCase = true): boolean {
    const p = ignoreCase ? pattern.toLowerCase() : pattern;
    const v = ignoreCase ? value.toLowerCase() : value;
    let i = 0;
    let j = 0;
    let star = -1;
    let mark = 0;
    while (j < v.length) {
        if (i < p.length && (p[i] === "?" || (p[i] !== "*" && p[i] === v[j]))) {
            i++;
            j++;
        } else if (i < p.length && p[i] === "*") {
            star = i++;
            mark = j;
        } else if (star >= 0) {
            i = star + 1;
            j = ++mark;
        } else return false;
    }
    while (i < p.length && p[i] === "*") i++;
    return i === p.length;
}

/** True when a pattern holds an IAM wildcard (`*` or `?`). */
export function hasWildcard(pattern: string): boolean {
    return /[*?]/.test(pattern);
}

/** True when an IAM pattern (`s3:Get*`) matches an action name. Case-insensitive, as IAM is. */
export function actionMatches(pattern: string, action: string): boolean {
    return globMatches(pattern.trim(), action.trim());
}

/**
 * True when two IAM patterns can match a common action: `iam:Put*` and `iam:Put*Policy` do,
 * `iam:*` and `iam:PassRole` do, `s3:Get*` and `iam:PassRole` do not. Case-insensitive.
 */
export function patternsOverlap(a: string, b: string): boolean {
    const x = a.toLowerCase();
    const y = b.toLowerCase();
    const memo = new Map<number, boolean>();
    const go = (i: number, j: number): boolean => {
        const k = i * (y.length + 1) + j;
        const cached = memo.get(k);
        if (cached !== undefined) return cached;
        let r = false;
        if (i === x.length && j === y.length) r = true;
        else if (x[i] === "*" && (go(i + 1, j) || (j < y.length && go(i, j + 1)))) r = true;
        else if (y[j] === "*" && (go(i, j + 1) || (i < x.length && go(i + 1, j)))) r = true;
        else if (
            i < x.length &&
            j < y.length &&
            x[i] !== "*" &&
            y[j] !== "*" &&
            (x[i] === y[j] || x[i] === "?" || y[j] === "?")
        )
            r = go(i + 1, j + 1);
        memo.set(k, r);
        return r;
    };
    return go(0, 0);
}

const expansions = new Map<string, readonly CatalogAction[]>();

/** Every action AWS lists that an action pattern matches (`s3:Get*`, `s3:?*`, `*`). */
export function expandAction(pattern: string): readonly CatalogAction[] {
    const p = pattern.trim().toLowerCase();
    let found = expansions.get(p);
    if (found === undefined) {
        found = iamCatalog().actions.filter((a) => globMatches(p, a.key, false));
        expansions.set(p, found);
    }
    return found;
}

/** The service part of an action pattern (before the first colon), or the whole pattern. */
function servicePart(action: string): string {
    const colon = action.indexOf(":");
    return colon < 0 ? action : action.slice(0, colon);
}

/**
 * Why an action pattern is wide, or undefined when it names a list of actions. Wide means one of:
 * its service prefix is a wildcard (`*`, `*:GetObject`, `*3:GetObject`); it covers every
 * action AWS lists for a service (`s3:*`, `s3:?*`, `kms:*e*` if that happens to be all of KMS);
 * or, for a service AWS does not list yet, its action part is only wildcards. Expanded against
 * AWS's action list ({@link expandAction}), so the spelling does not matter.
 */
export function wideActionReason(action: string): string | undefined {
    const a = action.trim();
    if (!hasWildcard(a)) return undefined;
    const catalog = iamCatalog();
    const expanded = expandAction(a);
    const services = new Set(expanded.map((x) => x.key.slice(0, x.key.indexOf(":"))));
    const service = servicePart(a);
    if (!a.includes(":") || hasWildcard(service)) {
        // A wildcard service prefix also matches every service AWS adds later with that spelling.
        return services.size > 1
            ? `its service prefix is a wildcard (${services.size} services today)`
            : "its service prefix is a wildcard";
    }
    for (const s of services) {
        const all = catalog.services.get(s)?.actions ?? [];
        if (all.length > 0 && all.every((x) => globMatches(a, x.key))) {
            return `it covers every ${s} action AWS lists (${all.length})`;
        }
    }
    const known = catalog.services.has(service.toLowerCase());
    const rest = a.includes(":") ? a.slice(a.indexOf(":") + 1) : "";
    if (!known && /^[*?]*\*[*?]*$/.test(rest)) return "its action part is only wildcards";
    return undefined;
}

/** True when an action pattern is wide ({@link wideActionReason}). */
export function isWildcardAction(action: string): boolean {
    return wideActionReason(action) !== undefined;
}

// --- Resources --------------------------------------------------------------------------------

/** An ARN pattern's six parts; a short ARN is padded with `*`, as identity policies read it. */
interface ArnParts {
    readonly partition: string;
    readonly service: string;
    readonly region: string;
    readonly account: string;
    readonly resource: string;
}

function splitArn(value: string): ArnParts | undefined {
    if (!/^arn:/i.test(value)) return undefined;
    const parts = value.split(":");
    while (parts.length < 6) parts.push("*");
    return {
        partition: parts[1],
        service: parts[2],
        region: parts[3],
        account: parts[4],
        resource: parts.slice(5).join(":"),
    };
}

const FRESH_POOL = "abcdefghijklmnopqrstuvwxyz0123456789_~";

/**
 * Names that nothing in `pattern` spells: a pattern matches all of them only through wildcards,
 * so it matches every name (of three or more characters, with or without `/` paths).
 */
function freshNames(pattern: string): string[] {
    const used = new Set(pattern.toLowerCase());
    const pool = [...FRESH_POOL].filter((c) => !used.has(c));
    if (pool.length < 2) return [];
    const word = (n: number) => Array.from({ length: n }, (_, i) => pool[i % pool.length]).join("");
    return [word(3), word(12), `${word(3)}/${word(5)}`];
}

/** True when an account pattern matches every 12-digit account id. */
function coversEveryAccount(pattern: string): boolean {
    const digits = [..."0123456789"].filter((d) => !pattern.includes(d));
    if (digits.length < 2) return false;
    return [digits[0], digits[1]].every((d) => globMatches(pattern, d.repeat(12)));
}

/** True when a resource pattern matches every instance of a resource-part template. */
function coversTemplate(pattern: string, template: string): boolean {
    const names = freshNames(pattern);
    return (
        names.length > 0 &&
        names.every((n) => globMatches(pattern, template.replace(/\$\{[^}]*\}/g, n), false))
    );
}

/** Which accounts a resource pattern must cover to count as "every resource". */
export type AccountScope = "any-account" | "one-account";

/**
 * True when a Resource pattern covers every resource of at least one type (AWS's ARN formats from
 * the catalog): `*`; `arn:aws:s3:::*`, `arn:aws:s3:::?*\/*` (every object of every bucket);
 * `arn:aws:secretsmanager:*:*:secret:*` (every secret of every account); `arn:aws:*:*:*:*`. With
 * `scope` "any-account" (the default) the account part must cover every account (or be empty where
 * the type has none, as in S3); with "one-account" a named account is enough
 * (`arn:aws:iam::123456789012:role/*` is every role of that account), which is how privilege
 * escalation judges `iam:PassRole` and its kind. Regions do not narrow. Unknown values are
 * references to program resources, never every resource.
 */
export function isAnyResource(value: string, scope: AccountScope = "any-account"): boolean {
    if (isUnknown(value)) return false;
    const v = value.trim();
    if (v === "") return false;
    if (/^[*?]*\*[*?]*$/.test(v)) return true;
    const arn = splitArn(v);
    if (arn === undefined) {
        // Not an ARN: AWS rejects it, unless it is a pattern that spans ARNs (`a*`).
        return globMatches(v, "arn:aws:zzz:us-east-1:000000000000:zzz/zzz", false);
    }
    const accountOk = (template: string) =>
        scope === "one-account" ||
        (template === "" ? globMatches(arn.account, "") : coversEveryAccount(arn.account));
    const catalog = iamCatalog();
    const services = hasWildcard(arn.service)
        ? [...catalog.services.values()].filter((s) => globMatches(arn.service, s.prefix))
        : [catalog.services.get(arn.service.toLowerCase())].filter((s) => s !== undefined);
    if (services.length !== 1) {
        // Several services, or one AWS does not list: every name of any type.
        return (
            accountOk("${Account}") &&
            coversTemplate(arn.resource, "${Name}") &&
            coversTemplate(arn.resource, "${Type}/${Name}")
        );
    }
    return services[0].arnFormats.some((format) => {
        const f = format.split(":");
        const account = f[4] ?? "";
        const resource = f.slice(5).join(":");
        return accountOk(account) && coversTemplate(arn.resource, resource);
    });
}

/** The first Resource of a statement that covers every resource ({@link isAnyResource}), or `NotResource`. */
export function anyResourceOf(
    statement: Statement,
    scope: AccountScope = "any-account",
): string | undefined {
    if (statement.hasNotResource) return "NotResource";
    return statement.resources.find((r) => isAnyResource(r, scope));
}

/**
 * True when a principal entry is everyone: `"*"`, `{ AWS: "*" }`, or any principal spelled with a
 * wildcard (`arn:aws:iam::*:root`): AWS rejects partial wildcards in principals, so one that
 * reaches the pack is either an error or an attempt to say "anyone".
 */
export function isPublicPrincipal(p: PrincipalEntry): boolean {
    return !isUnknown(p.value) && hasWildcard(p.value);
}

/** How messages name a principal entry: `Principal "*"`, `Principal.AWS "*"`. */
export function principalLabel(p: PrincipalEntry, key = "Principal"): string {
    return p.type === "*" ? `${key} "*"` : `${key}.${p.type} "${p.value}"`;
}

// --- Conditions ------------------------------------------------------------------------------

/**
 * Operators under which a key must be present and equal (or like) a value. `...IfExists` and
 * `ForAllValues:` pass when the key is absent, and `Not...` operators admit everything else, so
 * none of those restricts who the caller is.
 */
const RESTRICTING_OPERATOR =
    /^(ForAnyValue:)?(StringEquals|StringEqualsIgnoreCase|StringLike|ArnEquals|ArnLike)$/i;

/** Operators whose values are patterns (`*`, `?`); under the others a `*` is a literal. */
const LIKE_OPERATOR = /(StringLike|ArnLike|ArnEquals)$/i;

/** The literal start of a pattern, up to its first wildcard. */
function literalPrefix(value: string): string {
    const m = /[*?]/.exec(value);
    return m ? value.slice(0, m.index) : value;
}

/** Condition keys (lowercase) whose values are account or organization identifiers. */
const ACCOUNT_OR_ORG_KEYS = [
    "aws:principalorgid",
    "aws:sourceaccount",
    "aws:principalaccount",
    "aws:sourceowner",
    "aws:resourceorgid",
    "aws:sourceorgid",
    "aws:resourceaccount",
];

/**
 * True when a condition value pins `key` to something specific: a principal, an account, an
 * organization, a repository (or its owner), a source resource. Under `...Like` operators a value
 * with wildcards restricts only when its literal part already names the thing: `repo:org/*` names
 * the GitHub owner, `repo:*` names nobody; `o-*` is every organization; `arn:aws:s3:::*` every
 * bucket; `arn:aws:sns:us-east-1:*:alerts` a topic name in any account. Without wildcards a value
 * is specific when it is not empty. An unknown value is a program resource's output, which is
 * specific.
 */
export function isSpecificConditionValue(key: string, value: unknown, like = true): boolean {
    // An unknown ARN or subject is a program resource's; an unknown account or organization id
    // could be anything an `apply` returns (`o-*`), and is written literally in practice.
    if (isUnknown(value)) return !ACCOUNT_OR_ORG_KEYS.includes(key.toLowerCase());
    if (typeof value !== "string" || value.trim() === "") return false;
    const v = value.trim();
    if (/^[*?]+$/.test(v)) return false;
    if (!like || !hasWildcard(v)) return true;
    const k = key.toLowerCase();
    const prefix = literalPrefix(v);
    if (k === "token.actions.githubusercontent.com:sub") {
        // repo:<owner>/<repo>:<context>: the owner must be spelled out.
        return /^repo:[^/:]+\//i.test(prefix);
    }
    if (k.endsWith(":sub") && /^system:serviceaccount:/i.test(v)) {
        // EKS service accounts: system:serviceaccount:<namespace>:<name>; the namespace is spelled.
        return /^system:serviceaccount:[^:]+:/i.test(prefix);
    }
    if (k.endsWith(":aud") || ACCOUNT_OR_ORG_KEYS.includes(k)) {
        return false; // identifiers: a wildcard in one matches more than one.
    }
    if (/^arn:/i.test(v)) {
        const arn = splitArn(v);
        if (arn === undefined) return false;
        if (arn.account !== "" && !hasWildcard(arn.account)) return true; // pinned to an account
        if (arn.account === "" && arn.region === "") {
            // S3-style ARNs name no account: the bucket (first path part) must be spelled.
            return /^[^*?/]+(\/|$)/.test(arn.resource) && literalPrefix(arn.resource).length > 0;
        }
        return false;
    }
    if (k === "aws:principalorgpaths" || k === "aws:resourceorgpaths") {
        return /^o-[^/*?]+\//.test(prefix);
    }
    // Anything else: the literal part must name something beyond a scheme or a separator.
    return /[a-z0-9]{3,}/i.test(prefix.replace(/^[a-z]+:(\/\/)?/i, ""));
}

/**
 * True when the statement requires this condition key (case-insensitive, as IAM compares keys) to
 * match specific values: a restricting operator and values that are all specific
 * ({@link isSpecificConditionValue}).
 */
export function restrictsKey(statement: Statement, key: string): boolean {
    const k = key.toLowerCase();
    return statement.conditions.some(
        (c) =>
            c.key.toLowerCase() === k &&
            RESTRICTING_OPERATOR.test(c.operator) &&
            c.values.length > 0 &&
            c.values.every((v) =>
                isSpecificConditionValue(c.key, v, LIKE_OPERATOR.test(c.operator)),
            ),
    );
}

/** The condition keys (lowercase) the statement restricts, per {@link restrictsKey}. */
export function restrictedKeys(statement: Statement): Set<string> {
    return new Set(
        statement.conditions
            .filter((c) => restrictsKey(statement, c.key))
            .map((c) => c.key.toLowerCase()),
    );
}

/**
 * The condition keys that make a public principal acceptable in a resource policy: each pins the
 * caller to a resource, an account or the organization. The issue names these three; `aws:SourceOwner`
 * (legacy SNS/S3), `aws:PrincipalAccount` and network keys (`aws:SourceVpce`) are not accepted.
 */
export const SOURCE_CONDITION_KEYS = ["aws:SourceArn", "aws:SourceAccount", "aws:PrincipalOrgID"];

// --- Tables ----------------------------------------------------------------------------------

/**
 * Actions that AWS's action list ties to a resource type, but that AWS's own managed policies and
 * documentation grant on `Resource: "*"` because the resource does not exist yet or is chosen by the
 * service, each with why. Everything AWS lists with no resource type at all (`ec2:Describe*`,
 * `xray:PutTraceSegments`, `sts:GetCallerIdentity`, ...) is allowed on `*` without being listed
 * here ({@link isAnyResourceOnlyAction}).
 */
export const ACTIONS_ONLY_ON_ANY_RESOURCE: Readonly<Record<string, string>> = {
    // Lambda in a VPC: AWS's own AWSLambdaVPCAccessExecutionRole grants these on "*"; the ENIs
    // are created by the service in whichever subnet it scales into.
    "ec2:CreateNetworkInterface": "Lambda VPC ENIs (AWSLambdaVPCAccessExecutionRole)",
    "ec2:DeleteNetworkInterface": "Lambda VPC ENIs (AWSLambdaVPCAccessExecutionRole)",
    "ec2:AssignPrivateIpAddresses": "Lambda VPC ENIs (AWSLambdaVPCAccessExecutionRole)",
    "ec2:UnassignPrivateIpAddresses": "Lambda VPC ENIs (AWSLambdaVPCAccessExecutionRole)",
    // Metrics: scoped with the cloudwatch:namespace condition key instead.
    "cloudwatch:PutMetricData": "CloudWatch PutMetricData (scope with cloudwatch:namespace)",
    "cloudwatch:GetMetricData": "CloudWatch GetMetricData",
    "cloudwatch:ListMetrics": "CloudWatch ListMetrics",
};

const ANY_RESOURCE_ACTIONS = new Set(
    Object.keys(ACTIONS_ONLY_ON_ANY_RESOURCE).map((a) => a.toLowerCase()),
);

/**
 * True when an action pattern may be granted on `*`: it matches at least one action AWS lists,
 * and every action it matches takes no resource type (AWS authorizes it on `*` only), is a
 * List-level `Describe...` call (`ec2:Describe*`: metadata reads AWS's ReadOnly policies grant on
 * `*`), or is in {@link ACTIONS_ONLY_ON_ANY_RESOURCE}. An exact action AWS does not list yet is
 * accepted only from that table.
 */
export function isAnyResourceOnlyAction(action: string): boolean {
    const a = action.trim().toLowerCase();
    if (ANY_RESOURCE_ACTIONS.has(a)) return true;
    const expanded = expandAction(a);
    return (
        expanded.length > 0 &&
        expanded.every(
            (x) =>
                x.wildcardOnly ||
                ANY_RESOURCE_ACTIONS.has(x.key) ||
                (x.accessLevel === "List" && /^[^:]+:describe/.test(x.key)),
        )
    );
}

/** How a privilege-escalation action escalates, and what its Resource should name instead. */
export interface Escalation {
    readonly how: string;
    /** The kind of ARN to name: `role`, `policy`, `role, user or group`, ... */
    readonly target: string;
}

/**
 * Actions that let their holder gain more than they were given when granted on every resource.
 * Patterns match as IAM does (`iam:Put*Policy` is PutRolePolicy, PutUserPolicy and
 * PutGroupPolicy); a granted pattern is an escalation when it overlaps any of them.
 */
export const PRIVILEGE_ESCALATION_ACTIONS: Readonly<Record<string, Escalation>> = {
    "iam:PassRole": {
        how: "hands any role, including an admin role, to a service it controls",
        target: "role",
    },
    "iam:CreatePolicyVersion": {
        how: "rewrites any customer-managed policy, including its own",
        target: "policy",
    },
    "iam:SetDefaultPolicyVersion": {
        how: "switches any policy to a broader earlier version",
        target: "policy",
    },
    "iam:Attach*Policy": {
        how: "attaches AdministratorAccess to any role, user or group",
        target: "role, user or group",
    },
    "iam:Put*Policy": {
        how: "writes any inline policy on any role, user or group",
        target: "role, user or group",
    },
    "iam:Delete*PermissionsBoundary": {
        how: "removes the boundary that limits a role or user",
        target: "role or user",
    },
    "iam:Put*PermissionsBoundary": {
        how: "replaces the boundary that limits a role or user with a wider one",
        target: "role or user",
    },
    "iam:CreateAccessKey": { how: "creates keys for any user, including admins", target: "user" },
    "iam:CreateLoginProfile": { how: "sets a console password for any user", target: "user" },
    "iam:UpdateLoginProfile": { how: "resets any user's console password", target: "user" },
    "iam:UpdateAssumeRolePolicy": { how: "lets itself assume any role", target: "role" },
    "iam:AddUserToGroup": { how: "joins any group, including admin groups", target: "group" },
    "sts:AssumeRole": { how: "assumes any role that trusts the account", target: "role" },
    "lambda:UpdateFunctionCode": {
        how: "runs its own code with any function's role",
        target: "function",
    },
    // A layer (any account may share one) or an AWS_LAMBDA_EXEC_WRAPPER variable runs code of
    // the caller's choosing in the function, as new code would.
    "lambda:UpdateFunctionConfiguration": {
        how: "runs its own code (a layer, an exec wrapper) with any function's role",
        target: "function",
    },
};

/** The escalation entries a granted action pattern overlaps, in table order. */
export function escalationsIn(action: string): string[] {
    return Object.keys(PRIVILEGE_ESCALATION_ACTIONS).filter((e) => patternsOverlap(action, e));
}

/** AWS-managed policy ARNs in any partition: `arn:aws:iam::aws:policy/...`, `arn:aws-cn:...`. */
// Case-insensitive: a differently cased spelling must not slip past the names below.
const AWS_MANAGED_POLICY_ARN = /^arn:aws[a-z-]*:iam::aws:policy\/(.+)$/i;

/**
 * Why an AWS-managed policy may not be attached, or undefined when it may. Matched on the name
 * (the last path segment, so `service-role/` and `job-function/` paths are covered):
 * AdministratorAccess and its variants (`AdministratorAccess-Amplify`), PowerUserAccess, every
 * `*FullAccess*` policy (IAMFullAccess, AmazonS3FullAccess, AWSLambda_FullAccess,
 * AmazonDynamoDBFullAccess_v2, ...), and the job-function administrator policies
 * (SystemAdministrator, NetworkAdministrator, DatabaseAdministrator). Customer-managed policies
 * are not judged here: their documents are checked by the other rules.
 */
export function forbiddenManagedPolicy(arn: string): string | undefined {
    if (isUnknown(arn)) return undefined;
    const m = AWS_MANAGED_POLICY_ARN.exec(arn.trim());
    if (!m) return undefined;
    const path = m[1];
    const name = path.slice(path.lastIndexOf("/") + 1);
    if (/^AdministratorAccess/i.test(name)) return `${name} (every action on every resource)`;
    if (/^PowerUserAccess/i.test(name))
        return `${name} (every action outside IAM and Organizations)`;
    if (/FullAccess/i.test(name)) return `${name} (every action of the service)`;
    if (/^job-function\//i.test(path) && /Administrator$/i.test(name)) {
        return `job-function/${name} (administration of a whole domain)`;
    }
    return undefined;
}

/**
 * Every v7 resource that attaches managed policies to a role, user or group, with the property
 * holding the ARN (or ARNs, for a list). IAM Identity Center permission sets are included: they
 * become roles in every account they are assigned to.
 */
export const MANAGED_POLICY_ATTACHMENTS: Readonly<
    Record<string, { readonly property: string; readonly list: boolean }>
> = {
    "aws:iam/role:Role": { property: "managedPolicyArns", list: true },
    "aws:iam/rolePolicyAttachment:RolePolicyAttachment": { property: "policyArn", list: false },
    "aws:iam/userPolicyAttachment:UserPolicyAttachment": { property: "policyArn", list: false },
    "aws:iam/groupPolicyAttachment:GroupPolicyAttachment": { property: "policyArn", list: false },
    "aws:iam/policyAttachment:PolicyAttachment": { property: "policyArn", list: false },
    "aws:iam/rolePolicyAttachmentsExclusive:RolePolicyAttachmentsExclusive": {
        property: "policyArns",
        list: true,
    },
    "aws:iam/userPolicyAttachmentsExclusive:UserPolicyAttachmentsExclusive": {
        property: "policyArns",
        list: true,
    },
    "aws:iam/groupPolicyAttachmentsExclusive:GroupPolicyAttachmentsExclusive": {
        property: "policyArns",
        list: true,
    },
    "aws:ssoadmin/managedPolicyAttachment:ManagedPolicyAttachment": {
        property: "managedPolicyArn",
        list: false,
    },
    "aws:ssoadmin/managedPolicyAttachmentsExclusive:ManagedPolicyAttachmentsExclusive": {
        property: "managedPolicyArns",
        list: true,
    },
};

/** True for an AWS service principal (`events.amazonaws.com`, `logs.us-east-1.amazonaws.com`). */
export function isServicePrincipal(principal: string): boolean {
    return /^[a-z0-9.-]+\.amazonaws\.com(\.cn)?$/i.test(principal.trim());
}
