import { Case } from "../case";
import { dax } from "../t34-dax-plaintext/case";

/** t38-dax-unencrypted: encrypted-at-rest on "dax" (server-side encryption off). */
const c: Case = {
    class: "5-types",
    rule: "encrypted-at-rest",
    target: "dax",
    unsafe: (n) => {
        dax(n("dax"), "TLS", false);
    },
    careful: (n) => {
        dax(n("dax"), "TLS", true);
    },
};
export default c;
