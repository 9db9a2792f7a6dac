/**
 * Lambda entry point of the Slack alert forwarder (bundled by esbuild; handler `index.handler`).
 * The environment is validated here, at module load, so a misconfigured function fails its cold
 * start with the variable's name. See `./forwarder` for the behaviour, `./alarm` for the messages
 * and `./config` for the variables.
 */
import { createHandler } from "./forwarder";

/** Posts each CloudWatch alarm notification SNS delivers to the team's Slack channel. */
export const handler = createHandler({ env: process.env });
