/**
 * The ReminderWorkflow client library for the team's services: schedule, cancel and look up
 * cancellable reminders. See {@link ReminderClient}.
 */
export {
    ReminderClient,
    DEFAULT_HANDLE_GRACE_SECONDS,
    MAX_SCHEDULE_AHEAD_SECONDS,
    type CancelResult,
    type ReminderClientOptions,
    type ReminderExecutionInput,
    type ScheduledReminder,
} from "./reminder-client";
export {
    ReminderError,
    ReminderExecutionClosedError,
    ReminderRedisError,
    ReminderStepFunctionsError,
} from "./errors";
export { type HandleState, type ReminderHandle, handleKey, executionName } from "./keys";
export { REDIS_DEFAULTS, type RedisEndpoint } from "./redis";
