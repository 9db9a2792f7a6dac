import * as aws from "@pulumi/aws";
import { Case } from "../case";

/** r18-table-unprotected: stateful-protect on "table". */
const c: Case = {
    class: "rules",
    rule: "stateful-protect",
    target: "table",
    unsafe: (n) => {
        new aws.dynamodb.Table(n("table"), {
            hashKey: "id",
            attributes: [{ name: "id", type: "S" }],
            billingMode: "PAY_PER_REQUEST",
        });
    },
    careful: (n) => {
        new aws.dynamodb.Table(
            n("table"),
            {
                hashKey: "id",
                attributes: [{ name: "id", type: "S" }],
                billingMode: "PAY_PER_REQUEST",
            },
            { protect: true },
        );
    },
};
export default c;
