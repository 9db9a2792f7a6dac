import * as aws from "@pulumi/aws";
import { Case } from "../case";

/** r02-opensearch-public: opensearch-in-vpc on "search". */
const c: Case = {
    class: "rules",
    rule: "opensearch-in-vpc",
    target: "search",
    unsafe: (n) => {
        new aws.opensearch.Domain(n("search"), {});
    },
    careful: (n) => {
        new aws.opensearch.Domain(n("search"), {
            vpcOptions: {
                subnetIds: ["subnet-0123456789abcdef0"],
                securityGroupIds: ["sg-0aaaaaaaaaaaaaaa6"],
            },
        });
    },
};
export default c;
