/**
 * Every process the engine starts (programs, policy packs) is tracked here, so that none outlives
 * it: they are stopped when the engine finishes, fails, or is interrupted. A plan that leaves a
 * policy pack running leaks its memory for good (the pack is reparented to init).
 */
import { ChildProcess } from "child_process";

const running = new Set<ChildProcess>();

/** Tracks a child until it exits; returns the function that stops tracking it. */
export function track(child: ChildProcess): () => void {
    running.add(child);
    const untrack = () => running.delete(child);
    child.once("exit", untrack);
    return untrack;
}

/** How many tracked children are still running. */
export function runningChildren(): number {
    return running.size;
}

/** Stops one child: SIGTERM, then SIGKILL after `graceMs`; resolves once it has exited. */
export function stopProcess(child: ChildProcess, graceMs = 3000): Promise<void> {
    return new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        const timer = setTimeout(() => child.kill("SIGKILL"), graceMs);
        child.once("exit", () => {
            clearTimeout(timer);
            resolve();
        });
        child.kill("SIGTERM");
    });
}

/** Stops every tracked child; resolves once all have exited. */
export async function stopChildren(graceMs = 3000): Promise<void> {
    await Promise.all([...running].map((child) => stopProcess(child, graceMs)));
}

/** Last resort on process exit: synchronous, so only signals can be sent. */
process.on("exit", () => {
    for (const child of running) child.kill("SIGKILL");
});
