/** Builders the corpus cases share: a statement on a role, a program network, an unknown. */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

/** An account that is not everyone's. */
export const ACCOUNT = "123456789012";
export const ROLE_ARN = `arn:aws:iam::${ACCOUNT}:role/app-worker`;
export const GITHUB = "token.actions.githubusercontent.com";

type Statement = aws.iam.PolicyStatement;

/** A policy document of statements. */
export function doc(...Statement: Statement[]): aws.iam.PolicyDocument {
    return { Version: "2012-10-17", Statement };
}

/** An identity policy with one Allow statement, attached to a fixed role. */
export function allow(
    name: string,
    Action: Statement["Action"],
    Resource: Statement["Resource"],
): aws.iam.RolePolicy {
    return new aws.iam.RolePolicy(name, {
        role: "app-worker",
        policy: doc({ Effect: "Allow", Action, Resource }),
    });
}

/** A role trusting `Principal` for `Action`, with `Condition`. */
export function trust(
    name: string,
    Principal: Statement["Principal"],
    Condition?: Statement["Condition"],
    Action = "sts:AssumeRole",
): aws.iam.Role {
    return new aws.iam.Role(name, {
        assumeRolePolicy: doc({ Effect: "Allow", Principal, Action, Condition }),
    });
}

/** A VPC, a private subnet and a security group of the program. */
export function network(n: (name: string) => string) {
    const vpc = new aws.ec2.Vpc(n("vpc"), { cidrBlock: "10.0.0.0/16" });
    const subnet = new aws.ec2.Subnet(n("private"), { vpcId: vpc.id, cidrBlock: "10.0.1.0/24" });
    const group = new aws.ec2.SecurityGroup(n("sg"), { vpcId: vpc.id, description: "workload" });
    return { vpc, subnet, group };
}

/** A value unknown during preview that comes from an unrelated queue: it proves nothing. */
export function fromQueue<T>(name: string, value: T): pulumi.Output<T> {
    return new aws.sqs.Queue(name).arn.apply(() => value);
}

/** An empty Lambda code archive. */
export const CODE = new pulumi.asset.AssetArchive({});

/** A security group with one inline ingress rule. */
export function ingressGroup(
    name: string,
    rule: aws.types.input.ec2.SecurityGroupIngress,
): aws.ec2.SecurityGroup {
    return new aws.ec2.SecurityGroup(name, {
        vpcId: "vpc-0123456789abcdef0",
        description: "corpus",
        ingress: [rule],
    });
}
