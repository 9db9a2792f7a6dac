import * as aws from "@pulumi/aws";
import { Case } from "../case";

/** r15-search-http: opensearch-transport on "search". */
const c: Case = {
    class: "rules",
    rule: "opensearch-transport",
    target: "search",
    unsafe: (n) => {
        new aws.opensearch.Domain(n("search"), {
            nodeToNodeEncryption: { enabled: true },
            domainEndpointOptions: {
                enforceHttps: false,
                tlsSecurityPolicy: "Policy-Min-TLS-1-2-2019-07",
            },
        });
    },
    careful: (n) => {
        new aws.opensearch.Domain(n("search"), {
            nodeToNodeEncryption: { enabled: true },
            domainEndpointOptions: {
                enforceHttps: true,
                tlsSecurityPolicy: "Policy-Min-TLS-1-2-2019-07",
            },
        });
    },
};
export default c;
