import * as aws from "@pulumi/aws";
import { Case } from "../case";

/** t36-api-domain-tls10: transport-encrypted on "domain" (an API custom domain on TLS 1.0). */
const domain = (name: string, securityPolicy: string) =>
    new aws.apigateway.DomainName(name, {
        domainName: "api.example.com",
        regionalCertificateArn:
            "arn:aws:acm:us-east-1:123456789012:certificate/11111111-2222-3333-4444-555555555555",
        endpointConfiguration: { types: "REGIONAL" },
        securityPolicy,
    });

const c: Case = {
    class: "5-types",
    rule: "transport-encrypted",
    target: "domain",
    unsafe: (n) => {
        domain(n("domain"), "TLS_1_0");
    },
    careful: (n) => {
        domain(n("domain"), "TLS_1_2");
    },
};
export default c;
