/**
 * Every process the engine starts (programs, policy packs) is tracked here, so that none outlives
 * it: they are stopped when the engine finishes, fails, or is interrupted. A plan that leaves a
 * policy pack running leaks its memory for good (the pack is reparented to init).
 *
 * Programs and packs run in their own process groups, as the CLI runs its plugins
 * (sdk/go/common/util/cmdutil `RegisterProcessGroup`), and are stopped by group, as the CLI stops
 * them (pkg/resource/plugin/plugin.go `Plugin.Close` → `InterruptChildren`, then `KillChildren`):
 * whatever a program started and left running (a watcher, a local server) goes with it.
 */
import { ChildProcess } from "child_process";

const running = new Set<ChildProcess>();
/** Children started with `detached: true`: leaders of their own process groups. */
const leaders = new WeakSet<ChildProcess>();

/**
 * Tracks a child until it exits; returns the function that stops tracking it. `group`: the child
 * was spawned with `detached: true` (its own process group), and is signalled by group.
 */
export function track(child: ChildProcess, options: { group?: boolean } = {}): () => void {
    if (options.group) leaders.add(child);
    running.add(child);
    const untrack = () => running.delete(child);
    child.once("exit", untrack);
    return untrack;
}

/**
 * Sends `signal` to a child, and to its whole process group when it leads one (even after the
 * leader exited: what it left in the group gets the signal). A group with nobody left is no error.
 */
export function signal(child: ChildProcess, sig: NodeJS.Signals): void {
    if (leaders.has(child) && child.pid !== undefined) {
        try {
            process.kill(-child.pid, sig);
            return;
        } catch {
            // ESRCH: nobody left in the group.
        }
    }
    if (child.exitCode === null && child.signalCode === null) child.kill(sig);
}

/** How many tracked children are still running. */
export function runningChildren(): number {
    return running.size;
}

/** Stops one child: SIGTERM, then SIGKILL after `graceMs`; resolves once it has exited. */
export function stopProcess(child: ChildProcess, graceMs = 3000): Promise<void> {
    return new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) {
            // What the child left in its group.
            signal(child, "SIGTERM");
            return resolve();
        }
        const timer = setTimeout(() => signal(child, "SIGKILL"), graceMs);
        child.once("exit", () => {
            clearTimeout(timer);
            resolve();
        });
        signal(child, "SIGTERM");
    });
}

/** Stops every tracked child; resolves once all have exited. */
export async function stopChildren(graceMs = 3000): Promise<void> {
    await Promise.all([...running].map((child) => stopProcess(child, graceMs)));
}

/** Last resort on process exit: synchronous, so only signals can be sent. */
process.on("exit", () => {
    for (const child of running) signal(child, "SIGKILL");
});
