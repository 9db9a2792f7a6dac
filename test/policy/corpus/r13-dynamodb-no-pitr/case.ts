import * as aws from "@pulumi/aws";
import { Case } from "../case";

/** r13-dynamodb-no-pitr: dynamodb-data-protection on "table". */
const c: Case = {
    class: "rules",
    rule: "dynamodb-data-protection",
    target: "table",
    unsafe: (n) => {
        new aws.dynamodb.Table(n("table"), {
            hashKey: "id",
            attributes: [{ name: "id", type: "S" }],
            billingMode: "PAY_PER_REQUEST",
        });
    },
    careful: (n) => {
        new aws.dynamodb.Table(n("table"), {
            hashKey: "id",
            attributes: [{ name: "id", type: "S" }],
            billingMode: "PAY_PER_REQUEST",
            pointInTimeRecovery: { enabled: true },
            deletionProtectionEnabled: true,
        });
    },
};
export default c;
