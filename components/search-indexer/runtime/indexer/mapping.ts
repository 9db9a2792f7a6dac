/**
 * Settings and mappings of every table's index (`<table>-v1`), applied when the indexer creates
 * it. Tables differ in their attributes, so the mapping is dynamic with templates that make the
 * common shapes searchable the same way everywhere:
 *
 * - attributes whose name ends in `At` (`createdAt`, `updatedAt`) are dates: epoch milliseconds
 *   (N) or ISO 8601 text (S). A value that is neither is rejected by OpenSearch (a 400
 *   `mapper_parsing_exception`), and the record is reported as one that can never index;
 * - other strings are full text, with a `.keyword` sub-field (exact match, sorting, aggregations)
 *   for values up to 512 characters;
 * - numbers with a fraction are `double` (OpenSearch's default, `float`, loses digits);
 * - nothing is guessed from string contents (no date or numeric detection).
 */

/** Index settings and mappings of a table's index. */
export function tableIndexBody(deleteTombstoneHours: number): {
    settings: object;
    mappings: object;
} {
    return {
        settings: {
            index: {
                // With external versioning a delete leaves a tombstone carrying its version, and a
                // stale write for the same id is refused (409) only while the tombstone exists.
                // OpenSearch forgets it after gc_deletes (default 60s): a redelivered older INSERT
                // arriving later would bring the deleted document back. Keep it at least as long
                // as records can still be redelivered (the mapping's maximum record age, and the
                // stream's retention for replays from the dead-letter queue).
                gc_deletes: `${deleteTombstoneHours}h`,
            },
        },
        mappings: {
            dynamic: true,
            date_detection: false,
            numeric_detection: false,
            dynamic_templates: [
                {
                    timestamps_epoch_millis: {
                        match: "*At",
                        match_mapping_type: "long",
                        mapping: { type: "date", format: "epoch_millis" },
                    },
                },
                {
                    timestamps_iso8601: {
                        match: "*At",
                        match_mapping_type: "string",
                        mapping: {
                            type: "date",
                            format: "strict_date_optional_time||epoch_millis",
                        },
                    },
                },
                {
                    strings: {
                        match_mapping_type: "string",
                        mapping: {
                            type: "text",
                            fields: { keyword: { type: "keyword", ignore_above: 512 } },
                        },
                    },
                },
                { fractions: { match_mapping_type: "double", mapping: { type: "double" } } },
            ],
        },
    };
}
