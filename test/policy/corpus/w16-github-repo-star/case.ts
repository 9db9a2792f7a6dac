import { Case } from "../case";
import { ACCOUNT, GITHUB, trust } from "../fixtures";

/** w16-github-repo-star: iam-trust-policy-principals on "r". */
const c: Case = {
    class: "1-wildcards",
    rule: "iam-trust-policy-principals",
    target: "r",
    unsafe: (n) => {
        trust(
            n("r"),
            { Federated: `arn:aws:iam::${ACCOUNT}:oidc-provider/${GITHUB}` },
            {
                StringEquals: { [`${GITHUB}:aud`]: "sts.amazonaws.com" },
                StringLike: { [`${GITHUB}:sub`]: "repo:*" },
            },
            "sts:AssumeRoleWithWebIdentity",
        );
    },
    careful: (n) => {
        trust(
            n("r"),
            { Federated: `arn:aws:iam::${ACCOUNT}:oidc-provider/${GITHUB}` },
            {
                StringEquals: { [`${GITHUB}:aud`]: "sts.amazonaws.com" },
                StringLike: { [`${GITHUB}:sub`]: "repo:acme/app:ref:refs/heads/main" },
            },
            "sts:AssumeRoleWithWebIdentity",
        );
    },
};
export default c;
