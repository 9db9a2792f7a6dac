import { Case } from "../case";
import { allow } from "../fixtures";

/** w07-resource-every-secret: iam-no-wildcard-resources on "p". */
const c: Case = {
    class: "1-wildcards",
    rule: "iam-no-wildcard-resources",
    target: "p",
    unsafe: (n) => {
        allow(n("p"), "secretsmanager:GetSecretValue", "arn:aws:secretsmanager:*:*:secret:*");
    },
    careful: (n) => {
        allow(
            n("p"),
            "secretsmanager:GetSecretValue",
            "arn:aws:secretsmanager:us-east-1:123456789012:secret:app/db-*",
        );
    },
};
export default c;
