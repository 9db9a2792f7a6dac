import * as aws from "@pulumi/aws";
import { Case } from "../case";
import { allow, doc } from "../fixtures";

/** w05-notaction: iam-no-wildcard-actions on "p". */
const c: Case = {
    class: "1-wildcards",
    rule: "iam-no-wildcard-actions",
    target: "p",
    unsafe: (n) => {
        new aws.iam.RolePolicy(n("p"), {
            role: "app-worker",
            policy: doc({ Effect: "Allow", NotAction: "iam:*", Resource: "arn:aws:s3:::data/*" }),
        });
    },
    careful: (n) => {
        allow(n("p"), "s3:GetObject", "arn:aws:s3:::data/*");
    },
};
export default c;
