import { Case } from "../case";
import { ACCOUNT, GITHUB, trust } from "../fixtures";

/** w18-github-aud-wildcard: iam-trust-policy-principals on "r". */
const c: Case = {
    class: "1-wildcards",
    rule: "iam-trust-policy-principals",
    target: "r",
    unsafe: (n) => {
        trust(
            n("r"),
            { Federated: `arn:aws:iam::${ACCOUNT}:oidc-provider/${GITHUB}` },
            { StringLike: { [`${GITHUB}:aud`]: "sts.*", [`${GITHUB}:sub`]: "repo:acme/app:*" } },
            "sts:AssumeRoleWithWebIdentity",
        );
    },
    careful: (n) => {
        trust(
            n("r"),
            { Federated: `arn:aws:iam::${ACCOUNT}:oidc-provider/${GITHUB}` },
            {
                StringEquals: { [`${GITHUB}:aud`]: "sts.amazonaws.com" },
                StringLike: { [`${GITHUB}:sub`]: "repo:acme/app:*" },
            },
            "sts:AssumeRoleWithWebIdentity",
        );
    },
};
export default c;
