import * as aws from "@pulumi/aws";
import { Case } from "../case";
import { fromQueue, network } from "../fixtures";

/**
 * p02-msk-subnets-from-apply: data-store-in-vpc on "kafka". One broker subnet is the program's,
 * the other is computed from a queue: the first must not vouch for the second.
 */
const kafka = (
    name: string,
    clientSubnets: aws.types.input.msk.ClusterBrokerNodeGroupInfo["clientSubnets"],
    securityGroups: aws.types.input.msk.ClusterBrokerNodeGroupInfo["securityGroups"],
) =>
    new aws.msk.Cluster(name, {
        kafkaVersion: "3.6.0",
        numberOfBrokerNodes: 2,
        brokerNodeGroupInfo: { instanceType: "kafka.t3.small", clientSubnets, securityGroups },
    });

const c: Case = {
    class: "3-unknowns",
    rule: "data-store-in-vpc",
    target: "kafka",
    unsafe: (n) => {
        const { subnet, group } = network(n);
        kafka(n("kafka"), [subnet.id, fromQueue(n("q"), "subnet-0123456789abcdef0")], [group.id]);
    },
    careful: (n) => {
        const { vpc, subnet, group } = network(n);
        const other = new aws.ec2.Subnet(n("private-b"), {
            vpcId: vpc.id,
            cidrBlock: "10.0.2.0/24",
        });
        kafka(n("kafka"), [subnet.id, other.id], [group.id]);
    },
};
export default c;
