import * as aws from "@pulumi/aws";
import { Case } from "../case";
import { fromQueue, network } from "../fixtures";

/** u02-vpcoptions-from-apply: unknown-values-proven on "search". */
const c: Case = {
    class: "3-unknowns",
    rule: "unknown-values-proven",
    target: "search",
    unsafe: (n) => {
        new aws.opensearch.Domain(n("search"), {
            vpcOptions: fromQueue(n("q"), { subnetIds: ["subnet-1"] }),
        });
    },
    careful: (n) => {
        const { subnet, group } = network(n);
        new aws.opensearch.Domain(n("search"), {
            vpcOptions: { subnetIds: [subnet.id], securityGroupIds: [group.id] },
        });
    },
};
export default c;
