import * as aws from "@pulumi/aws";
import { Case } from "../case";
import { doc, fromQueue } from "../fixtures";

/**
 * u12-org-id-from-apply: resource-policy-no-public-principal on "qp". Principal "*" pinned to an
 * organization whose id is computed from a queue: at up it could be "o-*", so it pins nothing.
 */
const policy = (name: string, orgId: aws.iam.PolicyStatement["Condition"]) =>
    new aws.sqs.QueuePolicy(name, {
        queueUrl: "https://sqs.us-east-1.amazonaws.com/123456789012/jobs",
        policy: doc({
            Effect: "Allow",
            Principal: "*",
            Action: "sqs:SendMessage",
            Resource: "arn:aws:sqs:us-east-1:123456789012:jobs",
            Condition: orgId,
        }),
    });

const c: Case = {
    class: "3-unknowns",
    rule: "resource-policy-no-public-principal",
    target: "qp",
    unsafe: (n) => {
        policy(n("qp"), { StringEquals: { "aws:PrincipalOrgID": fromQueue(n("q"), "o-*") } });
    },
    careful: (n) => {
        policy(n("qp"), { StringEquals: { "aws:PrincipalOrgID": "o-a1b2c3d4e5" } });
    },
};
export default c;
