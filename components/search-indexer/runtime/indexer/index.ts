/**
 * Lambda entry point of the search indexer (bundled by esbuild; handler `index.handler`). The
 * environment is validated here, at module load, so a misconfigured function fails its cold start
 * with the variable's name. See `./indexer` for the behaviour and `./config` for the variables.
 */
import { createHandler } from "./indexer";

/** Indexes a Kinesis batch of DynamoDB change events; returns the earliest failed record. */
export const handler = createHandler({ env: process.env });
