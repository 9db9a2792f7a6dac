/**
 * Lambda entry point of the new-customer notifier (bundled by esbuild; handler `index.handler`).
 * The environment is validated here, at module load, so a misconfigured function fails its cold
 * start with the variable's name instead of failing every record. See `./notifier` for the
 * behaviour and `./config` for the variables.
 */
import { createHandler } from "./notifier";

/** Consumes a Kinesis batch of DynamoDB change events; returns the batch item failures. */
export const handler = createHandler({ env: process.env });
