import * as aws from "@pulumi/aws";
import { Case } from "../case";

/** t25-msk-plaintext: database-tls-required on "kafka" (clients may use plaintext). */
const kafka = (name: string, clientBroker: string) =>
    new aws.msk.Cluster(name, {
        kafkaVersion: "3.6.0",
        numberOfBrokerNodes: 2,
        brokerNodeGroupInfo: {
            instanceType: "kafka.t3.small",
            clientSubnets: ["subnet-0123456789abcdef0", "subnet-0123456789abcdef1"],
            securityGroups: ["sg-0123456789abcdef0"],
        },
        encryptionInfo: { encryptionInTransit: { clientBroker, inCluster: true } },
    });

const c: Case = {
    class: "5-types",
    rule: "database-tls-required",
    target: "kafka",
    unsafe: (n) => {
        kafka(n("kafka"), "TLS_PLAINTEXT");
    },
    careful: (n) => {
        kafka(n("kafka"), "TLS");
    },
};
export default c;
