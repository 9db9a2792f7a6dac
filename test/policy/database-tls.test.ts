/**
 * `database-tls-required` through the real gate, in one program: for each engine a careful
 * database whose parameter group (the program's, or the engine's default) requires TLS, and each
 * unsafe form with its exact violation.
 */
import * as assert from "node:assert/strict";
import * as aws from "@pulumi/aws";
import { violationsOf } from "../helpers/policy";

function program(): void {
    const queue = new aws.sqs.Queue("unrelated");
    const pg = (name: string, family: string, value?: string) =>
        new aws.rds.ParameterGroup(name, {
            family,
            parameters: value === undefined ? [] : [{ name: "rds.force_ssl", value }],
        });
    const db = (name: string, args: Partial<aws.rds.InstanceArgs>) =>
        new aws.rds.Instance(name, {
            instanceClass: "db.t4g.micro",
            allocatedStorage: 20,
            storageEncrypted: true,
            engine: "postgres",
            ...args,
        });
    // PostgreSQL 15+ forces TLS by default; 14 does not.
    db("pg-default", {});
    db("pg16-default", { engineVersion: "16.4" });
    db("pg14-default", { engineVersion: "14.12" });
    db("pg-forced", { parameterGroupName: pg("pg14-forced", "postgres14", "1").name });
    db("pg-off", { parameterGroupName: pg("pg16-off", "postgres16", "0").name });
    db("pg16-unset", { parameterGroupName: pg("pg16-unset-group", "postgres16").name });
    db("pg-literal-default", { parameterGroupName: "default.postgres13" });
    db("pg-unseen", { parameterGroupName: "shared-params" });
    db("pg-apply", { parameterGroupName: queue.arn.apply(() => "default.postgres13") });

    const mysql = new aws.rds.ParameterGroup("mysql-tls", {
        family: "mysql8.0",
        parameters: [{ name: "require_secure_transport", value: "ON" }],
    });
    db("mysql-tls", { engine: "mysql", parameterGroupName: mysql.name });
    db("mysql-default", { engine: "mysql" });
    db("oracle", { engine: "oracle-ee" });

    const aurora = new aws.rds.ClusterParameterGroup("aurora-tls", {
        family: "aurora-postgresql16",
        parameters: [{ name: "rds.force_ssl", value: "1" }],
    });
    new aws.rds.Cluster("aurora-ok", {
        engine: "aurora-postgresql",
        storageEncrypted: true,
        dbClusterParameterGroupName: aurora.name,
    });
    new aws.rds.Cluster("aurora-default", { engine: "aurora-postgresql", storageEncrypted: true });

    const docdbOff = new aws.docdb.ClusterParameterGroup("docdb-off", {
        family: "docdb5.0",
        parameters: [{ name: "tls", value: "disabled" }],
    });
    new aws.docdb.Cluster("docdb-default", { storageEncrypted: true });
    new aws.docdb.Cluster("docdb-off", {
        storageEncrypted: true,
        dbClusterParameterGroupName: docdbOff.name,
    });

    const neptuneOff = new aws.neptune.ClusterParameterGroup("neptune-off", {
        family: "neptune1.3",
        parameters: [{ name: "neptune_enforce_ssl", value: "0" }],
    });
    new aws.neptune.Cluster("neptune-default", { storageEncrypted: true });
    new aws.neptune.Cluster("neptune-off", {
        storageEncrypted: true,
        neptuneClusterParameterGroupName: neptuneOff.name,
    });

    const redshiftTls = new aws.redshift.ParameterGroup("redshift-tls", {
        family: "redshift-1.0",
        parameters: [{ name: "require_ssl", value: "true" }],
    });
    const warehouse = (name: string, args: Partial<aws.redshift.ClusterArgs>) =>
        new aws.redshift.Cluster(name, {
            clusterIdentifier: name,
            nodeType: "ra3.large",
            encrypted: "true",
            ...args,
        });
    warehouse("redshift-ok", { clusterParameterGroupName: redshiftTls.name });
    warehouse("redshift-default", {});

    const msk = (
        name: string,
        transit?: aws.types.input.msk.ClusterEncryptionInfoEncryptionInTransit,
    ) =>
        new aws.msk.Cluster(name, {
            kafkaVersion: "3.6.0",
            numberOfBrokerNodes: 2,
            brokerNodeGroupInfo: {
                instanceType: "kafka.t3.small",
                clientSubnets: ["subnet-0123456789abcdef0", "subnet-0123456789abcdef1"],
                securityGroups: ["sg-0123456789abcdef0"],
            },
            encryptionInfo: transit ? { encryptionInTransit: transit } : undefined,
        });
    msk("msk-default");
    msk("msk-plaintext", { clientBroker: "TLS_PLAINTEXT", inCluster: false });
}

const RULE = "mandatory database-tls-required";

describe("database-tls-required", function () {
    this.timeout(0);

    it("blocks every database whose parameter group lets clients in without TLS, and MSK plaintext", async () => {
        assert.deepEqual(await violationsOf("database-tls-required", program), [
            `${RULE} aurora-default: dbClusterParameterGroupName is not set, so the engine's default parameter group applies, where rds.force_ssl does not require TLS: declare a parameter group in this program that sets rds.force_ssl "1", and pass its name as dbClusterParameterGroupName.`,
            `${RULE} docdb-off: parameter group "docdb-off" sets tls "disabled", so clients may connect without TLS: set it "enabled".`,
            `${RULE} msk-plaintext: encryptionInfo.encryptionInTransit.clientBroker is "TLS_PLAINTEXT", so clients may produce and consume in plaintext: set "TLS" (the default).`,
            `${RULE} msk-plaintext: encryptionInfo.encryptionInTransit.inCluster is false, so brokers replicate in plaintext: set it true (the default).`,
            `${RULE} mysql-default: parameterGroupName is not set, so the engine's default parameter group applies, where require_secure_transport does not require TLS: declare a parameter group in this program that sets require_secure_transport "ON", and pass its name as parameterGroupName.`,
            `${RULE} neptune-off: parameter group "neptune-off" sets neptune_enforce_ssl "0", so clients may connect without TLS: set it "1".`,
            `${RULE} pg-apply: parameterGroupName is unknown during preview and does not come from exactly one parameter group of this program (it comes from unrelated (aws:sqs/queue:Queue)), so whether it requires TLS cannot be seen: pass the name output of one parameter group of this program.`,
            `${RULE} pg-literal-default: parameterGroupName is "default.postgres13", the engine's default, where rds.force_ssl does not require TLS: declare a parameter group in this program that sets rds.force_ssl "1", and pass its name as parameterGroupName.`,
            `${RULE} pg-off: parameter group "pg16-off" sets rds.force_ssl "0", so clients may connect without TLS: set it "1".`,
            `${RULE} pg-unseen: parameterGroupName is "shared-params", a parameter group this program does not declare, so whether it requires TLS cannot be seen: declare a parameter group in this program that sets rds.force_ssl "1", and pass its name as parameterGroupName.`,
            `${RULE} pg14-default: parameterGroupName is not set, so the engine's default parameter group applies, where rds.force_ssl does not require TLS: declare a parameter group in this program that sets rds.force_ssl "1", and pass its name as parameterGroupName.`,
            `${RULE} redshift-default: clusterParameterGroupName is not set, so the engine's default parameter group applies, where require_ssl does not require TLS: declare a parameter group in this program that sets require_ssl "true", and pass its name as clusterParameterGroupName.`,
        ]);
    });
});
