/**
 * The corpus cases that also run through the plan CLI (`npm run plan -- --cwd
 * test/fixtures/corpus-cli --stack unsafe|careful`): one from each class and each newer rule, so
 * the out-of-process path (the program in its own process, the pack started as the CLI starts it,
 * exit codes, --json) is proven on the same programs as the in-process corpus. Few, because each
 * plan costs seconds.
 */
import * as path from "path";
import { Case, prefixer } from "./case";

/** Case folders run through the CLI. */
export const CLI_CASES = [
    "w01-action-q-star",
    "w16-github-repo-star",
    "c01-halves-one-rule",
    "u10-ingress-mixed-entries",
    "u11-queue-policy-mixed-principals",
    "t13-event-bus-everyone",
    "p01-rds-default-vpc",
    "t24-mysql-no-tls",
] as const;

/** Registers one side of every CLI case, names prefixed as in the in-process corpus. */
export function registerCliCases(side: "unsafe" | "careful"): void {
    for (const id of CLI_CASES) {
        const c = (require(path.join(__dirname, id, "case.ts")) as { default: Case }).default;
        c[side](prefixer(id));
    }
}
