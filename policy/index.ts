/**
 * The lightspeed-guard policy pack: every rule under rules/ (one per file, its file name is its
 * name), then `exceptions-in-force`, which reports what the config waived.
 */
import * as fs from "fs";
import * as path from "path";
import { PolicyPack, ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import { exceptionsInForce } from "./lib/exceptions";

type Rule = ResourceValidationPolicy | StackValidationPolicy;

/** Loads rules/<name>.ts (or .js), each exporting `rule` named as its file. */
export function loadRules(dir = path.join(__dirname, "rules")): Rule[] {
    return fs
        .readdirSync(dir)
        .filter((f) => /\.(ts|js)$/.test(f) && !f.endsWith(".d.ts"))
        .sort()
        .map((file) => {
            const name = file.replace(/\.(ts|js)$/, "");
            const rule = (require(path.join(dir, file)) as { rule?: Rule }).rule;
            if (!rule || rule.name !== name) {
                throw new Error(`policy/rules/${file} must export \`rule\` named "${name}"`);
            }
            return rule;
        });
}

new PolicyPack("lightspeed-guard", {
    policies: [...loadRules(), exceptionsInForce],
});
