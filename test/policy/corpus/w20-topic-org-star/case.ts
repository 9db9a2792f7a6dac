import * as aws from "@pulumi/aws";
import { Case } from "../case";
import { ACCOUNT, doc } from "../fixtures";

/** w20-topic-org-star: resource-policy-no-public-principal on "tp". */
const c: Case = {
    class: "1-wildcards",
    rule: "resource-policy-no-public-principal",
    target: "tp",
    unsafe: (n) => {
        new aws.sns.TopicPolicy(n("tp"), {
            arn: `arn:aws:sns:us-east-1:${ACCOUNT}:alerts`,
            policy: doc({
                Effect: "Allow",
                Principal: "*",
                Action: "sns:Publish",
                Resource: "*",
                Condition: { StringLike: { "aws:PrincipalOrgID": "o-*" } },
            }),
        });
    },
    careful: (n) => {
        new aws.sns.TopicPolicy(n("tp"), {
            arn: `arn:aws:sns:us-east-1:${ACCOUNT}:alerts`,
            policy: doc({
                Effect: "Allow",
                Principal: "*",
                Action: "sns:Publish",
                Resource: "*",
                Condition: { StringEquals: { "aws:PrincipalOrgID": "o-a1b2c3d4e5" } },
            }),
        });
    },
};
export default c;
