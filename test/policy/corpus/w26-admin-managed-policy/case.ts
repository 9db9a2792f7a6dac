import * as aws from "@pulumi/aws";
import { Case } from "../case";

/** w26-admin-managed-policy: iam-no-admin-managed-policies on "attach". */
const c: Case = {
    class: "1-wildcards",
    rule: "iam-no-admin-managed-policies",
    target: "attach",
    unsafe: (n) => {
        new aws.iam.RolePolicyAttachment(n("attach"), {
            role: "app-worker",
            policyArn: "arn:aws:iam::aws:policy/AdministratorAccess",
        });
    },
    careful: (n) => {
        new aws.iam.RolePolicyAttachment(n("attach"), {
            role: "app-worker",
            policyArn: "arn:aws:iam::aws:policy/ReadOnlyAccess",
        });
    },
};
export default c;
