/**
 * `data-store-in-vpc` through the real gate, in one program: for every data store type a careful
 * resource (a subnet group of the program, its security group) that passes, and each unsafe form
 * (left out, the "default" subnet group, an unknown from an unrelated resource, an unknown mixed
 * from a subnet group and an unrelated resource) with its exact violation.
 */
import * as assert from "node:assert/strict";
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { violationsOf } from "../helpers/policy";

const ROLE = "arn:aws:iam::123456789012:role/dax";

function program(): void {
    const vpc = new aws.ec2.Vpc("vpc", { cidrBlock: "10.0.0.0/16" });
    const a = new aws.ec2.Subnet("a", { vpcId: vpc.id, cidrBlock: "10.0.1.0/24" });
    const b = new aws.ec2.Subnet("b", { vpcId: vpc.id, cidrBlock: "10.0.2.0/24" });
    const sg = new aws.ec2.SecurityGroup("sg", { vpcId: vpc.id, description: "data" });
    const subnetIds = [a.id, b.id];
    const sgs = [sg.id];
    const queue = new aws.sqs.Queue("unrelated");
    const fromQueue = <T>(value: T) => queue.arn.apply(() => value);

    const rdsGroup = new aws.rds.SubnetGroup("rds-subnets", { subnetIds });
    const rds = (name: string, args: Partial<aws.rds.InstanceArgs>) =>
        new aws.rds.Instance(name, {
            instanceClass: "db.t4g.micro",
            engine: "postgres",
            allocatedStorage: 20,
            storageEncrypted: true,
            ...args,
        });
    rds("db-ok", { dbSubnetGroupName: rdsGroup.name, vpcSecurityGroupIds: sgs });
    rds("db-bare", {});
    rds("db-default", { dbSubnetGroupName: "default", vpcSecurityGroupIds: sgs });
    rds("db-apply", { dbSubnetGroupName: fromQueue("default"), vpcSecurityGroupIds: sgs });
    rds("db-mixed", {
        dbSubnetGroupName: pulumi.all([rdsGroup.name, queue.arn]).apply(() => "default"),
        vpcSecurityGroupIds: sgs,
    });
    rds("db-replica", { replicateSourceDb: "db-ok", vpcSecurityGroupIds: sgs });

    const aurora = (name: string, args: Partial<aws.rds.ClusterArgs>) =>
        new aws.rds.Cluster(name, { engine: "aurora-postgresql", storageEncrypted: true, ...args });
    aurora("aurora-ok", { dbSubnetGroupName: rdsGroup.name, vpcSecurityGroupIds: sgs });
    aurora("aurora-bare", {});

    const docdbGroup = new aws.docdb.SubnetGroup("docdb-subnets", { subnetIds });
    new aws.docdb.Cluster("docdb-ok", {
        dbSubnetGroupName: docdbGroup.name,
        vpcSecurityGroupIds: sgs,
        storageEncrypted: true,
    });
    // An RDS subnet group's name is not a DocumentDB subnet group.
    new aws.docdb.Cluster("docdb-wrong-group", {
        dbSubnetGroupName: rdsGroup.name,
        vpcSecurityGroupIds: sgs,
        storageEncrypted: true,
    });
    const elastic = (name: string, args: Partial<aws.docdb.ElasticClusterArgs>) =>
        new aws.docdb.ElasticCluster(name, {
            adminUserName: "admin",
            adminUserPassword: "not-a-real-password",
            authType: "PLAIN_TEXT",
            shardCapacity: 2,
            shardCount: 1,
            ...args,
        });
    elastic("elastic-ok", { subnetIds, vpcSecurityGroupIds: sgs });
    elastic("elastic-apply", { subnetIds: fromQueue([]), vpcSecurityGroupIds: sgs });

    const neptuneGroup = new aws.neptune.SubnetGroup("neptune-subnets", { subnetIds });
    new aws.neptune.Cluster("neptune-ok", {
        neptuneSubnetGroupName: neptuneGroup.name,
        vpcSecurityGroupIds: sgs,
        storageEncrypted: true,
    });
    new aws.neptune.Cluster("neptune-bare", { storageEncrypted: true });

    const redshiftGroup = new aws.redshift.SubnetGroup("redshift-subnets", { subnetIds });
    new aws.redshift.Cluster("redshift-ok", {
        clusterIdentifier: "warehouse",
        nodeType: "ra3.large",
        clusterSubnetGroupName: redshiftGroup.name,
        vpcSecurityGroupIds: sgs,
        encrypted: "true",
    });
    new aws.redshift.Cluster("redshift-bare", {
        clusterIdentifier: "warehouse-2",
        nodeType: "ra3.large",
        encrypted: "true",
    });
    new aws.redshiftserverless.Workgroup("workgroup-ok", {
        namespaceName: "ns",
        workgroupName: "wg",
        subnetIds,
        securityGroupIds: sgs,
    });
    new aws.redshiftserverless.Workgroup("workgroup-bare", {
        namespaceName: "ns",
        workgroupName: "wg-2",
    });

    const memorydbGroup = new aws.memorydb.SubnetGroup("memorydb-subnets", { subnetIds });
    new aws.memorydb.Cluster("memorydb-ok", {
        aclName: "open-access",
        nodeType: "db.t4g.small",
        subnetGroupName: memorydbGroup.name,
        securityGroupIds: sgs,
    });
    new aws.memorydb.Cluster("memorydb-no-groups", {
        aclName: "open-access",
        nodeType: "db.t4g.small",
        subnetGroupName: memorydbGroup.name,
    });

    const daxGroup = new aws.dax.SubnetGroup("dax-subnets", { subnetIds });
    new aws.dax.Cluster("dax-ok", {
        clusterName: "dax",
        iamRoleArn: ROLE,
        nodeType: "dax.t3.small",
        replicationFactor: 1,
        subnetGroupName: daxGroup.name,
        securityGroupIds: sgs,
    });
    new aws.dax.Cluster("dax-bare", {
        clusterName: "dax-2",
        iamRoleArn: ROLE,
        nodeType: "dax.t3.small",
        replicationFactor: 1,
    });

    const broker = (name: string, args: Partial<aws.mq.BrokerArgs>) =>
        new aws.mq.Broker(name, {
            engineType: "RabbitMQ",
            engineVersion: "3.13",
            hostInstanceType: "mq.t3.micro",
            ...args,
        });
    broker("mq-ok", { subnetIds: [a.id], securityGroups: sgs });
    broker("mq-bare", {});

    const msk = (name: string, info: Partial<aws.types.input.msk.ClusterBrokerNodeGroupInfo>) =>
        new aws.msk.Cluster(name, {
            kafkaVersion: "3.6.0",
            numberOfBrokerNodes: 2,
            brokerNodeGroupInfo: {
                instanceType: "kafka.t3.small",
                clientSubnets: subnetIds,
                securityGroups: sgs,
                ...info,
            },
        });
    msk("msk-ok", {});
    // One literal subnet and one unknown from an unrelated queue, in the same nested list.
    msk("msk-apply", { clientSubnets: [a.id, fromQueue("subnet-0default")] });
    const serverless = (name: string, configs: aws.types.input.msk.ServerlessClusterVpcConfig[]) =>
        new aws.msk.ServerlessCluster(name, {
            clientAuthentication: { sasl: { iam: { enabled: true } } },
            vpcConfigs: configs,
        });
    serverless("msk-serverless-ok", [{ subnetIds, securityGroupIds: sgs }]);
    serverless("msk-serverless-no-groups", [{ subnetIds }]);

    const fs = new aws.efs.FileSystem("fs", { encrypted: true });
    new aws.efs.MountTarget("mount-ok", {
        fileSystemId: fs.id,
        subnetId: a.id,
        securityGroups: sgs,
    });
    new aws.efs.MountTarget("mount-no-groups", { fileSystemId: fs.id, subnetId: b.id });
}

const RULE = "mandatory data-store-in-vpc";
const NO_SG = (what: string, path = "vpcSecurityGroupIds") =>
    `${path} is not set, so ${what} uses the VPC's default security group: name a security group of this program.`;

describe("data-store-in-vpc", function () {
    this.timeout(0);

    it("blocks every data store placed in the default VPC or from an unproven unknown, and passes the careful ones", async () => {
        assert.deepEqual(
            await violationsOf("data-store-in-vpc", program),
            [
                `${RULE} aurora-bare: dbSubnetGroupName is not set, so the cluster goes into the default VPC: create a subnet group (aws.rds.SubnetGroup) over the program's private subnets and pass its name.`,
                `${RULE} aurora-bare: ${NO_SG("the cluster")}`,
                `${RULE} dax-bare: subnetGroupName is not set, so the cluster goes into the default VPC: create a subnet group (aws.dax.SubnetGroup) over the program's private subnets and pass its name.`,
                `${RULE} dax-bare: ${NO_SG("the cluster", "securityGroupIds")}`,
                `${RULE} db-apply: dbSubnetGroupName is unknown during preview and does not come only from the aws.rds.SubnetGroup resources of this program (it comes from unrelated (aws:sqs/queue:Queue)), so it could name the default VPC when applied: pass the subnet group's name output, or a literal name.`,
                `${RULE} db-bare: dbSubnetGroupName is not set, so the database goes into the default VPC: create a subnet group (aws.rds.SubnetGroup) over the program's private subnets and pass its name.`,
                `${RULE} db-bare: ${NO_SG("the database")}`,
                `${RULE} db-default: dbSubnetGroupName is "default", the default VPC's subnet group: create a subnet group over the program's private subnets and pass its name.`,
                `${RULE} db-mixed: dbSubnetGroupName is unknown during preview and does not come only from the aws.rds.SubnetGroup resources of this program (it comes from rds-subnets (aws:rds/subnetGroup:SubnetGroup), unrelated (aws:sqs/queue:Queue)), so it could name the default VPC when applied: pass the subnet group's name output, or a literal name.`,
                `${RULE} docdb-wrong-group: dbSubnetGroupName is unknown during preview and does not come only from the aws.docdb.SubnetGroup resources of this program (it comes from rds-subnets (aws:rds/subnetGroup:SubnetGroup)), so it could name the default VPC when applied: pass the subnet group's name output, or a literal name.`,
                `${RULE} elastic-apply: subnetIds is unknown during preview and does not come only from subnets, security groups or VPCs of this program (it comes from unrelated (aws:sqs/queue:Queue)), so it could name the default VPC when applied: pass their id outputs, or literal ids.`,
                `${RULE} memorydb-no-groups: ${NO_SG("the cluster", "securityGroupIds")}`,
                `${RULE} mount-no-groups: ${NO_SG("the mount target", "securityGroups")}`,
                `${RULE} mq-bare: securityGroups is not set, so the broker uses the VPC's default security group: name a security group of this program.`,
                `${RULE} mq-bare: subnetIds is not set, so the broker goes into the default VPC: name the program's private subnets.`,
                // Dependencies are recorded for brokerNodeGroupInfo as a whole: the queue could
                // have produced either list's unknown, so both are reported.
                `${RULE} msk-apply: brokerNodeGroupInfo.clientSubnets is unknown during preview and does not come only from subnets, security groups or VPCs of this program (it comes from a (aws:ec2/subnet:Subnet), sg (aws:ec2/securityGroup:SecurityGroup), unrelated (aws:sqs/queue:Queue)), so it could name the default VPC when applied: pass their id outputs, or literal ids.`,
                `${RULE} msk-apply: brokerNodeGroupInfo.securityGroups is unknown during preview and does not come only from subnets, security groups or VPCs of this program (it comes from a (aws:ec2/subnet:Subnet), sg (aws:ec2/securityGroup:SecurityGroup), unrelated (aws:sqs/queue:Queue)), so it could name the default VPC when applied: pass their id outputs, or literal ids.`,
                `${RULE} msk-serverless-no-groups: ${NO_SG("the cluster", "vpcConfigs[0].securityGroupIds")}`,
                `${RULE} neptune-bare: neptuneSubnetGroupName is not set, so the cluster goes into the default VPC: create a subnet group (aws.neptune.SubnetGroup) over the program's private subnets and pass its name.`,
                `${RULE} neptune-bare: ${NO_SG("the cluster")}`,
                `${RULE} redshift-bare: clusterSubnetGroupName is not set, so the cluster goes into the default VPC: create a subnet group (aws.redshift.SubnetGroup) over the program's private subnets and pass its name.`,
                `${RULE} redshift-bare: ${NO_SG("the cluster")}`,
                `${RULE} workgroup-bare: securityGroupIds is not set, so the workgroup uses the VPC's default security group: name a security group of this program.`,
                `${RULE} workgroup-bare: subnetIds is not set, so the workgroup goes into the default VPC: name the program's private subnets.`,
            ].sort(),
        );
    });
});
