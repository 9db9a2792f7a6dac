import * as aws from "@pulumi/aws";
import { Case } from "../case";

/** t13-event-bus-everyone: resource-policy-no-public-principal on "bus". */
const c: Case = {
    class: "5-types",
    rule: "resource-policy-no-public-principal",
    target: "bus",
    unsafe: (n) => {
        new aws.cloudwatch.EventPermission(n("bus"), { principal: "*", statementId: "all" });
    },
    careful: (n) => {
        new aws.cloudwatch.EventPermission(n("bus"), {
            principal: "*",
            statementId: "org",
            condition: { key: "aws:PrincipalOrgID", type: "StringEquals", value: "o-a1b2c3d4e5" },
        });
    },
};
export default c;
