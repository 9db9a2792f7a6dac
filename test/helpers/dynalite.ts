/**
 * A real DynamoDB-compatible server for runtime tests: dynalite (DynamoDB's JSON protocol, its
 * condition expressions and errors, in memory) on an ephemeral port of 127.0.0.1, with tables
 * made the way our components make them. Tests reach it with the real AWS SDK v3 client.
 * Start one per test and close it in an after hook: close ends its connections and its store.
 */
import {
    CreateTableCommand,
    DynamoDBClient,
    GetItemCommand,
    ScanCommand,
    type AttributeValue,
} from "@aws-sdk/client-dynamodb";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";

// dynalite ships no types; this is the part of its API these tests use.
const dynalite = require("dynalite") as (options: { createTableMs?: number }) => Server;

/** Placeholder credentials: dynalite checks that requests are signed, not by whom. */
export const LOCAL_CREDENTIALS = { accessKeyId: "AKIDLOCAL", secretAccessKey: "local-secret" };
export const LOCAL_REGION = "eu-west-1";

/** A running dynalite. */
export interface LocalDynamoDb {
    /** `http://127.0.0.1:<port>`. */
    readonly endpoint: string;
    /** A real SDK client pointed at this server (destroyed by {@link close}). */
    client(): DynamoDBClient;
    /** Creates a table whose string hash key is `id` (the delivery records' shape). */
    createTable(name: string): Promise<void>;
    /** The item under `id`, read consistently; undefined when there is none. */
    item(table: string, id: string): Promise<Record<string, AttributeValue> | undefined>;
    /** Every item of `table`. */
    items(table: string): Promise<Record<string, AttributeValue>[]>;
    /** Stops the server and its clients; safe to call twice. */
    close(): Promise<void>;
}

/** Starts dynalite on 127.0.0.1 on a port the system picks. */
export async function startLocalDynamoDb(): Promise<LocalDynamoDb> {
    const server = dynalite({ createTableMs: 0 });
    await new Promise<void>((resolve, reject) => {
        server.once("error", reject);
        server.listen(0, "127.0.0.1", () => resolve());
    });
    const { port } = server.address() as AddressInfo;
    const endpoint = `http://127.0.0.1:${port}`;
    const clients: DynamoDBClient[] = [];
    const client = () => {
        const c = new DynamoDBClient({
            endpoint,
            region: LOCAL_REGION,
            credentials: LOCAL_CREDENTIALS,
        });
        clients.push(c);
        return c;
    };
    const own = client();
    let closed: Promise<void> | undefined;
    return {
        endpoint,
        client,
        async createTable(name) {
            await own.send(
                new CreateTableCommand({
                    TableName: name,
                    AttributeDefinitions: [{ AttributeName: "id", AttributeType: "S" }],
                    KeySchema: [{ AttributeName: "id", KeyType: "HASH" }],
                    BillingMode: "PAY_PER_REQUEST",
                }),
            );
        },
        async item(table, id) {
            const out = await own.send(
                new GetItemCommand({
                    TableName: table,
                    Key: { id: { S: id } },
                    ConsistentRead: true,
                }),
            );
            return out.Item;
        },
        async items(table) {
            const out = await own.send(new ScanCommand({ TableName: table, ConsistentRead: true }));
            return out.Items ?? [];
        },
        close() {
            closed ??= (async () => {
                for (const c of clients) c.destroy();
                await new Promise<void>((resolve, reject) => {
                    server.closeAllConnections();
                    server.close((err) => (err ? reject(err) : resolve()));
                });
            })();
            return closed;
        },
    };
}
