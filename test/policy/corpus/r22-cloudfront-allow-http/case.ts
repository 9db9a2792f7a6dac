import * as aws from "@pulumi/aws";
import { Case } from "../case";

/** A distribution serving viewers over plain HTTP, and its twin redirecting them to HTTPS. */
function distribution(name: string, viewerProtocolPolicy: string): aws.cloudfront.Distribution {
    return new aws.cloudfront.Distribution(name, {
        enabled: true,
        aliases: ["www.example.com"],
        origins: [{ originId: "site", domainName: "site.s3.us-east-1.amazonaws.com" }],
        defaultCacheBehavior: {
            allowedMethods: ["GET", "HEAD"],
            cachedMethods: ["GET", "HEAD"],
            cachePolicyId: "658327ea-f89d-4fab-a63d-7e88639e58f6",
            targetOriginId: "site",
            viewerProtocolPolicy,
        },
        restrictions: { geoRestriction: { restrictionType: "none" } },
        viewerCertificate: {
            acmCertificateArn: "arn:aws:acm:us-east-1:123456789012:certificate/abc",
            sslSupportMethod: "sni-only",
            minimumProtocolVersion: "TLSv1.2_2021",
        },
    });
}

/** r22-cloudfront-allow-http: cloudfront-https on "cdn". */
const c: Case = {
    class: "rules",
    rule: "cloudfront-https",
    target: "cdn",
    unsafe: (n) => {
        distribution(n("cdn"), "allow-all");
    },
    careful: (n) => {
        distribution(n("cdn"), "redirect-to-https");
    },
};
export default c;
