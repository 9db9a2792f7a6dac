/**
 * `stateful-protect` (advisory; mandatory in the prod config): resources whose deletion destroys
 * data that code cannot recreate carry Pulumi's `protect` option, so that no `up` or `destroy`
 * deletes or replaces them until someone removes the option on purpose.
 *
 * Stateful, and listed in {@link STATEFUL_TYPES}: databases and tables, buckets, streams, search
 * domains, Redis/Valkey caches (used as data stores), file systems and volumes, container image
 * repositories, secrets, KMS keys (deleting one makes everything encrypted under it unreadable),
 * log groups (the audit trail, flow logs included), EKS clusters (etcd holds Kubernetes
 * secrets and objects that are not all in code) and SQS queues (a dead-letter queue holds the
 * records that failed until someone replays them, for up to 14 days; deleting or replacing a
 * queue loses them, as deleting a stream loses its unread records), and Kubernetes namespaces
 * (deleting one deletes every object in it, what other tools deployed there included). Not listed: topics (SNS keeps
 * no messages), Memcached clusters and replication-group members (caches, or covered by their
 * group), and everything that code recreates as it was (roles, policies, functions, networks).
 */
import { resourceRule } from "../lib/rule";

/** The stateful resource types, with what is lost when one is deleted. */
export const STATEFUL_TYPES: Readonly<Record<string, string>> = {
    "aws:dynamodb/table:Table": "its items",
    "aws:dynamodb/tableReplica:TableReplica": "this region's copy of the items",
    "aws:s3/bucket:Bucket": "its objects",
    "aws:s3/bucketV2:BucketV2": "its objects",
    "aws:kms/key:Key": "every piece of data encrypted under it",
    "aws:kms/replicaKey:ReplicaKey": "every piece of data encrypted under it",
    "aws:kms/externalKey:ExternalKey": "every piece of data encrypted under it",
    "aws:kms/replicaExternalKey:ReplicaExternalKey": "every piece of data encrypted under it",
    "aws:kinesis/stream:Stream": "its unread records",
    "aws:sqs/queue:Queue": "its messages (dead-lettered records waiting for a replay)",
    "aws:opensearch/domain:Domain": "its indices",
    "aws:elasticsearch/domain:Domain": "its indices",
    "aws:elasticache/replicationGroup:ReplicationGroup": "its data",
    "aws:elasticache/serverlessCache:ServerlessCache": "its data",
    "aws:rds/instance:Instance": "its databases",
    "aws:rds/cluster:Cluster": "its databases",
    "aws:efs/fileSystem:FileSystem": "its files",
    "aws:ebs/volume:Volume": "its blocks",
    "aws:ecr/repository:Repository": "its images",
    "aws:secretsmanager/secret:Secret": "its secret values",
    "aws:cloudwatch/logGroup:LogGroup": "its log events",
    "aws:eks/cluster:Cluster": "the Kubernetes objects and secrets in etcd",
    "eks:index:Cluster": "the Kubernetes objects and secrets in etcd",
    "kubernetes:core/v1:Namespace":
        "every object in it, including what is deployed there outside this program, and its secrets",
};

/** Stateful resources are protected from deletion and replacement. */
export const rule = resourceRule({
    name: "stateful-protect",
    description:
        "Resources that hold data code cannot recreate must be created with the protect resource option.",
    enforcementLevel: "advisory",
    types: Object.keys(STATEFUL_TYPES),
    check: ({ type, protect }) =>
        protect
            ? []
            : [
                  `protect is not set: deleting or replacing this resource loses ${STATEFUL_TYPES[type]}; pass { protect: true } in its resource options.`,
              ],
});
