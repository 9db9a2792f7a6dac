/** The Slack message that announces a new customer to marketing. */
import { escapeMrkdwn, type SlackMessage } from "../../../lib/runtime/slack";
import type { Customer } from "./change-event";

/** Longest piece of customer-provided text put in a message (characters). */
export const MAX_FIELD_LENGTH = 100;

const EMPLOYEES = new Intl.NumberFormat("en-US");

/**
 * Makes customer-provided text safe for one line of mrkdwn: control characters and line breaks
 * become spaces, runs of whitespace collapse, long text is cut, and `&`, `<`, `>` are escaped.
 * Undefined when nothing is left.
 */
export function displayText(raw: string | undefined): string | undefined {
    if (raw === undefined) return undefined;
    // eslint-disable-next-line no-control-regex
    const flat = raw.replace(/[\u0000-\u001f\u007f\u2028\u2029]/g, " ").replace(/\s+/g, " ");
    const trimmed = flat.trim();
    if (trimmed === "") return undefined;
    const chars = Array.from(trimmed); // by code point, so an emoji is never split in half
    const cut =
        chars.length > MAX_FIELD_LENGTH
            ? `${chars.slice(0, MAX_FIELD_LENGTH - 1).join("")}…`
            : trimmed;
    return escapeMrkdwn(cut);
}

/**
 * The announcement: for `{ name: "Acme & Co", employees: 1250, plan: "Enterprise", country: "DE" }`
 * the text is
 * `:tada: New customer! *Acme &amp; Co* just joined us (1,250 employees, Enterprise plan, DE). Say hello! :wave:`
 */
export function newCustomerMessage(customer: Customer): SlackMessage {
    const name = displayText(customer.name) ?? "A new company";
    const plan = displayText(customer.plan);
    const country = displayText(customer.country);
    const details = [
        `${EMPLOYEES.format(customer.employees)} employees`,
        ...(plan !== undefined ? [`${plan} plan`] : []),
        ...(country !== undefined ? [country] : []),
    ].join(", ");
    return {
        text: `:tada: New customer! *${name}* just joined us (${details}). Say hello! :wave:`,
    };
}
