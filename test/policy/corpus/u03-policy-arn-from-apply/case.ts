import * as aws from "@pulumi/aws";
import { Case } from "../case";
import { doc, fromQueue } from "../fixtures";

/** u03-policy-arn-from-apply: unknown-values-proven on "attach". */
const c: Case = {
    class: "3-unknowns",
    rule: "unknown-values-proven",
    target: "attach",
    unsafe: (n) => {
        new aws.iam.RolePolicyAttachment(n("attach"), {
            role: "app-worker",
            policyArn: fromQueue(n("q"), "arn:aws:iam::aws:policy/AdministratorAccess"),
        });
    },
    careful: (n) => {
        const p = new aws.iam.Policy(n("p"), {
            policy: doc({
                Effect: "Allow",
                Action: "s3:GetObject",
                Resource: "arn:aws:s3:::data/*",
            }),
        });
        new aws.iam.RolePolicyAttachment(n("attach"), { role: "app-worker", policyArn: p.arn });
    },
};
export default c;
