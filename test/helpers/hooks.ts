/** Root hooks for the whole suite: stop the policy packs the gate started, so mocha can exit. */
import { closePolicyPacks } from "../../tools/engine/policy-gate";

export const mochaHooks = {
    async afterAll(): Promise<void> {
        await closePolicyPacks();
    },
};
