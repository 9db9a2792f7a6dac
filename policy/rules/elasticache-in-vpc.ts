import { resourceRule } from "../lib/rule";
import { isSet, namesSomething } from "../lib/network";

const CLUSTER = "aws:elasticache/cluster:Cluster";
const REPLICATION_GROUP = "aws:elasticache/replicationGroup:ReplicationGroup";
const SERVERLESS_CACHE = "aws:elasticache/serverlessCache:ServerlessCache";

const SUBNET_GROUP_FIX =
    "subnetGroupName is not set, so the cache goes into the default VPC: create an aws.elasticache.SubnetGroup over the private subnets and pass its name.";
const SECURITY_GROUPS_FIX =
    "securityGroupIds is not set, so the cache uses the VPC's default security group: name a security group.";

/**
 * ElastiCache clusters, replication groups and serverless caches run in the VPC's private subnets
 * (a subnet group) behind security groups. A cluster that joins a replication group
 * (`replicationGroupId`) takes both from the group, which this rule checks instead.
 */
export const rule = resourceRule({
    name: "elasticache-in-vpc",
    description:
        "ElastiCache clusters, replication groups and serverless caches must run in private subnets (a subnet group) behind security groups.",
    nearest: {
        cdkNag: ["AwsSolutions-AEC1"],
        checkov: ["CKV_AWS_323"],
    },
    types: [CLUSTER, REPLICATION_GROUP, SERVERLESS_CACHE],
    check: ({ type, props }) => {
        const problems: string[] = [];
        if (type === SERVERLESS_CACHE) {
            if (!namesSomething(props.subnetIds))
                problems.push(
                    "subnetIds is not set, so the cache goes into the default VPC: name the private subnets.",
                );
            if (!namesSomething(props.securityGroupIds)) problems.push(SECURITY_GROUPS_FIX);
            return problems;
        }
        if (type === CLUSTER && isSet(props.replicationGroupId)) return [];
        if (!isSet(props.subnetGroupName)) problems.push(SUBNET_GROUP_FIX);
        if (!namesSomething(props.securityGroupIds)) problems.push(SECURITY_GROUPS_FIX);
        return problems;
    },
});
