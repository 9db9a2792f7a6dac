import * as aws from "@pulumi/aws";
import { Case } from "../case";

/** t27-function-url-public: resource-policy-no-public-principal on "url" (auth NONE). */
const c: Case = {
    class: "5-types",
    rule: "resource-policy-no-public-principal",
    target: "url",
    unsafe: (n) => {
        new aws.lambda.FunctionUrl(n("url"), { functionName: "api", authorizationType: "NONE" });
    },
    careful: (n) => {
        new aws.lambda.FunctionUrl(n("url"), { functionName: "api", authorizationType: "AWS_IAM" });
    },
};
export default c;
