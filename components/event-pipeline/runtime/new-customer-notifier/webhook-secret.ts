/**
 * The notifier's webhook URL, read from Secrets Manager and cached: the shared implementation in
 * components/lib/runtime/webhook-secret.ts (the alarm forwarder uses it too).
 */
export { cachedWebhookUrl } from "../../../lib/runtime/webhook-secret";
export type {
    CachedWebhookUrlOptions,
    WebhookUrlSource,
} from "../../../lib/runtime/webhook-secret";
