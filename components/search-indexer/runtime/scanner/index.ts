/**
 * Lambda entry point of the stale-task scanner (bundled by esbuild; handler `index.handler`),
 * invoked every five minutes by an EventBridge schedule. The environment is validated here, at
 * module load. See `./scanner` for the behaviour and `./config` for the variables.
 */
import { createHandler } from "./scanner";

/** Finds stale open tasks and publishes each new finding once. */
export const handler = createHandler({ env: process.env });
