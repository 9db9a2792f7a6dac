/**
 * `database-tls-required`: databases refuse clients that do not use TLS, where the plan can
 * decide it: the engine's parameter group (declared in the program, or the engine's default)
 * requires TLS, and MSK brokers accept TLS only.
 *
 * | Resource                                | Engine                          | Requires |
 * | --------------------------------------- | ------------------------------- | -------- |
 * | aws.rds.Instance, aws.rds.Cluster       | postgres                        | rds.force_ssl 1 (the default from PostgreSQL 15: a postgres14-or-older family or engineVersion needs it set) |
 * | aws.rds.Cluster                         | aurora-postgresql               | rds.force_ssl 1 (default 0) |
 * | aws.rds.Instance, aws.rds.Cluster       | mysql, mariadb, aurora-mysql    | require_secure_transport ON (default OFF) |
 * | aws.rds.Instance                        | sqlserver-*                     | rds.force_ssl 1 (default 0) |
 * | aws.docdb.Cluster                       | docdb                           | tls not "disabled" (default enabled) |
 * | aws.neptune.Cluster                     | neptune                         | neptune_enforce_ssl not "0" (default 1) |
 * | aws.redshift.Cluster                    |                                 | require_ssl true (default false) |
 * | aws.msk.Cluster                         |                                 | encryptionInfo.encryptionInTransit clientBroker "TLS" (the default), inCluster not false |
 * | aws.dax.Cluster                         |                                 | clusterEndpointEncryptionType "TLS" (default NONE) |
 * | aws.rds.Proxy                           |                                 | requireTls true (default false) |
 *
 * A parameter group counts when it is a resource of this program (found through the input's
 * dependencies, or by its literal `name`) or an engine default (`default.<family>`); a group the
 * plan cannot see, or an unknown name that does not come only from a parameter group of the
 * program, is a violation. Oracle and Db2 negotiate TLS through option groups and are not judged.
 */
import { isUnknown, Resource, stackRule } from "../lib/rule";
import { describeAll, listAt, objectAt, provenance } from "../lib/network";

type Props = Record<string, unknown>;

/** One parameter a database needs, and how to read its value. */
interface Requirement {
    readonly parameter: string;
    /** True when the value requires TLS. */
    readonly requires: (value: string) => boolean;
    /** True when the engine's default (for this family or engine version) requires TLS. */
    readonly byDefault: (family: string | undefined) => boolean;
    /** The value to set, in messages. */
    readonly set: string;
}

const ON = (v: string) => ["1", "on", "true"].includes(v.trim().toLowerCase());

/** PostgreSQL 15 and newer force TLS by default (RDS for PostgreSQL; not Aurora). */
function postgresDefault(family: string | undefined): boolean {
    if (family === undefined) return true; // AWS picks its default version, 15 or newer.
    const m = /(\d+)/.exec(family);
    return m !== null && Number(m[1]) >= 15;
}

const FORCE_SSL: Requirement = {
    parameter: "rds.force_ssl",
    requires: ON,
    byDefault: () => false,
    set: '"1"',
};
const POSTGRES: Requirement = { ...FORCE_SSL, byDefault: postgresDefault };
const MYSQL: Requirement = {
    parameter: "require_secure_transport",
    requires: ON,
    byDefault: () => false,
    set: '"ON"',
};
const DOCDB: Requirement = {
    parameter: "tls",
    requires: (v) => v.trim().toLowerCase() !== "disabled",
    byDefault: () => true,
    set: '"enabled"',
};
const NEPTUNE: Requirement = {
    parameter: "neptune_enforce_ssl",
    requires: (v) => v.trim() !== "0",
    byDefault: () => true,
    set: '"1"',
};
const REDSHIFT: Requirement = {
    parameter: "require_ssl",
    requires: ON,
    byDefault: () => false,
    set: '"true"',
};

/** Which parameter a database needs, from its engine (undefined: not judged). */
function requirementFor(type: string, engine: unknown): Requirement | undefined {
    if (type === "aws:docdb/cluster:Cluster") return DOCDB;
    if (type === "aws:neptune/cluster:Cluster") return NEPTUNE;
    if (type === "aws:redshift/cluster:Cluster") return REDSHIFT;
    if (typeof engine !== "string") return undefined;
    if (engine === "postgres") return POSTGRES;
    if (engine === "aurora-postgresql") return FORCE_SSL;
    if (["mysql", "mariadb", "aurora-mysql", "aurora"].includes(engine)) return MYSQL;
    if (engine.startsWith("sqlserver")) return FORCE_SSL;
    return undefined;
}

/** The parameter group input and the group resource types it may name, per database type. */
const GROUP_INPUT: Record<string, { input: string; groupTypes: readonly string[] }> = {
    "aws:rds/instance:Instance": {
        input: "parameterGroupName",
        groupTypes: ["aws:rds/parameterGroup:ParameterGroup"],
    },
    "aws:rds/cluster:Cluster": {
        input: "dbClusterParameterGroupName",
        groupTypes: ["aws:rds/clusterParameterGroup:ClusterParameterGroup"],
    },
    "aws:docdb/cluster:Cluster": {
        input: "dbClusterParameterGroupName",
        groupTypes: ["aws:docdb/clusterParameterGroup:ClusterParameterGroup"],
    },
    "aws:neptune/cluster:Cluster": {
        input: "neptuneClusterParameterGroupName",
        groupTypes: ["aws:neptune/clusterParameterGroup:ClusterParameterGroup"],
    },
    "aws:redshift/cluster:Cluster": {
        input: "clusterParameterGroupName",
        groupTypes: ["aws:redshift/parameterGroup:ParameterGroup"],
    },
};

/** The engine version's major, as a family-like string (`postgres14`), when known. */
function familyOfVersion(engine: unknown, version: unknown): string | undefined {
    if (typeof version !== "string" || isUnknown(version)) return undefined;
    const major = /^(\d+)/.exec(version);
    return major ? `${String(engine)}${major[1]}` : undefined;
}

/** A program parameter group's value for `parameter` (undefined when it does not set it). */
function parameterOf(group: Resource, parameter: string): unknown {
    if (isUnknown(group.props.parameters)) return group.props.parameters;
    const entry = listAt(group.props.parameters)
        .map((p) => objectAt(p))
        .find((p) => p !== undefined && p.name === parameter);
    return entry?.value;
}

function groupProblems(db: Resource, req: Requirement, resources: readonly Resource[]): string[] {
    const { input, groupTypes } = GROUP_INPUT[db.type];
    const name = db.props[input];
    const fix = `declare a parameter group in this program that sets ${req.parameter} ${req.set}, and pass its name as ${input}`;
    let group: Resource | undefined;
    let family: string | undefined;
    if (name === undefined || name === null || name === "") {
        family = familyOfVersion(db.props.engine, db.props.engineVersion);
        if (req.byDefault(family)) return [];
        return [
            `${input} is not set, so the engine's default parameter group applies, where ${req.parameter} does not require TLS: ${fix}.`,
        ];
    } else if (isUnknown(name)) {
        const { proven, from } = provenance(db, input, groupTypes, resources);
        const groups = from.filter((r) => groupTypes.includes(r.type));
        if (!proven || groups.length !== 1) {
            return [
                `${input} is unknown during preview and does not come from exactly one parameter group of this program (it comes from ${from.length ? describeAll(from) : "no resource"}), so whether it requires TLS cannot be seen: pass the name output of one parameter group of this program.`,
            ];
        }
        group = groups[0];
    } else if (typeof name === "string") {
        group = resources.find((r) => groupTypes.includes(r.type) && r.props.name === name);
        if (!group) {
            if (!name.startsWith("default.")) {
                return [
                    `${input} is "${name}", a parameter group this program does not declare, so whether it requires TLS cannot be seen: ${fix}.`,
                ];
            }
            family = name.slice("default.".length);
            if (req.byDefault(family)) return [];
            return [
                `${input} is "${name}", the engine's default, where ${req.parameter} does not require TLS: ${fix}.`,
            ];
        }
    }
    if (!group) return [];
    const value = parameterOf(group, req.parameter);
    if (isUnknown(value)) {
        return [
            `parameter group "${group.name}" has ${req.parameter} (or its parameters) unknown during preview: write ${req.parameter} ${req.set} as a plain value.`,
        ];
    }
    if (typeof value === "string") {
        if (req.requires(value)) return [];
        return [
            `parameter group "${group.name}" sets ${req.parameter} "${value}", so clients may connect without TLS: set it ${req.set}.`,
        ];
    }
    const groupFamily = typeof group.props.family === "string" ? group.props.family : undefined;
    if (!isUnknown(group.props.family) && req.byDefault(groupFamily)) return [];
    return [
        `parameter group "${group.name}" does not set ${req.parameter}, whose default does not require TLS: set it ${req.set}.`,
    ];
}

function mskProblems(p: Props): string[] {
    const info = objectAt(p.encryptionInfo);
    if (isUnknown(p.encryptionInfo)) {
        return ["encryptionInfo is unknown during preview: pass it as a plain object."];
    }
    const transit = objectAt(info?.encryptionInTransit);
    if (isUnknown(info?.encryptionInTransit)) {
        return [
            "encryptionInfo.encryptionInTransit is unknown during preview: pass it as a plain object.",
        ];
    }
    const problems: string[] = [];
    const clientBroker = transit?.clientBroker;
    if (isUnknown(clientBroker)) {
        problems.push(
            'encryptionInfo.encryptionInTransit.clientBroker is unknown during preview: pass a plain "TLS".',
        );
    } else if (clientBroker !== undefined && clientBroker !== null && clientBroker !== "TLS") {
        problems.push(
            `encryptionInfo.encryptionInTransit.clientBroker is ${JSON.stringify(clientBroker)}, so clients may produce and consume in plaintext: set "TLS" (the default).`,
        );
    }
    const inCluster = transit?.inCluster;
    if (isUnknown(inCluster)) {
        problems.push(
            "encryptionInfo.encryptionInTransit.inCluster is unknown during preview: pass a plain true.",
        );
    } else if (inCluster === false) {
        problems.push(
            "encryptionInfo.encryptionInTransit.inCluster is false, so brokers replicate in plaintext: set it true (the default).",
        );
    }
    return problems;
}

/** DAX endpoints speak TLS only when created so (the default is NONE); RDS Proxy when told to. */
function daxProblems(p: Props): string[] {
    const v = p.clusterEndpointEncryptionType;
    if (isUnknown(v)) {
        return ['clusterEndpointEncryptionType is unknown during preview: pass a plain "TLS".'];
    }
    return v === "TLS"
        ? []
        : [
              `clusterEndpointEncryptionType is ${v === undefined ? "not set (NONE)" : JSON.stringify(v)}, so clients reach the cluster in clear text: set "TLS" (it can only be chosen at creation).`,
          ];
}

function proxyProblems(p: Props): string[] {
    if (isUnknown(p.requireTls))
        return ["requireTls is unknown during preview: pass a plain true."];
    return p.requireTls === true
        ? []
        : [
              `requireTls is ${p.requireTls === undefined ? "not set (false)" : JSON.stringify(p.requireTls)}, so clients may reach the proxy without TLS: set it true.`,
          ];
}

/** Databases require TLS from their clients; MSK brokers accept only TLS. */
export const rule = stackRule({
    name: "database-tls-required",
    unknowns:
        "An unknown parameter group name passes only when it comes from exactly one parameter group of this program, which is then read; unknown parameters, engines' TLS settings and MSK encryption settings are violations.",
    description:
        "Databases must refuse clients without TLS (their parameter group requires it: rds.force_ssl, require_secure_transport, tls, neptune_enforce_ssl, require_ssl; RDS Proxy requireTls), and MSK and DAX endpoints must speak TLS only.",
    nearest: {
        cdkNag: ["AwsSolutions-MSK2", "AwsSolutions-MSK3"],
    },
    check: (resources) =>
        resources.flatMap((db) => {
            let messages: string[] = [];
            if (db.type === "aws:msk/cluster:Cluster") {
                messages = mskProblems(db.props);
            } else if (db.type === "aws:dax/cluster:Cluster") {
                messages = daxProblems(db.props);
            } else if (db.type === "aws:rds/proxy:Proxy") {
                messages = proxyProblems(db.props);
            } else if (Object.hasOwn(GROUP_INPUT, db.type)) {
                if (isUnknown(db.props.engine)) {
                    messages = ["engine is unknown during preview: pass a plain string."];
                } else {
                    // A read replica takes its source's parameter group family; judge it too.
                    const req = requirementFor(db.type, db.props.engine ?? "");
                    if (req) messages = groupProblems(db, req, resources);
                }
            }
            return messages.map((message) => ({ resource: db, message }));
        }),
});
