/**
 * Root hooks for the whole suite: stop the policy packs the gate started, so mocha can exit; and
 * fail a test that makes the Pulumi SDK warn in this process (`warning: [runtime] ...`: a
 * deprecated resource class, an undefined stack output), so such warnings do not creep back into
 * `npm test`'s output. The warning is still printed; the test that caused it fails, naming it.
 */
import { closePolicyPacks } from "../../tools/engine/policy-gate";

const SDK_WARNING = "warning: [runtime] ";
const sdkWarnings: string[] = [];
const consoleWarn = console.warn;

/** Takes the SDK warnings printed since the last call. */
export function takeSdkWarnings(): string[] {
    return sdkWarnings.splice(0);
}

export const mochaHooks = {
    beforeAll(): void {
        console.warn = (...args: unknown[]) => {
            if (typeof args[0] === "string" && args[0].startsWith(SDK_WARNING)) {
                sdkWarnings.push(args[0].slice(SDK_WARNING.length));
            }
            consoleWarn(...args);
        };
    },
    afterEach(): void {
        const warnings = takeSdkWarnings();
        if (warnings.length > 0) {
            throw new Error(
                `the test made the Pulumi SDK warn (remove the cause: a deprecated class, an ` +
                    `undefined output): ${[...new Set(warnings)].join("; ")}`,
            );
        }
    },
    async afterAll(): Promise<void> {
        console.warn = consoleWarn;
        await closePolicyPacks();
    },
};
