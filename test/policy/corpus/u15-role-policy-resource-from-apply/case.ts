import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { Case } from "../case";
import { doc, fromQueue } from "../fixtures";

/**
 * u15-role-policy-resource-from-apply: unknown-values-proven on "p". An s3:GetObject grant
 * whose Resource is computed from a queue could be "*" when applied; the bucket's own ARN is
 * what the action acts on.
 */
const grant = (name: string, resource: pulumi.Input<string>) =>
    new aws.iam.RolePolicy(name, {
        role: "app-worker",
        policy: doc({ Effect: "Allow", Action: "s3:GetObject", Resource: resource }),
    });

const c: Case = {
    class: "3-unknowns",
    rule: "unknown-values-proven",
    target: "p",
    unsafe: (n) => {
        grant(n("p"), fromQueue(n("q"), "*"));
    },
    careful: (n) => {
        const bucket = new aws.s3.Bucket(n("reports"));
        grant(n("p"), pulumi.interpolate`${bucket.arn}/*`);
    },
};
export default c;
