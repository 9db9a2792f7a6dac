import * as aws from "@pulumi/aws";
import { Case } from "../case";
import { ACCOUNT } from "../fixtures";

/** t30-glacier-vault-public: resource-policy-no-public-principal on "vault". */
const vault = (name: string, principal: unknown) =>
    new aws.glacier.Vault(name, {
        accessPolicy: JSON.stringify({
            Version: "2012-10-17",
            Statement: [
                {
                    Effect: "Allow",
                    Principal: principal,
                    Action: "glacier:InitiateJob",
                    Resource: `arn:aws:glacier:us-east-1:${ACCOUNT}:vaults/archive`,
                },
            ],
        }),
    });

const c: Case = {
    class: "5-types",
    rule: "resource-policy-no-public-principal",
    target: "vault",
    unsafe: (n) => {
        vault(n("vault"), "*");
    },
    careful: (n) => {
        vault(n("vault"), { AWS: `arn:aws:iam::${ACCOUNT}:role/archiver` });
    },
};
export default c;
