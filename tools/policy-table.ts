/**
 * The README's table of lightspeed-guard rules, generated from the rules themselves (name, level,
 * description, how unknowns are judged, nearest cdk-nag, checkov and @pulumi/awsguard ids) so that
 * it cannot drift. `npm run policy-table`
 * prints it; test/policy/readme.test.ts checks README.md carries it verbatim.
 */
import * as fs from "fs";
import * as path from "path";

/** What the table needs from a rule module's `rule` export. */
interface RuleInfo {
    readonly name: string;
    readonly description: string;
    readonly enforcementLevel?: string;
    readonly nearest?: {
        readonly cdkNag?: readonly string[];
        readonly checkov?: readonly string[];
        readonly awsguard?: readonly string[];
    };
    readonly unknowns?: string;
}

const RULES_DIR = path.join(__dirname, "..", "policy", "rules");

/** The rules, in the pack's order (file name), without starting a policy pack. */
export function ruleInfos(dir = RULES_DIR): RuleInfo[] {
    return fs
        .readdirSync(dir)
        .filter((f) => /\.ts$/.test(f) && !f.endsWith(".d.ts"))
        .sort()
        .map((f) => (require(path.join(dir, f)) as { rule: RuleInfo }).rule);
}

function cell(text: string): string {
    return text.replace(/\|/g, "\\|").replace(/\n/g, " ");
}

/** The markdown table, one row per rule. */
export function policyTable(rules: readonly RuleInfo[] = ruleInfos()): string {
    const rows = rules.map((r) => {
        const ids = (list?: readonly string[]) => (list && list.length ? list.join(", ") : "—");
        return `| \`${r.name}\` | ${r.enforcementLevel ?? "mandatory"} | ${cell(r.description)} | ${cell(r.unknowns ?? "—")} | ${cell(ids(r.nearest?.cdkNag))} | ${cell(ids(r.nearest?.checkov))} | ${cell(ids(r.nearest?.awsguard))} |`;
    });
    return [
        "| rule | level | what it enforces | unknown during preview | nearest cdk-nag | nearest checkov | nearest @pulumi/awsguard |",
        "| --- | --- | --- | --- | --- | --- | --- |",
        ...rows,
    ].join("\n");
}

if (require.main === module) {
    process.stdout.write(policyTable() + "\n");
}
