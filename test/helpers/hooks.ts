/**
 * Root hooks for the whole suite: stop the policy packs the gate started, so mocha can exit; and
 * fail the run when a test made the Pulumi SDK warn in this process (`warning: [runtime] ...`: a
 * deprecated resource class, an undefined stack output), so such warnings do not creep back into
 * `npm test`'s output. The warning is still printed where it happens; once every test has run,
 * the last hook fails, naming each test and its warnings.
 */
import type { Context } from "mocha";
import { closePolicyPacks } from "../../tools/engine/policy-gate";

const SDK_WARNING = "warning: [runtime] ";
const pending: string[] = [];
const warned: string[] = [];
const consoleWarn = console.warn;

export const mochaHooks = {
    beforeAll(): void {
        console.warn = (...args: unknown[]) => {
            if (typeof args[0] === "string" && args[0].startsWith(SDK_WARNING)) {
                pending.push(args[0].slice(SDK_WARNING.length));
            }
            consoleWarn(...args);
        };
    },
    afterEach(this: Context): void {
        const warnings = pending.splice(0);
        if (warnings.length > 0) {
            warned.push(`"${this.currentTest?.fullTitle()}": ${[...new Set(warnings)].join("; ")}`);
        }
    },
    async afterAll(): Promise<void> {
        console.warn = consoleWarn;
        await closePolicyPacks();
        if (warned.length > 0) {
            throw new Error(
                "tests made the Pulumi SDK warn (remove the cause: a deprecated class, an " +
                    `undefined output):\n${warned.join("\n")}`,
            );
        }
    },
};
