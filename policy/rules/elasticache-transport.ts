/**
 * `elasticache-transport`: clients reach a cache over TLS, and Redis/Valkey also makes them
 * authenticate.
 *
 * - Replication groups (Redis OSS, Valkey): `transitEncryptionEnabled` true, in "required" mode
 *   ("preferred" still accepts plaintext clients), and either an AUTH token (`authToken` or
 *   `authTokenWo`) or RBAC user groups (`userGroupIds`).
 * - Clusters: members of a replication group follow the group. Memcached needs
 *   `transitEncryptionEnabled` (it has no authentication to ask for). A standalone Redis/Valkey
 *   cluster can have neither TLS nor AUTH, so it fails: use a replication group.
 * - Serverless caches always use TLS; Redis/Valkey ones need a `userGroupId`, without which any
 *   client that reaches the endpoint is the default user.
 */
import { isUnknown, resourceRule } from "../lib/rule";

type Props = Record<string, unknown>;
type Check = (props: Props) => string[];

function shown(value: unknown): string {
    return value === undefined || value === null ? "missing" : JSON.stringify(value);
}

function present(value: unknown): boolean {
    return isUnknown(value) || (typeof value === "string" && value !== "");
}

function nonEmptyList(value: unknown): boolean {
    return isUnknown(value) || (Array.isArray(value) && value.length > 0);
}

function transit(props: Props, fix: string): string[] {
    const enabled = props.transitEncryptionEnabled;
    if (enabled === true) return [];
    if (isUnknown(enabled)) {
        return ["transitEncryptionEnabled is unknown during preview: pass a plain true."];
    }
    return [`transitEncryptionEnabled is ${shown(enabled)}: ${fix}`];
}

const replicationGroup: Check = (p) => {
    const problems = transit(p, "set transitEncryptionEnabled true.");
    const mode = p.transitEncryptionMode;
    if (isUnknown(mode)) {
        problems.push(
            'transitEncryptionMode is unknown during preview: pass a plain "required" or leave it out.',
        );
    } else if (mode !== undefined && mode !== null && mode !== "required") {
        problems.push(
            `transitEncryptionMode is ${JSON.stringify(mode)}: clients may still connect in plaintext; set "required" (the default) once every client uses TLS.`,
        );
    }
    if (!present(p.authToken) && !present(p.authTokenWo) && !nonEmptyList(p.userGroupIds)) {
        problems.push(
            "no authentication: set authToken (Redis AUTH, from a secret) or userGroupIds (RBAC users).",
        );
    }
    return problems;
};

const cacheCluster: Check = (p) => {
    if (present(p.replicationGroupId)) return [];
    if (isUnknown(p.engine)) return ["engine is unknown during preview: pass a plain string."];
    if (p.engine === "memcached") {
        return transit(p, "set transitEncryptionEnabled true (Memcached 1.6.12 or newer).");
    }
    return [
        `engine is ${shown(p.engine)} without replicationGroupId: a standalone Redis/Valkey cluster supports neither TLS nor AUTH; create an aws.elasticache.ReplicationGroup with transitEncryptionEnabled and authToken or userGroupIds.`,
    ];
};

const serverlessCache: Check = (p) => {
    if (isUnknown(p.engine)) return ["engine is unknown during preview: pass a plain string."];
    if (p.engine === "memcached" || present(p.userGroupId)) return [];
    return [
        "userGroupId is missing: without a user group any client that reaches the cache connects as the default user; set userGroupId (RBAC users).",
    ];
};

const CHECKS: Record<string, Check> = {
    "aws:elasticache/replicationGroup:ReplicationGroup": replicationGroup,
    "aws:elasticache/cluster:Cluster": cacheCluster,
    "aws:elasticache/serverlessCache:ServerlessCache": serverlessCache,
};

/** ElastiCache traffic is encrypted, and Redis/Valkey clients authenticate. */
export const rule = resourceRule({
    name: "elasticache-transport",
    description:
        "ElastiCache must require TLS from clients, and Redis/Valkey must require authentication (AUTH token or RBAC user group).",
    nearest: {
        cdkNag: ["AwsSolutions-AEC3", "AwsSolutions-AEC6"],
        checkov: ["CKV_AWS_30", "CKV_AWS_31"],
    },
    types: Object.keys(CHECKS),
    check: ({ type, props }) => CHECKS[type](props),
});
