import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { Case } from "../case";
import { doc, fromQueue } from "../fixtures";

/** u08-role-policy-json-unknown: iam-document-known on "p". */
const c: Case = {
    class: "3-unknowns",
    rule: "iam-document-known",
    target: "p",
    unsafe: (n) => {
        new aws.iam.RolePolicy(n("p"), {
            role: "app-worker",
            policy: pulumi.jsonStringify(
                doc({ Effect: "Allow", Action: fromQueue(n("q"), "*"), Resource: "*" }),
            ),
        });
    },
    careful: (n) => {
        new aws.iam.RolePolicy(n("p"), {
            role: "app-worker",
            policy: doc({
                Effect: "Allow",
                Action: "sqs:SendMessage",
                Resource: fromQueue(n("q"), "arn:aws:sqs:us-east-1:123456789012:jobs"),
            }),
        });
    },
};
export default c;
